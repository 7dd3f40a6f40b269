/**
 * One running BSS: its config, its WPS state (a WpsContext from the core) and the daemon side
 * of the WPS core's port: events to control monitors and the log, and the files WPS writes.
 *
 * @module
 */

import { formatMac, toHex } from "../core/bytes.ts";
import type { Clock } from "../core/clock.ts";
import type { BssConfig, HostapdConfig } from "../core/config/schema.ts";
import { formatWpsPskLine, parsePskFile, type PskFileEntry } from "../core/config/psk_file.ts";
import { rewriteConfig } from "../core/config/rewrite.ts";
import { bssPsk } from "../core/config/psk.ts";
import { type Logger, LogLevel } from "../core/log.ts";
import type { WpaMibConfig } from "../core/wpa/mib.ts";
import { WpsContext } from "../core/wps/wps_context.ts";
import type { NewApSettings, WpsHost } from "../core/wps/wps_settings.ts";
import { FileWriteQueue, loadMacAcl, writeFileAtomic } from "./files.ts";
import type { AclList, MacAcl, MacAclEntry } from "../core/ap/mac_acl.ts";
import { adoptSetting } from "../core/config/runtime_set.ts";
import { wpsSettingsOf } from "./wps_settings.ts";
import { ReloadGate } from "./reload_gate.ts";

/** What a BSS needs from the daemon around it. */
export interface BssEnvironment {
  /** Debug log. */
  logger: Logger;
  /** Timers. */
  clock: Clock;
  /** Sends an event to the BSS's control monitors (`<level>text`). */
  emit(level: number, text: string): void;
  /** Asks the daemon to re-read the config file (after WPS rewrote it). */
  requestReload(): void;
  /** Serialised, atomic file writes. */
  files: FileWriteQueue;
  /** Deauthenticates WPS stations (the driver's part of WPS_CANCEL). */
  deauthWpsStations(): void;
  /** Beacon/probe IEs must be rebuilt (nl80211 driver). */
  wpsIesChanged(): void;
  /** The WPS state of the other BSSes `bss` shares WPS commands with (none when absent). */
  wpsPeers?(bss: Bss): WpsContext[];
  /**
   * The Registrars that new AP settings of `bss` also go to: those of its WPS peers that run
   * from other config files (each rewrites its own file; BSSes of one file share it).
   */
  settingsPeers?(bss: Bss): WpsContext[];
}

/** Values read from the system before a BSS starts. */
export interface BssSystemInputs {
  /** The interface's MAC address (or `bssid=`). */
  bssid: Uint8Array;
  /** UUID to clone from an earlier BSS of this process. */
  inheritedUuid?: Uint8Array;
  /** A wpa_psk_file that cannot be read is logged, not fatal (a reload). */
  tolerateMissingPskFile?: boolean;
}

/**
 * Reads `wpa_psk_file` the way hostapd does, at BSS setup and for RELOAD_WPA_PSK: the file must
 * exist. Synchronously, as hostapd reads it: the file is small and local, and RELOAD_WPA_PSK's
 * reply says whether it was read.
 *
 * @throws {Error} with hostapd's message when it is missing or malformed
 */
export function loadPskFile(bss: BssConfig): PskFileEntry[] {
  if (bss.wpa_psk_file === undefined) return [];
  let text: Uint8Array;
  try {
    text = Deno.readFileSync(bss.wpa_psk_file);
  } catch {
    throw new Error(`WPA PSK file '${bss.wpa_psk_file}' not found.`);
  }
  const r = parsePskFile(text, bss.wpa_psk_file, bss.ssid);
  if (!r.ok) throw new Error(r.error);
  return r.entries;
}

async function readOptionalFile(
  path: string | undefined,
  what: string,
): Promise<Uint8Array | null> {
  if (path === undefined) return null;
  try {
    return await Deno.readFile(path);
  } catch {
    throw new Error(`Could not read ${what} from '${path}'`);
  }
}

/** A configured, running BSS. */
export class Bss {
  /** The whole config this BSS came from. */
  readonly config: HostapdConfig;
  /** This BSS's section. */
  readonly bss: BssConfig;
  /** Own address. */
  readonly bssid: Uint8Array;
  /** WPS state; undefined when `wps_state=0` (or forced off by the config checks). */
  readonly wps: WpsContext | undefined;
  /**
   * The WPS state that serves stations and commands: none once ENABLE's whole-config check has
   * switched WPS off on the running config (hostapd then starts the BSS without a Registrar).
   */
  get servingWps(): WpsContext | undefined {
    return this.bss.wps_state !== 0 ? this.wps : undefined;
  }
  /** Live wpa_psk_file entries (WPS adds to them). */
  readonly pskEntries: PskFileEntry[];
  /**
   * The settings the BSS's WPA authenticator (hostapd's wpa_auth) took when the BSS last started;
   * undefined when it started without `wpa`. A SET of `wpa` or of these settings takes effect at
   * the next start: RELOAD, or ENABLE after DISABLE (see {@link markStarted}).
   */
  get startedWpa(): Readonly<WpaMibConfig> | undefined {
    return this.#startedWpa;
  }
  #startedWpa: WpaMibConfig | undefined;
  /** `macaddr_acl` with the accept and deny lists (ACCEPT_ACL and DENY_ACL change them). */
  readonly acl: MacAcl;
  /**
   * The common PSK the BSS started with; undefined when there is none, or after a SET of
   * `wpa_passphrase` until the RELOAD that puts it in use (a SET `wpa_psk` shows at once).
   */
  psk: Uint8Array | undefined;
  /** A SET `wpa_passphrase`/`wpa_psk` emptied hostapd's PSK list but for that one (see shownPsk). */
  #pskListReplaced = false;
  /** The running config's common PSK, once derived; a SET clears it (see commonPsk). */
  #common: { psk: Uint8Array | undefined } | undefined;
  readonly #env: BssEnvironment;
  /** Holds the reload after a WPS rewrite back until the run that brought it ends. */
  #reloadGate: ReloadGate | undefined;

  private constructor(
    config: HostapdConfig,
    bss: BssConfig,
    bssid: Uint8Array,
    pskEntries: PskFileEntry[],
    acl: MacAcl,
    psk: Uint8Array | undefined,
    env: BssEnvironment,
    wps: (host: WpsHost) => WpsContext | undefined,
  ) {
    this.config = config;
    this.bss = bss;
    this.markStarted();
    this.bssid = bssid;
    this.pskEntries = pskEntries;
    this.acl = acl;
    this.psk = psk;
    this.#common = { psk };
    this.#env = env;
    this.wps = wps(this.#wpsHost());
  }

  /**
   * Sets up a BSS: reads its files and creates its WPS state.
   *
   * @throws {Error} when a file the config names cannot be read
   */
  static async create(
    config: HostapdConfig,
    index: number,
    inputs: BssSystemInputs,
    env: BssEnvironment,
  ): Promise<Bss> {
    const bss = config.bss[index]!;
    let pskEntries: PskFileEntry[] = [];
    try {
      pskEntries = loadPskFile(bss);
    } catch (err) {
      if (!inputs.tolerateMissingPskFile) throw err;
      env.logger.log(LogLevel.ERROR, `${err instanceof Error ? err.message : err}`);
      env.logger.log(
        LogLevel.ERROR,
        "Failed to re-configure WPA PSK after reloading configuration",
      );
    }
    const acl = await loadMacAcl(bss);
    const extraCred = await readOptionalFile(bss.extra_cred, "Credentials");
    const apSettingsFile = await readOptionalFile(bss.ap_settings, "AP Settings");
    const psk = bssPsk(bss);
    return new Bss(config, bss, inputs.bssid, pskEntries, acl, psk, env, (host) => {
      if (!bss.wps_state) return undefined;
      const settings = wpsSettingsOf(config, bss, {
        bssid: inputs.bssid,
        inheritedUuid: inputs.inheritedUuid,
        pskEntries,
        extraCred,
        apSettingsFile,
        psk,
      });
      return new WpsContext(settings, host, env.clock, { logger: env.logger });
    });
  }

  /**
   * Takes a SET the daemon checked: the running config becomes `changed` (in place, so every
   * holder of it sees the change), and what acts on the config at once follows it: the
   * `macaddr_acl` policy, the MACs of a SET `accept_mac_file`/`deny_mac_file` (added to the
   * list, as hostapd reads them), the AP PIN, and GET_CONFIG's PSK (hostapd shows a SET
   * `wpa_psk` at once and no PSK after a SET `wpa_passphrase`, until RELOAD derives it).
   *
   * @param field the key SET changed
   * @param changed the running config with the key applied (runtime_set.ts's applySetting)
   * @param macs the MAC list file's entries, for `accept_mac_file` / `deny_mac_file`
   */
  adoptSetting(
    field: string,
    changed: HostapdConfig,
    macs?: { list: AclList; entries: MacAclEntry[] },
  ): void {
    adoptSetting(this.config, changed);
    this.#common = undefined;
    this.acl.mode = this.bss.macaddr_acl;
    if (field === "wpa_passphrase" || field === "wpa_psk") {
      this.psk = this.bss.wpa_psk;
      this.#pskListReplaced = true;
    }
    if (field === "ap_pin" && this.bss.ap_pin !== undefined) {
      this.wps?.apPin.replacePin(this.bss.ap_pin);
    }
    for (const e of macs?.entries ?? []) this.acl.add(macs!.list, e.mac, e.vlanId);
  }

  /**
   * The running config's common PSK (`wpa_psk`, or `wpa_passphrase` hashed with the SSID),
   * derived once until a SET changes the config: the radio's WPA authenticator takes it each
   * time its driver starts.
   */
  commonPsk(): Uint8Array | undefined {
    this.#common ??= { psk: bssPsk(this.bss) };
    return this.#common.psk;
  }

  /**
   * RELOAD_WPA_PSK: derives the common PSK from the running config again (a SET
   * `wpa_passphrase` takes effect here, as in hostapd) and re-reads `wpa_psk_file` into the live
   * entry list. When the file cannot be read nothing changes: the stations keep the PSKs they
   * use, where hostapd would be left with the common PSK alone.
   *
   * @returns false when the file could not be read (logged)
   */
  reloadWpaPsk(): boolean {
    let entries: PskFileEntry[];
    try {
      entries = loadPskFile(this.bss);
    } catch (e) {
      this.#env.logger.log(LogLevel.ERROR, (e as Error).message);
      return false;
    }
    this.pskEntries.splice(0, this.pskEntries.length, ...entries);
    this.#common = undefined;
    this.psk = this.commonPsk();
    this.#pskListReplaced = false;
    return true;
  }

  /**
   * GET_CONFIG's `psk=`: hostapd shows the head of its PSK list when that is a PSK for every
   * station. The list holds the common PSK, then each `wpa_psk_file` line and each PSK that WPS
   * added, the newest at its head; a SET `wpa_passphrase` or `wpa_psk` empties it but for the
   * PSK it sets. So a file or WPS entry for one MAC hides the line, and an all-zero-MAC entry
   * shows its own PSK.
   */
  get shownPsk(): Uint8Array | undefined {
    const head = this.#pskListReplaced ? undefined : this.pskEntries.at(-1);
    if (!head) return this.psk;
    return head.mac.every((b) => b === 0) ? head.psk : undefined;
  }

  /** Interface name. */
  get ifname(): string {
    return this.bss.interface;
  }

  /**
   * ENABLE's changes to the running config (runtime_set.ts's enableCheck): the security fields
   * derived again and what the whole-config check switched off.
   */
  adoptStartConfig(changed: HostapdConfig): void {
    adoptSetting(this.config, changed);
    this.#common = undefined;
  }

  /**
   * Takes the running config's WPA settings as those its authenticator starts with: at
   * construction, and when ENABLE starts the BSS again with what SETs changed meanwhile.
   */
  markStarted(): void {
    const b = this.bss;
    this.#startedWpa = b.wpa === 0 ? undefined : {
      wpa: b.wpa,
      preauth: false, // rsn_preauth is for WPA-EAP, which tsapd does not offer
      strictRekey: b.wpa_strict_rekey !== 0,
      groupUpdateCount: b.wpa_group_update_count,
      pairwiseUpdateCount: b.wpa_pairwise_update_count,
      groupCipher: b.wpa_group,
    };
  }

  /** Stops timers; the BSS is unusable afterwards. */
  dispose(): void {
    this.#reloadGate?.cancel();
    this.wps?.dispose();
  }

  #event(text: string): void {
    this.#env.logger.log(LogLevel.INFO, `${this.ifname}: ${text}`);
    this.#env.emit(LogLevel.INFO, text);
  }

  #wpsHost(): WpsHost {
    const env = this.#env;
    const log = env.logger;
    const fail = (what: string) => (err: unknown) =>
      log.log(LogLevel.ERROR, `${what}: ${err instanceof Error ? err.message : String(err)}`);
    return {
      emit: (text) => this.#event(text),
      appendPinRequest: (line) => {
        const path = this.bss.wps_pin_requests;
        if (path === undefined) return;
        // A new file is world-readable as hostapd's fopen("a") makes it (it holds no secret);
        // wpa_psk_file, which holds PSKs, is created 0600.
        void env.files.appendLine(path, line, () => {
          // hostapd ignores a PIN request file it cannot open.
        }, 0o666);
      },
      storeDevicePsk: (mac, psk) => {
        // In memory first, so the new PSK works even if the file write fails (the WPS core
        // keeps its own copy for re-issuing it to the same Enrollee).
        this.pskEntries.push({ wps: true, mac: mac.slice(), psk: psk.slice() });
        const path = this.bss.wpa_psk_file;
        if (path === undefined) return;
        log.keydump(LogLevel.DEBUG, `WPS: new PSK for ${formatMac(mac)}`, psk);
        void env.files.appendLine(
          path,
          formatWpsPskLine(mac, psk),
          fail(`WPS: could not add the PSK to '${path}'`),
        );
      },
      applyNewApSettings: (settings, awaitRun, fromPeer) => {
        this.#rewriteConfig(settings, awaitRun);
        if (fromPeer) return;
        for (const peer of env.settingsPeers?.(this) ?? []) peer.applyPeerSettings(settings);
      },
      configWritable: () => canCreateBeside(this.config.path),
      runSucceeded: () => this.#reloadGate?.runSucceeded(),
      selectedRegistrarChanged: () => env.wpsIesChanged(),
      deauthWpsStations: () => env.deauthWpsStations(),
      unixTime: () => Math.floor(Date.now() / 1000),
      registrationCompleted: (uuidE, devicePassword) => {
        for (const peer of env.wpsPeers?.(this) ?? []) {
          peer.peerRegistrationCompleted(uuidE, devicePassword);
        }
        devicePassword?.fill(0);
      },
      apPinResult: (proved) => {
        for (const peer of env.wpsPeers?.(this) ?? []) {
          if (proved) peer.apPin.recordSuccess();
          else peer.apPin.recordFailure();
        }
      },
    };
  }

  #rewriteConfig(settings: NewApSettings, awaitRun: boolean): void {
    const env = this.#env;
    const path = this.config.path;
    log(env.logger, `WPS: updating configuration file '${path}' (ssid ${toHex(settings.ssid)})`);
    // The reload waits for the end of the run that brought the settings (reload_gate.ts).
    const gate = this.#reloadGate ??= new ReloadGate(env.clock, () => env.requestReload());
    const ticket = gate.settingsArrived(awaitRun);
    void env.files.enqueue(path, () => {
      const old = Deno.readFileSync(path);
      const r = rewriteConfig(old, settings, {
        hw_mode: this.config.hw_mode,
        wps_cred_add_sae: this.bss.wps_cred_add_sae,
        ieee80211w: this.bss.ieee80211w,
      });
      if (!r.ok) {
        gate.cancel(ticket);
        env.logger.log(LogLevel.ERROR, `WPS: ${r.error}`);
        return;
      }
      writeFileAtomic(path, r.bytes);
      gate.written(ticket);
    }, (err) => {
      gate.cancel(ticket);
      env.logger.log(
        LogLevel.ERROR,
        `WPS: could not write '${path}': ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  }
}

/**
 * Whether a file can be created next to `path` (where the rewrite puts its temporary file):
 * a read-only or full directory fails here, before anything is announced as applied.
 */
function canCreateBeside(path: string): boolean {
  const probe = `${path}.tsapd-probe-${Deno.pid}`;
  try {
    Deno.openSync(probe, { write: true, createNew: true, mode: 0o600 }).close();
    Deno.removeSync(probe);
    return true;
  } catch {
    return false;
  }
}

function log(logger: Logger, text: string): void {
  logger.log(LogLevel.DEBUG, text);
}
