/**
 * The VHT setup (core/ap/vht_plan.ts) and its elements. Known answers from Debian's hostapd 2.10
 * over mac80211_hwsim (radio VHT Capabilities 0x038004fa, MCS maps 0xaaaa, channel 36 at 80 MHz,
 * `vht_capab=[SHORT-GI-80][RXLDPC]`, 23 dBm): its beacon tail carried
 * `bf 0c 30 00 00 00 aa aa 00 00 aa aa 00 00`, `c0 05 01 2a 00 fc ff` and `c3 04 02 2e 2e 2e`, and
 * a station announcing 0x038004fa was given to the kernel as 0x03800032.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import {
  center80,
  negotiateVhtCapab,
  parseVhtCapab,
  planVht,
  VhtCap,
  type VhtRadio,
} from "../../../core/ap/vht_plan.ts";
import {
  buildTransmitPowerEnvelope,
  buildVhtCapabilities,
  buildVhtOperation,
} from "../../../core/ieee80211/element_list.ts";
import { fromHex, toHex } from "../../../core/bytes.ts";

const HWSIM = 0x038004fa;
const RADIO: VhtRadio = {
  hwCapab: HWSIM,
  channel: 36,
  secondaryChannel: 1,
  channels: [36, 40, 44, 48, 52, 56, 60, 64],
};

Deno.test("parseVhtCapab() reads hostapd's flags, dependent ones only with what they need", () => {
  equal(parseVhtCapab("[SHORT-GI-80][RXLDPC]"), 0x30);
  equal(
    parseVhtCapab("[MAX-MPDU-11454][VHT160][TX-STBC-2BY1][RX-STBC-12]"),
    0x2 | 0x4 | 0x80 | 0x200,
  );
  // Beamformee antennas need SU beamformee, sounding dimensions SU beamformer.
  equal(parseVhtCapab("[BF-ANTENNA-4][SOUNDING-DIMENSION-3]"), 0);
  equal(
    parseVhtCapab("[SU-BEAMFORMEE][BF-ANTENNA-4][SU-BEAMFORMER][SOUNDING-DIMENSION-3]"),
    VhtCap.SU_BEAMFORMEE | (3 << 13) | VhtCap.SU_BEAMFORMER | (2 << 16),
  );
  // Of the A-MPDU exponents the highest counts; link adaptation needs +HTC-VHT.
  equal(parseVhtCapab("[MAX-A-MPDU-LEN-EXP3][MAX-A-MPDU-LEN-EXP7]"), 7 << 23);
  equal(parseVhtCapab("[VHT-LINK-ADAPT3]"), 0);
  equal(parseVhtCapab("[HTC-VHT][VHT-LINK-ADAPT3]"), VhtCap.HTC_VHT | (3 << 26));
  equal(
    parseVhtCapab("[RX-ANTENNA-PATTERN][TX-ANTENNA-PATTERN][MU-BEAMFORMER][VHT-TXOP-PS]"),
    0x30000000 | VhtCap.MU_BEAMFORMER | VhtCap.TXOP_PS,
  );
  // Unknown text is ignored; a second line adds to the first.
  equal(parseVhtCapab("junk [RXLDPC] more", parseVhtCapab("[SHORT-GI-80]")), 0x30);
  equal(parseVhtCapab("[RX-STBC-1234]") >>> 0, 4 << 8);
});

Deno.test("planVht() settles 80 MHz around the configured centre, or the primary's block", () => {
  deepStrictEqual(planVht({ capab: 0x30, chwidth: 1, seg0: 42, seg1: 0 }, RADIO), {
    ok: true,
    capab: 0x30,
    chwidth: 1,
    seg0: 42,
    seg1: 0,
  });
  const auto = planVht({ capab: 0, chwidth: 1, seg0: 0, seg1: 0 }, { ...RADIO, channel: 60 });
  ok(auto.ok && auto.seg0 === 58 && auto.note === undefined, JSON.stringify(auto));
  // A centre that does not hold the primary is replaced by the primary's block.
  const moved = planVht({ capab: 0, chwidth: 1, seg0: 58, seg1: 0 }, RADIO);
  ok(moved.ok && moved.seg0 === 42 && moved.note?.includes("seg0_idx=58"), JSON.stringify(moved));
  // Channel 40 with its pair below is in the same block.
  const below = planVht({ capab: 0, chwidth: 1, seg0: 42, seg1: 0 }, {
    ...RADIO,
    channel: 40,
    secondaryChannel: -1,
  });
  ok(below.ok && below.seg0 === 42);
  // 20/40 MHz: the centre segments are announced as configured.
  deepStrictEqual(planVht({ capab: 0, chwidth: 0, seg0: 38, seg1: 0 }, RADIO), {
    ok: true,
    capab: 0,
    chwidth: 0,
    seg0: 38,
    seg1: 0,
  });
  // 160 and 80+80 MHz are not run: 80 MHz around the primary, with a note.
  const wide = planVht({ capab: 0, chwidth: 2, seg0: 50, seg1: 0 }, RADIO);
  ok(wide.ok && wide.chwidth === 1 && wide.seg0 === 42 && wide.note?.includes("160"));
  deepStrictEqual([36, 48, 52, 100, 144, 149, 161, 165, 177].map(center80), [
    42,
    42,
    58,
    106,
    138,
    155,
    155,
    171,
    171,
  ]);
  equal(center80(38), undefined);
  equal(center80(6), undefined);
});

Deno.test("planVht() refuses what the radio or the channel cannot do, with hostapd's wording", () => {
  const err = (r: ReturnType<typeof planVht>) => (r.ok ? "" : r.error);
  equal(
    err(planVht({ capab: VhtCap.SU_BEAMFORMER, chwidth: 0, seg0: 0, seg1: 0 }, RADIO)),
    "Driver does not support configured VHT capability [VHT_CAP_SU_BEAMFORMER_CAPABLE]",
  );
  equal(
    err(planVht({ capab: 3, chwidth: 0, seg0: 0, seg1: 0 }, RADIO)),
    "Configured VHT capability [VHT_CAP_MAX_MPDU_LENGTH_MASK] exceeds max value supported by " +
      "the driver (3 > 2)",
  );
  equal(
    err(planVht({ capab: 0x500, chwidth: 0, seg0: 0, seg1: 0 }, { ...RADIO, hwCapab: 0x100 })),
    "Configured VHT capability [VHT_CAP_RXSTBC_MASK] exceeds max value supported by the driver " +
      "(5 > 1)",
  );
  ok(
    err(planVht({ capab: 0, chwidth: 1, seg0: 42, seg1: 0 }, { ...RADIO, secondaryChannel: 0 }))
      .includes("40 MHz HT"),
  );
  ok(
    err(planVht({ capab: 0, chwidth: 1, seg0: 42, seg1: 0 }, { ...RADIO, channels: [36, 40] }))
      .includes("44, 48"),
  );
});

Deno.test("negotiateVhtCapab() keeps of a station's capabilities what the AP can use", () => {
  // hostapd's answer over hwsim.
  equal(negotiateVhtCapab(HWSIM, 0x30), 0x03800032);
  // The AP's own 160 MHz and STBC let the station's through; 80+80 becomes 160.
  equal(
    negotiateVhtCapab(HWSIM, VhtCap.SUPP_CHAN_WIDTH_160 | 0x60 | VhtCap.TXSTBC | 0x100),
    0x038004f6,
  );
  // Beamforming roles pair up: a beamformee needs a beamformer AP, and the other way round.
  const bf = VhtCap.SU_BEAMFORMER | VhtCap.SU_BEAMFORMEE | (3 << 13) | (3 << 16);
  equal(negotiateVhtCapab(bf, 0), 0);
  equal(negotiateVhtCapab(bf, VhtCap.SU_BEAMFORMER), VhtCap.SU_BEAMFORMEE | (3 << 13));
  equal(negotiateVhtCapab(VhtCap.MU_BEAMFORMEE, VhtCap.MU_BEAMFORMER), VhtCap.MU_BEAMFORMEE);
  equal(negotiateVhtCapab(VhtCap.MU_BEAMFORMER, VhtCap.MU_BEAMFORMER), 0);
});

Deno.test("the VHT elements equal hostapd's bytes", () => {
  const mcs = fromHex("aaaa0000aaaa0000");
  equal(
    toHex(buildVhtCapabilities({ capabilitiesInfo: 0x30, mcsSet: mcs })),
    "bf0c30000000aaaa0000aaaa0000",
  );
  equal(
    toHex(buildVhtOperation({ channelWidth: 1, centerSegment0: 42, centerSegment1: 0 })),
    "c005012a00fcff",
  );
  equal(toHex(buildTransmitPowerEnvelope(80, 23)), "c304022e2e2e");
  equal(toHex(buildTransmitPowerEnvelope(20, 20)), "c3020028");
  equal(toHex(buildTransmitPowerEnvelope(40, 17)), "c303012222");
  equal(
    toHex(buildVhtCapabilities({ capabilitiesInfo: 0x038004fa, mcsSet: mcs })).slice(4, 12),
    "fa048003",
  );
});
