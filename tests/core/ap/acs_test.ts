import { deepStrictEqual, equal } from "node:assert/strict";
import { type AcsInput, chooseChannel } from "../../../core/ap/acs.ts";
import { channelOfFrequency } from "../../../core/ieee80211/channel.ts";
import type { SurveyInfo } from "../../../core/netlink/nl80211_decode.ts";

/** 2.4 GHz channels 1..11 (a world regulatory domain leaves 12 and 13 no-IR). */
const CH_1_11 = Array.from({ length: 11 }, (_, i) => 2412 + 5 * i);
const W20 = { secondary: 0, vht80: false } as const;

/** One scan in which every channel was heard 100 ms, `busy` of it busy, at -92 dBm. */
function flatScan(freqs: readonly number[], busyMs = 12.5): SurveyInfo[] {
  return freqs.map((frequency) => ({ frequency, noiseDbm: -92, timeMs: 100, busyMs, txMs: 0 }));
}

function choose(input: Partial<AcsInput> & { candidates: readonly number[] }) {
  return chooseChannel({ scans: [], bssFrequencies: [], width: W20, ...input });
}

Deno.test("chooseChannel() on an even 2.4 GHz band takes channel 1: fewest overlaps, favoured", () => {
  const c = choose({ candidates: CH_1_11, scans: [flatScan(CH_1_11)] })!;
  equal(c.channel, 1);
  equal(c.frequency, 2412);
  // Channel 6 overlaps four channels on each side; 11 (no 12, 13) scores as 1 does but is higher.
  equal(c.scores.get(2412), c.scores.get(2462));
  equal(c.scores.get(2437)! > c.scores.get(2412)!, true);
  // 2 is not favoured and has a neighbour more than 1.
  equal(c.scores.get(2417)! > c.scores.get(2412)!, true);
});

Deno.test("chooseChannel() moves away from a busy channel and from BSSes found", async (t) => {
  await t.step("channel 1 busy: 11, which does not overlap it", () => {
    const scan = flatScan(CH_1_11).map((s) => s.frequency === 2412 ? { ...s, busyMs: 90 } : s);
    equal(choose({ candidates: CH_1_11, scans: [scan] })!.channel, 11);
  });
  await t.step("two BSSes on 1, one on 11: 6", () => {
    const c = choose({
      candidates: CH_1_11,
      scans: [flatScan(CH_1_11, 0)],
      bssFrequencies: [2412, 2412, 2462],
    })!;
    equal(c.channel, 6);
  });
  await t.step("a noisier floor counts as interference", () => {
    const scan = flatScan(CH_1_11).map((s) => s.frequency === 2412 ? { ...s, noiseDbm: -80 } : s);
    equal(choose({ candidates: CH_1_11, scans: [scan] })!.channel, 11);
  });
  await t.step("the radio's own transmit time is not interference", () => {
    const scan = flatScan(CH_1_11).map((s) =>
      s.frequency === 2412 ? { ...s, busyMs: 60, txMs: 55 } : s
    );
    equal(choose({ candidates: CH_1_11, scans: [scan] })!.channel, 1);
  });
});

Deno.test("chooseChannel() averages the scans", () => {
  const quiet = flatScan(CH_1_11, 0);
  const busy1 = quiet.map((s) => s.frequency === 2412 ? { ...s, busyMs: 100 } : s);
  const busy11 = quiet.map((s) => s.frequency === 2462 ? { ...s, busyMs: 40 } : s);
  const pick = (scans: SurveyInfo[][]) => choose({ candidates: [2412, 2462], scans })!.channel;
  // 1 busy in one scan of three averages 0.33; 11 busy 0.4 in two of three averages 0.27.
  equal(pick([busy1, quiet, quiet]), 11);
  equal(pick([busy1, busy11, busy11]), 11);
  // One scan of four for 1 (0.25), three for 11 (0.3).
  equal(pick([busy1, busy11, busy11, busy11]), 1);
});

Deno.test("chooseChannel() keeps to channels that can carry the width", async (t) => {
  await t.step("HT40+ on 2.4 GHz: the secondary 4 channels up must be a candidate", () => {
    const c = choose({
      candidates: CH_1_11,
      scans: [flatScan(CH_1_11)],
      width: { secondary: 1, vht80: false },
    })!;
    deepStrictEqual([...c.scores.keys()].map(channelOfFrequency), [1, 2, 3, 4, 5, 6, 7]);
  });
  await t.step("VHT80 on 5 GHz: the whole block, scored as its four channels", () => {
    const five = [5180, 5200, 5220, 5240, 5745, 5765, 5785];
    const scan = five.map((frequency) => ({
      frequency,
      noiseDbm: -95,
      timeMs: 100,
      busyMs: frequency === 5200 ? 50 : 0,
    }));
    const c = choose({ candidates: five, scans: [scan], width: { secondary: 1, vht80: true } })!;
    // 149..161 lacks 161: only 36..48 can carry 80 MHz, busy or not.
    deepStrictEqual([...c.scores.keys()], [5180, 5200, 5220, 5240]);
    equal(c.channel, 36);
    const c20 = choose({ candidates: five, scans: [scan] })!;
    equal(c20.channel, 36);
    equal(c20.scores.get(5200), 0.5);
  });
  await t.step("nothing fits: undefined", () => {
    equal(choose({ candidates: [2412], width: { secondary: 1, vht80: false } }), undefined);
  });
});

Deno.test("chooseChannel() without survey data ranks by the BSSes found, lower channel on a tie", () => {
  equal(choose({ candidates: CH_1_11 })!.channel, 1);
  equal(choose({ candidates: [5180, 5200], bssFrequencies: [5180] })!.channel, 40);
  equal(choose({ candidates: [5200, 5180] })!.channel, 36);
});
