/**
 * The WSC key derivation (WSC 2.0.5, 7.4.2; reference 5.8): DHKey, KDK and the 640-bit KDF
 * output split into AuthKey ‖ KeyWrapKey ‖ EMSK.
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { concat, wipe } from "../bytes.ts";
import { WpsSize } from "./constants.ts";

/** The session keys of one registration run. All are secrets. */
export interface WpsKeys {
  /** 32-byte key of the Authenticator, KWA and hashes. */
  authKey: Uint8Array;
  /** 16-byte AES key of Encrypted Settings. */
  keyWrapKey: Uint8Array;
  /** 32-byte Extended Master Session Key. */
  emsk: Uint8Array;
}

/** The KDF's personalization string (WSC 2.0.5, 7.4.2). */
export const KDF_LABEL = "Wi-Fi Easy and Secure Key Derivation";

/** HMAC-SHA-256 of the concatenated parts. */
export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const data = parts.length === 1 ? parts[0]! : concat(...parts);
  const out = cryptoBackend().hmac("sha256", key, data);
  if (data !== parts[0]) wipe(data);
  return out;
}

/**
 * The WSC KDF: HMAC-SHA-256(key, i ‖ label ‖ bits) for i = 1, 2, ... (32-bit big-endian
 * counters and length), truncated to `bits` / 8 bytes.
 *
 * @param key the KDK
 * @param label the personalization string
 * @param bits output length in bits (a multiple of 8)
 * @returns the derived bytes
 */
export function wpsKdf(key: Uint8Array, label: string, bits: number): Uint8Array {
  const len = bits / 8;
  const labelBytes = new TextEncoder().encode(label);
  const bitsBe = new Uint8Array(4);
  new DataView(bitsBe.buffer).setUint32(0, bits);
  const blocks: Uint8Array[] = [];
  for (let i = 1; blocks.length * 32 < len; i++) {
    const iBe = new Uint8Array(4);
    new DataView(iBe.buffer).setUint32(0, i);
    blocks.push(hmacSha256(key, iBe, labelBytes, bitsBe));
  }
  const all = concat(...blocks);
  const out = all.slice(0, len);
  wipe(all, ...blocks);
  return out;
}

/** DHKey = SHA-256(shared secret zero-padded to 192 bytes). */
export function computeDhKey(sharedSecret: Uint8Array): Uint8Array {
  return cryptoBackend().hash("sha256", sharedSecret);
}

/** KDK = HMAC-SHA-256(DHKey, N1 ‖ Enrollee MAC ‖ N2). */
export function computeKdk(
  dhKey: Uint8Array,
  enrolleeNonce: Uint8Array,
  enrolleeMac: Uint8Array,
  registrarNonce: Uint8Array,
): Uint8Array {
  return hmacSha256(dhKey, enrolleeNonce, enrolleeMac, registrarNonce);
}

/** Splits the KDF output of a KDK into AuthKey, KeyWrapKey and EMSK. */
export function keysFromKdk(kdk: Uint8Array): WpsKeys {
  const total = WpsSize.AUTH_KEY + WpsSize.KEY_WRAP_KEY + WpsSize.EMSK;
  const out = wpsKdf(kdk, KDF_LABEL, total * 8);
  const keys = {
    authKey: out.slice(0, 32),
    keyWrapKey: out.slice(32, 48),
    emsk: out.slice(48, 80),
  };
  wipe(out);
  return keys;
}

/** Inputs of {@link deriveKeys}. */
export interface DeriveKeysInput {
  /** The 192-byte DH shared secret. */
  sharedSecret: Uint8Array;
  /** N1 from M1. */
  enrolleeNonce: Uint8Array;
  /** The Enrollee's MAC Address attribute from M1. */
  enrolleeMac: Uint8Array;
  /** N2 from M2. */
  registrarNonce: Uint8Array;
}

/** All intermediate values of {@link deriveKeys}, for key logs and tests. */
export interface DerivedKeys extends WpsKeys {
  /** SHA-256 of the shared secret. */
  dhKey: Uint8Array;
  /** Key derivation key. */
  kdk: Uint8Array;
}

/**
 * Derives the session keys of a run from the DH shared secret and the nonces (reference 5.8).
 *
 * @param input the shared secret, nonces and Enrollee MAC
 * @returns DHKey, KDK, AuthKey, KeyWrapKey and EMSK
 * @throws {RangeError} when a nonce or the MAC has the wrong length
 */
export function deriveKeys(input: DeriveKeysInput): DerivedKeys {
  if (input.enrolleeNonce.length !== 16 || input.registrarNonce.length !== 16) {
    throw new RangeError("Cannot derive keys: nonces must be 16 bytes");
  }
  if (input.enrolleeMac.length !== 6) {
    throw new RangeError("Cannot derive keys: MAC must be 6 bytes");
  }
  const dhKey = computeDhKey(input.sharedSecret);
  const kdk = computeKdk(dhKey, input.enrolleeNonce, input.enrolleeMac, input.registrarNonce);
  return { dhKey, kdk, ...keysFromKdk(kdk) };
}
