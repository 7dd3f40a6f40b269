/**
 * The typed form of a parsed hostapd.conf: one radio-wide part and one part per BSS, as hostapd
 * splits `struct hostapd_config` / `struct hostapd_bss_config`. Field names are hostapd's key
 * names verbatim; a few keys also keep their original text (`*_text`). The zod schemas are the
 * single source of the types and are checked once after every successful parse.
 *
 * @module
 */

import { DEFAULT_HT_CAPAB } from "../ap/ht_plan.ts";
import { z } from "zod";
import { GROUP_MGMT_CIPHERS } from "./ciphers.ts";

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, "Expected bytes");
const bytesOf = (n: number) =>
  z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.length === n, `Expected ${n} bytes`);
const int = z.number().int();

/** Radio-wide settings (hostapd's `struct hostapd_config`). */
export const RadioConfigSchema = z.object({
  /** Driver wrapper: tsapd implements `nl80211` and `wired`. */
  driver: z.enum(["nl80211", "wired"]),
  /** `a`, `b`, `g`, `ad` or `any`. */
  hw_mode: z.enum(["a", "b", "g", "ad", "any"]),
  /** Channel number; 0 with `acs` set means automatic channel selection was asked for. */
  channel: int,
  /** True for `channel=0` / `channel=acs_survey`. */
  acs: z.boolean(),
  /** Scans automatic channel selection averages (1..100). */
  acs_num_scans: int,
  /** Channels automatic channel selection may choose from; empty for all of the band. */
  chanlist: z.array(int),
  /** Two upper-case letters, undefined when unset. */
  country_code: z.string().length(2).optional(),
  /** Third octet of the Country element text (hostapd default: space). */
  country3: z.string().length(1),
  ieee80211d: int,
  /** 1 asks for 802.11h (DFS and TPC); tsapd runs no radar detection, so only its check applies. */
  ieee80211h: int,
  /** Power Constraint element value in dB (0..255), -1 when unset (5 GHz, with a Country element). */
  local_pwr_constraint: int,
  /** 1 sets the Spectrum Management capability bit (needs local_pwr_constraint). */
  spectrum_mgmt_required: int,
  beacon_int: int.min(10).max(65535),
  ieee80211n: int,
  /** 1: the short preamble is allowed (hostapd's default is the long one). */
  preamble: int,
  /**
   * `supported_rates` in 100 kb/s units, as atoi() read them (0 for text: it matches no rate);
   * undefined for the mode's whole set.
   */
  supported_rates: z.array(int.min(0)).optional(),
  /** `basic_rates` in 100 kb/s units, as `supported_rates`; undefined for the mode's default. */
  basic_rates: z.array(int.min(0)).optional(),
  /** HT Capability Information from `ht_capab` (core/ap/ht_plan.ts); hostapd's default 0x000c. */
  ht_capab: int.min(0).max(0xffff),
  /** `[HT40+]` 1, `[HT40-]` -1, else 0. */
  secondary_channel: int.min(-1).max(1),
  /** OpenWrt's `noscan=1`: 40 MHz on 2.4 GHz without a coexistence scan. */
  noscan: int,
  /** VHT (802.11ac) on a 5 GHz HT radio (core/ap/vht_plan.ts). */
  ieee80211ac: int,
  /** VHT Capabilities Information from `vht_capab`; hostapd's default 0. */
  vht_capab: int.min(0).max(0xffffffff),
  /** 0 for 20/40 MHz, 1 for 80 MHz (2 and 3, 160 and 80+80 MHz, run as 80). */
  vht_oper_chwidth: int,
  /** Centre channel of the 80 MHz block; 0 lets tsapd take the primary channel's block. */
  vht_oper_centr_freq_seg0_idx: int,
  /** Centre channel of the second segment (80+80 MHz only); shown, not run. */
  vht_oper_centr_freq_seg1_idx: int,
  /**
   * `wmm_ac_{be,bk,vi,vo}_cwmin`/`_cwmax` as [cwMin, cwMax] exponents, in that order. Only
   * checked, as hostapd checks them (tsapd leaves EDCA to the driver's defaults).
   */
  wmm_ac_cw: z.array(z.tuple([int, int])).length(4),
  /** `tx_queue_data{0..3}_cwmin`/`_cwmax` as [cwMin, cwMax] windows; only checked as well. */
  tx_queue_cw: z.array(z.tuple([int, int])).length(4),
});

/** Per-BSS settings (hostapd's `struct hostapd_bss_config`). */
export const BssConfigSchema = z.object({
  interface: z.string(),
  bridge: z.string(),
  bssid: bytes.optional(),
  ctrl_interface: z.string().optional(),
  /** Numeric group id once resolved; undefined when unset. */
  ctrl_interface_group: int.optional(),
  /** The text of `ctrl_interface_group` as written (a name or a number). */
  ctrl_interface_group_text: z.string().optional(),
  logger_syslog: int,
  logger_syslog_level: int,
  logger_stdout: int,
  logger_stdout_level: int,
  /** SSID octets (1..32), undefined when neither `ssid` nor `ssid2` was given. */
  ssid: bytes.optional(),
  /** The SSID decoded as UTF-8 (lossy), for display. */
  ssid_text: z.string().optional(),
  utf8_ssid: int,
  dtim_period: int.min(1).max(255),
  max_num_sta: int.min(0).max(2007),
  ignore_broadcast_ssid: int,
  macaddr_acl: int.min(0).max(2),
  /** Every `accept_mac_file` line, in order: their MACs make one list (later `-MAC` removes). */
  accept_mac_file: z.array(z.string()),
  /** Every `deny_mac_file` line, in order, as for `accept_mac_file`. */
  deny_mac_file: z.array(z.string()),
  auth_algs: int,
  ap_isolate: int,
  /** Seconds of silence before a station is polled and then sent away (core/ap/inactivity.ts). */
  ap_max_inactivity: int,
  /** 1: a quiet station is disassociated without a poll first. */
  skip_inactivity_poll: int,
  /** Stations asking for a longer Listen Interval are refused (status 51). */
  max_listen_interval: int,
  /** 1: a station the driver reports as no longer acknowledging is disassociated (reason 34). */
  disassoc_low_ack: int,
  /** 1: a broadcast probe from an unknown station is not answered while the BSS is full. */
  no_probe_resp_if_max_sta: int,
  wmm_enabled: int,
  /** Management frame protection: 0 off, 2 required, any other value optional (as hostapd). */
  ieee80211w: int,
  /** BIP cipher of the IGTK with `ieee80211w`: AES-128-CMAC, BIP-GMAC-128/256, BIP-CMAC-256. */
  group_mgmt_cipher: z.enum(GROUP_MGMT_CIPHERS),
  /** SA Query of an associated MFP station that associates again: the whole wait (TUs). */
  assoc_sa_query_max_timeout: int,
  /** SA Query: time between two requests (TUs). */
  assoc_sa_query_retry_timeout: int,
  wpa: int,
  /** Passphrase text (8..63 octets as written, shown as UTF-8); exclusive with `wpa_psk`. */
  wpa_passphrase: z.string().optional(),
  /**
   * The passphrase's octets as written, which the PSK and a WPS Network Key are made of (in a
   * file that is not UTF-8 they differ from `wpa_passphrase`'s text, as they do in hostapd).
   */
  wpa_passphrase_bytes: bytes.optional(),
  /** 32-octet PSK from 64 hex digits; exclusive with `wpa_passphrase`. */
  wpa_psk: bytes.optional(),
  wpa_psk_file: z.string().optional(),
  wpa_key_mgmt: z.array(z.string()),
  wpa_pairwise: z.array(z.string()),
  /** Empty until set; hostapd copies `wpa_pairwise` into it for WPA2 (see checks.ts). */
  rsn_pairwise: z.array(z.string()),
  /** True once `wpa_pairwise` or `rsn_pairwise` was given (else the ciphers are the defaults). */
  pairwise_set: z.boolean(),
  /** Group cipher chosen from the pairwise sets (filled by the security checks). */
  wpa_group: z.string(),
  wpa_group_rekey: int,
  /** True once `wpa_group_rekey` was given explicitly. */
  wpa_group_rekey_set: z.boolean(),
  wpa_strict_rekey: int,
  wpa_gmk_rekey: int,
  wpa_ptk_rekey: int,
  wpa_group_update_count: int,
  wpa_pairwise_update_count: int,
  wpa_disable_eapol_key_retries: int,
  eapol_version: int.min(1).max(2),
  eap_server: int,
  ieee8021x: int,
  fragment_size: int,
  server_id: z.string().optional(),
  /** NAS-Identifier (RADIUS); only checked here, as FT would need it. */
  nas_identifier: z.string().optional(),
  // WPS (reference 1.3)
  wps_state: int.min(0).max(2),
  wps_independent: int,
  ap_setup_locked: int,
  uuid: bytesOf(16).optional(),
  wps_pin_requests: z.string().optional(),
  device_name: z.string().optional(),
  manufacturer: z.string().optional(),
  model_name: z.string().optional(),
  model_number: z.string().optional(),
  serial_number: z.string().optional(),
  /** Primary Device Type: 2-octet category, 4-octet OUI+type, 2-octet sub-category. */
  device_type: bytesOf(8),
  device_type_text: z.string().optional(),
  /** 32-bit OS Version (hostapd ORs 0x80000000 in on the wire, not here). */
  os_version: int.min(0).max(0xffffffff),
  /** Config Methods bitmask: from the text by substring matching, or the build default. */
  config_methods: int.min(0).max(0xffff),
  config_methods_text: z.string().optional(),
  pbc_in_m1: int,
  ap_pin: z.string().optional(),
  skip_cred_build: int,
  extra_cred: z.string().optional(),
  wps_cred_processing: int,
  wps_cred_add_sae: int,
  ap_settings: z.string().optional(),
  upnp_iface: z.string().optional(),
  friendly_name: z.string().optional(),
  manufacturer_url: z.string().optional(),
  model_description: z.string().optional(),
  model_url: z.string().optional(),
  upc: z.string().optional(),
  /** RF Bands bits (0x01 2.4 GHz, 0x02 5 GHz, 0x04 60 GHz); 0 = derive from hw_mode. */
  wps_rf_bands: int,
  wps_application_ext: z.string().optional(),
  multi_ap: int.min(0).max(3),
  multi_ap_backhaul_ssid: bytes.optional(),
  multi_ap_backhaul_wpa_passphrase: z.string().optional(),
  multi_ap_backhaul_wpa_psk: bytes.optional(),
  /** Raw elements added to Beacons and Probe Responses (`vendor_elements`, hex). */
  vendor_elements: bytes.optional(),
  /** Raw elements added to (Re)Association Responses (`assocresp_elements`, hex). */
  assocresp_elements: bytes.optional(),
});

/** The whole parsed file: the radio part and BSS 0 plus any `bss=` sections. */
export const HostapdConfigSchema = RadioConfigSchema.extend({
  /** The path the text was read from (used in messages and by the rewrite). */
  path: z.string(),
  bss: z.array(BssConfigSchema).min(1),
});

/** Radio-wide settings. */
export type RadioConfig = z.infer<typeof RadioConfigSchema>;
/** Per-BSS settings. */
export type BssConfig = z.infer<typeof BssConfigSchema>;
/** A parsed hostapd.conf. */
export type HostapdConfig = z.infer<typeof HostapdConfigSchema>;

/** hostapd's default Config Methods without NFC/P2P builds: display, keypad, virtual display. */
export const DEFAULT_CONFIG_METHODS = 0x2108;

/** Returns a BSS with hostapd's defaults (`hostapd_config_defaults_bss`). */
export function defaultBss(iface = ""): BssConfig {
  return {
    interface: iface,
    bridge: "",
    logger_syslog: -1,
    logger_syslog_level: 2,
    logger_stdout: -1,
    logger_stdout_level: 2,
    utf8_ssid: 0,
    dtim_period: 2,
    max_num_sta: 2007,
    ignore_broadcast_ssid: 0,
    macaddr_acl: 0,
    accept_mac_file: [],
    deny_mac_file: [],
    auth_algs: 3,
    ap_isolate: 0,
    ap_max_inactivity: 300,
    skip_inactivity_poll: 0,
    disassoc_low_ack: 0,
    no_probe_resp_if_max_sta: 0,
    max_listen_interval: 65535,
    wmm_enabled: -1,
    ieee80211w: 0,
    group_mgmt_cipher: "AES-128-CMAC",
    assoc_sa_query_max_timeout: 1000,
    assoc_sa_query_retry_timeout: 201,
    wpa: 0,
    wpa_key_mgmt: ["WPA-PSK"],
    wpa_pairwise: ["TKIP"],
    rsn_pairwise: [],
    pairwise_set: false,
    wpa_group: "TKIP",
    wpa_group_rekey: 600,
    wpa_group_rekey_set: false,
    wpa_strict_rekey: 0,
    wpa_gmk_rekey: 86400,
    wpa_ptk_rekey: 0,
    wpa_group_update_count: 4,
    wpa_pairwise_update_count: 4,
    wpa_disable_eapol_key_retries: 0,
    eapol_version: 2,
    eap_server: 0,
    ieee8021x: 0,
    fragment_size: 0,
    wps_state: 0,
    wps_independent: 0,
    ap_setup_locked: 0,
    device_type: new Uint8Array(8),
    os_version: 0,
    config_methods: DEFAULT_CONFIG_METHODS,
    pbc_in_m1: 0,
    skip_cred_build: 0,
    wps_cred_processing: 0,
    wps_cred_add_sae: 0,
    wps_rf_bands: 0,
    multi_ap: 0,
  };
}

/** Returns the radio part with hostapd's defaults (`hostapd_config_defaults`). */
export function defaultRadio(): RadioConfig {
  return {
    driver: "nl80211",
    hw_mode: "b",
    channel: 0,
    acs: false,
    acs_num_scans: 5,
    chanlist: [],
    country3: " ",
    ieee80211d: 0,
    ieee80211h: 0,
    local_pwr_constraint: -1,
    spectrum_mgmt_required: 0,
    beacon_int: 100,
    ieee80211n: 0,
    preamble: 0,
    ht_capab: DEFAULT_HT_CAPAB,
    secondary_channel: 0,
    noscan: 0,
    ieee80211ac: 0,
    vht_capab: 0,
    vht_oper_chwidth: 0,
    vht_oper_centr_freq_seg0_idx: 0,
    vht_oper_centr_freq_seg1_idx: 0,
    // hostapd's defaults from aCWmin 4 and aCWmax 10 (BE, BK, VI, VO), and its TX queues'.
    wmm_ac_cw: [[4, 10], [4, 10], [3, 4], [2, 3]],
    tx_queue_cw: [[3, 7], [7, 15], [15, 63], [15, 1023]],
  };
}
