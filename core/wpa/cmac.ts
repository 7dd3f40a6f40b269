/**
 * AES-128-CMAC (RFC 4493 / NIST SP 800-38B), the EAPOL-Key MIC of key descriptor version 3
 * (AKM 00-0F-AC:6, IEEE 802.11-2020 12.7.2). node:crypto has no CMAC, so it is built on the
 * AES-128 block cipher (ECB of single blocks) that node:crypto provides.
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { assertBytes, wipe } from "../bytes.ts";

/**
 * Computes the 16-octet AES-CMAC of `message` under a 16-octet key.
 *
 * @throws {RangeError} when the key is not 16 octets
 * @example RFC 4493 example 1 (empty message)
 * ```ts
 * import { fromHex, toHex } from "../bytes.ts";
 * toHex(aesCmac(fromHex("2b7e151628aed2a6abf7158809cf4f3c"), new Uint8Array(0)));
 * // "bb1d6929e95937287fa37d129b756746"
 * ```
 */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  assertBytes(key, 16, "CMAC key");
  const backend = cryptoBackend();
  const enc = (block: Uint8Array) => backend.aesEcbEncrypt(key, block);
  // RFC 4493 2.3: subkeys K1, K2 from L = AES-K(0^128).
  const l = enc(new Uint8Array(16));
  const k1 = double(l);
  const k2 = double(k1);
  const n = Math.max(1, Math.ceil(message.length / 16));
  const complete = message.length > 0 && message.length % 16 === 0;
  const last = new Uint8Array(16);
  last.set(message.subarray((n - 1) * 16));
  if (!complete) last[message.length - (n - 1) * 16] = 0x80;
  const sub = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i]! ^= sub[i]!;
  let x: Uint8Array = new Uint8Array(16);
  const y = new Uint8Array(16);
  for (let b = 0; b < n; b++) {
    const block = b === n - 1 ? last : message.subarray(b * 16, b * 16 + 16);
    for (let i = 0; i < 16; i++) y[i] = x[i]! ^ block[i]!;
    x = enc(y);
  }
  wipe(l, k1, k2, last, y);
  return x;
}

/** Doubling in GF(2^128) with the RFC 4493 constant 0x87. */
function double(v: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = ((v[i]! << 1) | ((v[i + 1] ?? 0) >> 7)) & 0xff;
  if (v[0]! & 0x80) out[15]! ^= 0x87;
  return out;
}
