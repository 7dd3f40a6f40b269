import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { concat, fromHex, randomBytes, toHex } from "../../../core/bytes.ts";
import {
  buildGtkKde,
  buildIgtkKde,
  KeyDataDecodeError,
  padKeyData,
  parseKeyData,
  unwrapKeyData,
  wrapKeyData,
} from "../../../core/wpa/key_data.ts";
import { KeyUnwrapError } from "../../../core/wpa/key_wrap.ts";

const RSNE = fromHex("30140100000fac040100000fac040100000fac020c00");

Deno.test("buildGtkKde() lays out the IEEE 802.11 GTK KDE", () => {
  const gtk = fromHex("000102030405060708090a0b0c0d0e0f");
  equal(toHex(buildGtkKde({ keyIndex: 1, tx: false, key: gtk })), "dd16000fac010100" + toHex(gtk));
  equal(toHex(buildGtkKde({ keyIndex: 2, tx: true, key: gtk })).slice(12, 16), "0600");
  throws(() => buildGtkKde({ keyIndex: 4, tx: false, key: gtk }), RangeError);
});

Deno.test("padKeyData() pads with 0xdd and zeros to a multiple of 8, at least 16", async (t) => {
  const rows: [number, number][] = [[0, 16], [1, 16], [15, 16], [16, 16], [17, 24], [24, 24], [
    46,
    48,
  ], [48, 48]];
  for (const [len, padded] of rows) {
    await t.step(`${len} octets`, () => {
      const data = new Uint8Array(len).fill(0x11);
      const out = padKeyData(data);
      equal(out.length, padded);
      if (padded !== len) {
        equal(out[len], 0xdd);
        deepStrictEqual(out.subarray(len + 1), new Uint8Array(padded - len - 1));
      }
    });
  }
});

Deno.test("wrapKeyData() round-trips the msg 3/4 key data and parseKeyData() skips the padding", () => {
  const kek = randomBytes(16);
  const gtk = randomBytes(16);
  const plain = concat(RSNE, buildGtkKde({ keyIndex: 2, tx: false, key: gtk }));
  const wrapped = wrapKeyData(kek, plain);
  equal(wrapped.length, 56);
  const parsed = parseKeyData(unwrapKeyData(kek, wrapped));
  deepStrictEqual(parsed, { rsnElement: RSNE, gtk: { keyIndex: 2, tx: false, key: gtk } });
  throws(() => unwrapKeyData(randomBytes(16), wrapped), KeyUnwrapError);
});

Deno.test("parseKeyData() skips unknown elements and KDEs", () => {
  const data = concat(fromHex("dd050050f20401"), fromHex("dd06000fac04aabb"), RSNE);
  deepStrictEqual(parseKeyData(data), { rsnElement: RSNE });
  deepStrictEqual(parseKeyData(new Uint8Array(0)), {});
  deepStrictEqual(parseKeyData(fromHex("dd00dd00")), {});
});

Deno.test("parseKeyData() rejects overruns and malformed GTK KDEs", async (t) => {
  const rows: [string, string][] = [
    ["element overruns", "3014010000"],
    ["lone element ID", "30"],
    ["GTK KDE with a 4-octet key", "dd0c000fac01010000010203"],
    ["GTK KDE with a 33-octet key", "dd29000fac010100" + "00".repeat(33)],
  ];
  for (const [name, hex] of rows) {
    await t.step(name, () => throws(() => parseKeyData(fromHex(hex)), KeyDataDecodeError));
  }
});

Deno.test("buildIgtkKde() and parseKeyData() round-trip an IGTK KDE after a GTK KDE", () => {
  const igtk = { keyIndex: 5, ipn: fromHex("010203040506"), key: fromHex("00".repeat(15) + "ff") };
  const kde = buildIgtkKde(igtk);
  // dd 1c 00-0f-ac:9, Key ID 5 little-endian, IPN, IGTK (IEEE 802.11-2020 Figure 12-42).
  equal(toHex(kde.subarray(0, 14)), "dd1c000fac090500010203040506");
  const gtk = buildGtkKde({ keyIndex: 1, tx: false, key: new Uint8Array(16).fill(7) });
  const parsed = parseKeyData(padKeyData(concat(gtk, kde)));
  deepStrictEqual(parsed.igtk, igtk);
  equal(parsed.gtk?.keyIndex, 1);
  throws(() => buildIgtkKde({ ...igtk, keyIndex: 1 }), RangeError);
  throws(() => parseKeyData(Uint8Array.of(0xdd, 8, 0, 0x0f, 0xac, 9, 6, 0, 1, 2)), /IGTK KDE/);
});
