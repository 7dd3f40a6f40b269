/**
 * hostapd.conf for tsapd: parsing with hostapd's rules and messages, the key table
 * (supported / ignored / unsupported), the whole-config checks and WPS security sets,
 * wpa_psk_file, the WPS config rewrite, and the GET_CONFIG / STATUS reply text. Pure: no I/O.
 *
 * @module
 */

export * from "./schema.ts";
export * from "./parse.ts";
export * from "./keys.ts";
export * from "./checks.ts";
export * from "./ciphers.ts";
export * from "./psk.ts";
export * from "./psk_file.ts";
export * from "./rewrite.ts";
export * from "./get_config.ts";
export { CONFIG_METHOD_WORDS, configMethodsFromText } from "./keys_wps.ts";
export { IGNORED_KEYS, IGNORED_PREFIXES, OFF_ONLY_KEYS } from "./keys_ignored.ts";
export { HOSTAPD_KEY_PREFIXES, HOSTAPD_KEYS } from "./known_keys.ts";
