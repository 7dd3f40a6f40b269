/**
 * EAPOL frames (IEEE 802.1X-2004, section 7.5): the 4-byte header (Protocol Version, Packet
 * Type, Packet Body Length) and the body. Ethernet padding after the body is tolerated; a body
 * shorter than its announced length is not.
 *
 * @module
 */

/** EAPOL Packet Types (IEEE 802.1X-2004, 7.5.4). */
export const EapolType = {
  EAP_PACKET: 0,
  START: 1,
  LOGOFF: 2,
  KEY: 3,
  ASF_ALERT: 4,
} as const;

/** The EAPOL header length. */
export const EAPOL_HEADER_LEN = 4;

/** The largest EAPOL body the 16-bit length field can announce. */
export const EAPOL_MAX_BODY = 0xffff;

/** One parsed EAPOL frame. */
export interface EapolFrame {
  /** Protocol Version (1 for 802.1X-2001, 2 for 2004, 3 for 2010). */
  version: number;
  /** Packet Type, see {@link EapolType}. */
  type: number;
  /** The body, exactly Packet Body Length bytes (a view into the input). */
  body: Uint8Array;
}

/** A frame that cannot be an EAPOL frame. */
export class EapolDecodeError extends SyntaxError {
  /** Creates the error with a sentence-case message. */
  constructor(message: string) {
    super(message);
    this.name = "EapolDecodeError";
  }
}

/**
 * Parses an EAPOL frame (the Ethernet payload after the 0x888e EtherType).
 *
 * @param bytes the frame; bytes after the announced body (Ethernet padding) are ignored
 * @returns version, type and the body view
 * @throws {EapolDecodeError} when the header is short, the version is 0, or the body is short
 */
export function parseEapol(bytes: Uint8Array): EapolFrame {
  if (bytes.length < EAPOL_HEADER_LEN) {
    throw new EapolDecodeError(`Cannot parse EAPOL frame: ${bytes.length} bytes, need 4`);
  }
  const version = bytes[0]!;
  if (version === 0) throw new EapolDecodeError("Cannot parse EAPOL frame: version 0");
  const length = (bytes[2]! << 8) | bytes[3]!;
  if (EAPOL_HEADER_LEN + length > bytes.length) {
    throw new EapolDecodeError(
      `Cannot parse EAPOL frame: body length ${length} exceeds ${bytes.length - 4} bytes`,
    );
  }
  return {
    version,
    type: bytes[1]!,
    body: bytes.subarray(EAPOL_HEADER_LEN, EAPOL_HEADER_LEN + length),
  };
}

/**
 * Builds an EAPOL frame.
 *
 * @param version Protocol Version (hostapd's `eapol_version`, 1..255)
 * @param type Packet Type
 * @param body the body (empty for Start and Logoff)
 * @returns header followed by the body
 * @throws {RangeError} when a field is out of range
 */
export function buildEapol(
  version: number,
  type: number,
  body: Uint8Array = new Uint8Array(0),
): Uint8Array {
  if (!Number.isInteger(version) || version < 1 || version > 255) {
    throw new RangeError(`Cannot build EAPOL frame: version ${version}`);
  }
  if (!Number.isInteger(type) || type < 0 || type > 255) {
    throw new RangeError(`Cannot build EAPOL frame: type ${type}`);
  }
  if (body.length > EAPOL_MAX_BODY) {
    throw new RangeError(`Cannot build EAPOL frame: body of ${body.length} bytes`);
  }
  const out = new Uint8Array(EAPOL_HEADER_LEN + body.length);
  out[0] = version;
  out[1] = type;
  out[2] = body.length >> 8;
  out[3] = body.length & 0xff;
  out.set(body, EAPOL_HEADER_LEN);
  return out;
}
