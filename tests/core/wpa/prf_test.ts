import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { fromHex, toHex, utf8 } from "../../../core/bytes.ts";
import { derivePtk, kdfSha256, prfSha1 } from "../../../core/wpa/prf.ts";
import { passphraseToPsk } from "../../../core/wpa/psk.ts";
import { loadVectors } from "./_vectors.ts";

// IEEE 802.11-2020 Annex J.3.2 (PRF test vectors, first printed in 802.11i Annex H.3), which
// reuse the RFC 2202 HMAC-SHA1 keys. Cross-checked with Python's hmac (tests/fixtures/wpa).
const ANNEX_J3 = [
  {
    key: new Uint8Array(20).fill(0x0b),
    label: "prefix",
    data: "Hi There",
    out: "bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606",
  },
  {
    key: utf8("Jefe"),
    label: "prefix-2",
    data: "what do ya want for nothing?",
    out: "47c4908e30c947521ad20be9053450ecbea23d3aa604b77326d8b3825ff7475c",
  },
  {
    key: new Uint8Array(80).fill(0xaa),
    label: "prefix-3",
    data: "Test Using Larger Than Block-Size Key - Hash Key First",
    out: "0ab6c33ccf70d0d736f4b04c8a7373255511abc5073713163bd0b8c9eeb7e195" +
      "6fa066820a73ddee3f6d3bd407e0682a",
  },
  {
    key: new Uint8Array(20).fill(0x0b),
    label: "prefix-4",
    data: "Hi There Again",
    out: "248cfbc532ab38ffa483c8a2e40bf170eb542a2e0916d7bf6d97da2c4c5ca877" +
      "736c53a65b03fa4b3745ce7613f6ad68e0e4a798b7cf691c96176fd634a59a49",
  },
];

Deno.test("prfSha1() matches the IEEE 802.11 Annex J.3 vectors", async (t) => {
  for (const v of ANNEX_J3) {
    await t.step(`PRF-${v.out.length * 4} ${v.label}`, () => {
      equal(toHex(prfSha1(v.key, v.label, utf8(v.data), v.out.length / 2)), v.out);
    });
  }
});

Deno.test("prfSha1() matches the independent Python vectors", () => {
  for (const v of loadVectors().prf) {
    equal(toHex(prfSha1(fromHex(v.key), v.label, fromHex(v.data), v.length)), v.output);
  }
});

Deno.test("prfSha1() output is a prefix of a longer output", () => {
  const long = prfSha1(utf8("k"), "l", utf8("d"), 64);
  deepStrictEqual(prfSha1(utf8("k"), "l", utf8("d"), 33), long.slice(0, 33));
  throws(() => prfSha1(utf8("k"), "l", utf8("d"), 0), RangeError);
});

Deno.test("kdfSha256() output depends on the requested length", () => {
  // The length is an input of KDF-Hash-Length, so a shorter output is not a prefix.
  const a = kdfSha256(utf8("k"), "l", utf8("d"), 48);
  const b = kdfSha256(utf8("k"), "l", utf8("d"), 32);
  equal(a.length, 48);
  equal(toHex(a.slice(0, 32)) === toHex(b), false);
});

Deno.test("derivePtk() matches the independent Python handshake vector", () => {
  const v = loadVectors().handshake;
  const inputs = {
    pmk: fromHex(v.pmk),
    aa: fromHex(v.aa),
    spa: fromHex(v.spa),
    anonce: fromHex(v.anonce),
    snonce: fromHex(v.snonce),
  };
  const ptk = derivePtk(inputs);
  equal(toHex(ptk.kck), v.kck);
  equal(toHex(ptk.kek), v.kek);
  equal(toHex(ptk.tk), v.tk);
  const ptk256 = derivePtk({ ...inputs, sha256: true });
  equal(toHex(ptk256.kck), v.sha256_kck);
  equal(toHex(ptk256.kek), v.sha256_kek);
  equal(toHex(ptk256.tk), v.sha256_tk);
});

Deno.test("derivePtk() orders addresses and nonces, so both roles agree", () => {
  const v = loadVectors().handshake;
  const a = derivePtk({
    pmk: fromHex(v.pmk),
    aa: fromHex(v.aa),
    spa: fromHex(v.spa),
    anonce: fromHex(v.anonce),
    snonce: fromHex(v.snonce),
  });
  const swapped = derivePtk({
    pmk: fromHex(v.pmk),
    aa: fromHex(v.spa),
    spa: fromHex(v.aa),
    anonce: fromHex(v.snonce),
    snonce: fromHex(v.anonce),
  });
  deepStrictEqual(swapped, a);
});

Deno.test("derivePtk() rejects a short nonce or address", () => {
  const base = {
    pmk: new Uint8Array(32),
    aa: new Uint8Array(6),
    spa: new Uint8Array(6),
    anonce: new Uint8Array(32),
    snonce: new Uint8Array(32),
  };
  throws(() => derivePtk({ ...base, anonce: new Uint8Array(31) }), RangeError);
  throws(() => derivePtk({ ...base, spa: new Uint8Array(5) }), RangeError);
});

// Third-party vector: aircrack-ng test/cryptounittest/test-calc-mic.c (ESSID "Harkonen", the
// station 00:13:46:fe:32:0c and AP 00:14:6c:7e:40:80 of its test capture). Its PMK is the
// passphrase "biscotte"; the expected PTK prefix (KCK || KEK || TK) is aircrack-ng's.
const AIRCRACK = {
  pmk: "6fe857c0b742dfc2da8a1fe8b1b4b4628d9fbbb060826b83cb43b64b13e103e8",
  aa: "00146c7e4080",
  spa: "001346fe320c",
  anonce: "225854b0444de3af06d1492b852984f04cf6274c0e3218b8681756864db7a055",
  snonce: "59168bc3a5df18d71efb6423f340088dab9e1ba2bbc58659e07b3764b0de8570",
  ptk: "9a75ef0bde7c209ccae13f54b1b33ea3fa0166166e30811f1baaff8d1c1ac163" +
    "82a49b50b86088c5cb793b542661a28a",
};

Deno.test("derivePtk() matches aircrack-ng's test-calc-mic vector", () => {
  equal(toHex(passphraseToPsk("biscotte", "Harkonen")), AIRCRACK.pmk);
  const ptk = derivePtk({
    pmk: fromHex(AIRCRACK.pmk),
    aa: fromHex(AIRCRACK.aa),
    spa: fromHex(AIRCRACK.spa),
    anonce: fromHex(AIRCRACK.anonce),
    snonce: fromHex(AIRCRACK.snonce),
  });
  equal(toHex(ptk.kck) + toHex(ptk.kek) + toHex(ptk.tk), AIRCRACK.ptk);
});

Deno.test("derivePtk() with a 32-octet TK (GCMP-256, CCMP-256) extends the same PRF stream", () => {
  const inputs = {
    pmk: new Uint8Array(32).fill(7),
    aa: Uint8Array.of(2, 0, 0, 0, 0, 1),
    spa: Uint8Array.of(2, 0, 0, 0, 0, 2),
    anonce: new Uint8Array(32).fill(1),
    snonce: new Uint8Array(32).fill(2),
  };
  const short = derivePtk(inputs);
  const long = derivePtk({ ...inputs, tkLen: 32 });
  equal(long.tk.length, 32);
  deepStrictEqual(long.kck, short.kck);
  deepStrictEqual(long.kek, short.kek);
  // PRF-512 and PRF-384 share their first 384 bits; the TK grows by the next 16 octets.
  deepStrictEqual(long.tk.slice(0, 16), short.tk);
});
