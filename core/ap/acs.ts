/**
 * Automatic channel selection (`channel=0` or `channel=acs_survey`): which channel of the band
 * the AP takes, from what the radio measured while it scanned each candidate channel (the
 * kernel's survey: time on the channel, time it was busy, time spent transmitting, noise floor)
 * and from the BSSes the scans found.
 *
 * tsapd's rule, in the spirit of hostapd's ACS but its own:
 * - a channel's interference is the share of its listening time that was busy with others'
 *   frames, scaled up by how far its noise floor sits above the quietest channel's (dB as a power
 *   ratio), plus 0.2 for each BSS found with its primary channel there; scans are averaged;
 * - on 2.4 GHz a 20 MHz transmission spills onto the four channels on each side, so a
 *   channel's score adds its neighbours' interference, weighted 0.85, 0.55, 0.3 and 0.15 by
 *   distance; channels 1, 6 and 11, which do not overlap each other, are favoured (score x 0.8,
 *   hostapd's default `acs_chan_bias`);
 * - on 5 GHz a BSS wider than 20 MHz scores the sum over every 20 MHz channel it occupies, and
 *   only channels whose whole block is usable are candidates;
 * - the lowest score wins, the lower channel on a tie.
 *
 * @module
 */

import { channelOfFrequency } from "../ieee80211/channel.ts";
import type { SurveyInfo } from "../netlink/nl80211_decode.ts";

/** The channel width the BSS will run, which decides the channels a candidate occupies. */
export interface AcsWidth {
  /** HT40 secondary channel: 1 above the primary, -1 below, 0 for 20 MHz. */
  secondary: -1 | 0 | 1;
  /** VHT 80 MHz (5 GHz only). */
  vht80: boolean;
}

/** Everything a choice is made from. */
export interface AcsInput {
  /** Frequencies (MHz) the AP may start on: in the band, enabled, no radar or no-IR flag. */
  candidates: readonly number[];
  /** Survey dumps, one list per scan. */
  scans: readonly (readonly SurveyInfo[])[];
  /** Primary frequencies of the BSSes the scans found, one entry per BSS. */
  bssFrequencies: readonly number[];
  width: AcsWidth;
}

/** The channel chosen, with every candidate's score for the log. */
export interface AcsChoice {
  frequency: number;
  channel: number;
  /** Candidate frequency -> score (lower is better), in frequency order. */
  scores: Map<number, number>;
}

/** Weight of a 2.4 GHz channel's interference on a channel 0..4 channels away. */
const OVERLAP_24 = [1, 0.85, 0.55, 0.3, 0.15] as const;
/** hostapd's default `acs_chan_bias` on 2.4 GHz: the three channels that do not overlap. */
const PREFERRED_24 = new Map([[2412, 0.8], [2437, 0.8], [2462, 0.8]]);
/** Interference a BSS found on a channel adds to it. */
const PER_BSS = 0.2;
/** First channels of the 5 GHz 80 MHz blocks (IEEE 802.11-2020 Annex E, global op class 128). */
const VHT80_FIRST = [36, 52, 100, 116, 132, 149];

function is24(mhz: number): boolean {
  return mhz < 3000;
}

/** Average interference of each surveyed frequency over the scans (0 where nothing was busy). */
function interference(input: AcsInput): Map<number, number> {
  const sums = new Map<number, { total: number; n: number }>();
  for (const scan of input.scans) {
    const noises = scan.map((s) => s.noiseDbm).filter((n): n is number => n !== undefined);
    const floor = noises.length > 0 ? Math.min(...noises) : 0;
    for (const s of scan) {
      const listened = (s.timeMs ?? 0) - (s.txMs ?? 0);
      if (!(listened > 0)) continue;
      const busy = Math.min(1, Math.max(0, ((s.busyMs ?? 0) - (s.txMs ?? 0)) / listened));
      const noise = s.noiseDbm === undefined ? 1 : 10 ** ((s.noiseDbm - floor) / 10);
      const e = sums.get(s.frequency) ?? { total: 0, n: 0 };
      e.total += busy * noise;
      e.n++;
      sums.set(s.frequency, e);
    }
  }
  const out = new Map<number, number>();
  for (const [f, e] of sums) out.set(f, e.total / e.n);
  for (const f of input.bssFrequencies) out.set(f, (out.get(f) ?? 0) + PER_BSS);
  return out;
}

/** The 20 MHz channels (frequencies) a BSS with `primary` occupies, or undefined if unusable. */
function occupied(primary: number, width: AcsWidth, usable: Set<number>): number[] | undefined {
  if (width.vht80 && !is24(primary)) {
    const ch = channelOfFrequency(primary);
    const first = VHT80_FIRST.find((f) => ch >= f && ch < f + 16);
    if (first === undefined) return undefined;
    const block = [0, 4, 8, 12].map((d) => 5000 + 5 * (first + d));
    return block.every((f) => usable.has(f)) ? block : undefined;
  }
  if (width.secondary !== 0) {
    const second = primary + 20 * width.secondary;
    return usable.has(second) ? [primary, second] : undefined;
  }
  return [primary];
}

/**
 * Chooses the channel (see the module doc).
 *
 * @returns the choice, or undefined when no candidate can carry the width
 */
export function chooseChannel(input: AcsInput): AcsChoice | undefined {
  const usable = new Set(input.candidates);
  const load = interference(input);
  const scores = new Map<number, number>();
  for (const f of [...usable].sort((a, b) => a - b)) {
    const cover = occupied(f, input.width, usable);
    if (!cover) continue;
    let score = 0;
    if (is24(f)) {
      for (const c of cover) {
        for (let d = -4; d <= 4; d++) {
          score += (load.get(c + 5 * d) ?? 0) * OVERLAP_24[Math.abs(d)]!;
        }
      }
      score *= PREFERRED_24.get(f) ?? 1;
    } else {
      for (const c of cover) score += load.get(c) ?? 0;
    }
    scores.set(f, score);
  }
  let best: number | undefined;
  for (const [f, s] of scores) if (best === undefined || s < scores.get(best)!) best = f;
  return best === undefined
    ? undefined
    : { frequency: best, channel: channelOfFrequency(best), scores };
}
