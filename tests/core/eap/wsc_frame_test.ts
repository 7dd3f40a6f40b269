import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { concat, fromHex, toHex } from "../../../core/bytes.ts";
import {
  buildWscFrame,
  parseWscFrame,
  WSC_MAX_MESSAGE,
  WscFlag,
  WscFragmenter,
  WscFrameError,
  WscReassembler,
} from "../../../core/eap/wsc_frame.ts";
import { WscOpCode } from "../../../core/eap/wsc_role.ts";

Deno.test("parseWscFrame() reads WSC_Start and a first fragment with LF", () => {
  deepStrictEqual(parseWscFrame(fromHex("0100")), {
    opCode: WscOpCode.START,
    flags: 0,
    data: new Uint8Array(0),
  });
  // Frame 5 of captures/frag: M1's first fragment, MF|LF, Message Length 0x182 (386).
  const f = parseWscFrame(fromHex("040301821040"));
  deepStrictEqual([f.opCode, f.flags, f.messageLength, toHex(f.data)], [4, 3, 386, "1040"]);
});

Deno.test("parseWscFrame() rejects a missing header or Length field", () => {
  for (const hex of ["", "04", "0402", "040201"]) {
    throws(() => parseWscFrame(fromHex(hex)), WscFrameError);
  }
});

Deno.test("buildWscFrame() requires a length with LF", () => {
  throws(() => buildWscFrame(4, WscFlag.LF, new Uint8Array(1)), RangeError);
  equal(toHex(buildWscFrame(4, WscFlag.LF | WscFlag.MF, Uint8Array.of(9), 300)), "0403012c09");
});

Deno.test("WscFragmenter cuts M2 like hostapd with fragment_size=100", () => {
  // captures/frag frames 12..20: a 404-byte M2 went out as 96 + 98 + 98 + 98 + 14 bytes,
  // EAP lengths 112, 112, 112, 112, 28.
  const m2 = crypto.getRandomValues(new Uint8Array(404));
  const f = new WscFragmenter(WscOpCode.MSG, m2, 100);
  const frames: Uint8Array[] = [];
  while (!f.done) frames.push(f.next());
  deepStrictEqual(frames.map((x) => x.length + 12), [112, 112, 112, 112, 28]);
  deepStrictEqual(frames.map((x) => x[1]), [3, 1, 1, 1, 0]);
  equal(toHex(frames[0]!.subarray(0, 4)), "04030194");
  equal(
    toHex(concat(frames[0]!.subarray(4), ...frames.slice(1).map((x) => x.subarray(2)))),
    toHex(m2),
  );
  throws(() => f.next(), RangeError);
});

Deno.test("WscFragmenter sends a message that fits as one frame without flags", () => {
  const f = new WscFragmenter(WscOpCode.START, new Uint8Array(0));
  equal(toHex(f.next()), "0100");
  ok(f.done);
  const g = new WscFragmenter(WscOpCode.MSG, new Uint8Array(98), 100);
  equal(g.next().length, 100);
  ok(g.done);
  const h = new WscFragmenter(WscOpCode.MSG, new Uint8Array(99), 100);
  equal(h.next()[1], WscFlag.MF | WscFlag.LF);
});

Deno.test("WscFragmenter rejects a fragment size too small to carry data", () => {
  throws(() => new WscFragmenter(WscOpCode.MSG, new Uint8Array(10), 4), RangeError);
});

Deno.test("WscReassembler rebuilds fragments and returns a single frame directly", () => {
  for (const size of [5, 6, 50, 100, 1400]) {
    const msg = crypto.getRandomValues(new Uint8Array(777));
    const f = new WscFragmenter(WscOpCode.MSG, msg, size);
    const r = new WscReassembler();
    let result;
    while (!f.done) {
      result = r.push(parseWscFrame(f.next()));
      if (!f.done) deepStrictEqual(result, { kind: "more" });
    }
    deepStrictEqual(result, { kind: "message", opCode: WscOpCode.MSG, payload: msg });
    ok(!r.active);
  }
});

Deno.test("WscReassembler fails a Message Length smaller than the data (CVE-2012-4445)", () => {
  const r = new WscReassembler();
  const res = r.push(parseWscFrame(fromHex("04030002aabbcc")));
  equal(res.kind, "fail");
  ok(!r.active);
});

Deno.test("WscReassembler fails a Message Length above 50000", () => {
  const r = new WscReassembler();
  equal(
    r.push({ opCode: 4, flags: 3, messageLength: WSC_MAX_MESSAGE + 1, data: new Uint8Array(1) })
      .kind,
    "fail",
  );
  equal(
    r.push({ opCode: 4, flags: 3, messageLength: WSC_MAX_MESSAGE, data: new Uint8Array(1) }).kind,
    "more",
  );
});

Deno.test("WscReassembler fails a first fragment with MF but no LF", () => {
  equal(new WscReassembler().push(parseWscFrame(fromHex("0401aabb"))).kind, "fail");
});

Deno.test("WscReassembler fails an Op-Code change within a message", () => {
  const r = new WscReassembler();
  equal(r.push(parseWscFrame(fromHex("04030004aabb"))).kind, "more");
  equal(r.push(parseWscFrame(fromHex("0500ccdd"))).kind, "fail");
  ok(!r.active);
});

Deno.test("WscReassembler fails a fragment that overflows the Message Length", () => {
  const r = new WscReassembler();
  equal(r.push(parseWscFrame(fromHex("04030003aabb"))).kind, "more");
  equal(r.push(parseWscFrame(fromHex("0400ccdd"))).kind, "fail");
});

Deno.test("WscReassembler fails a message that ends short of its Message Length", () => {
  const r = new WscReassembler();
  equal(r.push(parseWscFrame(fromHex("04030005aabb"))).kind, "more");
  equal(r.push(parseWscFrame(fromHex("0400cc"))).kind, "fail");
});

Deno.test("WscReassembler never throws and never buffers more than its bound (fuzz)", () => {
  const r = new WscReassembler(2000);
  let messages = 0;
  for (let i = 0; i < 50_000; i++) {
    const len = 2 + (i % 37);
    const b = crypto.getRandomValues(new Uint8Array(len));
    b[0] = 1 + (b[0]! % 6);
    b[1] = b[1]! & 3;
    let frame;
    try {
      frame = parseWscFrame(b);
    } catch (err) {
      ok(err instanceof WscFrameError);
      continue;
    }
    const res = r.push(frame);
    if (res.kind === "message") {
      messages++;
      ok(res.payload.length <= 2000);
    }
  }
  ok(messages > 0);
});
