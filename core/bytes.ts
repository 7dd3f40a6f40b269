/**
 * Byte helpers shared by every codec: hex text, concatenation, constant-time comparison,
 * boundary checks and wiping. No I/O.
 *
 * @module
 */

/** Lower-case hex text of `bytes`, no separators (hostapd's `wpa_snprintf_hex`). */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i]!];
  return out;
}

// Indexed loops and a table, not for-of and padStart: these run on every frame, mostly in
// unoptimized code, where each iterator step and temporary string is an allocation.
const HEX_PAIRS: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => i.toString(16).padStart(2, "0"),
);

/**
 * The little-endian u16 at `off` (the 802.11 fields' order): capability fields, MCS maps.
 *
 * @example
 * ```ts
 * readU16Le(Uint8Array.of(0x7e, 0x10), 0); // 0x107e
 * ```
 */
export function readU16Le(bytes: Uint8Array, off: number): number {
  return bytes[off]! | (bytes[off + 1]! << 8);
}

/**
 * Parses hex text into bytes.
 *
 * @throws {SyntaxError} when the text has odd length or a non-hex character
 */
export function fromHex(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new SyntaxError(`Cannot parse hex text "${text.slice(0, 40)}"`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Concatenates byte arrays into a new array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i]!.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (let i = 0; i < parts.length; i++) {
    out.set(parts[i]!, off);
    off += parts[i]!.length;
  }
  return out;
}

/**
 * Compares two byte arrays without an early exit on the first difference. JavaScript's JIT
 * gives no formal constant-time guarantee; this is algorithmically constant-time only.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Plain equality for non-secret data. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Checks that `value` is a Uint8Array, optionally of an exact length.
 *
 * @throws {TypeError} when it is not bytes
 * @throws {RangeError} when the length differs
 */
export function assertBytes(value: unknown, length: number | undefined, label: string): void {
  if (!(value instanceof Uint8Array)) throw new TypeError(`Cannot use ${label}: not bytes`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`Cannot use ${label}: length ${value.length}, expected ${length}`);
  }
}

/** Overwrites secrets with zeros (best effort: the GC may have kept copies). */
export function wipe(...arrays: (Uint8Array | undefined)[]): void {
  for (let i = 0; i < arrays.length; i++) arrays[i]?.fill(0);
}

/** Fresh bytes from the platform CSPRNG (`crypto.getRandomValues`). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  // getRandomValues caps one call at 65536 bytes.
  for (let off = 0; off < n; off += 65536) {
    crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
  }
  return out;
}

/** Parses `aa:bb:cc:dd:ee:ff` (hostapd's hwaddr_aton); returns undefined when malformed. */
export function parseMac(text: string): Uint8Array | undefined {
  const m =
    /^([0-9a-fA-F]{2}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})$/
      .exec(text);
  if (!m) return undefined;
  return Uint8Array.from(m.slice(1).map((h) => parseInt(h, 16)));
}

/** Formats a MAC address as lower-case colon-separated text. */
export function formatMac(mac: Uint8Array): string {
  // The key of every per-station map, so it runs several times per frame: the table, not
  // Array.from with padStart and join (an array and seven strings per call).
  let out = mac.length > 0 ? HEX_PAIRS[mac[0]!]! : "";
  for (let i = 1; i < mac.length; i++) out += ":" + HEX_PAIRS[mac[i]!];
  return out;
}

/** Encodes text as UTF-8. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Decodes bytes as UTF-8 (replacement characters for invalid sequences). */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
