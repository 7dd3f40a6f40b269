/**
 * Every command line that starts the daemon gives it the shipped V8 flags (cli/v8_flags.ts):
 * the compiled binary (Makefile PERMS), ./tsapd, the daemon's own re-exec under -B, and the
 * guest scripts whose numbers and checks stand for the shipped binary.
 */
import { deepEqual, equal } from "node:assert/strict";
import { DAEMON_V8_FLAGS, DAEMON_V8_FLAGS_ARG } from "../../cli/v8_flags.ts";

const REPO = new URL("../../", import.meta.url).pathname;

/** The flag lists of every `--v8-flags=` (or `TSAPD_V8_FLAGS=` default) in a file. */
function flagListsIn(path: string): string[][] {
  const text = Deno.readTextFileSync(REPO + path);
  return [...text.matchAll(/(?:--v8-flags=|^TSAPD_V8_FLAGS=)([-\w,=]+)/gm)]
    .map((m) => m[1]!.split(","));
}

for (
  const path of [
    "Makefile",
    "tsapd",
    "tests/vm/guest/_lib.sh",
    "tests/vm/guest/ap_e2e.sh",
    "tests/vm/guest/radio_bench.sh",
  ]
) {
  Deno.test(`${path} starts the daemon with the shipped V8 flags`, () => {
    const lists = flagListsIn(path);
    equal(lists.length > 0, true, `no --v8-flags in ${path}`);
    for (const l of lists) deepEqual(l, [...DAEMON_V8_FLAGS]);
  });
}

Deno.test("the shipped V8 flags are accepted and the interpreter runs alone", async () => {
  // Under --jitless V8 offers no WebAssembly (it would need generated code), which shows the
  // flag took effect; Deno refuses a flag V8 does not know.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", DAEMON_V8_FLAGS_ARG, "console.log(typeof WebAssembly, typeof gc)"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  equal(out.code, 0, text);
  equal(text.trim(), "undefined function");
});
