/**
 * The radio benchmark: tsapd against Debian's hostapd as a real AP (driver=nl80211) over
 * mac80211_hwsim in the qemu guest of tests/vm/, one boot, daemons alternating in blocks with
 * the same hostapd.conf (tests/vm/guest/radio_bench.sh). Per WPS PBC enrollment of a fresh
 * wpa_supplicant it measures:
 * - AP `hostapd_cli wps_pbc` -> station CTRL-EVENT-CONNECTED (WPS, credential, reconnect, 4-way)
 * - station association (the reconnect with the new credential, wpa_supplicant's "Associated
 *   with") -> the AP's EAPOL-4WAY-HS-COMPLETED event (as the monitor stamps it, and as the AP's
 *   own -t log line stamps it), and -> the station's CTRL-EVENT-CONNECTED
 * - station's WPS association -> its CTRL-EVENT-EAP-STARTED (the AP's first EAP request), and
 *   its CTRL-EVENT-EAP-STARTED -> WPS-CRED-RECEIVED (the EAP-WSC exchange to M8)
 * - the 4-way step by step in the station's -d -t log: the AP's three turns (association ->
 *   msg 1/4, msg 2/4 -> msg 3/4, msg 4/4 -> the AP's log line of the handshake) and, as a
 *   control that should not differ between the daemons, the station's own two steps
 * The first enrollment after each daemon start is reported apart (cold start); the others are
 * the steady-state samples. Prints medians / p90 and ratios tsapd/hostapd, writes radio.json to
 * the result directory and appends a section to tests/bench/RESULTS.md (or $BENCH_RESULTS).
 *
 * Usage: `deno run -A tests/bench/radio_bench.ts [--blocks 4] [--per-block 6] [--out DIR]
 * [--no-results] [--hostapd-args ARGS] [--tsapd-args ARGS] [--tsapd-v8-flags FLAGS]` (daemon options such as -dd are for
 * diagnosis runs, whose numbers belong with --no-results)
 *
 * @module
 */

import { parseArgs } from "node:util";
import { medianP90Cell, ratioCell, summarize, type Summary } from "./_stats.ts";
import { firstLineOf } from "./_harness.ts";
import { DAEMON_V8_FLAGS } from "../../cli/v8_flags.ts";
import {
  type EnrollmentTimes,
  enrollmentTimes,
  type FourWaySteps,
  parseCpuTicks,
  parseStamped,
  settleText,
  splitAtMarks,
  type Stamped,
} from "./_radio_log.ts";

const repo = new URL("../../", import.meta.url).pathname;
const DAEMONS = ["hostapd", "tsapd"] as const;

/** The measures of the table: key of EnrollmentTimes and its label. */
const MEASURES: [keyof Omit<EnrollmentTimes, "id" | "wpsAssociations" | "fourWay">, string][] = [
  ["wpsToConnectedMs", "radio: AP wps_pbc -> station CTRL-EVENT-CONNECTED (ms)"],
  ["assocToHsMs", "radio: association -> AP EAPOL-4WAY-HS-COMPLETED (ms)"],
  ["assocToApLogHsMs", "radio: association -> the AP's own log line of it, -t (ms)"],
  ["assocToConnectedMs", "radio: association -> station CTRL-EVENT-CONNECTED (ms)"],
  ["assocToEapStartMs", "radio: WPS association -> station's first EAP request (ms)"],
  ["eapStartToCredMs", "radio: station EAP start -> WPS-CRED-RECEIVED (ms)"],
  ["apCpuMs", "radio: AP process CPU per enrollment, utime + stime (ms)"],
];

/**
 * The 4-way's steps by the station's log (summary key, label, value): the AP's three turns, and
 * the station's own two steps as a control, which should not differ between the daemons.
 */
const FOUR_WAY_MEASURES: [string, string, (f: FourWaySteps) => number | undefined][] = [
  [
    "fourWayAssocToMsg1Ms",
    "radio 4-way, AP's turn: association -> msg 1/4 received (station's log, ms)",
    (f) => f.assocToMsg1Ms,
  ],
  [
    "fourWayMsg2ToMsg3Ms",
    "radio 4-way, AP's turn: msg 2/4 sent -> msg 3/4 received (station's log, ms)",
    (f) => f.msg2ToMsg3Ms,
  ],
  [
    "fourWayMsg4ToApLogMs",
    "radio 4-way, AP's turn: msg 4/4 sent -> the AP's log line of EAPOL-4WAY-HS-COMPLETED (ms)",
    (f) => f.msg4ToApLogMs,
  ],
  [
    "fourWayApTurnsMs",
    "radio 4-way: the AP's three turns summed (ms)",
    (f) =>
      f.msg4ToApLogMs === undefined
        ? undefined
        : f.assocToMsg1Ms + f.msg2ToMsg3Ms + f.msg4ToApLogMs,
  ],
  [
    "fourWayStationStepsMs",
    "radio 4-way: the station's own steps, msg 1 -> 2 and 3 -> 4 summed (ms)",
    (f) => f.msg1ToMsg2Ms + f.msg3ToMsg4Ms,
  ],
];

/** Reads every enrollment of the guest's result directory; failures as error strings. */
export function collect(
  radioDir: string,
  blocks: number,
  perBlock: number,
): { times: EnrollmentTimes[]; failures: string[] } {
  const times: EnrollmentTimes[] = [], failures: string[] = [];
  for (let b = 1; b <= blocks; b++) {
    for (const d of DAEMONS) {
      let marks;
      try {
        marks = splitAtMarks(
          parseStamped(Deno.readTextFileSync(`${radioDir}/events-${d}-${b}.txt`)),
        );
      } catch (e) {
        failures.push(`${d}-${b}: ${(e as Error).message}`);
        continue;
      }
      let apLog: Stamped[] | undefined;
      try {
        apLog = parseStamped(Deno.readTextFileSync(`${radioDir}/ap-${d}-${b}.log`));
      } catch (e) {
        failures.push(`${d}-${b}: AP log: ${(e as Error).message}`);
      }
      let cpu = new Map<string, number>();
      try {
        cpu = parseCpuTicks(Deno.readTextFileSync(`${radioDir}/cpu-${d}-${b}.txt`));
      } catch (e) {
        failures.push(`${d}-${b}: CPU times: ${(e as Error).message}`);
      }
      for (let i = 1; i <= perBlock; i++) {
        const id = `${d}-${b}-${i}`;
        try {
          const at = marks.get(id);
          if (!at) throw new SyntaxError(`Enrollment ${id}: no MARK`);
          const sta = parseStamped(Deno.readTextFileSync(`${radioDir}/wpas-${id}.log`));
          const t = enrollmentTimes(id, at.mark, at.events, sta, apLog);
          const ms = cpu.get(id);
          times.push(ms === undefined ? t : { ...t, apCpuMs: ms });
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
    }
  }
  return { times, failures };
}

/** The markdown section: header, table in report.ts's style, notes. */
export function section(
  times: EnrollmentTimes[],
  failures: string[],
  header: string[],
): { text: string; summaries: Record<string, Record<string, Summary | null>> } {
  const first = (t: EnrollmentTimes) => t.id.endsWith("-1");
  const of = (d: string, cold: boolean) =>
    times.filter((t) => t.id.startsWith(`${d}-`) && first(t) === cold);
  const summaries: Record<string, Record<string, Summary | null>> = {};
  const lines = [
    "| measure | hostapd median / p90 | tsapd median / p90 | ratio tsapd/hostapd |",
    "|---|---|---|---|",
  ];
  for (const d of DAEMONS) summaries[d] = {};
  // One table row: the steady samples' median / p90 per daemon and their ratio.
  const row = (
    key: string,
    label: string,
    value: (x: EnrollmentTimes) => number | undefined,
    digits: number,
  ) => {
    const [h, t] = DAEMONS.map((d) =>
      summarize(
        of(d, false).flatMap((x) => {
          const v = value(x);
          return v === undefined ? [] : [v];
        }),
      )
    );
    summaries.hostapd![key] = h!;
    summaries.tsapd![key] = t!;
    lines.push(
      `| ${label} | ${medianP90Cell(h, digits)} | ${medianP90Cell(t, digits)} | ${
        ratioCell(t, h)
      } |`,
    );
  };
  for (const [key, label] of MEASURES) row(key, label, (x) => x[key], 1);
  for (const [key, label, value] of FOUR_WAY_MEASURES) {
    row(key, label, (x) => x.fourWay ? value(x.fourWay) : undefined, 2);
  }
  const [hc, tc] = DAEMONS.map((d) => summarize(of(d, true).map((x) => x.wpsToConnectedMs)));
  summaries.hostapd!.coldWpsToConnectedMs = hc!;
  summaries.tsapd!.coldWpsToConnectedMs = tc!;
  lines.push(
    `| radio: first enrollment after start, wps_pbc -> CONNECTED (ms) | ${medianP90Cell(hc, 1)} | ${
      medianP90Cell(tc, 1)
    } | ${ratioCell(tc, hc)} |`,
  );
  const notes = DAEMONS.map((d) =>
    `- ${d}: ${of(d, false).length} steady + ${of(d, true).length} first-after-start ` +
    `enrollments measured; ${
      times.filter((t) => t.id.startsWith(`${d}-`) && t.wpsAssociations > 1).length
    } needed more than one WPS association; ${
      failures.filter((f) => f.includes(` ${d}-`) || f.startsWith(`${d}-`)).length
    } failed`
  );
  for (const f of failures) notes.push(`- failure: ${f}`);
  return { text: [...header, ...lines, "", ...notes, "", ""].join("\n"), summaries };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      blocks: { type: "string", default: "4" },
      "per-block": { type: "string", default: "6" },
      out: { type: "string" },
      "no-results": { type: "boolean", default: false },
      "hostapd-args": { type: "string", default: "" },
      "tsapd-args": { type: "string", default: "" },
      // The shipped flags unless an A/B run names others.
      "tsapd-v8-flags": { type: "string", default: DAEMON_V8_FLAGS.join(",") },
    },
  });
  const blocks = Number(values.blocks), perBlock = Number(values["per-block"]);
  if (!(blocks >= 1 && perBlock >= 2)) throw new RangeError("Need --blocks >= 1, --per-block >= 2");
  const out = values.out ?? Deno.makeTempDirSync({ prefix: `tsapd-radio-bench-${Deno.pid}-` });
  const t0 = performance.now();
  // The bundle is the working tree: name what it holds beyond the commit.
  const status = await new Deno.Command("git", {
    args: ["status", "--porcelain", "--", "core", "daemon", "ffi", "cli", "mod.ts"],
    cwd: repo,
    stdout: "piped",
  }).output();
  const changed = new TextDecoder().decode(status.stdout).split("\n").filter((l) => l.trim())
    .map((l) => l.slice(3));
  const dirty = changed.length === 0 ? "" : ` plus uncommitted changes to ${changed.join(", ")}`;
  const bundle = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform", "deno", "-o", `${out}/tsapd.js`, "cli/main.ts"],
    cwd: repo,
  }).output();
  if (bundle.code !== 0) throw new Error("Bundling tsapd failed");
  const quote = (v: string) => `'${v.replaceAll("'", "")}'`;
  Deno.writeTextFileSync(
    `${out}/bench.env`,
    `BLOCKS=${blocks}\nPER_BLOCK=${perBlock}\nHOSTAPD_ARGS=${quote(values["hostapd-args"])}\n` +
      `TSAPD_ARGS=${quote(values["tsapd-args"])}\n` +
      `TSAPD_V8_FLAGS=${quote(values["tsapd-v8-flags"])}\n`,
  );
  const run = await new Deno.Command("bash", {
    args: [`${repo}tests/vm/run.sh`, "tests/vm/guest/radio_bench.sh", out],
    env: { TSAPD_VM_TIMEOUT: "600" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const console_ = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
  Deno.writeTextFileSync(`${out}/console.txt`, console_);
  for (const l of console_.split("\n")) if (/^(RUN|FAIL|HOST|SETTLE)/.test(l)) console.log(l);
  if (run.code !== 0) console.log(`guest run exited ${run.code} (see ${out}/console.txt)`);
  const { times, failures } = collect(`${out}/radio`, blocks, perBlock);
  const cpu = (/model name\s*:\s*(.*)/.exec(Deno.readTextFileSync("/proc/cpuinfo"))?.[1] ?? "?")
    .trim();
  let guestLoad = "?";
  try {
    guestLoad = Deno.readTextFileSync(`${out}/radio/loadavg`).split(" ").slice(0, 3).join(" ");
  } catch {
    // the guest did not get to the end
  }
  const header = [
    `## ${new Date().toISOString()} radio (tests/bench/radio_bench.ts)`,
    "",
    `- machine: ${cpu}, ${navigator.hardwareConcurrency} CPUs, ${await firstLineOf(
      "uname",
      "-r",
    )}; ` +
    "guest: qemu TCG, 2 vCPUs, mac80211_hwsim, Debian 6.1 kernel",
    `- hostapd: ${await firstLineOf(
      "hostapd",
      "-v",
    )}; Deno ${Deno.version.deno}; tsapd commit ${await firstLineOf(
      "git",
      "rev-parse",
      "--short",
      "HEAD",
    )}${dirty}`,
    `- load average (1/5/15 min) at the end: host ${
      Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ")
    }, guest ${guestLoad}`,
    `- ${blocks} blocks per daemon (alternating, fresh daemon start each) x ${perBlock} WPS PBC ` +
    "enrollments of a fresh wpa_supplicant (-d -t); steady rows exclude each block's first " +
    "enrollment, after which the daemon is left to settle (CPU idle for 0.5 s). Times: guest " +
    "gettimeofday(); AP events via a `hostapd_cli -a` monitor stamped by busybox `ts`, " +
    "station lines via wpa_supplicant -t",
    `- settling after the first enrollment (s): ${settleText(console_)}`,
    "",
  ];
  const { text, summaries } = section(times, failures, header);
  Deno.writeTextFileSync(
    `${out}/radio.json`,
    JSON.stringify({ times, failures, summaries }, null, 2),
  );
  console.log(text);
  console.log(`raw files in ${out}; ${((performance.now() - t0) / 1000).toFixed(0)} s in all`);
  if (!values["no-results"]) {
    const results = Deno.env.get("BENCH_RESULTS") ??
      new URL("./RESULTS.md", import.meta.url).pathname;
    const existing = Deno.readTextFileSync(results);
    Deno.writeTextFileSync(results, existing + text);
    // RESULTS.md is kept in deno fmt's form (the fmt gate covers it).
    await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", results] }).output();
  }
}
