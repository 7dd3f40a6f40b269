/**
 * SystemClock keeps its timers itself and arms one runtime timer for the earliest: callbacks run
 * in deadline order, clearing works from inside a callback, an earlier timer re-arms, and once
 * nothing is pending no runtime timer is left behind to keep the process alive.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import { SystemClock } from "../../core/clock.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("SystemClock runs due timers in deadline order, then in the order they were set", async () => {
  const clock = new SystemClock();
  const ran: string[] = [];
  const done = Promise.withResolvers<void>();
  clock.setTimer(30, () => ran.push("30"));
  clock.setTimer(10, () => ran.push("10a"));
  clock.setTimer(10, () => ran.push("10b"));
  clock.setTimer(0, () => ran.push("0"));
  clock.setTimer(40, () => done.resolve());
  await done.promise;
  deepEqual(ran, ["0", "10a", "10b", "30"]);
  equal(clock.nextDeadline(), undefined);
});

Deno.test("SystemClock: a timer set for earlier than the armed one fires on time", async () => {
  const clock = new SystemClock();
  const late = clock.setTimer(5_000, () => {
    throw new Error("the cleared 5 s timer ran");
  });
  const t0 = performance.now();
  await new Promise<void>((r) => clock.setTimer(20, r));
  const ms = performance.now() - t0;
  ok(ms >= 19 && ms < 1_000, `20 ms timer fired after ${ms.toFixed(1)} ms`);
  clock.clearTimer(late);
  equal(clock.nextDeadline(), undefined);
});

Deno.test("SystemClock: a callback can clear a timer due in the same firing, or set a new one", async () => {
  const clock = new SystemClock();
  const ran: string[] = [];
  const done = Promise.withResolvers<void>();
  let victim = 0;
  clock.setTimer(10, () => {
    ran.push("first");
    clock.clearTimer(victim);
    clock.setTimer(0, () => {
      ran.push("set by first");
      done.resolve();
    });
  });
  victim = clock.setTimer(10, () => ran.push("victim"));
  await sleep(30);
  await done.promise;
  deepEqual(ran, ["first", "set by first"]);
});

Deno.test("SystemClock: clearing every timer leaves no runtime timer, and ids are never reused", async () => {
  const clock = new SystemClock();
  const ids = new Set<number>();
  for (let i = 0; i < 100; i++) {
    const id = clock.setTimer(1_000 + i, () => {});
    ok(!ids.has(id));
    ids.add(id);
    clock.clearTimer(id);
    clock.clearTimer(id);
  }
  equal(clock.nextDeadline(), undefined);
  // A runtime timer left armed would keep a process alive: one that sets and clears 5 s timers
  // must exit at once.
  const script = `import { SystemClock } from ${
    JSON.stringify(import.meta.resolve("../../core/clock.ts"))
  };
    const c = new SystemClock();
    const a = c.setTimer(5000, () => {});
    const b = c.setTimer(4000, () => {});
    c.clearTimer(a);
    c.clearTimer(b);`;
  const t0 = performance.now();
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const ms = performance.now() - t0;
  equal(r.code, 0, new TextDecoder().decode(r.stderr));
  ok(ms < 3_000, `the process lived ${ms.toFixed(0)} ms after clearing its timers`);
});

Deno.test("SystemClock driven by a loop: runDue runs what is due, and what a throwing callback left stays due", async () => {
  const clock = new SystemClock();
  clock.drive({ drivesTimers: true });
  const ran: string[] = [];
  clock.setTimer(0, () => ran.push("a"));
  clock.setTimer(0, () => {
    throw new Error("b failed");
  });
  clock.setTimer(0, () => ran.push("c"));
  const late = clock.setTimer(60_000, () => ran.push("late"));
  await sleep(5);
  let threw = false;
  try {
    clock.runDue();
  } catch {
    threw = true;
  }
  ok(threw, "the callback's error reaches the driver");
  deepEqual(ran, ["a"]);
  clock.runDue();
  deepEqual(ran, ["a", "c"]);
  clock.runDue();
  deepEqual(ran, ["a", "c"]);
  clock.clearTimer(late);
  equal(clock.nextDeadline(), undefined);
  clock.drive(undefined);
});
