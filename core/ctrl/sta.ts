/**
 * The station block that `STA`, `STA-FIRST` and `STA-NEXT` answer with, and the station-table
 * walk behind them. The first line is the MAC address; fields follow as `key=value` lines in
 * hostapd's order (reference §2.4; compared with Debian's hostapd 2.10 over driver=wired).
 *
 * @module
 */

import { formatHwaddr } from "./command.ts";
import { readU16Le, toHex } from "../bytes.ts";
import type { StationRate, StationStats } from "../netlink/station_stats.ts";
import type { PeerDeviceRecord } from "../wps/wps_context.ts";

/** Station flags in the order hostapd prints them. */
export const STA_FLAGS = [
  "AUTH",
  "ASSOC",
  "AUTHORIZED",
  "PENDING_POLL",
  "SHORT_PREAMBLE",
  "PREAUTH",
  "WMM",
  "MFP",
  "WPS",
  "MAYBE_WPS",
  "WDS",
  "NonERP",
  "WPS2",
  "GAS",
  "HT",
  "VHT",
  "HE",
  "EHT",
  "UHR",
  "6GHZ",
  "VENDOR_VHT",
  "SPP-A-MSDU",
  "WNM_SLEEP_MODE",
] as const;

/** One of {@link STA_FLAGS}. */
export type StaFlag = typeof STA_FLAGS[number];

/** What the station's inactivity timer does next (`timeout_next=`). */
export type StaTimeoutNext =
  | "NULLFUNC POLL"
  | "DISASSOC"
  | "DEAUTH"
  | "REMOVE"
  | "DISASSOC_FROM_CLI";

/** A station as the control interface reports it. */
export interface StaInfo {
  /** The station's MAC address (6 bytes). */
  addr: Uint8Array;
  /** Its flags (any order; printed in hostapd's order). */
  flags: ReadonlySet<StaFlag> | readonly StaFlag[];
  /** Association ID (0 on wired). */
  aid: number;
  /** Capability Information field. */
  capability: number;
  /** Listen interval. */
  listenInterval: number;
  /** Supported rates octets. */
  supportedRates: Uint8Array;
  /** The next inactivity action. */
  timeoutNext: StaTimeoutNext;
  /** BSS max idle period, when negotiated. */
  maxIdlePeriod?: number;
  /** MIB lines of the WPA and 802.1X state machines, each ending in `\n`. */
  mib?: string;
  /** WPS device attributes, for a station that ran WPS. */
  wps?: PeerDeviceRecord;
  /** The kernel's counters and rates for a radio station (hostapd reads them from its driver). */
  stats?: StationStats;
  /** Further lines (`connected_time=` …), each ending in `\n`. */
  tail?: string;
  /** VLAN ID from the accept list, when above 0. */
  vlanId?: number;
  /** The HT Capabilities element body of an HT station. */
  htCapabilities?: Uint8Array;
  /** The VHT Capabilities element body of a VHT station, as it sent it. */
  vhtCapabilities?: Uint8Array;
  /** The Supported Operating Classes element body the station sent. */
  suppOpClasses?: Uint8Array;
  /** The Extended Capabilities element body the station sent. */
  extCapab?: Uint8Array;
  /** The `keyid=` of the wpa_psk_file line whose PSK the station uses. */
  keyid?: string;
}

/**
 * Formats the station block.
 *
 * @param sta the station
 * @returns the reply text (ends with `\n`)
 * @example
 * ```ts
 * import { formatStaBlock } from "./sta.ts";
 * formatStaBlock({
 *   addr: new Uint8Array(6), flags: ["AUTH"], aid: 0, capability: 0, listenInterval: 0,
 *   supportedRates: new Uint8Array(), timeoutNext: "REMOVE",
 * }); // "00:00:00:00:00:00\nflags=[AUTH]\naid=0\n..."
 * ```
 */
export function formatStaBlock(sta: StaInfo): string {
  const set = new Set<StaFlag>(sta.flags);
  // PENDING_POLL lacks its closing bracket in hostapd's output; tools may match it that way.
  const flags = STA_FLAGS.filter((f) => set.has(f))
    .map((f) => f === "PENDING_POLL" ? "[PENDING_POLL" : `[${f}]`).join("");
  const rates = Array.from(sta.supportedRates, (r) => r.toString(16).padStart(2, "0")).join(" ");
  let out = `${formatHwaddr(sta.addr)}\nflags=${flags}\naid=${sta.aid}\n` +
    `capability=0x${sta.capability.toString(16)}\nlisten_interval=${sta.listenInterval}\n` +
    `supported_rates=${rates}\ntimeout_next=${sta.timeoutNext}\n`;
  if (sta.maxIdlePeriod !== undefined) out += `max_idle_period=${sta.maxIdlePeriod}\n`;
  out += sta.mib ?? "";
  if (sta.wps) {
    const w = sta.wps;
    out += `wpsUuid=${w.uuid}\nwpsPrimaryDeviceType=${w.primaryDeviceType}\n` +
      `wpsDeviceName=${w.deviceName}\nwpsManufacturer=${w.manufacturer}\n` +
      `wpsModelName=${w.modelName}\nwpsModelNumber=${w.modelNumber}\n` +
      `wpsSerialNumber=${w.serialNumber}\n`;
  }
  const ht = sta.htCapabilities && sta.htCapabilities.length >= 13 ? sta.htCapabilities : undefined;
  const vht = sta.vhtCapabilities && sta.vhtCapabilities.length >= 12
    ? sta.vhtCapabilities
    : undefined;
  if (sta.stats) {
    const d = sta.stats;
    out += `rx_packets=${d.rxPackets}\ntx_packets=${d.txPackets}\nrx_bytes=${d.rxBytes}\n` +
      `tx_bytes=${d.txBytes}\ninactive_msec=${d.inactiveMs}\nsignal=${d.signal}\n` +
      `rx_rate_info=${rateText(d.rxRate)}\ntx_rate_info=${rateText(d.txRate)}\n`;
    if (d.ackSignal !== undefined) out += `last_ack_signal=${d.ackSignal}\n`;
    // The Rx and Tx VHT-MCS maps of the Supported VHT-MCS and NSS Set, after the Info field.
    if (vht) out += `rx_vht_mcs_map=${u16Hex(vht, 4)}\ntx_vht_mcs_map=${u16Hex(vht, 8)}\n`;
    // The Rx MCS bitmask: the first 10 octets of the Supported MCS Set, after Info and A-MPDU.
    if (ht) out += `ht_mcs_bitmask=${toHex(ht.subarray(3, 13))}\n`;
  }
  out += sta.tail ?? "";
  if (sta.vlanId !== undefined && sta.vlanId > 0) out += `vlan_id=${sta.vlanId}\n`;
  if (sta.suppOpClasses?.length) out += `supp_op_classes=${toHex(sta.suppOpClasses)}\n`;
  if (vht) {
    const info = new DataView(vht.buffer, vht.byteOffset, 4).getUint32(0, true);
    out += `vht_caps_info=0x${info.toString(16).padStart(8, "0")}\n`;
  }
  if (ht) out += `ht_caps_info=0x${u16Hex(ht, 0)}\n`;
  if (sta.extCapab?.length) out += `ext_capab=${toHex(sta.extCapab)}\n`;
  if (sta.keyid !== undefined) out += `keyid=${sta.keyid}\n`;
  return out;
}

/** A little-endian u16 at `off`, as four hex digits. */
function u16Hex(b: Uint8Array, off: number): string {
  return readU16Le(b, off).toString(16).padStart(4, "0");
}

/** hostapd's rate text: the bitrate in 100 kb/s units, then the MCS details it has. */
function rateText(r: StationRate | undefined): string {
  if (!r) return "0";
  let t = String(r.bitrate);
  if (r.mcs !== undefined) t += ` mcs ${r.mcs}`;
  if (r.vhtMcs !== undefined) t += ` vhtmcs ${r.vhtMcs}`;
  if (r.vhtNss !== undefined) t += ` vhtnss ${r.vhtNss}`;
  if (r.shortGi) t += " shortGI";
  return t;
}

function sameAddr(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The `STA-FIRST` reply: the first station's block, or an empty reply when there is none
 * (hostapd 2.10 sends a 0-byte datagram; hostapd_cli then asks `STA-NEXT ` and stops on FAIL).
 *
 * @param stations the station table in hostapd's order (newest first)
 * @returns the reply text
 */
export function staFirstReply(stations: readonly StaInfo[]): string {
  const first = stations[0];
  return first ? formatStaBlock(first) : "";
}

/**
 * The `STA-NEXT <addr>` reply: the block of the station after `addr`, an empty reply after the
 * last one, `FAIL\n` when `addr` is malformed or not in the table (which ends client loops).
 *
 * @param stations the station table in hostapd's order
 * @param addr the address from the request
 * @returns the reply text
 */
export function staNextReply(stations: readonly StaInfo[], addr: Uint8Array | undefined): string {
  const i = addr ? stations.findIndex((s) => sameAddr(s.addr, addr)) : -1;
  if (i < 0) return "FAIL\n";
  const next = stations[i + 1];
  return next ? formatStaBlock(next) : "";
}

/**
 * The `STA <addr> [extra]` reply: the station's block, or `FAIL\n` for a malformed or unknown
 * address or any extra argument.
 *
 * @param stations the station table
 * @param addr the address from the request
 * @param extra text after the address, if any
 * @returns the reply text
 */
export function staReply(
  stations: readonly StaInfo[],
  addr: Uint8Array | undefined,
  extra?: string,
): string {
  const sta = addr ? stations.find((s) => sameAddr(s.addr, addr)) : undefined;
  if (!sta || extra !== undefined) return "FAIL\n";
  return formatStaBlock(sta);
}

/**
 * What `hostapd_cli all_sta` prints: every station block in table order.
 *
 * @param stations the station table
 * @returns the concatenated blocks ("" when empty)
 */
export function formatAllSta(stations: readonly StaInfo[]): string {
  return stations.map(formatStaBlock).join("");
}
