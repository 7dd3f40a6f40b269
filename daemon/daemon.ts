/**
 * The tsapd process: loads hostapd.conf files, brings up each BSS with its driver and control
 * socket, reloads on SIGHUP or RELOAD (keeping the old config when the new one is bad), and
 * shuts down cleanly.
 *
 * @module
 */

import type { Clock } from "../core/clock.ts";
import { parseConfig } from "../core/config/parse.ts";
import {
  applySetting,
  enableCheck,
  reapplySettings,
  reloadCheck,
  type RuntimeSetting,
} from "../core/config/runtime_set.ts";
import {
  type AclList,
  type MacAcl,
  type MacAclEntry,
  parseMacAclFile,
} from "../core/ap/mac_acl.ts";
import type { BssConfig, HostapdConfig } from "../core/config/schema.ts";
import { type Logger, LogLevel } from "../core/log.ts";
import { interfaceMac } from "../ffi/libc.ts";
import { bytesEqual, utf8 } from "../core/bytes.ts";
import { secondaryBssid } from "../core/ap/bss_address.ts";
import { Bss } from "./bss.ts";
import { FileWriteQueue, readNamedFile } from "./files.ts";
import { lookupGroup } from "./groups.ts";
import type { StaInfo } from "../core/ctrl/sta.ts";
import type { WpsContext } from "../core/wps/wps_context.ts";
import type { StatusRuntime } from "../core/config/get_config.ts";
import type { WpaMibCounters } from "../core/wpa/mib.ts";
import type { LogSettingsControl } from "../core/ctrl/log_level.ts";
import type { RadioSelfTestSetup } from "./radio_self_test.ts";

/**
 * Sends `<level>text` to a BSS's monitors (with `probeRx`, only to those that asked for
 * RX-PROBE-REQUEST events).
 */
export type EventEmitter = (level: number, text: string, probeRx?: boolean) => void;

/** A control socket as the daemon uses it. */
export interface ControlEndpoint {
  /** Sends `<level>text` to every attached monitor. */
  emit: EventEmitter;
  /** Replaces the command handler (after a reload). */
  setHandler(handler: CommandHandler): void;
  /** Closes the socket and removes its file. */
  close(): Promise<void> | void;
  /** Keeps requests unanswered, in order, until {@link release} (a reload in progress). */
  hold?(): void;
  /** Answers the requests held since {@link hold}, with the handler set by then. */
  release?(): void;
  /** ATTACH, DETACH or LEVEL for a client at `from` that sent it elsewhere (the global socket). */
  monitorCommand?(command: string, from: string): string | undefined;
}

/** Answers one control command; null means `UNKNOWN COMMAND`. */
export type CommandHandler = (command: string) => string | Uint8Array | null;

/** Opens a control socket at `<dir>/<ifname>`. */
export type ControlOpener = (
  dir: string,
  ifname: string,
  group: number | undefined,
  handler: CommandHandler,
) => Promise<ControlEndpoint>;

/** A running driver instance for one BSS. */
export interface DriverInstance {
  /**
   * Stops the driver and releases its sockets. `exiting`: the daemon's last stop (a reload or
   * DISABLE stops drivers too, and keeps what outlives them, such as a bridge it made).
   */
  stop(exiting?: boolean): Promise<void> | void;
  /** Deauthenticates WPS stations (WPS_CANCEL). */
  deauthWpsStations(): void;
  /** Rebuilds WPS IEs (beacons) after a WPS state change. */
  wpsIesChanged(): void;
  /** UPDATE_BEACON: the beacon again, from the BSS config as SETs left it (radio only). */
  updateBeacon?(config: BssConfig): void;
  /** The stations the driver knows, in hostapd's table order. */
  stations(): StaInfo[];
  /** DEAUTHENTICATE / DISASSOCIATE from the control interface (see ApCore.kick). */
  kick(kind: "deauth" | "disassoc", addr: Uint8Array, reason: number, tx: boolean): void;
  /** A radio BSS's frame path, for the radio self-test (daemon/radio_self_test.ts). */
  selfTestSetup?(): RadioSelfTestSetup | undefined;
  /** What STATUS shows of the radio (phy, frequency, rates...); absent on a wired port. */
  statusRuntime?(): StatusRuntime;
  /** ACCEPT_ACL / DENY_ACL changed the BSS's lists (a radio sends off who they now refuse). */
  aclChanged?(): void;
  /** POLL_STA: polls a station (a radio sends it a null frame); false when it is unknown. */
  pollStation?(mac: Uint8Array): boolean;
  /** SA_QUERY: sends a station an SA Query Request (a radio only). */
  saQuery?(mac: Uint8Array): void;
  /** REKEY_GTK: a group rekey now (a radio with WPA). */
  rekeyGroup?(): void;
  /** REKEY_PTK: a new 4-way handshake with a station; false when WPA does not know it. */
  rekeyPairwise?(mac: Uint8Array): boolean;
  /** The WPA authenticator's MIB counters, where one runs (a radio with WPA). */
  wpaMib?(): { counters: WpaMibCounters; groupState: number } | undefined;
  /**
   * RELOAD_WPA_PSK changed the BSS's PSKs (Bss.commonPsk, Bss.pskEntries): an authenticator
   * takes them and deauthenticates the stations whose PSK is gone.
   */
  pskChanged?(): void;
}

/** Starts the driver of a BSS. */
export type DriverStarter = (
  bss: Bss,
  emit: EventEmitter,
  onState?: (state: string) => void,
) => Promise<DriverInstance>;

/** Builds the control handler of a BSS. */
export type HandlerFactory = (bss: Bss, daemon: Daemon) => CommandHandler;

/**
 * Announces asynchronous work to the event loop's owner, which may otherwise sleep in poll(2)
 * for a while before running its continuation (ffi/reactor.ts Reactor.busy); returns `work`.
 */
export type BusyAnnouncer = <T>(work: Promise<T>) => Promise<T>;

/** Everything the daemon is given. */
export interface DaemonDeps {
  logger: Logger;
  clock: Clock;
  openControl: ControlOpener;
  startDriver: DriverStarter;
  handlerFor: HandlerFactory;
  /** `-i` overrides for the interface names, in config order. */
  interfaces?: string[];
  /** Announces asynchronous work (a reload, DISABLE, ENABLE); see BusyAnnouncer. */
  busy?: BusyAnnouncer;
  /** The log's level and timestamps, for LOG_LEVEL. */
  logSettings?: LogSettingsControl;
  /** Starts the shutdown SIGTERM would (TERMINATE); it runs once the reply is sent. */
  terminate?: () => void;
}

/** hostapd.conf keys whose values are secrets (logged only with -K). */
const SECRET_KEY = /passphrase|psk$|_pin$|password|secret|wep_key/;

/** Result of loading config files: configs or every error line. */
export type LoadResult = { ok: true; configs: HostapdConfig[] } | { ok: false; errors: string[] };

/**
 * Reads and parses config files with hostapd's messages, logging the checks' notes.
 */
export async function loadConfigs(
  paths: string[],
  logger: Logger,
  interfaces: readonly (string | undefined)[] = [],
): Promise<LoadResult> {
  const configs: HostapdConfig[] = [];
  const errors: string[] = [];
  for (const [i, path] of paths.entries()) {
    let text: Uint8Array;
    try {
      text = await Deno.readFile(path);
    } catch {
      errors.push(`Could not open configuration file '${path}' for reading.`);
      continue;
    }
    logger.log(LogLevel.DEBUG, `Configuration file: ${path}`);
    // The files the config names are read as it is parsed, so a missing one is a line error.
    const r = parseConfig(text, path, { lookupGroup, readFile: readNamedFile });
    if (!r.ok) {
      errors.push(...r.errors);
      continue;
    }
    for (const note of r.notes) logger.log(LogLevel.INFO, note);
    const ifname = interfaces[i];
    if (ifname !== undefined) r.config.bss[0]!.interface = ifname;
    if (r.config.bss[0]!.interface === "") {
      errors.push(`Interface name not specified in ${path}, nor by '-i' parameter`);
      continue;
    }
    configs.push(r.config);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, configs };
}

interface RunningBss {
  bss: Bss;
  /**
   * The running driver (none while the interface is disabled; the BSS's hooks read it here),
   * and while it comes up, the interface state STATUS shows.
   */
  slot: { driver?: DriverInstance; starting?: string };
  control: ControlEndpoint | undefined;
  controlKey: string | undefined;
  /** Sends an event to the BSS's monitors. */
  emit: EventEmitter;
  /** Its control commands (also reached as `IFNAME=<ifname> <command>` on the global socket). */
  handler: CommandHandler;
}

/** A BSS as the global control interface lists it (`INTERFACES`). */
export interface InterfaceEntry {
  /** The BSS's interface name. */
  ifname: string;
  /** Its `ctrl_interface` directory, if it has one. */
  ctrlInterface: string | undefined;
}

/** Sends an event of interface `ifname` to the global control interface's monitors. */
export type GlobalEmitter = (
  ifname: string,
  level: number,
  text: string,
  probeRx?: boolean,
) => void;

/** The interface a config runs on (its first BSS's): the unit of DISABLE and ENABLE. */
function interfaceOf(config: HostapdConfig): string {
  return config.bss[0]?.interface ?? "";
}

/** The daemon. */
export class Daemon {
  readonly #deps: DaemonDeps;
  /** The config files, in order: the command line's, then those ADD added. */
  readonly #paths: string[];
  /** The interface name each file of #paths runs on instead of its `interface=` (-i, ADD). */
  readonly #ifaces: (string | undefined)[];
  /** Where each BSS's events also go: the global control interface (-g), once it is open. */
  globalEmit: GlobalEmitter | undefined;
  readonly #files: FileWriteQueue;
  #running: RunningBss[] = [];
  #reloading: Promise<boolean> | undefined;
  /** What to reload once the reload in progress is over: some config files, or all. */
  #reloadAgain: Set<string> | "all" | undefined;
  /** Each running config as it was when its BSSes started (before any SET changed it). */
  readonly #asStarted = new WeakMap<HostapdConfig, HostapdConfig>();
  /**
   * A reload asked for reads the files afresh as hostapd's SIGHUP does (SIGHUP, WPS's rewrite),
   * so a runtime AP PIN gives way to the file's `ap_pin`; hostapd's RELOAD keeps it.
   */
  #freshReload = false;
  /** Interfaces DISABLE took down (by name; a reload keeps them down). */
  readonly #disabled = new Set<string>();
  /** Of those, the ones ADD left for ENABLE to start, which never ran (STATUS: UNINITIALIZED). */
  readonly #neverEnabled = new Set<string>();
  /** SETs in force, in order: RELOAD applies them again on top of the files; SIGHUP drops them. */
  #settings: RuntimeSetting[] = [];
  /**
   * ACCEPT_ACL / DENY_ACL changes in force, in order: hostapd's RELOAD keeps its lists in memory,
   * so RELOAD applies them again on top of the files' lists; SIGHUP drops them, as SETs.
   */
  #aclChanges: (AclChange & { path: string; ifname: string })[] = [];
  /** Reloads, DISABLE, ENABLE and the final stop run one after the other. */
  #queue: Promise<void> = Promise.resolve();

  /** Creates a daemon for the given config files; nothing starts until {@link start}. */
  constructor(paths: string[], deps: DaemonDeps) {
    this.#paths = [...paths];
    this.#ifaces = paths.map((_, i) => deps.interfaces?.[i]);
    this.#deps = deps;
    this.#files = new FileWriteQueue();
  }

  /** The running BSSes. */
  get bsses(): Bss[] {
    return this.#running.map((r) => r.bss);
  }

  /** DEAUTHENTICATE / DISASSOCIATE on the driver of `bss`. */
  kick(bss: Bss, kind: "deauth" | "disassoc", addr: Uint8Array, reason: number, tx: boolean): void {
    this.#driverOf(bss)?.kick(kind, addr, reason, tx);
  }

  /** Whether DISABLE took the interface of `bss` down. */
  isDisabled(bss: Bss): boolean {
    return this.#disabled.has(interfaceOf(bss.config));
  }

  /** The state STATUS shows for a disabled interface: UNINITIALIZED if it never ran (ADD). */
  disabledState(bss: Bss): "DISABLED" | "UNINITIALIZED" {
    return this.#neverEnabled.has(interfaceOf(bss.config)) ? "UNINITIALIZED" : "DISABLED";
  }

  /**
   * DISABLE: takes the interface of `bss` down with every BSS on it (drivers stopped: no
   * beacons, no EAPOL; PINs and PBC dropped with the Registrar), keeping the control sockets, then
   * emits AP-DISABLED. Returns false when it is already disabled. The stop runs after the reply.
   */
  disable(bss: Bss): boolean {
    const iface = interfaceOf(bss.config);
    if (this.#disabled.has(iface)) return false;
    this.#disabled.add(iface);
    this.#queueIfaceOp(async () => {
      const log = this.#deps.logger;
      const entries = this.#onInterface(iface);
      for (const r of entries) {
        r.bss.wps?.interfaceDisabled();
        await this.#stopDriver(r, false);
      }
      log.log(LogLevel.INFO, `${iface}: interface state ENABLED->DISABLED`);
      if (entries[0]) this.#event(entries[0], "AP-DISABLED ");
    });
    return true;
  }

  /**
   * ENABLE: brings a disabled interface up again with the BSSes' current state, then emits
   * AP-ENABLED. Returns false when it is not disabled.
   */
  enable(bss: Bss): boolean {
    const iface = interfaceOf(bss.config);
    if (!this.#disabled.has(iface)) return false;
    const entries = this.#onInterface(iface);
    const log = this.#deps.logger;
    for (const config of new Set(entries.map((r) => r.bss.config))) {
      const check = enableCheck(config);
      for (const r of entries) if (r.bss.config === config) r.bss.adoptStartConfig(check.config);
      for (const note of check.notes) log.log(LogLevel.INFO, note);
      if (check.error !== undefined) {
        log.log(LogLevel.ERROR, check.error);
        log.log(LogLevel.INFO, "Invalid configuration - cannot enable");
        return false;
      }
    }
    this.#disabled.delete(iface);
    const from = this.#neverEnabled.delete(iface) ? "UNINITIALIZED" : "DISABLED";
    // Commands after the reply see the settings the interface comes up with.
    for (const r of entries) r.bss.markStarted();
    this.#queueIfaceOp(async () => {
      const log = this.#deps.logger;
      for (const r of this.#onInterface(iface)) {
        if (r.slot.driver || this.#disabled.has(iface)) continue;
        try {
          await this.#startDriver(r, from);
        } catch (err) {
          const text = err instanceof Error ? err.message : String(err);
          log.log(LogLevel.ERROR, `${r.bss.ifname}: could not enable the interface: ${text}`);
        }
      }
    });
    return true;
  }

  /** The running driver of `bss`: none while it is disabled, reloading or stopped. */
  #driverOf(bss: Bss): DriverInstance | undefined {
    return this.#running.find((r) => r.bss === bss)?.slot.driver;
  }

  /** The running BSSes of an interface (DISABLE and ENABLE act on all of them). */
  #onInterface(iface: string): RunningBss[] {
    return this.#running.filter((r) => interfaceOf(r.bss.config) === iface);
  }

  #queueIfaceOp(op: () => Promise<void>): void {
    const busy = this.#deps.busy ?? ((w) => w);
    void busy(this.#serial(op));
  }

  /** Runs `op` after every change queued before it (a reload must not meet a half-done one). */
  #serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(op);
    this.#queue = result.then(() => {}, () => {});
    return result;
  }

  /** The log settings LOG_LEVEL shows and changes, when the daemon was given them. */
  get logSettings(): LogSettingsControl | undefined {
    return this.#deps.logSettings;
  }

  /** Whether TERMINATE can stop this daemon. */
  get canTerminate(): boolean {
    return this.#deps.terminate !== undefined;
  }

  /** TERMINATE: asks the process to shut down as on SIGTERM. */
  terminate(): void {
    this.#deps.terminate?.();
  }

  /** The BSSes for the global control interface's `INTERFACES`, in hostapd's order. */
  interfaceList(): InterfaceEntry[] {
    return this.#running.map((r) => ({
      ifname: r.bss.ifname,
      ctrlInterface: r.bss.bss.ctrl_interface,
    }));
  }

  /**
   * `IFNAME=<ifname> <command>` on the global control interface: the command as the BSS's own
   * socket answers it (null: unknown command), or undefined when no BSS has that name.
   */
  forward(ifname: string, command: string): string | Uint8Array | null | undefined {
    const r = this.#running.find((x) => x.bss.ifname === ifname);
    return r === undefined ? undefined : r.handler(command);
  }

  /**
   * `IFNAME=<ifname> ATTACH` (or DETACH, LEVEL) on the global control interface: the client at
   * `from` becomes a monitor of that BSS's own socket, as hostapd attaches it.
   */
  forwardMonitor(ifname: string, command: string, from: string): string {
    const r = this.#running.find((x) => x.bss.ifname === ifname);
    return r?.control?.monitorCommand?.(command, from) ?? "FAIL\n";
  }

  /**
   * The global control interface's `ADD`: `bss_config=<phy>:<file>` starts the file's BSSes at
   * once; `<ifname> config=<file>` reads the file for interface `ifname` and leaves it
   * UNINITIALIZED until `ENABLE`, as hostapd does. Its control sockets open either way. False,
   * with the reason logged and nothing left behind, when the request is malformed, the file
   * invalid, an interface already runs, or the start fails. (hostapd's form without `config=`,
   * an interface with a bare default config, is refused: tsapd runs no BSS without a file.)
   */
  addInterface(params: string): Promise<boolean> {
    const log = this.#deps.logger;
    const failed = (why: string) => {
      log.log(LogLevel.ERROR, why);
      log.log(LogLevel.ERROR, `Adding interface ${params} failed`);
      return false;
    };
    let path: string;
    let ifname: string | undefined;
    let start = true;
    if (params.startsWith("bss_config=")) {
      const spec = params.slice("bss_config=".length);
      const colon = spec.indexOf(":");
      if (colon <= 0 || colon === spec.length - 1) {
        return Promise.resolve(failed("ADD bss_config= needs <phy>:<config file>"));
      }
      path = spec.slice(colon + 1);
    } else {
      const space = params.indexOf(" ");
      if (space <= 0 || !params.startsWith("config=", space + 1)) {
        return Promise.resolve(failed("ADD needs <ifname> config=<config file>"));
      }
      ifname = params.slice(0, space);
      path = params.slice(space + 1 + "config=".length);
      start = false;
    }
    return this.#serial(async () => {
      const r = await loadConfigs([path], log, [ifname]);
      if (!r.ok) {
        for (const e of r.errors) log.log(LogLevel.ERROR, e);
        return failed(`Could not read ${path}`);
      }
      const config = r.configs[0]!;
      const names = config.bss.map((b) => b.interface);
      if (this.#running.some((x) => names.includes(x.bss.ifname))) {
        return failed("Cannot add interface - it already exists");
      }
      const iface = interfaceOf(config);
      this.#paths.push(path);
      this.#ifaces.push(ifname);
      if (!start) {
        this.#disabled.add(iface);
        this.#neverEnabled.add(iface);
      }
      const before = this.#running.length;
      try {
        await this.#bringUp([config], new Map());
      } catch (err) {
        const added = this.#running.slice(before);
        await this.#tearDown(added, true);
        this.#running = this.#running.slice(0, before);
        this.#forget(path, iface);
        return failed(err instanceof Error ? err.message : String(err));
      }
      log.log(LogLevel.INFO, `Add interface '${iface}'`);
      return true;
    });
  }

  /**
   * The global control interface's `REMOVE <ifname>`: the interface with every BSS of its file
   * (or, for a further BSS's name, that BSS alone) stops, its monitors told AP-DISABLED and
   * CTRL-EVENT-TERMINATING and its control sockets closed. False when no BSS has that name.
   */
  removeInterface(ifname: string): Promise<boolean> {
    return this.#serial(async () => {
      const log = this.#deps.logger;
      const first = this.#running.find((r) => interfaceOf(r.bss.config) === ifname);
      const list = first
        ? this.#running.filter((r) => r.bss.config === first.bss.config)
        : this.#running.filter((r) => r.bss.ifname === ifname).slice(0, 1);
      if (list.length === 0) {
        log.log(LogLevel.ERROR, `Removing interface ${ifname} failed`);
        return false;
      }
      log.log(LogLevel.INFO, `Remove interface '${ifname}'`);
      for (const r of list) {
        if (r.slot.driver) {
          log.log(LogLevel.INFO, `${r.bss.ifname}: interface state ENABLED->DISABLED`);
        }
        this.#event(r, "AP-DISABLED ");
        this.#event(r, "CTRL-EVENT-TERMINATING ");
      }
      await this.#tearDown(list, true);
      this.#running = this.#running.filter((r) => !list.includes(r));
      if (first) this.#forget(first.bss.config.path, ifname);
      return true;
    });
  }

  /** Drops a file (the entry that runs interface `iface`) from those a reload reads. */
  #forget(path: string, iface: string): void {
    this.#disabled.delete(iface);
    this.#neverEnabled.delete(iface);
    for (let i = this.#paths.length - 1; i >= 0; i--) {
      if (this.#paths[i] === path && (this.#ifaces[i] ?? iface) === iface) {
        this.#paths.splice(i, 1);
        this.#ifaces.splice(i, 1);
        return;
      }
    }
  }

  /**
   * UPDATE_BEACON: has the driver of `bss` install its beacon again. Always true: a BSS whose
   * driver is still starting (a RELOAD in progress) installs the current beacon as it comes up.
   */
  updateBeacon(bss: Bss): boolean {
    const driver = this.#driverOf(bss);
    if (driver?.updateBeacon) driver.updateBeacon(bss.bss);
    else driver?.wpsIesChanged();
    return true;
  }

  /** What STATUS shows of the radio under `bss` (its driver's view), if it is a radio. */
  statusRuntime(bss: Bss): StatusRuntime {
    const slot = this.#running.find((r) => r.bss === bss)?.slot;
    // hostapd's states before ENABLED (UNINITIALIZED, COUNTRY_UPDATE, HT_SCAN) while it starts.
    if (slot?.starting !== undefined) return { state: slot.starting };
    return slot?.driver?.statusRuntime?.() ?? {};
  }

  /** REKEY_PTK on the driver of `bss`: false where no WPA authenticator knows the station. */
  rekeyPairwise(bss: Bss, mac: Uint8Array): boolean {
    return this.#driverOf(bss)?.rekeyPairwise?.(mac) ?? false;
  }

  /** REKEY_GTK on the driver of `bss` (nothing where it runs no WPA authenticator). */
  rekeyGroup(bss: Bss): void {
    this.#driverOf(bss)?.rekeyGroup?.();
  }

  /** SA_QUERY on the driver of `bss` (nothing where it cannot send one). */
  saQuery(bss: Bss, mac: Uint8Array): void {
    this.#driverOf(bss)?.saQuery?.(mac);
  }

  /** POLL_STA on the driver of `bss`: false when it does not know the station (or is down). */
  pollStation(bss: Bss, mac: Uint8Array): boolean {
    const driver = this.#driverOf(bss);
    if (!driver) return false;
    if (driver.pollStation) return driver.pollStation(mac);
    // A driver that cannot poll (wired) still answers for the stations it knows, as hostapd.
    return driver.stations().some((s) => bytesEqual(s.addr, mac));
  }

  /**
   * The WPS state of the other running, enabled BSSes of the process that share WPS commands
   * with `bss` (neither has `wps_independent`), as hostapd's WPS_PIN, WPS_PBC, WPS_CANCEL and
   * WPS_AP_PIN reach every such BSS, and a registration on one completes them all.
   */
  wpsPeersOf(bss: Bss): WpsContext[] {
    return this.#wpsPeerBsses(bss).map((b) => b.wps!);
  }

  /** The WPS peers of `bss` that run from another config file (see Bss settingsPeers). */
  #settingsPeersOf(bss: Bss): WpsContext[] {
    return this.#wpsPeerBsses(bss).filter((b) => b.config.path !== bss.config.path)
      .map((b) => b.wps!);
  }

  /** The BSSes behind {@link wpsPeersOf}. */
  #wpsPeerBsses(bss: Bss): Bss[] {
    if (bss.bss.wps_independent) return [];
    return this.#running.flatMap((r) =>
      r.bss !== bss && r.bss.servingWps && !r.bss.bss.wps_independent && !this.isDisabled(r.bss)
        ? [r.bss]
        : []
    );
  }

  /** ACCEPT_ACL / DENY_ACL changed the lists of `bss`: its driver applies them to stations. */
  /** Records an ACCEPT_ACL / DENY_ACL change of `bss`'s lists, for RELOAD to apply again. */
  recordAclChange(bss: Bss, change: AclChange): void {
    this.#aclChanges.push({ ...change, path: bss.config.path, ifname: bss.ifname });
  }

  aclChanged(bss: Bss): void {
    this.#driverOf(bss)?.aclChanged?.();
  }

  /**
   * RELOAD_WPA_PSK on `bss`: the PSKs are derived and read again, and stations whose PSK is no
   * longer among them are deauthenticated (reason 2).
   *
   * @returns false when `wpa_psk_file` could not be read (nothing changed)
   */
  reloadWpaPsk(bss: Bss): boolean {
    if (!bss.reloadWpaPsk()) return false;
    this.#driverOf(bss)?.pskChanged?.();
    return true;
  }

  /** The WPA authenticator's MIB counters under `bss`, when its driver runs one. */
  wpaMibOf(bss: Bss): { counters: WpaMibCounters; groupState: number } | undefined {
    return this.#driverOf(bss)?.wpaMib?.();
  }

  /** Stations the driver of `bss` knows. */
  stationsOf(bss: Bss): StaInfo[] {
    return this.#driverOf(bss)?.stations() ?? [];
  }

  /** What the radio self-test copies of `bss`, when it runs on a radio. */
  radioSelfTestSetup(bss: Bss): RadioSelfTestSetup | undefined {
    return this.#driverOf(bss)?.selfTestSetup?.();
  }

  /**
   * Loads the configs and starts every BSS.
   *
   * @throws {Error} with every config error line when a file is invalid, or the setup error
   */
  async start(): Promise<void> {
    const r = await loadConfigs(this.#paths, this.#deps.logger, this.#ifaces);
    if (!r.ok) throw new ConfigError(r.errors);
    await this.#bringUp(r.configs, new Map());
  }

  /**
   * SET on the control socket of `bss`: one hostapd.conf key applied to the running config.
   * What reads the config when it acts sees the change at once (STATUS, GET_CONFIG, the files
   * WPS writes to, `macaddr_acl`; `accept_mac_file` and `deny_mac_file` add the file's MACs to
   * the lists and send off stations they now refuse, as in hostapd); the rest takes effect on
   * RELOAD, which keeps the SETs on top of the files. Returns false, changing nothing, when the
   * key is unknown, its value invalid, the whole config then fails its check, or a MAC list
   * file cannot be read.
   */
  set(bss: Bss, field: string, value: string): boolean {
    const log = this.#deps.logger;
    const index = bss.config.bss.indexOf(bss.bss);
    const r = applySetting(bss.config, index, field, value, {
      lookupGroup,
      readFile: readNamedFile,
    });
    if (!r.ok) {
      if (SECRET_KEY.test(field)) {
        // The parser's message may quote the value: a mistyped key is still a secret (-K).
        log.log(LogLevel.ERROR, `CTRL_IFACE SET '${field}': invalid value`);
        log.keydump(LogLevel.DEBUG, `CTRL_IFACE SET '${field}' value`, utf8(value));
      } else {
        log.log(LogLevel.ERROR, `CTRL_IFACE SET '${field}': ${r.error}`);
      }
      return false;
    }
    const list = field === "accept_mac_file" ? "accept" : field === "deny_mac_file" ? "deny" : "";
    let added: MacAclEntry[] = [];
    if (list) {
      try {
        added = parseMacAclFile(Deno.readTextFileSync(value), value);
      } catch (err) {
        log.log(
          LogLevel.ERROR,
          `CTRL_IFACE SET '${field}': ${err instanceof Error ? err.message : err}`,
        );
        return false;
      }
    }
    for (const note of r.notes) log.log(LogLevel.INFO, note);
    log.log(LogLevel.DEBUG, `CTRL_IFACE SET '${field}'`);
    bss.adoptSetting(field, r.config, list ? { list, entries: added } : undefined);
    this.#settings.push({ path: bss.config.path, ifname: bss.ifname, field, value });
    if (list) this.aclChanged(bss);
    return true;
  }

  /**
   * RELOAD's check before anything is torn down: the running config of `bss` with its SETs must
   * pass the whole-config check, or RELOAD answers FAIL and the AP runs on as it is (hostapd:
   * "Updated configuration is invalid").
   */
  acceptsReload(bss: Bss): boolean {
    const error = reloadCheck(bss.config);
    if (error === undefined) return true;
    this.#deps.logger.log(LogLevel.ERROR, error);
    this.#deps.logger.log(LogLevel.ERROR, "Updated configuration is invalid");
    return false;
  }

  /**
   * Re-reads the config files (RELOAD; SIGHUP and WPS's rewrite with `dropSettings`, as they
   * re-read the file in hostapd). The SETs still in force are applied again on top. A bad new
   * config is reported and the old one kept. Returns whether the new config is in effect.
   * `path`: only that config file and its BSSes (RELOAD and WPS's rewrite act on one interface
   * in hostapd; the process's other interfaces, their stations and SETs are left alone).
   */
  reload(options: { dropSettings?: boolean; path?: string } = {}): Promise<boolean> {
    const scope = options.path;
    if (options.dropSettings) {
      this.#settings = scope === undefined ? [] : this.#settings.filter((x) => x.path !== scope);
      this.#aclChanges = scope === undefined
        ? []
        : this.#aclChanges.filter((x) => x.path !== scope);
      this.#freshReload = true;
    }
    if (this.#reloading) {
      const again = this.#reloadAgain;
      if (scope === undefined || again === "all") this.#reloadAgain = "all";
      else this.#reloadAgain = new Set([...(again ?? []), scope]);
      return this.#reloading;
    }
    const busy = this.#deps.busy ?? ((w) => w);
    // Logged as the request comes, as hostapd does; the work waits for changes queued before.
    this.#deps.logger.log(LogLevel.INFO, "Reloading configuration");
    // hostapd reloads before it reads the next request; here the reload takes turns of the
    // event loop, so requests wait for it and then meet the new BSSes (a WPS_PIN right after
    // RELOAD must not land in the registrar being replaced).
    const inScope = (r: RunningBss) => scope === undefined || r.bss.config.path === scope;
    const held = this.#running.flatMap((r) => (r.control && inScope(r) ? [r.control] : []));
    for (const c of held) c.hold?.();
    this.#reloading = busy(this.#serial(() => this.#doReload(scope))).finally(() => {
      for (const c of held) c.release?.();
      this.#reloading = undefined;
      const again = this.#reloadAgain;
      this.#reloadAgain = undefined;
      if (again === "all") void this.reload();
      else for (const path of again ?? []) void this.reload({ path });
    });
    return this.#reloading;
  }

  /**
   * Tells the monitors it is going (AP-DISABLED, CTRL-EVENT-TERMINATING), stops drivers, closes
   * control sockets and finishes pending file writes.
   */
  async stop(): Promise<void> {
    // What hostapd's monitors see as it terminates (an action script's last two events), and
    // what it logs.
    for (const r of this.#running) {
      if (r.slot.driver) {
        this.#deps.logger.log(LogLevel.INFO, `${r.bss.ifname}: interface state ENABLED->DISABLED`);
        this.#event(r, "AP-DISABLED ");
      }
      this.#event(r, "CTRL-EVENT-TERMINATING ");
    }
    await this.#serial(async () => {
      await this.#tearDown(this.#running, true);
      this.#running = [];
    });
    await this.#files.drain();
  }

  async #doReload(scope?: string): Promise<boolean> {
    const log = this.#deps.logger;
    const keepApPin = !this.#freshReload;
    this.#freshReload = false;
    const paths = scope === undefined ? [...this.#paths] : this.#paths.filter((p) => p === scope);
    const r = await this.#loadWithSettings(paths);
    if (!r.ok) {
      for (const e of r.errors) log.log(LogLevel.ERROR, e);
      log.log(LogLevel.ERROR, "Failed to read new configuration file - continuing with old.");
      return false;
    }
    await this.#files.drain();
    const old = this.#running.filter((x) => paths.includes(x.bss.config.path));
    const others = this.#running.filter((x) => !old.includes(x));
    // Control sockets survive a reload when their path is unchanged, so clients keep working.
    const keep = new Map<string, ControlEndpoint>();
    for (const o of old) if (o.control && o.controlKey) keep.set(o.controlKey, o.control);
    // hostapd keeps its Registrars across a reload: each new BSS of an interface takes over
    // the WPS runtime state of the old one (WpsContext.adoptRuntimeFrom).
    const wps = new Map<string, WpsContext>();
    for (const o of old) if (o.bss.wps) wps.set(o.bss.ifname, o.bss.wps);
    const carry = { wps, keepApPin, firstUuid: this.#firstUuidBefore(paths) };
    await this.#tearDown(old, false);
    this.#running = [...others];
    let ok = true;
    try {
      await this.#bringUp(r.configs, keep, true, carry);
    } catch (err) {
      ok = false;
      log.log(LogLevel.ERROR, `Reload failed: ${err instanceof Error ? err.message : err}`);
      // Back to the configs as they ran, rather than leave nothing running. The SETs stay in
      // force for the next RELOAD (hostapd keeps them in memory), but the config they made may
      // be what failed.
      log.log(LogLevel.ERROR, "Continuing with the old configuration.");
      const started = this.#running.filter((x) => !others.includes(x));
      for (const p of started) {
        if (p.control && p.controlKey) keep.set(p.controlKey, p.control);
      }
      await this.#tearDown(started, false);
      this.#running = [...others];
      try {
        const ran = [...new Set(old.map((o) => o.bss.config))];
        await this.#bringUp(
          ran.map((c) => structuredClone(this.#asStarted.get(c) ?? c)),
          keep,
          true,
          carry,
        );
      } catch (again) {
        log.log(
          LogLevel.ERROR,
          `Restart failed: ${again instanceof Error ? again.message : again}`,
        );
      }
    }
    for (const [key, c] of keep) {
      if (!this.#running.some((x) => x.controlKey === key)) await c.close();
    }
    // The BSSes in the order of their files, as at start.
    const order = (x: RunningBss) => this.#paths.indexOf(x.bss.config.path);
    this.#running = this.#running.map((x, i) => ({ x, i }))
      .sort((a, b) => order(a.x) - order(b.x) || a.i - b.i).map(({ x }) => x);
    return ok;
  }

  /**
   * The UUID the BSSes of `paths` inherit when they do not set their own: the first shared one
   * of a BSS from an earlier file that keeps running (see #bringUp).
   */
  #firstUuidBefore(paths: string[]): Uint8Array | undefined {
    const first = Math.min(...paths.map((p) => this.#paths.indexOf(p)));
    for (const r of this.#running) {
      if (this.#paths.indexOf(r.bss.config.path) >= first) continue;
      if (r.bss.wps && !r.bss.bss.wps_independent) return r.bss.wps.settings.uuid;
    }
    return undefined;
  }

  /** The config files of `paths` as read now, with the SETs in force applied again. */
  async #loadWithSettings(paths: string[]): Promise<LoadResult> {
    const r = await loadConfigs(
      paths,
      this.#deps.logger,
      paths.map((p) => this.#ifaces[this.#paths.indexOf(p)]),
    );
    if (!r.ok) return r;
    const configs: HostapdConfig[] = [];
    for (const config of r.configs) {
      const s = reapplySettings(config, this.#settings, { lookupGroup, readFile: readNamedFile });
      if (!s.ok) return { ok: false, errors: [s.error] };
      for (const note of s.notes) this.#deps.logger.log(LogLevel.INFO, note);
      configs.push(s.config);
    }
    return { ok: true, configs };
  }

  /**
   * Starts a BSS for every section of `configs`, reusing the control sockets in `reuse` (taken
   * out of it). On a reload (`reloading`), a wpa_psk_file that cannot be read is logged and the
   * BSS runs without its entries, as hostapd's reload does; at start it is fatal. `carry`: the
   * WPS state of the BSSes replaced, by interface, for the new ones to take over before they
   * start (with whether a runtime AP PIN stays).
   */
  async #bringUp(
    configs: HostapdConfig[],
    reuse: Map<string, ControlEndpoint>,
    reloading = false,
    carry?: { wps: Map<string, WpsContext>; keepApPin: boolean; firstUuid?: Uint8Array },
  ): Promise<void> {
    const deps = this.#deps;
    let firstUuid: Uint8Array | undefined = carry?.firstUuid;
    for (const config of configs) {
      // As it runs now: SETs change `config` in place, and a failed reload goes back to this.
      this.#asStarted.set(config, structuredClone(config));
      let radioBssid: Uint8Array | undefined;
      let previous: Uint8Array | undefined;
      for (let i = 0; i < config.bss.length; i++) {
        const section = config.bss[i]!;
        const ifname = section.interface;
        if (ifname === "") throw new Error("No interface name configured");
        let bssid = section.bssid;
        if (i > 0 && config.driver === "nl80211") {
          // A further BSS of the radio: its interface is created with this address.
          const taken = config.bss.flatMap((b) => (b.bssid ? [b.bssid] : []));
          bssid = secondaryBssid(bssid, previous!, radioBssid!, taken);
        } else if (!bssid) {
          try {
            bssid = interfaceMac(ifname);
          } catch {
            throw new Error(`Could not read interface ${ifname} flags: No such device`);
          }
        }
        if (i === 0) radioBssid = bssid;
        previous = bssid;
        let control: ControlEndpoint | undefined;
        const emit: EventEmitter = (level, text, probeRx) => {
          control?.emit(level, text, probeRx);
          this.globalEmit?.(ifname, level, text, probeRx);
        };
        const slot: RunningBss["slot"] = { starting: "UNINITIALIZED" };
        const bss = await Bss.create(config, i, {
          bssid,
          inheritedUuid: section.wps_independent ? undefined : firstUuid,
          tolerateMissingPskFile: reloading,
        }, {
          logger: deps.logger,
          clock: deps.clock,
          emit,
          requestReload: () => void this.reload({ dropSettings: true, path: config.path }),
          files: this.#files,
          deauthWpsStations: () => slot.driver?.deauthWpsStations(),
          wpsIesChanged: () => slot.driver?.wpsIesChanged(),
          wpsPeers: (b) => this.wpsPeersOf(b),
          settingsPeers: (b) => this.#settingsPeersOf(b),
        });
        if (bss.wps && !section.wps_independent) firstUuid ??= bss.wps.settings.uuid;
        if (reloading) {
          for (const c of this.#aclChanges) {
            if (c.path === config.path && c.ifname === ifname) applyAclChange(bss.acl, c);
          }
        }
        const before = carry?.wps.get(ifname);
        if (before && bss.wps) bss.wps.adoptRuntimeFrom(before, carry!.keepApPin);
        const handler = deps.handlerFor(bss, this);
        const entry: RunningBss = {
          bss,
          slot,
          control: undefined,
          controlKey: undefined,
          emit,
          handler,
        };
        this.#running.push(entry);
        if (section.ctrl_interface !== undefined) {
          const key = `${section.ctrl_interface}/${ifname}`;
          const reused = reuse.get(key);
          if (reused) {
            reuse.delete(key);
            reused.setHandler(handler);
            control = reused;
          } else {
            control = await deps.openControl(
              section.ctrl_interface,
              ifname,
              section.ctrl_interface_group,
              handler,
            );
          }
          entry.control = control;
          entry.controlKey = key;
        }
        // A disabled interface stays down across a reload, as in hostapd.
        if (this.#disabled.has(interfaceOf(config))) continue;
        await this.#startDriver(entry, "UNINITIALIZED");
      }
    }
  }

  /** Starts the driver of `r`, then reports the interface enabled (from state `from`). */
  async #startDriver(r: RunningBss, from: "UNINITIALIZED" | "DISABLED"): Promise<void> {
    const log = this.#deps.logger;
    r.slot.starting = from;
    try {
      r.slot.driver = await this.#deps.startDriver(r.bss, r.emit, (state) => {
        r.slot.starting = state;
      });
    } finally {
      r.slot.starting = undefined;
    }
    log.log(LogLevel.INFO, `${r.bss.ifname}: interface state ${from}->ENABLED`);
    this.#event(r, "AP-ENABLED ");
  }

  /** An event of `r`: logged as hostapd logs it (`<ifname>: TEXT`) and sent to its monitors. */
  #event(r: RunningBss, text: string): void {
    this.#deps.logger.log(LogLevel.INFO, `${r.bss.ifname}: ${text}`);
    r.emit(LogLevel.INFO, text);
  }

  /** Stops the driver of `r`, if it runs; a failure is logged (`exiting`: see DriverInstance). */
  async #stopDriver(r: RunningBss, exiting: boolean): Promise<void> {
    const driver = r.slot.driver;
    r.slot.driver = undefined;
    try {
      await driver?.stop(exiting);
    } catch (err) {
      this.#deps.logger.log(LogLevel.ERROR, `${r.bss.ifname}: driver stop failed: ${err}`);
    }
  }

  async #tearDown(list: RunningBss[], closeControl: boolean): Promise<void> {
    for (const r of list) {
      await this.#stopDriver(r, closeControl);
      r.bss.dispose();
      if (closeControl) await r.control?.close();
    }
  }
}

/** One ACCEPT_ACL / DENY_ACL change of a BSS's lists. */
export type AclChange =
  | { list: AclList; op: "add"; mac: Uint8Array; vlanId: number }
  | { list: AclList; op: "remove"; mac: Uint8Array }
  | { list: AclList; op: "clear" };

function applyAclChange(acl: MacAcl, c: AclChange): void {
  if (c.op === "add") acl.add(c.list, c.mac, c.vlanId);
  else if (c.op === "remove") acl.remove(c.list, c.mac);
  else acl.clear(c.list);
}

/** Config files with errors; `lines` are hostapd's messages. */
export class ConfigError extends Error {
  /** Every error line. */
  readonly lines: string[];

  /** Creates the error from hostapd-style lines. */
  constructor(lines: string[]) {
    super(lines.join("\n"));
    this.name = "ConfigError";
    this.lines = lines;
  }
}
