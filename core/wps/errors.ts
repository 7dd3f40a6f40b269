/**
 * The error type of the WSC codecs.
 *
 * @module
 */

import { attrName } from "./constants.ts";

/** Why a WSC message could not be decoded. */
export type WscDecodeErrorKind = "missing" | "malformed";

/**
 * A WSC message or attribute that cannot be decoded: either a required attribute is `missing`
 * or the bytes are `malformed` (truncated TLV, wrong fixed length, bad order, bad value).
 */
export class WscDecodeError extends SyntaxError {
  /** Whether a required attribute was absent or the encoding was wrong. */
  readonly kind: WscDecodeErrorKind;
  /** The attribute type concerned, when there is one. */
  readonly attrType: number | undefined;
  /** Byte offset of the offending TLV header in the parsed buffer, when known. */
  readonly offset: number | undefined;

  /**
   * @param kind `missing` or `malformed`
   * @param message sentence-case description without trailing period
   * @param attrType the attribute type concerned
   * @param offset byte offset in the parsed buffer
   */
  constructor(kind: WscDecodeErrorKind, message: string, attrType?: number, offset?: number) {
    const where = [
      attrType === undefined ? "" : `attribute ${attrName(attrType)}`,
      offset === undefined ? "" : `offset ${offset}`,
    ].filter((s) => s).join(", ");
    super(where ? `${message} (${where})` : message);
    this.name = "WscDecodeError";
    this.kind = kind;
    this.attrType = attrType;
    this.offset = offset;
  }
}
