import { deepStrictEqual, equal } from "node:assert/strict";
import { formatUuid, parseUuid, uuidFromMac } from "../../../core/wps/uuid.ts";

Deno.test("uuidFromMac() gives the reference example for 02:00:00:00:03:00", () => {
  // Reference 4.3's worked example; tests/core/wps/messages_test.ts also checks a real hostapd.
  equal(
    formatUuid(uuidFromMac(Uint8Array.of(2, 0, 0, 0, 3, 0))),
    "d9ec65b2-32e4-538d-b26c-3f2b86f7a8d5",
  );
});

Deno.test("parseUuid() and formatUuid() round-trip and reject malformed text", () => {
  const text = "abcdef01-2345-6789-abcd-ef0123456789";
  equal(formatUuid(parseUuid(text)!), text);
  equal(formatUuid(parseUuid(text.toUpperCase())!), text);
  for (
    const bad of [
      "",
      "abcdef0123456789abcdef0123456789",
      "abcdef01-2345-6789-abcd-ef012345678g",
      `${text}0`,
    ]
  ) {
    deepStrictEqual(parseUuid(bad), undefined, bad);
  }
});
