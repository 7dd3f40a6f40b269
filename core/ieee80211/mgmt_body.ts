/**
 * Bodies of the management frames an AP exchanges (IEEE 802.11-2020 9.3.3): Beacon and Probe
 * Response (timestamp, interval, capability, elements), Probe Request, Authentication,
 * (Re)Association Request and Response, Deauthentication and Disassociation. The 24-octet
 * header is frame.ts's; these functions see only what follows it.
 *
 * @module
 */

import { type Element, FrameDecodeError, parseElements } from "./element_list.ts";

/** Capability Information bits (9.4.1.4). */
export const CapabilityBit = {
  ESS: 0x0001,
  IBSS: 0x0002,
  PRIVACY: 0x0010,
  SHORT_PREAMBLE: 0x0020,
  SPECTRUM_MGMT: 0x0100,
  QOS: 0x0200,
  SHORT_SLOT_TIME: 0x0400,
  RADIO_MEASUREMENT: 0x1000,
} as const;

/** Authentication Algorithm Numbers (9.4.1.1). */
export const AuthAlgorithm = { OPEN_SYSTEM: 0, SHARED_KEY: 1, FT: 2, SAE: 3 } as const;

/** The two high bits the AID carries in the Association Response (9.4.1.8). */
const AID_FLAG_BITS = 0xc000;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function need(body: Uint8Array, n: number, what: string): void {
  if (body.length < n) {
    throw new FrameDecodeError(`Cannot parse ${what}: ${body.length} octets, need ${n}`, 0);
  }
}

/** Beacon and Probe Response body (9.3.3.2, 9.3.3.10). */
export interface BeaconBody {
  /** TSF timestamp (the driver overwrites it). */
  timestamp: bigint;
  /** Beacon interval in TU. */
  beaconInterval: number;
  /** Capability Information. */
  capability: number;
  /** The elements. */
  elements: Element[];
}

/**
 * Decodes a Beacon or Probe Response body.
 *
 * @param body the octets after the header
 * @returns the fields
 * @throws {FrameDecodeError} when the body is short or an element overruns
 */
export function parseBeaconBody(body: Uint8Array): BeaconBody {
  need(body, 12, "beacon body");
  const v = view(body);
  return {
    timestamp: v.getBigUint64(0, true),
    beaconInterval: v.getUint16(8, true),
    capability: v.getUint16(10, true),
    elements: parseElements(body.subarray(12), 12),
  };
}

/**
 * Encodes the fixed fields of a Beacon or Probe Response and appends encoded elements.
 *
 * @param fixed timestamp, interval and capability
 * @param elements the encoded elements
 * @returns the body
 */
export function buildBeaconBody(
  fixed: Omit<BeaconBody, "elements">,
  elements: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(12 + elements.length);
  const v = view(out);
  v.setBigUint64(0, fixed.timestamp, true);
  v.setUint16(8, fixed.beaconInterval, true);
  v.setUint16(10, fixed.capability, true);
  out.set(elements, 12);
  return out;
}

/** Authentication body (9.3.3.12). */
export interface AuthBody {
  /** Authentication Algorithm Number. */
  algorithm: number;
  /** Authentication Transaction Sequence Number. */
  transaction: number;
  /** Status Code. */
  status: number;
  /** Elements (challenge text, ...). */
  elements: Element[];
}

/**
 * Decodes an Authentication body. SAE bodies carry non-element fields after the status, so
 * their tail is returned as one raw pseudo-element with ID -1 instead of being split.
 *
 * @param body the octets after the header
 * @returns the fields
 * @throws {FrameDecodeError} when the body is short or an element overruns
 */
export function parseAuth(body: Uint8Array): AuthBody {
  need(body, 6, "Authentication");
  const v = view(body);
  const algorithm = v.getUint16(0, true);
  const rest = body.subarray(6);
  return {
    algorithm,
    transaction: v.getUint16(2, true),
    status: v.getUint16(4, true),
    elements: algorithm === AuthAlgorithm.SAE ? [{ id: -1, body: rest }] : parseElements(rest, 6),
  };
}

/**
 * Encodes an Authentication body.
 *
 * @param algorithm algorithm number
 * @param transaction sequence number
 * @param status status code
 * @param elements encoded elements to append
 * @returns the body
 */
export function buildAuth(
  algorithm: number,
  transaction: number,
  status: number,
  elements: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const out = new Uint8Array(6 + elements.length);
  const v = view(out);
  v.setUint16(0, algorithm, true);
  v.setUint16(2, transaction, true);
  v.setUint16(4, status, true);
  out.set(elements, 6);
  return out;
}

/** (Re)Association Request body (9.3.3.5, 9.3.3.7). */
export interface AssocRequest {
  /** Capability Information. */
  capability: number;
  /** Listen Interval in beacon intervals. */
  listenInterval: number;
  /** Current AP address: present only in a Reassociation Request. */
  currentAp?: Uint8Array;
  /** The elements. */
  elements: Element[];
  /** The encoded elements as received (hostapd keeps them for the driver and the 4-way). */
  rawElements: Uint8Array;
}

/**
 * Decodes a (Re)Association Request body.
 *
 * @param body the octets after the header
 * @param reassoc true for a Reassociation Request (Current AP field present)
 * @returns the fields
 * @throws {FrameDecodeError} when the body is short or an element overruns
 */
export function parseAssocRequest(body: Uint8Array, reassoc: boolean): AssocRequest {
  const fixed = reassoc ? 10 : 4;
  need(body, fixed, reassoc ? "Reassociation Request" : "Association Request");
  const v = view(body);
  const raw = body.subarray(fixed);
  const out: AssocRequest = {
    capability: v.getUint16(0, true),
    listenInterval: v.getUint16(2, true),
    elements: parseElements(raw, fixed),
    rawElements: raw,
  };
  if (reassoc) out.currentAp = body.slice(4, 10);
  return out;
}

/**
 * Encodes a (Re)Association Request body (a station's; used by tests and tools).
 *
 * @param req capability, listen interval, optional Current AP
 * @param elements encoded elements
 * @returns the body
 * @throws {RangeError} when the Current AP is not 6 octets
 */
export function buildAssocRequest(
  req: { capability: number; listenInterval: number; currentAp?: Uint8Array },
  elements: Uint8Array,
): Uint8Array {
  const fixed = req.currentAp ? 10 : 4;
  if (req.currentAp && req.currentAp.length !== 6) {
    throw new RangeError(
      `Cannot build Reassociation Request: Current AP of ${req.currentAp.length}`,
    );
  }
  const out = new Uint8Array(fixed + elements.length);
  const v = view(out);
  v.setUint16(0, req.capability, true);
  v.setUint16(2, req.listenInterval, true);
  if (req.currentAp) out.set(req.currentAp, 4);
  out.set(elements, fixed);
  return out;
}

/** (Re)Association Response body (9.3.3.6, 9.3.3.8). */
export interface AssocResponse {
  /** Capability Information. */
  capability: number;
  /** Status Code. */
  status: number;
  /** Association ID without the two high bits (0 on failure). */
  aid: number;
  /** The elements. */
  elements: Element[];
}

/**
 * Encodes a (Re)Association Response body. The AID field carries the two high bits set, as
 * 9.4.1.8 asks, whenever the AID is non-zero.
 *
 * @param resp capability, status and AID
 * @param elements encoded elements
 * @returns the body
 * @throws {RangeError} when the AID is outside 0..2007
 */
export function buildAssocResponse(
  resp: Omit<AssocResponse, "elements">,
  elements: Uint8Array,
): Uint8Array {
  if (resp.aid < 0 || resp.aid > 2007) throw new RangeError(`Cannot build AID ${resp.aid}`);
  const out = new Uint8Array(6 + elements.length);
  const v = view(out);
  v.setUint16(0, resp.capability, true);
  v.setUint16(2, resp.status, true);
  v.setUint16(4, resp.aid === 0 ? 0 : resp.aid | AID_FLAG_BITS, true);
  out.set(elements, 6);
  return out;
}

/**
 * Decodes a (Re)Association Response body.
 *
 * @param body the octets after the header
 * @returns the fields, AID without its two high bits
 * @throws {FrameDecodeError} when the body is short or an element overruns
 */
export function parseAssocResponse(body: Uint8Array): AssocResponse {
  need(body, 6, "Association Response");
  const v = view(body);
  return {
    capability: v.getUint16(0, true),
    status: v.getUint16(2, true),
    aid: v.getUint16(4, true) & ~AID_FLAG_BITS,
    elements: parseElements(body.subarray(6), 6),
  };
}

/**
 * Decodes the Reason Code of a Deauthentication or Disassociation body (9.3.3.4, 9.3.3.13);
 * trailing vendor elements and MME are ignored.
 *
 * @param body the octets after the header
 * @returns the reason code
 * @throws {FrameDecodeError} when the body is shorter than 2 octets
 */
export function parseReason(body: Uint8Array): number {
  need(body, 2, "reason code");
  return view(body).getUint16(0, true);
}

/**
 * Encodes a Deauthentication or Disassociation body.
 *
 * @param reason the reason code
 * @returns the 2-octet body
 */
export function buildReason(reason: number): Uint8Array {
  return Uint8Array.of(reason & 0xff, reason >> 8 & 0xff);
}
