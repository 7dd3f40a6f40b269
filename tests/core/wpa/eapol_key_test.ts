import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { concat, fromHex, randomBytes, toHex } from "../../../core/bytes.ts";
import {
  buildEapolKey,
  computeEapolMic,
  EapolKeyDecodeError,
  type EapolKeyFields,
  KeyInfo,
  parseEapolKey,
  signEapolKey,
  verifyEapolMic,
} from "../../../core/wpa/eapol_key.ts";
import { loadVectors } from "./_vectors.ts";

// The msg 2/4 and 4/4 frames of tests/fixtures/wpa/vectors.json were laid out and MIC'd by an
// independent Python implementation (gen_vectors.py), not captured from a real station.
Deno.test("buildEapolKey() and signEapolKey() reproduce the Python msg 2/4 and 4/4", () => {
  const v = loadVectors().handshake;
  const kck = fromHex(v.kck);
  const msg2 = signEapolKey(
    kck,
    buildEapolKey({
      keyInfo: 2 | KeyInfo.PAIRWISE | KeyInfo.MIC,
      replayCounter: 1n,
      nonce: fromHex(v.snonce),
      keyData: fromHex(v.rsne),
    }),
  );
  equal(toHex(msg2), v.msg2);
  const msg4 = signEapolKey(
    kck,
    buildEapolKey({
      keyInfo: 2 | KeyInfo.PAIRWISE | KeyInfo.MIC | KeyInfo.SECURE,
      replayCounter: 2n,
    }),
  );
  equal(toHex(msg4), v.msg4);
});

Deno.test("parseEapolKey() decodes the Python msg 2/4 field by field", () => {
  const v = loadVectors().handshake;
  const f = parseEapolKey(fromHex(v.msg2));
  equal(f.protocolVersion, 2);
  equal(f.keyInfo, 0x010a);
  equal(f.keyLength, 0);
  equal(f.replayCounter, 1n);
  equal(toHex(f.nonce), v.snonce);
  deepStrictEqual(f.iv, new Uint8Array(16));
  deepStrictEqual(f.rsc, new Uint8Array(8));
  deepStrictEqual(f.reserved, new Uint8Array(8));
  equal(toHex(f.mic), v.msg2.slice(162, 194));
  equal(toHex(f.keyData), v.rsne);
  ok(verifyEapolMic(fromHex(v.kck), fromHex(v.msg2)));
  ok(!verifyEapolMic(fromHex(v.kek), fromHex(v.msg2)));
});

function randomFields(): EapolKeyFields {
  const n = randomBytes(4);
  return {
    protocolVersion: 1 + (n[0]! & 1),
    keyInfo: (n[1]! << 8 | n[2]!) & 0x3fff,
    keyLength: n[3]!,
    replayCounter: new DataView(randomBytes(8).buffer).getBigUint64(0),
    nonce: randomBytes(32),
    iv: randomBytes(16),
    rsc: randomBytes(8),
    reserved: randomBytes(8),
    mic: randomBytes(16),
    keyData: randomBytes(n[0]! % 64),
  };
}

Deno.test("parseEapolKey() round-trips random frames and no strict prefix parses", () => {
  for (let i = 0; i < 200; i++) {
    const fields = randomFields();
    const frame = buildEapolKey(fields);
    const parsed = parseEapolKey(frame);
    deepStrictEqual(parsed, { ...fields, keyData: fields.keyData });
    deepStrictEqual(buildEapolKey(parsed), frame);
    const cut = Math.floor(Math.random() * frame.length);
    throws(() => parseEapolKey(frame.subarray(0, cut)), EapolKeyDecodeError);
  }
});

Deno.test("parseEapolKey() ignores Ethernet padding after the EAPOL body", () => {
  const frame = buildEapolKey({ keyInfo: 0x010a, replayCounter: 5n });
  const padded = concat(frame, new Uint8Array(20).fill(0xee));
  deepStrictEqual(parseEapolKey(padded), parseEapolKey(frame));
  const kck = randomBytes(16);
  signEapolKey(kck, frame);
  ok(verifyEapolMic(kck, concat(frame, new Uint8Array(3))));
});

Deno.test("parseEapolKey() rejects malformed frames", async (t) => {
  const good = toHex(
    buildEapolKey({ keyInfo: 0x010a, replayCounter: 1n, keyData: fromHex("dd00") }),
  );
  const rows: [string, string][] = [
    ["empty", ""],
    ["short header", "0203"],
    ["EAP packet type", "0200" + good.slice(4)],
    ["body length overruns", good.slice(0, 4) + "ffff" + good.slice(8)],
    ["body shorter than a descriptor", "0203005e" + good.slice(8, 8 + 0x5e * 2)],
    ["WPA1 descriptor type 254", good.slice(0, 8) + "fe" + good.slice(10)],
    ["key data length overruns", good.slice(0, 194) + "0003" + good.slice(198)],
  ];
  for (const [name, hex] of rows) {
    await t.step(name, () => throws(() => parseEapolKey(fromHex(hex)), EapolKeyDecodeError));
  }
});

Deno.test("computeEapolMic() covers every octet and skips the MIC field", () => {
  const kck = randomBytes(16);
  const frame = signEapolKey(kck, buildEapolKey({ ...randomFields(), keyInfo: 0x010a }));
  for (let i = 0; i < frame.length; i++) {
    const bad = frame.slice();
    bad[i]! ^= 0x80;
    equal(verifyEapolMic(kck, bad), false, `octet ${i}`);
  }
});

Deno.test("computeEapolMic() uses AES-CMAC for descriptor version 3 and refuses version 1", () => {
  const kck = randomBytes(16);
  const v2 = buildEapolKey({ keyInfo: 0x010a, replayCounter: 1n });
  const v3 = buildEapolKey({ keyInfo: 0x010b, replayCounter: 1n });
  equal(computeEapolMic(kck, v3).length, 16);
  ok(toHex(computeEapolMic(kck, v2)) !== toHex(computeEapolMic(kck, v3)));
  ok(verifyEapolMic(kck, signEapolKey(kck, v3)));
  throws(
    () => computeEapolMic(kck, buildEapolKey({ keyInfo: 0x0109, replayCounter: 1n })),
    RangeError,
  );
  equal(verifyEapolMic(kck, buildEapolKey({ keyInfo: 0x0109, replayCounter: 1n })), false);
});

Deno.test("buildEapolKey() rejects fixed fields of the wrong length", () => {
  throws(
    () => buildEapolKey({ keyInfo: 0, replayCounter: 0n, nonce: new Uint8Array(31) }),
    RangeError,
  );
  throws(
    () => buildEapolKey({ keyInfo: 0, replayCounter: 0n, mic: new Uint8Array(24) }),
    RangeError,
  );
});

// Third-party vector: the msg 2/4 of aircrack-ng's test capture as stored (Key MIC zeroed) in
// its test/cryptounittest/test-calc-mic.c, from a real station using EAPOL version 1, and the
// key-version-2 MIC aircrack-ng computes for it with the KCK of prf_test.ts's AIRCRACK vector.
Deno.test("computeEapolMic() matches aircrack-ng's test-calc-mic vector", () => {
  const frame = fromHex(
    "0103007502010a00100000000000000001" +
      "59168bc3a5df18d71efb6423f340088dab9e1ba2bbc58659e07b3764b0de8570" +
      "00".repeat(48) + "0016" + "30140100000fac040100000fac040100000fac020100",
  );
  const f = parseEapolKey(frame);
  equal(f.protocolVersion, 1);
  equal(f.keyInfo, 0x010a);
  equal(f.keyLength, 16);
  equal(f.replayCounter, 1n);
  equal(toHex(f.keyData), "30140100000fac040100000fac040100000fac020100");
  const kck = fromHex("9a75ef0bde7c209ccae13f54b1b33ea3");
  equal(toHex(computeEapolMic(kck, frame)), "6f0489cf7406acf0ae8fcb32bce57c37");
  deepStrictEqual(buildEapolKey(f), frame);
});

Deno.test("parseEapolKey() throws only EapolKeyDecodeError on random input", () => {
  for (let i = 0; i < 2000; i++) {
    const frame = randomBytes(i % 160);
    if (i % 2 === 0 && frame.length > 4) frame[1] = 3;
    if (i % 4 === 0 && frame.length > 4) frame[4] = 2;
    try {
      parseEapolKey(frame);
    } catch (e) {
      ok(e instanceof EapolKeyDecodeError, String(e));
    }
  }
});
