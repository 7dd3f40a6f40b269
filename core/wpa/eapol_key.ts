/**
 * EAPOL-Key frames (IEEE 802.1X-2020 11.3 header, IEEE 802.11-2020 12.7.2 key descriptor):
 * parse and build of the RSN descriptor, the Key Information bits, and the Key MIC of
 * descriptor versions 2 (HMAC-SHA1-128) and 3 (AES-128-CMAC).
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { assertBytes, timingSafeEqual } from "../bytes.ts";
import { aesCmac } from "./cmac.ts";

/** EAPOL packet type of EAPOL-Key (IEEE 802.1X-2020 Table 11-3). */
export const EAPOL_TYPE_KEY = 3;
/** Descriptor Type of the IEEE 802.11 (RSN) key descriptor. */
export const DESCRIPTOR_RSN = 2;
/** Descriptor Type of the pre-RSN WPA EAPOL-Key frame. */
export const DESCRIPTOR_WPA = 254;

/** Options of {@link parseEapolKey}. */
export interface ParseEapolKeyOptions {
  /**
   * Accept the WPA descriptor type in place of the RSN one. Some deployed stations send msg 4/4
   * with it on a WPA2 network; hostapd's authenticator lets it pass, and so does ours.
   */
  allowWpaDescriptor?: boolean;
}

/** Key Information bits (IEEE 802.11-2020 Figure 12-33). */
export const KeyInfo = {
  /** Key Descriptor Version, bits 0-2. */
  VERSION_MASK: 0x0007,
  /** Key Type: 1 = pairwise, 0 = group. */
  PAIRWISE: 0x0008,
  INSTALL: 0x0040,
  ACK: 0x0080,
  MIC: 0x0100,
  SECURE: 0x0200,
  ERROR: 0x0400,
  REQUEST: 0x0800,
  ENCRYPTED_KEY_DATA: 0x1000,
} as const;

/** Key Descriptor Version 2: HMAC-SHA1-128 MIC, AES key wrap (AKM 00-0F-AC:2). */
export const KEY_VERSION_HMAC_SHA1 = 2;
/** Key Descriptor Version 3: AES-128-CMAC MIC, AES key wrap (AKM 00-0F-AC:6). */
export const KEY_VERSION_AES_CMAC = 3;

/** Offsets inside the whole EAPOL frame. */
const HEADER_LEN = 4;
const MIC_OFFSET = 81;
const MIC_LEN = 16;
/** Octets from the EAPOL header to the start of Key Data. */
export const EAPOL_KEY_FIXED_LEN = 99;

/** A decoded EAPOL-Key frame with the RSN key descriptor. */
export interface EapolKeyFrame {
  /** EAPOL protocol version (1 for 802.1X-2001, 2 for 802.1X-2004). */
  protocolVersion: number;
  /** Key Information field. */
  keyInfo: number;
  /** Key Length: the pairwise cipher's key length in msg 1/4 and 3/4, else 0. */
  keyLength: number;
  /** Key Replay Counter (64 bits). */
  replayCounter: bigint;
  /** Key Nonce, 32 octets. */
  nonce: Uint8Array;
  /** EAPOL-Key IV, 16 octets (zero in RSN). */
  iv: Uint8Array;
  /** Key RSC, 8 octets. */
  rsc: Uint8Array;
  /** Reserved (formerly Key ID), 8 octets. */
  reserved: Uint8Array;
  /** Key MIC, 16 octets. */
  mic: Uint8Array;
  /** Key Data (still wrapped when ENCRYPTED_KEY_DATA is set). */
  keyData: Uint8Array;
}

/** Raised for a frame that is not a well-formed EAPOL-Key frame. */
export class EapolKeyDecodeError extends SyntaxError {
  /** @param message what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "EapolKeyDecodeError";
  }
}

/**
 * Decodes an EAPOL frame carrying an RSN EAPOL-Key descriptor. Octets after the EAPOL body
 * (Ethernet padding) are ignored, as IEEE 802.1X-2020 11.3 requires.
 *
 * @throws {EapolKeyDecodeError} when the frame is short, not EAPOL-Key, not the RSN
 *   descriptor, or its Key Data Length overruns the body
 */
export function parseEapolKey(
  frame: Uint8Array,
  options: ParseEapolKeyOptions = {},
): EapolKeyFrame {
  assertBytes(frame, undefined, "EAPOL frame");
  if (frame.length < HEADER_LEN) throw new EapolKeyDecodeError("Cannot parse EAPOL: short header");
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame[1] !== EAPOL_TYPE_KEY) {
    throw new EapolKeyDecodeError(`Cannot parse EAPOL-Key: packet type ${frame[1]}`);
  }
  const bodyLen = dv.getUint16(2);
  if (HEADER_LEN + bodyLen > frame.length) {
    throw new EapolKeyDecodeError(`Cannot parse EAPOL-Key: body length ${bodyLen} overruns`);
  }
  if (bodyLen < EAPOL_KEY_FIXED_LEN - HEADER_LEN) {
    throw new EapolKeyDecodeError(`Cannot parse EAPOL-Key: body length ${bodyLen} too short`);
  }
  if (
    frame[4] !== DESCRIPTOR_RSN && !(options.allowWpaDescriptor && frame[4] === DESCRIPTOR_WPA)
  ) {
    throw new EapolKeyDecodeError(`Cannot parse EAPOL-Key: descriptor type ${frame[4]}`);
  }
  const dataLen = dv.getUint16(97);
  if (EAPOL_KEY_FIXED_LEN + dataLen > HEADER_LEN + bodyLen) {
    throw new EapolKeyDecodeError(`Cannot parse EAPOL-Key: key data length ${dataLen} overruns`);
  }
  return {
    protocolVersion: frame[0]!,
    keyInfo: dv.getUint16(5),
    keyLength: dv.getUint16(7),
    replayCounter: dv.getBigUint64(9),
    nonce: frame.slice(17, 49),
    iv: frame.slice(49, 65),
    rsc: frame.slice(65, 73),
    reserved: frame.slice(73, 81),
    mic: frame.slice(MIC_OFFSET, MIC_OFFSET + MIC_LEN),
    keyData: frame.slice(EAPOL_KEY_FIXED_LEN, EAPOL_KEY_FIXED_LEN + dataLen),
  };
}

/** Fields of {@link buildEapolKey}; omitted byte fields are zero. */
export interface EapolKeyFields {
  protocolVersion?: number;
  keyInfo: number;
  keyLength?: number;
  replayCounter: bigint;
  nonce?: Uint8Array;
  iv?: Uint8Array;
  rsc?: Uint8Array;
  reserved?: Uint8Array;
  mic?: Uint8Array;
  keyData?: Uint8Array;
}

/**
 * Encodes an EAPOL-Key frame (EAPOL header included). The MIC is copied as given; use
 * {@link signEapolKey} to fill it in.
 *
 * @throws {RangeError} when a fixed-size field has the wrong length
 */
export function buildEapolKey(f: EapolKeyFields): Uint8Array {
  const keyData = f.keyData ?? new Uint8Array(0);
  if (keyData.length > 0xffff - EAPOL_KEY_FIXED_LEN) {
    throw new RangeError(`Cannot build EAPOL-Key: key data length ${keyData.length}`);
  }
  const out = new Uint8Array(EAPOL_KEY_FIXED_LEN + keyData.length);
  const dv = new DataView(out.buffer);
  out[0] = f.protocolVersion ?? 2;
  out[1] = EAPOL_TYPE_KEY;
  dv.setUint16(2, out.length - HEADER_LEN);
  out[4] = DESCRIPTOR_RSN;
  dv.setUint16(5, f.keyInfo);
  dv.setUint16(7, f.keyLength ?? 0);
  dv.setBigUint64(9, f.replayCounter);
  put(f.nonce, 17, 32, "Key Nonce");
  put(f.iv, 49, 16, "EAPOL-Key IV");
  put(f.rsc, 65, 8, "Key RSC");
  put(f.reserved, 73, 8, "reserved field");
  put(f.mic, MIC_OFFSET, MIC_LEN, "Key MIC");
  dv.setUint16(97, keyData.length);
  out.set(keyData, EAPOL_KEY_FIXED_LEN);
  return out;

  function put(v: Uint8Array | undefined, at: number, len: number, label: string) {
    if (v === undefined) return;
    assertBytes(v, len, label);
    out.set(v, at);
  }
}

/**
 * Computes the Key MIC over the EAPOL frame (header through Key Data, Key MIC taken as zero)
 * for descriptor version 2 or 3.
 *
 * @throws {RangeError} for another descriptor version
 */
export function computeEapolMic(kck: Uint8Array, frame: Uint8Array): Uint8Array {
  const copy = eapolBody(frame).slice();
  copy.fill(0, MIC_OFFSET, MIC_OFFSET + MIC_LEN);
  const version = ((copy[5]! << 8) | copy[6]!) & KeyInfo.VERSION_MASK;
  switch (version) {
    case KEY_VERSION_HMAC_SHA1:
      return cryptoBackend().hmac("sha1", kck, copy).slice(0, MIC_LEN);
    case KEY_VERSION_AES_CMAC:
      return aesCmac(kck, copy);
  }
  throw new RangeError(`Cannot compute Key MIC: descriptor version ${version}`);
}

/** Fills in the Key MIC of a built frame, in place, and returns it. */
export function signEapolKey(kck: Uint8Array, frame: Uint8Array): Uint8Array {
  frame.set(computeEapolMic(kck, frame), MIC_OFFSET);
  return frame;
}

/** Checks a frame's Key MIC in constant time; false for unsupported descriptor versions. */
export function verifyEapolMic(kck: Uint8Array, frame: Uint8Array): boolean {
  let expected: Uint8Array;
  try {
    expected = computeEapolMic(kck, frame);
  } catch {
    return false;
  }
  return timingSafeEqual(expected, frame.subarray(MIC_OFFSET, MIC_OFFSET + MIC_LEN));
}

/** The EAPOL frame without trailing padding, as the MIC covers it. */
function eapolBody(frame: Uint8Array): Uint8Array {
  if (frame.length < EAPOL_KEY_FIXED_LEN) {
    throw new EapolKeyDecodeError("Cannot compute Key MIC: short frame");
  }
  const bodyLen = (frame[2]! << 8) | frame[3]!;
  return frame.subarray(0, Math.min(frame.length, HEADER_LEN + bodyLen));
}
