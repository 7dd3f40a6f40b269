/**
 * Key derivation of the 4-way handshake: the SHA-1 based PRF of IEEE 802.11-2020 12.7.1.2,
 * the SHA-256 KDF of 12.7.1.7.2 (for the PSK-SHA256 AKM), and the pairwise key expansion of
 * 12.7.1.3 that splits the PTK into KCK, KEK and TK.
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { assertBytes, concat, utf8, wipe } from "../bytes.ts";

/**
 * PRF-n of IEEE 802.11-2020 12.7.1.2: HMAC-SHA1(K, A || 0 || B || i) blocks for i = 0, 1, ...
 * concatenated and truncated to `length` octets.
 *
 * @param key the PRF key (any length)
 * @param label the ASCII label A
 * @param data the context B
 * @param length output length in octets
 * @example
 * ```ts
 * prfSha1(new Uint8Array(20).fill(0x0b), "prefix", new TextEncoder().encode("Hi There"), 24);
 * ```
 */
export function prfSha1(
  key: Uint8Array,
  label: string,
  data: Uint8Array,
  length: number,
): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > 255 * 20) {
    throw new RangeError(`Cannot run PRF: length ${length}`);
  }
  // label ‖ 0 ‖ data ‖ counter; the counter byte is rewritten per block.
  const prefix = concat(utf8(label), Uint8Array.of(0), data, Uint8Array.of(0));
  const out = new Uint8Array(Math.ceil(length / 20) * 20);
  for (let i = 0; i * 20 < length; i++) {
    prefix[prefix.length - 1] = i;
    const h = cryptoBackend().hmac("sha1", key, prefix);
    out.set(h, i * 20);
    wipe(h);
  }
  const result = out.slice(0, length);
  wipe(out);
  return result;
}

/**
 * KDF-Hash-Length of IEEE 802.11-2020 12.7.1.7.2 with SHA-256: HMAC-SHA256(K, i || label ||
 * context || Length) for i = 1, 2, ..., with i and Length (in bits) as 16-bit little-endian.
 *
 * @param length output length in octets
 */
export function kdfSha256(
  key: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length * 8 > 0xffff) {
    throw new RangeError(`Cannot run KDF: length ${length}`);
  }
  const bits = Uint8Array.of((length * 8) & 0xff, (length * 8) >> 8);
  const out = new Uint8Array(Math.ceil(length / 32) * 32);
  for (let i = 1; (i - 1) * 32 < length; i++) {
    const h = cryptoBackend().hmac(
      "sha256",
      key,
      concat(Uint8Array.of(i & 0xff, i >> 8), utf8(label), context, bits),
    );
    out.set(h, (i - 1) * 32);
    wipe(h);
  }
  const result = out.slice(0, length);
  wipe(out);
  return result;
}

/** The pairwise transient key of an association, split as 12.7.1.3 defines. */
export interface Ptk {
  /** Key Confirmation Key: the EAPOL-Key MIC key (16 octets). */
  kck: Uint8Array;
  /** Key Encryption Key: the key-data wrap key (16 octets). */
  kek: Uint8Array;
  /** Temporal Key (16 octets for CCMP-128 and GCMP-128, 32 for the 256-bit ciphers). */
  tk: Uint8Array;
}

/** Inputs of the pairwise key expansion. */
export interface PtkInputs {
  /** The PMK (for PSK AKMs, the PSK itself). */
  pmk: Uint8Array;
  /** Authenticator address (the BSSID). */
  aa: Uint8Array;
  /** Supplicant address. */
  spa: Uint8Array;
  /** The authenticator's nonce. */
  anonce: Uint8Array;
  /** The supplicant's nonce. */
  snonce: Uint8Array;
  /** Use KDF-SHA256 (AKM 00-0F-AC:6) instead of PRF-SHA1 (AKM 00-0F-AC:2). */
  sha256?: boolean;
  /** The pairwise cipher's TK length (rsn_ie.ts's temporalKeyLength); default 16. */
  tkLen?: number;
}

/** Octets of KCK + KEK + TK for CCMP-128 (KCK and KEK are 16 octets each for PSK AKMs). */
export const PTK_LEN = 48;

/**
 * Pairwise key expansion (IEEE 802.11-2020 12.7.1.3): PRF-384 (PRF-512 for a 32-octet TK)
 * (PMK, "Pairwise key expansion",
 * Min(AA,SPA) || Max(AA,SPA) || Min(ANonce,SNonce) || Max(ANonce,SNonce)).
 *
 * @throws {RangeError} when an address is not 6 octets or a nonce not 32
 */
export function derivePtk(inputs: PtkInputs): Ptk {
  assertBytes(inputs.aa, 6, "AA");
  assertBytes(inputs.spa, 6, "SPA");
  assertBytes(inputs.anonce, 32, "ANonce");
  assertBytes(inputs.snonce, 32, "SNonce");
  const [a1, a2] = ordered(inputs.aa, inputs.spa);
  const [n1, n2] = ordered(inputs.anonce, inputs.snonce);
  const context = concat(a1, a2, n1, n2);
  const label = "Pairwise key expansion";
  const len = 32 + (inputs.tkLen ?? 16);
  const ptk = inputs.sha256
    ? kdfSha256(inputs.pmk, label, context, len)
    : prfSha1(inputs.pmk, label, context, len);
  const out = { kck: ptk.slice(0, 16), kek: ptk.slice(16, 32), tk: ptk.slice(32, len) };
  wipe(ptk);
  return out;
}

/** Zeroes the parts of a PTK (best effort, see {@link wipe}). */
export function wipePtk(ptk: Ptk): void {
  wipe(ptk.kck, ptk.kek, ptk.tk);
}

/** Orders two equal-length octet strings as unsigned big-endian numbers (Min, Max). */
function ordered(a: Uint8Array, b: Uint8Array): [Uint8Array, Uint8Array] {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? [a, b] : [b, a];
  }
  return [a, b];
}
