/**
 * The WSC TLV layer: Type (2, BE) ‖ Length (2, BE) ‖ Value (WSC 2.0.5, 12; reference 5.11.1).
 * `parseAttributes` applies hostapd's per-type size rules (reference 5.11.2) and its two
 * interoperability workarounds; `AttrWriter` builds TLV streams without hand-computed lengths.
 *
 * @module
 */

import { Attr, DevPasswordId } from "./constants.ts";
import { WscDecodeError } from "./errors.ts";
import { isWfaVendorExt, parseWfaExtension } from "./vendor_ext.ts";

/** One attribute as found in a message. */
export interface WscAttr {
  /** Attribute type. */
  type: number;
  /** Value (a view into the parsed buffer; possibly truncated per hostapd's rules). */
  value: Uint8Array;
  /** Offset of the TLV header in the parsed buffer. */
  offset: number;
}

/** A parsed TLV stream: every kept attribute in order, and the same grouped by type. */
export interface WscAttrs {
  /** Attributes in wire order. */
  list: WscAttr[];
  /** Attributes by type, each in wire order. */
  map: Map<number, WscAttr[]>;
}

/**
 * The attribute of `type` that counts: the last one, as hostapd's parser keeps overwriting its
 * pointer (a message with a repeated attribute is not refused).
 */
export function lastAttr(attrs: WscAttrs, type: number): WscAttr | undefined {
  return attrs.map.get(type)?.at(-1);
}

/** Options of {@link parseAttributes}. */
export interface ParseAttributesOptions {
  /**
   * hostapd's WPS_WORKAROUNDS (default on): skip trailing all-zero padding, and skip one stray
   * octet after a Network Key when the next TLV would otherwise overflow.
   */
  workarounds?: boolean;
}

/** Size rule of one attribute type (reference 5.11.2). */
type SizeRule =
  | { fixed: number }
  /** Longer values are cut to `max` (hostapd keeps a prefix). */
  | { truncate: number }
  /** Longer values are dropped as if absent. */
  | { ignoreAbove: number }
  | { range: [number, number]; ignore: boolean };

const FIXED: Array<[number, number]> = [
  [Attr.AP_CHANNEL, 2],
  [Attr.ASSOC_STATE, 2],
  [Attr.AUTH_TYPE, 2],
  [Attr.AUTH_TYPE_FLAGS, 2],
  [Attr.AUTHENTICATOR, 8],
  [Attr.CONFIG_METHODS, 2],
  [Attr.CONFIG_ERROR, 2],
  [Attr.CONN_TYPE_FLAGS, 1],
  [Attr.ENCR_TYPE, 2],
  [Attr.ENCR_TYPE_FLAGS, 2],
  [Attr.DEV_PASSWORD_ID, 2],
  [Attr.E_HASH1, 32],
  [Attr.E_HASH2, 32],
  [Attr.E_SNONCE1, 16],
  [Attr.E_SNONCE2, 16],
  [Attr.ENROLLEE_NONCE, 16],
  [Attr.KEY_WRAP_AUTH, 8],
  [Attr.MAC_ADDR, 6],
  [Attr.MSG_TYPE, 1],
  [Attr.NETWORK_INDEX, 1],
  [Attr.NETWORK_KEY_INDEX, 1],
  [Attr.OS_VERSION, 4],
  [Attr.REGISTRAR_NONCE, 16],
  [Attr.REQUEST_TYPE, 1],
  [Attr.RESPONSE_TYPE, 1],
  [Attr.RF_BANDS, 1],
  [Attr.R_HASH1, 32],
  [Attr.R_HASH2, 32],
  [Attr.R_SNONCE1, 16],
  [Attr.R_SNONCE2, 16],
  [Attr.SELECTED_REGISTRAR, 1],
  [Attr.WPS_STATE, 1],
  [Attr.UUID_E, 16],
  [Attr.UUID_R, 16],
  [Attr.VERSION, 1],
  [Attr.SELECTED_REGISTRAR_CONFIG_METHODS, 2],
  [Attr.PRIMARY_DEV_TYPE, 8],
  [Attr.AP_SETUP_LOCKED, 1],
  [Attr.REQUESTED_DEV_TYPE, 8],
];

const RULES = new Map<number, SizeRule>([
  ...FIXED.map(([t, n]): [number, SizeRule] => [t, { fixed: n }]),
  [Attr.MANUFACTURER, { truncate: 64 }],
  [Attr.MODEL_NAME, { truncate: 32 }],
  [Attr.MODEL_NUMBER, { truncate: 32 }],
  [Attr.SERIAL_NUMBER, { truncate: 32 }],
  [Attr.DEV_NAME, { ignoreAbove: 32 }],
  [Attr.SSID, { ignoreAbove: 32 }],
  [Attr.PUBLIC_KEY, { range: [190, 192], ignore: true }],
  [Attr.OOB_DEVICE_PASSWORD, { range: [22, 54], ignore: false }],
]);

/** hostapd keeps at most ten Credentials, Vendor Extensions and Requested Device Types. */
const MAX_KEPT = 10;
const CAPPED = new Set<number>([Attr.CRED, Attr.REQUESTED_DEV_TYPE]);
/** Non-WFA Vendor Extensions longer than this are skipped (hostapd WPS_MAX_VENDOR_EXT_LEN). */
const MAX_VENDOR_EXT_LEN = 1024;

/**
 * Applies hostapd's size rule for one attribute: returns the value to keep, undefined to drop
 * it, or throws for a length that fails the whole message.
 */
/** The error of a size rule broken by attribute `type` at `offset`. */
function badSize(what: string, type: number, offset: number): WscDecodeError {
  return new WscDecodeError("malformed", `Cannot parse attribute: ${what}`, type, offset);
}

function checkSize(type: number, value: Uint8Array, offset: number): Uint8Array | undefined {
  const rule = RULES.get(type);
  if (rule) {
    if ("fixed" in rule) {
      if (value.length !== rule.fixed) {
        throw badSize(`length ${value.length}, expected ${rule.fixed}`, type, offset);
      }
      return value;
    }
    if ("truncate" in rule) return value.subarray(0, Math.min(value.length, rule.truncate));
    if ("ignoreAbove" in rule) return value.length > rule.ignoreAbove ? undefined : value;
    const [lo, hi] = rule.range;
    if (value.length >= lo && value.length <= hi) {
      if (type === Attr.OOB_DEVICE_PASSWORD) checkOobPassword(value, offset);
      return value;
    }
    if (rule.ignore) return undefined;
    throw badSize(`length ${value.length} outside ${lo}..${hi}`, type, offset);
  }
  if (type === Attr.SECONDARY_DEV_TYPE_LIST) {
    if (value.length > 128 || value.length % 8 !== 0) {
      throw badSize(`length ${value.length}`, type, offset);
    }
    return value;
  }
  if (type === Attr.VENDOR_EXT) {
    // Shorter than a vendor ID: hostapd skips it.
    if (value.length < 3) return undefined;
    if (isWfaVendorExt(value)) {
      parseWfaExtension(value, offset);
      return value;
    }
    return value.length > MAX_VENDOR_EXT_LEN ? undefined : value;
  }
  return value;
}

/** OOB Device Password: 20-byte key hash, 2-byte ID, password; <16 bytes only with ID 7. */
function checkOobPassword(value: Uint8Array, offset: number): void {
  const id = (value[20]! << 8) | value[21]!;
  if (value.length - 22 < 16 && id !== DevPasswordId.NFC_CONNECTION_HANDOVER) {
    throw new WscDecodeError(
      "malformed",
      `Cannot parse OOB Device Password: password length ${value.length - 22}`,
      Attr.OOB_DEVICE_PASSWORD,
      offset,
    );
  }
}

/**
 * Parses a flat WSC TLV stream. Unknown types are kept in the list; fixed-size attributes with
 * the wrong length, truncated TLVs and malformed WFA extensions throw.
 *
 * @param bytes the TLV stream (a whole message or a decrypted Encrypted Settings value)
 * @param options workaround switches
 * @returns the attributes in order and grouped by type
 * @throws {WscDecodeError} `malformed` for a truncated header or value or a bad fixed length
 * @example
 * ```ts
 * import { parseAttributes } from "./attributes.ts";
 * const attrs = parseAttributes(Uint8Array.of(0x10, 0x4a, 0x00, 0x01, 0x10));
 * attrs.list[0]!.type; // 0x104a
 * ```
 */
export function parseAttributes(bytes: Uint8Array, options: ParseAttributesOptions = {}): WscAttrs {
  const workarounds = options.workarounds ?? true;
  const list: WscAttr[] = [];
  const map = new Map<number, WscAttr[]>();
  let pos = 0;
  let prevType = -1;
  let vendorExts = 0;
  while (pos < bytes.length) {
    if (bytes.length - pos < 4) {
      throw new WscDecodeError(
        "malformed",
        `Cannot parse attribute header: ${bytes.length - pos} bytes left`,
        undefined,
        pos,
      );
    }
    const type = (bytes[pos]! << 8) | bytes[pos + 1]!;
    const len = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    if (len > bytes.length - pos - 4) {
      // Some APs add one octet after the Network Key inside a Credential (hostapd workaround).
      if (workarounds && prevType === Attr.NETWORK_KEY && (type & 0xff00) !== 0x1000) {
        pos += 1;
        prevType = -1;
        continue;
      }
      throw new WscDecodeError(
        "malformed",
        `Cannot parse attribute: length ${len} overflows the message`,
        type,
        pos,
      );
    }
    // Mac OS X 10.6 pads M1 with zeros (hostapd workaround): stop at all-zero trailing bytes.
    if (workarounds && type === 0 && len === 0 && bytes.subarray(pos).every((b) => b === 0)) break;
    const raw = bytes.subarray(pos + 4, pos + 4 + len);
    const value = checkSize(type, raw, pos);
    const same = map.get(type);
    const capped = (CAPPED.has(type) && (same?.length ?? 0) >= MAX_KEPT) ||
      (type === Attr.VENDOR_EXT && value !== undefined && !isWfaVendorExt(value) &&
        vendorExts >= MAX_KEPT);
    if (value !== undefined && !capped) {
      if (type === Attr.VENDOR_EXT && !isWfaVendorExt(value)) vendorExts++;
      const attr = { type, value, offset: pos };
      list.push(attr);
      if (same) same.push(attr);
      else map.set(type, [attr]);
    }
    prevType = type;
    pos += 4 + len;
  }
  return { list, map };
}

/**
 * Appends TLVs to a growing buffer; every length is written by the writer itself.
 *
 * @example
 * ```ts
 * import { AttrWriter } from "./attributes.ts";
 * const w = new AttrWriter();
 * w.putU8(0x104a, 0x10).putU8(0x1022, 0x04);
 * w.finish(); // 10 4a 00 01 10 10 22 00 01 04
 * ```
 */
export class AttrWriter {
  // One growing buffer: a message is built from 20-30 small attributes, and an allocation per
  // header and value showed up as a tenth of the Registrar's time.
  #buf = new Uint8Array(512);
  #length = 0;

  /** Appends an attribute with a one-byte value. */
  putU8(type: number, value: number): this {
    this.#head(type, 1);
    this.#buf[this.#length++] = value & 0xff;
    return this;
  }

  /** Appends an attribute with a two-byte big-endian value. */
  putU16(type: number, value: number): this {
    this.#head(type, 2);
    this.#buf[this.#length++] = (value >> 8) & 0xff;
    this.#buf[this.#length++] = value & 0xff;
    return this;
  }

  /** Appends an attribute with a four-byte big-endian value. */
  putU32(type: number, value: number): this {
    this.#head(type, 4);
    const v = value >>> 0;
    this.#buf[this.#length++] = v >>> 24;
    this.#buf[this.#length++] = (v >>> 16) & 0xff;
    this.#buf[this.#length++] = (v >>> 8) & 0xff;
    this.#buf[this.#length++] = v & 0xff;
    return this;
  }

  /**
   * Appends an attribute with an arbitrary value.
   *
   * @throws {RangeError} when the value does not fit a 16-bit length
   */
  putBytes(type: number, value: Uint8Array): this {
    if (value.length > 0xffff) {
      throw new RangeError(
        `Cannot encode attribute 0x${type.toString(16)}: length ${value.length}`,
      );
    }
    this.#head(type, value.length);
    this.#buf.set(value, this.#length);
    this.#length += value.length;
    return this;
  }

  /** Appends an attribute holding the UTF-8 encoding of `text`. */
  putString(type: number, text: string): this {
    return this.putBytes(type, new TextEncoder().encode(text));
  }

  /** Appends bytes that are already TLV-encoded (e.g. hostapd's `extra_cred`). */
  putRaw(bytes: Uint8Array): this {
    this.#reserve(bytes.length);
    this.#buf.set(bytes, this.#length);
    this.#length += bytes.length;
    return this;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** Returns the concatenated TLV stream. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#length);
  }

  /** Writes a TLV header for a value of `len` bytes and makes room for the value. */
  #head(type: number, len: number): void {
    this.#reserve(4 + len);
    const b = this.#buf;
    let o = this.#length;
    b[o++] = (type >> 8) & 0xff;
    b[o++] = type & 0xff;
    b[o++] = len >> 8;
    b[o++] = len & 0xff;
    this.#length = o;
  }

  #reserve(n: number): void {
    const need = this.#length + n;
    if (need <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(need, this.#buf.length * 2));
    next.set(this.#buf.subarray(0, this.#length));
    // Settings TLVs hold keys: do not leave a copy behind in the dropped buffer.
    this.#buf.fill(0);
    this.#buf = next;
  }
}

/** Reads a big-endian unsigned integer value of 1, 2 or 4 bytes. */
export function readUint(value: Uint8Array): number {
  let n = 0;
  for (const b of value) n = n * 256 + b;
  return n;
}
