/**
 * The management frames a client station sends to an AP, as wpa_supplicant builds them: Probe
 * Request, Open System Authentication, (Re)Association Request, Deauthentication and
 * Disassociation, and the WPS IEs it puts in probe and association requests. The AP core's
 * tests drive it with these, and the radio self-test plays a station with them.
 *
 * @module
 */

import { fromHex } from "../bytes.ts";
import { RATES_2GHZ_G } from "../ieee80211/beacon.ts";
import { buildElement, Eid, joinBytes } from "../ieee80211/element_list.ts";
import { buildMgmtFrame, MgmtSubtype } from "../ieee80211/frame.ts";
import {
  buildAssocRequest,
  buildAuth,
  buildReason,
  CapabilityBit,
} from "../ieee80211/mgmt_body.ts";
import { AttrWriter } from "../wps/attributes.ts";
import { Attr } from "../wps/constants.ts";
import { wrapWpsIe } from "../wps/ie.ts";
import { buildWfaExtension } from "../wps/vendor_ext.ts";

const BROADCAST = new Uint8Array(6).fill(0xff);

function toAp(subtype: number, sa: Uint8Array, bssid: Uint8Array, body: Uint8Array): Uint8Array {
  return buildMgmtFrame({ subtype, da: bssid, sa, bssid }, body);
}

/** Open System (or `algorithm`) Authentication request, sequence `seq`. */
export function stationAuth(
  sa: Uint8Array,
  bssid: Uint8Array,
  algorithm = 0,
  seq = 1,
): Uint8Array {
  return toAp(MgmtSubtype.AUTH, sa, bssid, buildAuth(algorithm, seq, 0));
}

/** A station's WPS IE for (Re)Association Requests: Version, Request Type, WFA Version2. */
export function stationAssocWpsIe(version2 = true): Uint8Array {
  const w = new AttrWriter();
  w.putU8(Attr.VERSION, 0x10);
  w.putU8(Attr.REQUEST_TYPE, 1);
  if (version2) w.putBytes(Attr.VENDOR_EXT, buildWfaExtension({}));
  return wrapWpsIe(w.finish());
}

/** What goes into a (Re)Association Request. */
export interface StationAssocOptions {
  /** The SSID element's body. */
  ssid: Uint8Array;
  /** Rates (default 802.11g's, RATES_2GHZ_G); past 8 they go to Extended Supported Rates. */
  rates?: readonly number[];
  /** A whole RSN element. */
  rsn?: Uint8Array;
  /** A whole WPS IE ({@link stationAssocWpsIe}). */
  wps?: Uint8Array;
  /** Add a WMM Information element. */
  wmm?: boolean;
  /** Add an HT Capabilities element (20 MHz, MCS 0-15). */
  ht?: boolean;
  /** Add a VHT Capabilities element (mac80211_hwsim's: 0x038004fa, MCS 0-9 on 8 streams). */
  vht?: boolean;
  /** A Reassociation Request (Current AP = the BSSID). */
  reassoc?: boolean;
  /** Capability Information (default ESS, short slot time, short preamble). */
  capability?: number;
  /** Listen interval (default 10). */
  listenInterval?: number;
}

/** (Re)Association Request to `bssid`. */
export function stationAssoc(
  sa: Uint8Array,
  bssid: Uint8Array,
  o: StationAssocOptions,
): Uint8Array {
  const rates = o.rates ?? RATES_2GHZ_G;
  const els = [
    buildElement(Eid.SSID, o.ssid),
    buildElement(Eid.SUPPORTED_RATES, rates.slice(0, 8)),
  ];
  if (rates.length > 8) els.push(buildElement(Eid.EXTENDED_SUPPORTED_RATES, rates.slice(8)));
  if (o.rsn) els.push(o.rsn);
  if (o.ht) {
    const ht = new Uint8Array(26);
    ht.set([0x2c, 0x01, 0x03, 0xff, 0xff]); // capabilities info, A-MPDU, MCS 0-15
    els.push(buildElement(Eid.HT_CAPABILITIES, ht));
  }
  if (o.vht) {
    els.push(buildElement(Eid.VHT_CAPABILITIES, [
      0xfa,
      0x04,
      0x80,
      0x03,
      0xaa,
      0xaa,
      0x00,
      0x00,
      0xaa,
      0xaa,
      0x00,
      0x00,
    ]));
  }
  if (o.wmm) els.push(buildElement(Eid.VENDOR_SPECIFIC, [0x00, 0x50, 0xf2, 0x02, 0x00, 0x01, 0]));
  if (o.wps) els.push(o.wps);
  const body = buildAssocRequest({
    capability: o.capability ?? (CapabilityBit.ESS | CapabilityBit.SHORT_SLOT_TIME |
      CapabilityBit.SHORT_PREAMBLE),
    listenInterval: o.listenInterval ?? 10,
    currentAp: o.reassoc ? bssid : undefined,
  }, joinBytes(els));
  return toAp(o.reassoc ? MgmtSubtype.REASSOC_REQ : MgmtSubtype.ASSOC_REQ, sa, bssid, body);
}

/** Deauthentication (or Disassociation) from a station. */
export function stationLeave(
  sa: Uint8Array,
  bssid: Uint8Array,
  disassoc: boolean,
  reason = 3,
): Uint8Array {
  return toAp(disassoc ? MgmtSubtype.DISASSOC : MgmtSubtype.DEAUTH, sa, bssid, buildReason(reason));
}

/** The WPS attributes of a Probe Request, as wpa_supplicant sends them. */
export interface ProbeWpsOptions {
  /** UUID-E. */
  uuid: Uint8Array;
  /** Device Password ID (4 while in PBC mode). */
  pwId: number;
  /** Config Methods (default 0x4388). */
  methods?: number;
  /** Device Name. */
  name?: string;
  /** Request Type (default 1, Enrollee, open 802.1X). */
  requestType?: number;
}

/** A Probe Request WPS IE as wpa_supplicant sends it. */
export function stationProbeWpsIe(o: ProbeWpsOptions): Uint8Array {
  const w = new AttrWriter();
  w.putU8(Attr.VERSION, 0x10);
  w.putU8(Attr.REQUEST_TYPE, o.requestType ?? 1);
  w.putU16(Attr.CONFIG_METHODS, o.methods ?? 0x4388);
  w.putBytes(Attr.UUID_E, o.uuid);
  w.putBytes(Attr.PRIMARY_DEV_TYPE, fromHex("00010050f2040001"));
  w.putU8(Attr.RF_BANDS, 1);
  w.putU16(Attr.ASSOC_STATE, 0);
  w.putU16(Attr.CONFIG_ERROR, 0);
  w.putU16(Attr.DEV_PASSWORD_ID, o.pwId);
  if (o.name !== undefined) w.putString(Attr.DEV_NAME, o.name);
  w.putBytes(Attr.VENDOR_EXT, buildWfaExtension({}));
  return wrapWpsIe(w.finish());
}

/** Probe Request (wildcard SSID and broadcast unless told). */
export function stationProbe(
  sa: Uint8Array,
  o: { ssid?: Uint8Array; wps?: Uint8Array; da?: Uint8Array } = {},
): Uint8Array {
  const els = [
    buildElement(Eid.SSID, o.ssid ?? new Uint8Array(0)),
    buildElement(Eid.SUPPORTED_RATES, [0x82, 0x84, 0x8b, 0x96]),
  ];
  if (o.wps) els.push(o.wps);
  const da = o.da ?? BROADCAST;
  return buildMgmtFrame({ subtype: MgmtSubtype.PROBE_REQ, da, sa, bssid: da }, joinBytes(els));
}
