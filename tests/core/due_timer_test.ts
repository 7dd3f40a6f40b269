import { deepStrictEqual, equal } from "node:assert/strict";
import { ManualClock } from "../../core/clock.ts";
import { DueTimer } from "../../core/due_timer.ts";

Deno.test("DueTimer fires once; start() re-arms, clear() cancels", () => {
  const clock = new ManualClock();
  const fired: number[] = [];
  const t = new DueTimer(clock, () => fired.push(clock.now()));
  t.start(100);
  t.start(300); // re-armed: the first is gone
  clock.advance(1000);
  deepStrictEqual(fired, [300]);
  t.start(100);
  t.clear();
  clock.advance(1000);
  deepStrictEqual(fired, [300]);
  equal(clock.pending, 0);
});

Deno.test("DueTimer.resumeFrom() takes over a suspended timer with the time it had left", () => {
  const clock = new ManualClock();
  const fired: string[] = [];
  const old = new DueTimer(clock, () => fired.push("old"));
  old.start(120_000);
  clock.advance(50_000);
  old.suspend();
  const next = new DueTimer(clock, () => fired.push(`new at ${clock.now()}`));
  next.resumeFrom(old);
  clock.advance(200_000);
  deepStrictEqual(fired, ["new at 120000"]);
  // A cleared (or fired) timer leaves nothing to take over, and takes the place of a running one.
  const cleared = new DueTimer(clock, () => {});
  cleared.start(10);
  cleared.clear();
  next.start(5);
  next.resumeFrom(cleared);
  clock.advance(100);
  deepStrictEqual(fired, ["new at 120000"]);
  // One due in the past while suspended fires at once when taken over.
  const late = new DueTimer(clock, () => {});
  late.start(10);
  late.suspend();
  clock.advance(50);
  next.resumeFrom(late);
  clock.advance(0);
  deepStrictEqual(fired, ["new at 120000", `new at ${clock.now()}`]);
});
