/**
 * Diffie-Hellman over the RFC 3526 1536-bit MODP group (group 5), generator 2, as WSC uses it
 * (WSC 2.0.5, 7.4; reference 5.8). Exponentiation runs in node:crypto's native code.
 *
 * @module
 */

import { createDiffieHellman, type DiffieHellman, getDiffieHellman } from "node:crypto";
import { randomBytes, wipe } from "../bytes.ts";

/** Length of the group's prime and of every public value on the wire. */
export const DH_PRIME_LENGTH = 192;

/** The RFC 3526 group 5 prime, big-endian. */
export const DH_GROUP5_PRIME: Uint8Array = new Uint8Array(getDiffieHellman("modp5").getPrime());
const P = bigFromBytes(DH_GROUP5_PRIME);
/** q = (p − 1) / 2: p is a safe prime, so a valid public value has order q. */
const Q = (P - 1n) >> 1n;
const Q_BYTES = bytesFromBig(Q, DH_PRIME_LENGTH);
const G = Uint8Array.of(2);

/** A DH key pair; `privateKey` is secret and should be wiped after use. */
export interface DhKeyPair {
  /** Private exponent, big-endian. */
  privateKey: Uint8Array;
  /** g^x mod p, zero-padded to 192 bytes. */
  publicKey: Uint8Array;
}

function bigFromBytes(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

function bytesFromBig(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** Left-pads `b` with zeros to `len` bytes. */
function padLeft(b: Uint8Array, len: number): Uint8Array {
  if (b.length === len) return b;
  const out = new Uint8Array(len);
  out.set(b.subarray(Math.max(0, b.length - len)), Math.max(0, len - b.length));
  return out;
}

function groupWithPrivate(privateKey: Uint8Array): DiffieHellman {
  const dh = createDiffieHellman(DH_GROUP5_PRIME, G);
  dh.setPrivateKey(privateKey);
  return dh;
}

/**
 * Generates a fresh key pair: a 192-byte private value from the CSPRNG (first byte cleared
 * when the value is not below p, as hostapd does) and its public value.
 *
 * @returns the key pair
 * @example
 * ```ts
 * import { generateDhKeyPair } from "./dh.ts";
 * generateDhKeyPair().publicKey.length; // 192
 * ```
 */
export function generateDhKeyPair(): DhKeyPair {
  const privateKey = randomBytes(DH_PRIME_LENGTH);
  if (bigFromBytes(privateKey) >= P) privateKey[0] = 0;
  return dhKeyPairFromPrivate(privateKey);
}

/**
 * Computes the public value for a given private value (for known-answer tests and pre-set keys).
 *
 * @param privateKey big-endian private exponent, 1..192 bytes
 * @returns the key pair (holding a copy of `privateKey`)
 * @throws {RangeError} when the private key is empty or longer than 192 bytes
 */
export function dhKeyPairFromPrivate(privateKey: Uint8Array): DhKeyPair {
  if (privateKey.length === 0 || privateKey.length > DH_PRIME_LENGTH) {
    throw new RangeError(`Cannot use DH private key: length ${privateKey.length}`);
  }
  const dh = groupWithPrivate(privateKey);
  const publicKey = padLeft(new Uint8Array(dh.generateKeys()), DH_PRIME_LENGTH);
  return { privateKey: privateKey.slice(), publicKey };
}

/**
 * Checks a peer's public value: 190..192 bytes (reference 5.11.2), 1 < y < p − 1 and
 * y^q ≡ 1 (mod p), i.e. y lies in the prime-order subgroup (NIST SP 800-56A 5.6.2.3.1).
 *
 * @param publicKey the peer's value exactly as received
 * @returns true when acceptable
 */
export function isValidDhPublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length < 190 || publicKey.length > DH_PRIME_LENGTH) return false;
  const y = bigFromBytes(publicKey);
  if (y <= 1n || y >= P - 1n) return false;
  try {
    // y^q mod p, computed natively by using q as a "private key".
    const r = groupWithPrivate(Q_BYTES).computeSecret(padLeft(publicKey, DH_PRIME_LENGTH));
    return bigFromBytes(new Uint8Array(r)) === 1n;
  } catch {
    return false;
  }
}

/**
 * Computes the shared secret g^(xy) mod p, left-zero-padded to 192 bytes, after validating the
 * peer's value.
 *
 * @param privateKey our private exponent
 * @param peerPublicKey the peer's public value as received (190..192 bytes)
 * @returns the 192-byte shared secret (secret: wipe after use)
 * @throws {RangeError} when the peer's public value is invalid
 */
export function computeDhSharedSecret(
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
): Uint8Array {
  if (!isValidDhPublicKey(peerPublicKey)) {
    throw new RangeError("Cannot use peer DH public key: invalid value");
  }
  const raw = new Uint8Array(
    groupWithPrivate(privateKey).computeSecret(padLeft(peerPublicKey, DH_PRIME_LENGTH)),
  );
  const out = padLeft(raw, DH_PRIME_LENGTH);
  if (out !== raw) wipe(raw);
  return out.slice();
}
