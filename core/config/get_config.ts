/**
 * Reply text of the control commands that report configuration: `GET_CONFIG` and `STATUS`,
 * byte for byte as hostapd 2.10 writes them (checked against the wired captures in
 * /work/shared/examples/wired/captures/ctrl/).
 *
 * @module
 */

import { formatMac, readU16Le, toHex } from "../bytes.ts";
import { CIPHER_NAMES, cipherText, KEY_MGMT_NAMES, sortBy } from "./ciphers.ts";
import type { BssConfig, HostapdConfig } from "./schema.ts";
import { printfEncode } from "./_text.ts";
import { type CountedRadio, htOperationMode, type StationCounts } from "../ap/station_counts.ts";

/** SSID as hostapd prints it (`wpa_ssid_txt`): printable ASCII kept, the rest escaped. */
export function ssidText(ssid: Uint8Array | undefined): string {
  return ssid ? printfEncode(ssid) : "";
}

/**
 * Formats the `GET_CONFIG` reply of one BSS.
 *
 * @param config the BSS (after the config checks)
 * @param bssid the BSS's own address
 * @param psk the PSK to show: the head of hostapd's PSK list when it is for every station
 *   (daemon/bss.ts's shownPsk), if any
 * @returns the reply text, every line ending in `\n`
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * const r = parseConfig("ssid=x\n", "a");
 * if (r.ok) formatGetConfig(r.config.bss[0]!, new Uint8Array(6)).split("\n")[2]; // "wps_state=disabled"
 * ```
 */
export function formatGetConfig(config: BssConfig, bssid: Uint8Array, psk?: Uint8Array): string {
  let out = `bssid=${formatMac(bssid)}\nssid=${ssidText(config.ssid)}\n`;
  const states = ["disabled", "not configured", "configured"];
  out += `wps_state=${states[config.wps_state] ?? "configured"}\n`;
  if (config.wps_state && config.wpa && config.wpa_passphrase !== undefined) {
    out += `passphrase=${config.wpa_passphrase}\n`;
  }
  if (config.wps_state && config.wpa && psk) out += `psk=${toHex(psk)}\n`;
  if (config.multi_ap) out += `multi_ap=${config.multi_ap}\n`;
  if (config.wpa) out += `wpa=${config.wpa}\n`;
  // Empty lists are those of an open BSS (setSecurityParams) that SETs are turning into a WPA
  // one: hostapd holds them as its NONE values and prints them so.
  if (config.wpa) {
    // hostapd writes each AKM with a trailing space and then removes the last one.
    out += `key_mgmt=${sortBy(config.wpa_key_mgmt, KEY_MGMT_NAMES).join(" ")}\n`;
  }
  if (config.wpa) out += `group_cipher=${cipherText(config.wpa_group)}\n`;
  if (config.wpa & 2) out += `rsn_pairwise_cipher=${cipherList(config.rsn_pairwise)}\n`;
  if (config.wpa & 1) out += `wpa_pairwise_cipher=${cipherList(config.wpa_pairwise)}\n`;
  return out;
}

function cipherList(ciphers: readonly string[]): string {
  return ciphers.length > 0 ? sortBy(ciphers, CIPHER_NAMES).join(" ") : "NONE";
}

/** Run-time values of STATUS that do not come from the config file. */
export interface StatusRuntime {
  /** Interface state name (`ENABLED`, `DISABLED`, `COUNTRY_UPDATE`...). Default `ENABLED`. */
  state?: string;
  /** The wiphy name; empty for the wired driver. */
  phy?: string;
  /** Operating frequency in MHz; 0 for the wired driver. */
  freq?: number;
  /** The secondary channel in use (1 above, -1 below); the configured one when absent. */
  secondaryChannel?: number;
  /** HT Capabilities Info the AP announces (hostapd's ht_capab), when it runs HT. */
  htCapsInfo?: number;
  /** The radio's HT MCS set (its first 10 octets, the Rx MCS bitmask are shown), with HT. */
  htMcsSet?: Uint8Array;
  /** The VHT Operation the AP runs (core/ap/vht_plan.ts), when it runs VHT. */
  vht?: { chwidth: number; seg0: number; seg1: number };
  /** The radio's Supported VHT-MCS and NSS Set (8 octets), when it runs VHT. */
  vhtMcsSet?: Uint8Array;
  /** The HT settings the station counts depend on (radios only; see station_counts.ts). */
  countedRadio?: CountedRadio;
  /** The counts of the radio's associated stations, over all its BSSes (radios only). */
  stationCounts?: StationCounts;
  /** The rates the AP runs, in 500 kb/s units (a basic-rate flag is ignored); radios only. */
  rates?: Uint8Array;
  /** The channel's highest transmit power in dBm, when the radio reports it. */
  maxTxPowerDbm?: number;
}

/**
 * Formats the `STATUS` reply for a radio whose driver reports no channel (the wired driver);
 * HT/VHT detail lines that need a real radio are not produced.
 *
 * @param config the parsed config
 * @param bssid the own address of each BSS (a single address means BSS 0 only)
 * @param numSta associated stations per BSS (a single number is used for every BSS)
 * @param runtime state, phy and frequency
 * @returns the reply text
 */
export function formatStatus(
  config: HostapdConfig,
  bssid: Uint8Array | readonly Uint8Array[],
  numSta: number | readonly number[],
  runtime: StatusRuntime = {},
): string {
  const bssids = bssid instanceof Uint8Array ? [bssid] : bssid;
  const c = runtime.stationCounts;
  const lines = [
    `state=${runtime.state ?? "ENABLED"}`,
    `phy=${runtime.phy ?? ""}`,
    `freq=${runtime.freq ?? 0}`,
    `num_sta_non_erp=${c?.nonErp ?? 0}`,
    `num_sta_no_short_slot_time=${c?.noShortSlotTime ?? 0}`,
    `num_sta_no_short_preamble=${c?.noShortPreamble ?? 0}`,
    "olbc=0",
    `num_sta_ht_no_gf=${c?.htNoGf ?? 0}`,
    `num_sta_no_ht=${c?.noHt ?? 0}`,
    `num_sta_ht_20_mhz=${c?.ht20Mhz ?? 0}`,
    `num_sta_ht40_intolerant=${c?.ht40Intolerant ?? 0}`,
    "olbc_ht=0",
    `ht_op_mode=0x${
      (c ? htOperationMode(c.htProtection, c.nonGreenfieldPresent) : 0).toString(16)
    }`,
    "cac_time_seconds=0",
    "cac_time_left_seconds=N/A",
    `channel=${config.channel}`,
    "edmg_enable=0",
    "edmg_channel=0",
    `secondary_channel=${runtime.secondaryChannel ?? config.secondary_channel}`,
    `ieee80211n=${config.ieee80211n ? 1 : 0}`,
    `ieee80211ac=${config.ieee80211ac ? 1 : 0}`,
    "ieee80211ax=0",
    `beacon_int=${config.beacon_int}`,
    `dtim_period=${config.bss[0]?.dtim_period ?? 2}`,
  ];
  if (config.ieee80211ac) {
    const v = runtime.vht;
    lines.push(
      `vht_oper_chwidth=${v?.chwidth ?? config.vht_oper_chwidth}`,
      `vht_oper_centr_freq_seg0_idx=${v?.seg0 ?? config.vht_oper_centr_freq_seg0_idx}`,
      `vht_oper_centr_freq_seg1_idx=${v?.seg1 ?? config.vht_oper_centr_freq_seg1_idx}`,
      `vht_caps_info=${config.vht_capab.toString(16).padStart(8, "0")}`,
    );
    const m = runtime.vhtMcsSet;
    if (m && m.length >= 8) {
      // The Rx and Tx VHT-MCS maps, little-endian u16s at octets 0 and 4.
      const map = (i: number) => readU16Le(m, i).toString(16).padStart(4, "0");
      lines.push(`rx_vht_mcs_map=${map(0)}`, `tx_vht_mcs_map=${map(4)}`);
    }
  }
  // The radio lines hostapd adds after dtim_period when the driver has a band (nl80211).
  if (runtime.htCapsInfo !== undefined) {
    lines.push(`ht_caps_info=${runtime.htCapsInfo.toString(16).padStart(4, "0")}`);
    if (runtime.htMcsSet) lines.push(`ht_mcs_bitmask=${toHex(runtime.htMcsSet.subarray(0, 10))}`);
  }
  if (runtime.rates && runtime.rates.length > 0) {
    const units = [...runtime.rates].map((r) => (r & 0x7f).toString(16).padStart(2, "0"));
    lines.push(`supported_rates=${units.join(" ")}`);
  }
  if (runtime.maxTxPowerDbm !== undefined) lines.push(`max_txpower=${runtime.maxTxPowerDbm}`);
  bssids.forEach((mac, i) => {
    const b = config.bss[i];
    const n = typeof numSta === "number" ? numSta : numSta[i] ?? 0;
    lines.push(`bss[${i}]=${b?.interface ?? ""}`);
    lines.push(`bssid[${i}]=${formatMac(mac)}`);
    lines.push(`ssid[${i}]=${ssidText(b?.ssid)}`);
    lines.push(`num_sta[${i}]=${n}`);
  });
  return lines.join("\n") + "\n";
}
