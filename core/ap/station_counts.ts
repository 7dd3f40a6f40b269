/**
 * What the associated stations of a radio add up to, as hostapd counts them for STATUS and for
 * the HT Operation element (IEEE 802.11-2020 10.26.3): stations without the short slot time or
 * the short preamble, non-ERP ones, and on an HT radio the non-HT ones, HT ones without
 * greenfield or 40 MHz support, and 40 MHz intolerant ones (2.4 GHz only). The HT protection
 * mode and the non-greenfield bit follow from them: mode 3 while a non-HT station is associated,
 * mode 2 while an HT station that cannot do 40 MHz is on a 40 MHz BSS, else 0.
 *
 * @module
 */

import { readU16Le } from "../bytes.ts";
import { CapabilityBit } from "../ieee80211/mgmt_body.ts";
import { HtCap } from "./ht_plan.ts";

/** The parts of a station the counts look at (an AP core Station, or a STA reply's StaInfo). */
export interface CountedStation {
  /** Its flags (`ASSOC`, `HT`, `NonERP`...). */
  readonly flags: Iterable<string>;
  /** Capability Information from its (Re)Association Request. */
  readonly capability: number;
  /** Its HT Capabilities element body, when it does HT here. */
  readonly htCapabilities?: Uint8Array;
}

/** The radio's HT settings the counts depend on. */
export interface CountedRadio {
  /** ieee80211n=1 (the HT counts and protection stay 0 without it). */
  ht: boolean;
  /** The BSS runs 40 MHz (a secondary channel). */
  fortyMhz: boolean;
  /** 2.4 GHz, where 40 MHz intolerance counts. */
  band24: boolean;
}

/** hostapd's `num_sta_*` counters and the HT operation mode they give. */
export interface StationCounts {
  nonErp: number;
  noShortSlotTime: number;
  noShortPreamble: number;
  htNoGf: number;
  noHt: number;
  ht20Mhz: number;
  ht40Intolerant: number;
  /** HT Protection (0..3) for the HT Operation element. */
  htProtection: number;
  /** Non-greenfield HT STAs present (HT Operation, and bit 2 of `ht_op_mode`). */
  nonGreenfieldPresent: boolean;
}

/** HT Operation Information's operation mode bit for non-greenfield HT STAs present. */
const HT_OP_MODE_NON_GF_PRESENT = 0x0004;

/**
 * Counts the associated stations (those with the `ASSOC` flag).
 *
 * @param stations the radio's stations, over all its BSSes
 * @param radio its HT settings
 * @returns the counters and the HT protection they call for
 * @example
 * ```ts
 * const sta = { flags: ["AUTH", "ASSOC", "WMM"], capability: 0x0011 };
 * countStations([sta], { ht: true, fortyMhz: true, band24: false }).noHt; // 1
 * ```
 */
export function countStations(
  stations: Iterable<CountedStation>,
  radio: CountedRadio,
): StationCounts {
  const c: StationCounts = {
    nonErp: 0,
    noShortSlotTime: 0,
    noShortPreamble: 0,
    htNoGf: 0,
    noHt: 0,
    ht20Mhz: 0,
    ht40Intolerant: 0,
    htProtection: 0,
    nonGreenfieldPresent: false,
  };
  for (const sta of stations) {
    const flags = new Set(sta.flags);
    if (!flags.has("ASSOC")) continue;
    if (flags.has("NonERP")) c.nonErp++;
    if (!(sta.capability & CapabilityBit.SHORT_SLOT_TIME)) c.noShortSlotTime++;
    if (!(sta.capability & CapabilityBit.SHORT_PREAMBLE)) c.noShortPreamble++;
    if (!radio.ht) continue;
    const ht = flags.has("HT") && sta.htCapabilities && sta.htCapabilities.length >= 2
      ? readU16Le(sta.htCapabilities, 0)
      : undefined;
    if (ht === undefined) {
      c.noHt++;
      continue;
    }
    if (!(ht & HtCap.GREEN_FIELD)) c.htNoGf++;
    if (!(ht & HtCap.SUPP_WIDTH_20_40)) c.ht20Mhz++;
    if (radio.band24 && (ht & HtCap.INTOLERANT_40)) c.ht40Intolerant++;
  }
  if (radio.ht) {
    c.htProtection = c.noHt > 0 ? 3 : radio.fortyMhz && c.ht20Mhz > 0 ? 2 : 0;
    c.nonGreenfieldPresent = c.htNoGf > 0;
  }
  return c;
}

/**
 * The HT operation mode (STATUS's `ht_op_mode`, SET_BSS's HT opmode): the protection mode and
 * the non-greenfield bit.
 */
export function htOperationMode(protection: number, nonGreenfieldPresent: boolean): number {
  return protection | (nonGreenfieldPresent ? HT_OP_MODE_NON_GF_PRESENT : 0);
}
