import { equal, ok } from "node:assert/strict";
import { parseConfig } from "../../../core/config/mod.ts";
import { randomBytes, toHex } from "../../../core/bytes.ts";

const FIXTURES = new URL("../../fixtures/config/", import.meta.url);
const enc = new TextEncoder();

/** Real configs: Debian's active lines, the wired example and the OpenWrt fixtures. */
function corpus(): Uint8Array[] {
  const debian = Deno.readTextFileSync(new URL("debian-hostapd.conf", FIXTURES))
    .split("\n").filter((l) => l !== "" && !l.startsWith("#")).join("\n") + "\n";
  const files = ["openwrt-psk2-wps", "openwrt-multi-bss", "openwrt-mixed-psk", "openwrt-legacy"]
    .map((n) => Deno.readFileSync(new URL(`${n}.conf`, FIXTURES)));
  return [
    enc.encode(debian),
    Deno.readFileSync(new URL("../../fixtures/wired/hostapd.conf", import.meta.url)),
    ...files,
  ];
}

/** xorshift32: a fast seeded generator for mutation choices (not for secrets). */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

const INSERTS = ["\r", "=", "#", "\0", "\n", " ", "bss=", "wps_state=", "\xff", "x".repeat(5000)];

function mutate(input: Uint8Array, rand: () => number): Uint8Array {
  let b = Array.from(input);
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (b.length + 1));
    switch (Math.floor(rand() * 5)) {
      case 0: // delete a span
        b.splice(at, 1 + Math.floor(rand() * 20));
        break;
      case 1: { // duplicate a span
        const span = b.slice(at, at + 1 + Math.floor(rand() * 80));
        b.splice(at, 0, ...span);
        break;
      }
      case 2: // flip a byte
        if (at < b.length) b[at] = b[at]! ^ (1 << Math.floor(rand() * 8));
        break;
      case 3: { // insert a special token
        const t = INSERTS[Math.floor(rand() * INSERTS.length)]!;
        b.splice(at, 0, ...Array.from(t, (c) => c.charCodeAt(0) & 0xff));
        break;
      }
      default: // random byte
        b.splice(at, 0, Math.floor(rand() * 256));
    }
  }
  if (b.length > 200_000) b = b.slice(0, 200_000);
  return Uint8Array.from(b);
}

const CHECK_ERRORS =
  /^(WPA-PSK enabled|Invalid IEEE 802\.1X|Cannot enable IEEE 802\.11[dh]|Cannot add Power Constraint|Cannot set Spectrum Management|Duplicate BSSID|FT \(IEEE 802\.11r\) requires|Invalid (WMM AC|TX queue) cwMin\/cwMax values)/;
/** The message hostapd prints before a WMM or TX queue line's error. */
const VALUE_DETAIL = /^Invalid (AIFS|cwMin|cwMax|txop|acm) value -?\d+$/;

Deno.test("parseConfig() survives 20,000 random edits of real configs", () => {
  const seed = new DataView(randomBytes(4).buffer).getUint32(0);
  const rand = prng(seed);
  const inputs = corpus();
  let refused = 0;
  for (let i = 0; i < 20_000; i++) {
    const data = mutate(inputs[i % inputs.length]!, rand);
    const r = parseConfig(data, "fuzz.conf");
    const why = `seed ${seed} iteration ${i}: ${toHex(data.subarray(0, 64))}`;
    if (r.ok) {
      ok(r.config.bss.length >= 1, why);
      continue;
    }
    refused++;
    const last = r.errors[r.errors.length - 1]!;
    // A value message goes before its line's error and is not counted, as in hostapd.
    const counted = r.errors.filter((l) => !VALUE_DETAIL.test(l)).length - 1;
    equal(last, `${counted} errors found in configuration file 'fuzz.conf'`, why);
    for (const line of r.errors.slice(0, -1)) {
      ok(
        /^Line [1-9]\d*: /.test(line) || CHECK_ERRORS.test(line) || VALUE_DETAIL.test(line),
        `${why}: ${line}`,
      );
    }
  }
  ok(refused > 1000 && refused < 20_000, `mutations should both break and keep files (${refused})`);
});
