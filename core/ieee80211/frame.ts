/**
 * IEEE 802.11 management frame header (IEEE 802.11-2020 §9.3.3.2): frame control, duration,
 * three addresses and sequence control, then the body. Pure codec, no I/O.
 *
 * @module
 */

/** Frame types, the Type field of Frame Control (IEEE 802.11-2020 Table 9-1). */
export const FrameType = { MGMT: 0, CTRL: 1, DATA: 2 } as const;

/** Management frame subtypes (IEEE 802.11-2020 Table 9-1). */
export const MgmtSubtype = {
  ASSOC_REQ: 0,
  ASSOC_RESP: 1,
  REASSOC_REQ: 2,
  REASSOC_RESP: 3,
  PROBE_REQ: 4,
  PROBE_RESP: 5,
  BEACON: 8,
  ATIM: 9,
  DISASSOC: 10,
  AUTH: 11,
  DEAUTH: 12,
  ACTION: 13,
} as const;

/** Length of the management header (FC, duration, A1-A3, sequence control). */
export const MGMT_HEADER_LEN = 24;

/**
 * The Frame Control value of a management frame of `subtype` (version 0, no flags); this is
 * also the u16 that NL80211_ATTR_FRAME_TYPE takes.
 */
export function mgmtFrameControl(subtype: number): number {
  return (FrameType.MGMT << 2) | (subtype << 4);
}

/** A decoded management frame. */
export interface MgmtFrame {
  /** The raw Frame Control field. */
  readonly frameControl: number;
  /** Frame type (Frame Control bits 2-3). */
  readonly type: number;
  /** Frame subtype (Frame Control bits 4-7). */
  readonly subtype: number;
  /** Duration/ID. */
  readonly duration: number;
  /** Address 1: receiver / destination. */
  readonly da: Uint8Array;
  /** Address 2: transmitter / source. */
  readonly sa: Uint8Array;
  /** Address 3: BSSID. */
  readonly bssid: Uint8Array;
  /** Sequence number (upper 12 bits of Sequence Control). */
  readonly seq: number;
  /** Everything after the 24-byte header. */
  readonly body: Uint8Array;
}

/**
 * Decodes a management frame header.
 *
 * @throws {RangeError} when the frame is shorter than the header or is not a management frame
 */
export function parseMgmtFrame(frame: Uint8Array): MgmtFrame {
  if (frame.length < MGMT_HEADER_LEN) {
    throw new RangeError(`Cannot parse a ${frame.length}-byte frame: header needs 24`);
  }
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const fc = v.getUint16(0, true);
  const type = (fc >> 2) & 3;
  if (type !== FrameType.MGMT) throw new RangeError(`Frame type ${type} is not management`);
  return {
    frameControl: fc,
    type,
    subtype: (fc >> 4) & 0xf,
    duration: v.getUint16(2, true),
    da: frame.slice(4, 10),
    sa: frame.slice(10, 16),
    bssid: frame.slice(16, 22),
    seq: v.getUint16(22, true) >> 4,
    body: frame.subarray(MGMT_HEADER_LEN),
  };
}

/** Fields of a management header to build. */
export interface MgmtHeaderFields {
  /** Management subtype. */
  readonly subtype: number;
  /** Destination (Address 1). */
  readonly da: Uint8Array;
  /** Source (Address 2). */
  readonly sa: Uint8Array;
  /** BSSID (Address 3). */
  readonly bssid: Uint8Array;
}

/**
 * Builds a management frame: header (duration and sequence 0; the driver fills them) + body.
 *
 * @throws {RangeError} when an address is not 6 bytes
 */
export function buildMgmtFrame(h: MgmtHeaderFields, body: Uint8Array): Uint8Array {
  for (const [name, a] of [["da", h.da], ["sa", h.sa], ["bssid", h.bssid]] as const) {
    if (a.length !== 6) throw new RangeError(`Address ${name} must be 6 bytes, got ${a.length}`);
  }
  const out = new Uint8Array(MGMT_HEADER_LEN + body.length);
  new DataView(out.buffer).setUint16(0, mgmtFrameControl(h.subtype), true);
  out.set(h.da, 4);
  out.set(h.sa, 10);
  out.set(h.bssid, 16);
  out.set(body, MGMT_HEADER_LEN);
  return out;
}
