/**
 * Keys tsapd accepts and ignores, each with the reason ignoring it cannot weaken security or
 * change who may connect. Everything here is logging, cosmetics, radio tuning the kernel or
 * firmware already defaults sensibly, or an advertisement a station may live without. Keys that
 * would change security, admission or regulatory behaviour are NOT here: they are refused as
 * unsupported (see keys.ts).
 *
 * @module
 */

import type { KeyContext, KeySpec } from "./key_spec.ts";
import { lineError } from "./key_spec.ts";
import { atoi } from "../c_atoi.ts";

const RADIO = "radio tuning; the kernel/firmware defaults are used";
const HT = "HE (802.11ax) or OBSS scan tuning; tsapd does not build these elements";
const NO_PMKSA = "tsapd keeps no PMKSA cache, so PMKSA caching is always off";
const ADVERT = "an optional 802.11k/v advertisement; stations work without it";
const NO_RADIUS = "RADIUS/802.1X-only setting; tsapd has no RADIUS client";
const OPENWRT = "OpenWrt-patched hostapd key (not upstream); radio/bridge housekeeping";

/** Accepted-and-ignored keys with the reason each is harmless. */
export const IGNORED_KEYS: Readonly<Record<string, string>> = {
  // Radio tuning.
  rts_threshold: RADIO,
  fragm_threshold: RADIO,
  beacon_rate: RADIO,
  ieee80211ax: HT,
  obss_interval: HT,
  acs_chan_bias: "automatic channel selection tuning",
  acs_exclude_dfs: "automatic channel selection tuning",
  freqlist: "automatic channel selection tuning",
  uapsd_advertisement_enabled: "U-APSD is not advertised, so stations use legacy power save",
  ap_table_max_size: "overlapping-legacy-BSS tracking for protection mode",
  ap_table_expiration_time: "overlapping-legacy-BSS tracking for protection mode",
  stationary_ap: "a capability bit only used for 6 GHz power rules",
  bss_load_update_period: ADVERT,
  chan_util_avg_period: ADVERT,
  multicast_to_unicast: "multicast delivery optimisation",
  // Advertisements.
  bss_transition: ADVERT,
  rrm_neighbor_report: ADVERT,
  rrm_beacon_report: ADVERT,
  time_advertisement: ADVERT,
  time_zone: ADVERT,
  wnm_sleep_mode: ADVERT,
  // PMKSA / pre-authentication (802.1X only).
  okc: NO_PMKSA,
  disable_pmksa_caching: NO_PMKSA,
  rsn_preauth: "RSN pre-authentication is only used with WPA-EAP",
  rsn_preauth_interfaces: "RSN pre-authentication is only used with WPA-EAP",
  // RADIUS housekeeping that hostapd writes even without a RADIUS server.
  own_ip_addr: NO_RADIUS,
  eapol_key_index_workaround: "WEP/802.1X key-index workaround for old stations",
  // OpenWrt extensions.
  ht_coex: OPENWRT,
  snoop_iface: OPENWRT,
  num_global_macaddr: OPENWRT,
  radio_config_id: OPENWRT,
  // OpenWrt appends a hash of each BSS's UCI section to every generated file.
  config_id: OPENWRT,
  vlan_no_bridge: OPENWRT,
  vlan_naming: "VLAN interface naming; only used with dynamic_vlan, which must be 0",
  // OpenWrt writes vlan_file (an empty file it touches) for every PSK interface.
  vlan_file: "VLAN ID to interface names; tsapd creates no VLAN interfaces (dynamic_vlan is 0)",
};

/**
 * Key prefixes accepted and ignored, with the pattern a full key must match, the line's error
 * and the value check of a matching key (hostapd's ranges; its message goes before the error).
 */
export const IGNORED_PREFIXES: readonly {
  prefix: string;
  pattern: RegExp;
  error: string;
  check: (ctx: KeyContext, key: RegExpExecArray, value: number) => string | undefined;
}[] = [
  {
    prefix: "tx_queue_",
    pattern: /^tx_queue_(?:data([0-9])_(aifs|cwmin|cwmax|burst)|(?:after_)?beacon_.*)$/,
    error: "invalid TX queue item",
    check: checkTxQueue,
  },
  {
    prefix: "wmm_ac_",
    pattern: /^wmm_ac_(be|bk|vi|vo)_(aifs|cwmin|cwmax|txop_limit|acm)$/,
    error: "invalid WMM ac item",
    check: checkWmmAc,
  },
  {
    prefix: "wme_ac_",
    pattern: /^wme_ac_(be|bk|vi|vo)_(aifs|cwmin|cwmax|txop_limit|acm)$/,
    error: "invalid WMM ac item",
    check: checkWmmAc,
  },
];

/** The access categories in hostapd's order of `wmm_ac_params`. */
const WMM_ACS = ["be", "bk", "vi", "vo"];

/** `wmm_ac_<ac>_<field>`: hostapd_config_wmm_ac's ranges; cwMin/cwMax kept for checks.ts. */
function checkWmmAc(ctx: KeyContext, key: RegExpExecArray, n: number): string | undefined {
  const ac = WMM_ACS.indexOf(key[1]!);
  const [what, ok] = {
    aifs: ["AIFS", n >= 1 && n <= 255],
    cwmin: ["cwMin", n >= 0 && n <= 15],
    cwmax: ["cwMax", n >= 0 && n <= 15],
    txop_limit: ["txop", n >= 0 && n <= 0xffff],
    acm: ["acm", n >= 0 && n <= 1],
  }[key[2] as "aifs"] as [string, boolean];
  if (!ok) return `Invalid ${what} value ${n}`;
  if (key[2] === "cwmin") ctx.radio.wmm_ac_cw[ac]![0] = n;
  if (key[2] === "cwmax") ctx.radio.wmm_ac_cw[ac]![1] = n;
  return undefined;
}

/**
 * `tx_queue_data<N>_<field>`: hostapd_config_tx_queue's ranges (a contention window is 2^k - 1,
 * k = 1..15). Queues 4 to 9 and the old beacon queues are accepted with a DEPRECATED note.
 */
function checkTxQueue(ctx: KeyContext, key: RegExpExecArray, n: number): string | undefined {
  const num = key[1] === undefined ? undefined : Number(key[1]);
  if (num === undefined || num >= 4) {
    ctx.notes.push(`DEPRECATED: '${key[0]}' not used`);
    return undefined;
  }
  const field = key[2]!;
  if (field === "aifs" && (n < 0 || n > 255)) return `Invalid AIFS value ${n}`;
  if (field === "cwmin" || field === "cwmax") {
    if (n < 1 || n > 32767 || (n & (n + 1)) !== 0) {
      return `Invalid ${field === "cwmin" ? "cwMin" : "cwMax"} value ${n}`;
    }
    ctx.radio.tx_queue_cw[num]![field === "cwmin" ? 0 : 1] = n;
  }
  return undefined;
}

/** The table entry of a key of a prefix family that matches its pattern. */
export function prefixSpec(family: (typeof IGNORED_PREFIXES)[number], key: string): KeySpec {
  const m = family.pattern.exec(key);
  if (!m) return badPrefixSpec(family.error);
  return {
    status: "ignored",
    reason: IGNORED_PREFIX_REASON,
    set: (ctx, v) => {
      const detail = family.check(ctx, m, atoi(v));
      if (detail === undefined) return undefined;
      ctx.details.push(detail);
      return lineError(ctx, family.error);
    },
  };
}

/** Reason shared by the prefix families. */
const IGNORED_PREFIX_REASON = "WMM/EDCA queue parameters; the driver defaults are used";

/** Reason for hostapd's `he_*` keys (HE = 802.11ax), all ignored. */
export const HE_REASON = "HE (802.11ax) tuning; tsapd does not build HE elements";

/** Builds the table entry of an ignored key or prefix match. */
export function ignoredSpec(reason: string): KeySpec {
  return { status: "ignored", reason };
}

/** Builds the table entry for a prefix key that does not match its family's pattern. */
function badPrefixSpec(error: string): KeySpec {
  return { status: "ignored", set: (ctx) => lineError(ctx, error) };
}

/**
 * Keys accepted only with their "feature off" value (what OpenWrt writes when the feature is
 * unused); any other value is refused, because the feature would change security or admission.
 */
export const OFF_ONLY_KEYS: Readonly<Record<string, "" | "0" | "1">> = {
  wds_bridge: "",
  wds_sta: "0",
  dynamic_vlan: "0",
  require_ht: "0",
  require_vht: "0",
  ocv: "0",
  beacon_prot: "0",
  wpa_deny_ptk0_rekey: "0",
  extended_key_id: "0",
  transition_disable: "0",
  // Optional features OpenWrt's UCI can switch on; written as 0 they are hostapd's defaults.
  tdls_prohibit: "0",
  airtime_mode: "0",
  interworking: "0",
  hs20: "0",
  wpa_psk_radius: "0",
  per_sta_vif: "0",
  start_disabled: "0",
  mbo: "0",
  proxy_arp: "0",
  na_mcast_to_ucast: "0",
  // Written at hostapd's default value by generators and old configs.
  disable_11n: "0",
  disable_11ac: "0",
  disable_11ax: "0",
  broadcast_deauth: "1",
  sae_require_mfp: "0",
  sae_pwe: "0",
  wnm_sleep_mode_no_keys: "0",
  notify_mgmt_frames: "0",
  rnr: "0",
  oce: "0",
  ftm_responder: "0",
  ftm_initiator: "0",
  ecsa_ie_only: "0",
};

/**
 * Keys hostapd still parses but no longer uses (or renamed): accepted with hostapd's warning, so
 * an old config keeps starting. The value is the note; `eap_authenticator` also sets `eap_server`.
 */
export const DEPRECATED_KEYS: Readonly<Record<string, string>> = {
  dump_file: "DEPRECATED: 'dump_file' configuration variable is not used anymore",
  debug: "DEPRECATED: 'debug' configuration variable is not used anymore",
  peerkey: "Obsolete peerkey parameter ignored",
  eap_authenticator: "obsolete eap_authenticator used; this has been renamed to eap_server",
};

/** Builds the table entry of a deprecated key. */
export function deprecatedSpec(key: string, note: string): KeySpec {
  return {
    status: "ignored",
    reason: "deprecated by hostapd; accepted with a warning",
    set: (ctx, v) => {
      if (key === "eap_authenticator") ctx.bss.eap_server = atoi(v);
      ctx.notes.push(lineError(ctx, note));
      return undefined;
    },
  };
}

/** Builds the table entry of an off-only key. */
export function offOnlySpec(key: string, off: "" | "0" | "1"): KeySpec {
  return {
    status: "ignored",
    reason: "accepted only when the feature is off (or at hostapd's default)",
    set: (ctx, v) => {
      const isOff = off === "" ? v === "" : atoi(v) === Number(off);
      if (isOff) return undefined;
      return lineError(ctx, `unsupported ${key} '${v}' (not implemented by tsapd)`);
    },
  };
}
