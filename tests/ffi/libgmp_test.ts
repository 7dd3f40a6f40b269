/**
 * libgmp's Jacobi symbol through FFI against independent answers (Euler's criterion by BigInt for
 * DH group 5's prime), and the backend that carries it: every other primitive still libcrypto's.
 */
import { equal, match, ok } from "node:assert/strict";
import { loadGmpJacobi } from "../../ffi/libgmp.ts";
import { loadLibcryptoBackend } from "../../ffi/libcrypto.ts";
import { DH_GROUP5_PRIME, generateDhKeyPair, isInPrimeOrderSubgroup } from "../../core/wps/dh.ts";
import {
  type CryptoBackend,
  cryptoBackend,
  installCryptoBackend,
  type JacobiFn,
  withJacobi,
} from "../../core/crypto/backend.ts";
import { randomBytes, toHex } from "../../core/bytes.ts";

const big = (b: Uint8Array) => BigInt(`0x${toHex(b) || "0"}`);

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

/** The Legendre symbol by Euler's criterion: a^((p-1)/2) mod p. */
function legendre(a: Uint8Array, p: Uint8Array): number {
  const P = big(p);
  const r = modPow(big(a), (P - 1n) >> 1n, P);
  return r === 0n ? 0 : r === 1n ? 1 : r === P - 1n ? -1 : NaN;
}

const jacobi = loadGmpJacobi();

/** A test that needs libgmp's symbol and libcrypto's backend (skipped where libgmp is missing). */
function withBoth(name: string, fn: (jac: JacobiFn, lib: CryptoBackend) => void): void {
  Deno.test({ name, ignore: jacobi === null, fn: () => fn(jacobi!, loadLibcryptoBackend()!) });
}

Deno.test("libgmp loads on Debian and passes its known answers", () => {
  ok(jacobi, "libgmp.so.10 did not load or failed its known answers");
});

withBoth(
  "mpz_jacobi agrees with Euler's criterion for random 1536-bit values and DH public keys",
  (jac, lib) => {
    let residues = 0;
    for (let i = 0; i < 24; i++) {
      // Half random (about half of them non-residues), half genuine public keys (all residues).
      const a = i % 2 === 0 ? randomBytes(192) : generateDhKeyPair().publicKey;
      const want = legendre(a, DH_GROUP5_PRIME);
      equal(jac(a, DH_GROUP5_PRIME), want, `value ${i}`);
      equal(lib.jacobi!(a, DH_GROUP5_PRIME), want, `libcrypto, value ${i}`);
      if (want === 1) residues++;
    }
    ok(residues >= 12 && residues < 24, `${residues} residues: both kinds were tried`);
  },
);

withBoth(
  "withJacobi keeps libcrypto's primitives and the subgroup check uses libgmp's symbol",
  (jac, lib) => {
    let calls = 0;
    const counted = (a: Uint8Array, n: Uint8Array) => (calls++, jac(a, n));
    const b = withJacobi(lib, counted, "libgmp");
    match(b.name, /^libcrypto\.so\.\d+ \+ libgmp \(Jacobi\)$/);
    const key = randomBytes(16);
    equal(toHex(b.hmac("sha256", key, key)), toHex(lib.hmac("sha256", key, key)));
    const before = cryptoBackend();
    installCryptoBackend(b);
    try {
      ok(isInPrimeOrderSubgroup(generateDhKeyPair().publicKey));
      const nonResidue = DH_GROUP5_PRIME.slice();
      nonResidue[nonResidue.length - 1]! -= 1; // p - 1 = -1, a non-residue as p = 7 mod 8
      ok(!isInPrimeOrderSubgroup(nonResidue));
      equal(calls, 2);
    } finally {
      installCryptoBackend(before);
    }
  },
);
