import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { fromHex, toHex, utf8 } from "../../../core/bytes.ts";
import {
  buildEap,
  buildEapExpanded,
  buildEapResult,
  buildNak,
  EapCode,
  EapDecodeError,
  EapType,
  isWscPacket,
  parseEap,
  WSC_VENDOR_ID,
  WSC_VENDOR_TYPE,
} from "../../../core/eap/packet.ts";

// EAP packets of /work/shared/examples/wired/captures/pin/cap.pcapng (frames 2, 3, 4, 14).
const REQ_IDENTITY = "0169000501";
const RESP_IDENTITY = "02690022015746412d53696d706c65436f6e6669672d456e726f6c6c65652d312d30";
const REQ_WSC_START = "016a000efe00372a000000010100";
const FAILURE = "046e0004";

Deno.test("parseEap() reads the captured Identity request and response", () => {
  deepStrictEqual(parseEap(fromHex(REQ_IDENTITY)), {
    code: EapCode.REQUEST,
    identifier: 0x69,
    type: EapType.IDENTITY,
    data: new Uint8Array(0),
  });
  const r = parseEap(fromHex(RESP_IDENTITY));
  equal(r.code, EapCode.RESPONSE);
  equal(r.identifier, 0x69);
  equal(new TextDecoder().decode(r.data), "WFA-SimpleConfig-Enrollee-1-0");
});

Deno.test("parseEap() reads the captured expanded WSC_Start request", () => {
  const p = parseEap(fromHex(REQ_WSC_START));
  equal(p.type, EapType.EXPANDED);
  equal(p.vendorId, WSC_VENDOR_ID);
  equal(p.vendorType, WSC_VENDOR_TYPE);
  equal(toHex(p.data), "0100");
  ok(isWscPacket(p));
});

Deno.test("parseEap() reads the captured EAP-Failure", () => {
  deepStrictEqual(parseEap(fromHex(FAILURE)), {
    code: EapCode.FAILURE,
    identifier: 0x6e,
    data: new Uint8Array(0),
  });
});

Deno.test("parseEap() ignores bytes after the Length field's end", () => {
  const p = parseEap(fromHex(REQ_WSC_START + "deadbeef"));
  equal(toHex(p.data), "0100");
});

Deno.test("parseEap() rejects truncated and malformed packets", async (t) => {
  const rows: [string, string][] = [
    ["empty", ""],
    ["three bytes", "016900"],
    ["length beyond the data", "01690010 01"],
    ["length below the header", "01690003 01"],
    ["request without type", "01690004"],
    ["unknown code", "07690005 01"],
    ["expanded header cut", "016a000b fe00372a000000"],
  ];
  for (const [name, hex] of rows) {
    await t.step(name, () => {
      throws(() => parseEap(fromHex(hex.replace(/ /g, ""))), EapDecodeError);
    });
  }
});

Deno.test("buildEap() and friends rebuild the captured packets byte for byte", () => {
  equal(toHex(buildEap(EapCode.REQUEST, 0x69, EapType.IDENTITY)), REQ_IDENTITY);
  equal(
    toHex(
      buildEap(EapCode.RESPONSE, 0x69, EapType.IDENTITY, utf8("WFA-SimpleConfig-Enrollee-1-0")),
    ),
    RESP_IDENTITY,
  );
  equal(
    toHex(buildEapExpanded(EapCode.REQUEST, 0x6a, WSC_VENDOR_ID, 1, Uint8Array.of(1, 0))),
    REQ_WSC_START,
  );
  equal(toHex(buildEapResult(EapCode.FAILURE, 0x6e)), FAILURE);
});

Deno.test("buildNak() lists the desired types", () => {
  const p = parseEap(buildNak(7, [EapType.EXPANDED]));
  deepStrictEqual([p.code, p.identifier, p.type, toHex(p.data)], [2, 7, 3, "fe"]);
  ok(!isWscPacket(p));
  throws(() => buildNak(7, []), RangeError);
});

Deno.test("buildEapExpanded() round-trips random data and no strict prefix parses", () => {
  for (let i = 0; i < 100; i++) {
    const data = crypto.getRandomValues(new Uint8Array(i * 7));
    const b = buildEapExpanded(EapCode.RESPONSE, i, 0x123456, 0xfedcba98, data);
    const p = parseEap(b);
    deepStrictEqual(
      [p.identifier, p.vendorId, p.vendorType, toHex(p.data)],
      [i, 0x123456, 0xfedcba98, toHex(data)],
    );
    for (const cut of [0, 3, 11, b.length - 1]) throws(() => parseEap(b.subarray(0, cut)));
  }
});

Deno.test("buildEap() rejects out-of-range fields", () => {
  throws(() => buildEap(EapCode.REQUEST, 256, 1), RangeError);
  throws(() => buildEap(EapCode.REQUEST, 1, 0), RangeError);
  throws(() => buildEapExpanded(EapCode.REQUEST, 1, 0x1000000, 1, new Uint8Array()), RangeError);
  throws(() => buildEap(EapCode.REQUEST, 1, 1, new Uint8Array(0xfffb)), RangeError);
});

Deno.test("parseEap() only ever throws EapDecodeError on random input", () => {
  for (let i = 0; i < 5000; i++) {
    const b = crypto.getRandomValues(new Uint8Array(i % 30));
    if (b.length > 0) b[0] = 1 + (b[0]! % 5);
    try {
      parseEap(b);
    } catch (err) {
      if (!(err instanceof EapDecodeError)) throw err;
    }
  }
});
