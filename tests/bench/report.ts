/**
 * Turns the JSON results of the benchmarks into a markdown summary: prints it and appends it,
 * with the date, machine and versions, to tests/bench/RESULTS.md.
 *
 * Usage: `deno run -A tests/bench/report.ts <dir with startup.json, pin.json, many.json>`
 * (env BENCH_RESULTS: another file to append to)
 *
 * @module
 */

import { medianP90Cell, ratioCell, type Summary } from "./_stats.ts";
import { firstLineOf } from "./_harness.ts";

type Lane = Record<string, unknown>;
type Result = Record<string, unknown>;

/** Reads `<dir>/<name>.json`, or undefined when that benchmark did not produce it. */
function load(dir: string, name: string): Result | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(`${dir}/${name}.json`)) as Result;
  } catch {
    return undefined;
  }
}

/** The summary `key` of daemon `label` in `res`, if present. */
function pick(res: Result | undefined, label: string, key: string): Summary | undefined {
  const lane = res?.[label] as Lane | undefined;
  const s = lane?.[key] as Summary | null | undefined;
  return s ?? undefined;
}

const dir = Deno.args[0];
if (dir === undefined) throw new TypeError("Usage: report.ts <results dir>");
const startup = load(dir, "startup"), pin = load(dir, "pin"), many = load(dir, "many");

const rows: [string, Result | undefined, string, number][] = [
  ["launch -> PONG (ms)", startup, "launchMs", 1],
  ["idle VmRSS 1 s after PONG (MiB)", startup, "rssMiB", 2],
  ["idle VmHWM 1 s after PONG (MiB)", startup, "hwmMiB", 2],
  ["CPU time until 1 s after PONG (ms)", startup, "cpuMs", 0],
  ["PIN: EAPOL-Start -> EAP-Failure (ms)", pin, "startToFailureMs", 2],
  ["PIN: M1 -> M8 (ms)", pin, "m1ToM8Ms", 2],
  ["PIN: AP turnarounds summed, the AP's share (ms)", pin, "apShareMs", 2],
  ["32 at once: launch -> all WPS-SUCCESS (ms)", many, "allMs", 0],
  ["32 at once: first Start -> last Failure (ms)", many, "wireSpanMs", 1],
  ["32 at once: per-Enrollee Start -> Failure (ms)", many, "exchangeMs", 1],
  ["32 at once: VmHWM after a round (MiB)", many, "hwmMiB", 2],
  ["32 at once: daemon CPU per round (ms)", many, "cpuMs", 0],
];
const lines = [
  "| measure | hostapd median / p90 | tsapd median / p90 | ratio tsapd/hostapd |",
  "|---|---|---|---|",
];
for (const [name, res, key, digits] of rows) {
  const h = pick(res, "hostapd", key), t = pick(res, "tsapd", key);
  lines.push(
    `| ${name} | ${medianP90Cell(h, digits)} | ${medianP90Cell(t, digits)} | ${ratioCell(t, h)} |`,
  );
  if (key === "m1ToM8Ms") {
    // CPU ticks are 10 ms: the mean over all iterations is the only meaningful figure.
    const cpu = (l: string) => (pin?.[l] as Lane | undefined)?.cpuPerEnrollmentMs as number;
    const hc = cpu("hostapd"), tc = cpu("tsapd");
    const f = (x: number | undefined) => x === undefined ? "n/a" : `${x.toFixed(1)} (mean)`;
    const r = hc === undefined || tc === undefined || hc === 0 ? "n/a" : (tc / hc).toFixed(2);
    lines.push(`| PIN: daemon CPU per enrollment (ms) | ${f(hc)} | ${f(tc)} | ${r} |`);
  }
}

const notes: string[] = [];
for (const label of ["hostapd", "tsapd"]) {
  const parts: string[] = [];
  const s = startup?.[label] as Lane | undefined;
  if (s) parts.push(`startup failures ${s.failures}`);
  const p = pin?.[label] as Lane | undefined;
  if (p?.setupError) parts.push(`PIN bench not run (${String(p.setupError).split("\n")[0]})`);
  else if (p) parts.push(`PIN runs failed ${p.failures}/${p.runs}`);
  const m = many?.[label] as Lane | undefined;
  if (m?.setupError) {
    parts.push(`32-Enrollee bench not run (${String(m.setupError).split("\n")[0]})`);
  } else if (m) parts.push(`32-Enrollee successes ${m.succeeded}/${m.attempted}`);
  if (parts.length > 0) notes.push(`- ${label}: ${parts.join("; ")}`);
}

const cpu = (/model name\s*:\s*(.*)/.exec(Deno.readTextFileSync("/proc/cpuinfo"))?.[1] ?? "?")
  .trim();
const kernel = await firstLineOf("uname", "-r");
const hostapdVersion = await firstLineOf("hostapd", "-v");
const commit = await firstLineOf("git", "rev-parse", "--short", "HEAD");
const machine = `${cpu}, ${navigator.hardwareConcurrency} CPUs, ${kernel}`;
const header = [
  `## ${new Date().toISOString()}`,
  "",
  `- machine: ${machine}`,
  `- hostapd: ${hostapdVersion}; Deno ${Deno.version.deno}; tsapd commit ${commit}`,
  // Other engineers' tests share this machine: the load puts the numbers in context.
  `- load average (1/5/15 min) at the end: ${
    Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ")
  }`,
  `- iterations: startup ${startup?.n ?? "-"} per daemon, PIN ${pin?.n ?? "-"} per daemon, ` +
  `32-Enrollee rounds ${many?.rounds ?? "-"} per daemon (daemons alternate)`,
  "",
];
const text = [...header, ...lines, "", ...notes, "", ""].join("\n");
console.log(text);
// BENCH_RESULTS points trial runs elsewhere, so that RESULTS.md keeps real runs only.
const results = Deno.env.get("BENCH_RESULTS") ?? new URL("./RESULTS.md", import.meta.url).pathname;
let existing = "";
try {
  existing = await Deno.readTextFile(results);
} catch {
  existing = "# Benchmark results (tests/bench/run.sh)\n\n" +
    "Timings: medians / 90th percentiles; ratio = tsapd median / hostapd median " +
    "(below 1 means tsapd is faster or smaller). PIN and 32-Enrollee times are taken on the " +
    "wire with dumpcap (kernel timestamps).\n\n";
}
await Deno.writeTextFile(results, existing + text);
