/**
 * The frames an AP builds from its configuration and state (IEEE 802.11-2020 9.3.3.2, 9.3.3.6,
 * 9.3.3.10): the beacon as nl80211 takes it (a head up to the DS Parameter Set, then a tail
 * after the TIM, which mac80211 inserts), the Probe Response, and the (Re)Association Response.
 * Element order follows the standard's body tables, which is also hostapd's order.
 *
 * @module
 */

import { DEFAULT_MAX_INACTIVITY_S } from "./inactivity.ts";
import {
  buildBssMaxIdlePeriod,
  buildCountry,
  buildDsParams,
  buildElement,
  buildErp,
  buildHtCapabilities,
  buildHtOperation,
  buildRateElements,
  buildTransmitPowerEnvelope,
  buildVhtCapabilities,
  buildVhtOperation,
  buildWmmParameter,
  Eid,
  ErpFlag,
  joinBytes,
} from "../ieee80211/element_list.ts";
import { buildAssocResponse, buildBeaconBody, CapabilityBit } from "../ieee80211/mgmt_body.ts";
import { buildMgmtFrame, MgmtSubtype } from "../ieee80211/frame.ts";
import { type ApParams, effectiveBand } from "./ap_params.ts";
import type { WpsIes } from "./wps_ies.ts";
import type { BssParams } from "../netlink/nl80211_params.ts";
import { buildAssocComebackElement } from "./sa_query.ts";
import { htOperationMode } from "./station_counts.ts";

const BROADCAST = new Uint8Array(6).fill(0xff);
const EMPTY = new Uint8Array(0);

/** What changes at run time and shows in beacons. */
export interface BssState {
  /** ERP element bits from the stations (NonERP present, Use Protection). */
  erpFlags: number;
  /** Every associated station supports the short slot time. */
  shortSlotTime: boolean;
  /** HT protection mode for the HT Operation element (0..3). */
  htProtection: number;
  /** An HT station without greenfield is associated (HT Operation, SET_BSS's HT opmode). */
  htNonGfPresent: boolean;
  /** Every associated station supports the short preamble. */
  shortPreambleStas: boolean;
  /** WMM Parameter Set Count (hostapd's beacons start at 1). */
  wmmSetCount: number;
  /** WPS IEs, when wps_state is not 0. */
  wps?: WpsIes;
}

/** The beacon and the IEs nl80211's START_AP / SET_BEACON carry. */
export interface BeaconTemplate {
  /** NL80211_ATTR_BEACON_HEAD: header, fixed fields, SSID, rates, DS Parameter Set. */
  head: Uint8Array;
  /** NL80211_ATTR_BEACON_TAIL: the elements after the TIM. */
  tail: Uint8Array;
  /** NL80211_ATTR_PROBE_RESP: a Probe Response template (broadcast destination). */
  probeResp: Uint8Array;
  /** NL80211_ATTR_IE: extra beacon IEs (the WPS Beacon IE). */
  beaconIes: Uint8Array;
  /** NL80211_ATTR_IE_PROBE_RESP: extra Probe Response IEs (the WPS Probe Response IE). */
  probeRespIes: Uint8Array;
  /** NL80211_ATTR_IE_ASSOC_RESP: extra Association Response IEs (the WPS one). */
  assocRespIes: Uint8Array;
  /** NL80211_ATTR_BEACON_INTERVAL. */
  beaconInterval: number;
  /** NL80211_ATTR_DTIM_PERIOD. */
  dtimPeriod: number;
  /** NL80211_ATTR_HIDDEN_SSID: 0 not hidden, 1 zero length, 2 zeroed contents. */
  hiddenSsid: number;
  /** NL80211_ATTR_SSID: the real SSID. */
  ssid: Uint8Array;
  /** NL80211_ATTR_PRIVACY. */
  privacy: boolean;
  /** What NL80211_CMD_SET_BSS tells the kernel along with this beacon. */
  bss: BssParams;
}

/** The state of a BSS with no stations. */
export function initialBssState(): BssState {
  return {
    erpFlags: 0,
    shortSlotTime: true,
    htProtection: 0,
    htNonGfPresent: false,
    shortPreambleStas: true,
    wmmSetCount: 1,
  };
}

/**
 * The AP's Capability Information: ESS, Privacy with WPA, Short Preamble when configured and
 * every station supports it, Short Slot Time on 802.11g while every station supports it
 * (9.4.1.4).
 *
 * @param p the parameters
 * @param s the run-time state
 * @returns the field
 */
export function apCapability(p: ApParams, s: BssState): number {
  let cap = CapabilityBit.ESS;
  if (p.wpa !== 0) cap |= CapabilityBit.PRIVACY;
  if (p.spectrumMgmt) cap |= CapabilityBit.SPECTRUM_MGMT;
  if (p.shortPreamble && s.shortPreambleStas) cap |= CapabilityBit.SHORT_PREAMBLE;
  if (effectiveBand(p.hwMode, p.channel) === "g" && s.shortSlotTime) {
    cap |= CapabilityBit.SHORT_SLOT_TIME;
  }
  return cap;
}

function ssidElement(ssid: Uint8Array, hidden: number): Uint8Array {
  if (ssid.length > 32) throw new RangeError(`Cannot build SSID of ${ssid.length} octets`);
  if (hidden === 1) return buildElement(Eid.SSID, EMPTY);
  if (hidden === 2) return buildElement(Eid.SSID, new Uint8Array(ssid.length));
  return buildElement(Eid.SSID, ssid);
}

/** Supported Rates and the DS Parameter Set (hostapd 2.10 sends it on 5 GHz too). */
function headElements(p: ApParams): Uint8Array[] {
  return [buildRateElements(p.rates).supported, buildDsParams(p.channel)];
}

function htElements(p: ApParams, s: BssState): Uint8Array[] {
  if (!p.ht) return [];
  return [
    buildHtCapabilities(p.ht.capabilities),
    buildHtOperation({
      primaryChannel: p.channel,
      secondaryOffset: p.ht.secondaryOffset,
      protection: s.htProtection,
      nonGreenfieldPresent: s.htNonGfPresent,
    }),
  ];
}

/**
 * VHT Capabilities and Operation; in beacons and probe responses also the Transmit Power
 * Envelope of the operating width, as hostapd sends it with VHT.
 */
function vhtElements(p: ApParams, envelope: boolean): Uint8Array[] {
  const v = p.vht;
  if (!v) return [];
  const out = [
    buildVhtCapabilities(v.capabilities),
    buildVhtOperation({ channelWidth: v.chwidth, centerSegment0: v.seg0, centerSegment1: v.seg1 }),
  ];
  if (envelope && v.maxTxPowerDbm !== undefined) {
    const width = v.chwidth === 1 ? 80 : p.ht?.secondaryOffset ? 40 : 20;
    out.push(buildTransmitPowerEnvelope(width, v.maxTxPowerDbm));
  }
  return out;
}

/**
 * ERP bits (9.4.2.11): NonERP present and Use Protection with a non-ERP station; Barker
 * preamble mode unless the short preamble is configured and every station supports it.
 */
function erpFlags(p: ApParams, s: BssState): number {
  const long = !p.shortPreamble || !s.shortPreambleStas;
  return s.erpFlags | (long ? ErpFlag.BARKER_PREAMBLE : 0);
}

/** Country, Power Constraint, ERP, Extended Supported Rates, RSN, HT and VHT Capabilities/Operation, WMM. */
function tailElements(p: ApParams, s: BssState): Uint8Array[] {
  const parts: Uint8Array[] = [];
  if (p.country) {
    parts.push(buildCountry(p.country.code, p.country.environment, p.country.subbands));
  }
  if (p.powerConstraintDb !== undefined) {
    parts.push(buildElement(Eid.POWER_CONSTRAINT, [p.powerConstraintDb]));
  }
  if (effectiveBand(p.hwMode, p.channel) === "g") parts.push(buildErp(erpFlags(p, s)));
  parts.push(buildRateElements(p.rates).ext);
  if (p.rsnElement) parts.push(p.rsnElement);
  parts.push(...htElements(p, s));
  parts.push(...vhtElements(p, true));
  if (p.wmm) parts.push(buildWmmParameter(s.wmmSetCount));
  return parts;
}

function fixedFields(p: ApParams, s: BssState): Uint8Array {
  return buildBeaconBody(
    { timestamp: 0n, beaconInterval: p.beaconInterval, capability: apCapability(p, s) },
    EMPTY,
  );
}

/**
 * Builds the beacon head and tail and the IEs that go with them.
 *
 * @param p the parameters
 * @param s the run-time state (ERP, slot time, WPS IEs)
 * @returns the template
 * @throws {RangeError} when the SSID exceeds 32 octets
 */
export function buildBeaconTemplate(p: ApParams, s: BssState): BeaconTemplate {
  const head = buildMgmtFrame(
    { subtype: MgmtSubtype.BEACON, da: BROADCAST, sa: p.bssid, bssid: p.bssid },
    joinBytes([fixedFields(p, s), ssidElement(p.ssid, p.ignoreBroadcastSsid), ...headElements(p)]),
  );
  // vendor_elements end the frames, and join the WPS IEs given to the driver, as in hostapd.
  const vendor = p.vendorElements ?? EMPTY;
  const tail = joinBytes([...tailElements(p, s), s.wps?.beacon ?? EMPTY, vendor]);
  return {
    head,
    tail,
    probeResp: buildProbeResponse(p, s, BROADCAST),
    beaconIes: joinBytes([s.wps?.beacon ?? EMPTY, vendor]),
    probeRespIes: joinBytes([s.wps?.probeResp ?? EMPTY, vendor]),
    assocRespIes: joinBytes([s.wps?.assocResp ?? EMPTY, p.assocRespElements ?? EMPTY]),
    beaconInterval: p.beaconInterval,
    dtimPeriod: p.dtimPeriod,
    hiddenSsid: p.ignoreBroadcastSsid,
    ssid: p.ssid.slice(),
    privacy: p.wpa !== 0,
    bss: {
      ctsProtection: (s.erpFlags & ErpFlag.USE_PROTECTION) !== 0,
      shortPreamble: !!p.shortPreamble && s.shortPreambleStas,
      ...(effectiveBand(p.hwMode, p.channel) === "g" ? { shortSlotTime: s.shortSlotTime } : {}),
      basicRates: p.rates.filter((r) => r & 0x80).map((r) => r & 0x7f),
      ...(p.ht ? { htOpMode: htOperationMode(s.htProtection, s.htNonGfPresent) } : {}),
    },
  };
}

/**
 * Builds a Probe Response: the beacon's elements without the TIM, with the real SSID (a hidden
 * AP answers only requests that name it) and the Probe Response WPS IE.
 *
 * @param p the parameters
 * @param s the run-time state
 * @param da the requesting station
 * @returns the frame
 */
export function buildProbeResponse(p: ApParams, s: BssState, da: Uint8Array): Uint8Array {
  const body = joinBytes([
    fixedFields(p, s),
    ssidElement(p.ssid, 0),
    ...headElements(p),
    ...tailElements(p, s),
    s.wps?.probeResp ?? EMPTY,
    p.vendorElements ?? EMPTY,
  ]);
  return buildMgmtFrame({ subtype: MgmtSubtype.PROBE_RESP, da, sa: p.bssid, bssid: p.bssid }, body);
}

/** How the responding AP treats the station in its (Re)Association Response. */
export interface AssocResponseOptions {
  /** Reassociation Response instead of Association Response. */
  reassoc: boolean;
  /** Status code. */
  status: number;
  /** AID (0 on failure). */
  aid: number;
  /** Add HT (and on a VHT AP, VHT) Capabilities/Operation (HT station on an HT AP). */
  ht: boolean;
  /** Add the WMM Parameter element (WMM station on a WMM AP). */
  wmm: boolean;
  /** Add the Association Response WPS IE (WPS or MAYBE_WPS station in a WPA network). */
  wps: boolean;
  /** With status 30: the association comeback time (TUs) in a Timeout Interval element. */
  comebackTu?: number;
}

/**
 * Builds a (Re)Association Response (9.3.3.6): capability, status, AID, the AP's rates, HT
 * when the station qualifies, BSS Max Idle Period, then WMM and WPS as the station qualifies.
 *
 * @param p the parameters
 * @param s the run-time state
 * @param da the station
 * @param o what to include
 * @returns the frame
 */
export function buildAssocResponseFrame(
  p: ApParams,
  s: BssState,
  da: Uint8Array,
  o: AssocResponseOptions,
): Uint8Array {
  const rates = buildRateElements(p.rates);
  const idleSeconds = p.maxInactivity ?? DEFAULT_MAX_INACTIVITY_S;
  const elements = joinBytes([
    rates.supported,
    rates.ext,
    o.comebackTu !== undefined ? buildAssocComebackElement(o.comebackTu) : EMPTY,
    ...(o.ht ? [...htElements(p, s), ...vhtElements(p, false)] : []),
    // hostapd advertises no idle period when ap_max_inactivity is 0 or less.
    idleSeconds > 0 ? buildBssMaxIdlePeriod(idleSeconds) : EMPTY,
    o.wmm ? buildWmmParameter(s.wmmSetCount) : EMPTY,
    o.wps && s.wps ? s.wps.assocResp : EMPTY,
    p.assocRespElements ?? EMPTY,
  ]);
  const body = buildAssocResponse(
    { capability: apCapability(p, s), status: o.status, aid: o.aid },
    elements,
  );
  const subtype = o.reassoc ? MgmtSubtype.REASSOC_RESP : MgmtSubtype.ASSOC_RESP;
  return buildMgmtFrame({ subtype, da, sa: p.bssid, bssid: p.bssid }, body);
}
