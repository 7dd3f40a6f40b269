/**
 * The EAP-WSC header inside an Expanded Type packet (WSC 2.0.5, 7.7.1; reference 6.1) and its
 * fragmentation (reference 6.3): Op-Code, Flags (MF, LF), the optional 2-byte Message Length,
 * then message bytes. {@link WscFragmenter} cuts an outgoing message into frames of at most
 * `fragment_size` bytes; {@link WscReassembler} rebuilds an incoming one with hostapd's bounds
 * (the CVE-2012-4445 lesson: never trust a Message Length smaller than what arrived).
 *
 * @module
 */

import { concat } from "../bytes.ts";

/** EAP-WSC Flags. */
export const WscFlag = {
  /** More Fragments. */
  MF: 0x01,
  /** Length Field present. */
  LF: 0x02,
} as const;

/** hostapd's default `fragment_size` for EAP-WSC (reference 5.1). */
export const WSC_DEFAULT_FRAGMENT_SIZE = 1400;
/** The largest reassembled message accepted (reference 5.1). */
export const WSC_MAX_MESSAGE = 50000;
/** Smallest fragment size that still moves data in a first fragment (2 + 2 + 1). */
export const WSC_MIN_FRAGMENT_SIZE = 5;

/** One parsed EAP-WSC frame (the Type-Data of the Expanded packet). */
export interface WscFrame {
  /** Op-Code (see WscOpCode in wsc_role.ts). */
  opCode: number;
  /** Flags byte as received. */
  flags: number;
  /** Message Length when LF is set. */
  messageLength?: number;
  /** The fragment's message bytes (a view into the input). */
  data: Uint8Array;
}

/** An EAP-WSC frame too short for its header. */
export class WscFrameError extends SyntaxError {
  /** Creates the error with a sentence-case message. */
  constructor(message: string) {
    super(message);
    this.name = "WscFrameError";
  }
}

/**
 * Parses the EAP-WSC header.
 *
 * @param bytes the Expanded Type data
 * @returns the frame; `data` is a view into `bytes`
 * @throws {WscFrameError} when Op-Code/Flags or an announced Length field are missing
 */
export function parseWscFrame(bytes: Uint8Array): WscFrame {
  if (bytes.length < 2) throw new WscFrameError("Cannot parse EAP-WSC frame: no Op-Code/Flags");
  const opCode = bytes[0]!;
  const flags = bytes[1]!;
  if (flags & WscFlag.LF) {
    if (bytes.length < 4) throw new WscFrameError("Cannot parse EAP-WSC frame: no Message Length");
    return { opCode, flags, messageLength: (bytes[2]! << 8) | bytes[3]!, data: bytes.subarray(4) };
  }
  return { opCode, flags, data: bytes.subarray(2) };
}

/**
 * Builds an EAP-WSC frame.
 *
 * @param opCode Op-Code
 * @param flags MF/LF bits; LF requires `messageLength`
 * @param data message bytes of this fragment
 * @param messageLength total length, written when LF is set
 * @throws {RangeError} when LF is set without a valid length, or a field is out of range
 */
export function buildWscFrame(
  opCode: number,
  flags: number,
  data: Uint8Array,
  messageLength?: number,
): Uint8Array {
  if (!Number.isInteger(opCode) || opCode < 0 || opCode > 255) {
    throw new RangeError(`Cannot build EAP-WSC frame: Op-Code ${opCode}`);
  }
  if (flags & WscFlag.LF) {
    if (
      messageLength === undefined || !Number.isInteger(messageLength) || messageLength < 0 ||
      messageLength > 0xffff
    ) {
      throw new RangeError(`Cannot build EAP-WSC frame: Message Length ${messageLength}`);
    }
    return concat(Uint8Array.of(opCode, flags, messageLength >> 8, messageLength & 0xff), data);
  }
  return concat(Uint8Array.of(opCode, flags & 0xff), data);
}

/**
 * Cuts one outgoing message into EAP-WSC frames: each at most `fragmentSize` bytes (Op-Code
 * and Flags included); MF on all but the last; LF and the total length on the first of several.
 */
export class WscFragmenter {
  readonly #opCode: number;
  readonly #payload: Uint8Array;
  readonly #fragmentSize: number;
  #used = 0;
  #sentAny = false;

  /**
   * Prepares the fragments of one message.
   *
   * @param opCode Op-Code of every fragment
   * @param payload the whole message
   * @param fragmentSize hostapd's `fragment_size`
   * @throws {RangeError} when the size is below {@link WSC_MIN_FRAGMENT_SIZE} or the message
   *   does not fit the 16-bit Message Length
   */
  constructor(opCode: number, payload: Uint8Array, fragmentSize = WSC_DEFAULT_FRAGMENT_SIZE) {
    if (!Number.isInteger(fragmentSize) || fragmentSize < WSC_MIN_FRAGMENT_SIZE) {
      throw new RangeError(`Cannot fragment EAP-WSC message: fragment size ${fragmentSize}`);
    }
    if (payload.length > 0xffff) {
      throw new RangeError(`Cannot fragment EAP-WSC message: ${payload.length} bytes`);
    }
    this.#opCode = opCode;
    this.#payload = payload;
    this.#fragmentSize = fragmentSize;
  }

  /** True once the last fragment was produced. */
  get done(): boolean {
    return this.#sentAny && this.#used >= this.#payload.length;
  }

  /**
   * The next frame.
   *
   * @throws {RangeError} when called after the last fragment
   */
  next(): Uint8Array {
    if (this.done) throw new RangeError("Cannot fragment EAP-WSC message: no data left");
    const first = this.#used === 0;
    let len = this.#payload.length - this.#used;
    let flags = 0;
    if (2 + len > this.#fragmentSize) {
      len = this.#fragmentSize - 2;
      flags |= WscFlag.MF;
      if (first) {
        flags |= WscFlag.LF;
        len -= 2;
      }
    }
    const data = this.#payload.subarray(this.#used, this.#used + len);
    this.#used += len;
    this.#sentAny = true;
    return flags & WscFlag.LF
      ? buildWscFrame(this.#opCode, flags, data, this.#payload.length)
      : buildWscFrame(this.#opCode, flags, data);
  }
}

/** What {@link WscReassembler.push} concluded from one frame. */
export type WscReassembly =
  /** A whole message arrived. */
  | { kind: "message"; opCode: number; payload: Uint8Array }
  /** A non-final fragment was stored: answer with WSC_FRAG_ACK. */
  | { kind: "more" }
  /** The conversation must fail. */
  | { kind: "fail"; reason: string };

/** Rebuilds incoming fragmented messages (reference 6.3). */
export class WscReassembler {
  readonly #max: number;
  #buf: Uint8Array | null = null;
  #filled = 0;
  #opCode = 0;

  /**
   * Creates an empty reassembly buffer.
   *
   * @param maxMessage the largest Message Length accepted
   */
  constructor(maxMessage = WSC_MAX_MESSAGE) {
    this.#max = maxMessage;
  }

  /** True while a fragmented message is partly received. */
  get active(): boolean {
    return this.#buf !== null;
  }

  /** Forgets a partial message. */
  reset(): void {
    this.#buf = null;
    this.#filled = 0;
  }

  /** Takes one frame; never throws. */
  push(frame: WscFrame): WscReassembly {
    const mf = (frame.flags & WscFlag.MF) !== 0;
    if (frame.messageLength !== undefined) {
      // hostapd's EAP-WSC fails the method on this, though one might expect a drop.
      if (frame.messageLength < frame.data.length || frame.messageLength > this.#max) {
        return { kind: "fail", reason: `invalid Message Length ${frame.messageLength}` };
      }
    }
    if (this.#buf === null) {
      if (!mf) return { kind: "message", opCode: frame.opCode, payload: frame.data.slice() };
      if (frame.messageLength === undefined) {
        return { kind: "fail", reason: "first fragment without Message Length" };
      }
      this.#buf = new Uint8Array(frame.messageLength);
      this.#buf.set(frame.data);
      this.#filled = frame.data.length;
      this.#opCode = frame.opCode;
      return { kind: "more" };
    }
    if (frame.opCode !== this.#opCode) {
      this.reset();
      return { kind: "fail", reason: `Op-Code ${frame.opCode} changed within a message` };
    }
    if (frame.data.length > this.#buf.length - this.#filled) {
      this.reset();
      return { kind: "fail", reason: "fragment overflows the Message Length" };
    }
    this.#buf.set(frame.data, this.#filled);
    this.#filled += frame.data.length;
    if (mf) return { kind: "more" };
    const buf = this.#buf;
    const filled = this.#filled;
    this.reset();
    if (filled !== buf.length) {
      return { kind: "fail", reason: `message ended at ${filled} of ${buf.length} bytes` };
    }
    return { kind: "message", opCode: this.#opCode, payload: buf };
  }
}
