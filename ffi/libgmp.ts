/**
 * The Jacobi symbol from GNU MP (`libgmp`), through FFI, for the subgroup check of a WPS
 * Enrollee's DH public key (core/wps/dh.ts isInPrimeOrderSubgroup). libcrypto's BN_kronecker
 * takes 54 us for a 1536-bit value, mpz_jacobi 4.4 (x86_64 CI machine, the daemon's V8 flags),
 * and the check sits between the Enrollee's M3 and the AP's M4. Debian always has libgmp (its
 * coreutils needs it); where it is missing or fails its known answers, libcrypto's stays.
 *
 * @module
 */

import type { JacobiFn } from "../core/crypto/backend.ts";
import { DH_GROUP5_PRIME } from "../core/wps/dh.ts";
import { loadFirstPassing } from "./load_checked.ts";

const symbols = {
  __gmpz_init: { parameters: ["buffer"], result: "void" },
  __gmpz_import: {
    parameters: ["buffer", "usize", "i32", "usize", "i32", "usize", "buffer"],
    result: "void",
  },
  __gmpz_jacobi: { parameters: ["buffer", "buffer"], result: "i32" },
  __gmpz_clear: { parameters: ["buffer"], result: "void" },
} as const;

/** Library names tried in order. */
export const LIBGMP_NAMES: readonly string[] = ["libgmp.so.10", "libgmp.so"];

/** sizeof(mpz_t) on LP64: two ints and a limb pointer. */
const MPZ_SIZE = 16;

function jacobiOf(sym: Deno.DynamicLibrary<typeof symbols>["symbols"]): JacobiFn {
  const za = new Uint8Array(MPZ_SIZE);
  const zn = new Uint8Array(MPZ_SIZE);
  return (a, n) => {
    sym.__gmpz_init(za);
    sym.__gmpz_init(zn);
    try {
      // Most significant word first, 1-byte words, native endianness within a word, no nails.
      sym.__gmpz_import(za, BigInt(a.length), 1, 1n, 0, 0n, a);
      sym.__gmpz_import(zn, BigInt(n.length), 1, 1n, 0, 0n, n);
      return sym.__gmpz_jacobi(za, zn);
    } finally {
      sym.__gmpz_clear(za);
      sym.__gmpz_clear(zn);
    }
  };
}

/** True when `jacobi` gives known answers, small and at the size the check uses. */
function passesKnownAnswers(jacobi: JacobiFn): boolean {
  // DH group 5's prime (RFC 3526) is 7 mod 8: (-1/p) = -1 and (2/p) = 1.
  const p = DH_GROUP5_PRIME;
  const pMinus1 = p.slice();
  pMinus1[pMinus1.length - 1]! -= 1;
  const checks: [Uint8Array, Uint8Array, number][] = [
    [Uint8Array.of(2), Uint8Array.of(7), 1],
    [Uint8Array.of(3), Uint8Array.of(7), -1],
    [Uint8Array.of(14), Uint8Array.of(7), 0],
    // 65537 is a non-residue mod 1000003 (Euler's criterion, computed independently).
    [Uint8Array.of(0x01, 0x00, 0x01), Uint8Array.of(0x0f, 0x42, 0x43), -1],
    [pMinus1, p, -1],
    [Uint8Array.of(2), p, 1],
    [Uint8Array.of(4), p, 1],
    [p, p, 0],
  ];
  return checks.every(([a, n, want]) => jacobi(a, n) === want);
}

/**
 * Opens libgmp and checks its Jacobi symbol.
 *
 * @param names library names to try (default {@link LIBGMP_NAMES})
 * @returns the function, or null when no library loads or one gives a wrong answer
 */
export function loadGmpJacobi(names: readonly string[] = LIBGMP_NAMES): JacobiFn | null {
  return loadFirstPassing(names, symbols, jacobiOf, passesKnownAnswers);
}
