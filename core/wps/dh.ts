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

/** Length of the private exponents tsapd generates (256 bits; see generateDhKeyPair). */
export const DH_PRIVATE_LENGTH = 32;

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
 * Generates a fresh key pair: a 256-bit private exponent from the CSPRNG and its public value
 * g^x mod p, zero-padded to 192 bytes.
 *
 * @returns the key pair
 * @example
 * ```ts
 * import { generateDhKeyPair } from "./dh.ts";
 * generateDhKeyPair().publicKey.length; // 192
 * ```
 */
export function generateDhKeyPair(): DhKeyPair {
  // A 256-bit exponent: NIST SP 800-56A Rev. 3 5.6.1.1.4 asks for at least twice the group's
  // security strength (about 90 bits for this 1536-bit group); OpenSSL 3, under Debian's
  // hostapd, uses 200 bits. Exponentiation cost grows with the exponent, so M2 is faster.
  const privateKey = randomBytes(DH_PRIVATE_LENGTH);
  // A zero exponent would give the public key 1; the CSPRNG makes that 2^-256, but be sure.
  if (privateKey.every((b) => b === 0)) privateKey[DH_PRIVATE_LENGTH - 1] = 1;
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
  // p = 2q + 1 is a safe prime, so by Euler's criterion y^q mod p is the Legendre symbol
  // (y/p): y is in the order-q subgroup exactly when it is a quadratic residue. The Jacobi
  // algorithm computes that in about a tenth of the time of the 1535-bit exponentiation.
  return jacobiSymbol(y, P) === 1;
}

/**
 * The Jacobi symbol (a/n) for odd n > 0 (equal to the Legendre symbol when n is prime).
 *
 * @private
 */
export function jacobiSymbol(a: bigint, n: bigint): number {
  a %= n;
  let t = 1;
  while (a !== 0n) {
    while ((a & 1n) === 0n) {
      a >>= 1n;
      const r = n & 7n;
      if (r === 3n || r === 5n) t = -t;
    }
    [a, n] = [n, a];
    if ((a & 3n) === 3n && (n & 3n) === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}

/**
 * y^q mod p by native exponentiation: the definition {@link isValidDhPublicKey} implements
 * faster; kept for cross-checking in tests.
 *
 * @private
 */
export function isInPrimeOrderSubgroupSlow(publicKey: Uint8Array): boolean {
  try {
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
