/**
 * The cipher-suite and AKM names hostapd.conf uses (`wpa_pairwise`, `rsn_pairwise`,
 * `wpa_key_mgmt`), in the order hostapd prints them, and the group-cipher choice.
 *
 * @module
 */

/** Cipher names hostapd accepts in a cipher list, in its print order (CCMP-256 first). */
export const CIPHER_NAMES = [
  "CCMP-256",
  "GCMP-256",
  "CCMP",
  "GCMP",
  "TKIP",
  "NONE",
  "WEP104",
  "WEP40",
  "GTK_NOT_USED",
] as const;

/** Ciphers that make a pairwise set "strong" for WPS (reference 1.4, rule 3). */
export const RSN_STRONG_CIPHERS: readonly string[] = ["CCMP", "GCMP", "CCMP-256", "GCMP-256"];

/** Pairwise ciphers tsapd can run (others are valid hostapd values but refused). */
export const SUPPORTED_PAIRWISE: readonly string[] = [
  "CCMP",
  "GCMP",
  "CCMP-256",
  "GCMP-256",
  "TKIP",
];

/** AKM names hostapd 2.10 (Debian build) accepts in `wpa_key_mgmt`, in its print order. */
export const KEY_MGMT_NAMES = [
  "WPA-PSK",
  "WPA-EAP",
  "FT-PSK",
  "FT-EAP",
  "FT-EAP-SHA384",
  "FT-SAE",
  "FT-FILS-SHA256",
  "FT-FILS-SHA384",
  "WPA-PSK-SHA256",
  "WPA-EAP-SHA256",
  "SAE",
  "WPA-EAP-SUITE-B",
  "WPA-EAP-SUITE-B-192",
  "FILS-SHA256",
  "FILS-SHA384",
  "OWE",
  "DPP",
  "OSEN",
] as const;

/** The group management (BIP) ciphers `group_mgmt_cipher` takes, by hostapd's names. */
export const GROUP_MGMT_CIPHERS = [
  "AES-128-CMAC",
  "BIP-GMAC-128",
  "BIP-GMAC-256",
  "BIP-CMAC-256",
] as const;

/** AKMs tsapd implements. */
export const SUPPORTED_KEY_MGMT: readonly string[] = ["WPA-PSK", "WPA-PSK-SHA256"];

/**
 * Splits a space/tab separated list the way hostapd does: runs of blanks separate tokens and
 * nothing else is trimmed (a `\r` stays part of the last token).
 */
export function splitList(value: string): string[] {
  return value.split(/[ \t]+/).filter((t) => t !== "");
}

/** Result of {@link parseCipherList}. */
export type ListResult = { ok: true; names: string[] } | { ok: false; bad: string | undefined };

/**
 * Parses a cipher list. `bad` is the first unknown token, or undefined when the list is empty.
 *
 * @example
 * ```ts
 * parseCipherList("CCMP TKIP"); // { ok: true, names: ["CCMP", "TKIP"] }
 * ```
 */
export function parseCipherList(value: string): ListResult {
  return parseList(value, CIPHER_NAMES);
}

/** Parses a `wpa_key_mgmt` list; `bad` as for {@link parseCipherList}. */
export function parseKeyMgmtList(value: string): ListResult {
  return parseList(value, KEY_MGMT_NAMES);
}

function parseList(value: string, known: readonly string[]): ListResult {
  const names: string[] = [];
  for (const t of splitList(value)) {
    if (!known.includes(t)) return { ok: false, bad: t };
    if (!names.includes(t)) names.push(t);
  }
  if (names.length === 0) return { ok: false, bad: undefined };
  return { ok: true, names: sortBy(names, known) };
}

/** Orders names as `order` lists them (hostapd keeps bitmasks, so input order is lost). */
export function sortBy(names: readonly string[], order: readonly string[]): string[] {
  return [...names].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** hostapd's group-cipher choice from the enabled pairwise sets (`wpa_select_ap_group_cipher`). */
export function selectGroupCipher(
  wpa: number,
  wpaPairwise: readonly string[],
  rsnPairwise: readonly string[],
): string {
  const set = new Set<string>();
  if (wpa & 1) wpaPairwise.forEach((c) => set.add(c));
  if (wpa & 2) rsnPairwise.forEach((c) => set.add(c));
  if (set.has("TKIP")) return "TKIP";
  if (set.has("CCMP")) return "CCMP";
  if (set.has("GCMP")) return "GCMP";
  if (set.has("GCMP-256")) return "GCMP-256";
  if (set.has("CCMP-256")) return "CCMP-256";
  return "CCMP";
}

/** hostapd's text for a group cipher in GET_CONFIG (`wpa_cipher_txt`). */
export function cipherText(name: string): string {
  if (name === "WEP40") return "WEP-40";
  if (name === "WEP104") return "WEP-104";
  return name;
}
