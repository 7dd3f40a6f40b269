/**
 * Shared pieces of the benchmarks: which daemons to compare (each a command taking a
 * hostapd.conf path as its last argument), spawning a daemon in a namespace with its pid known,
 * memory figures from /proc, and small bounded waits.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { type Daemon, run, spawnInNs } from "../integration/_wps_netns.ts";
import { REPO } from "../integration/_ap.ts";

/** A daemon under test: a label and the command that takes the config path appended. */
export interface DaemonSpec {
  /** "hostapd" or "tsapd" (the label in tables and file names). */
  label: "hostapd" | "tsapd";
  /** argv before the config path. */
  cmd: string[];
}

/** Common command-line options of the benchmarks. */
export interface BenchOptions {
  /** The daemons, in alternation order (reference first). */
  daemons: DaemonSpec[];
  /** Iterations per daemon. */
  n: number;
  /** Where to write the JSON result (or undefined). */
  json: string | undefined;
}

/**
 * Parses `--n N`, `--only hostapd|tsapd`, `--hostapd-cmd "..."`, `--tsapd-cmd "..."` and
 * `--json path` (commands are split on spaces).
 *
 * @param args the script's arguments
 * @param defaultN iterations when `--n` is absent
 * @throws {RangeError} on a bad `--n` or `--only`
 */
export function parseBenchArgs(args: string[], defaultN: number): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: "string" },
      only: { type: "string" },
      "hostapd-cmd": { type: "string" },
      "tsapd-cmd": { type: "string" },
      json: { type: "string" },
    },
  });
  const n = values.n === undefined ? defaultN : Number(values.n);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new RangeError(`Bad --n ${values.n}`);
  const all: DaemonSpec[] = [
    { label: "hostapd", cmd: (values["hostapd-cmd"] ?? "hostapd").split(" ").filter(Boolean) },
    {
      label: "tsapd",
      cmd: (values["tsapd-cmd"] ?? `${REPO}/tsapd`).split(" ").filter(Boolean),
    },
  ];
  if (values.only !== undefined && !all.some((d) => d.label === values.only)) {
    throw new RangeError(`Bad --only ${values.only}`);
  }
  const daemons = all.filter((d) => values.only === undefined || d.label === values.only);
  return { daemons, n, json: values.json };
}

/** Sleeps `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A daemon spawned in a namespace whose pid can be looked up. */
export interface SpawnedDaemon extends Daemon {
  /**
   * The daemon's pid (`ip netns exec` and the ./tsapd wrapper both exec, so it is the newest
   * non-`ip` process whose argv holds the marker). Looked up on demand, since scanning /proc
   * would disturb a timing in progress.
   *
   * @throws {Error} when no such process appears within 5 s
   */
  pid(): Promise<number>;
}

/**
 * Spawns `cmd` in `ns` (see spawnInNs) and remembers `marker` (a unique path in its argv,
 * e.g. the config file) for the pid lookup.
 */
export function spawnDaemon(ns: string, cmd: string[], marker: string): SpawnedDaemon {
  const d = spawnInNs(ns, cmd);
  let pid: number | undefined;
  return {
    ...d,
    async pid() {
      const deadline = Date.now() + 5_000;
      while (pid === undefined && Date.now() < deadline) {
        pid = findPid(marker);
        if (pid === undefined) await sleep(5);
      }
      if (pid === undefined) throw new Error(`No process for ${cmd.join(" ")}`);
      return pid;
    },
  };
}

/** The pid of a process (not `ip`) whose argv mentions `marker`, if any. */
export function findPid(marker: string): number | undefined {
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const argv = Deno.readTextFileSync(`/proc/${e.name}/cmdline`).split("\0");
      if (argv[0] === "ip" || argv[0]?.endsWith("/ip")) continue;
      if (argv.includes(marker)) return Number(e.name);
    } catch {
      // exited meanwhile
    }
  }
  return undefined;
}

/** Resident-set figures of a process, in KiB. */
export interface Memory {
  /** Current resident set (VmRSS). */
  rssKiB: number;
  /** Peak resident set (VmHWM). */
  hwmKiB: number;
}

/**
 * Reads VmRSS and VmHWM from /proc/<pid>/status.
 *
 * @throws {Error} when the process is gone
 */
export function readMemory(pid: number): Memory {
  const text = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kib = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text);
    if (m === null) throw new Error(`No ${key} for pid ${pid}`);
    return Number(m[1]);
  };
  return { rssKiB: kib("VmRSS"), hwmKiB: kib("VmHWM") };
}

/** Runs a command to completion and returns stdout; throws on failure. */
export { run };

/** The first line of a command's output (stdout, then stderr), or "?" when it cannot run. */
export async function firstLineOf(cmd: string, ...args: string[]): Promise<string> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    return text.split("\n")[0]!.trim();
  } catch {
    return "?";
  }
}

/** Writes `value` as JSON to `path` when a path is given. */
export async function writeJson(path: string | undefined, value: unknown): Promise<void> {
  if (path !== undefined) await Deno.writeTextFile(path, JSON.stringify(value, null, 2) + "\n");
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU time (user + system) the process has used so far, in milliseconds (10 ms steps).
 *
 * @throws {Error} when the process is gone
 */
export function readCpuMs(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // Fields after the command name, which may itself contain spaces or parentheses.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5); f[0] is field 3.
  return (Number(f[11]) + Number(f[12])) * 1000 / USER_HZ;
}

/**
 * Waits until process `pid` used at most one clock tick of CPU in half a second (its start-up
 * work, such as tsapd's self-test warm-up, is over), at most `limitMs`.
 *
 * @returns how long it took (ms)
 */
export async function settle(pid: number, limitMs = 20_000): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    const c0 = readCpuMs(pid);
    await sleep(500);
    if (readCpuMs(pid) - c0 <= 1000 / USER_HZ) break;
  }
  return performance.now() - t0;
}

const cleanups = new Set<() => Promise<void>>();
let signalsInstalled = false;

/**
 * Registers `fn` to run when the benchmark is interrupted (SIGINT/SIGTERM, e.g. run.sh's
 * timeout), since `finally` blocks do not run then and namespaces and daemons would be left.
 *
 * @returns a function that unregisters `fn` (call it from the normal clean-up path)
 */
export function onInterrupt(fn: () => Promise<void>): () => void {
  if (!signalsInstalled) {
    signalsInstalled = true;
    const handler = async () => {
      for (const c of [...cleanups].reverse()) await c().catch(() => {});
      Deno.exit(130);
    };
    Deno.addSignalListener("SIGINT", handler);
    Deno.addSignalListener("SIGTERM", handler);
  }
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
