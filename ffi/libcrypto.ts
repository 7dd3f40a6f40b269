/**
 * The system's OpenSSL `libcrypto` (the library Debian's and OpenWrt's hostapd link against) as
 * a {@link CryptoBackend}, through FFI. One call into C per primitive instead of Deno's
 * `node:crypto` objects: an HMAC-SHA-256 takes about 5 µs instead of 20, and the 1536-bit DH
 * exponentiation of M2 about 0.2 ms instead of 0.45 (measured on the x86_64 CI machine).
 *
 * {@link loadLibcryptoBackend} checks every primitive against known-answer vectors before the
 * backend is used, and returns null (the daemon then keeps node:crypto) when the library is
 * missing, lacks a symbol or computes a wrong answer.
 *
 * @module
 */

import type { CryptoBackend, HashName } from "../core/crypto/backend.ts";
import { fromHex, toHex } from "../core/bytes.ts";
import { loadFirstPassing } from "./load_checked.ts";

const symbols = {
  EVP_sha1: { parameters: [], result: "pointer" },
  EVP_sha256: { parameters: [], result: "pointer" },
  EVP_Digest: {
    parameters: ["buffer", "usize", "buffer", "buffer", "pointer", "pointer"],
    result: "i32",
  },
  HMAC: {
    parameters: ["pointer", "buffer", "i32", "buffer", "usize", "buffer", "buffer"],
    result: "pointer",
  },
  EVP_aes_128_cbc: { parameters: [], result: "pointer" },
  EVP_aes_192_cbc: { parameters: [], result: "pointer" },
  EVP_aes_256_cbc: { parameters: [], result: "pointer" },
  EVP_aes_128_ecb: { parameters: [], result: "pointer" },
  EVP_aes_192_ecb: { parameters: [], result: "pointer" },
  EVP_aes_256_ecb: { parameters: [], result: "pointer" },
  EVP_aes_128_wrap: { parameters: [], result: "pointer" },
  EVP_aes_192_wrap: { parameters: [], result: "pointer" },
  EVP_aes_256_wrap: { parameters: [], result: "pointer" },
  EVP_CIPHER_CTX_new: { parameters: [], result: "pointer" },
  EVP_CIPHER_CTX_reset: { parameters: ["pointer"], result: "i32" },
  EVP_CIPHER_CTX_set_flags: { parameters: ["pointer", "i32"], result: "void" },
  EVP_CIPHER_CTX_set_padding: { parameters: ["pointer", "i32"], result: "i32" },
  EVP_CipherInit_ex: {
    parameters: ["pointer", "pointer", "pointer", "buffer", "buffer", "i32"],
    result: "i32",
  },
  EVP_CipherUpdate: { parameters: ["pointer", "buffer", "buffer", "buffer", "i32"], result: "i32" },
  EVP_CipherFinal_ex: { parameters: ["pointer", "buffer", "buffer"], result: "i32" },
  BN_CTX_new: { parameters: [], result: "pointer" },
  BN_bin2bn: { parameters: ["buffer", "i32", "pointer"], result: "pointer" },
  BN_bn2binpad: { parameters: ["pointer", "buffer", "i32"], result: "i32" },
  BN_new: { parameters: [], result: "pointer" },
  BN_clear_free: { parameters: ["pointer"], result: "void" },
  BN_mod_exp_mont_consttime: {
    parameters: ["pointer", "pointer", "pointer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  BN_kronecker: { parameters: ["pointer", "pointer", "pointer"], result: "i32" },
  PKCS5_PBKDF2_HMAC_SHA1: {
    parameters: ["buffer", "i32", "buffer", "i32", "i32", "i32", "buffer"],
    result: "i32",
  },
  // OpenSSL 3 only: a fetched HMAC kept in one context per hash (see #macs).
  EVP_MAC_fetch: {
    parameters: ["pointer", "buffer", "pointer"],
    result: "pointer",
    optional: true,
  },
  EVP_MAC_CTX_new: { parameters: ["pointer"], result: "pointer", optional: true },
  EVP_MAC_CTX_set_params: { parameters: ["pointer", "buffer"], result: "i32", optional: true },
  EVP_MAC_init: {
    parameters: ["pointer", "buffer", "usize", "pointer"],
    result: "i32",
    optional: true,
  },
  EVP_MAC_update: { parameters: ["pointer", "buffer", "usize"], result: "i32", optional: true },
  EVP_MAC_final: {
    parameters: ["pointer", "buffer", "buffer", "usize"],
    result: "i32",
    optional: true,
  },
} as const;

type Lib = Deno.DynamicLibrary<typeof symbols>["symbols"];

/** EVP_CIPHER_CTX_FLAG_WRAP_ALLOW: OpenSSL refuses the key-wrap ciphers without it. */
const FLAG_WRAP_ALLOW = 0x1;

/** A one-byte buffer passed with length 0 where C must not see NULL. */
const NON_NULL_EMPTY = new Uint8Array(1);

/** OSSL_PARAM_UTF8_STRING (openssl/core.h). */
const OSSL_PARAM_UTF8_STRING = 4;
/** sizeof(OSSL_PARAM) on a 64-bit target: key, data_type, data, data_size, return_size. */
const OSSL_PARAM_SIZE = 40;

/** A NUL-terminated C string. */
function cStr(s: string): Uint8Array {
  return new TextEncoder().encode(s + "\0");
}

/**
 * An OSSL_PARAM array holding one UTF-8 string parameter and the terminator. The strings are
 * returned too: C reads them through the pointers, so they must outlive the call.
 */
function utf8Param(key: string, value: string): { params: Uint8Array; keep: Uint8Array[] } {
  const k = cStr(key), v = cStr(value);
  const params = new Uint8Array(2 * OSSL_PARAM_SIZE);
  const dv = new DataView(params.buffer);
  dv.setBigUint64(0, BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(k))), true);
  dv.setUint32(8, OSSL_PARAM_UTF8_STRING, true);
  dv.setBigUint64(16, BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(v))), true);
  dv.setBigUint64(24, BigInt(v.length - 1), true);
  dv.setBigUint64(32, 0xffff_ffff_ffff_ffffn, true); // OSSL_PARAM_UNMODIFIED
  return { params, keep: [k, v] };
}

/** Names tried in order: OpenSSL 3 (Debian 12, OpenWrt 23+), then 1.1. */
export const LIBCRYPTO_NAMES = ["libcrypto.so.3", "libcrypto.so.1.1"] as const;

class LibcryptoBackend implements CryptoBackend {
  readonly name: string;
  readonly #c: Lib;
  readonly #md: Record<HashName, Deno.PointerValue>;
  readonly #mdLen: Record<HashName, number> = { sha1: 20, sha256: 32 };
  readonly #cipher: Deno.PointerValue;
  readonly #bn: Deno.PointerValue;
  readonly #len = new Uint32Array(1);
  readonly #lenBytes = new Uint8Array(this.#len.buffer);
  /** A size_t out-parameter. */
  readonly #sizeBytes = new Uint8Array(8);
  readonly #ciphers: Record<string, Deno.PointerValue>;
  /**
   * One HMAC context per hash, fetched once (OpenSSL 3). The one-shot HMAC() fetches the
   * algorithm and allocates a context on every call; reusing a context halved an HMAC right
   * after an idle spell, which is when every WPS and 4-way message arrives (about 60 to 30 µs
   * on the x86_64 CI machine), and took a warm one from 2.8 to 1.5 µs. Absent on OpenSSL 1.1.
   */
  readonly #macs: Record<HashName, Deno.PointerValue> | undefined;

  constructor(name: string, c: Lib) {
    this.name = name;
    this.#c = c;
    this.#md = { sha1: c.EVP_sha1(), sha256: c.EVP_sha256() };
    this.#cipher = c.EVP_CIPHER_CTX_new();
    this.#bn = c.BN_CTX_new();
    if (this.#cipher === null || this.#bn === null) throw new Error("libcrypto: out of memory");
    this.#ciphers = {
      "cbc16": c.EVP_aes_128_cbc(),
      "cbc24": c.EVP_aes_192_cbc(),
      "cbc32": c.EVP_aes_256_cbc(),
      "ecb16": c.EVP_aes_128_ecb(),
      "ecb24": c.EVP_aes_192_ecb(),
      "ecb32": c.EVP_aes_256_ecb(),
      "wrap16": c.EVP_aes_128_wrap(),
      "wrap24": c.EVP_aes_192_wrap(),
      "wrap32": c.EVP_aes_256_wrap(),
    };
    this.#macs = macContexts(c);
  }

  /** How HMACs are computed: a kept EVP_MAC context per hash, or the one-shot HMAC(). */
  get hmacPath(): "EVP_MAC" | "HMAC" {
    return this.#macs ? "EVP_MAC" : "HMAC";
  }

  hash(alg: HashName, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.#mdLen[alg]);
    this.#ok(
      "EVP_Digest",
      this.#c.EVP_Digest(data, BigInt(data.length), out, null, this.#md[alg], null),
    );
    return out;
  }

  hmac(alg: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.#mdLen[alg]);
    // An empty buffer reaches C as NULL, which HMAC() takes as "no key given" and fails, and
    // EVP_MAC_init as "keep the previous key".
    const k = key.length === 0 ? NON_NULL_EMPTY : key;
    const mac = this.#macs?.[alg];
    if (mac) {
      const c = this.#c;
      const d = data.length === 0 ? NON_NULL_EMPTY : data;
      if (
        c.EVP_MAC_init!(mac, k, BigInt(key.length), null) !== 1 ||
        c.EVP_MAC_update!(mac, d, BigInt(data.length)) !== 1 ||
        c.EVP_MAC_final!(mac, out, this.#sizeBytes, BigInt(out.length)) !== 1
      ) {
        throw new Error("libcrypto: EVP_MAC failed");
      }
      return out;
    }
    const r = this.#c.HMAC(
      this.#md[alg],
      k,
      key.length,
      data,
      BigInt(data.length),
      out,
      this.#lenBytes,
    );
    if (r === null) throw new Error("libcrypto: HMAC failed");
    return out;
  }

  aesCbc(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
    if (iv.length !== 16) throw new RangeError(`Cannot use AES-CBC IV: length ${iv.length}`);
    if (data.length % 16 !== 0) throw new RangeError(`Cannot run AES-CBC: length ${data.length}`);
    return this.#run("cbc", encrypt, key, iv, data, data.length) ?? this.#fail("AES-CBC");
  }

  aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
    if (data.length % 16 !== 0) throw new RangeError(`Cannot run AES-ECB: length ${data.length}`);
    return this.#run("ecb", true, key, null, data, data.length) ?? this.#fail("AES-ECB");
  }

  aesKeyWrap(kek: Uint8Array, plain: Uint8Array): Uint8Array {
    if (plain.length < 16 || plain.length % 8 !== 0) {
      throw new RangeError(`Cannot wrap key data: length ${plain.length}`);
    }
    return this.#run("wrap", true, kek, null, plain, plain.length + 8) ?? this.#fail("key wrap");
  }

  aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | null {
    if (wrapped.length < 24 || wrapped.length % 8 !== 0) return null;
    return this.#run("wrap", false, kek, null, wrapped, wrapped.length - 8);
  }

  modExp(base: Uint8Array, exponent: Uint8Array, modulus: Uint8Array): Uint8Array {
    const c = this.#c;
    const a = c.BN_bin2bn(base, base.length, null);
    const e = c.BN_bin2bn(exponent, exponent.length, null);
    const m = c.BN_bin2bn(modulus, modulus.length, null);
    const r = c.BN_new();
    try {
      if (a === null || e === null || m === null || r === null) {
        throw new Error("libcrypto: out of memory");
      }
      this.#ok(
        "BN_mod_exp_mont_consttime",
        c.BN_mod_exp_mont_consttime(r, a, e, m, this.#bn, null),
      );
      const out = new Uint8Array(modulus.length);
      if (c.BN_bn2binpad(r, out, out.length) !== out.length) {
        throw new Error("libcrypto: BN_bn2binpad failed");
      }
      return out;
    } finally {
      // BN_clear_free wipes the value first: the exponent and the result are secrets.
      for (const bn of [a, e, m, r]) if (bn !== null) c.BN_clear_free(bn);
    }
  }

  jacobi(a: Uint8Array, n: Uint8Array): number {
    const c = this.#c;
    const x = c.BN_bin2bn(a, a.length, null);
    const y = c.BN_bin2bn(n, n.length, null);
    try {
      if (x === null || y === null) throw new Error("libcrypto: out of memory");
      const r = c.BN_kronecker(x, y, this.#bn);
      if (r < -1 || r > 1) throw new Error("libcrypto: BN_kronecker failed");
      return r;
    } finally {
      for (const bn of [x, y]) if (bn !== null) c.BN_clear_free(bn);
    }
  }

  pbkdf2Sha1(
    password: Uint8Array,
    salt: Uint8Array,
    iterations: number,
    length: number,
  ): Uint8Array {
    const out = new Uint8Array(length);
    this.#ok(
      "PKCS5_PBKDF2_HMAC_SHA1",
      this.#c.PKCS5_PBKDF2_HMAC_SHA1(
        password,
        password.length,
        salt,
        salt.length,
        iterations,
        length,
        out,
      ),
    );
    return out;
  }

  /** One whole cipher operation on the shared context; null when OpenSSL refuses it. */
  #run(
    mode: "cbc" | "ecb" | "wrap",
    encrypt: boolean,
    key: Uint8Array,
    iv: Uint8Array | null,
    data: Uint8Array,
    outLen: number,
  ): Uint8Array | null {
    const cipher = this.#ciphers[`${mode}${key.length}`];
    if (cipher === undefined) throw new RangeError(`Cannot use AES key: length ${key.length}`);
    const c = this.#c, ctx = this.#cipher;
    // Room for one more block, as EVP_CipherUpdate may write it before Final checks it.
    const out = new Uint8Array(outLen + 16);
    try {
      c.EVP_CIPHER_CTX_reset(ctx);
      if (mode === "wrap") c.EVP_CIPHER_CTX_set_flags(ctx, FLAG_WRAP_ALLOW);
      if (c.EVP_CipherInit_ex(ctx, cipher, null, key, iv, encrypt ? 1 : 0) !== 1) return null;
      if (mode !== "wrap") c.EVP_CIPHER_CTX_set_padding(ctx, 0);
      if (c.EVP_CipherUpdate(ctx, out, this.#lenBytes, data, data.length) !== 1) return null;
      let n = this.#len[0]!;
      if (c.EVP_CipherFinal_ex(ctx, out.subarray(n), this.#lenBytes) !== 1) return null;
      n += this.#len[0]!;
      if (n !== outLen) return null;
      return out.slice(0, n);
    } finally {
      c.EVP_CIPHER_CTX_reset(ctx);
      out.fill(0);
    }
  }

  #ok(what: string, r: number): void {
    if (r !== 1) throw new Error(`libcrypto: ${what} failed`);
  }

  #fail(what: string): never {
    throw new Error(`libcrypto: ${what} failed`);
  }
}

/** HMAC-SHA-1 and HMAC-SHA-256 contexts, or undefined when the library lacks EVP_MAC. */
function macContexts(c: Lib): Record<HashName, Deno.PointerValue> | undefined {
  if (
    !c.EVP_MAC_fetch || !c.EVP_MAC_CTX_new || !c.EVP_MAC_CTX_set_params || !c.EVP_MAC_init ||
    !c.EVP_MAC_update || !c.EVP_MAC_final
  ) {
    return undefined;
  }
  const hmac = c.EVP_MAC_fetch(null, cStr("HMAC"), null);
  if (hmac === null) return undefined;
  const ctx = (digest: string) => {
    const m = c.EVP_MAC_CTX_new!(hmac);
    const p = utf8Param("digest", digest);
    const ok = m !== null && c.EVP_MAC_CTX_set_params!(m, p.params) === 1;
    p.keep.length = 0; // the strings stayed reachable through the call
    return ok ? m : null;
  };
  const sha1 = ctx("SHA1"), sha256 = ctx("SHA256");
  return sha1 && sha256 ? { sha1, sha256 } : undefined;
}

/** Known answers every primitive must reproduce before the backend is trusted. */
function passesKnownAnswers(b: CryptoBackend): boolean {
  const ascii = (s: string) => new TextEncoder().encode(s);
  const key16 = fromHex("000102030405060708090a0b0c0d0e0f");
  const checks: [Uint8Array | null, string][] = [
    // FIPS 180 "abc".
    [b.hash("sha1", ascii("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d"],
    [
      b.hash("sha256", ascii("abc")),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    ],
    // RFC 4231 test case 2, RFC 2202 test case 2.
    [
      b.hmac("sha256", ascii("Jefe"), ascii("what do ya want for nothing?")),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ],
    [
      b.hmac("sha1", ascii("Jefe"), ascii("what do ya want for nothing?")),
      "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
    ],
    // An empty key right after another key: a reused context must not keep the old one.
    [
      b.hmac("sha256", new Uint8Array(0), new Uint8Array(0)),
      "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad",
    ],
    [
      b.hmac("sha1", new Uint8Array(0), new Uint8Array(0)),
      "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d",
    ],
    // FIPS 197 C.1; its CBC form with a zero IV is the same single block.
    [
      b.aesEcbEncrypt(key16, fromHex("00112233445566778899aabbccddeeff")),
      "69c4e0d86a7b0430d8cdb78070b4c55a",
    ],
    [
      b.aesCbc(true, key16, new Uint8Array(16), fromHex("00112233445566778899aabbccddeeff")),
      "69c4e0d86a7b0430d8cdb78070b4c55a",
    ],
    [
      b.aesCbc(false, key16, new Uint8Array(16), fromHex("69c4e0d86a7b0430d8cdb78070b4c55a")),
      "00112233445566778899aabbccddeeff",
    ],
    // RFC 3394 4.1.
    [
      b.aesKeyWrap(key16, fromHex("00112233445566778899aabbccddeeff")),
      "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5",
    ],
    [
      b.aesKeyUnwrap(key16, fromHex("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5")),
      "00112233445566778899aabbccddeeff",
    ],
    [b.aesKeyUnwrap(key16, fromHex("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe4")), "null"],
    // 3^200 mod 1000003, computed independently.
    [b.modExp(Uint8Array.of(3), Uint8Array.of(200), fromHex("0f4243")), modExpAnswer()],
    // (2/7) = 1, (3/7) = -1, (14/7) = 0 (only for a backend that has the Jacobi symbol).
    [
      b.jacobi
        ? Uint8Array.of(...[2, 3, 14].map((a) => b.jacobi!(Uint8Array.of(a), Uint8Array.of(7))))
        : null,
      b.jacobi ? "01ff00" : "null",
    ],
    // IEEE 802.11-2020 J.4.2: passphrase "password", SSID "IEEE".
    [
      b.pbkdf2Sha1(ascii("password"), ascii("IEEE"), 4096, 32),
      "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e",
    ],
  ];
  return checks.every(([got, want]) => (got === null ? "null" : toHex(got)) === want);
}

/** 3^200 mod 1000003 as 3 big-endian bytes, by BigInt (independent of either backend). */
function modExpAnswer(): string {
  let r = 1n;
  for (let i = 0; i < 200; i++) r = (r * 3n) % 1000003n;
  return r.toString(16).padStart(6, "0");
}

/**
 * Opens libcrypto and checks it.
 *
 * @param names library names to try (default {@link LIBCRYPTO_NAMES})
 * @returns the backend, or null when no library loads or one fails its known answers
 */
export function loadLibcryptoBackend(
  names: readonly string[] = LIBCRYPTO_NAMES,
): CryptoBackend | null {
  return loadFirstPassing(
    names,
    symbols,
    (sym, name) => new LibcryptoBackend(name, sym),
    passesKnownAnswers,
  );
}

/** The known-answer check itself, for tests of either backend. */
export { passesKnownAnswers };
