/**
 * The station counts behind STATUS's `num_sta_*` lines and the HT Operation element's protection
 * mode (core/ap/station_counts.ts), as hostapd keeps them.
 */
import { deepStrictEqual, equal } from "node:assert/strict";
import {
  type CountedStation,
  countStations,
  htOperationMode,
} from "../../../core/ap/station_counts.ts";

const assoc = ["AUTH", "ASSOC", "AUTHORIZED"];
const ht = (info: number) => Uint8Array.of(info & 0xff, info >> 8);
/** An 802.11b station: DSSS rates only, no short slot time or short preamble. */
const LEGACY: CountedStation = { flags: [...assoc, "NonERP"], capability: 0x0001 };
/** HT without greenfield or 40 MHz (SM power save off, short GI 20). */
const HT20: CountedStation = {
  flags: [...assoc, "WMM", "HT"],
  capability: 0x0421,
  htCapabilities: ht(0x002c),
};
/** HT with greenfield and 40 MHz, 40 MHz intolerant. */
const INTOLERANT: CountedStation = {
  flags: [...assoc, "WMM", "HT"],
  capability: 0x0431,
  htCapabilities: ht(0x4072),
};

Deno.test("countStations() counts hostapd's num_sta_* over associated stations only", () => {
  const c = countStations([LEGACY, HT20, INTOLERANT, { ...LEGACY, flags: ["AUTH"] }], {
    ht: true,
    fortyMhz: true,
    band24: true,
  });
  deepStrictEqual(c, {
    nonErp: 1,
    noShortSlotTime: 1,
    noShortPreamble: 1,
    htNoGf: 1,
    noHt: 1,
    ht20Mhz: 1,
    ht40Intolerant: 1,
    htProtection: 3,
    nonGreenfieldPresent: true,
  });
  equal(htOperationMode(c.htProtection, c.nonGreenfieldPresent), 0x7);
  // 40 MHz intolerance counts on 2.4 GHz only.
  equal(countStations([INTOLERANT], { ht: true, fortyMhz: true, band24: false }).ht40Intolerant, 0);
});

Deno.test("countStations() gives HT protection 3 with a non-HT station, 2 for a 20 MHz one on 40 MHz", () => {
  const mode = (stas: CountedStation[], fortyMhz: boolean) => {
    const c = countStations(stas, { ht: true, fortyMhz, band24: false });
    return htOperationMode(c.htProtection, c.nonGreenfieldPresent);
  };
  equal(mode([HT20], true), 0x6);
  equal(mode([HT20], false), 0x4);
  equal(mode([INTOLERANT], true), 0x0);
  equal(mode([INTOLERANT, LEGACY], false), 0x3);
  equal(mode([], true), 0);
  // Without HT on the radio only the ERP, slot and preamble counts move.
  const off = countStations([LEGACY, HT20], { ht: false, fortyMhz: false, band24: true });
  deepStrictEqual([off.noHt, off.htNoGf, off.htProtection, off.noShortPreamble], [0, 0, 0, 1]);
});
