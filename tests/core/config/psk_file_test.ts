import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { formatWpsPskLine, parsePskFile, pbkdf2Sha1Psk } from "../../../core/config/mod.ts";
import { fromHex, randomBytes, toHex } from "../../../core/bytes.ts";

const FIXTURES = new URL("../../fixtures/config/", import.meta.url);

Deno.test("pbkdf2Sha1Psk() matches IEEE 802.11 J.4 test vectors", () => {
  // IEEE 802.11-2020 Annex J.4.2, vectors 1 and 2.
  const enc = new TextEncoder();
  equal(
    toHex(pbkdf2Sha1Psk("password", enc.encode("IEEE"))),
    "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e",
  );
  equal(
    toHex(pbkdf2Sha1Psk("ThisIsAPassword", enc.encode("ThisIsASSID"))),
    "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af",
  );
});

Deno.test("parsePskFile() reads Debian's example wpa_psk file", () => {
  const text = Deno.readFileSync(new URL("debian-hostapd.wpa_psk", FIXTURES));
  const r = parsePskFile(text, "hostapd.wpa_psk", new TextEncoder().encode("IEEE"));
  ok(r.ok, r.ok ? "" : r.error);
  equal(r.entries.length, 8);
  deepStrictEqual(r.entries.map((e) => [e.keyid, e.vlanid, e.wps]), [
    [undefined, undefined, false],
    [undefined, undefined, false],
    [undefined, undefined, false],
    ["example_id", undefined, false],
    [undefined, 3, false],
    [undefined, undefined, true],
    [undefined, undefined, true],
    [undefined, undefined, false],
  ]);
  equal(r.entries[0]!.passphrase, "secret passphrase");
  equal(toHex(r.entries[2]!.psk!), "0123456789abcdef".repeat(4));
  equal(toHex(r.entries[6]!.mac), "112233445500");
  ok(r.entries.every((e) => e.psk?.length === 32));
});

Deno.test("parsePskFile() stops at the first bad line with hostapd's message", async (t) => {
  const cases: [string, string][] = [
    ["foo=1 00:11:22:33:44:55 12345678\n", "Unrecognized 'foo=1' on line 1 in 'f'"],
    ["# c\n00:11:22:33:44 12345678\n", "Invalid MAC address '00:11:22:33:44' on line 2 in 'f'"],
    ["00:11:22:33:44:55\n", "No PSK on line 1 in 'f'"],
    ["00:11:22:33:44:55 short\n", "Invalid PSK 'short' on line 1 in 'f'"],
    [`00:11:22:33:44:55 ${"g".repeat(64)}\n`, `Invalid PSK '${"g".repeat(64)}' on line 1 in 'f'`],
    [
      `keyid=${"k".repeat(32)} 00:11:22:33:44:55 12345678\n`,
      `Too long keyid '${"k".repeat(32)}' on line 1 in 'f'`,
    ],
  ]; // deno-fmt-ignore
  for (const [text, error] of cases) {
    await t.step(error, () => deepStrictEqual(parsePskFile(text, "f"), { ok: false, error }));
  }
});

Deno.test("formatWpsPskLine() output parses back to the same entry", () => {
  const mac = fromHex("021122334455");
  const psk = randomBytes(32);
  const line = formatWpsPskLine(mac, psk);
  equal(line, `wps=1 02:11:22:33:44:55 ${toHex(psk)}\n`);
  const r = parsePskFile("00:00:00:00:00:00 common passphrase\n" + line, "f");
  ok(r.ok);
  equal(r.entries[1]!.wps, true);
  deepStrictEqual(r.entries[1]!.mac, mac);
  deepStrictEqual(r.entries[1]!.psk, psk);
  throws(() => formatWpsPskLine(mac.subarray(1), psk), RangeError);
});
