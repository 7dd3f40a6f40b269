/**
 * Diffie-Hellman over the RFC 3526 1536-bit MODP group (group 5), generator 2, as WSC uses it
 * (WSC 2.0.5, 7.4; reference 5.8). Exponentiation runs in native code through the core's
 * crypto backend (libcrypto or node:crypto).
 *
 * @module
 */

import { fromHex, randomBytes } from "../bytes.ts";
import { cryptoBackend } from "../crypto/backend.ts";

/** Length of the group's prime and of every public value on the wire. */
export const DH_PRIME_LENGTH = 192;

/** Length of the private exponents tsapd generates (256 bits; see generateDhKeyPair). */
export const DH_PRIVATE_LENGTH = 32;

/** The RFC 3526 group 5 prime, big-endian: 2^1536 − 2^1472 − 1 + 2^64 · (⌊2^1406 π⌋ + 741804). */
export const DH_GROUP5_PRIME: Uint8Array = fromHex(
  "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74" +
    "020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437" +
    "4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed" +
    "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05" +
    "98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb" +
    "9ed529077096966d670c354e4abc9804f1746c08ca237327ffffffffffffffff",
);
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
  const publicKey = cryptoBackend().modExp(G, privateKey, DH_GROUP5_PRIME);
  return { privateKey: privateKey.slice(), publicKey };
}

/** p − 1, big-endian: the largest value a public key must stay below. */
const P_MINUS_1 = (() => {
  const b = DH_GROUP5_PRIME.slice();
  b[DH_PRIME_LENGTH - 1]! -= 1;
  return b;
})();

/**
 * The cheap half of {@link isValidDhPublicKey}: 190..192 bytes (reference 5.11.2) and
 * 1 < y < p − 1. Byte comparisons, no big numbers.
 *
 * @param publicKey the peer's value exactly as received
 * @returns true when in range
 */
export function isDhPublicKeyInRange(publicKey: Uint8Array): boolean {
  const n = publicKey.length;
  if (n < 190 || n > DH_PRIME_LENGTH) return false;
  // y > 1: some byte before the last is non-zero, or the last is above 1.
  let above1 = publicKey[n - 1]! > 1;
  for (let i = 0; i < n - 1 && !above1; i++) above1 = publicKey[i] !== 0;
  if (!above1) return false;
  // y < p − 1 (a shorter y is below p − 1, whose top byte is 0xff).
  if (n < DH_PRIME_LENGTH) return true;
  for (let i = 0; i < n; i++) {
    const a = publicKey[i]!, b = P_MINUS_1[i]!;
    if (a !== b) return a < b;
  }
  return false;
}

/**
 * The costly half of {@link isValidDhPublicKey}: y^q ≡ 1 (mod p), i.e. y lies in the
 * prime-order subgroup. p = 2q + 1 is a safe prime, so by Euler's criterion y^q mod p is the
 * Legendre symbol (y/p): y is in the subgroup exactly when it is a quadratic residue. The
 * Jacobi algorithm computes that in about a tenth of the time of the 1535-bit exponentiation.
 *
 * @param publicKey a value that passed {@link isDhPublicKeyInRange}
 * @returns true when in the subgroup
 */
export function isInPrimeOrderSubgroup(publicKey: Uint8Array): boolean {
  const native = cryptoBackend().jacobi?.(publicKey, DH_GROUP5_PRIME);
  return (native ?? jacobiSymbol(bigFromBytes(publicKey), P)) === 1;
}

/**
 * Checks a peer's public value in full: in range ({@link isDhPublicKeyInRange}) and in the
 * prime-order subgroup ({@link isInPrimeOrderSubgroup}); NIST SP 800-56A 5.6.2.3.1.
 *
 * @param publicKey the peer's value exactly as received
 * @returns true when acceptable
 */
export function isValidDhPublicKey(publicKey: Uint8Array): boolean {
  return isDhPublicKeyInRange(publicKey) && isInPrimeOrderSubgroup(publicKey);
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
    const r = cryptoBackend().modExp(publicKey, Q_BYTES, DH_GROUP5_PRIME);
    return bigFromBytes(r) === 1n;
  } catch {
    return false;
  }
}

/**
 * Computes the shared secret g^(xy) mod p, left-zero-padded to 192 bytes, after validating the
 * peer's value.
 *
 * @param privateKey our private exponent
 * @param peerPublicKey the peer's value as received (190..192 bytes)
 * @param check `"full"` (default) validates range and subgroup first. `"range"` validates the
 *   range only; the caller must then run {@link isInPrimeOrderSubgroup} before it reveals
 *   anything that depends on our secrets beyond an Authenticator. RFC 7919 5.1 finds the range
 *   check enough for safe-prime groups (a value outside the subgroup leaks at most the parity of
 *   an exponent that is used once), so the Registrar moves the subgroup check off the M1 to M2
 *   path into the peer's think time.
 * @returns the 192-byte shared secret (secret: wipe after use)
 * @throws {RangeError} when the peer's public value is invalid
 */
export function computeDhSharedSecret(
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  check: "full" | "range" = "full",
): Uint8Array {
  const ok = check === "full"
    ? isValidDhPublicKey(peerPublicKey)
    : isDhPublicKeyInRange(peerPublicKey);
  if (!ok) throw new RangeError("Cannot use peer DH public key: invalid value");
  return cryptoBackend().modExp(peerPublicKey, privateKey, DH_GROUP5_PRIME);
}
