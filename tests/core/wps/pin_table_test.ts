import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { ManualClock } from "../../../core/clock.ts";
import { PIN_HOLD_AFTER_RUN_MS, type PinRemoval, PinTable } from "../../../core/wps/pin_table.ts";
import { utf8 } from "../../../core/bytes.ts";

const UUID_A = new Uint8Array(16).fill(0xaa);
const UUID_B = new Uint8Array(16).fill(0xbb);
const PIN = utf8("12345670");
const MAC_1 = new Uint8Array([2, 0, 0, 0, 0, 1]);
const MAC_2 = new Uint8Array([2, 0, 0, 0, 0, 2]);

function setup() {
  const clock = new ManualClock();
  const removed: PinRemoval[] = [];
  const table = new PinTable(clock, (_e, why) => removed.push(why));
  return { clock, removed, table };
}

Deno.test("PinTable.acquire() prefers the UUID-specific PIN and locks it", () => {
  const { clock, table } = setup();
  table.add(UUID_A, utf8("11111111"), 0);
  table.add(null, utf8("22222222"), 0);
  const lease = table.acquire(UUID_A);
  deepStrictEqual(lease?.pin, utf8("11111111"));
  equal(table.acquire(UUID_A), null, "locked: no concurrent reuse");
  table.release(lease!, false);
  clock.advance(PIN_HOLD_AFTER_RUN_MS);
  ok(table.acquire(UUID_A), "unlocked after the run");
});

Deno.test("PinTable holds a PIN for 5 s after a failed run, except for that run's peer", () => {
  const { clock, table } = setup();
  table.add(UUID_A, PIN, 0);
  table.release(table.acquire(UUID_A, MAC_1)!, false, MAC_1);
  equal(table.acquire(UUID_A, MAC_2), null, "another MAC waits");
  clock.advance(PIN_HOLD_AFTER_RUN_MS - 1);
  equal(table.acquire(UUID_A, MAC_2), null);
  clock.advance(1);
  const later = table.acquire(UUID_A, MAC_2);
  ok(later, "free once the window is over");
  // The same peer starting again frees the PIN its ended run holds (hostapd frees that run).
  table.release(later, false, MAC_2);
  const again = table.acquire(UUID_A, MAC_2);
  ok(again);
  equal(table.acquire(UUID_A, MAC_1), null, "and it is locked for the new run");
  table.release(again, false, MAC_2);
  clock.advance(PIN_HOLD_AFTER_RUN_MS);
  ok(table.acquire(UUID_A, MAC_1));
});

Deno.test("PinTable.acquire() binds a wildcard PIN to the UUID-E", () => {
  const { table } = setup();
  table.add(null, PIN, 0);
  const lease = table.acquire(UUID_B)!;
  deepStrictEqual(lease.entry.uuid, UUID_B);
  equal(lease.entry.uses, 1);
});

Deno.test("PinTable.consume() removes the PIN after one successful use", () => {
  const { table, removed } = setup();
  table.add(UUID_A, PIN, 0);
  const lease = table.acquire(UUID_A)!;
  table.consume(lease);
  table.release(lease, false);
  equal(table.size, 0);
  deepStrictEqual(removed, ["used"]);
  equal(table.acquire(UUID_A), null);
});

Deno.test("PinTable.release() invalidates the PIN when M6 was sent", () => {
  const { table, removed } = setup();
  table.add(UUID_A, PIN, 0);
  table.release(table.acquire(UUID_A)!, true);
  equal(table.size, 0);
  deepStrictEqual(removed, ["invalidated"]);
});

Deno.test("PinTable keeps a wildcard PIN for exactly one more run after a failure", () => {
  const { clock, table } = setup();
  table.add(null, PIN, 0);
  table.release(table.acquire(UUID_A)!, false);
  equal(table.size, 1, "survives the first failed run");
  clock.advance(PIN_HOLD_AFTER_RUN_MS);
  const second = table.acquire(UUID_B)!;
  ok(second);
  table.release(second, false);
  equal(table.size, 0, "deleted after the second run");
});

Deno.test("PinTable keeps a UUID-specific PIN across failures before M6", () => {
  const { clock, table } = setup();
  table.add(UUID_A, PIN, 0);
  for (let i = 0; i < 5; i++) {
    table.release(table.acquire(UUID_A)!, false);
    clock.advance(PIN_HOLD_AFTER_RUN_MS);
  }
  equal(table.size, 1);
});

Deno.test("PinTable.invalidate() removes the PIN at once (E-Hash2 mismatch)", () => {
  const { table } = setup();
  table.add(UUID_A, PIN, 0);
  const lease = table.acquire(UUID_A)!;
  table.invalidate(lease);
  equal(table.size, 0);
  table.release(lease, true);
  equal(table.size, 0);
});

Deno.test("PinTable purges a PIN after its timeout", () => {
  const { clock, table, removed } = setup();
  table.add(UUID_A, PIN, 30);
  clock.advance(30_000);
  ok(table.acquire(UUID_A), "valid at exactly the timeout");
  const { clock: c2, table: t2 } = setup();
  t2.add(UUID_A, PIN, 30);
  c2.advance(30_001);
  equal(t2.acquire(UUID_A), null);
  deepStrictEqual(removed, []);
});

Deno.test("PinTable.add() of a wildcard replaces an unused unlocked wildcard", () => {
  const { table, removed } = setup();
  table.add(null, utf8("11111111"), 0);
  table.add(null, utf8("22222222"), 0);
  equal(table.size, 1);
  deepStrictEqual(removed, ["replaced"]);
  deepStrictEqual(table.acquire(UUID_A)?.pin, utf8("22222222"));
  table.add(null, utf8("33333333"), 0);
  equal(table.size, 2, "a used (locked) wildcard is not replaced");
});

Deno.test("PinTable.acquire() does not fall through to another PIN when the match is locked", () => {
  const { table } = setup();
  table.add(null, utf8("11111111"), 0);
  ok(table.acquire(UUID_A));
  table.add(null, utf8("22222222"), 0);
  // The newest wildcard is taken first, the older one stays locked by run A.
  ok(table.acquire(UUID_B));
  equal(table.acquire(UUID_B), null);
});

Deno.test("PinTable.removeWildcard() removes one wildcard, optionally by value", () => {
  const { table } = setup();
  table.add(UUID_A, PIN, 0);
  table.add(null, PIN, 0);
  equal(table.removeWildcard(utf8("99999999")), false);
  ok(table.removeWildcard());
  equal(table.size, 1);
  equal(table.removeWildcard(), false);
});

Deno.test("PinTable.add() rejects a malformed UUID; a negative timeout is already expired", () => {
  const { table } = setup();
  throws(() => table.add(new Uint8Array(15), PIN, 0), RangeError);
  throws(() => table.add(UUID_A, PIN, NaN), RangeError);
  table.add(UUID_A, PIN, -5);
  equal(table.size, 1, "stored, as hostapd stores it");
  equal(table.acquire(UUID_A), null, "and gone at the first lookup");
  equal(table.size, 0);
});
