/**
 * Netlink message framing (linux/netlink.h `struct nlmsghdr`, `struct nlmsgerr`) and the generic
 * netlink header (linux/genetlink.h `struct genlmsghdr`). Pure: parses bytes that the FFI layer
 * copied out of libnl.
 *
 * @module
 */

import { NetlinkDecodeError, NlAttrs, NlAttrWriter } from "./attributes.ts";

/** Size of `struct nlmsghdr`. */
export const NLMSG_HDRLEN = 16;
/** Size of `struct genlmsghdr`. */
export const GENL_HDRLEN = 4;

/** Message types that every netlink family shares (linux/netlink.h). */
export const NlMsgType = {
  NOOP: 1,
  ERROR: 2,
  DONE: 3,
  OVERRUN: 4,
} as const;

/** nlmsghdr flags (linux/netlink.h). */
export const NlMsgFlag = {
  REQUEST: 0x1,
  MULTI: 0x2,
  ACK: 0x4,
  ECHO: 0x8,
  DUMP_INTR: 0x10,
  /** GET request: return all entries (ROOT | MATCH). */
  DUMP: 0x300,
  /** ACK: the original request's payload was left out of the error message. */
  CAPPED: 0x100,
  /** ACK: extended-ACK attributes follow. */
  ACK_TLVS: 0x200,
} as const;

/** Extended ACK attribute types (linux/netlink.h `enum nlmsgerr_attrs`). */
export const NlMsgErrAttr = {
  MSG: 1,
  OFFS: 2,
  COOKIE: 3,
} as const;

/** One decoded `struct nlmsghdr` and its payload. */
export interface NlMessage {
  /** nlmsg_type: a family id, or one of {@link NlMsgType}. */
  readonly type: number;
  /** nlmsg_flags. */
  readonly flags: number;
  /** nlmsg_seq: the request's sequence number, 0 for multicast events. */
  readonly seq: number;
  /** nlmsg_pid: the sender's port (0 for the kernel). */
  readonly portId: number;
  /** The bytes after the 16-byte header, up to nlmsg_len. */
  readonly payload: Uint8Array;
}

/**
 * Reads the netlink message at the start of `bytes`.
 *
 * @throws {NetlinkDecodeError} when the header is short or nlmsg_len does not fit the input
 */
export function parseNlMessage(bytes: Uint8Array): NlMessage {
  if (bytes.length < NLMSG_HDRLEN) throw new NetlinkDecodeError("Truncated nlmsghdr", 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(0, true);
  if (len < NLMSG_HDRLEN || len > bytes.length) {
    throw new NetlinkDecodeError(`nlmsg_len ${len} does not fit ${bytes.length} bytes`, 0);
  }
  return {
    type: view.getUint16(4, true),
    flags: view.getUint16(6, true),
    seq: view.getUint32(8, true),
    portId: view.getUint32(12, true),
    payload: bytes.subarray(NLMSG_HDRLEN, len),
  };
}

/**
 * The netlink messages of one datagram, in order, each a view of `datagram` (nlmsg_len bytes;
 * the next one starts at the 4-byte aligned offset after it), as the kernel batches them: a
 * dump's replies, or a reply and its ACK.
 *
 * @throws {NetlinkDecodeError} when a header is short or its nlmsg_len does not fit (the
 *   messages before it are lost with it; the kernel never sends such a datagram)
 * @example
 * ```ts
 * import { buildNlMessage, splitNlMessages } from "./message.ts";
 * const a = buildNlMessage({ type: 0x10, flags: 2, seq: 1, portId: 0 }, Uint8Array.of(1, 2, 3));
 * const b = buildNlMessage({ type: 3, flags: 2, seq: 1, portId: 0 }, Uint8Array.of(0, 0, 0, 0));
 * const both = new Uint8Array([...a, ...b]);
 * if (splitNlMessages(both).map((m) => m.length).join() !== "19,20") throw new Error("split");
 * ```
 */
export function splitNlMessages(datagram: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  let off = 0;
  while (off < datagram.length) {
    if (datagram.length - off < NLMSG_HDRLEN) {
      throw new NetlinkDecodeError("Truncated nlmsghdr", off);
    }
    const len = view.getUint32(off, true);
    if (len < NLMSG_HDRLEN || len > datagram.length - off) {
      throw new NetlinkDecodeError(
        `nlmsg_len ${len} does not fit ${datagram.length - off} bytes`,
        off,
      );
    }
    out.push(datagram.subarray(off, off + len));
    off += (len + 3) & ~3;
  }
  return out;
}

/** A generic netlink message: command, version and its top-level attributes. */
export interface GenlMessage {
  /** The netlink header fields. */
  readonly header: NlMessage;
  /** genlmsghdr.cmd. */
  readonly cmd: number;
  /** genlmsghdr.version. */
  readonly version: number;
  /** The attributes after the generic netlink header (and any family header). */
  readonly attrs: NlAttrs;
}

/**
 * Decodes a generic netlink message; `familyHeaderLen` skips a family-specific header (0 for
 * nl80211 and nlctrl).
 *
 * @throws {NetlinkDecodeError} on malformed framing or attributes
 */
export function parseGenlMessage(bytes: Uint8Array, familyHeaderLen = 0): GenlMessage {
  const header = parseNlMessage(bytes);
  const p = header.payload;
  if (p.length < GENL_HDRLEN + familyHeaderLen) {
    throw new NetlinkDecodeError("Truncated genlmsghdr", NLMSG_HDRLEN);
  }
  return {
    header,
    cmd: p[0]!,
    version: p[1]!,
    attrs: new NlAttrs(p.subarray(GENL_HDRLEN + familyHeaderLen)),
  };
}

/** A decoded NLMSG_ERROR: an ACK when `error` is 0, else the negative errno of a failure. */
export interface NlError {
  /** 0 for an ACK, otherwise a negative errno. */
  readonly error: number;
  /** The header of the request this answers. */
  readonly request: NlMessage;
  /** The kernel's extended-ACK text (NLMSGERR_ATTR_MSG), when it sent one. */
  readonly message: string | undefined;
}

/**
 * Decodes the payload of an NLMSG_ERROR message (`struct nlmsgerr` plus extended-ACK TLVs).
 *
 * @throws {NetlinkDecodeError} when the payload is shorter than `struct nlmsgerr`
 */
export function parseNlError(msg: NlMessage): NlError {
  const p = msg.payload;
  if (p.length < 4 + NLMSG_HDRLEN) throw new NetlinkDecodeError("Truncated nlmsgerr", 0);
  const error = new DataView(p.buffer, p.byteOffset, 4).getInt32(0, true);
  const orig = p.subarray(4);
  const v = new DataView(orig.buffer, orig.byteOffset, NLMSG_HDRLEN);
  const origLen = v.getUint32(0, true);
  const capped = (msg.flags & NlMsgFlag.CAPPED) !== 0;
  // A capped error carries only the request's header; nlmsg_len still counts its old payload.
  const request: NlMessage = {
    type: v.getUint16(4, true),
    flags: v.getUint16(6, true),
    seq: v.getUint32(8, true),
    portId: v.getUint32(12, true),
    payload: capped
      ? new Uint8Array(0)
      : orig.subarray(NLMSG_HDRLEN, Math.min(origLen, orig.length)),
  };
  let message: string | undefined;
  if (msg.flags & NlMsgFlag.ACK_TLVS) {
    const skip = capped ? NLMSG_HDRLEN : Math.max(NLMSG_HDRLEN, origLen);
    const tlvs = orig.subarray((skip + 3) & ~3);
    try {
      message = new NlAttrs(tlvs).string(NlMsgErrAttr.MSG);
    } catch {
      message = undefined; // The text is a courtesy; a malformed tail must not hide the errno.
    }
  }
  return { error, request, message };
}

/**
 * Builds a whole netlink message around a payload (used by tests and for raw sends).
 *
 * @example Frame a generic netlink request
 * ```ts
 * import { buildNlMessage } from "./message.ts";
 * const m = buildNlMessage({ type: 0x10, flags: 1, seq: 7, portId: 0 }, Uint8Array.of(3, 1, 0, 0));
 * if (m.length !== 20) throw new Error("unexpected length");
 * ```
 */
export function buildNlMessage(
  h: { type: number; flags: number; seq: number; portId: number },
  payload: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(NLMSG_HDRLEN + ((payload.length + 3) & ~3));
  const view = new DataView(out.buffer);
  view.setUint32(0, NLMSG_HDRLEN + payload.length, true);
  view.setUint16(4, h.type, true);
  view.setUint16(6, h.flags, true);
  view.setUint32(8, h.seq, true);
  view.setUint32(12, h.portId, true);
  out.set(payload, NLMSG_HDRLEN);
  return out;
}

/** Headroom of a {@link genlMessageWriter}: the netlink and generic netlink headers. */
export const GENL_MSG_HEADROOM = NLMSG_HDRLEN + GENL_HDRLEN;

/**
 * A writer for the attributes of one generic netlink message, with room in front for its
 * headers, so {@link finishGenlMessage} puts them there instead of copying the attributes
 * behind them as {@link buildGenlMessage} does.
 */
export function genlMessageWriter(): NlAttrWriter {
  return new NlAttrWriter(GENL_MSG_HEADROOM);
}

/**
 * The whole message of a {@link genlMessageWriter}: the same octets as
 * `buildGenlMessage(h, cmd, w.bytes())`.
 *
 * @throws {RangeError} when the writer has no room for the headers
 */
export function finishGenlMessage(
  w: NlAttrWriter,
  h: { type: number; flags: number; seq: number; portId: number },
  cmd: number,
): Uint8Array {
  if (w.headroom !== GENL_MSG_HEADROOM) {
    throw new RangeError(`Cannot frame a message in ${w.headroom} octets of headroom`);
  }
  return w.framed((view, length) => {
    view.setUint32(0, length, true);
    view.setUint16(4, h.type, true);
    view.setUint16(6, h.flags, true);
    view.setUint32(8, h.seq, true);
    view.setUint32(12, h.portId, true);
    view.setUint8(NLMSG_HDRLEN, cmd); // version and reserved stay 0
  });
}

/**
 * Builds a whole generic netlink message: netlink header, genlmsghdr (`cmd`, version 0) and
 * the attributes. The per-station nl80211 requests are sent in this form, and the radio
 * self-test builds the kernel's events in it.
 *
 * @example
 * ```ts
 * import { buildGenlMessage, parseGenlMessage } from "./message.ts";
 * const m = buildGenlMessage({ type: 0x1c, flags: 1, seq: 9, portId: 0 }, 59, new Uint8Array(0));
 * if (parseGenlMessage(m).cmd !== 59) throw new Error("unexpected command");
 * ```
 */
export function buildGenlMessage(
  h: { type: number; flags: number; seq: number; portId: number },
  cmd: number,
  attrs: Uint8Array,
): Uint8Array {
  const payload = new Uint8Array(GENL_HDRLEN + attrs.length);
  payload[0] = cmd;
  payload.set(attrs, GENL_HDRLEN);
  return buildNlMessage(h, payload);
}
