/**
 * Passphrase-to-PSK mapping for config values (IEEE 802.11-2020 J.4.1: PBKDF2-HMAC-SHA1, the
 * SSID as salt, 4096 iterations, 32 octets). Kept here, on bytes, because hostapd.conf and
 * wpa_psk_file passphrases are raw octets, not necessarily printable ASCII.
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { utf8 } from "../bytes.ts";
import type { BssConfig } from "./schema.ts";

/**
 * Derives the 32-octet PSK from a passphrase and SSID.
 *
 * @param passphrase the passphrase (a string is encoded as UTF-8)
 * @param ssid the SSID octets
 * @returns the PSK
 * @example IEEE 802.11-2020 J.4.2 vector
 * ```ts
 * import { toHex } from "../bytes.ts";
 * toHex(pbkdf2Sha1Psk("password", new TextEncoder().encode("IEEE"))).slice(0, 8); // "f42c6fc5"
 * ```
 */
export function pbkdf2Sha1Psk(passphrase: string | Uint8Array, ssid: Uint8Array): Uint8Array {
  const pass = typeof passphrase === "string" ? utf8(passphrase) : passphrase;
  return cryptoBackend().pbkdf2Sha1(pass, ssid, 4096, 32);
}

/**
 * The common PSK of a BSS: `wpa_psk`, or `wpa_passphrase` hashed with the SSID; undefined when
 * neither is set (or the SSID is missing).
 */
export function bssPsk(bss: BssConfig): Uint8Array | undefined {
  if (bss.wpa_psk) return bss.wpa_psk;
  if (bss.wpa_passphrase !== undefined && bss.ssid) {
    return pbkdf2Sha1Psk(bss.wpa_passphrase_bytes ?? bss.wpa_passphrase, bss.ssid);
  }
  return undefined;
}
