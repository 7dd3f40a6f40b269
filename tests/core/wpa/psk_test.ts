import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import {
  parsePskHex,
  passphraseToPsk,
  pskCandidates,
  type PskConfig,
  pskFromField,
} from "../../../core/wpa/psk.ts";
import { loadVectors } from "./_vectors.ts";

// IEEE 802.11-2020 Annex J.4.2 (passphrase-to-PSK test vectors; first printed in 802.11i
// Annex H.4). Cross-checked with Python's hashlib.pbkdf2_hmac (tests/fixtures/wpa).
const ANNEX_J4 = [
  ["password", "IEEE", "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"],
  [
    "ThisIsAPassword",
    "ThisIsASSID",
    "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af",
  ],
  [
    "a".repeat(32),
    "Z".repeat(32),
    "becb93866bb8c3832cb777c2f559807c8c59afcb6eae734885001300a981cc62",
  ],
] as const;

Deno.test("passphraseToPsk() matches the IEEE 802.11 Annex J.4 vectors", async (t) => {
  for (const [pass, ssid, psk] of ANNEX_J4) {
    await t.step(`${pass.slice(0, 16)} / ${ssid.slice(0, 16)}`, () => {
      equal(toHex(passphraseToPsk(pass, ssid)), psk);
    });
  }
});

Deno.test("passphraseToPsk() matches the independent Python vectors", () => {
  for (const v of loadVectors().pbkdf2) {
    equal(toHex(passphraseToPsk(v.passphrase, v.ssid)), v.psk);
  }
});

Deno.test("passphraseToPsk() takes the SSID as octets", () => {
  deepStrictEqual(
    passphraseToPsk("password", new TextEncoder().encode("IEEE")),
    passphraseToPsk("password", "IEEE"),
  );
});

Deno.test("passphraseToPsk() counts octets of UTF-8 passphrases, as hostapd does", () => {
  // 4 characters, 8 octets: accepted, and the same as hashing the octets.
  const octets = new TextEncoder().encode("\u00e9\u00e9\u00e9\u00e9");
  equal(octets.length, 8);
  deepStrictEqual(passphraseToPsk("\u00e9\u00e9\u00e9\u00e9", "x"), passphraseToPsk(octets, "x"));
  throws(() => passphraseToPsk("\u00e9\u00e9\u00e9", "x"), RangeError);
});

Deno.test("passphraseToPsk() rejects passphrases and SSIDs out of range", () => {
  throws(() => passphraseToPsk("1234567", "x"), RangeError);
  throws(() => passphraseToPsk("a".repeat(64), "x"), RangeError);
  throws(
    () => passphraseToPsk("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9".repeat(5), "x"),
    RangeError,
  );
  throws(() => passphraseToPsk("password", ""), RangeError);
  throws(() => passphraseToPsk("password", "s".repeat(33)), RangeError);
});

Deno.test("parsePskHex() accepts 64 hex digits and rejects anything else", () => {
  const hex = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";
  deepStrictEqual(parsePskHex(hex), fromHex(hex));
  throws(() => parsePskHex(hex.slice(1)), SyntaxError);
  throws(() => parsePskHex(hex.slice(0, 63) + "g"), SyntaxError);
});

Deno.test("pskFromField() tells a raw PSK from a passphrase", () => {
  const hex = "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e";
  equal(toHex(pskFromField(hex, "other")), hex);
  equal(toHex(pskFromField("password", "IEEE")), hex);
  throws(() => pskFromField("short", "IEEE"), SyntaxError);
});

Deno.test("pskCandidates() lists station and wildcard entries last line first, then the common PSK", () => {
  const psk = (n: number) => new Uint8Array(32).fill(n);
  const sta = fromHex("020000000002");
  const config: PskConfig = {
    common: psk(9),
    entries: [
      { mac: fromHex("020000000003"), psk: psk(1), keyid: "other" },
      { mac: new Uint8Array(6), psk: psk(2), keyid: "any" },
      { mac: sta, psk: psk(3), keyid: "mine", vlanid: 7 },
      { mac: sta, psk: psk(4), wps: true },
    ],
  };
  deepStrictEqual(pskCandidates(config, sta), [
    { psk: psk(4) },
    { psk: psk(3), keyid: "mine", vlanid: 7 },
    { psk: psk(2), keyid: "any" },
    { psk: psk(9) },
  ]);
  deepStrictEqual(pskCandidates({ entries: [] }, sta), []);
});
