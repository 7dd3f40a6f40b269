import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { toHex } from "../../core/bytes.ts";
import {
  type CryptoBackend,
  cryptoBackend,
  installCryptoBackend,
  nodeCryptoBackend,
} from "../../core/crypto/backend.ts";
import { DH_GROUP5_PRIME, jacobiSymbol } from "../../core/wps/dh.ts";
import { loadLibcryptoBackend, passesKnownAnswers } from "../../ffi/libcrypto.ts";
import { wpsSelfTest } from "../../daemon/self_test.ts";
import { apSettings } from "../core/wps/_peers.ts";

const lib = loadLibcryptoBackend();

function rand(n: number): Uint8Array {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  return b;
}

function bigOf(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt("0x" + toHex(b));
}

/** Runs `fn` with `backend` installed, restoring the previous one. */
function withBackend<T>(backend: CryptoBackend, fn: () => T): T {
  const old = installCryptoBackend(backend);
  try {
    return fn();
  } finally {
    installCryptoBackend(old);
  }
}

Deno.test("libcrypto loads on this machine (Debian's libssl3, which hostapd depends on)", () => {
  ok(lib, "libcrypto.so.3 did not load or failed its known answers");
  equal(lib.name, "libcrypto.so.3");
});

Deno.test("On OpenSSL 3 the HMACs run on kept EVP_MAC contexts, and interleaved keys stay apart", () => {
  ok(lib);
  equal((lib as unknown as { hmacPath: string }).hmacPath, "EVP_MAC");
  // Alternate keys and hashes on the kept contexts: each answer must be its own key's.
  const k1 = rand(20), k2 = rand(70), d = rand(33);
  const want1 = nodeCryptoBackend.hmac("sha1", k1, d);
  const want2 = nodeCryptoBackend.hmac("sha256", k2, d);
  for (let i = 0; i < 4; i++) {
    deepStrictEqual(lib.hmac("sha1", k1, d), want1);
    deepStrictEqual(lib.hmac("sha256", k2, d), want2);
    deepStrictEqual(
      lib.hmac("sha1", new Uint8Array(0), d),
      nodeCryptoBackend.hmac("sha1", new Uint8Array(0), d),
    );
  }
});

Deno.test("Both backends reproduce the FIPS, RFC and IEEE 802.11 known answers", () => {
  ok(passesKnownAnswers(nodeCryptoBackend));
  ok(lib && passesKnownAnswers(lib));
});

Deno.test("A library that is not there gives null, so the daemon keeps node:crypto", () => {
  equal(loadLibcryptoBackend(["libtsapd-no-such-library.so"]), null);
});

Deno.test("libcrypto agrees with node:crypto on random inputs for every primitive", () => {
  ok(lib);
  const n = nodeCryptoBackend;
  for (let i = 0; i < 40; i++) {
    const data = rand(i * 7);
    // Keys longer than the hash block size are hashed first: cover both sides of 64.
    const key = rand(i * 3);
    for (const alg of ["sha1", "sha256"] as const) {
      deepStrictEqual(lib.hash(alg, data), n.hash(alg, data));
      deepStrictEqual(lib.hmac(alg, key, data), n.hmac(alg, key, data));
    }
    // Deno's node:crypto has no AES-192 modes; the protocols use AES-128 (and 256-bit KEKs).
    for (const kl of [16, 32]) {
      const k = rand(kl), iv = rand(16), blocks = rand(16 * (1 + (i % 5)));
      deepStrictEqual(lib.aesCbc(true, k, iv, blocks), n.aesCbc(true, k, iv, blocks));
      deepStrictEqual(lib.aesCbc(false, k, iv, blocks), n.aesCbc(false, k, iv, blocks));
      deepStrictEqual(lib.aesEcbEncrypt(k, blocks), n.aesEcbEncrypt(k, blocks));
      const plain = rand(16 + 8 * (i % 4));
      const wrapped = lib.aesKeyWrap(k, plain);
      deepStrictEqual(wrapped, n.aesKeyWrap(k, plain));
      deepStrictEqual(lib.aesKeyUnwrap(k, wrapped), plain);
      wrapped[i % wrapped.length]! ^= 1;
      equal(lib.aesKeyUnwrap(k, wrapped), null, "a flipped bit fails the integrity check");
      equal(n.aesKeyUnwrap(k, wrapped), null);
    }
    const base = rand(192), exp = rand(32);
    const r = lib.modExp(base, exp, DH_GROUP5_PRIME);
    equal(r.length, 192);
    deepStrictEqual(r, n.modExp(base, exp, DH_GROUP5_PRIME));
    equal(lib.jacobi!(base, DH_GROUP5_PRIME), jacobiSymbol(bigOf(base), bigOf(DH_GROUP5_PRIME)));
  }
  const pass = rand(20), salt = rand(12);
  deepStrictEqual(lib.pbkdf2Sha1(pass, salt, 100, 48), n.pbkdf2Sha1(pass, salt, 100, 48));
});

Deno.test("libcrypto rejects what the interface forbids instead of computing garbage", () => {
  ok(lib);
  for (
    const f of [
      () => lib.aesCbc(true, rand(16), rand(16), rand(15)),
      () => lib.aesCbc(true, rand(15), rand(16), rand(16)),
      () => lib.aesCbc(true, rand(16), rand(8), rand(16)),
      () => lib.aesKeyWrap(rand(16), rand(12)),
    ]
  ) {
    let threw = false;
    try {
      f();
    } catch (e) {
      threw = e instanceof RangeError;
    }
    ok(threw);
  }
  equal(lib.aesKeyUnwrap(rand(16), rand(20)), null);
});

Deno.test("The WPS self-test (Registrar against Enrollee to M8) passes on libcrypto", () => {
  ok(lib);
  withBackend(lib, () => {
    equal(cryptoBackend(), lib);
    for (let i = 0; i < 3; i++) equal(wpsSelfTest(apSettings()), true);
    equal(wpsSelfTest(apSettings(), "00000000"), false, "a wrong PIN still fails");
  });
  equal(cryptoBackend(), nodeCryptoBackend);
});
