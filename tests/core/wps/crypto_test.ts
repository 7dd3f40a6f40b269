// Known answers from a real exchange between Debian's hostapd 2.10 (Registrar) and
// wpa_supplicant 2.10 (Enrollee), recorded with -dd -K by tests/fixtures/wps/record.sh.
import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { concat, utf8 } from "../../../core/bytes.ts";
import {
  appendKwa,
  computeAuthenticator,
  computeEHash,
  computeKwa,
  computePsk1Psk2,
  computeRHash,
  decryptSettings,
  encryptSettings,
  verifyAuthenticator,
  verifyKwa,
} from "../../../core/wps/crypto.ts";
import { WscDecodeError } from "../../../core/wps/errors.ts";
import { computeDhSharedSecret, dhKeyPairFromPrivate } from "../../../core/wps/dh.ts";
import { deriveKeys } from "../../../core/wps/kdf.ts";
import { loadRecording, type Recording } from "./_fixture.ts";

const RECORDINGS = [loadRecording("pin"), loadRecording("pbc")];

/** The Encrypted Settings value (IV ‖ ciphertext) of a recorded message. */
function encrValue(msg: Uint8Array): Uint8Array {
  for (let pos = 0; pos + 4 <= msg.length;) {
    const type = (msg[pos]! << 8) | msg[pos + 1]!;
    const len = (msg[pos + 2]! << 8) | msg[pos + 3]!;
    if (type === 0x1018) return msg.subarray(pos + 4, pos + 4 + len);
    pos += 4 + len;
  }
  throw new Error("no Encrypted Settings");
}

function keysOf(r: Recording) {
  const shared = computeDhSharedSecret(r.reg("DH Private Key"), r.reg("DH peer Public Key"));
  return deriveKeys({
    sharedSecret: shared,
    enrolleeNonce: r.reg("Enrollee Nonce"),
    enrolleeMac: r.enrolleeMac,
    registrarNonce: r.reg("Registrar Nonce"),
  });
}

for (const r of RECORDINGS) {
  Deno.test(`dhKeyPairFromPrivate() reproduces both recorded public keys (${r.mode})`, () => {
    deepStrictEqual(
      dhKeyPairFromPrivate(r.reg("DH Private Key")).publicKey,
      r.reg("DH own Public Key"),
    );
    deepStrictEqual(
      dhKeyPairFromPrivate(r.enr("DH Private Key")).publicKey,
      r.enr("DH own Public Key"),
    );
  });

  Deno.test(`computeDhSharedSecret() gives the recorded shared secret on both sides (${r.mode})`, () => {
    const a = computeDhSharedSecret(r.reg("DH Private Key"), r.enr("DH own Public Key"));
    const b = computeDhSharedSecret(r.enr("DH Private Key"), r.reg("DH own Public Key"));
    deepStrictEqual(a, r.reg("DH shared key"));
    deepStrictEqual(b, r.enr("DH shared key"));
  });

  Deno.test(`deriveKeys() reproduces DHKey, KDK, AuthKey, KeyWrapKey and EMSK (${r.mode})`, () => {
    const k = keysOf(r);
    deepStrictEqual(k.dhKey, r.reg("DHKey"));
    deepStrictEqual(k.kdk, r.reg("KDK"));
    deepStrictEqual(k.authKey, r.reg("AuthKey"));
    deepStrictEqual(k.keyWrapKey, r.reg("KeyWrapKey"));
    deepStrictEqual(k.emsk, r.reg("EMSK"));
    deepStrictEqual(k.emsk, r.enr("EMSK"));
  });

  Deno.test(`computePsk1Psk2() and the hashes reproduce PSK1/2, E-Hash1/2 and R-Hash1/2 (${r.mode})`, () => {
    const { authKey } = keysOf(r);
    const { psk1, psk2 } = computePsk1Psk2(authKey, utf8(r.devicePassword));
    deepStrictEqual(psk1, r.reg("PSK1"));
    deepStrictEqual(psk2, r.reg("PSK2"));
    const pkE = r.reg("DH peer Public Key");
    const pkR = r.reg("DH own Public Key");
    deepStrictEqual(computeEHash(authKey, r.enr("E-S1"), psk1, pkE, pkR), r.reg("E-Hash1"));
    deepStrictEqual(computeEHash(authKey, r.enr("E-S2"), psk2, pkE, pkR), r.reg("E-Hash2"));
    deepStrictEqual(computeRHash(authKey, r.reg("R-S1"), psk1, pkE, pkR), r.reg("R-Hash1"));
    deepStrictEqual(computeRHash(authKey, r.reg("R-S2"), psk2, pkE, pkR), r.reg("R-Hash2"));
  });

  Deno.test(`verifyAuthenticator() accepts every recorded M2..M8 and computeAuthenticator() matches (${r.mode})`, () => {
    const { authKey } = keysOf(r);
    const names = ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8"];
    for (let i = 1; i < names.length; i++) {
      const prev = r.msg(names[i - 1]!);
      const cur = r.msg(names[i]!);
      ok(verifyAuthenticator(authKey, prev, cur), names[i]);
      deepStrictEqual(
        computeAuthenticator(authKey, prev, cur.subarray(0, cur.length - 12)),
        cur.subarray(cur.length - 8),
      );
      const flipped = cur.slice();
      flipped[20]! ^= 1;
      ok(!verifyAuthenticator(authKey, prev, flipped));
      // Chaining to the wrong previous message fails.
      ok(!verifyAuthenticator(authKey, cur, cur));
    }
  });

  Deno.test(`decryptSettings() and verifyKwa() reproduce all recorded decrypted settings (${r.mode})`, () => {
    const { authKey, keyWrapKey } = keysOf(r);
    const decrypted = {
      M4: r.enr("Decrypted Encrypted Settings", 0),
      M5: r.reg("Decrypted Encrypted Settings", 0),
      M6: r.enr("Decrypted Encrypted Settings", 1),
      M7: r.reg("Decrypted Encrypted Settings", 1),
      M8: r.enr("Decrypted Encrypted Settings", 2),
    };
    for (const [name, logged] of Object.entries(decrypted)) {
      const enc = encrValue(r.msg(name));
      const plain = decryptSettings(keyWrapKey, enc);
      // hostapd logs the plaintext before removing the padding.
      deepStrictEqual(plain, logged.subarray(0, plain.length), name);
      equal(logged.length - plain.length, logged[logged.length - 1], name);
      ok(verifyKwa(authKey, plain), name);
      deepStrictEqual(
        computeKwa(authKey, plain.subarray(0, plain.length - 12)),
        plain.subarray(plain.length - 8),
      );
      // Re-encrypting with the recorded IV gives the recorded bytes.
      deepStrictEqual(encryptSettings(keyWrapKey, plain, enc.subarray(0, 16)), enc, name);
      deepStrictEqual(appendKwa(authKey, plain.subarray(0, plain.length - 12)), plain);
    }
  });
}

Deno.test("decryptSettings() rejects short, unaligned and badly padded data", () => {
  const key = new Uint8Array(16).fill(7);
  const iv = new Uint8Array(16).fill(1);
  const good = encryptSettings(key, new Uint8Array(20).fill(0x41), iv);
  deepStrictEqual(decryptSettings(key, good), new Uint8Array(20).fill(0x41));
  throws(() => decryptSettings(key, good.subarray(0, 16)), WscDecodeError);
  throws(() => decryptSettings(key, good.subarray(0, 40)), WscDecodeError);
  // 15 bytes get a single pad byte of value 1.
  equal(decryptSettings(key, encryptSettings(key, new Uint8Array(15), iv)).length, 15);
  // A plaintext ending in a 0 pad, a pad > 16, and inconsistent pad bytes.
  for (const tail of [0, 17, 0xff]) {
    const block = new Uint8Array(32).fill(3);
    block[31] = tail;
    const enc = encryptNoPad(key, iv, block);
    throws(() => decryptSettings(key, enc), WscDecodeError, `pad ${tail}`);
  }
  const mixed = new Uint8Array(32).fill(4);
  mixed[29] = 5; // pad 4 but one of the four pad bytes differs
  throws(() => decryptSettings(key, encryptNoPad(key, iv, mixed)), WscDecodeError);
});

Deno.test("verifyKwa() rejects settings whose KWA is not last or wrong", () => {
  const authKey = new Uint8Array(32).fill(9);
  const body = Uint8Array.of(0x10, 0x16, 0, 16, ...new Uint8Array(16));
  const withKwa = appendKwa(authKey, body);
  ok(verifyKwa(authKey, withKwa));
  ok(!verifyKwa(authKey, concat(withKwa, Uint8Array.of(0x10, 0x4a, 0, 1, 0x10))));
  const bad = withKwa.slice();
  bad[bad.length - 1]! ^= 0x80;
  ok(!verifyKwa(authKey, bad));
  ok(!verifyKwa(authKey, body));
});

function encryptNoPad(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Uint8Array {
  // Encrypt a full block sequence, then strip the extra padding block encryptSettings adds.
  const e = encryptSettings(key, plain, iv);
  return e.subarray(0, 16 + plain.length);
}
