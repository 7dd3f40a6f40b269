/**
 * The VHT (802.11ac) setup of a 5 GHz radio from hostapd.conf's `ieee80211ac`, `vht_capab`,
 * `vht_oper_chwidth` and `vht_oper_centr_freq_seg0_idx` (IEEE 802.11-2020 9.4.2.157, 158, 21):
 * the VHT Capabilities Information the AP announces, the operating width and the centre
 * channel of the 80 MHz block, and what a station's capabilities become for the kernel.
 *
 * As in hostapd, every capability asked for must be one the radio has (a multi-bit field no
 * more than the radio's value), or the BSS does not start, and 80 MHz rides on a 40 MHz HT pair.
 * Where tsapd differs: 160 and 80+80 MHz (`vht_oper_chwidth` 2 and 3) are not run (hostapd
 * would need radar detection for them on most channels); such a config runs 80 MHz around its
 * primary channel, with a note in the log. A centre that does not hold the primary channel is
 * replaced by the primary's block (hostapd picks a random free 80 MHz channel instead), and a
 * centre left at 0 is taken from the primary channel (hostapd fails to start).
 *
 * @module
 */

/** VHT Capabilities Information bits and fields (9.4.2.157.2). */
export const VhtCap = {
  MAX_MPDU_MASK: 0x00000003,
  SUPP_CHAN_WIDTH_MASK: 0x0000000c,
  SUPP_CHAN_WIDTH_160: 0x00000004,
  SUPP_CHAN_WIDTH_160_80P80: 0x00000008,
  RXLDPC: 0x00000010,
  SHORT_GI_80: 0x00000020,
  SHORT_GI_160: 0x00000040,
  TXSTBC: 0x00000080,
  RXSTBC_MASK: 0x00000700,
  SU_BEAMFORMER: 0x00000800,
  SU_BEAMFORMEE: 0x00001000,
  BEAMFORMEE_STS_MASK: 0x0000e000,
  SOUNDING_DIMENSION_MASK: 0x00070000,
  MU_BEAMFORMER: 0x00080000,
  MU_BEAMFORMEE: 0x00100000,
  TXOP_PS: 0x00200000,
  HTC_VHT: 0x00400000,
  MAX_AMPDU_EXP_MASK: 0x03800000,
  LINK_ADAPT_UNSOL: 0x08000000,
  LINK_ADAPT_BOTH: 0x0c000000,
  RX_ANTENNA_PATTERN: 0x10000000,
  TX_ANTENNA_PATTERN: 0x20000000,
} as const;

/** Flags of `vht_capab` that set bits unconditionally, as hostapd matches them (anywhere). */
const FLAG_BITS: readonly [string, number][] = [
  ["[MAX-MPDU-7991]", 0x1],
  ["[MAX-MPDU-11454]", 0x2],
  ["[VHT160]", VhtCap.SUPP_CHAN_WIDTH_160],
  ["[VHT160-80PLUS80]", VhtCap.SUPP_CHAN_WIDTH_160_80P80],
  ["[RXLDPC]", VhtCap.RXLDPC],
  ["[SHORT-GI-80]", VhtCap.SHORT_GI_80],
  ["[SHORT-GI-160]", VhtCap.SHORT_GI_160],
  ["[TX-STBC-2BY1]", VhtCap.TXSTBC],
  ["[RX-STBC-1]", 1 << 8],
  ["[RX-STBC-12]", 2 << 8],
  ["[RX-STBC-123]", 3 << 8],
  ["[RX-STBC-1234]", 4 << 8],
  ["[SU-BEAMFORMER]", VhtCap.SU_BEAMFORMER],
  ["[SU-BEAMFORMEE]", VhtCap.SU_BEAMFORMEE],
];

/** Flags that count only with another capability already set (the field is reserved else). */
const DEPENDENT_BITS: readonly [string, number, number][] = [
  ["[BF-ANTENNA-2]", 1 << 13, VhtCap.SU_BEAMFORMEE],
  ["[BF-ANTENNA-3]", 2 << 13, VhtCap.SU_BEAMFORMEE],
  ["[BF-ANTENNA-4]", 3 << 13, VhtCap.SU_BEAMFORMEE],
  ["[SOUNDING-DIMENSION-2]", 1 << 16, VhtCap.SU_BEAMFORMER],
  ["[SOUNDING-DIMENSION-3]", 2 << 16, VhtCap.SU_BEAMFORMER],
  ["[SOUNDING-DIMENSION-4]", 3 << 16, VhtCap.SU_BEAMFORMER],
];

/** Flags after the beamforming ones, in the order hostapd reads them. */
const LATER_BITS: readonly [string, number][] = [
  ["[MU-BEAMFORMER]", VhtCap.MU_BEAMFORMER],
  ["[VHT-TXOP-PS]", VhtCap.TXOP_PS],
  ["[HTC-VHT]", VhtCap.HTC_VHT],
];

/**
 * Parses a `vht_capab` value the way hostapd does: each known `[FLAG]` found anywhere in the
 * value sets its bits (unknown text is ignored, nothing is an error); beamforming antenna and
 * sounding counts need SU beamformee / beamformer, link adaptation needs `[HTC-VHT]`; of the
 * `[MAX-A-MPDU-LEN-EXPn]` flags the highest n counts.
 *
 * @param value the text after `vht_capab=`
 * @param base the bits so far (0 before the first line)
 * @returns the VHT Capabilities Information bits
 * @example
 * ```ts
 * parseVhtCapab("[SHORT-GI-80][RXLDPC]"); // 0x30
 * ```
 */
export function parseVhtCapab(value: string, base = 0): number {
  let cap = base;
  for (const [flag, bits] of FLAG_BITS) if (value.includes(flag)) cap |= bits;
  for (const [flag, bits, needs] of DEPENDENT_BITS) {
    if (value.includes(flag) && (cap & needs)) cap |= bits;
  }
  for (const [flag, bits] of LATER_BITS) if (value.includes(flag)) cap |= bits;
  for (let n = 7; n > 0; n--) {
    if (value.includes(`[MAX-A-MPDU-LEN-EXP${n}]`)) {
      cap |= n << 23;
      break;
    }
  }
  if (cap & VhtCap.HTC_VHT) {
    if (value.includes("[VHT-LINK-ADAPT2]")) cap |= VhtCap.LINK_ADAPT_UNSOL;
    else if (value.includes("[VHT-LINK-ADAPT3]")) cap |= VhtCap.LINK_ADAPT_BOTH;
  }
  if (value.includes("[RX-ANTENNA-PATTERN]")) cap |= VhtCap.RX_ANTENNA_PATTERN;
  if (value.includes("[TX-ANTENNA-PATTERN]")) cap |= VhtCap.TX_ANTENNA_PATTERN;
  return cap >>> 0;
}

/** Single bits the radio must have when configured, with hostapd's names for the error. */
const CHECKED_BITS: readonly [number, string][] = [
  [VhtCap.RXLDPC, "VHT_CAP_RXLDPC"],
  [VhtCap.SHORT_GI_80, "VHT_CAP_SHORT_GI_80"],
  [VhtCap.SHORT_GI_160, "VHT_CAP_SHORT_GI_160"],
  [VhtCap.TXSTBC, "VHT_CAP_TXSTBC"],
  [VhtCap.SU_BEAMFORMER, "VHT_CAP_SU_BEAMFORMER_CAPABLE"],
  [VhtCap.SU_BEAMFORMEE, "VHT_CAP_SU_BEAMFORMEE_CAPABLE"],
  [VhtCap.MU_BEAMFORMER, "VHT_CAP_MU_BEAMFORMER_CAPABLE"],
  [VhtCap.MU_BEAMFORMEE, "VHT_CAP_MU_BEAMFORMEE_CAPABLE"],
  [VhtCap.TXOP_PS, "VHT_CAP_VHT_TXOP_PS"],
  [VhtCap.HTC_VHT, "VHT_CAP_HTC_VHT"],
  [VhtCap.LINK_ADAPT_UNSOL, "VHT_CAP_VHT_LINK_ADAPTATION_VHT_UNSOL_MFB"],
  [VhtCap.LINK_ADAPT_BOTH & ~VhtCap.LINK_ADAPT_UNSOL, "VHT_CAP_VHT_LINK_ADAPTATION_VHT_MRQ_MFB"],
  [VhtCap.RX_ANTENNA_PATTERN, "VHT_CAP_RX_ANTENNA_PATTERN"],
  [VhtCap.TX_ANTENNA_PATTERN, "VHT_CAP_TX_ANTENNA_PATTERN"],
];

/** Multi-bit fields whose configured value may not exceed the radio's. */
const CHECKED_FIELDS: readonly [number, number, string][] = [
  [VhtCap.MAX_MPDU_MASK, 0, "VHT_CAP_MAX_MPDU_LENGTH_MASK"],
  [VhtCap.SUPP_CHAN_WIDTH_MASK, 2, "VHT_CAP_SUPP_CHAN_WIDTH_MASK"],
  [VhtCap.RXSTBC_MASK, 8, "VHT_CAP_RXSTBC_MASK"],
  [VhtCap.BEAMFORMEE_STS_MASK, 13, "VHT_CAP_BEAMFORMEE_STS_MAX"],
  [VhtCap.SOUNDING_DIMENSION_MASK, 16, "VHT_CAP_SOUNDING_DIMENSION_MAX"],
  [VhtCap.MAX_AMPDU_EXP_MASK, 23, "VHT_CAP_MAX_A_MPDU_LENGTH_EXPONENT_MAX"],
];

/** What the config asks for. */
export interface VhtWant {
  /** `vht_capab` bits. */
  capab: number;
  /** `vht_oper_chwidth`: 0 for 20/40 MHz, 1 for 80, 2 for 160, 3 for 80+80. */
  chwidth: number;
  /** `vht_oper_centr_freq_seg0_idx` (0 when unset). */
  seg0: number;
  /** `vht_oper_centr_freq_seg1_idx` (0 when unset). */
  seg1: number;
}

/** What the radio offers. */
export interface VhtRadio {
  /** The band's VHT Capabilities Information (NL80211_BAND_ATTR_VHT_CAPA). */
  hwCapab: number;
  /** The primary channel. */
  channel: number;
  /** The HT secondary channel in use: 1 above, -1 below, 0 for 20 MHz. */
  secondaryChannel: 0 | 1 | -1;
  /** The band's enabled channel numbers. */
  channels: readonly number[];
}

/** The settled VHT setup, or hostapd's error. */
export type VhtPlan =
  | {
    ok: true;
    /** The capability bits to announce. */
    capab: number;
    /** The VHT Operation width: 0 (20/40 MHz, as HT) or 1 (80 MHz). */
    chwidth: 0 | 1;
    /** Channel Center Frequency Segment 0 (the 80 MHz block's centre with `chwidth` 1). */
    seg0: number;
    /** Channel Center Frequency Segment 1. */
    seg1: number;
    /** Why the configured width was not taken as it stands, for the log. */
    note?: string;
  }
  | { ok: false; error: string };

/** The lowest channel of each 5 GHz 80 MHz block (its centre is 6 above). */
const BLOCKS_80 = [36, 52, 100, 116, 132, 149, 165];

/** The centre channel of the 5 GHz 80 MHz block that holds `channel`, if there is one. */
export function center80(channel: number): number | undefined {
  const first = BLOCKS_80.find((c) => channel >= c && channel <= c + 12 && (channel - c) % 4 === 0);
  return first === undefined ? undefined : first + 6;
}

/**
 * Checks `vht_capab` against the radio and settles the operating width.
 *
 * @param want the parsed settings
 * @param radio the band's VHT capabilities and channels, and the HT width in use
 * @returns the bits to announce and the VHT Operation fields, or the reason the BSS cannot
 *   start
 * @example
 * ```ts
 * import { planVht } from "./vht_plan.ts";
 * planVht({ capab: 0x30, chwidth: 1, seg0: 42, seg1: 0 }, {
 *   hwCapab: 0x038004fa, channel: 36, secondaryChannel: 1, channels: [36, 40, 44, 48],
 * }); // { ok: true, capab: 0x30, chwidth: 1, seg0: 42, seg1: 0 }
 * ```
 */
export function planVht(want: VhtWant, radio: VhtRadio): VhtPlan {
  const capab = want.capab >>> 0;
  for (const [bit, name] of CHECKED_BITS) {
    if ((capab & bit) && !(radio.hwCapab & bit)) {
      return { ok: false, error: `Driver does not support configured VHT capability [${name}]` };
    }
  }
  for (const [mask, shift, name] of CHECKED_FIELDS) {
    const conf = (capab & mask) >>> shift;
    const hw = (radio.hwCapab & mask) >>> shift;
    if (conf > hw) {
      return {
        ok: false,
        error: `Configured VHT capability [${name}] exceeds max value supported by the driver ` +
          `(${conf} > ${hw})`,
      };
    }
  }
  if (want.chwidth === 0) return { ok: true, capab, chwidth: 0, seg0: want.seg0, seg1: want.seg1 };
  const block = center80(radio.channel);
  if (block === undefined) {
    return { ok: false, error: `VHT: channel ${radio.channel} is in no 80 MHz channel block` };
  }
  let note: string | undefined;
  let seg0 = want.seg0;
  if (want.chwidth !== 1) {
    note = `vht_oper_chwidth=${want.chwidth} (160 or 80+80 MHz) is not run; 80 MHz around ` +
      `channel ${block}`;
    seg0 = block;
  } else if (seg0 !== block) {
    // Debian's hostapd moves such a BSS to a random free 80 MHz channel (its DFS channel
    // selection; measured: channel 149 once, 36 another time); tsapd keeps the primary.
    if (seg0 !== 0) {
      note = `vht_oper_centr_freq_seg0_idx=${seg0} does not hold channel ${radio.channel}; ` +
        `80 MHz around channel ${block}`;
    }
    seg0 = block;
  }
  if (radio.secondaryChannel === 0) {
    return {
      ok: false,
      error: "VHT: 80 MHz needs a 40 MHz HT channel pair (ht_capab [HT40+] or [HT40-])",
    };
  }
  const missing = [seg0 - 6, seg0 - 2, seg0 + 2, seg0 + 6].filter((c) =>
    !radio.channels.includes(c)
  );
  if (missing.length > 0) {
    return {
      ok: false,
      error: `VHT: 80 MHz around channel ${seg0} needs channel ${
        missing.join(", ")
      }, disabled here`,
    };
  }
  return { ok: true, capab, chwidth: 1, seg0, seg1: 0, ...(note ? { note } : {}) };
}

/**
 * A station's VHT Capabilities Information as the AP gives it to the kernel: what the station
 * announced, less what this AP cannot do with it (the short GIs it lacks, beamforming without
 * the matching role, channel widths beyond its own, and STBC it cannot take or give).
 *
 * @param sta the station's VHT Capabilities Information
 * @param own the AP's (the announced `vht_capab`)
 * @returns the bits for NL80211_ATTR_VHT_CAPABILITY
 * @example
 * ```ts
 * negotiateVhtCapab(0x038004fa, 0x30); // 0x03800032
 * ```
 */
export function negotiateVhtCapab(sta: number, own: number): number {
  let cap = sta >>> 0;
  const symmetric = VhtCap.SHORT_GI_80 | VhtCap.SHORT_GI_160;
  cap &= ~symmetric | (own & symmetric);
  if (!(own & VhtCap.SU_BEAMFORMER)) cap &= ~(VhtCap.SU_BEAMFORMEE | VhtCap.BEAMFORMEE_STS_MASK);
  if (!(own & VhtCap.SU_BEAMFORMEE)) {
    cap &= ~(VhtCap.SU_BEAMFORMER | VhtCap.SOUNDING_DIMENSION_MASK);
  }
  if (!(own & VhtCap.MU_BEAMFORMER)) cap &= ~VhtCap.MU_BEAMFORMEE;
  if (!(own & VhtCap.MU_BEAMFORMEE)) cap &= ~VhtCap.MU_BEAMFORMER;
  const ownWidth = own & VhtCap.SUPP_CHAN_WIDTH_MASK;
  if (ownWidth === VhtCap.SUPP_CHAN_WIDTH_160) {
    if (cap & VhtCap.SUPP_CHAN_WIDTH_160_80P80) {
      cap = (cap & ~VhtCap.SUPP_CHAN_WIDTH_MASK) | VhtCap.SUPP_CHAN_WIDTH_160;
    }
  } else if (ownWidth !== VhtCap.SUPP_CHAN_WIDTH_160_80P80) {
    cap &= ~VhtCap.SUPP_CHAN_WIDTH_MASK;
  }
  if (!(cap & VhtCap.SUPP_CHAN_WIDTH_MASK)) cap &= ~VhtCap.SHORT_GI_160;
  if (!(own & VhtCap.RXSTBC_MASK)) cap &= ~VhtCap.TXSTBC;
  if (!(own & VhtCap.TXSTBC)) cap &= ~VhtCap.RXSTBC_MASK;
  return cap >>> 0;
}
