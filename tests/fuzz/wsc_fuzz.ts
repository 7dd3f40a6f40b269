/**
 * In-process, structure-aware fuzzer of the WPS stack as the daemon runs it: the real
 * EapWscServer, WpsContext, RegistrarRun and EnrolleeRun on a ManualClock with an in-memory
 * WpsHost. Each episode runs a legitimate PIN Enrollee ("victim", one after another) next to
 * several fuzzed stations (see _lane.ts) and checks these oracles:
 *
 * - no exception escapes EapWscServer.receive, and none is swallowed as an internal error;
 * - every run's `end()` is called exactly once, never `handle()` after it;
 * - every victim enrolls (WPS-REG-SUCCESS for its MAC, a credential whose key is the PSK
 *   stored for it), whatever the other stations do;
 * - the station table stays within its bound, and is empty once everything timed out;
 * - the PSK file is written only by a run that reported WPS-REG-SUCCESS in the same step,
 *   AP settings are changed only by an AP-as-Enrollee run;
 * - every frame the AP sends is a well-formed EAP-Request or EAP-Failure within
 *   `fragment_size`, and no timer is left behind.
 *
 * CLI: `deno run -A tests/fuzz/wsc_fuzz.ts --count 1000000 --seed N` prints inputs/s. A
 * failure prints the seed, the episode seed and the hex of the last inputs.
 *
 * @module
 */

import { formatMac, fromHex, toHex } from "../../core/bytes.ts";
import { ManualClock } from "../../core/clock.ts";
import { parseEap } from "../../core/eap/packet.ts";
import { parseWscFrame } from "../../core/eap/wsc_frame.ts";
import type { WscRun, WscRunFactory, WscStep } from "../../core/eap/wsc_role.ts";
import { EapWscServer } from "../../core/eap/wsc_server.ts";
import { parseEapol } from "../../core/eapol/frame.ts";
import type { Logger } from "../../core/log.ts";
import { parseAttributes } from "../../core/wps/attributes.ts";
import { Attr, MsgType } from "../../core/wps/constants.ts";
import { messageTypeOf } from "../../core/wps/messages.ts";
import { WpsContext } from "../../core/wps/wps_context.ts";
import type { WpsHost } from "../../core/wps/wps_settings.ts";
import { apSettings } from "../core/wps/_peers.ts";
import { Lane, type LaneEnv, type PlanKind } from "./_lane.ts";
import { Prng } from "./_prng.ts";

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** Fuzzed inputs to generate (frames that were mutated or generated). */
  count: number;
  /** Master seed. */
  seed: number;
  /** Fuzzed inputs per episode (a fresh AP); default 3000. */
  episodeInputs?: number;
  /** Concurrent fuzzed stations; default 6. */
  lanes?: number;
  /** Station table bound of the EAP server; default 32. */
  maxStations?: number;
  /** Called after each episode. */
  progress?: (r: FuzzReport) => void;
  /** Test hook: wraps each real run (to plant a fault and prove an oracle catches it). */
  faultyRun?: (run: WscRun, role: "registrar" | "enrollee") => WscRun;
}

/** What a fuzz run did. */
export interface FuzzReport {
  /** Master seed. */
  seed: number;
  /** Fuzzed inputs fed to EapWscServer.receive. */
  inputs: number;
  /** All frames fed to it (fuzzed plus the legitimate ones around them). */
  frames: number;
  /** Episodes (fresh APs). */
  episodes: number;
  /** Fuzzed stations. */
  scenarios: number;
  /** WPS runs created. */
  runs: number;
  /** Legitimate enrollments checked. */
  victims: number;
  /** Stations that sent only frames to be dropped, and enrolled regardless. */
  chaffEnrolled: number;
  /** Inputs that were chaff (frames the AP must drop without effect). */
  chaffInputs: number;
  /** Fuzzed stations whose run still succeeded (the mutation was harmless). */
  fuzzedSuccesses: number;
  /** Device PSKs written. */
  pskWrites: number;
  /** Largest station table seen. */
  maxTable: number;
  /** Wall time in ms. */
  ms: number;
  /** Fuzzed inputs per generator. */
  byKind: Record<string, number>;
}

/** An oracle failed. */
export class FuzzFailure extends Error {
  /**
   * @param message what failed
   * @param seed the master seed
   * @param episodeSeed the failing episode's seed (`--episode-seed` replays it alone)
   * @param recent the last fuzzed inputs (station, mutation, hex)
   */
  constructor(
    message: string,
    readonly seed: number,
    readonly episodeSeed: number,
    readonly recent: string[],
  ) {
    super(message);
    this.name = "FuzzFailure";
  }
}

/** The captured material the generators start from. */
interface Corpus {
  frames: Uint8Array[];
  messages: Uint8Array[];
}

let corpusCache: Corpus | null = null;

function loadCorpus(): Corpus {
  if (corpusCache) return corpusCache;
  const read = (rel: string) => JSON.parse(Deno.readTextFileSync(new URL(rel, import.meta.url)));
  const pcap = read("./corpus.json") as { frames: { from: string; hex: string }[] };
  const messages: Uint8Array[] = [];
  for (const mode of ["pin", "pbc"]) {
    const rec = read(`../fixtures/wps/${mode}.json`) as { messages: { hex: string }[] };
    for (const m of rec.messages) messages.push(fromHex(m.hex));
  }
  corpusCache = {
    frames: pcap.frames.filter((f) => f.from === "station").map((f) => fromHex(f.hex)),
    messages,
  };
  return corpusCache;
}

const KINDS: readonly (readonly [number, PlanKind])[] = [
  [6, "chaff"],
  [14, "tlv"],
  [8, "inner"],
  [4, "nonce"],
  [6, "random"],
  [6, "opcode"],
  [5, "replay"],
  [6, "frag"],
  [10, "frame"],
  [5, "replay-frame"],
  [3, "restart"],
  [1, "identity"],
  [3, "raw"],
];

/** Bookkeeping of one WPS run, behind the wrapped factory. */
interface RunRecord {
  role: string;
  mac: string;
  ends: number;
  started: boolean;
}

/**
 * Runs the fuzzer until `count` fuzzed inputs were fed.
 *
 * @param o count, seed and sizes
 * @returns what was done
 * @throws {FuzzFailure} when an oracle fails
 */
export function runFuzz(o: FuzzOptions): FuzzReport {
  const master = new Prng(o.seed);
  const report: FuzzReport = {
    seed: o.seed,
    inputs: 0,
    frames: 0,
    episodes: 0,
    scenarios: 0,
    runs: 0,
    victims: 0,
    chaffEnrolled: 0,
    chaffInputs: 0,
    fuzzedSuccesses: 0,
    pskWrites: 0,
    maxTable: 0,
    ms: 0,
    byKind: {},
  };
  const t0 = performance.now();
  while (report.inputs < o.count) {
    const episodeSeed = master.fork();
    runEpisode(episodeSeed, o, report);
    report.episodes++;
    report.ms = performance.now() - t0;
    o.progress?.(report);
  }
  report.ms = performance.now() - t0;
  return report;
}

/**
 * One episode: a fresh AP, victims one after another, fuzzed lanes around them, then a
 * flood of EAPOL-Starts, then everything times out. Exported to replay one failing episode.
 *
 * @param episodeSeed the episode's seed
 * @param o limits (count bounds the episode too)
 * @param report totals to update
 * @throws {FuzzFailure} when an oracle fails
 */
export function runEpisode(episodeSeed: number, o: FuzzOptions, report: FuzzReport): void {
  const rng = new Prng(episodeSeed);
  const corpus = loadCorpus();
  const maxStations = o.maxStations ?? 32;
  const fragmentSize = rng.pick([1400, 1400, 300, 60]);
  const recent: string[] = [];
  const fail = (what: string): never => {
    throw new FuzzFailure(what, o.seed, episodeSeed, recent);
  };

  // ---- the AP: per-device PSK mode (every success writes the PSK file), AP PIN set ----
  const clock = new ManualClock();
  let active: { rec: RunRecord; successes: string[]; psks: string[] } | null = null;
  const regSuccess = new Set<string>();
  const events: string[] = [];
  const host: WpsHost = {
    emit: (t) => {
      events.push(`${active?.rec.mac ?? "-"} ${t}`);
      if (events.length > 64) events.shift();
      if (t.startsWith("WPS-REG-SUCCESS ")) {
        if (!active) fail(`${t} outside a run`);
        const mac = t.split(" ")[1]!;
        active!.successes.push(mac);
        regSuccess.add(mac);
      }
    },
    appendPinRequest: () => {},
    storeDevicePsk: (mac, psk) => {
      if (!active) fail("PSK written outside a run");
      if (psk.length !== 32) fail(`PSK of ${psk.length} bytes written`);
      active!.psks.push(`${formatMac(mac)} ${toHex(psk)}`);
      report.pskWrites++;
    },
    applyNewApSettings: () => {
      if (active?.rec.role !== "enrollee") fail("AP settings changed outside an AP-PIN run");
    },
    selectedRegistrarChanged: () => {},
    deauthWpsStations: () => {},
    unixTime: () => 1700000000,
  };
  const internal: Logger = {
    log: (_l, m) => {
      if (/internal error|threw|factory failed/.test(m)) fail(`swallowed exception: ${m}`);
    },
    hexdump: () => {},
    keydump: () => {},
  };
  const ctx = new WpsContext(
    apSettings({ networkKey: null, psk: null, apPin: "12345670" }),
    host,
    clock,
  );
  const storedPsk = new Map<string, string>();
  const runs: RunRecord[] = [];
  /**
   * Runs `work` as part of `rec`'s run and checks every PSK it wrote: the AP as Enrollee hands
   * a proven external Registrar its own PSK in M7 (`sendsM7` of the result), as hostapd does;
   * the internal Registrar stores one only at a verified WSC_Done, after its WPS-REG-SUCCESS.
   */
  const watched = <T>(rec: RunRecord, work: () => T, sendsM7: (result: T) => boolean): T => {
    const a = { rec, successes: [] as string[], psks: [] as string[] };
    active = a;
    let result: T;
    try {
      result = work();
    } finally {
      active = null;
    }
    for (const p of a.psks) {
      const mac = p.split(" ")[0]!;
      const ok = rec.role === "enrollee"
        ? sendsM7(result)
        : a.successes.includes(mac) && mac === rec.mac;
      if (!ok) fail(`PSK written by a ${rec.role} run that did not succeed: ${p}`);
      storedPsk.set(mac, p.split(" ")[1]!);
    }
    return result;
  };
  const factory: WscRunFactory = (role, peer) => {
    const real = ctx.createRun(role, peer);
    if (real === null) return null;
    const inner = o.faultyRun ? o.faultyRun(real, role) : real;
    const rec: RunRecord = { role, mac: formatMac(peer), ends: 0, started: false };
    runs.push(rec);
    report.runs++;
    const run: WscRun = {
      start: () => {
        if (rec.started || rec.ends) fail(`start() twice or after end() for ${rec.mac}`);
        rec.started = true;
        return inner.start();
      },
      handle: (op, payload) => {
        if (rec.ends) fail(`handle() after end() for ${rec.mac}`);
        let step = watched(rec, () => {
          try {
            return inner.handle(op, payload);
          } catch (err) {
            const stack = err instanceof Error ? err.stack : String(err);
            return fail(`run.handle() threw on op ${op} payload ${toHex(payload)}: ${stack}`);
          }
        }, (s) => rec.role === "enrollee" && sendsM7(s));
        const after = step.action === "finish" ? step.after : undefined;
        if (after) {
          // The run's closing work (its report and new PSK) runs after the EAP-Failure is out,
          // still as part of this run.
          step = { action: "finish", after: () => watched(rec, after, () => false) };
        }
        return step;
      },
      end: (reason) => {
        rec.ends++;
        if (rec.ends > 1) fail(`end() called ${rec.ends} times for ${rec.mac}`);
        inner.end(reason);
      },
    };
    return run;
  };

  // ---- the EAP server and its outputs ----
  const queues = new Map<string, Uint8Array[]>();
  let victimMac = "";
  let victims = 0;
  let victimReqAt = 0;
  const server = new EapWscServer({
    clock,
    runFactory: factory,
    logger: internal,
    fragmentSize,
    quietMs: rng.pick([0, 5000]),
    maxStations,
    send: (peer, eapol) => {
      checkSent(eapol, fragmentSize, fail);
      const m = formatMac(peer);
      if (m === victimMac) victimReqAt = clock.now();
      let q = queues.get(m);
      if (!q) queues.set(m, q = []);
      q.push(eapol);
    },
    emit: () => {},
  });
  const env: LaneEnv = {
    rng,
    addPin: (uuid, pin, timeout) => {
      if (!ctx.addPin(uuid, pin, timeout)) fail(`WPS_PIN ${uuid} refused`);
    },
    take: (mac) => {
      const m = formatMac(mac);
      const q = queues.get(m);
      queues.delete(m);
      return q ?? [];
    },
    deliver: (mac, frame, op) => {
      report.frames++;
      if (op !== null) {
        report.inputs++;
        if (op.startsWith("chaff")) report.chaffInputs++;
        recent.push(`${formatMac(mac)} ${op} ${toHex(frame)}`);
        if (recent.length > 8) recent.shift();
      }
      try {
        server.receive(mac, frame);
      } catch (err) {
        if (err instanceof FuzzFailure) throw err;
        fail(`receive() threw ${String(err)} on ${toHex(frame)}`);
      }
      if (server.size > maxStations) fail(`station table at ${server.size} > ${maxStations}`);
      if (server.size > report.maxTable) report.maxTable = server.size;
    },
    hasSession: (mac) => {
      const m = formatMac(mac);
      return server.stations().some((s) => s.mac === m);
    },
    corpusFrames: corpus.frames,
    corpusMessages: corpus.messages,
    victimFrames: [],
  };

  const newVictim = (): Lane => {
    // A fresh MAC each time: a finished station's EAPOL-Start is ignored for the quiet window.
    victims++;
    const mac = Uint8Array.of(2, 0, 0, 0, victims >> 8, victims & 0xff);
    victimMac = formatMac(mac);
    return new Lane(env, { kind: "legit", role: "registrar", k: -1, mac });
  };
  const checkVictim = (v: Lane): void => {
    const e = v.enrollee!;
    const mac = formatMac(v.mac);
    if (e.settings.length !== 1 || !regSuccess.has(mac)) {
      const mine = events.filter((t) => t.startsWith(mac)).join("; ");
      fail(
        `legitimate station ${mac} did not enroll (sent ${e.index} messages, EAP ${v.sup!.result}` +
          `, AP sent ${v.sup!.received.map((m) => m.opCode).join(",")}; events: ${mine})`,
      );
    }
    const cred = parseAttributes(parseAttributes(e.settings[0]!).map.get(Attr.CRED)![0]!.value);
    const key = new TextDecoder().decode(cred.map.get(Attr.NETWORK_KEY)![0]!.value);
    const psk = storedPsk.get(mac);
    if (psk !== undefined && psk !== key) fail(`${mac} got key ${key}, PSK file has ${psk}`);
    report.victims++;
    regSuccess.delete(mac);
  };
  const newLane = (): Lane => {
    report.scenarios++;
    const kind = rng.weighted(KINDS);
    const role = kind === "chaff" || rng.chance(0.8) ? "registrar" : "enrollee";
    const pbc = role === "registrar" && kind !== "chaff" && rng.chance(0.15);
    if (pbc && rng.chance(0.5)) ctx.startPbc();

    const frameLevel = kind === "frame" || kind === "replay-frame" || kind === "restart";
    const k = frameLevel ? rng.int(fragmentSize < 300 ? 40 : 8) : rng.int(5);
    return new Lane(env, { kind, role, k, pbc });
  };

  const startInputs = report.inputs;
  const budget = Math.min(o.episodeInputs ?? 3000, o.count - report.inputs);
  let victim = newVictim();
  const lanes = Array.from({ length: o.lanes ?? 6 }, newLane);
  let ticks = 0;
  while (report.inputs - startInputs < budget) {
    ticks++;
    victim.step();
    if (victim.done) {
      checkVictim(victim);
      victim = newVictim();
    }
    for (let i = 0; i < lanes.length; i++) {
      const lane = lanes[i]!;
      const before = report.inputs;
      lane.step();
      report.byKind[lane.opts.kind] = (report.byKind[lane.opts.kind] ?? 0) + report.inputs -
        before;
      if (lane.done) {
        if (lane.opts.kind === "chaff") {
          checkVictim(lane);
          report.victims--;
          report.chaffEnrolled++;
        } else if (regSuccess.has(formatMac(lane.mac))) {
          report.fuzzedSuccesses++;
          regSuccess.delete(formatMac(lane.mac));
        }
        lanes[i] = newLane();
      }
    }
    // Time moves, but never so far that the legitimate station's request times out.
    const room = victimReqAt + 4000 - clock.now();
    if (room > 0 && rng.chance(0.3)) clock.advance(rng.int(Math.min(room, 3000)));
    if (ticks > budget * 20) fail("episode made no progress");
  }
  // Let the last victim finish alone, then check it.
  for (let i = 0; i < 400 && !victim.done; i++) victim.step();
  if (!victim.done) fail(`legitimate station ${formatMac(victim.mac)} stalled`);
  checkVictim(victim);

  // A flood of EAPOL-Starts past the table bound: old entries are evicted, not leaked.
  if (rng.chance(0.5)) {
    for (let i = 0; i < maxStations * 2; i++) {
      const mac = Uint8Array.of(0x02, 0xee, i >> 8, i & 0xff, rng.int(256), rng.int(256));
      env.deliver(mac, Uint8Array.of(2, 1, 0, 0), "flood-start");
      for (const f of env.take(mac)) {
        env.deliver(
          mac,
          fromHex(
            `0200002202${
              toHex(f.subarray(5, 6))
            }0022015746412d53696d706c65436f6e6669672d456e726f6c6c65652d312d30`,
          ),
          null,
        );
      }
    }
  }
  // Everything still open times out (3 x 5 s), PINs and PBC expire.
  for (let i = 0; i < 20; i++) clock.advance(16_000);
  queues.clear();
  if (server.size !== 0) fail(`${server.size} conversations left after every timeout`);
  for (const r of runs) {
    if (r.ends !== 1) fail(`run of ${r.mac} (${r.role}) ended ${r.ends} times`);
  }
  server.stop();
  ctx.dispose();
  if (clock.pending !== 0) fail(`${clock.pending} timers left after dispose()`);
}

/** True when the run answers with an M7 (the AP proved its PIN and the ER proved its own). */
function sendsM7(step: WscStep): boolean {
  if (step.action !== "send" || step.message.opCode !== 4) return false;
  try {
    return messageTypeOf(parseAttributes(step.message.payload)) === MsgType.M7;
  } catch {
    return false;
  }
}

/** The AP must only send well-formed EAP-Requests and EAP-Failures within fragment_size. */
function checkSent(eapol: Uint8Array, fragmentSize: number, fail: (w: string) => never): void {
  try {
    const f = parseEapol(eapol);
    const p = parseEap(f.body);
    if (p.code === 4) return;
    if (p.code !== 1) fail(`AP sent EAP code ${p.code}`);
    if (p.type === 254) {
      const w = parseWscFrame(p.data);
      if (p.data.length > fragmentSize) fail(`AP sent ${p.data.length} > ${fragmentSize} bytes`);
      if (w.opCode < 1 || w.opCode > 6) fail(`AP sent Op-Code ${w.opCode}`);
    } else if (p.type !== 1) {
      fail(`AP sent EAP type ${p.type}`);
    }
  } catch (err) {
    if (err instanceof FuzzFailure) throw err;
    fail(`AP sent a malformed frame ${toHex(eapol)}: ${String(err)}`);
  }
}

function parseArgs(args: string[]): { count: number; seed: number; episodeSeed?: number } {
  const get = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const count = Number(get("--count") ?? 20000);
  const seed = Number(get("--seed") ?? (Date.now() & 0x7fffffff));
  const ep = get("--episode-seed");
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Cannot use count ${count}`);
  if (!Number.isInteger(seed)) throw new RangeError(`Cannot use seed ${seed}`);
  return { count, seed, episodeSeed: ep === undefined ? undefined : Number(ep) };
}

if (import.meta.main) {
  const { count, seed, episodeSeed } = parseArgs(Deno.args);
  console.log(`wsc_fuzz: seed ${seed}, count ${count}`);
  const rss0 = Deno.memoryUsage().rss;
  let last = 0;
  try {
    const progress = (r: FuzzReport) => {
      if (r.ms - last < 10_000) return;
      last = r.ms;
      const rate = Math.round(r.inputs / (r.ms / 1000));
      console.log(`  ${r.inputs} inputs, ${r.episodes} episodes, ${rate}/s`);
    };
    let r: FuzzReport;
    if (episodeSeed !== undefined) {
      r = runFuzz({ count: 0, seed });
      runEpisode(episodeSeed, { count, seed }, r);
    } else {
      r = runFuzz({ count, seed, progress });
    }
    const rss = Deno.memoryUsage().rss;
    console.log(
      `wsc_fuzz: ${r.inputs} fuzzed inputs (${r.frames} frames in all) in ${
        (r.ms / 1000).toFixed(1)
      } s = ${Math.round(r.inputs / (r.ms / 1000))} inputs/s; ${r.episodes} episodes, ` +
        `${r.scenarios} fuzzed stations, ${r.runs} runs, ${r.victims} legitimate enrollments, ` +
        `${r.chaffEnrolled} enrollments through chaff (${r.chaffInputs} chaff inputs), ` +
        `${r.fuzzedSuccesses} fuzzed stations still enrolled, ${r.pskWrites} PSK writes, ` +
        `table max ${r.maxTable}, RSS ${Math.round(rss0 / 1e6)} -> ${Math.round(rss / 1e6)} MB`,
    );
    console.log(`  by generator: ${JSON.stringify(r.byKind)}`);
  } catch (err) {
    if (err instanceof FuzzFailure) {
      console.error(`wsc_fuzz: FAILED (seed ${err.seed}, episode seed ${err.episodeSeed})`);
      console.error(`  ${err.message}`);
      for (const line of err.recent) console.error(`  input: ${line}`);
      console.error(
        `  replay: deno run -A tests/fuzz/wsc_fuzz.ts --seed ${err.seed} --episode-seed ${err.episodeSeed}`,
      );
      Deno.exit(1);
    }
    throw err;
  }
}
