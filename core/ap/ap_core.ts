/**
 * The AP's management-frame state machine for one BSS (IEEE 802.11-2020 11.3; reference 6.4,
 * 7.4): Probe Requests answered from the template, open-system authentication, (re)association
 * with SSID, rate, RSN and WPS admission checks and AID allocation, disassociation and
 * deauthentication both ways, and the delayed disconnect after a WPS run. All I/O goes through
 * an {@link ApHost}; time through a Clock.
 *
 * @module
 */

import { formatMac, randomBytes } from "../bytes.ts";
import type { Clock } from "../clock.ts";
import type { StaInfo } from "../ctrl/sta.ts";
import { type Logger, LogLevel, silentLogger } from "../log.ts";
import {
  buildElements,
  Eid,
  type Element,
  ErpFlag,
  findElement,
  hasWmm,
  parseElements,
  readRates,
} from "../ieee80211/element_list.ts";
import { buildMgmtFrame, type MgmtFrame, MgmtSubtype, parseMgmtFrame } from "../ieee80211/frame.ts";
import {
  AuthAlgorithm,
  buildAuth,
  buildReason,
  CapabilityBit,
  parseAssocRequest,
  parseAuth,
  parseReason,
} from "../ieee80211/mgmt_body.ts";
import { ReasonCode, StatusCode } from "../ieee80211/status_codes.ts";
import { negotiateVhtCapab } from "./vht_plan.ts";
import {
  checkStationRsnElement,
  parseRsnElement,
  type RsnElement,
  RsnStatus,
  usesMfp,
} from "../wpa/rsn_ie.ts";
import {
  buildSaQuery,
  DEFAULT_SA_QUERY_TIMING,
  parseSaQuery,
  SA_QUERY_TRANSACTION_ID_LEN,
  SaQueryAction,
  SaQueryProcedure,
} from "./sa_query.ts";
import { extractWpsIe } from "../wps/ie.ts";
import { parseAttributes } from "../wps/attributes.ts";
import { Attr } from "../wps/constants.ts";
import { WscDecodeError } from "../wps/errors.ts";
import { isWfaVendorExt, parseWfaExtension } from "../wps/vendor_ext.ts";
import type { WpsContext } from "../wps/wps_context.ts";
import { type ApParams, effectiveBand } from "./ap_params.ts";
import { type CountedRadio, countStations } from "./station_counts.ts";
import type { ApHost, EapolKind } from "./ap_host.ts";
import {
  type BeaconTemplate,
  type BssState,
  buildAssocResponseFrame,
  buildBeaconTemplate,
  buildProbeResponse,
  initialBssState,
} from "./beacon_builder.ts";
import {
  AUTH_ONLY_LIMIT_S,
  decideInactivity,
  DEFAULT_MAX_INACTIVITY_S,
  FUZZ_RANGE_S,
  type InactivityNext,
  type InactivityPolicy,
} from "./inactivity.ts";
import { MacAcl } from "./mac_acl.ts";
import { formatEnrolleeSeen, pbcSessionUuid, probeWantsUs, probeWps } from "./probe.ts";
import { type StaExtra, type Station, stationInfo, StationTable } from "./station_table.ts";
import { buildWpsIes } from "./wps_ies.ts";

/** Delay of the disconnect after the WPS EAP-Failure (reference 6.4). */
export const WPS_DISCONNECT_DELAY_MS = 10;

/** Options of {@link ApCore}. */
export interface ApCoreOptions {
  /** The BSS's WPS state when wps_state is not 0. */
  wps?: WpsContext;
  /** The accept/deny policy (default: accept everyone). */
  acl?: MacAcl;
  /** The AP runs on two bands (WPS RF Bands). */
  dualBand?: boolean;
  /**
   * Start the port only once the (Re)Association Response is acknowledged ({@link
   * ApCore.txStatus}); otherwise at once after sending it.
   */
  awaitAssocAck?: boolean;
  /**
   * Time out quiet stations (core/ap/inactivity.ts) by the params' `maxInactivity` and
   * `skipInactivityPoll`. Without it stations stay until they leave or are sent away.
   */
  timeOutStations?: boolean;
  /** Debug log. */
  logger?: Logger;
}

const BROADCAST = new Uint8Array(6).fill(0xff);
/** The Protected Frame bit of the Frame Control field (read little-endian). */
const FC_PROTECTED = 0x4000;
/** Where the Address 1 (DA) field sits in a management frame header. */
const PROBE_RESPONSE_DA_OFFSET = 4;
/** Least time between two Deauthentications for spurious data frames from one station (ms). */
const CLASS3_DEAUTH_INTERVAL_MS = 1000;
/** Stations whose last such Deauthentication is remembered for the interval. */
const CLASS3_REMEMBERED = 64;
/** Rates of 802.11b (1, 2, 5.5, 11 Mb/s): a station with only these is non-ERP. */
const DSSS_RATES = new Set([2, 4, 11, 22]);
/** Flags recomputed at every (re)association. */
const ASSOC_FLAGS = [
  "WPS",
  "WPS2",
  "MAYBE_WPS",
  "WMM",
  "HT",
  "VHT",
  "NonERP",
  "SHORT_PREAMBLE",
  "MFP",
] as const;

function sameMac(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** What UPDATE_BEACON takes from the BSS config as SET changed it. */
export interface BeaconSettings {
  /** `ssid` octets. */
  ssid: Uint8Array;
  /** `ignore_broadcast_ssid`. */
  ignoreBroadcastSsid: number;
  /** `vendor_elements`. */
  vendorElements?: Uint8Array;
  /** `assocresp_elements`. */
  assocRespElements?: Uint8Array;
}

/** The management core of one BSS. */
export class ApCore {
  readonly #host: ApHost;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #wps?: WpsContext;
  readonly #dualBand: boolean;
  readonly #awaitAck: boolean;
  readonly #timeOutStations: boolean;
  readonly #pendingAck = new Set<string>();
  /** When each station was last sent away for a spurious data frame (see dataFromUnknown). */
  readonly #class3Sent = new Map<string, number>();
  #params: ApParams;
  #apRsn?: RsnElement;
  #acl: MacAcl;
  #state: BssState = initialBssState();
  // The Probe Response for the current state, addressed to broadcast: only DA differs per
  // station, and scanning stations send bursts of probes (the state object is replaced, never
  // edited, on every change).
  #probeResponse: { state: BssState; frame: Uint8Array } | null = null;
  /** The station table (read by the control interface). */
  readonly stations: StationTable;

  /**
   * @param params configuration and radio facts
   * @param host the daemon port
   * @param clock timer source
   * @param options WPS context, ACL, logger
   * @throws {RsnDecodeError} when the AP's own RSN element is malformed
   */
  constructor(params: ApParams, host: ApHost, clock: Clock, options: ApCoreOptions = {}) {
    this.#params = params;
    this.#host = host;
    this.#clock = clock;
    this.#log = options.logger ?? silentLogger;
    this.#wps = params.wpsState !== 0 ? options.wps : undefined;
    this.#dualBand = options.dualBand ?? false;
    this.#awaitAck = options.awaitAssocAck ?? false;
    this.#timeOutStations = options.timeOutStations ?? false;
    this.#acl = options.acl ?? new MacAcl(0);
    this.stations = new StationTable(params.maxStations);
    if (params.rsnElement) this.#apRsn = parseRsnElement(params.rsnElement);
    this.#refreshWps();
  }

  /** The parameters in force. */
  get params(): ApParams {
    return this.#params;
  }

  /** The beacon, Probe Response template and IEs for START_AP / SET_BEACON. */
  beacon(): BeaconTemplate {
    return buildBeaconTemplate(this.#params, this.#state);
  }

  /**
   * UPDATE_BEACON: the SSID, its hiding and the raw elements the frames end with (undefined or
   * empty: none) as SET left them, then the beacon again. Probe responses and association
   * checks follow at once, as hostapd's (which reads its config for them); the PSK stays the one
   * derived at start, as hostapd's does until RELOAD.
   */
  updateBeaconSettings(s: BeaconSettings): void {
    const p = { ...this.#params, ssid: s.ssid.slice(), ignoreBroadcastSsid: s.ignoreBroadcastSsid };
    delete p.vendorElements;
    delete p.assocRespElements;
    if (s.vendorElements?.length) p.vendorElements = s.vendorElements.slice();
    if (s.assocRespElements?.length) p.assocRespElements = s.assocRespElements.slice();
    this.#params = p;
    this.#host.beaconChanged();
  }

  /** The WPS state changed (WpsHost.selectedRegistrarChanged): rebuild IEs, update beacon. */
  wpsChanged(): void {
    this.#refreshWps();
    this.#host.beaconChanged();
  }

  /**
   * Replaces the access policy and deauthenticates stations it now rejects (reason 1).
   *
   * @param acl the new policy
   */
  setAcl(acl: MacAcl): void {
    this.#acl = acl;
    for (const sta of this.stations.list()) {
      if (!acl.check(sta.mac).accepted) this.deauthenticate(sta.mac, ReasonCode.UNSPECIFIED);
    }
  }

  /**
   * Handles a received management frame (NL80211_CMD_FRAME). Malformed frames and frames for
   * other BSSs are dropped.
   *
   * @param frame the whole frame, header included
   * @param signalDbm the received signal strength, when the driver reports it
   */
  handleFrame(frame: Uint8Array, signalDbm?: number): void {
    let h: MgmtFrame;
    try {
      h = parseMgmtFrame(frame);
    } catch (e) {
      this.#log.log(LogLevel.DEBUG, `AP: dropped frame: ${(e as Error).message}`);
      return;
    }
    if (h.sa[0]! & 1 || sameMac(h.sa, this.#params.bssid)) return;
    try {
      this.#dispatch(h, signalDbm);
    } catch (e) {
      if (!(e instanceof SyntaxError || e instanceof RangeError)) throw e;
      this.#log.log(LogLevel.DEBUG, `AP: dropped frame from ${formatMac(h.sa)}: ${e.message}`);
    }
  }

  #dispatch(h: MgmtFrame, signalDbm: number | undefined): void {
    const own = this.#params.bssid;
    if (h.subtype === MgmtSubtype.PROBE_REQ) {
      const toUs = (a: Uint8Array) => sameMac(a, own) || sameMac(a, BROADCAST);
      if (toUs(h.da) && toUs(h.bssid)) this.#onProbe(h, signalDbm);
      return;
    }
    if (!sameMac(h.da, own) || !sameMac(h.bssid, own)) return;
    switch (h.subtype) {
      case MgmtSubtype.AUTH:
        return this.#onAuth(h);
      case MgmtSubtype.ASSOC_REQ:
        return this.#onAssoc(h, false);
      case MgmtSubtype.REASSOC_REQ:
        return this.#onAssoc(h, true);
      case MgmtSubtype.DISASSOC:
        return this.#onDisassoc(h);
      case MgmtSubtype.DEAUTH:
        return this.#onDeauth(h);
      case MgmtSubtype.ACTION:
        return this.#onAction(h);
    }
  }

  /**
   * Sends one SA Query Request to a station (the SA_QUERY command); its response is logged
   * unless an association check is waiting for it.
   */
  sendSaQuery(mac: Uint8Array): void {
    this.#sendSaQuery(mac, SaQueryAction.REQUEST, randomBytes(SA_QUERY_TRANSACTION_ID_LEN));
  }

  #sendSaQuery(mac: Uint8Array, action: number, transactionId: Uint8Array): void {
    this.#log.log(
      LogLevel.DEBUG,
      `AP: sending SA Query ${action === SaQueryAction.REQUEST ? "Request" : "Response"} to ${
        formatMac(mac)
      }`,
    );
    this.#send(mac, MgmtSubtype.ACTION, buildSaQuery({ action, transactionId }));
  }

  /** Action frames: tsapd registers SA Query only (IEEE 802.11-2020 11.13). */
  #onAction(h: MgmtFrame): void {
    const q = parseSaQuery(h.body);
    if (!q) return;
    const sta = this.stations.get(h.sa);
    // A robust Action frame from an MFP station must have come under its keys.
    if (sta?.flags.has("MFP") && !(h.frameControl & FC_PROTECTED)) {
      this.#log.log(LogLevel.DEBUG, `AP: dropped unprotected SA Query from MFP ${sta.key}`);
      return;
    }
    if (q.action === SaQueryAction.REQUEST) {
      if (!sta?.flags.has("ASSOC")) {
        this.#log.log(
          LogLevel.DEBUG,
          `AP: ignored SA Query Request from unassociated ${formatMac(h.sa)}`,
        );
        return;
      }
      return this.#sendSaQuery(sta.mac, SaQueryAction.RESPONSE, q.transactionId);
    }
    if (q.action === SaQueryAction.RESPONSE) {
      if (sta?.saQuery?.onResponse(q.transactionId)) return;
      this.#log.log(LogLevel.DEBUG, `AP: SA Query Response from ${formatMac(h.sa)}: no such query`);
    }
  }

  /**
   * An MFP station still associated asks to associate again: refused with status 30 until an
   * SA Query shows the old association is gone (it times out) — a forged request cannot end a
   * protected association. Returns the comeback time to answer with, or undefined to go on.
   */
  #saQueryComeback(sta: Station): number | undefined {
    if (!sta.flags.has("ASSOC") || !sta.flags.has("MFP")) return undefined;
    const timing = this.#params.saQuery ?? DEFAULT_SA_QUERY_TIMING;
    const q = sta.saQuery ??= new SaQueryProcedure(
      this.#clock,
      timing,
      (id) => this.#sendSaQuery(sta.mac, SaQueryAction.REQUEST, id),
      (text) => this.#log.log(LogLevel.DEBUG, `AP: ${sta.key} ${text}`),
    );
    if (q.checkTimeout()) return undefined;
    q.start();
    return q.comebackTu();
  }

  #onProbe(h: MgmtFrame, signalDbm: number | undefined): void {
    // As hostapd: a station the ACL refuses is not answered, and its probe feeds no WPS state
    // (no WPS-ENROLLEE-SEEN, no PBC session that could cause an overlap).
    if (!this.#acl.check(h.sa).accepted) {
      this.#log.log(
        LogLevel.DEBUG,
        `AP: ignore Probe Request frame from ${formatMac(h.sa)} due to ACL reject`,
      );
      return;
    }
    const elements = parseElements(h.body, 24);
    if (this.#wps) this.#probeWps(h.sa, elements);
    const p = this.#params;
    if (!findElement(elements, Eid.SUPPORTED_RATES)) return;
    // As hostapd: on 2.4 GHz a request sent on another channel (one that overlaps ours) is
    // not answered, since the station is unlikely to hear the response.
    const ds = findElement(elements, Eid.DS_PARAMETER_SET)?.body;
    if (ds?.length && effectiveBand(p.hwMode, p.channel) !== "a" && ds[0] !== p.channel) {
      this.#log.log(
        LogLevel.DEBUG,
        `AP: ignore Probe Request due to DS Params mismatch: chan=${p.channel} != ds.chan=${ds[0]}`,
      );
      return;
    }
    if (!probeWantsUs(elements, p.ssid, p.ignoreBroadcastSsid !== 0)) return;
    if (
      p.noProbeRespIfMaxSta && h.da[0]! & 1 && h.bssid[0]! & 1 &&
      this.stations.size >= p.maxStations && !this.stations.get(h.sa)
    ) {
      this.#log.log(
        LogLevel.DEBUG,
        `AP: ignore Probe Request from ${formatMac(h.sa)} since no room for additional STA`,
      );
      return;
    }
    // hostapd reports a signal it was not given as 0.
    this.#host.emitProbeRx?.(`RX-PROBE-REQUEST sa=${formatMac(h.sa)} signal=${signalDbm ?? 0}`);
    if (this.#probeResponse?.state !== this.#state) {
      this.#probeResponse = {
        state: this.#state,
        frame: buildProbeResponse(p, this.#state, BROADCAST),
      };
    }
    const frame = this.#probeResponse.frame.slice();
    frame.set(h.sa, PROBE_RESPONSE_DA_OFFSET);
    // Like hostapd: a broadcast wildcard probe is answered once, without ACK (many APs answer
    // it at once); a probe for this SSID or this BSS gets an acknowledged, retried response.
    const wildcard = findElement(elements, Eid.SSID)?.body.length === 0;
    this.#host.sendMgmt(frame, { noAck: wildcard && h.da.every((b) => b === 0xff) });
  }

  #probeWps(sa: Uint8Array, elements: Element[]): void {
    let wps;
    try {
      wps = probeWps(elements, this.#params.ssid);
    } catch (err) {
      // A malformed WPS IE only loses the WPS part: the request is still answered, as
      // hostapd's wps_registrar_probe_req_rx returns on a parse error before the response.
      if (err instanceof WscDecodeError) return;
      throw err;
    }
    if (!wps) return;
    const seen = formatEnrolleeSeen(sa, wps);
    if (seen) this.#host.emit(seen);
    const uuid = pbcSessionUuid(wps);
    if (uuid) this.#wps!.recordProbe(sa, uuid);
  }

  #onAuth(h: MgmtFrame): void {
    const a = parseAuth(h.body);
    const reply = (status: number) =>
      this.#send(h.sa, MgmtSubtype.AUTH, buildAuth(a.algorithm, a.transaction + 1, status));
    // tsapd has no WEP keys, so Shared Key authentication can never succeed (auth_algs=2).
    if (a.algorithm !== AuthAlgorithm.OPEN_SYSTEM || !(this.#params.authAlgs & 1)) {
      return reply(StatusCode.NOT_SUPPORTED_AUTH_ALG);
    }
    if (a.transaction !== 1) return reply(StatusCode.UNKNOWN_AUTH_TRANSACTION);
    const acl = this.#acl.check(h.sa);
    if (!acl.accepted) {
      this.#log.log(LogLevel.INFO, `AP: ${formatMac(h.sa)} rejected by the MAC ACL`);
      return reply(StatusCode.UNSPECIFIED_FAILURE);
    }
    // An accept_mac_file line may name a VLAN; tsapd runs no VLANs (dynamic_vlan=0, no
    // vlan_file), so such a station is refused, as hostapd refuses an invalid VLAN, rather
    // than let onto the untagged LAN.
    if (acl.vlanId > 0) {
      this.#log.log(LogLevel.INFO, `AP: ${formatMac(h.sa)} rejected: VLAN ${acl.vlanId} not run`);
      return reply(StatusCode.UNSPECIFIED_FAILURE);
    }
    const sta = this.stations.add(h.sa);
    if (!sta) return reply(StatusCode.AP_UNABLE_TO_HANDLE_NEW_STA);
    sta.flags.add("AUTH");
    sta.vlanId = acl.vlanId;
    if (!sta.flags.has("ASSOC")) this.#armInactivity(sta, AUTH_ONLY_LIMIT_S, "DEAUTH");
    this.#log.log(LogLevel.DEBUG, `AP: ${sta.key} authenticated (open system)`);
    reply(StatusCode.SUCCESS);
  }

  #onAssoc(h: MgmtFrame, reassoc: boolean): void {
    const sta = this.stations.get(h.sa);
    if (!sta || !sta.flags.has("AUTH")) {
      // 11.3.3: a Class 2 frame from an unauthenticated station.
      this.#send(
        h.sa,
        MgmtSubtype.DEAUTH,
        buildReason(ReasonCode.CLASS2_FRAME_FROM_NONAUTH_STA),
      );
      return;
    }
    const req = parseAssocRequest(h.body, reassoc);
    const respond = (st: number, aid: number, comebackTu?: number) =>
      this.#host.sendMgmt(buildAssocResponseFrame(this.#params, this.#state, sta.mac, {
        reassoc,
        status: st,
        aid,
        ht: sta.flags.has("HT"),
        wmm: sta.flags.has("WMM"),
        wps: this.#params.wpa !== 0 && (sta.flags.has("WPS") || sta.flags.has("MAYBE_WPS")),
        ...(comebackTu !== undefined ? { comebackTu } : {}),
      }));
    // Before the request touches the record: a refused one leaves the old association whole.
    const comeback = this.#saQueryComeback(sta);
    if (comeback !== undefined) {
      this.#log.log(LogLevel.INFO, `AP: ${sta.key} association rejected temporarily (SA Query)`);
      return respond(StatusCode.ASSOC_REJECTED_TEMPORARILY, 0, comeback);
    }
    const status = this.#checkAssoc(sta, req.capability, req.listenInterval, req.elements);
    if (status !== StatusCode.SUCCESS) {
      this.#log.log(LogLevel.INFO, `AP: ${sta.key} association rejected (status ${status})`);
      return respond(status, 0);
    }
    const aid = this.stations.allocateAid(sta);
    if (aid === 0) return respond(StatusCode.AP_UNABLE_TO_HANDLE_NEW_STA, 0);
    this.#completeAssoc(sta, respond);
  }

  /** Applies the request's fields to the record; returns the status to answer with. */
  #checkAssoc(sta: Station, cap: number, listen: number, elements: Element[]): number {
    const p = this.#params;
    if (listen > p.maxListenInterval) return StatusCode.ASSOC_DENIED_LISTEN_INT_TOO_LARGE;
    const ssid = findElement(elements, Eid.SSID);
    if (!ssid || !sameMac(ssid.body, p.ssid)) return StatusCode.UNSPECIFIED_FAILURE;
    const rates = readRates(elements);
    if (!rates || rates.length === 0 || rates.length > 32) return StatusCode.UNSPECIFIED_FAILURE;
    for (const f of ASSOC_FLAGS) sta.flags.delete(f);
    sta.capability = cap;
    sta.listenInterval = listen;
    sta.supportedRates = rates.slice();
    sta.rsnElement = undefined;
    sta.wpsIe = undefined;
    sta.htCapabilities = undefined;
    sta.vhtCapabilities = undefined;
    // Kept for STA, as hostapd keeps them: the bodies of two elements it prints in hex.
    const opClasses = findElement(elements, Eid.SUPPORTED_OPERATING_CLASSES)?.body;
    sta.suppOpClasses = opClasses?.length ? opClasses.slice() : undefined;
    const extCapab = findElement(elements, Eid.EXT_CAPABILITIES)?.body;
    sta.extCapab = extCapab?.length ? extCapab.slice() : undefined;
    if (p.wmm && hasWmm(elements)) sta.flags.add("WMM");
    const ht = findElement(elements, Eid.HT_CAPABILITIES);
    // HT rides on WMM (QoS data): without it the station is served as non-HT, as in hostapd.
    if (p.ht && ht && ht.body.length >= 26 && sta.flags.has("WMM")) {
      sta.flags.add("HT");
      sta.htCapabilities = ht.body.slice();
      const vht = findElement(elements, Eid.VHT_CAPABILITIES);
      if (p.vht && vht && vht.body.length >= 12) {
        sta.flags.add("VHT");
        sta.vhtCapabilities = vht.body.slice(0, 12);
      }
    }
    // Only an ERP (802.11g) BSS tells its stations apart by it: hostapd flags none in 11b.
    if (
      effectiveBand(p.hwMode, p.channel) === "g" && rates.every((r) => DSSS_RATES.has(r & 0x7f))
    ) sta.flags.add("NonERP");
    if (cap & CapabilityBit.SHORT_PREAMBLE) sta.flags.add("SHORT_PREAMBLE");
    return this.#checkSecurity(sta, elements);
  }

  /** The station's VHT Capabilities for the kernel: its own, less what this AP cannot use. */
  #kernelVhtCapabilities(sta: Station): Uint8Array | undefined {
    const body = sta.vhtCapabilities;
    const own = this.#params.vht?.capabilities.capabilitiesInfo;
    if (!body || own === undefined) return undefined;
    const out = body.slice();
    const view = new DataView(out.buffer);
    view.setUint32(0, negotiateVhtCapab(view.getUint32(0, true), own), true);
    return out;
  }

  /** Reference 6.4: WPS IE admits for EAP-WSC only; otherwise the RSN element is checked. */
  #checkSecurity(sta: Station, elements: Element[]): number {
    const p = this.#params;
    const rsn = findElement(elements, Eid.RSN);
    const wpsIe = extractWpsIe(buildElements(elements));
    if (p.wpsState !== 0 && wpsIe) {
      sta.flags.add("WPS");
      if (isWps2(wpsIe)) sta.flags.add("WPS2");
      sta.wpsIe = wpsIe;
      return StatusCode.SUCCESS;
    }
    if (p.wpsState !== 0 && !rsn) {
      sta.flags.add("MAYBE_WPS");
      return StatusCode.SUCCESS;
    }
    if (p.wpa === 0) return StatusCode.SUCCESS;
    if (!rsn || !this.#apRsn) return StatusCode.INVALID_IE;
    const whole = Uint8Array.of(Eid.RSN, rsn.body.length, ...rsn.body);
    let parsed: RsnElement;
    try {
      parsed = parseRsnElement(whole);
    } catch {
      return RsnStatus.INVALID_IE;
    }
    const status = checkStationRsnElement(this.#apRsn, parsed);
    if (status !== StatusCode.SUCCESS) return status;
    sta.rsnElement = whole;
    if (usesMfp(this.#apRsn, parsed)) sta.flags.add("MFP");
    return status;
  }

  #completeAssoc(sta: Station, respond: (status: number, aid: number) => void): void {
    const open = this.#params.wpa === 0 && !this.#params.ieee8021x;
    // A reassociation restarts the security association (a new 4-way or WPS run).
    if (sta.flags.has("ASSOC") && !open) this.#setAuthorized(sta, false, true);
    this.#cancelDisconnect(sta);
    this.#endSaQuery(sta);
    sta.flags.add("ASSOC");
    sta.flags.delete("PENDING_POLL");
    sta.assocAt = this.#clock.now();
    this.#armInactivity(sta, this.#inactivityPolicy.maxSeconds, "NULLFUNC POLL");
    this.#host.addStation(
      sta.mac,
      sta.aid,
      sta.capability,
      sta.supportedRates,
      sta.listenInterval,
      {
        wmm: sta.flags.has("WMM"),
        shortPreamble: sta.flags.has("SHORT_PREAMBLE"),
        htCapabilities: sta.htCapabilities,
        vhtCapabilities: this.#kernelVhtCapabilities(sta),
        vlanId: sta.vlanId,
        mfp: sta.flags.has("MFP"),
      },
    );
    respond(StatusCode.SUCCESS, sta.aid);
    this.#log.log(LogLevel.INFO, `AP: ${sta.key} associated (aid ${sta.aid})`);
    this.#updateBssState();
    if (this.#awaitAck) {
      this.#pendingAck.add(sta.key);
      return;
    }
    this.#startPort(sta);
  }

  /** Opens the port of an open network and starts EAP-WSC or the 4-way handshake. */
  #startPort(sta: Station): void {
    const p = this.#params;
    if (p.wpa === 0 && !p.ieee8021x) {
      // A station that (re)associates while still associated keeps its flag, but its kernel
      // entry was made anew, unauthorized: tell the kernel again (no second event, as hostapd).
      if (sta.flags.has("AUTHORIZED")) this.#host.setAuthorized(sta.mac, true);
      else this.#setAuthorized(sta, true, true);
    }
    const wps = sta.flags.has("WPS") || sta.flags.has("MAYBE_WPS");
    const kind: EapolKind = wps ? "wps" : sta.rsnElement ? "wpa" : "none";
    this.#host.startEapol(sta.mac, kind, {
      rsnElement: sta.rsnElement,
      wps2: sta.flags.has("WPS2"),
      maybeWps: sta.flags.has("MAYBE_WPS"),
    });
  }

  /**
   * TX status of a frame sent through {@link ApHost.sendMgmt} (NL80211_CMD_FRAME_TX_STATUS).
   * With `awaitAssocAck`, a successful (Re)Association Response that was acknowledged starts
   * the station's port; one that was not undoes the association, as hostapd does.
   *
   * @param frame the frame as sent
   * @param acked the station acknowledged it
   */
  txStatus(frame: Uint8Array, acked: boolean): void {
    if (frame.length < 30) return;
    const subtype = frame[0]! >> 4;
    if (subtype !== MgmtSubtype.ASSOC_RESP && subtype !== MgmtSubtype.REASSOC_RESP) return;
    const sta = this.stations.get(frame.subarray(4, 10));
    if (!sta || !this.#pendingAck.delete(sta.key)) return;
    this.#log.log(
      LogLevel.DEBUG,
      `AP: ${sta.key} association response TX status ack=${acked ? 1 : 0}`,
    );
    if (acked) return this.#startPort(sta);
    this.#log.log(LogLevel.INFO, `AP: ${sta.key} did not acknowledge the association response`);
    this.#leaveAssoc(sta);
  }

  #onDisassoc(h: MgmtFrame): void {
    const reason = parseReason(h.body);
    const sta = this.stations.get(h.sa);
    if (!sta) return;
    this.#log.log(LogLevel.INFO, `AP: ${sta.key} disassociated (reason ${reason})`);
    this.#leaveAssoc(sta);
  }

  /** Back to authenticated-only: port closed, kernel entry and AID released. */
  #leaveAssoc(sta: Station): void {
    this.#pendingAck.delete(sta.key);
    this.#endSaQuery(sta);
    this.#setAuthorized(sta, false, false);
    if (sta.flags.has("ASSOC")) this.#host.removeStation(sta.mac);
    // hostapd drops only ASSOC (and the port): STA still shows e.g. [AUTH][SHORT_PREAMBLE].
    sta.flags.delete("ASSOC");
    sta.assocAt = undefined;
    this.#cancelDisconnect(sta);
    this.stations.releaseAid(sta);
    this.#armInactivity(sta, AUTH_ONLY_LIMIT_S, "DEAUTH");
    this.#updateBssState();
  }

  #onDeauth(h: MgmtFrame): void {
    const reason = parseReason(h.body);
    if (!this.stations.get(h.sa)) return;
    this.#log.log(LogLevel.INFO, `AP: ${formatMac(h.sa)} deauthenticated (reason ${reason})`);
    this.#drop(h.sa);
  }

  /**
   * The WPA core (or the daemon) opened the station's port: emits `AP-STA-CONNECTED`.
   *
   * @param mac the station
   * @param suffix text appended to the event, e.g. ` keyid=abc`
   * @returns false when the station is not associated
   */
  authorize(mac: Uint8Array, suffix = ""): boolean {
    const sta = this.stations.get(mac);
    if (!sta || !sta.flags.has("ASSOC")) return false;
    this.#setAuthorized(sta, true, true, suffix);
    return true;
  }

  /**
   * Deauthenticates a station: sends Deauthentication with `reason`, closes its port (emitting
   * `AP-STA-DISCONNECTED` when it was open), removes it from the kernel and the table.
   *
   * @param mac the station
   * @param reason the 802.11 reason code
   * @returns false when the station is unknown
   */
  deauthenticate(mac: Uint8Array, reason: number): boolean {
    if (!this.stations.get(mac)) return false;
    this.#send(mac, MgmtSubtype.DEAUTH, buildReason(reason));
    this.#drop(mac);
    return true;
  }

  /**
   * The kernel saw a data frame from `mac`, which it has no station entry for (hostapd's
   * spurious class 3 frame): unless the station is associated here after all, it is told with a
   * Deauthentication, reason 7, so it associates again instead of sending into the void. At
   * most one a second per station, however fast the frames come.
   *
   * @returns whether the Deauthentication was sent
   */
  dataFromUnknown(mac: Uint8Array): boolean {
    if (this.stations.get(mac)?.flags.has("ASSOC")) return false;
    const key = formatMac(mac);
    const now = this.#clock.now();
    const last = this.#class3Sent.get(key);
    if (last !== undefined && now - last < CLASS3_DEAUTH_INTERVAL_MS) return false;
    this.#class3Sent.delete(key);
    this.#class3Sent.set(key, now);
    // Only the newest few matter: a long-gone station's entry is dropped first.
    if (this.#class3Sent.size > CLASS3_REMEMBERED) {
      this.#class3Sent.delete(this.#class3Sent.keys().next().value!);
    }
    this.#log.log(LogLevel.DEBUG, `AP: data frame from ${key}, not associated: deauthenticating`);
    this.#send(mac, MgmtSubtype.DEAUTH, buildReason(ReasonCode.CLASS3_FRAME_FROM_NONASSOC_STA));
    return true;
  }

  /**
   * Disassociates a station (it stays authenticated).
   *
   * @param mac the station
   * @param reason the 802.11 reason code
   * @returns false when the station is not associated
   */
  disassociate(mac: Uint8Array, reason: number): boolean {
    const sta = this.stations.get(mac);
    if (!sta || !sta.flags.has("ASSOC")) return false;
    this.#send(mac, MgmtSubtype.DISASSOC, buildReason(reason));
    this.#leaveAssoc(sta);
    return true;
  }

  /**
   * The EAP server sent the final EAP-Failure of a WPS run: deauthenticate the station with
   * reason 23 after 10 ms, or at once after an EAPOL-Logoff (reference 6.4).
   *
   * @param mac the station
   * @param logoff the run ended on EAPOL-Logoff
   */
  wpsEapFinished(mac: Uint8Array, logoff = false): void {
    const sta = this.stations.get(mac);
    if (!sta) return;
    this.#cancelDisconnect(sta);
    const go = () => {
      sta.disconnectTimer = undefined;
      if (this.stations.get(mac) === sta) {
        this.deauthenticate(mac, ReasonCode.IEEE_802_1X_AUTH_FAILED);
      }
    };
    if (logoff) return go();
    sta.disconnectTimer = this.#clock.setTimer(WPS_DISCONNECT_DELAY_MS, go);
  }

  /**
   * DEAUTHENTICATE / DISASSOCIATE from the control interface (hostapd's semantics): the frame
   * goes to `mac` whether or not it is a known station (unless `tx` is false), then a known
   * station is dropped (deauthentication) or sent back to authenticated-only (disassociation);
   * the broadcast address drops every station.
   *
   * @param kind which frame
   * @param mac the station, or ff:ff:ff:ff:ff:ff
   * @param reason the 802.11 reason code
   * @param tx send the frame (`tx=0` only removes the station)
   */
  kick(kind: "deauth" | "disassoc", mac: Uint8Array, reason: number, tx: boolean): void {
    if (tx) {
      this.#send(
        mac,
        kind === "deauth" ? MgmtSubtype.DEAUTH : MgmtSubtype.DISASSOC,
        buildReason(reason),
      );
    }
    const what = kind === "deauth" ? "deauthenticated" : "disassociated";
    if (mac[0] === 0xff) {
      for (const sta of this.stations.list()) {
        this.#log.log(LogLevel.INFO, `AP: ${sta.key} ${what} by request (reason ${reason})`);
        this.#drop(sta.mac);
      }
      return;
    }
    const sta = this.stations.get(mac);
    if (!sta) return;
    this.#log.log(LogLevel.INFO, `AP: ${sta.key} ${what} by request (reason ${reason})`);
    if (kind === "deauth") this.#drop(mac);
    else if (sta.flags.has("ASSOC")) this.#leaveAssoc(sta);
  }

  /** WPS_CANCEL: deauthenticates every station flagged WPS with reason 2 (reference 2.5). */
  deauthWpsStations(): void {
    for (const sta of this.stations.list()) {
      if (sta.flags.has("WPS")) this.deauthenticate(sta.mac, ReasonCode.PREV_AUTH_NOT_VALID);
    }
  }

  /**
   * The stations as the control interface shows them, newest first.
   *
   * @param extra per-station MIB and WPS lines from the daemon
   * @returns the STA views
   */
  stationInfos(extra?: (mac: Uint8Array) => StaExtra): StaInfo[] {
    const now = this.#clock.now();
    return this.stations.list().map((s) => stationInfo(s, now, extra?.(s.mac)));
  }

  /**
   * The driver reports that frames to the station went unacknowledged many times in a row
   * (NL80211_CMD_NOTIFY_CQM packet loss): with `disassoc_low_ack=1` the station is
   * disassociated with reason 34, as hostapd does; otherwise nothing happens.
   *
   * @param mac the station
   * @returns true when the station was disassociated
   */
  lowAck(mac: Uint8Array): boolean {
    const sta = this.stations.get(mac);
    if (!this.#params.disassocLowAck || !sta || !sta.flags.has("ASSOC")) return false;
    this.#log.log(LogLevel.INFO, `AP: ${sta.key} disconnected due to excessive missing ACKs`);
    this.disassociate(mac, ReasonCode.DISASSOC_LOW_ACK);
    return true;
  }

  /**
   * The result of a poll sent through {@link ApHost.pollStation}: an acknowledged one shows
   * the station is still there.
   *
   * @param mac the station
   * @param acked it acknowledged the null data frame
   */
  pollResult(mac: Uint8Array, acked: boolean): void {
    if (acked) this.stations.get(mac)?.flags.delete("PENDING_POLL");
  }

  /** Cancels every timer (BSS teardown); stations are left to the daemon's STOP_AP. */
  dispose(): void {
    for (const sta of this.stations.list()) {
      this.#cancelDisconnect(sta);
      this.#cancelInactivity(sta);
      this.#endSaQuery(sta);
    }
  }

  #endSaQuery(sta: Station): void {
    sta.saQuery?.stop();
    sta.saQuery = undefined;
  }

  /** `ap_max_inactivity` and `skip_inactivity_poll`, from the params in force. */
  get #inactivityPolicy(): InactivityPolicy {
    return {
      maxSeconds: this.#params.maxInactivity ?? DEFAULT_MAX_INACTIVITY_S,
      skipPoll: this.#params.skipInactivityPoll ?? false,
    };
  }

  /** (Re)starts the station's inactivity timer, when the AP runs them (ApCoreOptions). */
  #armInactivity(sta: Station, seconds: number, next: InactivityNext): void {
    if (!this.#timeOutStations) return;
    this.#cancelInactivity(sta);
    sta.inactivityNext = next;
    sta.inactivityTimer = this.#clock.setTimer(seconds * 1000, () => {
      sta.inactivityTimer = undefined;
      if (this.stations.get(sta.mac) === sta) this.#onInactivityTimer(sta);
    });
  }

  #cancelInactivity(sta: Station): void {
    if (sta.inactivityTimer !== undefined) this.#clock.clearTimer(sta.inactivityTimer);
    sta.inactivityTimer = undefined;
  }

  #onInactivityTimer(sta: Station): void {
    const associated = sta.flags.has("ASSOC");
    // A host that cannot tell how long a station was quiet gets no associated station taken.
    if (associated && !this.#host.inactiveSeconds) return;
    const action = decideInactivity({
      associated,
      next: sta.inactivityNext ?? "NULLFUNC POLL",
      pendingPoll: sta.flags.has("PENDING_POLL"),
      inactiveSeconds: associated ? this.#host.inactiveSeconds?.(sta.mac) : undefined,
      fuzzSeconds: crypto.getRandomValues(new Uint8Array(1))[0]! % FUZZ_RANGE_S,
    }, this.#inactivityPolicy);
    switch (action.kind) {
      case "wait":
        sta.flags.delete("PENDING_POLL");
        this.#armInactivity(sta, action.seconds, "NULLFUNC POLL");
        return;
      case "poll":
        this.#log.log(LogLevel.DEBUG, `AP: ${sta.key} inactive; polling it`);
        sta.flags.add("PENDING_POLL");
        this.#host.pollStation?.(sta.mac);
        this.#armInactivity(sta, action.seconds, "DISASSOC");
        return;
      case "disassociate":
        this.#log.log(LogLevel.INFO, `AP: ${sta.key} disassociated due to inactivity`);
        this.#send(
          sta.mac,
          MgmtSubtype.DISASSOC,
          buildReason(ReasonCode.DISASSOC_DUE_TO_INACTIVITY),
        );
        this.#leaveAssoc(sta);
        this.#armInactivity(sta, action.seconds, "DEAUTH");
        return;
      case "deauthenticate":
        this.#log.log(LogLevel.INFO, `AP: ${sta.key} deauthenticated due to inactivity`);
        this.deauthenticate(sta.mac, ReasonCode.PREV_AUTH_NOT_VALID);
        return;
    }
  }

  #drop(mac: Uint8Array): void {
    const sta = this.stations.get(mac);
    if (!sta) return;
    this.#pendingAck.delete(sta.key);
    this.#cancelDisconnect(sta);
    this.#cancelInactivity(sta);
    this.#endSaQuery(sta);
    this.#setAuthorized(sta, false, false);
    if (sta.flags.has("ASSOC")) this.#host.removeStation(sta.mac);
    this.stations.remove(mac);
    this.#updateBssState();
  }

  #setAuthorized(sta: Station, on: boolean, tellKernel: boolean, suffix = ""): void {
    if (on === sta.flags.has("AUTHORIZED")) return;
    if (on) sta.flags.add("AUTHORIZED");
    else sta.flags.delete("AUTHORIZED");
    if (tellKernel) this.#host.setAuthorized(sta.mac, on);
    this.#host.emit(on ? `AP-STA-CONNECTED ${sta.key}${suffix}` : `AP-STA-DISCONNECTED ${sta.key}`);
  }

  #cancelDisconnect(sta: Station): void {
    if (sta.disconnectTimer !== undefined) this.#clock.clearTimer(sta.disconnectTimer);
    sta.disconnectTimer = undefined;
  }

  #send(da: Uint8Array, subtype: number, body: Uint8Array): void {
    const own = this.#params.bssid;
    this.#host.sendMgmt(buildMgmtFrame({ subtype, da, sa: own, bssid: own }, body));
  }

  #refreshWps(): void {
    const wps = this.#wps ? buildWpsIes(this.#wps, this.#dualBand) : undefined;
    this.#state = { ...this.#state, wps };
  }

  /** ERP, slot time and HT protection follow the associated stations (9.4.2.11, 10.26). */
  #updateBssState(): void {
    const c = countStations(this.stations.list(), this.countedRadio);
    const erpFlags = c.nonErp > 0 ? ErpFlag.NON_ERP_PRESENT | ErpFlag.USE_PROTECTION : 0;
    // A station's SHORT_PREAMBLE flag is its capability bit, which the counts read.
    const shortPreambleStas = c.noShortPreamble === 0;
    const shortSlotTime = c.noShortSlotTime === 0;
    const htProtection = c.htProtection;
    const htNonGfPresent = c.nonGreenfieldPresent;
    const old = this.#state;
    if (
      old.erpFlags === erpFlags && old.shortSlotTime === shortSlotTime &&
      old.htProtection === htProtection && old.shortPreambleStas === shortPreambleStas &&
      old.htNonGfPresent === htNonGfPresent
    ) return;
    this.#state = {
      ...old,
      erpFlags,
      shortSlotTime,
      htProtection,
      htNonGfPresent,
      shortPreambleStas,
    };
    this.#host.beaconChanged();
  }

  /** The HT settings {@link countStations} needs, for this BSS and for STATUS. */
  get countedRadio(): CountedRadio {
    const p = this.#params;
    return {
      ht: p.ht !== undefined,
      fortyMhz: (p.ht?.secondaryOffset ?? 0) !== 0,
      band24: effectiveBand(p.hwMode, p.channel) !== "a",
    };
  }
}

/** WPS 2.0 is signalled by Version2 in the WFA Vendor Extension. */
function isWps2(tlvs: Uint8Array): boolean {
  try {
    const ext = parseAttributes(tlvs).map.get(Attr.VENDOR_EXT)?.find((a) =>
      isWfaVendorExt(a.value)
    );
    return ext !== undefined && (parseWfaExtension(ext.value).version2 ?? 0) >= 0x20;
  } catch {
    return false;
  }
}
