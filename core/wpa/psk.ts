/**
 * Pre-shared keys of WPA2-Personal: the passphrase-to-PSK mapping (IEEE 802.11-2020 J.4.1,
 * PBKDF2-SHA1 with the SSID as salt, 4096 iterations), 64-hex PSK text, and the choice of
 * candidate PSKs for one station (common PSK plus `wpa_psk_file` entries).
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { fromHex, utf8 } from "../bytes.ts";

/** Length of a PMK/PSK in octets. */
export const PSK_LEN = 32;

/**
 * Derives the 256-bit PSK from a passphrase and the SSID (IEEE 802.11-2020 J.4.1).
 *
 * The standard asks for printable ASCII; like hostapd (which checks only the length), any
 * octets are accepted, text being encoded as UTF-8.
 *
 * @param passphrase 8..63 octets
 * @param ssid the SSID octets (or text, encoded as UTF-8), 1..32 octets
 * @returns the 32-octet PSK
 * @throws {RangeError} when the passphrase or SSID length is out of range
 * @example Annex J.4 vector
 * ```ts
 * import { toHex } from "../bytes.ts";
 * toHex(passphraseToPsk("password", "IEEE")).startsWith("f42c6fc5"); // true
 * ```
 */
export function passphraseToPsk(
  passphrase: string | Uint8Array,
  ssid: Uint8Array | string,
): Uint8Array {
  const pass = typeof passphrase === "string" ? utf8(passphrase) : passphrase;
  if (pass.length < 8 || pass.length > 63) {
    throw new RangeError(`Cannot derive PSK: passphrase length ${pass.length}`);
  }
  const salt = typeof ssid === "string" ? utf8(ssid) : ssid;
  if (salt.length < 1 || salt.length > 32) {
    throw new RangeError(`Cannot derive PSK: SSID length ${salt.length}`);
  }
  return cryptoBackend().pbkdf2Sha1(pass, salt, 4096, PSK_LEN);
}

/**
 * Parses a raw PSK written as exactly 64 hex digits (hostapd's `wpa_psk`).
 *
 * @throws {SyntaxError} when the text is not 64 hex digits
 */
export function parsePskHex(text: string): Uint8Array {
  if (text.length !== 2 * PSK_LEN || !/^[0-9a-fA-F]+$/.test(text)) {
    throw new SyntaxError(`Cannot parse PSK "${text.slice(0, 8)}...": expected 64 hex digits`);
  }
  return fromHex(text);
}

/**
 * Turns a `wpa_psk_file` PSK field into a PSK: 64 hex digits are a raw PSK, 8..63 characters
 * a passphrase hashed with the SSID.
 *
 * @throws {SyntaxError} when the field is neither
 */
export function pskFromField(field: string, ssid: Uint8Array | string): Uint8Array {
  if (field.length === 2 * PSK_LEN) return parsePskHex(field);
  try {
    return passphraseToPsk(field, ssid);
  } catch {
    throw new SyntaxError(`Cannot parse PSK field of length ${field.length}`);
  }
}

/** One per-station PSK (a `wpa_psk_file` line, or an entry added by a WPS registration). */
export interface PskEntry {
  /** Station address; all zeros means any station. */
  mac: Uint8Array;
  /** The 32-octet PSK (PMK). */
  psk: Uint8Array;
  /** `keyid=` of the line, reported in AP-STA-CONNECTED. */
  keyid?: string;
  /** `vlanid=` of the line. */
  vlanid?: number;
  /** `wps=1`: the Registrar may hand this PSK out. */
  wps?: boolean;
}

/** The PSK configuration of one BSS. */
export interface PskConfig {
  /** From `wpa_passphrase` or `wpa_psk`; absent when only `wpa_psk_file` is used. */
  common?: Uint8Array;
  /** Per-station entries, in file order. */
  entries: readonly PskEntry[];
}

/** One PSK to try for a station, with the `keyid` to report when it matches. */
export interface PskCandidate {
  /** The 32-octet PSK. */
  psk: Uint8Array;
  /** The matching entry's keyid, if any. */
  keyid?: string;
  /** The matching entry's vlanid, if any. */
  vlanid?: number;
}

/**
 * Lists the PSKs a station may be using, in the order to try them: `wpa_psk_file` entries for
 * its address or the wildcard address, the last line (or the PSK WPS added last) first, then
 * the common PSK. Newest first is hostapd's order, and it matters for speed: a station that
 * enrolled by WPS again and again has one line per enrollment, and each candidate tried costs a
 * PTK derivation and a MIC check on the way to msg 3/4.
 */
export function pskCandidates(config: PskConfig, mac: Uint8Array): PskCandidate[] {
  const out: PskCandidate[] = [];
  for (let i = config.entries.length - 1; i >= 0; i--) {
    const e = config.entries[i]!;
    if (!macMatches(e.mac, mac)) continue;
    const c: PskCandidate = { psk: e.psk };
    if (e.keyid !== undefined) c.keyid = e.keyid;
    if (e.vlanid !== undefined) c.vlanid = e.vlanid;
    out.push(c);
  }
  if (config.common) out.push({ psk: config.common });
  return out;
}

function macMatches(entry: Uint8Array, mac: Uint8Array): boolean {
  let wildcard = true;
  let same = entry.length === mac.length;
  for (let i = 0; i < entry.length; i++) {
    if (entry[i] !== 0) wildcard = false;
    if (entry[i] !== mac[i]) same = false;
  }
  return wildcard || same;
}
