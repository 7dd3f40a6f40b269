import { equal } from "node:assert/strict";
import { collectYoungGeneration } from "../../daemon/idle_gc.ts";
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
