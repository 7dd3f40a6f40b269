/**
 * Many-enrollee benchmark: 32 wpa_supplicant Enrollees at once against one daemon. The AP
 * namespace holds a bridge (group_fwd_mask 8, so EAPOL to 01:80:c2:00:00:03 reaches the
 * bridge's packet socket) with 32 isolated veth ports; the other ends sit in one station
 * namespace with distinct MACs. A wildcard PIN is one-time-use, so each Enrollee gets a
 * UUID-specific PIN first (`WPS_PIN <uuid> <pin>`), then all Enrollees start together.
 *
 * Measured per round and daemon: time from starting the Enrollees until all reported
 * WPS-SUCCESS (or how many did within 60 s), the span on the wire from the first EAPOL-Start
 * to the last EAP-Failure, and each Enrollee's EAPOL-Start -> EAP-Failure (dumpcap on the
 * bridge). Rounds alternate between the daemons; every round uses fresh station MACs.
 *
 * Usage: `deno run -A tests/bench/many_bench.ts [--n ROUNDS(3)] [--only hostapd|tsapd]
 * [--hostapd-cmd CMD] [--tsapd-cmd CMD] [--json out.json]`
 *
 * @module
 */

import { type Daemon, spawnInNs, uniqueSuffix } from "../integration/_wps_netns.ts";
import {
  type DaemonSpec,
  onInterrupt,
  parseBenchArgs,
  readCpuMs,
  readMemory,
  run,
  sleep,
  writeJson,
} from "./_harness.ts";
import { type BenchAp, startBenchAp } from "./_bench_ap.ts";
import { type Capture, exchangeOf, readEapolFrames, startCapture } from "./_capture.ts";
import { ratioText, summarize, type Summary, summaryText } from "./_stats.ts";

/** Enrollees per round. */
const STATIONS = 32;
/** Time limit per round. */
const ROUND_LIMIT_MS = 60_000;
const PIN = "12345670";

/** Result of one round against one daemon. */
interface Round {
  label: string;
  round: number;
  succeeded: number;
  /** Starting the Enrollees to the last WPS-SUCCESS (ms), when all succeeded. */
  allMs: number | undefined;
  /** Per Enrollee: starting the Enrollees to its WPS-SUCCESS (ms). */
  successMs: number[];
  /** First EAPOL-Start to last EAP-Failure on the bridge (ms). */
  wireSpanMs: number | undefined;
  /** Per Enrollee EAPOL-Start -> EAP-Failure on the bridge (ms). */
  exchangeMs: number[];
  /** Daemon memory right after the round. */
  rssKiB: number;
  hwmKiB: number;
  /** Daemon CPU time (user + system) used during the round (ms). */
  cpuMs: number;
  error?: string;
}

/** Runs `ip -n <ns> -batch -` with `lines` on stdin. */
async function ipBatch(ns: string, lines: string[]): Promise<void> {
  const child = new Deno.Command("ip", {
    args: ["-n", ns, "-batch", "-"],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(lines.join("\n") + "\n"));
  await w.close();
  const out = await child.output();
  if (!out.success) throw new Error(`ip -batch failed: ${new TextDecoder().decode(out.stderr)}`);
}

/** The MAC of station `k` in round `r` of lane `lane`. */
function staMac(lane: number, r: number, k: number): string {
  const h = (x: number) => x.toString(16).padStart(2, "0");
  return `02:00:00:${h(0x20 + lane)}:${h(r)}:${h(k + 1)}`;
}

/** The UUID of Enrollee `k`. */
function staUuid(k: number): string {
  return `abcdef01-2345-6789-abcd-ef01234567${k.toString(16).padStart(2, "0")}`;
}

/** Namespaces, bridge and ports for one daemon; removed by close(). */
interface Topology {
  apNs: string;
  staNs: string;
  dir: string;
  close(): Promise<void>;
}

async function createTopology(): Promise<Topology> {
  const sfx = uniqueSuffix();
  const apNs = `tbm-ap-${sfx}`, staNs = `tbm-sta-${sfx}`;
  const dir = await Deno.makeTempDir({ prefix: `tbm-${sfx}-` });
  const made: string[] = [];
  const close = async () => {
    for (const ns of made.reverse()) await run("ip", "netns", "del", ns).catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    for (const ns of [apNs, staNs]) {
      await run("ip", "netns", "add", ns);
      made.push(ns);
    }
    // Interfaces are created inside the namespaces, so short fixed names cannot collide.
    const ap = [
      "link set lo up",
      "link add br0 type bridge stp_state 0 group_fwd_mask 8",
      "link set br0 address 02:00:00:00:01:00",
    ];
    const sta = ["link set lo up"];
    for (let k = 0; k < STATIONS; k++) {
      ap.push(`link add p${k} type veth peer name s${k} netns ${staNs}`);
      ap.push(`link set p${k} master br0`, `link set p${k} type bridge_slave isolated on`);
      ap.push(`link set p${k} up`);
      sta.push(`link set s${k} up`);
    }
    ap.push("link set br0 up");
    await ipBatch(apNs, ap);
    await ipBatch(staNs, sta);
    for (const ns of [apNs, staNs]) {
      await run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { apNs, staNs, dir, close };
}

/** Writes Enrollee `k`'s wpa_supplicant config and returns its path. */
async function writeEnrolleeConf(dir: string, k: number): Promise<string> {
  const path = `${dir}/wpas-${k}.conf`;
  await Deno.writeTextFile(
    path,
    [
      "ap_scan=0",
      "update_config=0",
      "eapol_version=2",
      "fast_reauth=0",
      "wps_cred_processing=2",
      `uuid=${staUuid(k)}`,
      `device_name=TestSTA${k}`,
      "manufacturer=StaManu",
      "model_name=StaModel",
      "model_number=2.0",
      "serial_number=1234",
      "device_type=1-0050F204-1",
      "os_version=01020300",
      "config_methods=display keypad push_button",
      "network={",
      "\tkey_mgmt=IEEE8021X",
      "\teap=WSC",
      '\tidentity="WFA-SimpleConfig-Enrollee-1-0"',
      `\tphase1="pin=${PIN}"`,
      "\teapol_flags=0",
      "}",
      "",
    ].join("\n"),
  );
  return path;
}

/** One round: PINs, 32 Enrollees at once, wait, collect. */
async function runRound(
  topo: Topology,
  ap: BenchAp,
  lane: number,
  r: number,
  confs: string[],
): Promise<Round> {
  const macs = confs.map((_, k) => staMac(lane, r, k));
  await ipBatch(topo.staNs, macs.map((m, k) => `link set s${k} address ${m}`));
  for (let k = 0; k < STATIONS; k++) {
    const reply = (await ap.request(`WPS_PIN ${staUuid(k)} ${PIN}`)).trim();
    if (reply !== "OK" && reply !== PIN) throw new Error(`WPS_PIN replied ${reply}`);
  }
  const capture = await startCapture(topo.apNs, "br0", `${topo.dir}/br-${lane}-${r}.pcapng`);
  capturing = capture;
  const sups: Daemon[] = [];
  running = sups;
  const pid = await ap.daemon.pid();
  const cpu0 = readCpuMs(pid);
  const successMs: number[] = [];
  try {
    const t0 = performance.now();
    for (let k = 0; k < STATIONS; k++) {
      sups.push(
        spawnInNs(topo.staNs, ["wpa_supplicant", "-D", "wired", "-i", `s${k}`, "-c", confs[k]!]),
      );
    }
    await Promise.all(sups.map((s) =>
      s.waitFor(/WPS-(SUCCESS|FAIL|TIMEOUT)/, ROUND_LIMIT_MS).then(
        (line) => {
          if (line.includes("WPS-SUCCESS")) successMs.push(performance.now() - t0);
        },
        () => {},
      )
    ));
    await sleep(300);
  } finally {
    await Promise.all(sups.map((s) => s.stop()));
    running = [];
    await capture.stop();
  }
  const cpuMs = readCpuMs(pid) - cpu0;
  const mem = readMemory(pid);
  const frames = await readEapolFrames(capture.file);
  const xs = macs.map((m) => exchangeOf(frames, m)).filter((x) => x !== undefined && x.done);
  const wireSpanMs = xs.length === 0
    ? undefined
    : Math.max(...xs.map((x) => x!.failureMs)) - Math.min(...xs.map((x) => x!.startMs));
  return {
    label: ap.spec.label,
    round: r,
    succeeded: successMs.length,
    allMs: successMs.length === STATIONS ? Math.max(...successMs) : undefined,
    successMs,
    wireSpanMs,
    exchangeMs: xs.map((x) => x!.startToFailureMs),
    rssKiB: mem.rssKiB,
    hwmKiB: mem.hwmKiB,
    cpuMs,
  };
}

const opts = parseBenchArgs(Deno.args, 3);
if (opts.n > 200) throw new RangeError("At most 200 rounds (one MAC octet)");
const lanes: { spec: DaemonSpec; topo?: Topology; ap?: BenchAp; error?: string }[] = opts
  .daemons.map((spec) => ({ spec }));
const rounds: Round[] = [];
/** The Enrollees of the round in progress (stopped on an interrupt). */
let running: Daemon[] = [];
/** The capture of the round in progress. */
let capturing: Capture | undefined;

/** Stops everything this benchmark started; also run on SIGINT/SIGTERM. */
async function cleanUp(): Promise<void> {
  await Promise.all(running.map((s) => s.stop()));
  await capturing?.stop();
  for (const lane of lanes) {
    await lane.ap?.close().catch(() => {});
    await lane.topo?.close();
  }
}

const unregister = onInterrupt(cleanUp);
try {
  for (const lane of lanes) {
    try {
      lane.topo = await createTopology();
      lane.ap = await startBenchAp(
        { apNs: lane.topo.apNs, apIf: "br0", dir: lane.topo.dir },
        lane.spec,
      );
    } catch (e) {
      lane.error = (e as Error).message;
      console.error(`${lane.spec.label}: set-up failed: ${lane.error}`);
    }
  }
  for (let r = 0; r < opts.n; r++) {
    const order = r % 2 === 0 ? [...lanes.keys()] : [...lanes.keys()].reverse();
    for (const li of order) {
      const lane = lanes[li]!;
      if (lane.error !== undefined) continue;
      const confs = await Promise.all(
        Array.from({ length: STATIONS }, (_, k) => writeEnrolleeConf(lane.topo!.dir, k)),
      );
      try {
        const res = await runRound(lane.topo!, lane.ap!, li, r, confs);
        rounds.push(res);
        const all = res.allMs === undefined ? "not all" : `${res.allMs.toFixed(0)} ms`;
        console.log(
          `${res.label} round ${r + 1}: ${res.succeeded}/${STATIONS} WPS-SUCCESS; all: ${all}; ` +
            `wire span ${res.wireSpanMs?.toFixed(1)} ms; VmHWM ${res.hwmKiB} KiB; ` +
            `CPU ${res.cpuMs} ms`,
        );
      } catch (e) {
        console.error(`${lane.spec.label} round ${r + 1} failed: ${(e as Error).message}`);
        rounds.push({
          label: lane.spec.label,
          round: r,
          succeeded: 0,
          allMs: undefined,
          successMs: [],
          wireSpanMs: undefined,
          exchangeMs: [],
          rssKiB: 0,
          hwmKiB: 0,
          cpuMs: 0,
          error: (e as Error).message,
        });
      }
      await sleep(500);
    }
  }
} finally {
  await cleanUp();
  unregister();
}

console.log(`\n== ${STATIONS} Enrollees at once (UUID-specific PINs, bridge with isolated ports)`);
const summary: Record<string, Record<string, Summary | null | number | string>> = {};
for (const lane of lanes) {
  const label = lane.spec.label;
  if (lane.error !== undefined) {
    summary[label] = { setupError: lane.error };
    console.log(`${label}: not measured (${lane.error.split("\n")[0]})`);
    continue;
  }
  const mine = rounds.filter((r) => r.label === label);
  const s = {
    allMs: summarize(mine.flatMap((r) => r.allMs === undefined ? [] : [r.allMs])),
    wireSpanMs: summarize(mine.flatMap((r) => r.wireSpanMs === undefined ? [] : [r.wireSpanMs])),
    exchangeMs: summarize(mine.flatMap((r) => r.exchangeMs)),
    successMs: summarize(mine.flatMap((r) => r.successMs)),
    hwmMiB: summarize(mine.filter((r) => r.hwmKiB > 0).map((r) => r.hwmKiB / 1024)),
    cpuMs: summarize(mine.filter((r) => r.error === undefined).map((r) => r.cpuMs)),
  };
  const ok = mine.reduce((a, r) => a + r.succeeded, 0);
  summary[label] = { ...s, succeeded: ok, attempted: mine.length * STATIONS };
  console.log(`${label}: succeeded ${ok}/${mine.length * STATIONS}`);
  console.log(`${label}: start -> all ${STATIONS} WPS-SUCCESS ${summaryText(s.allMs, "ms", 0)}`);
  console.log(
    `${label}: wire span first Start -> last Failure ${summaryText(s.wireSpanMs, "ms", 1)}`,
  );
  console.log(`${label}: per-Enrollee Start -> Failure ${summaryText(s.exchangeMs, "ms", 1)}`);
  console.log(`${label}: per-Enrollee launch -> WPS-SUCCESS ${summaryText(s.successMs, "ms", 0)}`);
  console.log(`${label}: VmHWM after round ${summaryText(s.hwmMiB, "MiB")}`);
  console.log(`${label}: daemon CPU per round of ${STATIONS} ${summaryText(s.cpuMs, "ms", 0)}`);
}
if (lanes.length === 2 && summary.tsapd && summary.hostapd) {
  for (const k of ["allMs", "wireSpanMs", "exchangeMs", "hwmMiB", "cpuMs"]) {
    const a = summary.tsapd[k] as Summary | null | undefined;
    const b = summary.hostapd[k] as Summary | null | undefined;
    console.log(`ratio tsapd/hostapd ${k}: ${ratioText(a ?? null, b ?? null)}`);
  }
}
await writeJson(opts.json, { bench: "many", rounds: opts.n, stations: STATIONS, ...summary });
