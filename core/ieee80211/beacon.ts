/**
 * Beacon and Probe Response bodies for an AP (IEEE 802.11-2020 §9.3.3.2 Table 9-27 and
 * §9.3.3.10 Table 9-34). nl80211 takes a beacon as a head (header, fixed fields, SSID, Supported
 * Rates, DS Parameter Set) and a tail (the elements after the TIM, which mac80211 inserts).
 *
 * @module
 */

import { element, ElementId } from "./elements.ts";
import { buildMgmtFrame, MgmtSubtype } from "./frame.ts";

/** Capability Information bits (IEEE 802.11-2020 §9.4.1.4). */
export const Capability = {
  ESS: 0x0001,
  PRIVACY: 0x0010,
  SHORT_PREAMBLE: 0x0020,
  SHORT_SLOT_TIME: 0x0400,
} as const;

/** 802.11g rates in 500 kb/s units; 0x80 marks a basic rate (the 802.11b set here). */
export const RATES_2GHZ_G: readonly number[] = [
  0x82,
  0x84,
  0x8b,
  0x96,
  0x0c,
  0x12,
  0x18,
  0x24,
  0x30,
  0x48,
  0x60,
  0x6c,
];

/** How a hidden SSID appears in beacons (hostapd's ignore_broadcast_ssid 0, 1, 2). */
export type HiddenSsid = "none" | "empty" | "zeros";

/** What an AP's beacon says. */
export interface BeaconParams {
  /** The BSSID (the AP interface's MAC). */
  readonly bssid: Uint8Array;
  /** The SSID, 0 to 32 bytes. */
  readonly ssid: Uint8Array;
  /** Beacon interval in TU (default 100). */
  readonly beaconInterval?: number;
  /** Capability Information (default ESS). */
  readonly capability?: number;
  /** Primary channel number for the DS Parameter Set. */
  readonly channel: number;
  /** Supported rates (default {@link RATES_2GHZ_G}). */
  readonly rates?: readonly number[];
  /** Hidden SSID mode (default "none"). */
  readonly hidden?: HiddenSsid;
  /** Elements to append to the tail (RSN, WPS, vendor), already encoded, in spec order. */
  readonly tailElements?: Uint8Array;
}

const BROADCAST = new Uint8Array(6).fill(0xff);

function fixedFields(p: BeaconParams): Uint8Array {
  const out = new Uint8Array(12); // timestamp (filled by the hardware), interval, capability
  const v = new DataView(out.buffer);
  v.setUint16(8, p.beaconInterval ?? 100, true);
  v.setUint16(10, p.capability ?? Capability.ESS, true);
  return out;
}

function ssidElement(ssid: Uint8Array, hidden: HiddenSsid): Uint8Array {
  if (ssid.length > 32) throw new RangeError(`SSID of ${ssid.length} bytes exceeds 32`);
  if (hidden === "empty") return element(ElementId.SSID, new Uint8Array(0));
  if (hidden === "zeros") return element(ElementId.SSID, new Uint8Array(ssid.length));
  return element(ElementId.SSID, ssid);
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** The elements from Supported Rates through DS Parameter Set (shared by both frames). */
function headElements(p: BeaconParams): Uint8Array[] {
  const rates = p.rates ?? RATES_2GHZ_G;
  return [
    element(ElementId.SUPPORTED_RATES, Uint8Array.from(rates.slice(0, 8))),
    element(ElementId.DS_PARAMETER_SET, Uint8Array.of(p.channel)),
  ];
}

/** The elements after the TIM: ERP (2.4 GHz), Extended Supported Rates, then the extras. */
function tailElements(p: BeaconParams): Uint8Array[] {
  const rates = p.rates ?? RATES_2GHZ_G;
  const parts: Uint8Array[] = [];
  if (p.channel <= 14) parts.push(element(ElementId.ERP, Uint8Array.of(0)));
  if (rates.length > 8) {
    parts.push(element(ElementId.EXTENDED_SUPPORTED_RATES, Uint8Array.from(rates.slice(8))));
  }
  if (p.tailElements) parts.push(p.tailElements);
  return parts;
}

/**
 * Builds the beacon head and tail for NL80211_CMD_START_AP / SET_BEACON.
 *
 * @throws {RangeError} when the SSID is longer than 32 bytes or the BSSID is not 6 bytes
 */
export function buildBeacon(p: BeaconParams): { head: Uint8Array; tail: Uint8Array } {
  const body = concatAll([
    fixedFields(p),
    ssidElement(p.ssid, p.hidden ?? "none"),
    ...headElements(p),
  ]);
  const head = buildMgmtFrame(
    { subtype: MgmtSubtype.BEACON, da: BROADCAST, sa: p.bssid, bssid: p.bssid },
    body,
  );
  return { head, tail: concatAll(tailElements(p)) };
}

/**
 * Builds a Probe Response to `da`: the beacon's contents without the TIM and with the real SSID
 * (a hidden AP answers only probes that name it, so the response always carries the SSID).
 *
 * @throws {RangeError} when the SSID is longer than 32 bytes or an address is not 6 bytes
 */
export function buildProbeResponse(p: BeaconParams, da: Uint8Array): Uint8Array {
  const body = concatAll([
    fixedFields(p),
    ssidElement(p.ssid, "none"),
    ...headElements(p),
    ...tailElements(p),
  ]);
  return buildMgmtFrame({ subtype: MgmtSubtype.PROBE_RESP, da, sa: p.bssid, bssid: p.bssid }, body);
}
