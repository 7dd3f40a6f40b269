/**
 * The cryptographic primitives the protocol core is built on, behind one small interface so
 * that the daemon can choose the native library that does them fastest. Two implementations
 * exist: {@link nodeCryptoBackend} (Deno's `node:crypto`, always available, loaded on first
 * use) and, in `ffi/libcrypto.ts`, the system's OpenSSL `libcrypto` (the library hostapd itself
 * links against) reached through FFI. Both are native code; nothing here is hand-rolled
 * cryptography.
 *
 * The core calls {@link cryptoBackend} at the moment of use, so a backend installed at start-up
 * with {@link installCryptoBackend} serves every later run.
 *
 * @module
 */

/** Hash functions the protocols use. */
export type HashName = "sha1" | "sha256";

/** The primitives; every method is synchronous and returns fresh bytes. */
export interface CryptoBackend {
  /** Short name for logs ("node:crypto", "libcrypto.so.3"). */
  readonly name: string;
  /** The digest of `data`. */
  hash(alg: HashName, data: Uint8Array): Uint8Array;
  /** HMAC of `data` under `key`. */
  hmac(alg: HashName, key: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * AES-CBC without padding.
   *
   * @param key 16, 24 or 32 bytes
   * @param iv 16 bytes
   * @param data a multiple of 16 bytes
   */
  aesCbc(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-ECB encryption without padding (`data` a multiple of 16 bytes). */
  aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** RFC 3394 AES key wrap with the default IV (`plain` a multiple of 8 bytes, at least 16). */
  aesKeyWrap(kek: Uint8Array, plain: Uint8Array): Uint8Array;
  /** RFC 3394 unwrap; null when the integrity check fails. */
  aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | null;
  /**
   * `base` ^ `exponent` mod `modulus` for big-endian numbers, zero-padded to the modulus length.
   * The exponent is a secret: backends use constant-time exponentiation where they have it.
   */
  modExp(base: Uint8Array, exponent: Uint8Array, modulus: Uint8Array): Uint8Array;
  /**
   * The Jacobi symbol (a/n) for odd n > 0 (-1, 0 or 1), when the backend has a native one;
   * callers fall back to their own when absent.
   */
  jacobi?(a: Uint8Array, n: Uint8Array): number;
  /** PBKDF2-HMAC-SHA1. */
  pbkdf2Sha1(
    password: Uint8Array,
    salt: Uint8Array,
    iterations: number,
    length: number,
  ): Uint8Array;
}

type NodeCrypto = typeof import("node:crypto");

let nodeModule: NodeCrypto | undefined;

/** `node:crypto`, loaded on first use (loading it costs start-up time and memory). */
function nodeCrypto(): NodeCrypto {
  nodeModule ??= (globalThis as unknown as {
    process: { getBuiltinModule(id: string): unknown };
  }).process.getBuiltinModule("node:crypto") as NodeCrypto;
  return nodeModule;
}

function bytes(b: ArrayBufferView): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
}

function cipherRun(
  c: { update(d: Uint8Array): ArrayBufferView; final(): ArrayBufferView },
  data: Uint8Array,
): Uint8Array {
  const a = c.update(data), b = c.final();
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), a.byteLength);
  return out;
}

function aesName(key: Uint8Array, mode: string): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new RangeError(`Cannot use AES key: length ${key.length}`);
  }
  return mode === "wrap" ? `aes${key.length * 8}-wrap` : `aes-${key.length * 8}-${mode}`;
}

/** RFC 3394's default initial value. */
const WRAP_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);

/** The primitives through Deno's `node:crypto`. */
export const nodeCryptoBackend: CryptoBackend = {
  name: "node:crypto",
  hash: (alg, data) => bytes(nodeCrypto().createHash(alg).update(data).digest()),
  hmac: (alg, key, data) => bytes(nodeCrypto().createHmac(alg, key).update(data).digest()),
  aesCbc(encrypt, key, iv, data) {
    const c = encrypt
      ? nodeCrypto().createCipheriv(aesName(key, "cbc"), key, iv)
      : nodeCrypto().createDecipheriv(aesName(key, "cbc"), key, iv);
    c.setAutoPadding(false);
    return cipherRun(c, data);
  },
  aesEcbEncrypt(key, data) {
    const c = nodeCrypto().createCipheriv(aesName(key, "ecb"), key, null);
    c.setAutoPadding(false);
    return cipherRun(c, data);
  },
  aesKeyWrap: (kek, plain) =>
    cipherRun(nodeCrypto().createCipheriv(aesName(kek, "wrap"), kek, WRAP_IV), plain),
  aesKeyUnwrap(kek, wrapped) {
    const name = aesName(kek, "wrap");
    try {
      return cipherRun(nodeCrypto().createDecipheriv(name, kek, WRAP_IV), wrapped);
    } catch {
      return null;
    }
  },
  modExp(base, exponent, modulus) {
    // A DH object computes secret = peer ^ private mod prime, i.e. base ^ exponent mod modulus.
    const dh = nodeCrypto().createDiffieHellman(modulus, Uint8Array.of(2));
    dh.setPrivateKey(exponent);
    const raw = bytes(dh.computeSecret(base));
    const out = new Uint8Array(modulus.length);
    out.set(
      raw.subarray(Math.max(0, raw.length - out.length)),
      Math.max(0, out.length - raw.length),
    );
    raw.fill(0);
    return out;
  },
  pbkdf2Sha1: (password, salt, iterations, length) =>
    bytes(nodeCrypto().pbkdf2Sync(password, salt, iterations, length, "sha1")),
};

let current: CryptoBackend = nodeCryptoBackend;

/** The backend in use (node:crypto until the daemon installs another). */
export function cryptoBackend(): CryptoBackend {
  return current;
}

/** Makes `backend` serve every later call; returns the one it replaced. */
export function installCryptoBackend(backend: CryptoBackend): CryptoBackend {
  const old = current;
  current = backend;
  return old;
}

/** The Jacobi symbol (a/n) of big-endian numbers, n odd and positive: -1, 0 or 1. */
export type JacobiFn = (a: Uint8Array, n: Uint8Array) => number;

/**
 * `base` with `jacobi` in place of its own (every other primitive is base's own, bound to it):
 * the daemon takes libgmp's where it loads (ffi/libgmp.ts).
 *
 * @param base the backend to extend
 * @param jacobi the Jacobi symbol to use
 * @param source names the provider in the backend's name
 */
export function withJacobi(base: CryptoBackend, jacobi: JacobiFn, source: string): CryptoBackend {
  return {
    name: `${base.name} + ${source} (Jacobi)`,
    hash: base.hash.bind(base),
    hmac: base.hmac.bind(base),
    aesCbc: base.aesCbc.bind(base),
    aesEcbEncrypt: base.aesEcbEncrypt.bind(base),
    aesKeyWrap: base.aesKeyWrap.bind(base),
    aesKeyUnwrap: base.aesKeyUnwrap.bind(base),
    modExp: base.modExp.bind(base),
    jacobi,
    pbkdf2Sha1: base.pbkdf2Sha1.bind(base),
  };
}
