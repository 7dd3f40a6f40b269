import { deepStrictEqual as assertEquals, equal, throws } from "node:assert/strict";
import { NetlinkDecodeError, NlAttrWriter } from "../../../core/netlink/attributes.ts";
import {
  buildGenlMessage,
  buildNlMessage,
  finishGenlMessage,
  genlMessageWriter,
  NlMsgFlag,
  NlMsgType,
  parseGenlMessage,
  parseNlError,
  parseNlMessage,
  splitNlMessages,
} from "../../../core/netlink/message.ts";

function genl(cmd: number, attrs: Uint8Array): Uint8Array {
  const payload = new Uint8Array(4 + attrs.length);
  payload[0] = cmd;
  payload[1] = 1;
  payload.set(attrs, 4);
  return payload;
}

Deno.test("parseGenlMessage() reads header fields, command and attributes", () => {
  const attrs = new NlAttrWriter().u32(1, 7).string(2, "wlan0").bytes();
  const bytes = buildNlMessage(
    { type: 0x1c, flags: NlMsgFlag.MULTI, seq: 99, portId: 4242 },
    genl(5, attrs),
  );
  const m = parseGenlMessage(bytes);
  assertEquals(
    [m.header.type, m.header.flags, m.header.seq, m.header.portId],
    [0x1c, 2, 99, 4242],
  );
  assertEquals([m.cmd, m.version], [5, 1]);
  assertEquals([m.attrs.u32(1), m.attrs.string(2)], [7, "wlan0"]);
});

Deno.test("parseNlMessage() rejects an nlmsg_len beyond the input", () => {
  const bytes = buildNlMessage({ type: 3, flags: 0, seq: 1, portId: 0 }, new Uint8Array(4));
  throws(() => parseNlMessage(bytes.subarray(0, 18)), NetlinkDecodeError);
  throws(() => parseNlMessage(bytes.subarray(0, 10)), NetlinkDecodeError);
});

Deno.test("parseGenlMessage() rejects a message without a genlmsghdr", () => {
  const bytes = buildNlMessage({ type: 0x10, flags: 0, seq: 1, portId: 0 }, Uint8Array.of(1, 2));
  throws(() => parseGenlMessage(bytes), { name: "NetlinkDecodeError", message: /genlmsghdr/ });
});

function errorMessage(error: number, flags: number, origPayload: Uint8Array, tlvs?: Uint8Array) {
  const orig = buildNlMessage({ type: 0x1c, flags: 5, seq: 31, portId: 0 }, origPayload);
  const body = new Uint8Array(
    4 + (flags & NlMsgFlag.CAPPED ? 16 : orig.length) +
      (tlvs?.length ?? 0),
  );
  new DataView(body.buffer).setInt32(0, error, true);
  body.set(flags & NlMsgFlag.CAPPED ? orig.subarray(0, 16) : orig, 4);
  if (tlvs) body.set(tlvs, body.length - tlvs.length);
  return parseNlMessage(buildNlMessage({ type: NlMsgType.ERROR, flags, seq: 31, portId: 0 }, body));
}

Deno.test("parseNlError() decodes an ACK and the request it answers", () => {
  const e = parseNlError(errorMessage(0, 0, genl(15, new Uint8Array(0))));
  equal(e.error, 0);
  equal(e.request.seq, 31);
  equal(e.request.type, 0x1c);
  equal(e.message, undefined);
});

Deno.test("parseNlError() reads the extended-ACK text of a capped error", () => {
  const tlvs = new NlAttrWriter().string(1, "Attribute failed policy validation").bytes();
  const m = errorMessage(
    -22,
    NlMsgFlag.CAPPED | NlMsgFlag.ACK_TLVS,
    genl(15, new Uint8Array(8)),
    tlvs,
  );
  const e = parseNlError(m);
  equal(e.error, -22);
  equal(e.request.seq, 31);
  equal(e.request.payload.length, 0);
  equal(e.message, "Attribute failed policy validation");
});

Deno.test("parseNlError() reads the extended-ACK text after an uncapped request copy", () => {
  const tlvs = new NlAttrWriter().string(1, "bad ifindex").bytes();
  const e = parseNlError(errorMessage(-19, NlMsgFlag.ACK_TLVS, genl(15, new Uint8Array(12)), tlvs));
  equal(e.error, -19);
  equal(e.request.payload.length, 16);
  equal(e.message, "bad ifindex");
});

Deno.test("parseNlError() rejects a payload shorter than struct nlmsgerr", () => {
  const m = parseNlMessage(
    buildNlMessage({ type: 2, flags: 0, seq: 1, portId: 0 }, new Uint8Array(8)),
  );
  throws(() => parseNlError(m), NetlinkDecodeError);
});

Deno.test("splitNlMessages() returns each message of a batched datagram, padding skipped", () => {
  const a = buildNlMessage({ type: 0x10, flags: 2, seq: 5, portId: 0 }, Uint8Array.of(1, 2, 3));
  const b = buildNlMessage({ type: 2, flags: 0, seq: 5, portId: 0 }, new Uint8Array(20));
  const c = buildNlMessage({ type: 3, flags: 2, seq: 5, portId: 0 }, new Uint8Array(4));
  const datagram = new Uint8Array([...a, ...b, ...c]);
  const msgs = splitNlMessages(datagram);
  assertEquals(msgs.map((m) => parseNlMessage(m).type), [0x10, 2, 3]);
  // The first one's 3-byte payload is padded to 4 on the wire; the view stops at nlmsg_len.
  assertEquals(msgs.map((m) => m.length), [19, 36, 20]);
  assertEquals([...msgs[0]!.subarray(16)], [1, 2, 3]);
  assertEquals(splitNlMessages(new Uint8Array(0)), []);
});

Deno.test("splitNlMessages() rejects a short header or an nlmsg_len that overruns the datagram", () => {
  const a = buildNlMessage({ type: 0x10, flags: 0, seq: 1, portId: 0 }, new Uint8Array(8));
  throws(() => splitNlMessages(new Uint8Array([...a, 1, 2, 3])), NetlinkDecodeError);
  const long = a.slice();
  new DataView(long.buffer).setUint32(0, a.length + 4, true);
  throws(() => splitNlMessages(long), NetlinkDecodeError);
  const short = a.slice();
  new DataView(short.buffer).setUint32(0, 8, true);
  throws(() => splitNlMessages(short), NetlinkDecodeError);
});

Deno.test("finishGenlMessage() frames a writer's attributes as buildGenlMessage() does", () => {
  const h = { type: 0x1c, flags: NlMsgFlag.REQUEST | NlMsgFlag.ACK, seq: 0xc0000001, portId: 0 };
  const w = genlMessageWriter().u32(3, 5).data(51, Uint8Array.of(1, 2, 3)).nested(9, (n) => {
    n.flag(1);
  });
  const whole = finishGenlMessage(w, h, 129);
  assertEquals([...whole], [...buildGenlMessage(h, 129, w.bytes())]);
  const m = parseGenlMessage(whole);
  assertEquals([m.header.seq, m.cmd, m.version, m.attrs.u32(3)], [0xc0000001, 129, 0, 5]);
  throws(() => finishGenlMessage(new NlAttrWriter(), h, 129), RangeError);
});
