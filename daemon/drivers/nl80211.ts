/**
 * hostapd's `driver=nl80211`: makes tsapd a real access point on a mac80211 radio. The kernel
 * beacons from the AP core's templates (START_AP / SET_BEACON) and hands every management frame
 * to userspace (REGISTER_FRAME); the AP core answers them, and this driver carries its decisions
 * to the kernel (CMD_FRAME, NEW_STATION, SET_STATION, DEL_STATION). EAPOL goes through an
 * AF_PACKET socket on the AP interface (EtherType 0x888e, the kernel's default control port
 * protocol): to the EAP-WSC server for stations that came for WPS, to the WPA2 authenticator for
 * RSN stations, whose keys go back with NEW_KEY.
 *
 * @module
 */

import { ApCore } from "../../core/ap/ap_core.ts";
import type { ApHost, EapolKind, EapolStart, StationAddFlags } from "../../core/ap/ap_host.ts";
import { apParamsFromConfig } from "../../core/ap/ap_params.ts";
import { formatMac } from "../../core/bytes.ts";
import type { Clock } from "../../core/clock.ts";
import { EapWscServer } from "../../core/eap/wsc_server.ts";
import { buildEthernet, ETH_P_PAE, isGroupAddress } from "../../core/eapol/ethernet.ts";
import { buildEapol, EapolType } from "../../core/eapol/frame.ts";
import { buildMgmtFrame, mgmtFrameControl, MgmtSubtype } from "../../core/ieee80211/frame.ts";
import { buildReason } from "../../core/ieee80211/mgmt_body.ts";
import { ReasonCode } from "../../core/ieee80211/status_codes.ts";
import { type Logger, LogLevel, type LogLevelValue } from "../../core/log.ts";
import type { StaInfo } from "../../core/ctrl/sta.ts";
import {
  CipherSuite,
  Nl80211Cmd,
  Nl80211Group,
  Nl80211Iftype,
} from "../../core/netlink/nl80211_const.ts";
import type { Nl80211Event } from "../../core/netlink/nl80211_decode.ts";
import { WpaAuthenticator } from "../../core/wpa/authenticator.ts";
import type { WpaHost } from "../../core/wpa/wpa_host.ts";
import type { RsnElement } from "../../core/wpa/rsn_ie.ts";
import { ifNameToIndex } from "../../ffi/libc.ts";
import { DriverError } from "../../ffi/libnl.ts";
import { Nl80211 } from "../../ffi/nl80211/nl80211.ts";
import { PacketSocket } from "../../ffi/packet_socket.ts";
import type { Bss } from "../bss.ts";
import {
  beaconData,
  channelFrequency,
  countrySubbands,
  htOfWiphy,
  livePskConfig,
  loadMacAcl,
  rsnOfConfig,
  startApParams,
  wpaStationMib,
} from "./nl80211_setup.ts";

/** Management frames the AP core answers (hostapd registers the same set). */
const REGISTERED = [
  MgmtSubtype.PROBE_REQ,
  MgmtSubtype.AUTH,
  MgmtSubtype.ASSOC_REQ,
  MgmtSubtype.REASSOC_REQ,
  MgmtSubtype.DISASSOC,
  MgmtSubtype.DEAUTH,
];
/** EAP Code of an EAP-Failure (RFC 3748 4). */
const EAP_FAILURE = 4;
/** A real EAPOL-Start this soon after the one injected for a WPS 2.0 station is a duplicate. */
const INJECTED_START_WINDOW_MS = 1000;
const BROADCAST = new Uint8Array(6).fill(0xff);
/** Time for the reactor to drop closed descriptors before a restart opens new ones. */
const REACTOR_SETTLE_MS = 50;
/** Longest wait for one kernel request while tearing down. */
const STEP_TIMEOUT_MS = 3000;
/** Longest wait for the kernel to apply a requested regulatory domain. */
const REG_CHANGE_WAIT_MS = 2000;

/** Options of {@link Nl80211Driver.start}. */
export interface Nl80211DriverOptions {
  /** Control events without the `<3>` prefix. */
  emit: (event: string) => void;
  /** Debug log. */
  logger: Logger;
  /** Time and timers. */
  clock: Clock;
}

/** Per-station EAPOL routing. */
interface EapolRoute {
  kind: EapolKind;
  /** Clock time of the EAPOL-Start injected for a WPS 2.0 station. */
  injectedAt?: number;
}

/** Runs `ip link set dev <ifname> up|down` (the driver's only use of an external tool). */
async function setLink(ifname: string, up: boolean): Promise<void> {
  const out = await new Deno.Command("ip", {
    args: ["link", "set", "dev", ifname, up ? "up" : "down"],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`Could not set interface ${ifname} ${up ? "up" : "down"}: ${err}`);
  }
}

function isUp(ifname: string): boolean {
  try {
    return (parseInt(Deno.readTextFileSync(`/sys/class/net/${ifname}/flags`).trim(), 16) & 1) !== 0;
  } catch {
    return false;
  }
}

/** One BSS on one nl80211 interface. */
export class Nl80211Driver {
  readonly #bss: Bss;
  readonly #o: Nl80211DriverOptions;
  readonly #ifname: string;
  #ifindex = 0;
  #nl: Nl80211 | undefined;
  #socket: PacketSocket | undefined;
  #ap: ApCore | undefined;
  #wpa: WpaAuthenticator | undefined;
  #eap: EapWscServer | undefined;
  #rsn: RsnElement | undefined;
  #oldIftype: number | undefined;
  #started = false;
  #stopped = false;
  /** EAPOL goes through NL80211_CMD_CONTROL_PORT_FRAME rather than a packet socket. */
  #controlPort = false;
  /** Stations whose pairwise key is installed (their EAPOL is encrypted). */
  readonly #keyed = new Set<string>();
  readonly #routes = new Map<string, EapolRoute>();
  /** Stations with a kernel entry (NEW_STATION sent, DEL_STATION not yet). */
  readonly #kernel = new Set<string>();
  #beaconQueued = false;
  #regChanged: (() => void) | undefined;
  #beaconChain: Promise<void> = Promise.resolve();

  private constructor(bss: Bss, options: Nl80211DriverOptions) {
    this.#bss = bss;
    this.#o = options;
    this.#ifname = bss.ifname;
  }

  /**
   * Brings the BSS up: AP mode, frame registrations, START_AP, the group key, and EAPOL.
   *
   * @throws {Error} when the interface, the radio or the kernel refuses; nothing stays open
   */
  static async start(bss: Bss, options: Nl80211DriverOptions): Promise<Nl80211Driver> {
    const d = new Nl80211Driver(bss, options);
    try {
      await d.#start();
    } catch (err) {
      await d.stop();
      throw err;
    }
    return d;
  }

  /** The AP core (after start), for the control interface and tests. */
  get ap(): ApCore | undefined {
    return this.#ap;
  }

  /** The WPA2 authenticator, when WPA2 is on. */
  get wpa(): WpaAuthenticator | undefined {
    return this.#wpa;
  }

  async #start(): Promise<void> {
    const { config, bss } = this.#bss;
    const log = this.#o.logger;
    const ifindex = ifNameToIndex(this.#ifname);
    if (ifindex === 0) throw new Error(`Could not find interface ${this.#ifname}: No such device`);
    this.#ifindex = ifindex;
    const nl = Nl80211.open();
    this.#nl = nl;
    nl.onEvent((e) => this.#onEvent(e));
    if (config.country_code) await this.#setCountry(config.country_code);
    const info = await nl.getInterface(ifindex);
    log.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: wiphy ${info.wiphy}, type ${info.iftype}`);
    const wiphy = (await nl.getWiphys()).find((w) => w.index === info.wiphy);
    if (!wiphy) throw new Error(`${this.#ifname}: no wiphy ${info.wiphy}`);
    if (wiphy.deviceApSme) {
      throw new Error(`${this.#ifname}: drivers with AP SME are not supported`);
    }
    const frequency = channelFrequency(config.channel);
    if (!wiphy.frequencies.includes(frequency)) {
      throw new Error(`${this.#ifname}: channel ${config.channel} (${frequency} MHz) is disabled`);
    }
    if (info.iftype !== Nl80211Iftype.AP) await this.#setAp(info.iftype);
    if (!isUp(this.#ifname)) await setLink(this.#ifname, true);

    this.#rsn = rsnOfConfig(config, bss);
    const acl = await loadMacAcl(bss);
    if (this.#rsn) {
      this.#wpa = new WpaAuthenticator({
        bssid: this.#bss.bssid,
        rsn: this.#rsn,
        psks: livePskConfig(bss, this.#bss.pskEntries),
        host: this.#wpaHost(),
        clock: this.#o.clock,
        logger: log,
        groupRekeySeconds: bss.wpa_group_rekey,
        ptkRekeySeconds: bss.wpa_ptk_rekey,
        pairwiseUpdateCount: bss.wpa_pairwise_update_count,
        groupUpdateCount: bss.wpa_group_update_count,
        eapolVersion: bss.eapol_version,
      });
    }
    const ht = config.ieee80211n ? htOfWiphy(wiphy, frequency) : undefined;
    const params = apParamsFromConfig(config, bss, {
      bssid: this.#bss.bssid,
      ...(ht ? { ht } : {}),
      ...(this.#wpa ? { rsnElement: this.#wpa.rsnElement } : {}),
      countrySubbands: countrySubbands(wiphy.frequencies, config.channel),
    });
    this.#ap = new ApCore(params, this.#apHost(), this.#o.clock, {
      ...(this.#bss.wps ? { wps: this.#bss.wps } : {}),
      acl,
      awaitAssocAck: true,
      logger: log,
    });
    if (this.#bss.wps) {
      this.#eap = new EapWscServer({
        clock: this.#o.clock,
        runFactory: (role, peer) => this.#bss.wps?.createRun(role, peer) ?? null,
        emit: (e) => this.#o.emit(e),
        logger: log,
        fragmentSize: bss.fragment_size > 0 ? bss.fragment_size : undefined,
        eapolVersion: bss.eapol_version,
        send: (peer, eapol) => this.#sendWscEapol(peer, eapol),
      });
    }

    log.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: registering frames, START_AP`);
    nl.subscribe("mlme");
    for (const st of REGISTERED) await nl.registerFrame(ifindex, mgmtFrameControl(st));
    const p = startApParams(ifindex, this.#ap.beacon(), frequency, this.#rsn, !!params.ht);
    try {
      await nl.startAp({ ...p, controlPortOverNl80211: true });
      this.#controlPort = true;
    } catch (err) {
      // Kernels or drivers without EAPOL over nl80211: the netdev carries it.
      if (!(err instanceof DriverError)) throw err;
      log.log(LogLevel.DEBUG, `nl80211: no control port over nl80211 (${err.message})`);
      await nl.startAp(p);
    }
    this.#started = true;
    if (!this.#controlPort) {
      const socket = PacketSocket.open(this.#ifname, { etherType: ETH_P_PAE });
      this.#socket = socket;
      socket.listen((f) => {
        if (!isGroupAddress(f.src)) this.#receiveEapol(f.src, f.payload);
      });
    }
    this.#wpa?.start();
    log.log(
      LogLevel.INFO,
      `${this.#ifname}: nl80211 AP on ${frequency} MHz, BSSID ${formatMac(this.#bss.bssid)}`,
    );
  }

  /**
   * country_code: asks for the country's regulatory domain unless it is in force, and waits
   * (at most 2 s) for the kernel to announce it, so the channel list read next reflects it.
   */
  async #setCountry(alpha2: string): Promise<void> {
    const nl = this.#nl!;
    const log = this.#o.logger;
    if ((await nl.getRegulatoryCountry()) === alpha2) return;
    nl.subscribe(Nl80211Group.REG);
    let timer: number | undefined;
    const changed = new Promise<void>((resolve) => {
      this.#regChanged = resolve;
      timer = this.#o.clock.setTimer(REG_CHANGE_WAIT_MS, resolve);
    });
    try {
      await nl.requestRegulatory(alpha2);
      await changed;
      log.log(LogLevel.DEBUG, `nl80211: regulatory domain ${await nl.getRegulatoryCountry()}`);
    } catch (err) {
      // hostapd stops here; a router is better off beaconing under the old domain.
      log.log(LogLevel.ERROR, `nl80211: could not set country ${alpha2}: ${err}`);
    } finally {
      if (timer !== undefined) this.#o.clock.clearTimer(timer);
      this.#regChanged = undefined;
    }
  }

  /** SET_INTERFACE to AP; mac80211 refuses some changes while the interface is up. */
  async #setAp(old: number): Promise<void> {
    const nl = this.#nl!;
    try {
      await nl.setInterfaceType(this.#ifindex, Nl80211Iftype.AP);
    } catch (err) {
      if (!(err instanceof DriverError)) throw err;
      await setLink(this.#ifname, false);
      await nl.setInterfaceType(this.#ifindex, Nl80211Iftype.AP);
    }
    this.#oldIftype = old;
    this.#o.logger.log(LogLevel.DEBUG, `nl80211: ${this.#ifname} set to AP mode (was ${old})`);
  }

  /** Deauthenticates everyone, stops beaconing and restores the interface type. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const nl = this.#nl;
    this.#o.logger.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: stopping`);
    this.#wpa?.stop();
    this.#eap?.stop();
    this.#ap?.dispose();
    this.#socket?.close();
    if (nl && this.#started) {
      const own = this.#bss.bssid;
      const deauth = buildMgmtFrame(
        { subtype: MgmtSubtype.DEAUTH, da: BROADCAST, sa: own, bssid: own },
        buildReason(ReasonCode.DEAUTH_LEAVING),
      );
      await this.#quiet("deauth all", nl.sendFrame(this.#ifindex, deauth, { noAck: true }));
      await this.#quiet("DEL_STATION all", nl.delStation(this.#ifindex));
      await this.#quiet("SET_BEACON", this.#beaconChain);
      await this.#quiet("STOP_AP", nl.stopAp(this.#ifindex));
    }
    if (nl && this.#oldIftype !== undefined) {
      await this.#quiet(
        "restore interface type",
        nl.setInterfaceType(this.#ifindex, this.#oldIftype),
      );
    }
    nl?.close();
    this.#nl = undefined;
    // The shared reactor's poll still holds the closed descriptors; a socket opened before it
    // comes round could reuse a number and lose its watch to the old one's POLLNVAL.
    if (nl) await new Promise<void>((r) => this.#o.clock.setTimer(REACTOR_SETTLE_MS, r));
    this.#o.logger.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: stopped`);
  }

  /** Rebuilds the beacon after a WPS state change. */
  wpsIesChanged(): void {
    this.#ap?.wpsChanged();
  }

  /** DEAUTHENTICATE / DISASSOCIATE from the control interface. */
  kick(kind: "deauth" | "disassoc", addr: Uint8Array, reason: number, tx: boolean): void {
    this.#ap?.kick(kind, addr, reason, tx);
  }

  /** WPS_CANCEL's deauthentication of WPS stations. */
  deauthWpsStations(): void {
    this.#ap?.deauthWpsStations();
  }

  /** Awaits a teardown step, logging its failure; a reply that never comes stops no reload. */
  async #quiet(what: string, p: Promise<unknown>): Promise<void> {
    let timer: number | undefined;
    const late = new Promise<void>((resolve) => {
      timer = this.#o.clock.setTimer(STEP_TIMEOUT_MS, () => {
        this.#o.logger.log(LogLevel.WARNING, `nl80211: ${what}: no answer`);
        resolve();
      });
    });
    try {
      await Promise.race([p, late]);
    } catch (err) {
      this.#o.logger.log(
        LogLevel.DEBUG,
        `nl80211: ${what}: ${err instanceof Error ? err.message : err}`,
      );
    } finally {
      this.#o.clock.clearTimer(timer!);
    }
  }

  /** Fire-and-forget for kernel requests whose failure is logged, not fatal. */
  /** A handler that logs the kernel's refusal of `what` (unless the driver is stopping). */
  #failed(what: string, level: LogLevelValue = LogLevel.WARNING): (err: unknown) => void {
    return (err) => {
      if (this.#stopped) return;
      this.#o.logger.log(
        level,
        `nl80211: ${this.#ifname}: ${what}: ${err instanceof Error ? err.message : err}`,
      );
    };
  }

  #onEvent(e: Nl80211Event): void {
    if (e.kind === "other" && e.cmd === Nl80211Cmd.REG_CHANGE) this.#regChanged?.();
    if (this.#stopped || !this.#ap) return;
    switch (e.kind) {
      case "frame":
        if (e.ifindex === this.#ifindex) this.#ap.handleFrame(e.frame);
        return;
      case "frameTxStatus":
        if (e.ifindex === this.#ifindex) this.#ap.txStatus(e.frame, e.ack);
        return;
      case "controlPortFrame":
        if (e.ifindex === this.#ifindex && e.etherType === ETH_P_PAE) {
          this.#receiveEapol(e.src, e.frame);
        }
        return;
      default:
        return;
    }
  }

  // ---- EAPOL ----

  #receiveEapol(src: Uint8Array, payload: Uint8Array): void {
    const key = formatMac(src);
    const route = this.#routes.get(key);
    if (!route || payload.length < 4) return;
    if (route.kind === "wpa") return this.#wpa?.receiveEapol(src, payload);
    if (route.kind !== "wps" || !this.#eap) return;
    const type = payload[1];
    if (type === EapolType.START && route.injectedAt !== undefined) {
      const dup = this.#o.clock.now() - route.injectedAt < INJECTED_START_WINDOW_MS;
      route.injectedAt = undefined;
      if (dup) return;
    }
    this.#eap.receive(src, payload);
    if (type === EapolType.LOGOFF) this.#ap?.wpsEapFinished(src, true);
  }

  #sendEapol(mac: Uint8Array, eapol: Uint8Array): void {
    if (this.#stopped) return;
    if (this.#controlPort) {
      const noEncrypt = !this.#keyed.has(formatMac(mac));
      this.#nl!.postControlPort(
        this.#ifindex,
        mac,
        eapol,
        { noEncrypt },
        this.#failed("CONTROL_PORT_FRAME"),
      );
      return;
    }
    const s = this.#socket;
    if (!s) return;
    try {
      s.send(buildEthernet(mac, this.#bss.bssid, ETH_P_PAE, eapol));
    } catch (err) {
      this.#o.logger.log(LogLevel.WARNING, `nl80211: EAPOL to ${formatMac(mac)}: ${err}`);
    }
  }

  /** EAP-WSC frames out; an EAP-Failure ends the WPS run, so the station is let go. */
  #sendWscEapol(peer: Uint8Array, eapol: Uint8Array): void {
    this.#sendEapol(peer, eapol);
    if (eapol[1] === EapolType.EAP_PACKET && eapol[4] === EAP_FAILURE) {
      this.#ap?.wpsEapFinished(peer);
    }
  }

  #startEapol(mac: Uint8Array, kind: EapolKind, info: EapolStart): void {
    const key = formatMac(mac);
    const route: EapolRoute = { kind };
    this.#routes.set(key, route);
    if (kind === "wpa" && this.#wpa && info.rsnElement) {
      const status = this.#wpa.associate(mac, info.rsnElement);
      if (status !== 0) this.#ap?.deauthenticate(mac, ReasonCode.UNSPECIFIED);
    } else if (kind === "wps" && info.wps2 && this.#eap) {
      // WPS 2.0: the AP sends EAP-Request/Identity without waiting for EAPOL-Start.
      route.injectedAt = this.#o.clock.now();
      this.#eap.receive(mac, buildEapol(this.#bss.bss.eapol_version, EapolType.START));
    }
  }

  // ---- ports of the cores ----

  #apHost(): ApHost {
    const nl = () => this.#nl!;
    return {
      sendMgmt: (frame) => {
        // Probe responses need no TX status; the others' status drives the AP core.
        if ((frame[0]! >> 4) === MgmtSubtype.PROBE_RESP) {
          nl().postFrame(this.#ifindex, frame, this.#failed("CMD_FRAME", LogLevel.DEBUG));
        } else {
          nl().sendFrame(this.#ifindex, frame).catch(this.#failed("CMD_FRAME", LogLevel.DEBUG));
        }
      },
      addStation: (mac, aid, capability, rates, listenInterval, flags) =>
        this.#addStation(mac, aid, capability, rates, listenInterval, flags),
      setAuthorized: (mac, on) => {
        if (!this.#kernel.has(formatMac(mac))) return;
        nl().postSetStation(
          { ifindex: this.#ifindex, mac, flags: { AUTHORIZED: on } },
          this.#failed("SET_STATION"),
        );
      },
      removeStation: (mac) => {
        const key = formatMac(mac);
        this.#routes.delete(key);
        this.#keyed.delete(key);
        this.#wpa?.disconnect(mac);
        this.#eap?.disconnect(mac);
        if (this.#kernel.delete(key)) {
          nl().postDelStation(this.#ifindex, mac, this.#failed("DEL_STATION", LogLevel.DEBUG));
        }
      },
      startEapol: (mac, kind, info) => this.#startEapol(mac, kind, info),
      emit: (text) => this.#o.emit(text),
      beaconChanged: () => this.#queueBeacon(),
    };
  }

  #addStation(
    mac: Uint8Array,
    aid: number,
    capability: number,
    rates: Uint8Array,
    listenInterval: number,
    flags: StationAddFlags,
  ): void {
    const nl = this.#nl!;
    const key = formatMac(mac);
    // A reassociation replaces the kernel entry (and its keys) rather than editing it.
    if (this.#kernel.has(key)) {
      nl.postDelStation(this.#ifindex, mac, this.#failed("DEL_STATION", LogLevel.DEBUG));
    }
    this.#kernel.add(key);
    this.#routes.delete(key);
    this.#keyed.delete(key);
    nl.postNewStation({
      ifindex: this.#ifindex,
      mac,
      aid,
      capability,
      listenInterval,
      supportedRates: rates.subarray(0, 32),
      ...(flags.htCapabilities ? { htCapability: flags.htCapabilities } : {}),
      flags: { AUTHORIZED: false, WME: flags.wmm, SHORT_PREAMBLE: flags.shortPreamble },
    }, (err) => {
      if (this.#stopped) return;
      // Without a kernel entry no data frame can reach the station: let it go.
      this.#o.logger.log(LogLevel.WARNING, `nl80211: NEW_STATION ${key}: ${err.message}`);
      this.#kernel.delete(key);
      this.#ap?.deauthenticate(mac, ReasonCode.UNSPECIFIED);
    });
  }

  #wpaHost(): WpaHost {
    const nl = () => this.#nl!;
    return {
      sendEapol: (mac, frame) => this.#sendEapol(mac, frame),
      installPairwiseKey: (mac, tk) => {
        this.#keyed.add(formatMac(mac));
        nl().postNewKey(
          { ifindex: this.#ifindex, index: 0, cipher: CipherSuite.CCMP, key: tk, mac },
          this.#failed("NEW_KEY pairwise"),
        );
      },
      installGroupKey: (keyIndex, gtk) => {
        const n = nl();
        n.postNewKey(
          { ifindex: this.#ifindex, index: keyIndex, cipher: CipherSuite.CCMP, key: gtk },
          this.#failed("NEW_KEY group"),
        );
        n.postSetDefaultKey(this.#ifindex, keyIndex, this.#failed("SET_KEY default"));
      },
      authorize: (mac) => {
        const keyid = this.#wpa?.station(mac)?.keyid;
        this.#ap?.authorize(mac, keyid !== undefined ? ` keyid=${keyid}` : "");
      },
      deauth: (mac, reason) => {
        this.#ap?.deauthenticate(mac, reason);
      },
      emit: (text) => {
        // The AP core reports (dis)connections for every kind of station; the WPA core's
        // copies of those two events would double them.
        if (text.startsWith("AP-STA-CONNECTED ") || text.startsWith("AP-STA-DISCONNECTED ")) return;
        this.#o.emit(text);
      },
    };
  }

  /** Coalesces beacon changes into one SET_BEACON, in order with earlier ones. */
  #queueBeacon(): void {
    if (!this.#started || this.#beaconQueued || this.#stopped) return;
    this.#beaconQueued = true;
    this.#beaconChain = this.#beaconChain.then(async () => {
      this.#beaconQueued = false;
      const ap = this.#ap;
      const nl = this.#nl;
      if (!ap || !nl || this.#stopped) return;
      await this.#quiet("SET_BEACON", nl.setBeacon(beaconData(this.#ifindex, ap.beacon())));
    });
  }

  /** Stations in hostapd's table order, with WPS device info of those that registered. */
  stations(): StaInfo[] {
    const wps = this.#bss.wps;
    return this.#ap?.stationInfos((mac) => {
      const e = wps?.enrollee(formatMac(mac));
      const w = this.#wpa?.station(mac);
      return { ...(w ? { mib: wpaStationMib(mac, w) } : {}), ...(e ? { wps: e } : {}) };
    }) ?? [];
  }
}
