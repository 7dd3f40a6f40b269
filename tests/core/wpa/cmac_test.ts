import { equal, throws } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import { aesCmac } from "../../../core/wpa/cmac.ts";

// RFC 4493 section 4, examples 1-4 (AES-128), copied from the RFC.
const KEY = "2b7e151628aed2a6abf7158809cf4f3c";
const MESSAGE = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51" +
  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const RFC4493 = [
  { len: 0, mac: "bb1d6929e95937287fa37d129b756746" },
  { len: 16, mac: "070a16b46b4d4144f79bdd9dd04a287c" },
  { len: 40, mac: "dfa66747de9ae63030ca32611497c827" },
  { len: 64, mac: "51f0bebf7e3b9d92fc49741779363cfe" },
];

Deno.test("aesCmac() matches the RFC 4493 examples", async (t) => {
  for (const v of RFC4493) {
    await t.step(`${v.len}-octet message`, () => {
      equal(toHex(aesCmac(fromHex(KEY), fromHex(MESSAGE.slice(0, v.len * 2)))), v.mac);
    });
  }
});

Deno.test("aesCmac() rejects a key that is not 16 octets", () => {
  throws(() => aesCmac(new Uint8Array(32), new Uint8Array(1)), RangeError);
});
