import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import { buildEapol, EapolDecodeError, EapolType, parseEapol } from "../../../core/eapol/frame.ts";

// Frames 1 and 2 of /work/shared/examples/wired/captures/pin/cap.pcapng (after the Ethernet
// header): wpa_supplicant's EAPOL-Start and hostapd's EAP-Request/Identity.
const START = "02010000";
const REQ_IDENTITY = "020000050169000501";

Deno.test("parseEapol() reads a captured EAPOL-Start", () => {
  const f = parseEapol(fromHex(START));
  equal(f.version, 2);
  equal(f.type, EapolType.START);
  equal(f.body.length, 0);
});

Deno.test("parseEapol() reads a captured EAP-Packet and its body", () => {
  const f = parseEapol(fromHex(REQ_IDENTITY));
  equal(f.type, EapolType.EAP_PACKET);
  equal(toHex(f.body), "0169000501");
});

Deno.test("parseEapol() ignores Ethernet padding after the body", () => {
  const padded = new Uint8Array(46);
  padded.set(fromHex(REQ_IDENTITY));
  equal(toHex(parseEapol(padded).body), "0169000501");
});

Deno.test("parseEapol() rejects a body shorter than its length field", () => {
  throws(() => parseEapol(fromHex("0200000501690005")), EapolDecodeError);
});

Deno.test("parseEapol() rejects a short header and version 0", async (t) => {
  for (const hex of ["", "02", "0201", "020000", "00010000"]) {
    await t.step(hex || "empty", () => {
      throws(() => parseEapol(fromHex(hex)), EapolDecodeError);
    });
  }
});

Deno.test("buildEapol() rebuilds the captured frames byte for byte", () => {
  equal(toHex(buildEapol(2, EapolType.START)), START);
  equal(toHex(buildEapol(2, EapolType.EAP_PACKET, fromHex("0169000501"))), REQ_IDENTITY);
});

Deno.test("buildEapol() round-trips random bodies and no strict prefix parses", () => {
  for (let i = 0; i < 200; i++) {
    const body = crypto.getRandomValues(new Uint8Array(i * 3));
    const bytes = buildEapol(1 + (i % 3), i % 5, body);
    const f = parseEapol(bytes);
    deepStrictEqual([f.version, f.type, toHex(f.body)], [1 + (i % 3), i % 5, toHex(body)]);
    if (bytes.length > 0) throws(() => parseEapol(bytes.subarray(0, bytes.length - 1)));
  }
});

Deno.test("buildEapol() rejects out-of-range fields", () => {
  throws(() => buildEapol(0, 0), RangeError);
  throws(() => buildEapol(256, 0), RangeError);
  throws(() => buildEapol(2, -1), RangeError);
  throws(() => buildEapol(2, 0, new Uint8Array(0x10000)), RangeError);
});

Deno.test("parseEapol() only ever throws EapolDecodeError on random input", () => {
  for (let i = 0; i < 5000; i++) {
    const b = crypto.getRandomValues(new Uint8Array(i % 40));
    try {
      const f = parseEapol(b);
      equal(f.body.length, (b[2]! << 8) | b[3]!);
    } catch (err) {
      if (!(err instanceof EapolDecodeError)) throw err;
    }
  }
});
