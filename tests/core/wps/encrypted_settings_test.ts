import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { fromHex, randomBytes, utf8 } from "../../../core/bytes.ts";
import { buildCredential, type Credential, parseCredential } from "../../../core/wps/credential.ts";
import { computeDhSharedSecret } from "../../../core/wps/dh.ts";
import {
  buildEncryptedSettings,
  openSettings,
  parseEncryptedSettings,
  sealSettings,
} from "../../../core/wps/encrypted_settings.ts";
import { WscDecodeError } from "../../../core/wps/errors.ts";
import { deriveKeys } from "../../../core/wps/kdf.ts";
import { parseM4, parseM5, parseM6, parseM7, parseM8 } from "../../../core/wps/messages.ts";
import { loadRecording } from "./_fixture.ts";

const r = loadRecording("pin");
const keys = deriveKeys({
  sharedSecret: computeDhSharedSecret(r.reg("DH Private Key"), r.reg("DH peer Public Key")),
  enrolleeNonce: r.reg("Enrollee Nonce"),
  enrolleeMac: r.enrolleeMac,
  registrarNonce: r.reg("Registrar Nonce"),
});

Deno.test("openSettings() decodes the recorded M4..M8 settings and sealSettings() re-encrypts them exactly", () => {
  const m4 = parseM4(r.msg("M4")).encryptedSettings;
  const m5 = parseM5(r.msg("M5")).encryptedSettings;
  const m6 = parseM6(r.msg("M6")).encryptedSettings;
  const m7 = parseM7(r.msg("M7")).encryptedSettings;
  const m8 = parseM8(r.msg("M8")).encryptedSettings;
  const c4 = openSettings(keys, m4)!;
  deepStrictEqual(c4, { rSNonce1: r.enr("R-SNonce1") });
  deepStrictEqual(openSettings(keys, m5), { eSNonce1: r.reg("E-SNonce1") });
  deepStrictEqual(openSettings(keys, m6), { rSNonce2: r.enr("R-SNonce2") });
  deepStrictEqual(openSettings(keys, m7), { eSNonce2: r.reg("E-SNonce2") });
  const c8 = openSettings(keys, m8)!;
  equal(c8.credentials?.length, 1);
  const cred = c8.credentials![0]!;
  deepStrictEqual(cred, {
    networkIndex: 1,
    ssid: utf8("TestWPS"),
    authType: 0x0020,
    encrType: 0x0008,
    networkKey: utf8("initialpassphrase"),
    macAddress: r.enrolleeMac,
  });
  // wpa_supplicant logged the Credential attribute it received (type, length, value).
  deepStrictEqual(buildCredential(cred), r.enr("Received Credential attribute").subarray(4));
  for (const [enc, content] of [[m4, c4], [m8, c8]] as const) {
    deepStrictEqual(sealSettings(keys, content, enc.subarray(0, 16)), enc);
  }
});

Deno.test("openSettings() returns null for a wrong KWA and throws for missing or misplaced KWA", () => {
  const plain = buildEncryptedSettings({ rSNonce1: randomBytes(16) }, keys.authKey);
  const enc = sealSettings(keys, { rSNonce1: randomBytes(16) });
  ok(openSettings(keys, enc));
  equal(openSettings({ ...keys, authKey: randomBytes(32) }, enc), null);
  throws(
    () => parseEncryptedSettings(plain.subarray(0, plain.length - 12)),
    (e: unknown) => e instanceof WscDecodeError && e.kind === "missing",
  );
  const notLast = new Uint8Array([...plain, ...fromHex("104a000110")]);
  throws(
    () => parseEncryptedSettings(notLast),
    (e: unknown) => e instanceof WscDecodeError && e.kind === "malformed",
  );
});

Deno.test("parseCredential() round-trips random credentials and skips a stray octet after the Network Key", () => {
  for (let i = 0; i < 100; i++) {
    const c: Credential = {
      networkIndex: 1,
      ssid: randomBytes(1 + Math.floor(Math.random() * 32)),
      authType: 0x20,
      encrType: 0x08,
      networkKey: randomBytes(Math.floor(Math.random() * 65)),
      macAddress: randomBytes(6),
    };
    deepStrictEqual(parseCredential(buildCredential(c)), c);
  }
  // An AP that adds one byte after an empty Network Key (hostapd's WPS_WORKAROUNDS case).
  const odd = fromHex(
    "102600010110450003616263100300020001100f000200011027000000" + "102000060200000000aa",
  );
  deepStrictEqual(parseCredential(odd).macAddress, fromHex("0200000000aa"));
  throws(() => parseCredential(fromHex("102600010110450003616263")), WscDecodeError);
});
