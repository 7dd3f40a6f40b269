/**
 * Setters of the WPS keys (reference 1.3), with hostapd 2.10's messages.
 *
 * @module
 */

import { checkPassphrase, parsePskValue } from "./keys_ap.ts";
import { bssInt, bssText } from "./keys_ap.ts";
import { type KeySetter, type KeySpec, lineError } from "./key_spec.ts";
import { DEFAULT_CONFIG_METHODS } from "./schema.ts";
import { binaryToBytes, binaryToText, hexToBytes, parseStringValue, parseUuid } from "./_text.ts";
import { atoi } from "../c_atoi.ts";

/**
 * Config Methods words and bits (reference 5.11.4). hostapd matches them by substring search,
 * so `virtual_display` also sets Display; unknown words are ignored.
 */
export const CONFIG_METHOD_WORDS: readonly (readonly [string, number])[] = [
  ["ethernet", 0x0002],
  ["label", 0x0004],
  ["display", 0x0008],
  ["ext_nfc_token", 0x0010],
  ["int_nfc_token", 0x0020],
  ["nfc_interface", 0x0040],
  ["push_button", 0x0080],
  ["keypad", 0x0100],
  ["virtual_display", 0x2008],
  ["physical_display", 0x4008],
  ["virtual_push_button", 0x0280],
  ["physical_push_button", 0x0480],
  ["p2ps", 0x1000],
];

/**
 * Converts `config_methods` text to the bitmask (hostapd's `wps_config_methods_str2bin`).
 *
 * @param text the value; empty or undefined gives the build default (0x2108)
 * @returns the Config Methods bitmask
 * @example
 * ```ts
 * configMethodsFromText("label display push_button keypad"); // 0x018c
 * ```
 */
export function configMethodsFromText(text: string | undefined): number {
  if (text === undefined || text === "") return DEFAULT_CONFIG_METHODS;
  let mask = 0;
  for (const [word, bits] of CONFIG_METHOD_WORDS) {
    if (text.includes(word)) mask |= bits;
  }
  return mask;
}

const setWpsState: KeySetter = (ctx, v) => {
  const n = atoi(v);
  if (n < 0 || n > 2) return lineError(ctx, "invalid wps_state");
  ctx.bss.wps_state = n;
  return undefined;
};

const setUuid: KeySetter = (ctx, v) => {
  const uuid = parseUuid(v);
  if (!uuid) return lineError(ctx, "invalid UUID");
  ctx.bss.uuid = uuid;
  return undefined;
};

const setDeviceType: KeySetter = (ctx, v) => {
  // Shape: <category>-<8 hex OUI+type>-<subcategory>; the numbers are read with atoi().
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  const first = v.indexOf("-");
  const oui = first < 0 ? undefined : hexToBytes(v.slice(first + 1), 4);
  const second = first < 0 ? -1 : v.indexOf("-", first + 1);
  if (!oui || second < 0) {
    // hostapd 2.10 counts this error without a message; tsapd names it.
    return lineError(ctx, `invalid device_type '${v}'`);
  }
  view.setUint16(0, atoi(v) & 0xffff);
  out.set(oui, 2);
  view.setUint16(6, atoi(v.slice(second + 1)) & 0xffff);
  ctx.bss.device_type = out;
  ctx.bss.device_type_text = binaryToText(v);
  return undefined;
};

const setOsVersion: KeySetter = (ctx, v) => {
  const b = hexToBytes(v, 4);
  if (!b) return lineError(ctx, "invalid os_version");
  ctx.bss.os_version = new DataView(b.buffer).getUint32(0);
  return undefined;
};

const setConfigMethods: KeySetter = (ctx, v) => {
  ctx.bss.config_methods_text = binaryToText(v);
  ctx.bss.config_methods = configMethodsFromText(v);
  return undefined;
};

const setApPin: KeySetter = (ctx, v) => {
  ctx.bss.ap_pin = v === "" ? undefined : binaryToText(v);
  return undefined;
};

const setRfBands: KeySetter = (ctx, v) => {
  const bands: Record<string, number> = { ad: 0x04, a: 0x02, g: 0x01, b: 0x01, ag: 0x03, ga: 0x03 };
  const bits = bands[v];
  if (bits === undefined) return lineError(ctx, `unknown wps_rf_band '${v}'`);
  ctx.bss.wps_rf_bands = bits;
  return undefined;
};

const setMultiAp: KeySetter = (ctx, v) => {
  const n = atoi(v);
  // hostapd 2.10 prints the key, not the value, in this message.
  if (n < 0 || n > 3) return lineError(ctx, "Invalid multi_ap 'multi_ap'");
  ctx.bss.multi_ap = n;
  return undefined;
};

const setBackhaulSsid: KeySetter = (ctx, v) => {
  const s = parseStringValue(v);
  if (s === undefined || s.length < 1 || s.length > 32) {
    return lineError(ctx, `invalid SSID '${v}'`);
  }
  ctx.bss.multi_ap_backhaul_ssid = binaryToBytes(s);
  return undefined;
};

const setBackhaulPassphrase: KeySetter = (ctx, v) => {
  const e = checkPassphrase(ctx, v);
  if (e) return e;
  ctx.bss.multi_ap_backhaul_wpa_passphrase = binaryToText(v);
  ctx.bss.multi_ap_backhaul_wpa_psk = undefined;
  return undefined;
};

const setBackhaulPsk: KeySetter = (ctx, v) => {
  ctx.bss.multi_ap_backhaul_wpa_psk = undefined;
  const psk = parsePskValue(v);
  if (!psk) return lineError(ctx, `Invalid PSK '${v}'.`);
  ctx.bss.multi_ap_backhaul_wpa_psk = psk;
  ctx.bss.multi_ap_backhaul_wpa_passphrase = undefined;
  return undefined;
};

const setUpnpIface: KeySetter = (ctx, v) => {
  ctx.bss.upnp_iface = binaryToText(v);
  ctx.notes.push(
    `Line ${ctx.line}: upnp_iface accepted, but WPS UPnP (external Registrars over IP) is not implemented by tsapd`,
  );
  return undefined;
};

/**
 * A key naming a file hostapd reads while parsing (os_readfile), with its message for a file
 * that cannot be read; the daemon reads the contents again when the BSS starts.
 */
const wpsFile = (field: "extra_cred" | "ap_settings", what: string): KeySetter => (ctx, v) => {
  if (ctx.readFile && ctx.readFile(binaryToText(v)) === undefined) {
    return lineError(ctx, `could not read ${what} from '${v}'`);
  }
  ctx.bss[field] = binaryToText(v);
  return undefined;
};

/** The WPS keys, by hostapd name. */
export const WPS_KEYS: Readonly<Record<string, KeySpec>> = {
  wps_state: { status: "supported", set: setWpsState },
  wps_independent: bssInt("wps_independent"),
  ap_setup_locked: bssInt("ap_setup_locked"),
  uuid: { status: "supported", set: setUuid },
  wps_pin_requests: bssText("wps_pin_requests"),
  device_name: bssText("device_name", 32, "Too long device_name"),
  manufacturer: bssText("manufacturer", 64, "Too long manufacturer"),
  model_name: bssText("model_name", 32, "Too long model_name"),
  model_number: bssText("model_number", 32, "Too long model_number"),
  serial_number: bssText("serial_number", 32, "Too long serial_number"),
  device_type: { status: "supported", set: setDeviceType },
  os_version: { status: "supported", set: setOsVersion },
  config_methods: { status: "supported", set: setConfigMethods },
  pbc_in_m1: bssInt("pbc_in_m1"),
  ap_pin: { status: "supported", set: setApPin },
  skip_cred_build: bssInt("skip_cred_build"),
  extra_cred: { status: "supported", set: wpsFile("extra_cred", "Credentials") },
  wps_cred_processing: bssInt("wps_cred_processing"),
  wps_cred_add_sae: bssInt("wps_cred_add_sae"),
  ap_settings: { status: "supported", set: wpsFile("ap_settings", "AP Settings") },
  upnp_iface: { status: "supported", set: setUpnpIface },
  friendly_name: bssText("friendly_name"),
  manufacturer_url: bssText("manufacturer_url"),
  model_description: bssText("model_description"),
  model_url: bssText("model_url"),
  upc: bssText("upc"),
  wps_rf_bands: { status: "supported", set: setRfBands },
  wps_application_ext: bssText("wps_application_ext"),
  multi_ap: { status: "supported", set: setMultiAp },
  multi_ap_backhaul_ssid: { status: "supported", set: setBackhaulSsid },
  multi_ap_backhaul_wpa_passphrase: { status: "supported", set: setBackhaulPassphrase },
  multi_ap_backhaul_wpa_psk: { status: "supported", set: setBackhaulPsk },
};
