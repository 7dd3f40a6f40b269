import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { ManualClock } from "../../../core/clock.ts";
import {
  buildAssocComebackElement,
  buildSaQuery,
  parseSaQuery,
  SaQueryAction,
  SaQueryProcedure,
} from "../../../core/ap/sa_query.ts";
import { toHex } from "../../../core/bytes.ts";

Deno.test("buildSaQuery() and parseSaQuery() round-trip; other categories are not SA Query", () => {
  const q = { action: SaQueryAction.RESPONSE, transactionId: Uint8Array.of(0xab, 0xcd) };
  const body = buildSaQuery(q);
  // Category 8 (SA Query), Action 1 (Response), Transaction Identifier (IEEE 802.11-2020 9.6.9).
  equal(toHex(body), "0801abcd");
  deepStrictEqual(parseSaQuery(body), q);
  equal(parseSaQuery(Uint8Array.of(4, 0, 1, 2)), undefined);
  throws(() => parseSaQuery(Uint8Array.of(8, 0, 1)), SyntaxError);
  throws(() => buildSaQuery({ action: 0, transactionId: Uint8Array.of(1) }), RangeError);
  // Timeout Interval, type 3 (association comeback time), 1000 TU little-endian.
  equal(toHex(buildAssocComebackElement(1000)), "380503e8030000");
});

Deno.test("SaQueryProcedure retries every retry timeout until an answer or the overall timeout", () => {
  const clock = new ManualClock();
  const sent: Uint8Array[] = [];
  const q = new SaQueryProcedure(clock, { retryTu: 201, maxTu: 1000 }, (id) => sent.push(id));
  q.start();
  equal(sent.length, 1);
  ok(q.pending && !q.timedOut);
  equal(q.comebackTu(), 1000);
  q.start(); // a second request while one is pending sends nothing more
  equal(sent.length, 1);
  clock.advance(206);
  equal(sent.length, 2);
  // hostapd's arithmetic: what is left of the 1000 TU, plus one TU for the timers.
  equal(q.comebackTu(), 1000 - Math.floor(206 / 1.024) + 1);
  // An unknown transaction identifier does not end it; one of the sent ones does.
  ok(!q.onResponse(Uint8Array.of(sent[0]![0]! ^ 0xff, sent[0]![1]!)));
  ok(q.onResponse(sent[0]!));
  ok(!q.pending && !q.timedOut);
  clock.advance(5000);
  equal(sent.length, 2, "no retries after the answer");
  // Unanswered: five requests in 1024 ms, then timed out (checked by the timer or on demand).
  q.start();
  clock.advance(1100);
  equal(sent.length, 2 + 5);
  ok(q.timedOut && !q.pending);
  ok(q.checkTimeout());
});
