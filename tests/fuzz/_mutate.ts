/**
 * Structure-aware mutators for the WPS/EAP fuzzers: WSC TLV lists (bit flips, truncation,
 * duplicated / removed / reordered attributes, lengths off by ±1 or ±big, random attributes
 * of known types with random sizes) and the EAPOL / EAP / EAP-WSC headers around them (codes,
 * identifiers, lengths, vendor fields, Op-Codes, MF/LF flags, Message Length). Every mutator
 * returns the new bytes and a short name of what it did, for the failure report.
 *
 * @module
 */

import { Attr } from "../../core/wps/constants.ts";
import type { Prng } from "./_prng.ts";

/** One raw attribute: the type and the value bytes. */
export interface RawTlv {
  /** Attribute type. */
  type: number;
  /** Value bytes. */
  value: Uint8Array;
}

/** Mutated bytes and the name of the mutation. */
export interface Mutation {
  /** The result. */
  bytes: Uint8Array;
  /** What was done, e.g. `tlv-dup 0x1039`. */
  op: string;
}

/** Every attribute type the codec knows, for random attributes. */
export const KNOWN_TYPES: readonly number[] = Object.values(Attr);

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

/** Splits TLVs leniently: whole attributes first, then any trailing bytes as `rest`. */
export function splitTlvs(bytes: Uint8Array): { tlvs: RawTlv[]; rest: Uint8Array } {
  const tlvs: RawTlv[] = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const type = (bytes[at]! << 8) | bytes[at + 1]!;
    const len = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (at + 4 + len > bytes.length) break;
    tlvs.push({ type, value: bytes.subarray(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  return { tlvs, rest: bytes.subarray(at) };
}

/**
 * Encodes TLVs; `lengthOverride` writes a wrong length field for one index (the value bytes
 * stay as they are).
 */
export function joinTlvs(
  tlvs: readonly RawTlv[],
  rest: Uint8Array = new Uint8Array(0),
  lengthOverride?: { index: number; length: number },
): Uint8Array {
  let size = rest.length;
  for (const t of tlvs) size += 4 + t.value.length;
  const out = new Uint8Array(size);
  let at = 0;
  tlvs.forEach((t, i) => {
    const len = lengthOverride?.index === i ? lengthOverride.length : t.value.length;
    out[at] = (t.type >> 8) & 0xff;
    out[at + 1] = t.type & 0xff;
    out[at + 2] = (len >> 8) & 0xff;
    out[at + 3] = len & 0xff;
    out.set(t.value, at + 4);
    at += 4 + t.value.length;
  });
  out.set(rest, at);
  return out;
}

/** A random attribute of a known type (or, rarely, an unknown one) with a random size. */
export function randomTlv(rng: Prng, maxSize = 64): RawTlv {
  const type = rng.chance(0.9) ? rng.pick(KNOWN_TYPES) : rng.u32() & 0xffff;
  const size = rng.weighted<number>([
    [6, rng.int(Math.min(maxSize, 20) + 1)],
    [3, rng.int(maxSize + 1)],
    [1, rng.pick([1, 2, 4, 6, 8, 16, 32, 192])],
  ]);
  return { type, value: rng.bytes(size) };
}

/** Flips 1..8 random bits (anywhere when `from` is 0). */
export function flipBits(rng: Prng, bytes: Uint8Array, from = 0): Mutation {
  const out = bytes.slice();
  if (out.length <= from) return { bytes: out, op: "flip-none" };
  const n = rng.range(1, 8);
  for (let i = 0; i < n; i++) {
    const at = from + rng.int(out.length - from);
    out[at] = out[at]! ^ (1 << rng.int(8));
  }
  return { bytes: out, op: `flip ${n}` };
}

/** Byte-level mutations: flips, interesting values, truncation, insertion, deletion. */
export function mutateBytes(rng: Prng, bytes: Uint8Array): Mutation {
  switch (rng.int(6)) {
    case 0:
      return flipBits(rng, bytes);
    case 1: {
      const out = bytes.slice();
      if (out.length > 0) out[rng.int(out.length)] = rng.pick(INTERESTING);
      return { bytes: out, op: "byte-interesting" };
    }
    case 2: {
      const at = rng.int(bytes.length + 1);
      return { bytes: bytes.slice(0, at), op: `truncate ${at}` };
    }
    case 3: {
      const at = rng.int(bytes.length + 1);
      const ins = rng.bytes(rng.range(1, 32));
      const out = new Uint8Array(bytes.length + ins.length);
      out.set(bytes.subarray(0, at));
      out.set(ins, at);
      out.set(bytes.subarray(at), at + ins.length);
      return { bytes: out, op: `insert ${ins.length}@${at}` };
    }
    case 4: {
      const at = rng.int(bytes.length + 1);
      const n = rng.range(1, 16);
      const tail = bytes.subarray(Math.min(bytes.length, at + n));
      const out = new Uint8Array(at + tail.length);
      out.set(bytes.subarray(0, at));
      out.set(tail, at);
      return { bytes: out, op: `delete ${n}@${at}` };
    }
    default:
      return { bytes: new Uint8Array(0), op: "empty" };
  }
}

/** TLV-level mutations of a WSC message or of Encrypted Settings plaintext. */
export function mutateTlvs(rng: Prng, bytes: Uint8Array, maxRandomSize = 64): Mutation {
  const { tlvs, rest } = splitTlvs(bytes);
  if (tlvs.length === 0) return mutateBytes(rng, bytes);
  const i = rng.int(tlvs.length);
  const hex = (t: number) => `0x${t.toString(16)}`;
  const t = tlvs[i]!;
  switch (rng.int(11)) {
    case 0: {
      const copy = [...tlvs];
      copy.splice(rng.int(copy.length + 1), 0, t);
      return { bytes: joinTlvs(copy, rest), op: `tlv-dup ${hex(t.type)}` };
    }
    case 1: {
      const copy = tlvs.filter((_, j) => j !== i);
      return { bytes: joinTlvs(copy, rest), op: `tlv-remove ${hex(t.type)}` };
    }
    case 2: {
      const copy = [...tlvs];
      const j = rng.int(copy.length);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      return { bytes: joinTlvs(copy, rest), op: `tlv-swap ${i},${j}` };
    }
    case 3: {
      const delta = rng.pick([-1, 1, -4, 4, 0x100, -0x100, 0x7fff, 0xffff]);
      const length = Math.max(0, Math.min(0xffff, t.value.length + delta));
      return {
        bytes: joinTlvs(tlvs, rest, { index: i, length }),
        op: `tlv-len ${hex(t.type)} ${t.value.length}->${length}`,
      };
    }
    case 4: {
      const length = rng.pick([0, 0xffff, rng.int(0x10000)]);
      return {
        bytes: joinTlvs(tlvs, rest, { index: i, length }),
        op: `tlv-len ${hex(t.type)} ->${length}`,
      };
    }
    case 5: {
      const copy = [...tlvs];
      const r = randomTlv(rng, maxRandomSize);
      copy.splice(rng.int(copy.length + 1), 0, r);
      return { bytes: joinTlvs(copy, rest), op: `tlv-insert ${hex(r.type)}/${r.value.length}` };
    }
    case 6: {
      // Same type, a value of another size (e.g. a 15-byte nonce, a 0-byte Message Type).
      const copy = [...tlvs];
      const size = rng.pick([0, 1, t.value.length - 1, t.value.length + 1, rng.int(300)]);
      copy[i] = { type: t.type, value: rng.bytes(Math.max(0, size)) };
      return { bytes: joinTlvs(copy, rest), op: `tlv-resize ${hex(t.type)}->${size}` };
    }
    case 7: {
      const copy = [...tlvs];
      copy[i] = { type: t.type, value: flipBits(rng, t.value).bytes };
      return { bytes: joinTlvs(copy, rest), op: `tlv-flip ${hex(t.type)}` };
    }
    case 8: {
      const copy = [...tlvs];
      copy[i] = { type: rng.pick(KNOWN_TYPES), value: t.value };
      return { bytes: joinTlvs(copy, rest), op: `tlv-retype ${hex(t.type)}` };
    }
    case 9: {
      const at = rng.int(tlvs.length);
      return { bytes: joinTlvs(tlvs.slice(0, at), rest), op: `tlv-cut ${at}` };
    }
    default: {
      const copy = [...tlvs];
      const j = rng.int(copy.length);
      const [moved] = copy.splice(i, 1);
      copy.splice(j, 0, moved!);
      return { bytes: joinTlvs(copy, rest), op: `tlv-move ${i}->${j}` };
    }
  }
}

/** A message of random known attributes (random sizes), optionally starting like a real one. */
export function randomMessage(rng: Prng, prefix: readonly RawTlv[] = []): Uint8Array {
  const tlvs = [...prefix];
  const n = rng.range(0, 24);
  for (let i = 0; i < n; i++) tlvs.push(randomTlv(rng, rng.chance(0.1) ? 1500 : 64));
  return joinTlvs(tlvs);
}

/** Offsets inside an EAPOL frame carrying an EAP-Response/Expanded WSC. */
const EAPOL_LEN = 2;
const EAP_CODE = 4;
const EAP_ID = 5;
const EAP_LEN = 6;
const EAP_TYPE = 8;
const WSC_OP = 16;
const WSC_FLAGS = 17;
const WSC_MSGLEN = 18;

function put16(b: Uint8Array, at: number, v: number): void {
  if (at + 1 >= b.length) return;
  b[at] = (v >> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

function get16(b: Uint8Array, at: number): number {
  return at + 1 < b.length ? (b[at]! << 8) | b[at + 1]! : 0;
}

/**
 * Header-level mutations of one EAPOL frame (as a station sends it): EAPOL version, type and
 * length; EAP code, identifier, length and type; Expanded vendor fields; WSC Op-Code, flags
 * and Message Length; truncation and trailing padding.
 */
export function mutateFrame(rng: Prng, frame: Uint8Array): Mutation {
  const out = frame.slice();
  const big = (n: number) => rng.pick([n - 1, n + 1, n + 200, 0, 0xffff, rng.int(0x10000)]);
  switch (rng.int(16)) {
    case 0:
      out[0] = rng.pick([0, 1, 3, 0xff]);
      return { bytes: out, op: "eapol-version" };
    case 1:
      out[1] = rng.pick([0, 1, 2, 3, 4, 5, 8, 0xff]);
      return { bytes: out, op: `eapol-type ${out[1]}` };
    case 2: {
      const v = big(get16(out, EAPOL_LEN));
      put16(out, EAPOL_LEN, v);
      return { bytes: out, op: `eapol-len ${v}` };
    }
    case 3:
      if (out.length > EAP_CODE) out[EAP_CODE] = rng.pick([0, 1, 3, 4, 5, 6, 0xff]);
      return { bytes: out, op: `eap-code ${out[EAP_CODE]}` };
    case 4:
      if (out.length > EAP_ID) out[EAP_ID] = (out[EAP_ID]! + rng.pick([1, 255, 128])) & 0xff;
      return { bytes: out, op: "eap-id" };
    case 5: {
      const v = big(get16(out, EAP_LEN));
      put16(out, EAP_LEN, Math.max(0, Math.min(0xffff, v)));
      return { bytes: out, op: `eap-len ${v}` };
    }
    case 6:
      if (out.length > EAP_TYPE) out[EAP_TYPE] = rng.pick([1, 2, 3, 4, 13, 25, 253, 255]);
      return { bytes: out, op: `eap-type ${out[EAP_TYPE]}` };
    case 7: {
      const at = EAP_TYPE + 1 + rng.int(7);
      if (out.length > at) out[at] = out[at]! ^ (1 << rng.int(8));
      return { bytes: out, op: "eap-vendor" };
    }
    case 8:
      if (out.length > WSC_OP) out[WSC_OP] = rng.pick([0, 1, 2, 3, 4, 5, 6, 7, 0xff]);
      return { bytes: out, op: `wsc-op ${out[WSC_OP]}` };
    case 9:
      if (out.length > WSC_FLAGS) out[WSC_FLAGS] = rng.pick([1, 2, 3, 0x80, 0xfc, 0xff]);
      return { bytes: out, op: `wsc-flags ${out[WSC_FLAGS]}` };
    case 10: {
      // LF with a Message Length that lies (> 50000, smaller than the data, zero).
      if (out.length <= WSC_MSGLEN + 1) return { bytes: out, op: "wsc-msglen-none" };
      out[WSC_FLAGS] = out[WSC_FLAGS]! | 2;
      const v = rng.pick([0, 1, 50001, 60000, 0xffff, get16(out, WSC_MSGLEN) - 1]);
      put16(out, WSC_MSGLEN, v);
      return { bytes: out, op: `wsc-msglen ${v}` };
    }
    case 11: {
      const at = rng.int(out.length);
      return { bytes: out.slice(0, at), op: `frame-truncate ${at}` };
    }
    case 12: {
      const pad = new Uint8Array(out.length + rng.range(1, 64));
      pad.set(out);
      return { bytes: pad, op: "frame-pad" };
    }
    case 13:
      return flipBits(rng, out, 4);
    case 14: {
      // Zero-length WSC data: keep the headers, drop the message bytes.
      const cut = out.slice(0, Math.min(out.length, WSC_FLAGS + 1));
      put16(cut, EAPOL_LEN, Math.max(0, cut.length - 4));
      put16(cut, EAP_LEN, Math.max(0, cut.length - 4));
      return { bytes: cut, op: "wsc-zero-length" };
    }
    default:
      return { bytes: new Uint8Array(rng.int(4)), op: "tiny" };
  }
}

/** An EAPOL frame with an EAP-Response/Expanded WSC carrying `wscFrame` (any bytes). */
export function wscResponse(id: number, wscFrame: Uint8Array): Uint8Array {
  const eapLen = 12 + wscFrame.length;
  const out = new Uint8Array(4 + eapLen);
  out.set([2, 0, (eapLen >> 8) & 0xff, eapLen & 0xff, 2, id & 0xff, (eapLen >> 8) & 0xff]);
  out[7] = eapLen & 0xff;
  out.set([254, 0x00, 0x37, 0x2a, 0, 0, 0, 1], 8);
  out.set(wscFrame, 16);
  return out;
}

/** One EAP-WSC header and data: Op-Code, flags, optional Message Length. */
export function wscFrameBytes(
  op: number,
  flags: number,
  data: Uint8Array,
  messageLength?: number,
): Uint8Array {
  const head = messageLength === undefined ? [op, flags] : [
    op,
    flags,
    (messageLength >> 8) & 0xff,
    messageLength & 0xff,
  ];
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

/**
 * A broken fragment sequence for one message (reference 6.3): a first fragment without LF,
 * LF on every fragment, a Message Length that lies (±1, 0, > 50000), an Op-Code change, data
 * past the Message Length, a last fragment that keeps MF, empty fragments, a duplicate.
 */
export function craftFragments(rng: Prng, op: number, payload: Uint8Array): Mutation & {
  frames: Uint8Array[];
} {
  const size = rng.range(1, Math.max(2, Math.min(300, payload.length)));
  const parts: Uint8Array[] = [];
  for (let at = 0; at < payload.length; at += size) parts.push(payload.subarray(at, at + size));
  if (parts.length === 0) parts.push(new Uint8Array(0));
  const MF = 1;
  const LF = 2;
  const total = payload.length;
  const frames = parts.map((p, i) => {
    const last = i === parts.length - 1;
    return i === 0
      ? wscFrameBytes(op, (last ? 0 : MF) | LF, p, total)
      : wscFrameBytes(op, last ? 0 : MF, p);
  });
  const kind = rng.int(9);
  const i = rng.int(frames.length);
  switch (kind) {
    case 0:
      frames[0] = wscFrameBytes(op, parts.length > 1 ? MF : 0, parts[0]!);
      return { frames, bytes: frames[0]!, op: "frag-no-lf" };
    case 1:
      for (let j = 1; j < frames.length; j++) {
        frames[j] = wscFrameBytes(op, (j < frames.length - 1 ? MF : 0) | LF, parts[j]!, total);
      }
      return { frames, bytes: frames[0]!, op: "frag-lf-everywhere" };
    case 2: {
      const len = rng.pick([total - 1, total + 1, 0, 50001, 0xffff]);
      frames[0] = wscFrameBytes(op, MF | LF, parts[0]!, Math.max(0, len));
      return { frames, bytes: frames[0]!, op: `frag-msglen ${len}` };
    }
    case 3:
      frames[i] = wscFrameBytes(
        rng.pick([1, 2, 3, 5, 6, 0xff]),
        i < frames.length - 1 ? MF : 0,
        parts[i]!,
      );
      return { frames, bytes: frames[i]!, op: `frag-opcode-change ${i}` };
    case 4:
      frames.push(wscFrameBytes(op, 0, rng.bytes(rng.range(1, 40))));
      frames[frames.length - 2] = wscFrameBytes(op, MF, parts[parts.length - 1]!);
      return { frames, bytes: frames.at(-1)!, op: "frag-overflow" };
    case 5:
      frames[frames.length - 1] = wscFrameBytes(op, MF, parts[parts.length - 1]!);
      return { frames, bytes: frames.at(-1)!, op: "frag-never-ends" };
    case 6: {
      const n = rng.range(1, 40);
      for (let j = 0; j < n; j++) frames.splice(1, 0, wscFrameBytes(op, MF, new Uint8Array(0)));
      return { frames, bytes: frames[1] ?? frames[0]!, op: `frag-empty x${n}` };
    }
    case 7:
      frames.splice(i, 0, frames[i]!);
      return { frames, bytes: frames[i]!, op: `frag-dup ${i}` };
    default:
      // A first fragment that announces more than arrives, then a fresh unfragmented message.
      return {
        frames: [frames[0]!, wscFrameBytes(op, 0, payload)],
        bytes: frames[0]!,
        op: "frag-restart",
      };
  }
}
