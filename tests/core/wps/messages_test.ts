import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { concat, fromHex, randomBytes, toHex } from "../../../core/bytes.ts";
import { computeDhSharedSecret } from "../../../core/wps/dh.ts";
import { WscDecodeError } from "../../../core/wps/errors.ts";
import { deriveKeys } from "../../../core/wps/kdf.ts";
import {
  buildM1,
  buildM2,
  buildM2D,
  buildM3,
  buildM4,
  buildM5,
  buildM6,
  buildM7,
  buildM8,
  buildWscAck,
  buildWscDone,
  buildWscNack,
  parseM1,
  parseM2,
  parseM2D,
  parseM3,
  parseM4,
  parseM5,
  parseM6,
  parseM7,
  parseM8,
  parseWscAck,
  parseWscDone,
  parseWscNack,
} from "../../../core/wps/messages.ts";
import { uuidFromMac } from "../../../core/wps/uuid.ts";
import { parseAttributes } from "../../../core/wps/attributes.ts";
import { loadRecording } from "./_fixture.ts";

// deno-lint-ignore no-explicit-any
type AnyParse = (b: Uint8Array) => any;
// deno-lint-ignore no-explicit-any
type AnyBuild = (m: any, auth?: any) => Uint8Array;
const CODECS: Record<string, { parse: AnyParse; build: AnyBuild; auth: boolean }> = {
  M1: { parse: parseM1, build: buildM1, auth: false },
  M2: { parse: parseM2, build: buildM2, auth: true },
  M2D: { parse: parseM2D, build: buildM2D, auth: false },
  M3: { parse: parseM3, build: buildM3, auth: true },
  M4: { parse: parseM4, build: buildM4, auth: true },
  M5: { parse: parseM5, build: buildM5, auth: true },
  M6: { parse: parseM6, build: buildM6, auth: true },
  M7: { parse: parseM7, build: buildM7, auth: true },
  M8: { parse: parseM8, build: buildM8, auth: true },
  WSC_ACK: { parse: parseWscAck, build: buildWscAck, auth: false },
  WSC_NACK: { parse: parseWscNack, build: buildWscNack, auth: false },
  WSC_Done: { parse: parseWscDone, build: buildWscDone, auth: false },
};

for (const mode of ["pin", "pbc"] as const) {
  const r = loadRecording(mode);
  const keys = deriveKeys({
    sharedSecret: computeDhSharedSecret(r.reg("DH Private Key"), r.reg("DH peer Public Key")),
    enrolleeNonce: r.reg("Enrollee Nonce"),
    enrolleeMac: r.enrolleeMac,
    registrarNonce: r.reg("Registrar Nonce"),
  });

  Deno.test(`parseM1()..parseWscDone() decode every recorded message field by field (${mode})`, () => {
    const m1 = parseM1(r.msg("M1"));
    deepStrictEqual(m1.uuidE, fromHex("abcdef0123456789abcdef0123456789"));
    deepStrictEqual(m1.macAddress, r.enrolleeMac);
    deepStrictEqual(m1.enrolleeNonce, r.reg("Enrollee Nonce"));
    deepStrictEqual(m1.publicKey, r.enr("DH own Public Key"));
    equal(m1.authTypeFlags, 0x0023);
    equal(m1.encrTypeFlags, 0x000d);
    equal(m1.connTypeFlags, 1);
    equal(m1.configMethods, 0x2388);
    equal(m1.wpsState, 1);
    equal(m1.manufacturer, "StaManu");
    equal(m1.modelName, "StaModel");
    equal(m1.modelNumber, "2.0");
    equal(m1.serialNumber, "1234");
    equal(toHex(m1.primaryDeviceType), "00010050f2040001");
    equal(m1.deviceName, "TestSTA");
    equal(m1.rfBands, 3);
    equal(m1.assocState, 0);
    equal(m1.devPasswordId, mode === "pin" ? 0 : 4);
    equal(m1.configError, 0);
    equal(m1.osVersion, 0x81020300);
    equal(m1.version, 0x10);
    equal(m1.wfa?.version2, 0x20);
    deepStrictEqual(m1.raw, r.msg("M1"));

    const m2 = parseM2(r.msg("M2"));
    deepStrictEqual(m2.enrolleeNonce, r.reg("Enrollee Nonce"));
    deepStrictEqual(m2.registrarNonce, r.reg("Registrar Nonce"));
    // hostapd ran without uuid=, so UUID-R is the one it derived from its MAC (reference 4.3).
    deepStrictEqual(m2.uuidR, uuidFromMac(r.apMac));
    deepStrictEqual(m2.publicKey, r.reg("DH own Public Key"));
    equal(m2.authTypeFlags, 0x0023);
    equal(m2.encrTypeFlags, 0x000d);
    equal(m2.configMethods, 0x238c);
    equal(m2.manufacturer, "TestManu");
    equal(m2.modelName, "TestModel");
    equal(m2.modelNumber, "1.0");
    equal(m2.serialNumber, "0001");
    equal(toHex(m2.primaryDeviceType), "00060050f2040001");
    equal(m2.deviceName, "TestAP");
    equal(m2.rfBands, 1);
    equal(m2.devPasswordId, mode === "pin" ? 0 : 4);
    equal(m2.osVersion, 0x81020300);
    equal(m2.authenticator.length, 8);

    const m3 = parseM3(r.msg("M3"));
    deepStrictEqual(m3.registrarNonce, r.reg("Registrar Nonce"));
    deepStrictEqual(m3.eHash1, r.reg("E-Hash1"));
    deepStrictEqual(m3.eHash2, r.reg("E-Hash2"));
    const m4 = parseM4(r.msg("M4"));
    deepStrictEqual(m4.rHash1, r.reg("R-Hash1"));
    deepStrictEqual(m4.rHash2, r.reg("R-Hash2"));
    equal(m4.encryptedSettings.length, 64);
    deepStrictEqual(parseM5(r.msg("M5")).encryptedSettings, r.reg("Encrypted Settings", 0));
    deepStrictEqual(parseM6(r.msg("M6")).enrolleeNonce, r.reg("Enrollee Nonce"));
    deepStrictEqual(parseM7(r.msg("M7")).encryptedSettings, r.reg("Encrypted Settings", 1));
    deepStrictEqual(parseM8(r.msg("M8")).enrolleeNonce, r.reg("Enrollee Nonce"));
    const done = parseWscDone(r.msg("WSC_Done"));
    deepStrictEqual(done.enrolleeNonce, r.reg("Enrollee Nonce"));
    deepStrictEqual(done.registrarNonce, r.reg("Registrar Nonce"));
  });

  Deno.test(`buildM1()..buildWscDone() rebuild every recorded message byte for byte (${mode})`, () => {
    const names = ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "WSC_Done"];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const codec = CODECS[name]!;
      const parsed = codec.parse(r.msg(name));
      const { raw: _raw, attrs: _attrs, authenticator: _a, ...fields } = parsed;
      const auth = codec.auth
        ? { authKey: keys.authKey, previous: r.msg(names[i - 1]!) }
        : undefined;
      equal(toHex(codec.build(fields, auth)), toHex(r.msg(name)), name);
    }
  });
}

// ---- Round trips with random field values ----

const rb = randomBytes;
const rnd = (max: number) => Math.floor(Math.random() * (max + 1));
const rstr = (max: number) => {
  const alphabet = "abcXYZ019 -_.éあ";
  let s = "";
  for (let i = rnd(max); i > 0; i--) s += alphabet[rnd(alphabet.length - 1)];
  // Keep within the truncation limits in bytes.
  while (new TextEncoder().encode(s).length > max) s = s.slice(0, -1);
  return s;
};
const device = () => ({
  manufacturer: rstr(64),
  modelName: rstr(32),
  modelNumber: rstr(32),
  serialNumber: rstr(32),
  primaryDeviceType: rb(8),
  deviceName: rstr(32),
});
const flags = () => ({
  authTypeFlags: rnd(0xffff),
  encrTypeFlags: rnd(0xffff),
  connTypeFlags: rnd(0xff),
  configMethods: rnd(0xffff),
});
const wfa = () =>
  Math.random() < 0.5 ? {} : {
    version2: 0x20,
    authorizedMacs: Array.from({ length: 1 + rnd(4) }, () => rb(6)),
    requestToEnroll: 1,
  };

/** Random messages of every type, in the builder's input shape. */
const GENERATORS: Record<string, () => Record<string, unknown>> = {
  M1: () => ({
    uuidE: rb(16),
    macAddress: rb(6),
    enrolleeNonce: rb(16),
    publicKey: rb(190 + rnd(2)),
    ...flags(),
    wpsState: rnd(2),
    ...device(),
    rfBands: rnd(7),
    assocState: rnd(4),
    devPasswordId: rnd(0xffff),
    configError: rnd(20),
    osVersion: rnd(0x7fffffff) + 0x80000000,
    wfa: wfa(),
  }),
  M2: () => ({
    enrolleeNonce: rb(16),
    registrarNonce: rb(16),
    uuidR: rb(16),
    publicKey: rb(192),
    ...flags(),
    ...device(),
    rfBands: rnd(7),
    assocState: 0,
    configError: 0,
    devPasswordId: rnd(0xffff),
    osVersion: rnd(0xffffffff),
    ...(Math.random() < 0.3 ? { encryptedSettings: rb(32 + 16 * rnd(4)) } : {}),
  }),
  M2D: () => ({
    enrolleeNonce: rb(16),
    registrarNonce: new Uint8Array(16),
    uuidR: rb(16),
    ...flags(),
    ...device(),
    rfBands: rnd(7),
    assocState: 0,
    configError: rnd(20),
    osVersion: rnd(0xffffffff),
    vendorExtensions: [Uint8Array.of(0x00, 0x10, 0x18, ...rb(rnd(20)))],
  }),
  M3: () => ({ registrarNonce: rb(16), eHash1: rb(32), eHash2: rb(32) }),
  M4: () => ({ enrolleeNonce: rb(16), rHash1: rb(32), rHash2: rb(32), encryptedSettings: rb(64) }),
  M5: () => ({ registrarNonce: rb(16), encryptedSettings: rb(64) }),
  M6: () => ({ enrolleeNonce: rb(16), encryptedSettings: rb(64) }),
  M7: () => ({ registrarNonce: rb(16), encryptedSettings: rb(96), wfa: wfa() }),
  M8: () => ({ enrolleeNonce: rb(16), encryptedSettings: rb(16 * (2 + rnd(10))) }),
  WSC_ACK: () => ({ enrolleeNonce: rb(16), registrarNonce: rb(16) }),
  WSC_NACK: () => ({ enrolleeNonce: rb(16), registrarNonce: rb(16), configError: rnd(20) }),
  WSC_Done: () => ({ enrolleeNonce: rb(16), registrarNonce: rb(16), version: 0x10 }),
};

/** The fields a parse result shares with the builder input. */
function strip(parsed: Record<string, unknown>): Record<string, unknown> {
  const { raw: _r, attrs: _a, authenticator: _x, ...rest } = parsed;
  return rest;
}

Deno.test("every message type round-trips random field values through build and parse", async (t) => {
  for (const [name, gen] of Object.entries(GENERATORS)) {
    await t.step(name, () => {
      const codec = CODECS[name]!;
      for (let i = 0; i < 50; i++) {
        const msg = gen();
        const authenticator = rb(8);
        const bytes = codec.build(msg, codec.auth ? { authenticator } : undefined);
        const parsed = codec.parse(bytes);
        const expected = { version: 0x10, wfa: { version2: 0x20 }, ...msg };
        if (!("version2" in (expected.wfa as object))) expected.wfa = { version2: 0x20 };
        deepStrictEqual(strip(parsed), expected);
        if (codec.auth) deepStrictEqual(parsed.authenticator, authenticator);
        deepStrictEqual(parsed.raw, bytes);
        deepStrictEqual(
          codec.build(strip(parsed), codec.auth ? { authenticator } : undefined),
          bytes,
        );
      }
    });
  }
});

/** Offsets where a TLV ends, and the offset of the first Vendor Extension. */
function boundaries(bytes: Uint8Array): { ends: Set<number>; firstExt: number } {
  const ends = new Set<number>([0]);
  let firstExt = -1;
  for (let pos = 0; pos < bytes.length;) {
    if (((bytes[pos]! << 8) | bytes[pos + 1]!) === 0x1049 && firstExt < 0) firstExt = pos;
    pos += 4 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!);
    ends.add(pos);
  }
  return { ends, firstExt };
}

Deno.test("no strict prefix of an encoded message parses unless it only drops trailing extensions", async (t) => {
  for (const [name, gen] of Object.entries(GENERATORS)) {
    await t.step(name, () => {
      const codec = CODECS[name]!;
      const bytes = codec.build(gen(), codec.auth ? { authenticator: rb(8) } : undefined);
      const { ends, firstExt } = boundaries(bytes);
      for (let n = 0; n < bytes.length; n++) {
        const prefix = bytes.subarray(0, n);
        // Only messages without an Authenticator may lose their optional trailing
        // Vendor Extensions (WSC 1.0 peers send none); everything else must fail.
        if (!codec.auth && ends.has(n) && n >= firstExt) {
          codec.parse(prefix);
        } else {
          throws(() => codec.parse(prefix), WscDecodeError, `${name} prefix ${n}`);
        }
      }
    });
  }
});

// ---- Rejects: {hex, expected error} ----

const V = "104a000110";
const T = (t: number) => `10220001${t.toString(16).padStart(2, "0")}`;
const EN = "101a0010" + "11".repeat(16);
const RN = "10390010" + "22".repeat(16);
const AUTH = "10050008" + "33".repeat(8);
const EH = (n: number) => `101${n + 3}0020` + "44".repeat(32);

const REJECTS: Array<
  { name: string; parse: AnyParse; hex: string; kind: "missing" | "malformed"; attr?: number }
> = [
  { name: "empty input", parse: parseWscAck, hex: "", kind: "missing", attr: 0x1022 },
  { name: "a truncated header", parse: parseWscAck, hex: V + "1022", kind: "malformed" },
  {
    name: "a value overflowing the message",
    parse: parseWscAck,
    hex: V + "102200020d",
    kind: "malformed",
    attr: 0x1022,
  },
  {
    name: "a wrong Message Type",
    parse: parseWscAck,
    hex: V + T(0x0e) + EN + RN,
    kind: "malformed",
    attr: 0x1022,
  },
  {
    name: "a missing Registrar Nonce",
    parse: parseWscAck,
    hex: V + T(0x0d) + EN,
    kind: "missing",
    attr: 0x1039,
  },
  {
    name: "a 15-byte Enrollee Nonce",
    parse: parseWscAck,
    hex: V + T(0x0d) + "101a000f" + "11".repeat(15) + RN,
    kind: "malformed",
    attr: 0x101a,
  },
  {
    name: "a 2-byte Version",
    parse: parseWscAck,
    hex: "104a00021010" + T(0x0d) + EN + RN,
    kind: "malformed",
    attr: 0x104a,
  },
  {
    name: "a NACK without Configuration Error",
    parse: parseWscNack,
    hex: V + T(0x0e) + EN + RN,
    kind: "missing",
    attr: 0x1009,
  },
  {
    name: "an M3 without Authenticator",
    parse: parseM3,
    hex: V + T(0x07) + RN + EH(1) + EH(2),
    kind: "missing",
    attr: 0x1005,
  },
  {
    name: "an M3 with the Authenticator not last",
    parse: parseM3,
    hex: V + T(0x07) + RN + EH(1) + AUTH + EH(2),
    kind: "malformed",
    attr: 0x1005,
  },
  {
    name: "an M3 with a 7-byte Authenticator",
    parse: parseM3,
    hex: V + T(0x07) + RN + EH(1) + EH(2) + "10050007" + "33".repeat(7),
    kind: "malformed",
    attr: 0x1005,
  },
  {
    name: "an M3 without E-Hash2",
    parse: parseM3,
    hex: V + T(0x07) + RN + EH(1) + AUTH,
    kind: "missing",
    attr: 0x1015,
  },
  {
    name: "a WFA Version2 of length 2",
    parse: parseWscAck,
    hex: V + T(0x0d) + EN + RN + "10490007" + "00372a00022000",
    kind: "malformed",
    attr: 0x1049,
  },
  {
    name: "3 bytes left after the last attribute",
    parse: parseWscAck,
    hex: V + T(0x0d) + EN + RN + "000000",
    kind: "malformed",
  },
];

Deno.test("message parsers reject malformed and incomplete input", async (t) => {
  for (const row of REJECTS) {
    await t.step(`rejects ${row.name}`, () => {
      throws(() => row.parse(fromHex(row.hex)), (e: unknown) => {
        ok(e instanceof WscDecodeError, String(e));
        equal(e.kind, row.kind, e.message);
        if (row.attr !== undefined) equal(e.attrType, row.attr, e.message);
        return true;
      });
    });
  }
});

Deno.test("parseWscAck() accepts trailing zero padding, an oversized Device Name is ignored", () => {
  const ack = parseWscAck(fromHex(V + T(0x0d) + EN + RN + "00000000000000"));
  deepStrictEqual(ack.enrolleeNonce, new Uint8Array(16).fill(0x11));
  const m1 = buildM1(GENERATORS.M1!() as never);
  const long = concat(m1, fromHex("10110021" + "41".repeat(33)));
  // The first (valid) Device Name is kept; the 33-byte one is dropped as hostapd does.
  equal(parseM1(long).deviceName, parseM1(m1).deviceName);
});

Deno.test("message parsers only ever throw WscDecodeError on random bytes", () => {
  const parsers = Object.values(CODECS).map((c) => c.parse);
  const seeds = Object.entries(GENERATORS).map(([name, gen]) =>
    CODECS[name]!.build(gen(), CODECS[name]!.auth ? { authenticator: rb(8) } : undefined)
  );
  for (let i = 0; i < 3000; i++) {
    let input: Uint8Array;
    if (i % 2 === 0) {
      input = rb(rnd(300));
    } else {
      // Mutate a valid message: flip bytes, cut, or splice.
      input = seeds[i % seeds.length]!.slice();
      for (let k = rnd(4); k >= 0; k--) input[rnd(input.length - 1)] = rnd(255);
      if (Math.random() < 0.3) input = input.subarray(0, rnd(input.length));
    }
    for (const p of parsers) {
      try {
        p(input);
      } catch (e) {
        if (!(e instanceof WscDecodeError)) {
          throw new Error(`Non-codec error on ${toHex(input)}: ${e}`);
        }
      }
    }
  }
});

Deno.test("a repeated attribute counts once, the last copy, as hostapd's parser reads it", () => {
  const en2 = "101a0010" + "33".repeat(16);
  const ack = parseWscAck(fromHex(V + T(0x0d) + EN + en2 + RN));
  deepStrictEqual(ack.enrolleeNonce, fromHex("33".repeat(16)));
  // Even the Message Type: the last one decides.
  const nack = parseWscNack(fromHex(V + T(0x0d) + T(0x0e) + EN + RN + "100900020012"));
  equal(nack.configError, 18);
  // Of two WFA extensions the last gives the Version2.
  const wfa = (v: string) => "10490006" + "00372a0001" + v;
  equal(parseWscAck(fromHex(V + T(0x0d) + EN + RN + wfa("20") + wfa("21"))).wfa?.version2, 0x21);
});

Deno.test("a device string ends at a NUL, as hostapd's C strings do", () => {
  const m1 = buildM1(GENERATORS.M1!() as never);
  // Replace the Device Name with "AB\0CD".
  const attrs = parseAttributes(m1);
  const name = attrs.map.get(0x1011)![0]!;
  const patched = concat(
    m1.subarray(0, name.offset),
    fromHex("10110005" + "4142004344"),
    m1.subarray(name.offset + 4 + name.value.length),
  );
  equal(parseM1(patched).deviceName, "AB");
});
