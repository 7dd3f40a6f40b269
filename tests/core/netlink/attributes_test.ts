import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import {
  NetlinkDecodeError,
  NLA_F_NESTED,
  NlAttrs,
  NlAttrWriter,
} from "../../../core/netlink/attributes.ts";

Deno.test("NlAttrWriter encodes a u32 attribute as linux/netlink.h lays it out", () => {
  // nla_len 8, nla_type 3, value 1 (host order, little-endian here)
  assertEquals([...new NlAttrWriter().u32(3, 1).bytes()], [8, 0, 3, 0, 1, 0, 0, 0]);
});

Deno.test("NlAttrWriter pads a string attribute to four bytes with zeros", () => {
  // "ab\0" is 3 bytes: nla_len 7, padded to 8
  assertEquals([...new NlAttrWriter().string(2, "ab").bytes()], [7, 0, 2, 0, 0x61, 0x62, 0, 0]);
});

Deno.test("NlAttrs reads back every value type NlAttrWriter writes", () => {
  const w = new NlAttrWriter()
    .u8(1, 0xab)
    .u16(2, 0xbeef)
    .u32(3, 0xdeadbeef)
    .u64(4, 0x0102030405060708n)
    .flag(5)
    .string(6, "phy0")
    .data(7, Uint8Array.of(9, 8, 7))
    .nested(8, (n) => n.u32(1, 42).nested(2, (m) => m.string(1, "deep")));
  const a = new NlAttrs(w.bytes());
  assertEquals(a.u8(1), 0xab);
  assertEquals(a.u16(2), 0xbeef);
  assertEquals(a.u32(3), 0xdeadbeef);
  assertEquals(a.u64(4), 0x0102030405060708n);
  assertEquals(a.has(5), true);
  assertEquals(a.has(9), false);
  assertEquals(a.string(6), "phy0");
  assertEquals([...a.data(7)!], [9, 8, 7]);
  assertEquals(a.nested(8)?.u32(1), 42);
  assertEquals(a.nested(8)?.nested(2)?.string(1), "deep");
  assertEquals(a.all().map(([t]) => t), [1, 2, 3, 4, 5, 6, 7, 8]);
});

Deno.test("NlAttrWriter.nested() sets NLA_F_NESTED and NlAttrs masks it off", () => {
  const b = new NlAttrWriter().nested(8, (n) => n.flag(1)).bytes();
  assertEquals(new DataView(b.buffer).getUint16(2, true), 8 | NLA_F_NESTED);
  assertEquals(new NlAttrs(b).nested(8)?.has(1), true);
});

Deno.test("NlAttrs.nestedList() returns index-typed entries in order", () => {
  const w = new NlAttrWriter().nested(22, (bands) => {
    bands.nested(0, (b) => b.u32(1, 2412));
    bands.nested(1, (b) => b.u32(1, 5180));
  });
  assertEquals(new NlAttrs(w.bytes()).nestedList(22).map((e) => e.u32(1)), [2412, 5180]);
  assertEquals(new NlAttrs(w.bytes()).nestedList(99), []);
});

Deno.test("NlAttrs keeps the last of a repeated attribute type, like nla_parse", () => {
  const a = new NlAttrs(new NlAttrWriter().u32(3, 1).u32(3, 2).bytes());
  assertEquals(a.u32(3), 2);
  assertEquals(a.all().length, 2);
});

Deno.test("NlAttrs rejects malformed attribute lists", async (t) => {
  const cases: Array<[string, number[]]> = [
    ["a length below the header size", [2, 0, 1, 0]],
    ["a length past the input", [12, 0, 1, 0, 0, 0, 0, 0]],
    ["a non-zero truncated header", [8, 0, 1, 0, 1, 0, 0, 0, 5, 0]],
  ];
  for (const [name, bytes] of cases) {
    await t.step(name, () => {
      throws(() => new NlAttrs(Uint8Array.from(bytes)), NetlinkDecodeError);
    });
  }
});

Deno.test("NlAttrs rejects a fixed-size read from a short payload", () => {
  const a = new NlAttrs(new NlAttrWriter().u16(1, 5).bytes());
  throws(() => a.u32(1), { name: "NetlinkDecodeError", message: /needs 4/ });
});

Deno.test("NlAttrs only throws NetlinkDecodeError on random input", () => {
  for (let i = 0; i < 2000; i++) {
    const b = crypto.getRandomValues(new Uint8Array(1 + (i % 64)));
    try {
      const a = new NlAttrs(b);
      for (const [t] of a.all()) a.nested(t);
    } catch (err) {
      if (!(err instanceof NetlinkDecodeError)) throw err;
    }
  }
});

Deno.test("NlAttrWriter rejects a payload that does not fit nla_len", () => {
  throws(() => new NlAttrWriter().data(1, new Uint8Array(0x10000)), RangeError);
});

Deno.test("NlAttrWriter lays out numbers, flags and nests octet by octet", () => {
  const b = new NlAttrWriter()
    .u8(1, 0xab)
    .u16(2, 0xbeef)
    .flag(3)
    .u64(4, 0x0102030405060708n)
    .nested(5, (n) => n.u8(1, 7).flag(2))
    .bytes();
  assertEquals([...b], [
    ...[5, 0, 1, 0, 0xab, 0, 0, 0], // u8: nla_len 5, padded to 8 with zeros
    ...[6, 0, 2, 0, 0xef, 0xbe, 0, 0], // u16, little-endian
    ...[4, 0, 3, 0], // flag: header only
    ...[12, 0, 4, 0, 8, 7, 6, 5, 4, 3, 2, 1], // u64
    ...[16, 0, 5, 0x80, 5, 0, 1, 0, 7, 0, 0, 0, 4, 0, 2, 0], // nest: its length covers both
  ]);
});

Deno.test("NlAttrWriter keeps earlier attributes and open nests when its buffer grows", () => {
  const big = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const w = new NlAttrWriter(8).u32(1, 0x11223344).nested(2, (n) => {
    n.data(1, big);
    n.nested(2, (m) => m.data(1, big).u16(2, 0x5566));
  }).u8(3, 9);
  const a = new NlAttrs(w.bytes());
  assertEquals(a.u32(1), 0x11223344);
  assertEquals([...a.nested(2)!.data(1)!], [...big]);
  assertEquals([...a.nested(2)!.nested(2)!.data(1)!], [...big]);
  assertEquals(a.nested(2)!.nested(2)!.u16(2), 0x5566);
  assertEquals(a.u8(3), 9);
  // The headroom is kept in front of all of it.
  const framed = w.framed((v) => v.setUint32(0, 0xfeedface, true));
  assertEquals(framed.length, w.bytes().length + 8);
  assertEquals(new DataView(framed.buffer).getUint32(0, true), 0xfeedface);
  assertEquals([...framed.subarray(8)], [...w.bytes()]);
});

Deno.test("NlAttrWriter rejects a nest that outgrows nla_len, and odd headroom", () => {
  const chunk = new Uint8Array(0x8000);
  throws(() => new NlAttrWriter().nested(1, (n) => n.data(1, chunk).data(2, chunk)), RangeError);
  throws(() => new NlAttrWriter(3), RangeError);
});

Deno.test("NlAttrWriter grows for a number attribute that does not fit the buffer", async (t) => {
  const cases: Array<[string, (w: NlAttrWriter) => void, (a: NlAttrs) => unknown, unknown]> = [
    ["u8", (w) => w.u8(9, 0xab), (a) => a.u8(9), 0xab],
    ["u16", (w) => w.u16(9, 0xbeef), (a) => a.u16(9), 0xbeef],
    ["u32", (w) => w.u32(9, 0xdeadbeef), (a) => a.u32(9), 0xdeadbeef],
    ["u64", (w) => w.u64(9, 0x0102030405060708n), (a) => a.u64(9), 0x0102030405060708n],
    ["flag", (w) => w.flag(9), (a) => a.has(9), true],
  ];
  // Every starting fill up to past the first buffer's end, so each case lands on its edge.
  for (const [name, put, get, want] of cases) {
    await t.step(name, () => {
      for (let fill = 0; fill <= 280; fill += 4) {
        const w = new NlAttrWriter(20);
        if (fill >= 4) w.data(1, new Uint8Array(fill - 4).fill(0x5a));
        put(w);
        const a = new NlAttrs(w.bytes());
        assertEquals(get(a), want, `after ${fill} octets`);
        if (fill >= 4) assertEquals(a.data(1)!.length, fill - 4);
      }
    });
  }
});
