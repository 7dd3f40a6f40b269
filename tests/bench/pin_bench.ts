/**
 * PIN exchange benchmark: for each daemon a veth pair in two namespaces, the daemon kept
 * running, and per iteration `WPS_PIN any 12345670` then a fresh wpa_supplicant Enrollee with
 * that PIN and a station MAC of its own (the AP ignores a just-finished MAC for 5 s).
 * Daemons alternate per iteration.
 *
 * Timing is taken on the wire: dumpcap on the station veth (kernel timestamps, EAPOL filter)
 * gives EAPOL-Start to the final EAP-Failure and M1 to M8 per station. Success means the
 * Enrollee printed WPS-SUCCESS and the capture holds the whole exchange up to WSC_Done and
 * EAP-Failure. The daemon's CPU time (user + system, /proc/<pid>/stat) is summed over each
 * iteration, which is robust against other load on the machine. The iterations begin once each
 * daemon has settled after its start (tsapd's self-test warm-up is over).
 *
 * Usage: `deno run -A tests/bench/pin_bench.ts [--n 20] [--only hostapd|tsapd]
 * [--hostapd-cmd CMD] [--tsapd-cmd CMD] [--json out.json]`
 *
 * @module
 */

import {
  createNetnsPair,
  type Daemon,
  type NetnsPair,
  startWpaSupplicant,
} from "../integration/_wps_netns.ts";
import {
  type DaemonSpec,
  onInterrupt,
  parseBenchArgs,
  readCpuMs,
  readMemory,
  run,
  settle,
  sleep,
  writeJson,
} from "./_harness.ts";
import { type BenchAp, startBenchAp } from "./_bench_ap.ts";
import { type Capture, exchangeOf, readEapolFrames, startCapture } from "./_capture.ts";
import { ratioText, summarize, summaryText } from "./_stats.ts";

const PIN = "12345670";

/** One daemon's set-up and its iterations. */
interface Lane {
  index: number;
  spec: DaemonSpec;
  pair?: NetnsPair;
  ap?: BenchAp;
  capture?: Capture;
  runs: { mac: string; enrolleeOk: boolean; result: string; wallMs: number; cpuMs: number }[];
  setupError?: string;
}

const opts = parseBenchArgs(Deno.args, 20);
if (opts.n > 250) throw new RangeError("At most 250 iterations (one MAC octet)");
const lanes: Lane[] = opts.daemons.map((spec, index) => ({ index, spec, runs: [] }));

/** The station MAC of iteration `i` in lane `lane` (distinct across lanes and iterations). */
function staMac(lane: number, i: number): string {
  return `02:00:00:${(0x10 + lane).toString(16)}:00:${(i + 1).toString(16).padStart(2, "0")}`;
}

/** One enrollment against `lane`'s daemon. */
async function iterate(lane: Lane, i: number): Promise<void> {
  const pair = lane.pair!, ap = lane.ap!;
  const mac = staMac(lane.index, i);
  const pid = await ap.daemon.pid();
  const cpu0 = readCpuMs(pid);
  await run("ip", "-n", pair.staNs, "link", "set", pair.staIf, "address", mac);
  const reply = await ap.request(`WPS_PIN any ${PIN}`);
  if (!["OK", PIN].includes(reply.trim())) {
    throw new Error(`WPS_PIN replied ${JSON.stringify(reply)}`);
  }
  const t0 = performance.now();
  const sup = await startWpaSupplicant(pair, { enrollee: "pin", pin: PIN });
  enrollee = sup;
  let result = "timeout";
  try {
    result = await sup.waitFor(/WPS-(SUCCESS|FAIL|TIMEOUT)/, 15_000);
  } catch {
    // counted as a failure below
  }
  const wallMs = performance.now() - t0;
  // Let the AP's EAP-Failure reach the capture before the Enrollee goes away.
  await sleep(300);
  await sup.stop();
  enrollee = undefined;
  const cpuMs = readCpuMs(pid) - cpu0;
  const enrolleeOk = /WPS-SUCCESS/.test(result);
  lane.runs.push({ mac, enrolleeOk, result: result.trim(), wallMs, cpuMs });
  if (!enrolleeOk) await ap.request("WPS_CANCEL").catch(() => "");
}

/** The Enrollee of the iteration in progress (stopped on an interrupt). */
let enrollee: Daemon | undefined;

/** Stops everything this benchmark started; also run on SIGINT/SIGTERM. */
async function cleanUp(): Promise<void> {
  await enrollee?.stop();
  for (const lane of lanes) {
    await lane.capture?.stop();
    await lane.ap?.close().catch(() => {});
    await lane.pair?.close();
  }
}

const unregister = onInterrupt(cleanUp);
const memory: Record<string, ReturnType<typeof readMemory>> = {};
try {
  for (const lane of lanes) {
    try {
      lane.pair = await createNetnsPair();
      lane.ap = await startBenchAp(lane.pair, lane.spec);
      lane.capture = await startCapture(
        lane.pair.staNs,
        lane.pair.staIf,
        `${lane.pair.dir}/sta.pcapng`,
      );
    } catch (e) {
      lane.setupError = (e as Error).message;
      console.error(`${lane.spec.label}: set-up failed: ${lane.setupError}`);
    }
  }
  const live = lanes.filter((l) => l.setupError === undefined);
  // Steady state: each daemon's start-up work (tsapd's self-test warm-up) is over first.
  for (const lane of live) {
    const ms = await settle(await lane.ap!.daemon.pid());
    console.log(`${lane.spec.label}: settled ${ms.toFixed(0)} ms after start`);
  }
  for (let i = 0; i < opts.n; i++) {
    const order = i % 2 === 0 ? live : [...live].reverse();
    for (const lane of order) {
      try {
        await iterate(lane, i);
        const r = lane.runs.at(-1)!;
        console.log(
          `${lane.spec.label} #${i + 1} ${r.mac}: ${r.result} (${r.wallMs.toFixed(0)} ms)`,
        );
      } catch (e) {
        lane.runs.push({
          mac: staMac(lane.index, i),
          enrolleeOk: false,
          result: String(e),
          wallMs: 0,
          cpuMs: 0,
        });
        console.error(`${lane.spec.label} #${i + 1}: ${(e as Error).message}`);
      }
    }
  }
  for (const lane of live) memory[lane.spec.label] = readMemory(await lane.ap!.daemon.pid());
} finally {
  for (const lane of lanes) {
    await lane.capture?.stop();
    await lane.ap?.close().catch(() => {});
  }
}

const summary: Record<string, unknown> = {};
try {
  console.log("\n== PIN exchange on the station veth (dumpcap): EAPOL-Start -> EAP-Failure");
  for (const lane of lanes) {
    if (lane.setupError !== undefined) {
      summary[lane.spec.label] = { setupError: lane.setupError };
      console.log(`${lane.spec.label}: not measured (${lane.setupError.split("\n")[0]})`);
      continue;
    }
    const frames = await readEapolFrames(lane.capture!.file);
    const total: number[] = [], m1m8: number[] = [], apShare: number[] = [];
    const steps = new Map<string, number[]>();
    let failures = 0;
    for (const r of lane.runs) {
      const x = exchangeOf(frames, r.mac);
      if (!r.enrolleeOk || x === undefined || !x.done) {
        failures++;
        continue;
      }
      total.push(x.startToFailureMs);
      if (x.m1ToM8Ms !== undefined) m1m8.push(x.m1ToM8Ms);
      apShare.push(x.apTurnarounds.reduce((a, t) => a + t.ms, 0));
      for (const t of x.apTurnarounds) {
        const samples = steps.get(t.step) ?? [];
        samples.push(t.ms);
        steps.set(t.step, samples);
      }
    }
    const t = summarize(total), m = summarize(m1m8), share = summarize(apShare);
    const stepMedians = Object.fromEntries(
      [...steps].map(([k, v]) => [k, summarize(v)?.median]),
    );
    // CPU time comes in 10 ms ticks: only the mean over all iterations is meaningful.
    const cpuMean = lane.runs.reduce((a, r) => a + r.cpuMs, 0) / Math.max(1, lane.runs.length);
    summary[lane.spec.label] = {
      startToFailureMs: t,
      m1ToM8Ms: m,
      apShareMs: share,
      apStepMediansMs: stepMedians,
      failures,
      runs: lane.runs.length,
      memoryAfter: memory[lane.spec.label],
      cpuPerEnrollmentMs: cpuMean,
    };
    console.log(`${lane.spec.label}: EAPOL-Start->EAP-Failure ${summaryText(t, "ms")}`);
    console.log(`${lane.spec.label}: M1->M8 ${summaryText(m, "ms")}`);
    console.log(`${lane.spec.label}: AP turnarounds summed ${summaryText(share, "ms")}`);
    console.log(
      `${lane.spec.label}: AP turnaround medians ` +
        Object.entries(stepMedians).map(([k, v]) => `${k} ${v?.toFixed(2)}`).join(", "),
    );
    console.log(`${lane.spec.label}: failures ${failures}/${lane.runs.length}`);
    console.log(`${lane.spec.label}: daemon CPU per enrollment (mean) ${cpuMean.toFixed(1)} ms`);
    const mem = memory[lane.spec.label];
    if (mem) {
      console.log(
        `${lane.spec.label}: after the runs VmRSS ${mem.rssKiB} KiB VmHWM ${mem.hwmKiB} KiB`,
      );
    }
  }
  const get = (l: string, k: string) =>
    ((summary[l] ?? {}) as Record<string, ReturnType<typeof summarize>>)[k] ?? null;
  if (lanes.length === 2) {
    for (const k of ["startToFailureMs", "m1ToM8Ms", "apShareMs"]) {
      console.log(`ratio tsapd/hostapd ${k}: ${ratioText(get("tsapd", k), get("hostapd", k))}`);
    }
  }
  await writeJson(opts.json, { bench: "pin", n: opts.n, ...summary });
} finally {
  for (const lane of lanes) await lane.pair?.close();
  unregister();
}
