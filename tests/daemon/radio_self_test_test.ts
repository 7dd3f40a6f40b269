import { equal } from "node:assert/strict";
import { radioSelfTest, type RadioSelfTestSetup } from "../../daemon/radio_self_test.ts";
import {
  type CryptoBackend,
  cryptoBackend,
  installCryptoBackend,
} from "../../core/crypto/backend.ts";
import { AkmSuite, buildRsnElement, CipherSuite, type RsnElement } from "../../core/wpa/rsn_ie.ts";
import { params } from "../core/ap/_station.ts";
import { apSettings } from "../core/wps/_peers.ts";

const rsn = (akms: number[]): RsnElement => ({
  version: 1,
  groupCipher: CipherSuite.CCMP,
  pairwiseCiphers: [CipherSuite.CCMP],
  akms,
  capabilities: 0x000c,
  pmkids: [],
});

function setup(akms: number[] = [AkmSuite.PSK], fragmentSize?: number): RadioSelfTestSetup {
  const r = rsn(akms);
  return {
    params: params({ rsnElement: buildRsnElement(r) }),
    wps: apSettings(),
    rsn: r,
    eap: { eapolVersion: 2, ...(fragmentSize ? { fragmentSize } : {}) },
  };
}

/** Runs `fn` with one primitive of the crypto backend replaced. */
function withBroken(patch: (good: CryptoBackend) => Partial<CryptoBackend>, fn: () => void) {
  const good = cryptoBackend();
  installCryptoBackend({ ...good, ...patch(good) });
  try {
    fn();
  } finally {
    installCryptoBackend(good);
  }
}

Deno.test("radioSelfTest() registers a station by PIN through the whole frame path", () => {
  for (let i = 0; i < 3; i++) equal(radioSelfTest(setup(), "wps"), true);
  // fragment_size=100: every long message goes in WSC_FRAG_ACK'd pieces both ways.
  equal(radioSelfTest(setup([AkmSuite.PSK], 100), "wps"), true);
});

Deno.test("radioSelfTest() connects a station with WPA2-PSK and with PSK-SHA256", () => {
  for (let i = 0; i < 3; i++) equal(radioSelfTest(setup(), "wpa"), true);
  equal(radioSelfTest(setup([AkmSuite.PSK_SHA256]), "wpa"), true);
});

Deno.test("radioSelfTest() connects a station that protects management frames (ieee80211w)", () => {
  for (const caps of [0x0080, 0x00c0]) {
    const r = { ...rsn([AkmSuite.PSK_SHA256]), capabilities: 0x000c | caps };
    const s = { ...setup(), rsn: r, params: params({ rsnElement: buildRsnElement(r) }) };
    equal(radioSelfTest(s, "wpa"), true);
  }
});

Deno.test("radioSelfTest() fails a visit the BSS cannot serve", () => {
  const s = setup();
  equal(radioSelfTest({ ...s, wps: undefined }, "wps"), false);
  equal(radioSelfTest({ ...s, rsn: undefined }, "wpa"), false);
  // WPS off in the AP core: the association with a WPS IE starts no EAP-WSC.
  equal(radioSelfTest({ ...s, params: { ...s.params, wpsState: 0 } }, "wps"), false);
});

Deno.test("radioSelfTest() fails when a primitive is broken", () => {
  // AES key wrap: the station cannot unwrap the GTK in msg 3/4.
  withBroken((good) => ({
    aesKeyWrap: (kek, plain) => {
      const out = good.aesKeyWrap(kek, plain);
      out[out.length - 1]! ^= 1;
      return out;
    },
  }), () => equal(radioSelfTest(setup(), "wpa"), false));
  // AES-CBC decryption: the Enrollee cannot open M4's Encrypted Settings (the KWA fails).
  withBroken((good) => ({
    aesCbc: (encrypt, key, iv, data) => {
      const out = good.aesCbc(encrypt, key, iv, data);
      if (!encrypt) out[0]! ^= 1;
      return out;
    },
  }), () => equal(radioSelfTest(setup(), "wps"), false));
  equal(radioSelfTest(setup(), "wps"), true);
  equal(radioSelfTest(setup(), "wpa"), true);
});

Deno.test("radioSelfTest() visits a BSS with a small max_listen_interval and a hidden SSID", () => {
  const s = setup();
  const p = { ...s.params, maxListenInterval: 1, ignoreBroadcastSsid: 1 };
  equal(radioSelfTest({ ...s, params: p }, "wps"), true);
  equal(radioSelfTest({ ...s, params: p }, "wpa"), true);
});
