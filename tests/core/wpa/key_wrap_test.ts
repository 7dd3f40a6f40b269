import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import { aesKeyUnwrap, aesKeyWrap, KeyUnwrapError } from "../../../core/wpa/key_wrap.ts";

// RFC 3394 section 4 (4.1 .. 4.6), copied from the RFC.
const KEK = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const DATA = "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f";
const RFC3394 = [
  { kek: 16, data: 16, out: "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5" },
  { kek: 24, data: 16, out: "96778b25ae6ca435f92b5b97c050aed2468ab8a17ad84e5d" },
  { kek: 32, data: 16, out: "64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7" },
  { kek: 24, data: 24, out: "031d33264e15d33268f24ec260743edce1c6c7ddee725a936ba814915c6762d2" },
  { kek: 32, data: 24, out: "a8f9bc1612c68b3ff6e6f4fbe30e71e4769c8b80a32cb8958cd5d17d6b254da1" },
  {
    kek: 32,
    data: 32,
    out: "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21",
  },
];

Deno.test("aesKeyWrap() and aesKeyUnwrap() match the RFC 3394 section 4 vectors", async (t) => {
  for (const v of RFC3394) {
    await t.step(`${v.kek * 8}-bit KEK, ${v.data * 8}-bit key data`, () => {
      const kek = fromHex(KEK.slice(0, v.kek * 2));
      const data = fromHex(DATA.slice(0, v.data * 2));
      equal(toHex(aesKeyWrap(kek, data)), v.out);
      deepStrictEqual(aesKeyUnwrap(kek, fromHex(v.out)), data);
    });
  }
});

Deno.test("aesKeyUnwrap() rejects tampered ciphertext and a wrong KEK", () => {
  const kek = fromHex(KEK.slice(0, 32));
  const wrapped = fromHex(RFC3394[0]!.out);
  for (let i = 0; i < wrapped.length; i++) {
    const bad = wrapped.slice();
    bad[i]! ^= 0x01;
    throws(() => aesKeyUnwrap(kek, bad), KeyUnwrapError);
  }
  throws(() => aesKeyUnwrap(new Uint8Array(16), wrapped), KeyUnwrapError);
});

Deno.test("aesKeyWrap() rejects lengths the key wrap cannot take", () => {
  const kek = new Uint8Array(16);
  throws(() => aesKeyWrap(kek, new Uint8Array(8)), RangeError);
  throws(() => aesKeyWrap(kek, new Uint8Array(20)), RangeError);
  throws(() => aesKeyWrap(new Uint8Array(15), new Uint8Array(16)), RangeError);
  throws(() => aesKeyUnwrap(kek, new Uint8Array(16)), RangeError);
  throws(() => aesKeyUnwrap(kek, new Uint8Array(25)), RangeError);
});
