/**
 * The Key Data field of EAPOL-Key frames (IEEE 802.11-2020 12.7.2): elements and KDEs
 * (12.7.2 Table 12-9; the GTK KDE of Figure 12-35), the 0xdd padding and the AES key wrap of
 * the whole field under the KEK.
 *
 * @module
 */

import { assertBytes, concat, readU16Le } from "../bytes.ts";
import { aesKeyUnwrap, aesKeyWrap } from "./key_wrap.ts";
import { RSN_ELEMENT_ID } from "./rsn_ie.ts";

/** Element ID used by KDEs (vendor specific). */
const KDE_TYPE = 0xdd;
/** KDE data type of the GTK KDE, OUI 00-0F-AC. */
export const KDE_GTK = 1;
/** KDE data type of the IGTK KDE, OUI 00-0F-AC. */
export const KDE_IGTK = 9;

/** A GTK carried in a GTK KDE. */
export interface GtkKde {
  /** Key ID 1..3 (0 is not used for a GTK by hostapd). */
  keyIndex: number;
  /** The Tx bit: the supplicant may transmit with this key. */
  tx: boolean;
  /** The GTK. */
  key: Uint8Array;
}

/** An IGTK carried in an IGTK KDE (IEEE 802.11-2020 Figure 12-42). */
export interface IgtkKde {
  /** Key ID 4 or 5. */
  keyIndex: number;
  /** The IGTK's packet number, 6 octets, least significant first. */
  ipn: Uint8Array;
  /** The IGTK (16 or 32 octets). */
  key: Uint8Array;
}

/** What {@link parseKeyData} found in plaintext Key Data. */
export interface KeyDataContents {
  /** The whole RSN element, when present. */
  rsnElement?: Uint8Array;
  /** The GTK KDE, when present. */
  gtk?: GtkKde;
  /** The IGTK KDE, when present. */
  igtk?: IgtkKde;
}

/** Raised for Key Data whose elements or KDEs overrun or are malformed. */
export class KeyDataDecodeError extends SyntaxError {
  /** @param message what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "KeyDataDecodeError";
  }
}

/** Encodes a GTK KDE (00-0F-AC:1): Key ID and Tx bits, a reserved octet, then the GTK. */
export function buildGtkKde(gtk: GtkKde): Uint8Array {
  if (!Number.isInteger(gtk.keyIndex) || gtk.keyIndex < 0 || gtk.keyIndex > 3) {
    throw new RangeError(`Cannot build GTK KDE: key index ${gtk.keyIndex}`);
  }
  assertBytes(gtk.key, undefined, "GTK");
  const body = 4 + 2 + gtk.key.length;
  return concat(
    Uint8Array.of(KDE_TYPE, body, 0x00, 0x0f, 0xac, KDE_GTK),
    Uint8Array.of(gtk.keyIndex | (gtk.tx ? 0x04 : 0), 0),
    gtk.key,
  );
}

/** Encodes an IGTK KDE (00-0F-AC:9): Key ID (2 octets, little-endian), IPN, then the IGTK. */
export function buildIgtkKde(igtk: IgtkKde): Uint8Array {
  if (igtk.keyIndex !== 4 && igtk.keyIndex !== 5) {
    throw new RangeError(`Cannot build IGTK KDE: key index ${igtk.keyIndex}`);
  }
  assertBytes(igtk.ipn, 6, "IPN");
  if (igtk.key.length !== 16 && igtk.key.length !== 32) {
    throw new RangeError(`Cannot build IGTK KDE: key length ${igtk.key.length}`);
  }
  const body = 4 + 2 + 6 + igtk.key.length;
  return concat(
    Uint8Array.of(KDE_TYPE, body, 0x00, 0x0f, 0xac, KDE_IGTK, igtk.keyIndex, 0),
    igtk.ipn,
    igtk.key,
  );
}

/**
 * Pads Key Data for the key wrap: when shorter than 16 octets or not a multiple of 8, 0xdd
 * then zeros up to the next multiple of 8 (at least 16).
 */
export function padKeyData(data: Uint8Array): Uint8Array {
  if (data.length >= 16 && data.length % 8 === 0) return data;
  const len = Math.max(16, Math.ceil((data.length + 1) / 8) * 8);
  const out = new Uint8Array(len);
  out.set(data);
  out[data.length] = KDE_TYPE;
  return out;
}

/** Pads and wraps plaintext Key Data under the KEK (the Encrypted Key Data bit's form). */
export function wrapKeyData(kek: Uint8Array, data: Uint8Array): Uint8Array {
  return aesKeyWrap(kek, padKeyData(data));
}

/**
 * Unwraps Key Data under the KEK; padding is left for {@link parseKeyData} to skip.
 *
 * @throws {import("./key_wrap.ts").KeyUnwrapError} when the integrity check fails
 */
export function unwrapKeyData(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  return aesKeyUnwrap(kek, wrapped);
}

/**
 * Walks plaintext Key Data and picks out the RSN element and the GTK and IGTK KDEs. Unknown
 * elements and KDEs are skipped; a 0xdd octet with a zero length or followed by zeros only ends
 * the walk as padding.
 *
 * @throws {KeyDataDecodeError} when an element overruns the field or a GTK or IGTK KDE is
 *   malformed
 */
export function parseKeyData(data: Uint8Array): KeyDataContents {
  const out: KeyDataContents = {};
  let off = 0;
  while (off < data.length) {
    const id = data[off]!;
    if (id === KDE_TYPE && isPadding(data, off)) break;
    if (off + 2 > data.length) throw new KeyDataDecodeError("Cannot parse key data: short element");
    const len = data[off + 1]!;
    if (off + 2 + len > data.length) {
      throw new KeyDataDecodeError(`Cannot parse key data: element ${id} overruns`);
    }
    const whole = data.subarray(off, off + 2 + len);
    if (id === RSN_ELEMENT_ID && out.rsnElement === undefined) out.rsnElement = whole.slice();
    if (
      id === KDE_TYPE && len >= 4 && whole[2] === 0x00 && whole[3] === 0x0f && whole[4] === 0xac
    ) {
      if (whole[5] === KDE_GTK) out.gtk = parseGtk(whole.subarray(6));
      if (whole[5] === KDE_IGTK) out.igtk = parseIgtk(whole.subarray(6));
    }
    off += 2 + len;
  }
  return out;
}

function isPadding(data: Uint8Array, off: number): boolean {
  if (off + 1 >= data.length) return true;
  for (let i = off + 1; i < data.length; i++) if (data[i] !== 0) return data[off + 1] === 0;
  return true;
}

function parseGtk(body: Uint8Array): GtkKde {
  // IEEE 802.11-2020 Figure 12-35: 2 octets of Key ID/Tx/reserved, then a 5..32 octet GTK.
  if (body.length < 2 + 5 || body.length > 2 + 32) {
    throw new KeyDataDecodeError(`Cannot parse GTK KDE: length ${body.length}`);
  }
  return { keyIndex: body[0]! & 0x03, tx: (body[0]! & 0x04) !== 0, key: body.slice(2) };
}

function parseIgtk(body: Uint8Array): IgtkKde {
  if (body.length !== 2 + 6 + 16 && body.length !== 2 + 6 + 32) {
    throw new KeyDataDecodeError(`Cannot parse IGTK KDE: length ${body.length}`);
  }
  const keyIndex = readU16Le(body, 0);
  if (keyIndex !== 4 && keyIndex !== 5) {
    throw new KeyDataDecodeError(`Cannot parse IGTK KDE: key index ${keyIndex}`);
  }
  return { keyIndex, ipn: body.slice(2, 8), key: body.slice(8) };
}
