/**
 * Per-message cryptography of the registration protocol (WSC 2.0.5, 7.4 and 7.5; reference
 * 5.8): PSK1/PSK2, E-Hash/R-Hash, the Authenticator, the Key Wrap Authenticator and the
 * AES-128-CBC Encrypted Settings. Every check compares in constant time.
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { concat, randomBytes, timingSafeEqual, wipe } from "../bytes.ts";
import { Attr, WpsSize } from "./constants.ts";
import { WscDecodeError } from "./errors.ts";
import { hmacSha256 } from "./kdf.ts";

/** PSK1 and PSK2 of a device password (secrets). */
export interface PskPair {
  /** First 16 bytes of HMAC(AuthKey, first half of the password). */
  psk1: Uint8Array;
  /** First 16 bytes of HMAC(AuthKey, second half of the password). */
  psk2: Uint8Array;
}

/**
 * Computes PSK1/PSK2 from the ASCII device password, split into the first ⌈n/2⌉ and the last
 * ⌊n/2⌋ bytes (reference 5.3, 5.8).
 *
 * @param authKey the run's AuthKey
 * @param devicePassword the password bytes (`12345670`, or `00000000` for PBC)
 * @returns PSK1 and PSK2
 */
export function computePsk1Psk2(authKey: Uint8Array, devicePassword: Uint8Array): PskPair {
  const half = Math.ceil(devicePassword.length / 2);
  const h1 = hmacSha256(authKey, devicePassword.subarray(0, half));
  const h2 = hmacSha256(authKey, devicePassword.subarray(half));
  const out = { psk1: h1.slice(0, WpsSize.PSK), psk2: h2.slice(0, WpsSize.PSK) };
  wipe(h1, h2);
  return out;
}

/**
 * E-Hash1/2 = HMAC-SHA-256(AuthKey, E-S ‖ PSK ‖ PK_E ‖ PK_R) (WSC 2.0.5, 7.4.3).
 *
 * @param authKey the run's AuthKey
 * @param secretNonce E-S1 (with PSK1) or E-S2 (with PSK2)
 * @param psk PSK1 or PSK2
 * @param enrolleePublicKey PK_E exactly as sent in M1
 * @param registrarPublicKey PK_R exactly as sent in M2
 * @returns the 32-byte hash
 */
export function computeEHash(
  authKey: Uint8Array,
  secretNonce: Uint8Array,
  psk: Uint8Array,
  enrolleePublicKey: Uint8Array,
  registrarPublicKey: Uint8Array,
): Uint8Array {
  return hmacSha256(authKey, secretNonce, psk, enrolleePublicKey, registrarPublicKey);
}

/**
 * R-Hash1/2 = HMAC-SHA-256(AuthKey, R-S ‖ PSK ‖ PK_E ‖ PK_R) (WSC 2.0.5, 7.4.3): the same
 * construction as {@link computeEHash} with the Registrar's secret nonces.
 */
export function computeRHash(
  authKey: Uint8Array,
  secretNonce: Uint8Array,
  psk: Uint8Array,
  enrolleePublicKey: Uint8Array,
  registrarPublicKey: Uint8Array,
): Uint8Array {
  return hmacSha256(authKey, secretNonce, psk, enrolleePublicKey, registrarPublicKey);
}

/** Compares a received E-Hash/R-Hash with the recomputed one in constant time. */
export function verifyHash(expected: Uint8Array, received: Uint8Array): boolean {
  return timingSafeEqual(expected, received);
}

/** Length of an 8-byte-value TLV at the end of a message: 4-byte header + 8. */
const TRAILER = 4 + WpsSize.AUTHENTICATOR;

/**
 * Authenticator = first 8 bytes of HMAC-SHA-256(AuthKey, previous ‖ current), where `current`
 * is the message being sent without its Authenticator TLV (WSC 2.0.5, 7.5).
 *
 * @param authKey the run's AuthKey
 * @param previous the previous WSC message of the run, as sent or received
 * @param currentWithoutAuthenticator the current message up to (excluding) the Authenticator
 * @returns the 8-byte Authenticator value
 */
export function computeAuthenticator(
  authKey: Uint8Array,
  previous: Uint8Array,
  currentWithoutAuthenticator: Uint8Array,
): Uint8Array {
  return hmacSha256(authKey, previous, currentWithoutAuthenticator).slice(0, 8);
}

/**
 * Checks the Authenticator of a received message: it must be the last attribute, and its value
 * must match in constant time.
 *
 * @param authKey the run's AuthKey
 * @param previous the previous WSC message of the run
 * @param current the received message, whole
 * @returns true when present, last and correct
 */
export function verifyAuthenticator(
  authKey: Uint8Array,
  previous: Uint8Array,
  current: Uint8Array,
): boolean {
  if (!endsWithTlv(current, Attr.AUTHENTICATOR)) return false;
  const body = current.subarray(0, current.length - TRAILER);
  const expected = computeAuthenticator(authKey, previous, body);
  return timingSafeEqual(expected, current.subarray(current.length - 8));
}

/** True when `bytes` ends with an 8-byte-value TLV of `type`. */
function endsWithTlv(bytes: Uint8Array, type: number): boolean {
  if (bytes.length < TRAILER) return false;
  const h = bytes.subarray(bytes.length - TRAILER);
  return ((h[0]! << 8) | h[1]!) === type && h[2] === 0 && h[3] === 8;
}

/**
 * KWA = first 8 bytes of HMAC-SHA-256(AuthKey, settings without the KWA TLV) (WSC 2.0.5, 7.5).
 *
 * @param authKey the run's AuthKey
 * @param settingsWithoutKwa the plaintext Encrypted Settings TLVs before the KWA
 * @returns the 8-byte Key Wrap Authenticator value
 */
export function computeKwa(authKey: Uint8Array, settingsWithoutKwa: Uint8Array): Uint8Array {
  return hmacSha256(authKey, settingsWithoutKwa).slice(0, 8);
}

/**
 * Checks the KWA of decrypted settings: it must be the last attribute and match in constant
 * time.
 *
 * @param authKey the run's AuthKey
 * @param settings the decrypted plaintext, whole
 * @returns true when present, last and correct
 */
export function verifyKwa(authKey: Uint8Array, settings: Uint8Array): boolean {
  if (!endsWithTlv(settings, Attr.KEY_WRAP_AUTH)) return false;
  const body = settings.subarray(0, settings.length - TRAILER);
  return timingSafeEqual(computeKwa(authKey, body), settings.subarray(settings.length - 8));
}

/**
 * Appends the KWA TLV to plaintext settings.
 *
 * @param authKey the run's AuthKey
 * @param settingsWithoutKwa the TLVs to protect
 * @returns the settings followed by the KWA attribute
 */
export function appendKwa(authKey: Uint8Array, settingsWithoutKwa: Uint8Array): Uint8Array {
  const kwa = computeKwa(authKey, settingsWithoutKwa);
  const head = Uint8Array.of(Attr.KEY_WRAP_AUTH >> 8, Attr.KEY_WRAP_AUTH & 0xff, 0, 8);
  return concat(settingsWithoutKwa, head, kwa);
}

/**
 * Encrypts settings: IV ‖ AES-128-CBC(KeyWrapKey, IV, plaintext ‖ PKCS#5 padding of 1..16
 * bytes) (reference 5.8).
 *
 * @param keyWrapKey the run's 16-byte KeyWrapKey
 * @param plaintext the settings TLVs, already ending with the KWA
 * @param iv a 16-byte IV; fresh from the CSPRNG when omitted (tests pass a recorded one)
 * @returns the Encrypted Settings attribute value
 * @throws {RangeError} when the key or IV has the wrong length
 */
export function encryptSettings(
  keyWrapKey: Uint8Array,
  plaintext: Uint8Array,
  iv: Uint8Array = randomBytes(WpsSize.IV),
): Uint8Array {
  if (keyWrapKey.length !== 16) {
    throw new RangeError(`Cannot encrypt: key length ${keyWrapKey.length}`);
  }
  if (iv.length !== WpsSize.IV) throw new RangeError(`Cannot encrypt: IV length ${iv.length}`);
  const pad = 16 - (plaintext.length % 16);
  const padded = concat(plaintext, new Uint8Array(pad).fill(pad));
  const ct = cryptoBackend().aesCbc(true, keyWrapKey, iv, padded);
  wipe(padded);
  return concat(iv, ct);
}

/**
 * Decrypts an Encrypted Settings value and removes the padding strictly: the data must be at
 * least two blocks and block-aligned, and the 1..16 padding bytes must all equal the pad length
 * (a pad of 0, which hostapd lets through, is rejected).
 *
 * @param keyWrapKey the run's 16-byte KeyWrapKey
 * @param data IV ‖ ciphertext
 * @returns the plaintext TLVs (secret: wipe after use)
 * @throws {WscDecodeError} `malformed` on a bad length or bad padding
 */
export function decryptSettings(keyWrapKey: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length < 32 || data.length % 16 !== 0) {
    throw new WscDecodeError(
      "malformed",
      `Cannot decrypt settings: length ${data.length}`,
      Attr.ENCR_SETTINGS,
    );
  }
  if (keyWrapKey.length !== 16) {
    throw new RangeError(`Cannot decrypt: key length ${keyWrapKey.length}`);
  }
  const plain = cryptoBackend().aesCbc(false, keyWrapKey, data.subarray(0, 16), data.subarray(16));
  const pad = plain[plain.length - 1]!;
  let bad = pad === 0 || pad > 16 ? 1 : 0;
  for (let i = 1; i <= 16; i++) {
    // Look at all 16 tail bytes so the work does not depend on the pad value.
    const inPad = i <= pad ? 1 : 0;
    bad |= inPad & (plain[plain.length - i] !== pad ? 1 : 0);
  }
  if (bad) {
    wipe(plain);
    throw new WscDecodeError(
      "malformed",
      "Cannot decrypt settings: bad padding",
      Attr.ENCR_SETTINGS,
    );
  }
  const out = plain.slice(0, plain.length - pad);
  wipe(plain);
  return out;
}
