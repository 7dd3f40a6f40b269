import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { collectYoungGeneration, idleCollector } from "../../daemon/idle_gc.ts";
import { DAEMON_V8_FLAGS_ARG } from "../../cli/v8_flags.ts";

const DENO = Deno.execPath();
const MODULE = new URL("../../daemon/idle_gc.ts", import.meta.url).href;

/** Runs collectYoungGeneration() in a fresh Deno with `flags` and returns its stdout. */
async function runWith(flags: string[]): Promise<string> {
  const code = `import { collectYoungGeneration } from "${MODULE}";
    console.log(collectYoungGeneration());`;
  const out = await new Deno.Command(DENO, {
    args: ["eval", ...flags, code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout).trim() + new TextDecoder().decode(out.stderr);
}

Deno.test("collectYoungGeneration() does nothing without --expose-gc", () => {
  equal(typeof (globalThis as { gc?: unknown }).gc, "undefined");
  equal(collectYoungGeneration(), false);
});

Deno.test("collectYoungGeneration() runs a minor GC under the daemon's V8 flags", async () => {
  const out = await runWith([`${DAEMON_V8_FLAGS_ARG},--trace-gc`]);
  equal(out.split("\n").includes("true"), true, out);
  // V8 reports the collection it was asked for ("testing"), and it is a scavenge.
  equal(/Scavenge[^\n]*testing/.test(out), true, out);
});

Deno.test("idleCollector() collects the whole heap once it has grown 4 MiB since the last time", () => {
  const calls: string[] = [];
  let heap = 10 << 20;
  const collect = idleCollector({
    gc: (o) => void calls.push(`${o?.type}${o?.flavor ? `/${o.flavor}` : ""}`),
    heapTotal: () => heap,
  });
  equal(collect(), "minor", "the first idle moment sets the base");
  heap += (4 << 20) - 1;
  equal(collect(), "minor");
  heap -= 2 << 20; // the heap shrank: the base follows it down
  equal(collect(), "minor");
  heap += 4 << 20;
  equal(collect(), "major");
  deepStrictEqual(calls, ["minor", "minor", "minor", "minor", "major/last-resort"]);
  heap += 1 << 20;
  equal(collect(), "minor", "the base is the heap after the full collection");
  equal(idleCollector({ heapTotal: () => heap })(), undefined, "without --expose-gc: nothing");
});

Deno.test("idleCollector() gives back the pages of promoted garbage under the daemon's V8 flags", async () => {
  // Objects that survived scavenges (as an exchange's frames do when a later one runs) fill old
  // space; without the memory reducer V8 keeps those pages until a compacting collection.
  const code = `import { idleCollector } from "${
    new URL("../../daemon/idle_gc.ts", import.meta.url).href
  }";
    const collect = idleCollector();
    collect();
    let keep = [];
    for (let i = 0; i < 4000; i++) {
      keep.push(new Array(200).fill(i));
      if (i % 500 === 0) { gc({ type: "minor" }); gc({ type: "minor" }); }
    }
    gc({ type: "minor" }); gc({ type: "minor" });
    keep = [];
    const before = Deno.memoryUsage().heapTotal;
    const what = collect();
    console.log(what, before, Deno.memoryUsage().heapTotal);`;
  const out = await new Deno.Command(DENO, {
    args: ["eval", DAEMON_V8_FLAGS_ARG, code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  const [what, before, after] = text.split(" ");
  equal(what, "major", text + new TextDecoder().decode(out.stderr));
  ok(Number(after) < Number(before) - (4 << 20), text);
});
