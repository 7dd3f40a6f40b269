/**
 * A station's counters and rates as the kernel reports them in NL80211_CMD_GET_STATION's
 * NL80211_ATTR_STA_INFO, read as hostapd's nl80211 driver reads them for `STA` (its
 * hostap_sta_driver_data): 64-bit byte counters when the driver has both, else the 32-bit ones;
 * a bitrate in 100 kb/s units from BITRATE32, else BITRATE.
 *
 * @module
 */

import type { NlAttrs } from "./attributes.ts";
import { Nl80211Attr as A, Nl80211RateInfo as R, Nl80211StaInfo as S } from "./nl80211_const.ts";

/** A TX or RX rate of a station. */
export interface StationRate {
  /** The bitrate in 100 kb/s units (0 when the kernel gave none). */
  bitrate: number;
  /** HT MCS index, when HT. */
  mcs?: number;
  /** VHT MCS index, when VHT. */
  vhtMcs?: number;
  /** VHT spatial streams, when VHT. */
  vhtNss?: number;
  /** Short guard interval. */
  shortGi: boolean;
}

/** What the kernel counts for one station. */
export interface StationStats {
  /** Packets received from the station. */
  rxPackets: number;
  /** Packets sent to it. */
  txPackets: number;
  /** Octets received (64-bit when the driver counts them so). */
  rxBytes: bigint;
  /** Octets sent. */
  txBytes: bigint;
  /** Milliseconds since the station was last heard. */
  inactiveMs: number;
  /** Signal of its last frame, dBm. */
  signal: number;
  /** The rate of its last received frame. */
  rxRate?: StationRate;
  /** The rate of the last frame sent to it. */
  txRate?: StationRate;
  /** Signal of its last ACK, dBm, when the driver reports it. */
  ackSignal?: number;
}

/**
 * Reads NL80211_ATTR_STA_INFO of a GET_STATION reply.
 *
 * @param attrs the reply's top-level attributes
 * @returns the counters, or undefined when the reply has no station information
 */
export function decodeStationStats(attrs: NlAttrs): StationStats | undefined {
  const info = attrs.nested(A.STA_INFO);
  if (!info) return undefined;
  let rxBytes = BigInt(info.u32(S.RX_BYTES) ?? 0);
  let txBytes = BigInt(info.u32(S.TX_BYTES) ?? 0);
  const rx64 = info.u64(S.RX_BYTES64);
  const tx64 = info.u64(S.TX_BYTES64);
  if (rx64 !== undefined && tx64 !== undefined) [rxBytes, txBytes] = [rx64, tx64];
  const out: StationStats = {
    rxPackets: info.u32(S.RX_PACKETS) ?? 0,
    txPackets: info.u32(S.TX_PACKETS) ?? 0,
    rxBytes,
    txBytes,
    inactiveMs: info.u32(S.INACTIVE_TIME) ?? 0,
    signal: signed8(info.u8(S.SIGNAL) ?? 0),
  };
  const rx = rateOf(info.nested(S.RX_BITRATE));
  if (rx) out.rxRate = rx;
  const tx = rateOf(info.nested(S.TX_BITRATE));
  if (tx) out.txRate = tx;
  const ack = info.u8(S.ACK_SIGNAL);
  if (ack !== undefined) out.ackSignal = signed8(ack);
  return out;
}

function rateOf(r: NlAttrs | undefined): StationRate | undefined {
  if (!r) return undefined;
  const rate: StationRate = {
    bitrate: r.u32(R.BITRATE32) ?? r.u16(R.BITRATE) ?? 0,
    shortGi: r.has(R.SHORT_GI),
  };
  const mcs = r.u8(R.MCS);
  if (mcs !== undefined) rate.mcs = mcs;
  const vhtMcs = r.u8(R.VHT_MCS);
  if (vhtMcs !== undefined) rate.vhtMcs = vhtMcs;
  const vhtNss = r.u8(R.VHT_NSS);
  if (vhtNss !== undefined) rate.vhtNss = vhtNss;
  return rate;
}

/** The kernel puts signal levels, s8 dBm, in u8 attributes. */
function signed8(v: number): number {
  return v > 127 ? v - 256 : v;
}
