import { deepStrictEqual, equal } from "node:assert/strict";
import {
  affectedRange24,
  coexistence24,
  DEFAULT_HT_CAPAB,
  HtCap,
  parseHtCapab,
  planHt,
} from "../../../core/ap/ht_plan.ts";

Deno.test("parseHtCapab() reads hostapd's flags anywhere in the text", () => {
  deepStrictEqual(parseHtCapab(""), { capab: DEFAULT_HT_CAPAB, secondaryChannel: 0 });
  // OpenWrt's 5 GHz line; unknown text is ignored.
  deepStrictEqual(
    parseHtCapab("[HT40+][LDPC][SHORT-GI-20][SHORT-GI-40][TX-STBC][RX-STBC1][MAX-AMSDU-7935]x"),
    { capab: 0x09ef, secondaryChannel: 1 },
  );
  deepStrictEqual(parseHtCapab("[HT40-][SMPS-STATIC][RX-STBC123][DSSS_CCK-40]"), {
    capab: 0x1302,
    secondaryChannel: -1,
  });
  deepStrictEqual(parseHtCapab("[SMPS-DYNAMIC][GF][40-INTOLERANT][LSIG-TXOP-PROT]"), {
    capab: 0xc014,
    secondaryChannel: 0,
  });
  // A second ht_capab line adds to the first, as hostapd's does.
  deepStrictEqual(parseHtCapab("[SHORT-GI-20]", 0x000e).capab, 0x002e);
});

const HWSIM = HtCap.SUPP_WIDTH_20_40 | HtCap.GREEN_FIELD | HtCap.SHORT_GI_20 |
  HtCap.SHORT_GI_40 | HtCap.DSSS_CCK_40;
const A = { hwCapab: HWSIM, channel: 36, band24: false, channels: [36, 40, 44, 48], noscan: false };

Deno.test("planHt() refuses capabilities the radio lacks, with hostapd's message", () => {
  for (
    const [capab, name] of [
      [0x000d, "[LDPC]"],
      [0x008c, "[TX-STBC]"],
      [0x010c, "[RX-STBC*]"],
      [0x0004, "[SMPS-DYNAMIC]"],
    ] as const
  ) {
    deepStrictEqual(planHt({ capab, secondaryChannel: 0 }, A), {
      ok: false,
      error: `Driver does not support configured HT capability ${name}`,
    });
  }
  deepStrictEqual(planHt({ capab: 0x000e, secondaryChannel: 1 }, { ...A, hwCapab: 0 }), {
    ok: false,
    error: "Driver does not support configured HT capability [HT40*]",
  });
  // SM Power Save "disabled" is hostapd's default and needs nothing of the radio.
  deepStrictEqual(planHt({ capab: 0x000c, secondaryChannel: 0 }, { ...A, hwCapab: 0 }), {
    ok: true,
    capab: 0x000c,
    secondaryChannel: 0,
  });
});

Deno.test("planHt() takes 5 GHz pairs as the band allows them", () => {
  const want = { capab: 0x006e, secondaryChannel: 1 as const };
  deepStrictEqual(planHt(want, A), { ok: true, capab: 0x006e, secondaryChannel: 1 });
  deepStrictEqual(planHt({ ...want, secondaryChannel: -1 }, { ...A, channel: 40 }), {
    ok: true,
    capab: 0x006e,
    secondaryChannel: -1,
  });
  // A pair across two 40 MHz channels: 20 MHz, bits kept (hostapd's STATUS showed
  // ht_caps_info=005e, secondary_channel=0 for [HT40-] on 44).
  deepStrictEqual(planHt({ ...want, secondaryChannel: -1 }, { ...A, channel: 44 }), {
    ok: true,
    capab: 0x006e,
    secondaryChannel: 0,
    note: "HT40 channel pair (44, 40) not allowed; fallback to 20 MHz",
  });
  // A secondary channel the radio does not have (or has disabled): no start, as hostapd.
  deepStrictEqual(planHt(want, { ...A, channels: [36] }), {
    ok: false,
    error: "Could not select hw_mode and channel: the secondary channel 40 of [HT40+] on " +
      "channel 36 is not available",
  });
  // DSSS/CCK in 40 MHz is a 2.4 GHz bit: dropped on 5 GHz, as hostapd does.
  deepStrictEqual(planHt({ capab: 0x107e, secondaryChannel: 1 }, A), {
    ok: true,
    capab: 0x007e,
    secondaryChannel: 1,
  });
});

Deno.test("planHt() asks for the coexistence scan on 2.4 GHz unless noscan=1", () => {
  const g = { ...A, band24: true, channel: 1, channels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
  const want = { capab: 0x006e, secondaryChannel: 1 as const };
  deepStrictEqual(planHt(want, g), { ok: true, capab: 0x006e, secondaryChannel: 1, scan: true });
  deepStrictEqual(planHt(want, { ...g, noscan: true }), {
    ok: true,
    capab: 0x006e,
    secondaryChannel: 1,
  });
  // [HT40+] on 11, [HT40-] on 1: no such secondary channel (hostapd 2.10 did not start on the
  // first in the guest).
  equal(planHt(want, { ...g, channel: 11 }).ok, false);
  equal(planHt({ ...want, secondaryChannel: -1 }, { ...g, noscan: true }).ok, false);
});

/** Elements of a scanned BSS: HT Capabilities (with `capInfo`) and HT Operation (`offset`). */
function htBss(frequency: number, o: { ht?: boolean; offset?: number; capInfo?: number } = {}) {
  const parts: number[] = [0, 3, 0x61, 0x62, 0x63];
  if (o.ht !== false) {
    const cap = o.capInfo ?? 0x000c;
    parts.push(45, 26, cap & 0xff, cap >> 8, ...new Array(24).fill(0));
    const primary = frequency === 2484 ? 14 : (frequency - 2407) / 5;
    parts.push(61, 22, primary, o.offset ?? 0, ...new Array(20).fill(0));
  }
  return { frequency, ies: Uint8Array.from(parts) };
}

Deno.test("coexistence24() applies the 20/40 MHz rules to the BSSes a scan found", () => {
  // The AP: channel 6 with 10 above (2437/2457 MHz); affected range 2422-2472 MHz.
  deepStrictEqual(affectedRange24(6, 1), [2422, 2472]);
  equal(coexistence24(6, 1, []), undefined);
  equal(
    coexistence24(6, 1, [htBss(2437), htBss(2412), htBss(2484)]),
    undefined,
    "same primary; far",
  );
  equal(coexistence24(6, 1, [htBss(2437, { offset: 1 })]), undefined, "the same 40 MHz pair");
  equal(coexistence24(6, 1, [htBss(2442)]), "overlapping 20 MHz HT BSS on 2442 MHz");
  equal(coexistence24(6, 1, [htBss(2462, { ht: false })]), "overlapping legacy BSS on 2462 MHz");
  equal(
    coexistence24(6, 1, [htBss(2457, { offset: 3 })]),
    "40 MHz BSS on 2457/2437 MHz against 2437/2457 MHz",
  );
  equal(
    coexistence24(6, 1, [htBss(2417, { offset: 1 })]),
    "40 MHz BSS on 2417/2437 MHz against 2437/2457 MHz",
    "its secondary channel reaches into the range",
  );
  equal(
    coexistence24(6, 1, [htBss(2437, { capInfo: 0x400c })]),
    "40 MHz Intolerant BSS on 2437 MHz",
  );
  equal(
    coexistence24(6, 1, [{ frequency: 2442, ies: Uint8Array.of(45, 9) }]),
    undefined,
    "garbage",
  );
});
