/**
 * The frame path of one access point on a radio, without the kernel: the AP core (management
 * frames, station table), the EAP-WSC server and the WPA2 authenticator, joined as hostapd joins
 * them. Frames and EAPOL come in as decoded nl80211 events; what goes back to the kernel leaves
 * through {@link StationCommands}, the per-station subset of the nl80211 API. The nl80211 driver
 * runs one over libnl; the self-test runs one over an in-memory kernel that encodes every
 * command with the same codecs (daemon/radio_self_test.ts).
 *
 * @module
 */

import { ApCore } from "../../core/ap/ap_core.ts";
import type { ApHost, EapolKind, EapolStart } from "../../core/ap/ap_host.ts";
import type { ApParams } from "../../core/ap/ap_params.ts";
import type { BssConfig } from "../../core/config/schema.ts";
import type { MacAcl } from "../../core/ap/mac_acl.ts";
import { formatMac } from "../../core/bytes.ts";
import type { Clock } from "../../core/clock.ts";
import type { StaInfo } from "../../core/ctrl/sta.ts";
import type { StationStats } from "../../core/netlink/station_stats.ts";
import type { WpaMibCounters } from "../../core/wpa/mib.ts";
import { EapWscServer } from "../../core/eap/wsc_server.ts";
import { ETH_P_PAE } from "../../core/eapol/ethernet.ts";
import { buildEapol, EapolType } from "../../core/eapol/frame.ts";
import { MgmtSubtype } from "../../core/ieee80211/frame.ts";
import { ReasonCode } from "../../core/ieee80211/status_codes.ts";
import { type Logger, LogLevel, type LogLevelValue } from "../../core/log.ts";
import type { Nl80211Event } from "../../core/netlink/nl80211_decode.ts";
import type {
  ControlPortTxOptions,
  KeyParams,
  StationParams,
} from "../../core/netlink/nl80211_params.ts";
import { WpaAuthenticator } from "../../core/wpa/authenticator.ts";
import type { WpaAuthenticatorOptions, WpaHost } from "../../core/wpa/wpa_host.ts";
import type { WpsContext } from "../../core/wps/wps_context.ts";
import type { RadioSelfTestSetup } from "../radio_self_test.ts";
import { wpaStationMib } from "./nl80211_setup.ts";

/** EAP Code of an EAP-Failure (RFC 3748 4). */
const EAP_FAILURE = 4;
/** A real EAPOL-Start this soon after the one injected for a WPS 2.0 station is a duplicate. */
const INJECTED_START_WINDOW_MS = 1000;

/** A refusal of a posted command, from the kernel. */
export type CommandErrorHandler = (err: Error) => void;

/**
 * The per-station kernel commands of an AP (NL80211_CMD_FRAME, NEW/SET/DEL_STATION, NEW_KEY,
 * SET_KEY, CONTROL_PORT_FRAME); the ffi Nl80211 class has exactly these methods.
 */
export interface StationCommands {
  /**
   * Transmits a management frame without waiting for its TX status; only a refusal comes back.
   * `expectAck`: the radio waits for the ACK and retries (else the frame goes out once).
   */
  postFrame(
    ifindex: number,
    frame: Uint8Array,
    onError: CommandErrorHandler,
    expectAck?: boolean,
  ): void;
  /** Transmits a management frame whose TX status comes back as a "frameTxStatus" event. */
  sendFrame(ifindex: number, frame: Uint8Array): Promise<unknown>;
  /** NL80211_CMD_NEW_STATION. */
  postNewStation(p: StationParams, onError: CommandErrorHandler): void;
  /** NL80211_CMD_SET_STATION. */
  postSetStation(p: StationParams, onError: CommandErrorHandler): void;
  /** NL80211_CMD_DEL_STATION for one station. */
  postDelStation(ifindex: number, mac: Uint8Array, onError: CommandErrorHandler): void;
  /** NL80211_CMD_NEW_KEY. */
  postNewKey(p: KeyParams, onError: CommandErrorHandler): void;
  /** NL80211_CMD_SET_KEY (default transmit key; with `mgmt` the default management key). */
  postSetDefaultKey(
    ifindex: number,
    index: number,
    onError: CommandErrorHandler,
    mgmt?: boolean,
  ): void;
  /**
   * NL80211_CMD_GET_KEY, answered at once: the group key's transmit counter as an 8-octet Key
   * RSC, or undefined when the kernel reports none. Optional: without it msg 3/4 carries a zero
   * RSC.
   *
   * @throws when the kernel refuses the read
   */
  getGroupKeyRscNow?(ifindex: number, index: number): Uint8Array | undefined;
  /** NL80211_CMD_PROBE_CLIENT (POLL_STA); optional: without it POLL_STA only checks the table. */
  postProbeClient?(ifindex: number, mac: Uint8Array, onError: CommandErrorHandler): void;
  /**
   * NL80211_CMD_GET_STATION, answered at once: the station's counters for STA, or undefined
   * when the kernel has none. Optional: without it STA shows no counters.
   */
  getStationNow?(ifindex: number, mac: Uint8Array): StationStats | undefined;
  /** NL80211_CMD_CONTROL_PORT_FRAME: an EAPOL frame over the control port. */
  postControlPort(
    ifindex: number,
    dest: Uint8Array,
    payload: Uint8Array,
    opts: Omit<ControlPortTxOptions, "noAck">,
    onError: CommandErrorHandler,
  ): void;
}

/** Options of a {@link RadioBss}. */
export interface RadioBssOptions {
  /** The AP interface. */
  ifindex: number;
  /** Its name, for the log. */
  ifname: string;
  /** The AP core's parameters (with the RSN element of `wpa`, when set). */
  params: ApParams;
  /** The accept/deny policy. */
  acl: MacAcl;
  /** The BSS's WPS state (wps_state not 0): EAP-WSC for stations that come for WPS. */
  wps?: WpsContext;
  /** EAP-WSC framing (with `wps`). */
  eap?: { fragmentSize?: number; eapolVersion: number };
  /** WPA2-PSK: the authenticator's options but its port, clock and logger. */
  wpa?: Omit<WpaAuthenticatorOptions, "host" | "clock" | "logger">;
  /** The kernel's per-station commands. */
  commands: StationCommands;
  /** The beacon or probe response template changed (SET_BEACON). */
  beaconChanged: () => void;
  /** Control events without the `<3>` prefix. */
  emit: (event: string) => void;
  /** RX-PROBE-REQUEST events, for the monitors that asked for them (ApHost.emitProbeRx). */
  emitProbeRx?: (event: string) => void;
  /** Debug log. */
  logger: Logger;
  /** Time and timers. */
  clock: Clock;
  /** A station associated here (the daemon prunes it from the process's other BSSes). */
  stationAssociated?: (mac: Uint8Array) => void;
}

/** Per-station EAPOL routing. */
interface EapolRoute {
  kind: EapolKind;
  /** Clock time of the EAPOL-Start injected for a WPS 2.0 station. */
  injectedAt?: number;
}

/** One BSS's frame path; see the module comment. */
export class RadioBss {
  readonly #o: RadioBssOptions;
  readonly #ap: ApCore;
  readonly #wpa: WpaAuthenticator | undefined;
  readonly #eap: EapWscServer | undefined;
  /** Stations whose pairwise key is installed (their EAPOL is encrypted). */
  readonly #keyed = new Set<string>();
  readonly #routes = new Map<string, EapolRoute>();
  /** Stations with a kernel entry (NEW_STATION sent, DEL_STATION not yet). */
  readonly #kernel = new Set<string>();
  #stopped = false;
  #eapolSocket: ((dest: Uint8Array, eapol: Uint8Array) => void) | undefined;

  /** @throws {RangeError} when the WPA settings offer no PSK AKM */
  constructor(options: RadioBssOptions) {
    this.#o = options;
    const { clock, logger } = options;
    if (options.wpa) {
      this.#wpa = new WpaAuthenticator({
        ...options.wpa,
        host: this.#wpaHost(),
        clock,
        logger,
      });
    }
    // wps_rf_bands naming 2.4 and 5 GHz makes the AP dual-band for WPS: RF Bands in its IEs,
    // and its UUID in the beacon under PBC, so an Enrollee counts it once across bands.
    const rfBands = options.wps?.settings.rfBands ?? 0;
    this.#ap = new ApCore(options.params, this.#apHost(), clock, {
      ...(options.wps ? { wps: options.wps } : {}),
      dualBand: (rfBands & 0x03) === 0x03,
      acl: options.acl,
      awaitAssocAck: true,
      timeOutStations: true,
      logger,
    });
    const wps = options.wps;
    if (wps) {
      this.#eap = new EapWscServer({
        clock,
        runFactory: (role, peer) => wps.createRun(role, peer),
        emit: (e) => this.#o.emit(e),
        logger,
        fragmentSize: options.eap?.fragmentSize,
        eapolVersion: options.eap?.eapolVersion,
        send: (peer, eapol) => this.#sendWscEapol(peer, eapol),
      });
    }
  }

  /** The AP core (station table, beacon template). */
  get ap(): ApCore {
    return this.#ap;
  }

  /** The WPA2 authenticator, when WPA2 is on. */
  get wpa(): WpaAuthenticator | undefined {
    return this.#wpa;
  }

  /**
   * Sends EAPOL through `send` (a packet socket on the AP interface) instead of
   * NL80211_CMD_CONTROL_PORT_FRAME, for kernels without the control port over nl80211.
   */
  useEapolSocket(send: (dest: Uint8Array, eapol: Uint8Array) => void): void {
    this.#eapolSocket = send;
  }

  /**
   * What the radio self-test copies of this BSS (daemon/radio_self_test.ts), or undefined when
   * no station could join it (auth_algs without Open System).
   */
  selfTestSetup(): RadioSelfTestSetup | undefined {
    const o = this.#o;
    if (!(o.params.authAlgs & 1)) return undefined;
    return {
      params: o.params,
      ...(o.wps ? { wps: o.wps.settings } : {}),
      ...(o.wpa ? { rsn: o.wpa.rsn } : {}),
      eap: o.eap ?? { eapolVersion: o.wpa?.eapolVersion ?? 2 },
    };
  }

  /** Installs the first group key (call once the AP beacons). */
  start(): void {
    this.#wpa?.start();
  }

  /** Forgets every station and timer, without events or kernel commands. */
  stop(): void {
    this.#stopped = true;
    this.#wpa?.stop();
    this.#eap?.stop();
    this.#ap.dispose();
  }

  /** A decoded nl80211 event of the AP interface's socket. */
  onEvent(e: Nl80211Event): void {
    if (this.#stopped) return;
    switch (e.kind) {
      case "frame":
        if (e.ifindex === this.#o.ifindex) this.#ap.handleFrame(e.frame, e.signalDbm);
        return;
      case "frameTxStatus":
        if (e.ifindex === this.#o.ifindex) this.#ap.txStatus(e.frame, e.ack);
        return;
      case "unexpectedFrame":
        if (e.ifindex === this.#o.ifindex) this.#ap.dataFromUnknown(e.mac);
        return;
      case "probeClient":
        if (e.ifindex !== this.#o.ifindex) return;
        this.#ap.pollResult(e.mac, e.ack);
        // hostapd reports only a poll the station acknowledged.
        if (e.ack) this.#o.emit(`AP-STA-POLL-OK ${formatMac(e.mac)}`);
        return;
      case "lowAck":
        if (e.ifindex === this.#o.ifindex) this.#ap.lowAck(e.mac);
        return;
      case "controlPortFrame":
        if (e.ifindex === this.#o.ifindex && e.etherType === ETH_P_PAE) {
          this.receiveEapol(e.src, e.frame);
        }
        return;
      default:
        return;
    }
  }

  /** An EAPOL frame from `src` (control port event or packet socket). */
  receiveEapol(src: Uint8Array, payload: Uint8Array): void {
    if (this.#stopped) return;
    const key = formatMac(src);
    const route = this.#routes.get(key);
    if (!route || payload.length < 4) return;
    if (route.kind === "wpa") {
      this.#wpa?.receiveEapol(src, payload);
      return;
    }
    if (route.kind !== "wps" || !this.#eap) return;
    const type = payload[1];
    if (type === EapolType.START && route.injectedAt !== undefined) {
      const dup = this.#o.clock.now() - route.injectedAt < INJECTED_START_WINDOW_MS;
      route.injectedAt = undefined;
      if (dup) return;
    }
    this.#eap.receive(src, payload);
    if (type === EapolType.LOGOFF) this.#ap.wpsEapFinished(src, true);
  }

  /** Rebuilds the beacon after a WPS state change. */
  wpsIesChanged(): void {
    this.#ap.wpsChanged();
  }

  /** UPDATE_BEACON: the beacon from the BSS config as it is now (SSID, hiding, raw elements). */
  updateBeacon(bss: BssConfig): void {
    this.#ap.updateBeaconSettings({
      ssid: bss.ssid ?? new Uint8Array(0),
      ignoreBroadcastSsid: bss.ignore_broadcast_ssid,
      vendorElements: bss.vendor_elements,
      assocRespElements: bss.assocresp_elements,
    });
  }

  /** DEAUTHENTICATE / DISASSOCIATE from the control interface. */
  kick(kind: "deauth" | "disassoc", addr: Uint8Array, reason: number, tx: boolean): void {
    this.#ap.kick(kind, addr, reason, tx);
  }

  /** WPS_CANCEL's deauthentication of WPS stations. */
  deauthWpsStations(): void {
    this.#ap.deauthWpsStations();
  }

  /** Stations in hostapd's table order, with WPS device info of those that registered. */
  stations(): StaInfo[] {
    const wps = this.#o.wps;
    return this.#ap.stationInfos((mac) => {
      const e = wps?.device(formatMac(mac));
      const w = this.#wpa?.station(mac);
      const stats = this.#stationStats(mac);
      return {
        ...(w ? { mib: wpaStationMib(mac, w) } : {}),
        ...(e ? { wps: e } : {}),
        ...(stats ? { stats } : {}),
        ...(w?.keyid !== undefined ? { keyid: w.keyid } : {}),
      };
    });
  }

  /**
   * POLL_STA: sends an associated station a null data frame; AP-STA-POLL-OK follows when it
   * acknowledges. Returns false for a station the AP does not know.
   */
  pollStation(mac: Uint8Array): boolean {
    const sta = this.#ap.stations.get(mac);
    if (!sta) return false;
    // Only an associated station is in the kernel's table to be polled.
    if (sta.flags.has("ASSOC")) {
      this.#o.commands.postProbeClient?.(this.#o.ifindex, mac, this.#failed("PROBE_CLIENT"));
    }
    return true;
  }

  /** The WPA authenticator's MIB counters and group key state, when WPA runs. */
  wpaMib(): { counters: WpaMibCounters; groupState: number } | undefined {
    const w = this.#wpa;
    return w ? { counters: w.mibCounters, groupState: w.groupState } : undefined;
  }

  /** The kernel's counters of a station for STA; none when it cannot tell (logged). */
  #stationStats(mac: Uint8Array): StationStats | undefined {
    const cmd = this.#o.commands;
    if (!cmd.getStationNow || !this.#kernel.has(formatMac(mac))) return undefined;
    try {
      return cmd.getStationNow(this.#o.ifindex, mac);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      this.#o.logger.log(LogLevel.DEBUG, `nl80211: ${this.#o.ifname}: GET_STATION: ${text}`);
      return undefined;
    }
  }

  /** A handler that logs the kernel's refusal of `what` (unless the BSS is stopping). */
  #failed(what: string, level: LogLevelValue = LogLevel.WARNING): CommandErrorHandler {
    return (err: unknown) => {
      if (this.#stopped) return;
      const text = err instanceof Error ? err.message : String(err);
      this.#o.logger.log(level, `nl80211: ${this.#o.ifname}: ${what}: ${text}`);
    };
  }

  /**
   * The station associated with another BSS of this process: it is disassociated here (reason
   * 1, hostapd's prune_associations), so it is not served, counted or polled by both.
   *
   * @returns whether it was associated here
   */
  pruneStation(mac: Uint8Array): boolean {
    if (this.#stopped || !this.#ap.stations.get(mac)?.flags.has("ASSOC")) return false;
    this.#o.logger.log(LogLevel.INFO, `${this.#o.ifname}: prune association for ${formatMac(mac)}`);
    return this.#ap.disassociate(mac, ReasonCode.UNSPECIFIED);
  }

  // ---- EAPOL ----

  #sendEapol(mac: Uint8Array, eapol: Uint8Array): void {
    if (this.#stopped) return;
    if (this.#eapolSocket) return this.#eapolSocket(mac, eapol);
    const noEncrypt = !this.#keyed.has(formatMac(mac));
    this.#o.commands.postControlPort(
      this.#o.ifindex,
      mac,
      eapol,
      { noEncrypt },
      this.#failed("CONTROL_PORT_FRAME"),
    );
  }

  /** EAP-WSC frames out; an EAP-Failure ends the WPS run, so the station is let go. */
  #sendWscEapol(peer: Uint8Array, eapol: Uint8Array): void {
    this.#sendEapol(peer, eapol);
    if (eapol[1] === EapolType.EAP_PACKET && eapol[4] === EAP_FAILURE) {
      this.#ap.wpsEapFinished(peer);
    }
  }

  #startEapol(mac: Uint8Array, kind: EapolKind, info: EapolStart): void {
    const key = formatMac(mac);
    const route: EapolRoute = { kind };
    this.#routes.set(key, route);
    if (kind === "wpa" && this.#wpa && info.rsnElement) {
      const status = this.#wpa.associate(mac, info.rsnElement);
      if (status !== 0) this.#ap.deauthenticate(mac, ReasonCode.UNSPECIFIED);
    } else if (kind === "wps" && info.wps2 && this.#eap) {
      // WPS 2.0: the AP sends EAP-Request/Identity without waiting for EAPOL-Start.
      route.injectedAt = this.#o.clock.now();
      this.#eap.receive(mac, buildEapol(this.#o.eap?.eapolVersion ?? 2, EapolType.START));
    }
  }

  // ---- ports of the cores ----

  #apHost(): ApHost {
    const cmd = this.#o.commands;
    const ifindex = this.#o.ifindex;
    return {
      sendMgmt: (frame, opts) => {
        // Probe responses need no TX status; the others' status drives the AP core.
        if ((frame[0]! >> 4) === MgmtSubtype.PROBE_RESP) {
          cmd.postFrame(
            ifindex,
            frame,
            this.#failed("CMD_FRAME", LogLevel.DEBUG),
            !opts?.noAck,
          );
        } else {
          cmd.sendFrame(ifindex, frame).catch(this.#failed("CMD_FRAME", LogLevel.DEBUG));
        }
      },
      addStation: (...station) => this.#addStation(...station),
      setAuthorized: (mac, on) => {
        if (!this.#kernel.has(formatMac(mac))) return;
        cmd.postSetStation(
          { ifindex, mac, flags: { AUTHORIZED: on } },
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
          cmd.postDelStation(ifindex, mac, this.#failed("DEL_STATION", LogLevel.DEBUG));
        }
      },
      startEapol: (mac, kind, info) => this.#startEapol(mac, kind, info),
      emit: (text) => this.#o.emit(text),
      ...(this.#o.emitProbeRx ? { emitProbeRx: this.#o.emitProbeRx } : {}),
      beaconChanged: () => {
        if (!this.#stopped) this.#o.beaconChanged();
      },
      ...(cmd.getStationNow
        ? {
          inactiveSeconds: (mac: Uint8Array) => {
            const stats = this.#stationStats(mac);
            return stats ? Math.floor(stats.inactiveMs / 1000) : undefined;
          },
        }
        : {}),
      pollStation: (mac) => {
        if (!this.#kernel.has(formatMac(mac))) return;
        cmd.postProbeClient?.(ifindex, mac, this.#failed("PROBE_CLIENT", LogLevel.DEBUG));
      },
    };
  }

  #addStation(...station: Parameters<ApHost["addStation"]>): void {
    const [mac, aid, capability, rates, listenInterval, flags] = station;
    const cmd = this.#o.commands;
    const ifindex = this.#o.ifindex;
    const key = formatMac(mac);
    // A reassociation replaces the kernel entry (and its keys) rather than editing it.
    if (this.#kernel.has(key)) {
      cmd.postDelStation(ifindex, mac, this.#failed("DEL_STATION", LogLevel.DEBUG));
    }
    this.#kernel.add(key);
    this.#routes.delete(key);
    this.#keyed.delete(key);
    this.#o.stationAssociated?.(mac);
    // The old association's handshake ends here, whatever the new one runs (WPS has none).
    this.#wpa?.disconnect(mac);
    cmd.postNewStation({
      ifindex,
      mac,
      aid,
      capability,
      listenInterval,
      supportedRates: rates.subarray(0, 32),
      ...(flags.htCapabilities ? { htCapability: flags.htCapabilities } : {}),
      ...(flags.vhtCapabilities ? { vhtCapability: flags.vhtCapabilities } : {}),
      flags: {
        AUTHORIZED: false,
        WME: flags.wmm,
        SHORT_PREAMBLE: flags.shortPreamble,
        MFP: flags.mfp ?? false,
      },
    }, (err) => {
      if (this.#stopped) return;
      // Without a kernel entry no data frame can reach the station: let it go.
      this.#o.logger.log(LogLevel.WARNING, `nl80211: NEW_STATION ${key}: ${err.message}`);
      this.#kernel.delete(key);
      this.#ap.deauthenticate(mac, ReasonCode.UNSPECIFIED);
    });
  }

  /**
   * NEW_KEY for a GTK, or with `mgmt` an IGTK, and SET_KEY making it the default transmit (or
   * management) key.
   */
  #installGroupKey(keyIndex: number, key: Uint8Array, cipher: number, mgmt: boolean): void {
    const ifindex = this.#o.ifindex;
    this.#o.commands.postNewKey(
      { ifindex, index: keyIndex, cipher, key },
      this.#failed(mgmt ? "NEW_KEY IGTK" : "NEW_KEY group"),
    );
    this.#o.commands.postSetDefaultKey(
      ifindex,
      keyIndex,
      this.#failed(mgmt ? "SET_KEY default mgmt" : "SET_KEY default"),
      mgmt,
    );
  }

  #wpaHost(): WpaHost {
    const cmd = this.#o.commands;
    const ifindex = this.#o.ifindex;
    return {
      sendEapol: (mac, frame) => this.#sendEapol(mac, frame),
      installPairwiseKey: (mac, tk, cipher) => {
        this.#keyed.add(formatMac(mac));
        cmd.postNewKey(
          { ifindex, index: 0, cipher, key: tk, mac },
          this.#failed("NEW_KEY pairwise"),
        );
      },
      installGroupKey: (keyIndex, gtk, cipher) =>
        this.#installGroupKey(keyIndex, gtk, cipher, false),
      installIntegrityGroupKey: (keyIndex, igtk, cipher) =>
        this.#installGroupKey(keyIndex, igtk, cipher, true),
      // Read as msg 3/4 or group msg 1/2 is built, as hostapd reads it: generic netlink runs
      // the command inside the send, so this costs no wake of the event loop, and a key just
      // installed (counting from zero) is the one read.
      groupKeyRsc: (keyIndex) => {
        try {
          return cmd.getGroupKeyRscNow?.(ifindex, keyIndex) ?? new Uint8Array(8);
        } catch (err) {
          this.#failed("GET_KEY group")(err instanceof Error ? err : new Error(String(err)));
          return new Uint8Array(8);
        }
      },
      authorize: (mac) => {
        const keyid = this.#wpa?.station(mac)?.keyid;
        this.#ap.authorize(mac, keyid !== undefined ? ` keyid=${keyid}` : "");
      },
      deauth: (mac, reason) => {
        this.#ap.deauthenticate(mac, reason);
      },
      emit: (text) => {
        // The AP core reports (dis)connections for every kind of station; the WPA core's
        // copies of those two events would double them.
        if (text.startsWith("AP-STA-CONNECTED ") || text.startsWith("AP-STA-DISCONNECTED ")) return;
        this.#o.emit(text);
      },
    };
  }
}
