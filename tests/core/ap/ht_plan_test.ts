import { deepStrictEqual } from "node:assert/strict";
import { DEFAULT_HT_CAPAB, HtCap, parseHtCapab, planHt } from "../../../core/ap/ht_plan.ts";

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
  // A pair across two 40 MHz channels, or with a disabled half: 20 MHz, bits kept (hostapd's
  // STATUS showed ht_caps_info=005e, secondary_channel=0 for [HT40-] on 44).
  deepStrictEqual(planHt({ ...want, secondaryChannel: -1 }, { ...A, channel: 44 }), {
    ok: true,
    capab: 0x006e,
    secondaryChannel: 0,
    note: "HT40 channel pair (44, 40) not allowed; fallback to 20 MHz",
  });
  const r = planHt(want, { ...A, channels: [36] });
  deepStrictEqual([r.ok, r.ok && r.secondaryChannel], [true, 0]);
  // DSSS/CCK in 40 MHz is a 2.4 GHz bit: dropped on 5 GHz, as hostapd does.
  deepStrictEqual(planHt({ capab: 0x107e, secondaryChannel: 1 }, A), {
    ok: true,
    capab: 0x007e,
    secondaryChannel: 1,
  });
});

Deno.test("planHt() runs 20 MHz on 2.4 GHz unless noscan=1, and checks the pair there too", () => {
  const g = { ...A, band24: true, channel: 1, channels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
  const want = { capab: 0x006e, secondaryChannel: 1 as const };
  const r = planHt(want, g);
  deepStrictEqual([r.ok, r.ok && r.capab, r.ok && r.secondaryChannel], [true, 0x006e, 0]);
  deepStrictEqual(planHt(want, { ...g, noscan: true }), {
    ok: true,
    capab: 0x006e,
    secondaryChannel: 1,
  });
  const below = planHt({ ...want, secondaryChannel: -1 }, { ...g, noscan: true });
  deepStrictEqual([below.ok, below.ok && below.secondaryChannel], [true, 0]);
});
