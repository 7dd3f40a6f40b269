/**
 * EAP packets (RFC 3748, section 4): Request/Response/Success/Failure with identifier and
 * length; the Identity and Nak types; the Expanded Type (254, RFC 3748 5.7) that carries
 * EAP-WSC under vendor 0x00372A (WFA), vendor type 1.
 *
 * @module
 */

/** EAP Codes (RFC 3748, 4). */
export const EapCode = {
  REQUEST: 1,
  RESPONSE: 2,
  SUCCESS: 3,
  FAILURE: 4,
} as const;

/** EAP Types this server uses (RFC 3748, 5). */
export const EapType = {
  IDENTITY: 1,
  NOTIFICATION: 2,
  NAK: 3,
  EXPANDED: 254,
} as const;

/** The WFA SMI vendor ID of EAP-WSC (14122). */
export const WSC_VENDOR_ID = 0x00372a;
/** The EAP-WSC vendor type (SimpleConfig). */
export const WSC_VENDOR_TYPE = 1;

/** Header bytes before the Type field. */
export const EAP_HEADER_LEN = 4;
/** Header bytes of an Expanded Type packet before its data (4 + 1 + 3 + 4). */
export const EAP_EXPANDED_HEADER_LEN = 12;

/** One parsed EAP packet. */
export interface EapPacket {
  /** Code, see {@link EapCode}. */
  code: number;
  /** Identifier. */
  identifier: number;
  /** Type (Request/Response only). */
  type?: number;
  /** Vendor-Id (Expanded Type only). */
  vendorId?: number;
  /** Vendor-Type (Expanded Type only). */
  vendorType?: number;
  /** Type-Data: after Type, or after the expanded header; empty for Success/Failure. */
  data: Uint8Array;
}

/** Bytes that cannot be an EAP packet. */
export class EapDecodeError extends SyntaxError {
  /** Creates the error with a sentence-case message. */
  constructor(message: string) {
    super(message);
    this.name = "EapDecodeError";
  }
}

/**
 * Parses an EAP packet. Bytes after the Length field's end are ignored, as in hostapd, since
 * the EAPOL body may be longer than the EAP packet.
 *
 * @param bytes an EAPOL EAP-Packet body
 * @returns the fields; `data` is a view into `bytes`
 * @throws {EapDecodeError} when the header or an announced field is cut short, the Length is
 *   below its minimum, or the Code is unknown
 */
export function parseEap(bytes: Uint8Array): EapPacket {
  if (bytes.length < EAP_HEADER_LEN) {
    throw new EapDecodeError(`Cannot parse EAP packet: ${bytes.length} bytes, need 4`);
  }
  const code = bytes[0]!;
  const identifier = bytes[1]!;
  const length = (bytes[2]! << 8) | bytes[3]!;
  if (length > bytes.length) {
    throw new EapDecodeError(`Cannot parse EAP packet: length ${length} exceeds ${bytes.length}`);
  }
  if (length < EAP_HEADER_LEN) {
    throw new EapDecodeError(`Cannot parse EAP packet: length ${length} below 4`);
  }
  const pkt = bytes.subarray(0, length);
  if (code === EapCode.SUCCESS || code === EapCode.FAILURE) {
    // RFC 3748 4.2: Success and Failure have no data; extra octets are ignored.
    return { code, identifier, data: new Uint8Array(0) };
  }
  if (code !== EapCode.REQUEST && code !== EapCode.RESPONSE) {
    throw new EapDecodeError(`Cannot parse EAP packet: unknown code ${code}`);
  }
  if (length < 5) throw new EapDecodeError("Cannot parse EAP packet: no Type field");
  const type = pkt[4]!;
  if (type !== EapType.EXPANDED) return { code, identifier, type, data: pkt.subarray(5) };
  if (length < EAP_EXPANDED_HEADER_LEN) {
    throw new EapDecodeError(`Cannot parse EAP packet: expanded header cut at ${length}`);
  }
  const vendorId = (pkt[5]! << 16) | (pkt[6]! << 8) | pkt[7]!;
  const vendorType = ((pkt[8]! << 24) | (pkt[9]! << 16) | (pkt[10]! << 8) | pkt[11]!) >>> 0;
  return {
    code,
    identifier,
    type,
    vendorId,
    vendorType,
    data: pkt.subarray(EAP_EXPANDED_HEADER_LEN),
  };
}

function checkId(identifier: number): void {
  if (!Number.isInteger(identifier) || identifier < 0 || identifier > 255) {
    throw new RangeError(`Cannot build EAP packet: identifier ${identifier}`);
  }
}

function header(code: number, identifier: number, length: number): Uint8Array {
  checkId(identifier);
  if (length > 0xffff) throw new RangeError(`Cannot build EAP packet: length ${length}`);
  const out = new Uint8Array(length);
  out[0] = code;
  out[1] = identifier;
  out[2] = length >> 8;
  out[3] = length & 0xff;
  return out;
}

/**
 * Builds a Request or Response with a legacy (one-byte) Type.
 *
 * @throws {RangeError} when the identifier, type or length is out of range
 */
export function buildEap(
  code: typeof EapCode.REQUEST | typeof EapCode.RESPONSE,
  identifier: number,
  type: number,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  if (!Number.isInteger(type) || type < 1 || type > 255) {
    throw new RangeError(`Cannot build EAP packet: type ${type}`);
  }
  const out = header(code, identifier, 5 + data.length);
  out[4] = type;
  out.set(data, 5);
  return out;
}

/**
 * Builds a Request or Response of the Expanded Type (RFC 3748, 5.7).
 *
 * @throws {RangeError} when the identifier, vendor fields or length are out of range
 */
export function buildEapExpanded(
  code: typeof EapCode.REQUEST | typeof EapCode.RESPONSE,
  identifier: number,
  vendorId: number,
  vendorType: number,
  data: Uint8Array,
): Uint8Array {
  if (!Number.isInteger(vendorId) || vendorId < 0 || vendorId > 0xffffff) {
    throw new RangeError(`Cannot build EAP packet: vendor ID ${vendorId}`);
  }
  if (!Number.isInteger(vendorType) || vendorType < 0 || vendorType > 0xffffffff) {
    throw new RangeError(`Cannot build EAP packet: vendor type ${vendorType}`);
  }
  const out = header(code, identifier, EAP_EXPANDED_HEADER_LEN + data.length);
  out[4] = EapType.EXPANDED;
  out[5] = vendorId >> 16;
  out[6] = (vendorId >> 8) & 0xff;
  out[7] = vendorId & 0xff;
  new DataView(out.buffer).setUint32(8, vendorType);
  out.set(data, EAP_EXPANDED_HEADER_LEN);
  return out;
}

/**
 * Builds EAP-Success or EAP-Failure (4 bytes).
 *
 * @throws {RangeError} when the identifier is out of range
 */
export function buildEapResult(
  code: typeof EapCode.SUCCESS | typeof EapCode.FAILURE,
  identifier: number,
): Uint8Array {
  return header(code, identifier, EAP_HEADER_LEN);
}

/**
 * Builds a legacy Nak Response (RFC 3748, 5.3.1) listing the desired types.
 *
 * @throws {RangeError} when the identifier is out of range or the list is empty
 */
export function buildNak(identifier: number, desired: number[]): Uint8Array {
  if (desired.length === 0) throw new RangeError("Cannot build Nak: no desired type");
  return buildEap(EapCode.RESPONSE, identifier, EapType.NAK, Uint8Array.from(desired));
}

/** True for an Expanded Type packet of EAP-WSC (vendor 0x00372A, type 1). */
export function isWscPacket(p: EapPacket): boolean {
  return p.type === EapType.EXPANDED && p.vendorId === WSC_VENDOR_ID &&
    p.vendorType === WSC_VENDOR_TYPE;
}
