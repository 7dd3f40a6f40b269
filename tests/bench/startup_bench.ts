/**
 * Launch-to-PONG benchmark: spawns each daemon (driver=wired on a veth in its own network
 * namespace, the shared interop config) and polls its control socket with PING every 1 ms
 * through a raw datagram client until PONG; 1 s later reads VmRSS/VmHWM and the CPU time
 * (user + system) the daemon has used.
 * Daemons alternate per iteration; one untimed warm-up run each comes first.
 *
 * Usage: `deno run -A tests/bench/startup_bench.ts [--n 20] [--only hostapd|tsapd]
 * [--hostapd-cmd CMD] [--tsapd-cmd CMD] [--json out.json]`
 *
 * @module
 */

import { createNetnsPair } from "../integration/_wps_netns.ts";
import { apConfigLines } from "../integration/_ap.ts";
import {
  type Memory,
  onInterrupt,
  parseBenchArgs,
  readCpuMs,
  readMemory,
  sleep,
  spawnDaemon,
  writeJson,
} from "./_harness.ts";
import { CtrlProbe } from "./_ctrl_probe.ts";
import { ratioText, summarize, summaryText } from "./_stats.ts";

/** One launch: milliseconds to PONG, then memory and CPU time used 1 s later. */
interface Launch {
  ms: number;
  mem: Memory;
  cpuMs: number;
}

const opts = parseBenchArgs(Deno.args, 20);
const pair = await createNetnsPair();
const unregister = onInterrupt(() => pair.close());
const results = new Map<string, Launch[]>(opts.daemons.map((d) => [d.label, []]));
const failures = new Map<string, number>(opts.daemons.map((d) => [d.label, 0]));
let probeCount = 0;

/** Starts `label` once, times launch-to-PONG, samples memory, stops it. */
async function launchOnce(label: "hostapd" | "tsapd", cmd: string[]): Promise<Launch> {
  const lines = apConfigLines(pair, label);
  const confPath = `${pair.dir}/${label}.conf`;
  await Deno.writeTextFile(`${pair.dir}/${label}.psk`, "");
  await Deno.writeTextFile(confPath, lines.join("\n") + "\n");
  const server = `${pair.dir}/${label}-ctrl/${pair.apIf}`;
  await Deno.remove(server).catch(() => {});
  const probe = new CtrlProbe(`${pair.dir}/probe-${probeCount++}`);
  let daemon: ReturnType<typeof spawnDaemon> | undefined;
  let dropDaemon: () => void = () => {};
  try {
    const t0 = performance.now();
    daemon = spawnDaemon(pair.apNs, [...cmd, confPath], confPath);
    const d = daemon;
    dropDaemon = onInterrupt(() => d.stop());
    const tPong = await probe.waitForPong(server, 15_000, 1).catch((e) => {
      throw new Error(`${e.message}; daemon output:\n${daemon!.lines.slice(-8).join("\n")}`);
    });
    const pid = await daemon.pid();
    await sleep(1_000);
    const mem = readMemory(pid);
    const cpuMs = readCpuMs(pid);
    return { ms: tPong - t0, mem, cpuMs };
  } finally {
    probe.close();
    if (daemon) await daemon.stop();
    dropDaemon();
  }
}

try {
  for (const d of opts.daemons) {
    await launchOnce(d.label, d.cmd).catch((e) => console.error(`${d.label} warm-up: ${e}`));
  }
  for (let i = 0; i < opts.n; i++) {
    // Alternate which daemon goes first, so slow drift in the machine load hits both alike.
    const order = i % 2 === 0 ? opts.daemons : [...opts.daemons].reverse();
    for (const d of order) {
      try {
        const r = await launchOnce(d.label, d.cmd);
        results.get(d.label)!.push(r);
        console.log(
          `${d.label} #${i + 1}: launch->PONG ${r.ms.toFixed(1)} ms, ` +
            `VmRSS ${r.mem.rssKiB} KiB, VmHWM ${r.mem.hwmKiB} KiB, CPU ${r.cpuMs} ms`,
        );
      } catch (e) {
        failures.set(d.label, failures.get(d.label)! + 1);
        console.error(`${d.label} #${i + 1} failed: ${e instanceof Error ? e.message : e}`);
      }
    }
  }
} finally {
  await pair.close();
  unregister();
}

const summary: Record<string, unknown> = {};
console.log("\n== startup (launch -> PONG; memory 1 s after PONG)");
for (const d of opts.daemons) {
  const rs = results.get(d.label)!;
  const t = summarize(rs.map((r) => r.ms));
  const rss = summarize(rs.map((r) => r.mem.rssKiB / 1024));
  const hwm = summarize(rs.map((r) => r.mem.hwmKiB / 1024));
  const cpu = summarize(rs.map((r) => r.cpuMs));
  summary[d.label] = {
    launchMs: t,
    rssMiB: rss,
    hwmMiB: hwm,
    cpuMs: cpu,
    failures: failures.get(d.label),
  };
  console.log(`${d.label}: launch->PONG ${summaryText(t, "ms", 1)}`);
  console.log(`${d.label}: VmRSS ${summaryText(rss, "MiB")}; VmHWM ${summaryText(hwm, "MiB")}`);
  console.log(`${d.label}: CPU time until 1 s after PONG ${summaryText(cpu, "ms", 0)}`);
  console.log(`${d.label}: failures ${failures.get(d.label)}`);
}
if (opts.daemons.length === 2) {
  const s = (l: string, k: string) =>
    (summary[l] as Record<string, ReturnType<typeof summarize>>)[k] ?? null;
  for (const k of ["launchMs", "rssMiB", "hwmMiB", "cpuMs"]) {
    console.log(`ratio tsapd/hostapd ${k}: ${ratioText(s("tsapd", k), s("hostapd", k))}`);
  }
}
await writeJson(opts.json, { bench: "startup", n: opts.n, ...summary });
