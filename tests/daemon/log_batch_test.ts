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
