/**
 * The HT setup of a radio from hostapd.conf's `ht_capab` (IEEE 802.11-2020 9.4.2.55, 19): the
 * HT Capability Information the AP announces and whether it runs 40 MHz, with the secondary
 * channel above (`[HT40+]`) or below (`[HT40-]`) the primary.
 *
 * As in hostapd (measured against Debian's 2.10 over mac80211_hwsim), every capability asked for
 * must be one the radio has, or the BSS does not start; a 40 MHz pair the band does not allow,
 * or whose second channel is disabled, falls back to 20 MHz; DSSS/CCK in 40 MHz is dropped
 * outside 2.4 GHz; on 2.4 GHz the AP scans first and keeps 40 MHz only if no neighbouring BSS
 * stands against it (20/40 BSS coexistence, {@link coexistence24}), unless OpenWrt's `noscan=1`.
 * Where tsapd differs: on 5 GHz hostapd also scans, and may swap the primary and secondary
 * channels to sit with a neighbour; tsapd takes the pair as configured there.
 *
 * @module
 */

import { readU16Le } from "../bytes.ts";
import { Eid, findElement, parseElements } from "../ieee80211/element_list.ts";

/** HT Capability Information bits (9.4.2.55.2) with their `ht_capab` names. */
export const HtCap = {
  LDPC: 0x0001,
  SUPP_WIDTH_20_40: 0x0002,
  SMPS_MASK: 0x000c,
  SMPS_STATIC: 0x0000,
  SMPS_DYNAMIC: 0x0004,
  SMPS_DISABLED: 0x000c,
  GREEN_FIELD: 0x0010,
  SHORT_GI_20: 0x0020,
  SHORT_GI_40: 0x0040,
  TX_STBC: 0x0080,
  RX_STBC_MASK: 0x0300,
  DELAYED_BA: 0x0400,
  MAX_AMSDU_7935: 0x0800,
  DSSS_CCK_40: 0x1000,
  INTOLERANT_40: 0x4000,
  LSIG_TXOP_PROT: 0x8000,
} as const;

/** hostapd's HT Capability Information before `ht_capab`: SM Power Save disabled. */
export const DEFAULT_HT_CAPAB = HtCap.SMPS_DISABLED;

/** Flags that set one bit, as hostapd matches them (anywhere in the value). */
const FLAG_BITS: readonly [string, number][] = [
  ["[LDPC]", HtCap.LDPC],
  ["[GF]", HtCap.GREEN_FIELD],
  ["[SHORT-GI-20]", HtCap.SHORT_GI_20],
  ["[SHORT-GI-40]", HtCap.SHORT_GI_40],
  ["[TX-STBC]", HtCap.TX_STBC],
  ["[DELAYED-BA]", HtCap.DELAYED_BA],
  ["[MAX-AMSDU-7935]", HtCap.MAX_AMSDU_7935],
  ["[DSSS_CCK-40]", HtCap.DSSS_CCK_40],
  ["[40-INTOLERANT]", HtCap.INTOLERANT_40],
  ["[LSIG-TXOP-PROT]", HtCap.LSIG_TXOP_PROT],
];

/** The parsed `ht_capab`: the capability bits and the secondary channel (1 above, -1 below). */
export interface HtCapab {
  capab: number;
  secondaryChannel: 0 | 1 | -1;
}

/**
 * Parses an `ht_capab` value the way hostapd does: each known `[FLAG]` found anywhere in the
 * text adds its bit to `base`; `[HT40+]`/`[HT40-]` add 40 MHz support and pick the secondary
 * channel; `[SMPS-STATIC]`/`[SMPS-DYNAMIC]` replace the SM Power Save mode; `[RX-STBC1]`,
 * `[RX-STBC12]`, `[RX-STBC123]` set the RX STBC streams. Unknown text is ignored.
 *
 * @param value the text after `ht_capab=`
 * @param base the bits so far (hostapd's default {@link DEFAULT_HT_CAPAB})
 * @returns the bits and the secondary channel
 * @example
 * ```ts
 * import { parseHtCapab } from "./ht_plan.ts";
 * parseHtCapab("[HT40+][SHORT-GI-20][SHORT-GI-40]"); // { capab: 0x006e, secondaryChannel: 1 }
 * ```
 */
export function parseHtCapab(value: string, base: number = DEFAULT_HT_CAPAB): HtCapab {
  let capab = base;
  let secondaryChannel: 0 | 1 | -1 = 0;
  if (value.includes("[HT40-]")) {
    capab |= HtCap.SUPP_WIDTH_20_40;
    secondaryChannel = -1;
  }
  if (value.includes("[HT40+]")) {
    capab |= HtCap.SUPP_WIDTH_20_40;
    secondaryChannel = 1;
  }
  if (value.includes("[SMPS-STATIC]")) capab = (capab & ~HtCap.SMPS_MASK) | HtCap.SMPS_STATIC;
  if (value.includes("[SMPS-DYNAMIC]")) capab = (capab & ~HtCap.SMPS_MASK) | HtCap.SMPS_DYNAMIC;
  for (const [flag, bit] of FLAG_BITS) if (value.includes(flag)) capab |= bit;
  const rx = value.includes("[RX-STBC123]")
    ? 3
    : value.includes("[RX-STBC12]")
    ? 2
    : value.includes("[RX-STBC1]")
    ? 1
    : undefined;
  if (rx !== undefined) capab = (capab & ~HtCap.RX_STBC_MASK) | (rx << 8);
  return { capab, secondaryChannel };
}

/** hostapd's names of the bits, for "Driver does not support configured HT capability". */
const CAP_NAMES: readonly [number, string][] = [
  [HtCap.LDPC, "[LDPC]"],
  [HtCap.SUPP_WIDTH_20_40, "[HT40*]"],
  [HtCap.GREEN_FIELD, "[GF]"],
  [HtCap.SHORT_GI_20, "[SHORT-GI-20]"],
  [HtCap.SHORT_GI_40, "[SHORT-GI-40]"],
  [HtCap.TX_STBC, "[TX-STBC]"],
  [HtCap.DELAYED_BA, "[DELAYED-BA]"],
  [HtCap.MAX_AMSDU_7935, "[MAX-AMSDU-7935]"],
  [HtCap.DSSS_CCK_40, "[DSSS_CCK-40]"],
  [HtCap.LSIG_TXOP_PROT, "[LSIG-TXOP-PROT]"],
];

/** The lower channels of the 5 GHz 40 MHz pairs (20 MHz channel numbers). */
const HT40_5G_LOWER = [36, 44, 52, 60, 100, 108, 116, 124, 132, 140, 149, 157, 165, 173, 184, 192];

/** What the radio offers and where the BSS is to run. */
export interface HtRadio {
  /** The band's HT Capability Information from the wiphy. */
  hwCapab: number;
  /** The primary channel. */
  channel: number;
  /** 2.4 GHz (channels 1-14) rather than 5 GHz. */
  band24: boolean;
  /** The enabled channels of the band. */
  channels: readonly number[];
  /** OpenWrt's `noscan=1`: take 40 MHz on 2.4 GHz without the coexistence scan. */
  noscan: boolean;
}

/** The HT the BSS runs, or why it cannot start. */
export type HtPlan =
  | {
    ok: true;
    capab: number;
    secondaryChannel: 0 | 1 | -1;
    /** Why 40 MHz was asked for and not taken, for the log. */
    note?: string;
    /** 2.4 GHz: scan first and keep 40 MHz only if {@link coexistence24} allows it. */
    scan?: boolean;
  }
  | { ok: false; error: string };

/**
 * Checks `ht_capab` against the radio and the band and settles the channel width.
 *
 * @param want the parsed `ht_capab`
 * @param radio the wiphy's HT capabilities, the channel and the band's enabled channels
 * @returns the capability bits to announce and the secondary channel (with a note for the log
 *   when 40 MHz was asked for and not taken), or hostapd's error
 * @example
 * ```ts
 * import { planHt } from "./ht_plan.ts";
 * const hwsim = 0x1072; // mac80211_hwsim: 20/40, GF, short GI 20 and 40, DSSS/CCK in 40 MHz
 * planHt({ capab: 0x006e, secondaryChannel: 1 }, {
 *   hwCapab: hwsim, channel: 36, band24: false, channels: [36, 40, 44, 48], noscan: false,
 * }); // { ok: true, capab: 0x006e, secondaryChannel: 1 }
 * ```
 */
export function planHt(want: HtCapab, radio: HtRadio): HtPlan {
  // hostapd drops DSSS/CCK in 40 MHz outside 2.4 GHz before anything else.
  const capab = radio.band24 ? want.capab : want.capab & ~HtCap.DSSS_CCK_40;
  for (const [bit, name] of CAP_NAMES) {
    if ((capab & bit) && !(radio.hwCapab & bit)) {
      return { ok: false, error: `Driver does not support configured HT capability ${name}` };
    }
  }
  const smps = capab & HtCap.SMPS_MASK;
  if (smps !== HtCap.SMPS_DISABLED && smps !== (radio.hwCapab & HtCap.SMPS_MASK)) {
    const name = smps === HtCap.SMPS_STATIC ? "[SMPS-STATIC]" : "[SMPS-DYNAMIC]";
    return { ok: false, error: `Driver does not support configured HT capability ${name}` };
  }
  if ((capab & HtCap.RX_STBC_MASK) > (radio.hwCapab & HtCap.RX_STBC_MASK)) {
    return { ok: false, error: "Driver does not support configured HT capability [RX-STBC*]" };
  }
  const sec = want.secondaryChannel;
  if (sec === 0) return { ok: true, capab, secondaryChannel: 0 };
  const second = radio.channel + 4 * sec;
  // hostapd's channel selection needs the secondary channel in the radio's list first (not
  // disabled; [HT40+] on channel 11 failed to start in the hwsim guest, country DE or none).
  if (!radio.channels.includes(second)) {
    return {
      ok: false,
      error: `Could not select hw_mode and channel: the secondary channel ${second} of ` +
        `[HT40${sec === 1 ? "+" : "-"}] on channel ${radio.channel} is not available`,
    };
  }
  const pairOk = radio.band24
    ? second >= 1 && second <= 13
    : HT40_5G_LOWER.includes(sec === 1 ? radio.channel : second);
  // As hostapd: the BSS starts at 20 MHz; the capability bits stay as configured.
  if (!pairOk) {
    return {
      ok: true,
      capab,
      secondaryChannel: 0,
      note: `HT40 channel pair (${radio.channel}, ${second}) not allowed; fallback to 20 MHz`,
    };
  }
  // 2.4 GHz: 40 MHz only once a scan shows no neighbour against it (coexistence24).
  if (radio.band24 && !radio.noscan) return { ok: true, capab, secondaryChannel: sec, scan: true };
  return { ok: true, capab, secondaryChannel: sec };
}

/** A BSS a scan found: its channel's frequency and its elements. */
export interface ScannedBss {
  /** MHz. */
  frequency: number;
  /** The Information Elements of its Beacon or Probe Response. */
  ies: Uint8Array;
}

/** The 2.4 GHz channels whose BSSes decide on 40 MHz for `channel` + `secondary` (MHz range). */
export function affectedRange24(channel: number, secondary: 1 | -1): [number, number] {
  const pri = 2407 + 5 * channel;
  const center = pri + 10 * secondary;
  return [center - 25, center + 25];
}

/**
 * The 20/40 MHz coexistence rule for 2.4 GHz (IEEE 802.11-2020 11.16.3.2): 40 MHz is allowed
 * unless a BSS in the affected range (the 40 MHz channel's centre ± 25 MHz) is a legacy or a
 * 20 MHz HT BSS off the AP's primary channel, a 40 MHz BSS with another primary or secondary
 * channel, or announces 40 MHz Intolerant.
 *
 * @param channel the AP's primary channel
 * @param secondary above (1) or below (-1)
 * @param bsses what the scan found
 * @returns undefined when 40 MHz is allowed, else why not (for the log)
 */
export function coexistence24(
  channel: number,
  secondary: 1 | -1,
  bsses: readonly ScannedBss[],
): string | undefined {
  const priFreq = 2407 + 5 * channel;
  const secFreq = priFreq + 20 * secondary;
  const [start, end] = affectedRange24(channel, secondary);
  for (const bss of bsses) {
    let elements;
    try {
      elements = parseElements(bss.ies);
    } catch {
      continue;
    }
    const htCap = findElement(elements, Eid.HT_CAPABILITIES)?.body;
    const htOp = findElement(elements, Eid.HT_OPERATION)?.body;
    const offset = htOp && htOp.length >= 2 ? htOp[1]! & 0x03 : 0;
    const inRange = (f: number) => f >= start && f <= end;
    if (inRange(bss.frequency) && bss.frequency !== priFreq && (!htCap || (htOp && !offset))) {
      return `overlapping ${htCap ? "20 MHz HT" : "legacy"} BSS on ${bss.frequency} MHz`;
    }
    const bssSec = offset === 1 ? bss.frequency + 20 : offset === 3 ? bss.frequency - 20 : 0;
    if (!inRange(bss.frequency) && !(bssSec && inRange(bssSec))) continue;
    if (bssSec && (bss.frequency !== priFreq || bssSec !== secFreq)) {
      return `40 MHz BSS on ${bss.frequency}/${bssSec} MHz against ${priFreq}/${secFreq} MHz`;
    }
    if (htCap && htCap.length >= 2 && (readU16Le(htCap, 0) & HtCap.INTOLERANT_40)) {
      return `40 MHz Intolerant BSS on ${bss.frequency} MHz`;
    }
  }
  return undefined;
}
