import { deepStrictEqual, equal, ok } from "node:assert/strict";
import {
  checkPin,
  generateRandomPin,
  isValidPinChecksum,
  pinChecksum,
  pinHalves,
} from "../../../core/wps/pin.ts";

Deno.test("pinChecksum() gives 0 for 1234567 and matches the 8-digit validity sum", () => {
  equal(pinChecksum(1234567), 0);
  for (let i = 0; i < 2000; i++) {
    const v = Math.floor(Math.random() * 1e7);
    const d = String(v * 10 + pinChecksum(v)).padStart(8, "0").split("").map(Number);
    // WSC 2.0.5, 7.4.1: 3·(d1+d3+d5+d7) + (d2+d4+d6+d8) ≡ 0 (mod 10).
    equal((3 * (d[0]! + d[2]! + d[4]! + d[6]!) + d[1]! + d[3]! + d[5]! + d[7]!) % 10, 0);
  }
});

Deno.test("checkPin() follows hostapd's WPS_CHECK_PIN replies", () => {
  deepStrictEqual(checkPin("12345670"), { ok: true, pin: "12345670" });
  deepStrictEqual(checkPin("1234-5670"), { ok: true, pin: "12345670" });
  deepStrictEqual(checkPin("1234"), { ok: true, pin: "1234" });
  deepStrictEqual(checkPin("12345671"), { ok: false, reply: "FAIL-CHECKSUM" });
  deepStrictEqual(checkPin("123456701"), { ok: false, reply: "FAIL" });
  deepStrictEqual(checkPin("12345"), { ok: false, reply: "FAIL" });
  deepStrictEqual(checkPin(""), { ok: false, reply: "FAIL" });
});

Deno.test("generateRandomPin() gives 8-digit PINs with valid checksums that differ", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const p = generateRandomPin();
    ok(isValidPinChecksum(p), p);
    seen.add(p);
  }
  ok(seen.size > 190);
});

Deno.test("pinHalves() splits 8 as 4+4, 4 as 2+2 and odd lengths first-heavy", () => {
  deepStrictEqual(pinHalves("12345670"), ["1234", "5670"]);
  deepStrictEqual(pinHalves("1234"), ["12", "34"]);
  deepStrictEqual(pinHalves("12345"), ["123", "45"]);
});
