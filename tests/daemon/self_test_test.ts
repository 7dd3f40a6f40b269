import { equal } from "node:assert/strict";
import { wpaSelfTest, wpsSelfTest } from "../../daemon/self_test.ts";
import { cryptoBackend, installCryptoBackend } from "../../core/crypto/backend.ts";
import { AkmSuite, CipherSuite, type RsnElement } from "../../core/wpa/rsn_ie.ts";
import { apSettings } from "../core/wps/_peers.ts";

Deno.test("wpsSelfTest() passes when Registrar and Enrollee share the PIN", () => {
  for (let i = 0; i < 3; i++) equal(wpsSelfTest(apSettings()), true);
});

Deno.test("wpsSelfTest() fails when the Enrollee's PIN differs (the R-Hash check bites)", () => {
  equal(wpsSelfTest(apSettings(), "00000000"), false);
});

const rsn = (akms: number[]): RsnElement => ({
  version: 1,
  groupCipher: CipherSuite.CCMP,
  pairwiseCiphers: [CipherSuite.CCMP],
  akms,
  capabilities: 0x000c,
  pmkids: [],
});

Deno.test("wpaSelfTest() completes a 4-way handshake with PSK and with PSK-SHA256", () => {
  for (let i = 0; i < 3; i++) equal(wpaSelfTest(rsn([AkmSuite.PSK])), true);
  equal(wpaSelfTest(rsn([AkmSuite.PSK_SHA256, AkmSuite.PSK])), true);
});

Deno.test("wpaSelfTest() fails when a primitive is broken (AES key wrap output corrupted)", () => {
  const good = cryptoBackend();
  installCryptoBackend({
    ...good,
    aesKeyWrap: (kek, plain) => {
      const out = good.aesKeyWrap(kek, plain);
      out[out.length - 1]! ^= 1;
      return out;
    },
  });
  try {
    equal(wpaSelfTest(rsn([AkmSuite.PSK])), false);
  } finally {
    installCryptoBackend(good);
  }
  equal(wpaSelfTest(rsn([AkmSuite.PSK])), true);
});
