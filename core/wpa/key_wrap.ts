/**
 * AES Key Wrap (RFC 3394) with the default IV, as IEEE 802.11-2020 12.7.2 uses it to protect
 * EAPOL-Key key data under the KEK. Runs on node:crypto's `aes128-wrap` cipher.
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { assertBytes } from "../bytes.ts";

/** Raised when an unwrapped key fails the RFC 3394 integrity check. */
export class KeyUnwrapError extends Error {
  /** @param message what failed */
  constructor(message: string) {
    super(message);
    this.name = "KeyUnwrapError";
  }
}

function checkKek(kek: Uint8Array): void {
  if (kek.length !== 16 && kek.length !== 24 && kek.length !== 32) {
    throw new RangeError(`Cannot use KEK: length ${kek.length}, expected 16, 24 or 32`);
  }
}

/**
 * Wraps `plain` (a multiple of 8 octets, at least 16) under `kek`.
 *
 * @returns 8 octets longer than the input
 * @throws {RangeError} when the KEK or input length is invalid
 * @example RFC 3394 4.1
 * ```ts
 * import { fromHex, toHex } from "../bytes.ts";
 * toHex(aesKeyWrap(fromHex("000102030405060708090a0b0c0d0e0f"),
 *   fromHex("00112233445566778899aabbccddeeff")));
 * // "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"
 * ```
 */
export function aesKeyWrap(kek: Uint8Array, plain: Uint8Array): Uint8Array {
  assertBytes(plain, undefined, "key data");
  if (plain.length < 16 || plain.length % 8 !== 0) {
    throw new RangeError(`Cannot wrap key data: length ${plain.length}`);
  }
  checkKek(kek);
  return cryptoBackend().aesKeyWrap(kek, plain);
}

/**
 * Unwraps RFC 3394 ciphertext under `kek` and checks its integrity value.
 *
 * @throws {RangeError} when the KEK or input length is invalid
 * @throws {KeyUnwrapError} when the integrity check fails
 */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  assertBytes(wrapped, undefined, "wrapped key data");
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) {
    throw new RangeError(`Cannot unwrap key data: length ${wrapped.length}`);
  }
  checkKek(kek);
  const out = cryptoBackend().aesKeyUnwrap(kek, wrapped);
  if (out === null) throw new KeyUnwrapError("Cannot unwrap key data: integrity check failed");
  return out;
}
