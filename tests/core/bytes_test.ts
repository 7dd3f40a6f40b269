import { equal, throws } from "node:assert/strict";
import { formatMac, fromHex, parseMac, toHex } from "../../core/bytes.ts";

Deno.test("formatMac() writes lower-case colon-separated pairs, zero-padded", () => {
  equal(formatMac(Uint8Array.of(0x02, 0x00, 0x0a, 0xab, 0xff, 0x10)), "02:00:0a:ab:ff:10");
  equal(formatMac(new Uint8Array(6)), "00:00:00:00:00:00");
  equal(formatMac(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), "ff:ff:ff:ff:ff:ff");
  // Any length, as hostapd's MACSTR users never pass one but a bad frame might.
  equal(formatMac(Uint8Array.of(0x01)), "01");
  equal(formatMac(new Uint8Array(0)), "");
});

Deno.test("formatMac() and parseMac() round-trip every octet value", () => {
  for (let b = 0; b < 256; b++) {
    const mac = Uint8Array.of(b, 255 - b, b ^ 0x5a, 0, b, 1);
    const text = formatMac(mac);
    equal(text, Array.from(mac, (x) => x.toString(16).padStart(2, "0")).join(":"));
    equal(toHex(parseMac(text.toUpperCase())!), toHex(mac));
  }
  equal(parseMac("02:00:00:00:00"), undefined);
  equal(parseMac("02-00-00-00-00-01"), undefined);
});

Deno.test("toHex() and fromHex() round-trip; fromHex() rejects odd or non-hex text", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  equal(toHex(fromHex(toHex(all))), toHex(all));
  equal(toHex(all).slice(0, 8), "00010203");
  throws(() => fromHex("abc"), SyntaxError);
  throws(() => fromHex("zz"), SyntaxError);
});
