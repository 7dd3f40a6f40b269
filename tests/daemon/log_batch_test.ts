import { deepStrictEqual, equal } from "node:assert/strict";
import { LineBatcher, writeAllSync } from "../../daemon/log_batch.ts";

Deno.test("LineBatcher writes a task's lines together, in order, after the task", async () => {
  const batches: string[][] = [];
  const b = new LineBatcher((lines) => batches.push([...lines]));
  b.write("one");
  b.write("two");
  deepStrictEqual(batches, [], "nothing is written while the task runs");
  await Promise.resolve();
  deepStrictEqual(batches, [["one", "two"]]);
  b.write("three");
  await Promise.resolve();
  deepStrictEqual(batches, [["one", "two"], ["three"]]);
  b.close();
});

Deno.test("LineBatcher writes on flush() and on the unload event (Deno.exit)", () => {
  const batches: string[][] = [];
  const b = new LineBatcher((lines) => batches.push([...lines]));
  b.write("a");
  b.flush();
  b.write("b");
  dispatchEvent(new Event("unload"));
  deepStrictEqual(batches, [["a"], ["b"]]);
  b.close();
  b.write("c");
  dispatchEvent(new Event("unload"));
  deepStrictEqual(batches, [["a"], ["b"]], "a closed batcher no longer listens");
  b.flush();
});

Deno.test("LineBatcher loses only the batch whose sink threw", async () => {
  const got: string[] = [];
  let fail = true;
  const b = new LineBatcher((lines) => {
    if (fail) {
      fail = false;
      throw new Error("disk full");
    }
    got.push(...lines);
  });
  b.write("lost");
  await Promise.resolve();
  equal(fail, false, "the sink ran and threw inside the microtask without ending the process");
  b.write("kept");
  await Promise.resolve();
  deepStrictEqual(got, ["kept"]);
  b.close();
});

Deno.test("writeAllSync() loops over short writes", () => {
  const chunks: number[][] = [];
  const w = {
    writeSync(p: Uint8Array) {
      const n = Math.min(3, p.length);
      chunks.push([...p.subarray(0, n)]);
      return n;
    },
  };
  writeAllSync(w, Uint8Array.of(1, 2, 3, 4, 5, 6, 7));
  deepStrictEqual(chunks, [[1, 2, 3], [4, 5, 6], [7]]);
});

/** A hold whose activity the test switches, with its timers fired by hand. */
function manualHold(maxLines = 3) {
  const timers: { ms: number; fn: () => void }[] = [];
  const state = { active: true };
  const hold = {
    active: () => state.active,
    maxLines,
    maxMs: 500,
    setTimer: (ms: number, fn: () => void) => timers.push({ ms, fn }),
  };
  return { hold, state, timers };
}

Deno.test("LineBatcher holds lines while the hold is active, until flush()", async () => {
  const batches: string[][] = [];
  const { hold, timers } = manualHold();
  const b = new LineBatcher((lines) => batches.push([...lines]), hold);
  b.write("rx");
  await Promise.resolve();
  b.write("tx");
  await Promise.resolve();
  deepStrictEqual(batches, [], "held past the end of both tasks");
  equal(timers.length, 1, "one timer bounds the wait of the held lines");
  equal(timers[0]!.ms, 500);
  b.flush();
  deepStrictEqual(batches, [["rx", "tx"]]);
  timers[0]!.fn();
  deepStrictEqual(batches, [["rx", "tx"]], "the timer of lines already written writes nothing");
  b.close();
});

Deno.test("LineBatcher's hold ends by its timer, its line cap and its going inactive", async () => {
  const batches: string[][] = [];
  const { hold, state, timers } = manualHold(3);
  const b = new LineBatcher((lines) => batches.push([...lines]), hold);
  b.write("a");
  await Promise.resolve();
  timers.shift()!.fn();
  deepStrictEqual(batches, [["a"]], "the timer writes what waited too long");
  b.write("b");
  b.write("c");
  b.write("d");
  await Promise.resolve();
  deepStrictEqual(batches, [["a"], ["b", "c", "d"]], "the cap writes at once");
  b.write("e");
  await Promise.resolve();
  equal(batches.length, 2);
  state.active = false;
  b.write("f");
  await Promise.resolve();
  deepStrictEqual(batches, [["a"], ["b", "c", "d"], ["e", "f"]], "inactive: end of the task");
  b.close();
});
