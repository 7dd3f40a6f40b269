/**
 * Setters of the basic AP and WPA-PSK keys (reference 1.2), with hostapd 2.10's messages.
 *
 * @module
 */

import { parseHtCapab } from "../ap/ht_plan.ts";
import { parseVhtCapab } from "../ap/vht_plan.ts";
import { parseMacAclFile } from "../ap/mac_acl.ts";
import {
  GROUP_MGMT_CIPHERS,
  KEY_MGMT_NAMES,
  parseCipherList,
  parseKeyMgmtList,
  SUPPORTED_KEY_MGMT,
  SUPPORTED_PAIRWISE,
} from "./ciphers.ts";
import { type KeyContext, type KeySetter, type KeySpec, lineError } from "./key_spec.ts";
import type { BssConfig, RadioConfig } from "./schema.ts";
import {
  binaryToBytes,
  binaryToText,
  hexToBytes,
  parseMacPrefix,
  parseStringValue,
} from "./_text.ts";
import { atoi } from "../c_atoi.ts";
import { WSC_MIN_FRAGMENT_SIZE } from "../eap/wsc_frame.ts";

/** Linux IFNAMSIZ: hostapd copies interface names into 17-byte buffers. */
const IFNAME_MAX = 16;

type NumKey<T> = Exclude<{ [K in keyof T]-?: T[K] extends number ? K : never }[keyof T], undefined>;

/** A BSS integer key read with C atoi() and no range check, as hostapd does for most flags. */
export function bssInt(key: NumKey<BssConfig>): KeySpec {
  return {
    status: "supported",
    set: (ctx, v) => {
      ctx.bss[key] = atoi(v) as never;
      return undefined;
    },
  };
}

/** A radio integer key read with atoi(). */
export function radioInt(key: NumKey<RadioConfig>): KeySpec {
  return {
    status: "supported",
    set: (ctx, v) => {
      ctx.radio[key] = atoi(v) as never;
      return undefined;
    },
  };
}

type TextKey = Exclude<
  {
    [K in keyof BssConfig]-?: BssConfig[K] extends string | undefined ? K : never;
  }[keyof BssConfig],
  undefined
>;

/** A BSS string key stored as text (empty values allowed, as hostapd's os_strdup). */
export function bssText(
  key: TextKey,
  maxBytes?: number,
  tooLong?: string,
): KeySpec {
  return {
    status: "supported",
    set: (ctx, v) => {
      if (maxBytes !== undefined && v.length > maxBytes) return lineError(ctx, tooLong ?? "");
      ctx.bss[key] = binaryToText(v) as never;
      return undefined;
    },
  };
}

function setSsid(ctx: KeyContext, raw: string): void {
  ctx.bss.ssid = binaryToBytes(raw);
  ctx.bss.ssid_text = binaryToText(raw);
}

const setSsidKey: KeySetter = (ctx, v) => {
  if (v.length < 1 || v.length > 32) return lineError(ctx, `invalid SSID '${v}'`);
  setSsid(ctx, v);
  return undefined;
};

const setSsid2: KeySetter = (ctx, v) => {
  const s = parseStringValue(v);
  if (s === undefined || s.length < 1 || s.length > 32) {
    return lineError(ctx, `invalid SSID '${v}'`);
  }
  setSsid(ctx, s);
  return undefined;
};

/** Validates a passphrase value (shared with `multi_ap_backhaul_wpa_passphrase`). */
export function checkPassphrase(ctx: KeyContext, v: string): string | undefined {
  if (v.length < 8 || v.length > 63) {
    return lineError(ctx, `invalid WPA passphrase length ${v.length} (expected 8..63)`);
  }
  return undefined;
}

/** Parses exactly 64 hex digits into a PSK (shared with the backhaul PSK). */
export function parsePskValue(v: string): Uint8Array | undefined {
  const psk = hexToBytes(v, 32);
  return psk && v.length === 64 ? psk : undefined;
}

const setPassphrase: KeySetter = (ctx, v) => {
  const e = checkPassphrase(ctx, v);
  if (e) return e;
  ctx.bss.wpa_passphrase = binaryToText(v);
  ctx.bss.wpa_passphrase_bytes = binaryToBytes(v);
  ctx.bss.wpa_psk = undefined;
  return undefined;
};

const setPsk: KeySetter = (ctx, v) => {
  // hostapd drops the old PSK before parsing, so a bad line also clears an earlier good one.
  ctx.bss.wpa_psk = undefined;
  const psk = parsePskValue(v);
  if (!psk) return lineError(ctx, `Invalid PSK '${v}'.`);
  ctx.bss.wpa_psk = psk;
  ctx.bss.wpa_passphrase = undefined;
  ctx.bss.wpa_passphrase_bytes = undefined;
  return undefined;
};

const setKeyMgmt: KeySetter = (ctx, v) => {
  const r = parseKeyMgmtList(v);
  if (!r.ok) {
    // hostapd stores the -1 error value, i.e. every AKM bit; its FT check then also fails.
    ctx.bss.wpa_key_mgmt = [...KEY_MGMT_NAMES];
    return lineError(
      ctx,
      r.bad === undefined ? "no key_mgmt values configured." : `invalid key_mgmt '${r.bad}'`,
    );
  }
  const missing = r.names.find((n) => !SUPPORTED_KEY_MGMT.includes(n));
  if (missing) {
    return lineError(ctx, `unsupported key_mgmt '${missing}' (not implemented by tsapd)`);
  }
  ctx.bss.wpa_key_mgmt = r.names;
  return undefined;
};

function pairwiseSetter(key: "wpa_pairwise" | "rsn_pairwise"): KeySetter {
  return (ctx, v) => {
    const r = parseCipherList(v);
    if (!r.ok) {
      return lineError(
        ctx,
        r.bad === undefined ? "no cipher values configured." : `invalid cipher '${v}'.`,
      );
    }
    if (r.names.some((n) => n === "NONE" || n === "WEP40" || n === "WEP104")) {
      return lineError(ctx, `unsupported pairwise cipher suite '${v}'`);
    }
    const missing = r.names.find((n) => !SUPPORTED_PAIRWISE.includes(n));
    if (missing) {
      return lineError(ctx, `unsupported cipher '${missing}' (not implemented by tsapd)`);
    }
    ctx.bss[key] = r.names;
    ctx.bss.pairwise_set = true;
    return undefined;
  };
}

const setDriver: KeySetter = (ctx, v) => {
  if (v === "nl80211" || v === "wired") {
    ctx.radio.driver = v;
    return undefined;
  }
  if (["none", "hostap", "atheros", "bsd", "macsec_linux", "macsec_qca"].includes(v)) {
    return lineError(ctx, `unsupported driver '${v}' (not implemented by tsapd)`);
  }
  return lineError(ctx, `invalid/unknown driver '${v}'`);
};

const setHwMode: KeySetter = (ctx, v) => {
  if (v === "a" || v === "b" || v === "g" || v === "ad" || v === "any") {
    ctx.radio.hw_mode = v;
    return undefined;
  }
  return lineError(ctx, `unknown hw_mode '${v}'`);
};

const setChannel: KeySetter = (ctx, v) => {
  if (v === "acs_survey") {
    ctx.radio.channel = 0;
  } else {
    ctx.radio.channel = atoi(v);
  }
  ctx.radio.acs = ctx.radio.channel === 0;
  return undefined;
};

/** `country3`: the Country element's environment octet, read as strtol(v, 16) into a byte. */
const setCountry3: KeySetter = (ctx, v) => {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]*)/.exec(v)!;
  const n = m[2] === "" ? 0 : Number(BigInt.asUintN(8, BigInt("0x" + m[2]!)));
  ctx.radio.country3 = String.fromCharCode(m[1] === "-" ? (256 - n) & 0xff : n);
  return undefined;
};

/**
 * `vendor_elements` / `assocresp_elements`: an even number of hex digits (hostapd's
 * wpabuf_parse_bin; the bytes are not checked to be elements); empty clears.
 */
function elementsSetter(key: "vendor_elements" | "assocresp_elements"): KeySetter {
  return (ctx, v) => {
    if (v === "") {
      ctx.bss[key] = undefined;
      return undefined;
    }
    const bytes = v.length % 2 === 0 ? hexToBytes(v, v.length / 2) : undefined;
    if (!bytes) return lineError(ctx, `Invalid ${key} '${v}'`);
    ctx.bss[key] = bytes;
    return undefined;
  };
}

const setCountry: KeySetter = (ctx, v) => {
  const ok = (c: string | undefined) => c !== undefined && c >= "A" && c <= "Z";
  if (!ok(v[0]) || !ok(v[1])) return lineError(ctx, `Invalid country_code '${v}'`);
  ctx.radio.country_code = v.slice(0, 2);
  return undefined;
};

const setAcsNumScans: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n < 1 || n > 100) return lineError(ctx, `invalid acs_num_scans ${n} (expected 1..100)`);
  ctx.radio.acs_num_scans = n;
  return undefined;
};

/** `chanlist`: channels and ranges separated by spaces or commas, e.g. `1 6 11-13`. */
const setChanlist: KeySetter = (ctx, v) => {
  const out: number[] = [];
  for (const item of v.split(/[ ,]+/).filter((s) => s !== "")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!(lo >= 1 && hi >= lo && hi <= 233)) return lineError(ctx, "invalid channel list");
    for (let c = lo; c <= hi; c++) out.push(c);
  }
  if (out.length === 0) return lineError(ctx, "invalid channel list");
  ctx.radio.chanlist = out;
  return undefined;
};

const setLocalPwrConstraint: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n < 0 || n > 255) {
    return lineError(ctx, `invalid local_pwr_constraint ${n} (expected 0..255)`);
  }
  ctx.radio.local_pwr_constraint = n;
  return undefined;
};

const setBeaconInt: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n < 10 || n > 65535) return lineError(ctx, `invalid beacon_int ${n} (expected 10..65535)`);
  ctx.radio.beacon_int = n;
  return undefined;
};

/**
 * hostapd's hostapd_parse_intlist(): atoi() of each field between single spaces (two spaces
 * make a 0, a trailing one nothing), no check; the list ends at a negative number (its -1
 * terminator). Rates are in 100 kb/s units. An entry that is no rate of the mode (0, text)
 * matches nothing, and a list that leaves no rate stops the BSS at start as in hostapd
 * (core/ap/ap_params.ts ratesForConfig).
 */
const setRates = (field: "supported_rates" | "basic_rates"): KeySetter => (ctx, v) => {
  const fields = v.split(" ");
  if (fields.at(-1) === "") fields.pop();
  const list = fields.map(atoi);
  const end = list.findIndex((n) => n < 0);
  ctx.radio[field] = end < 0 ? list : list.slice(0, end);
  return undefined;
};

const setDtim: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n < 1 || n > 255) return lineError(ctx, `invalid dtim_period ${n}`);
  ctx.bss.dtim_period = n;
  return undefined;
};

const setMaxNumSta: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n < 0 || n > 2007) return lineError(ctx, `Invalid max_num_sta=${n}; allowed range 0..2007`);
  ctx.bss.max_num_sta = n;
  return undefined;
};

const setMacaddrAcl: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n < 0 || n > 2) return lineError(ctx, `unknown macaddr_acl ${n}`);
  if (n === 2) return lineError(ctx, "unsupported macaddr_acl 2 (not implemented by tsapd)");
  ctx.bss.macaddr_acl = n;
  return undefined;
};

const setAuthAlgs: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n === 0) return lineError(ctx, "no authentication algorithms allowed");
  ctx.bss.auth_algs = n;
  return undefined;
};

const setEapolVersion: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n < 1 || n > 2) return lineError(ctx, `invalid EAPOL version (${n}): '${v}'.`);
  ctx.bss.eapol_version = n;
  return undefined;
};

const setGroup: KeySetter = (ctx, v) => {
  const gid = ctx.lookupGroup?.(binaryToText(v));
  if (gid !== undefined) {
    ctx.bss.ctrl_interface_group = gid;
  } else if (/^-?\d+$/.test(v)) {
    ctx.bss.ctrl_interface_group = Number(v);
  } else {
    // hostapd 2.10 counts this error without printing it; tsapd names it.
    return lineError(ctx, `Invalid group '${v}'`);
  }
  ctx.bss.ctrl_interface_group_text = binaryToText(v);
  return undefined;
};

const setIfname = (field: "interface" | "bridge"): KeySetter => (ctx, v) => {
  // hostapd stores `interface=` in BSS 0 even inside a `bss=` section.
  const target = field === "interface" ? ctx.bss0 : ctx.bss;
  target[field] = binaryToText(v.slice(0, IFNAME_MAX));
  return undefined;
};

const setBssid: KeySetter = (ctx, v) => {
  const mac = parseMacPrefix(v);
  if (!mac) return lineError(ctx, "invalid bssid item");
  ctx.bss.bssid = mac;
  return undefined;
};

const setGroupRekey: KeySetter = (ctx, v) => {
  ctx.bss.wpa_group_rekey = atoi(v);
  ctx.bss.wpa_group_rekey_set = true;
  return undefined;
};

const setGroupMgmtCipher: KeySetter = (ctx, v) => {
  const name = GROUP_MGMT_CIPHERS.find((c) => c === v);
  if (name === undefined) return lineError(ctx, `invalid group_mgmt_cipher: ${v}`);
  ctx.bss.group_mgmt_cipher = name;
  return undefined;
};

function saQueryTimeout(
  key: "assoc_sa_query_max_timeout" | "assoc_sa_query_retry_timeout",
): KeySpec {
  return {
    status: "supported",
    set: (ctx, v) => {
      const n = atoi(v);
      if (n === 0) return lineError(ctx, `invalid ${key}`);
      ctx.bss[key] = n;
      return undefined;
    },
  };
}

const setPskFile: KeySetter = (ctx, v) => {
  ctx.bss.wpa_psk_file = binaryToText(v);
  return undefined;
};

/**
 * hostapd's hostapd_config_read_maclist() appends each file to the same list, so every
 * `accept_mac_file` (`deny_mac_file`) line counts, in file order, and a `-MAC` line removes from
 * what the earlier ones added. With a reader the file is read here, as hostapd reads it.
 */
const setMacFile = (field: "accept_mac_file" | "deny_mac_file"): KeySetter => (ctx, v) => {
  const path = binaryToText(v);
  if (ctx.readFile) {
    const data = ctx.readFile(path);
    let why = `MAC list file '${v}' not found.`;
    if (data !== undefined) {
      try {
        parseMacAclFile(new TextDecoder().decode(data), v);
        why = "";
      } catch (err) {
        why = err instanceof Error ? err.message : String(err);
      }
    }
    if (why !== "") {
      ctx.details.push(why);
      return lineError(ctx, `Failed to read ${field} '${v}'`);
    }
  }
  ctx.bss[field] = [...ctx.bss[field], path];
  return undefined;
};

/** The supported AP / WPA keys, by hostapd name. */
export const AP_KEYS: Readonly<Record<string, KeySpec>> = {
  interface: { status: "supported", set: setIfname("interface") },
  bridge: { status: "supported", set: setIfname("bridge") },
  bssid: { status: "supported", set: setBssid },
  driver: { status: "supported", set: setDriver },
  ctrl_interface: bssText("ctrl_interface"),
  ctrl_interface_group: { status: "supported", set: setGroup },
  logger_syslog: bssInt("logger_syslog"),
  logger_syslog_level: bssInt("logger_syslog_level"),
  logger_stdout: bssInt("logger_stdout"),
  logger_stdout_level: bssInt("logger_stdout_level"),
  ssid: { status: "supported", set: setSsidKey },
  ssid2: { status: "supported", set: setSsid2 },
  utf8_ssid: bssInt("utf8_ssid"),
  hw_mode: { status: "supported", set: setHwMode },
  channel: { status: "supported", set: setChannel },
  acs_num_scans: { status: "supported", set: setAcsNumScans },
  chanlist: { status: "supported", set: setChanlist },
  country_code: { status: "supported", set: setCountry },
  country3: { status: "supported", set: setCountry3 },
  ieee80211d: radioInt("ieee80211d"),
  ieee80211h: radioInt("ieee80211h"),
  local_pwr_constraint: { status: "supported", set: setLocalPwrConstraint },
  spectrum_mgmt_required: radioInt("spectrum_mgmt_required"),
  ieee80211n: radioInt("ieee80211n"),
  preamble: radioInt("preamble"),
  ht_capab: {
    status: "supported",
    set: (ctx, v) => {
      const h = parseHtCapab(v, ctx.radio.ht_capab);
      ctx.radio.ht_capab = h.capab;
      if (h.secondaryChannel !== 0) ctx.radio.secondary_channel = h.secondaryChannel;
      return undefined;
    },
  },
  noscan: radioInt("noscan"),
  ieee80211ac: radioInt("ieee80211ac"),
  vht_capab: {
    status: "supported",
    set: (ctx, v) => {
      ctx.radio.vht_capab = parseVhtCapab(v, ctx.radio.vht_capab);
      return undefined;
    },
  },
  vht_oper_chwidth: radioInt("vht_oper_chwidth"),
  vht_oper_centr_freq_seg0_idx: radioInt("vht_oper_centr_freq_seg0_idx"),
  vht_oper_centr_freq_seg1_idx: radioInt("vht_oper_centr_freq_seg1_idx"),
  supported_rates: { status: "supported", set: setRates("supported_rates") },
  basic_rates: { status: "supported", set: setRates("basic_rates") },
  beacon_int: { status: "supported", set: setBeaconInt },
  dtim_period: { status: "supported", set: setDtim },
  max_num_sta: { status: "supported", set: setMaxNumSta },
  ignore_broadcast_ssid: bssInt("ignore_broadcast_ssid"),
  macaddr_acl: { status: "supported", set: setMacaddrAcl },
  accept_mac_file: { status: "supported", set: setMacFile("accept_mac_file") },
  deny_mac_file: { status: "supported", set: setMacFile("deny_mac_file") },
  auth_algs: { status: "supported", set: setAuthAlgs },
  ap_isolate: bssInt("ap_isolate"),
  ap_max_inactivity: bssInt("ap_max_inactivity"),
  skip_inactivity_poll: bssInt("skip_inactivity_poll"),
  disassoc_low_ack: bssInt("disassoc_low_ack"),
  no_probe_resp_if_max_sta: bssInt("no_probe_resp_if_max_sta"),
  max_listen_interval: bssInt("max_listen_interval"),
  wmm_enabled: bssInt("wmm_enabled"),
  wme_enabled: bssInt("wmm_enabled"),
  ieee80211w: bssInt("ieee80211w"),
  group_mgmt_cipher: { status: "supported", set: setGroupMgmtCipher },
  assoc_sa_query_max_timeout: saQueryTimeout("assoc_sa_query_max_timeout"),
  assoc_sa_query_retry_timeout: saQueryTimeout("assoc_sa_query_retry_timeout"),
  wpa: bssInt("wpa"),
  wpa_passphrase: { status: "supported", set: setPassphrase },
  wpa_psk: { status: "supported", set: setPsk },
  wpa_psk_file: { status: "supported", set: setPskFile },
  wpa_key_mgmt: { status: "supported", set: setKeyMgmt },
  wpa_pairwise: { status: "supported", set: pairwiseSetter("wpa_pairwise") },
  rsn_pairwise: { status: "supported", set: pairwiseSetter("rsn_pairwise") },
  wpa_group_rekey: { status: "supported", set: setGroupRekey },
  wpa_strict_rekey: bssInt("wpa_strict_rekey"),
  wpa_gmk_rekey: bssInt("wpa_gmk_rekey"),
  wpa_ptk_rekey: bssInt("wpa_ptk_rekey"),
  wpa_group_update_count: bssInt("wpa_group_update_count"),
  wpa_pairwise_update_count: bssInt("wpa_pairwise_update_count"),
  wpa_disable_eapol_key_retries: bssInt("wpa_disable_eapol_key_retries"),
  eapol_version: { status: "supported", set: setEapolVersion },
  eap_server: bssInt("eap_server"),
  ieee8021x: bssInt("ieee8021x"),
  // EAP-WSC puts a 2-byte header (and a 2-byte length in the first piece) into each fragment:
  // 1 to 4 leaves no room for data (hostapd accepts them and every long message then fails).
  fragment_size: {
    status: "supported",
    set: (ctx, v) => {
      const n = atoi(v);
      if (n > 0 && n < WSC_MIN_FRAGMENT_SIZE) {
        return lineError(
          ctx,
          `invalid fragment_size ${n} (0 or at least ${WSC_MIN_FRAGMENT_SIZE})`,
        );
      }
      ctx.bss.fragment_size = n;
      return undefined;
    },
  },
  server_id: bssText("server_id"),
  vendor_elements: { status: "supported", set: elementsSetter("vendor_elements") },
  assocresp_elements: { status: "supported", set: elementsSetter("assocresp_elements") },
  nas_identifier: bssText("nas_identifier"),
};
