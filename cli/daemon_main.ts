/**
 * `tsapd [options] <hostapd.conf>...`: the daemon's process edge. Parses hostapd's options, sets
 * up logging (stdout, -f file or -s syslog), -B/-P, signals (SIGINT/SIGTERM stop, SIGHUP
 * reloads) and runs the Daemon.
 *
 * @module
 */

import { LineBatcher, type LineSink, writeAllSync } from "../daemon/log_batch.ts";
import { collectYoungGeneration, idleCollector } from "../daemon/idle_gc.ts";
import { systemClock } from "../core/clock.ts";
import { guardInspectorSignal } from "../ffi/inspector_signal.ts";
import {
  createLineLogger,
  type Logger,
  LogLevel,
  type LogLevelValue,
  silentLogger,
} from "../core/log.ts";
import type { LogSettingsControl } from "../core/ctrl/log_level.ts";
import { wpsSelfTest } from "../daemon/self_test.ts";
import { radioSelfTest } from "../daemon/radio_self_test.ts";
import { type ControlOpener, Daemon, type DriverStarter, loadConfigs } from "../daemon/daemon.ts";
import { commandHandlerFor } from "../daemon/ctrl_handler.ts";
import { openControlSocket } from "../daemon/control.ts";
import { openGlobalControl } from "../daemon/global_control.ts";
import type { CtrlServer } from "../daemon/ctrl_server.ts";
import { startDriver } from "../daemon/drivers/start.ts";
import { openSyslog, syslogSeverity } from "../ffi/syslog.ts";
import { sharedReactor, stopSharedReactor } from "../ffi/reactor.ts";
import { loadGmpJacobi } from "../ffi/libgmp.ts";
import { loadLibcryptoBackend } from "../ffi/libcrypto.ts";
import { cryptoBackend, installCryptoBackend, withJacobi } from "../core/crypto/backend.ts";
import { type DaemonOptions, parseDaemonArgs, USAGE } from "./daemon_options.ts";
import { VERSION_TEXT } from "./version.ts";
import { dirname } from "node:path";
import { DAEMON_V8_FLAGS_ARG } from "./v8_flags.ts";

const DAEMON_CHILD_ENV = "TSAPD_DAEMON_CHILD";

/**
 * The flags ./tsapd runs with: the shipped V8 flags (cli/v8_flags.ts) and permissions (FFI for
 * sockets, files for configs, run for -a scripts).
 */
const DAEMON_PERMISSIONS = [
  DAEMON_V8_FLAGS_ARG,
  "--allow-ffi",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-sys",
];

/** Runs the daemon command line; resolves to the process exit code. */
export async function runDaemon(args: string[]): Promise<number> {
  const cmd = parseDaemonArgs(args);
  switch (cmd.kind) {
    case "help":
      console.error(VERSION_TEXT + "\n" + USAGE);
      return 1;
    case "version":
      console.error(VERSION_TEXT);
      return 1;
    case "error":
      console.error(`tsapd: ${cmd.message}\n${USAGE}`);
      return 1;
    case "run":
      break;
  }
  const o = cmd.options;
  selectCryptoBackend();
  if (o.checkOnly) return await checkConfigs(o);
  if (o.daemonize && Deno.env.get(DAEMON_CHILD_ENV) === undefined) return await daemonize(args, o);
  return await serve(o);
}

/**
 * Environment variable naming the crypto backend: `node` keeps node:crypto; unset or
 * `libcrypto` uses the system's OpenSSL when it loads and passes its known answers.
 */
export const CRYPTO_ENV = "TSAPD_CRYPTO";

/** Installs libcrypto as the core's crypto backend unless TSAPD_CRYPTO=node; returns its name. */
function selectCryptoBackend(): string {
  if (Deno.env.get(CRYPTO_ENV) !== "node") {
    const lib = loadLibcryptoBackend();
    if (lib) {
      const jacobi = loadGmpJacobi();
      installCryptoBackend(jacobi ? withJacobi(lib, jacobi, "libgmp") : lib);
    }
  }
  return cryptoBackend().name;
}

/** Parses the configs without logging; prints every error line with `print`. */
async function validateConfigs(o: DaemonOptions, print: (line: string) => void) {
  const r = await loadConfigs(o.configs, silentLogger, o.interfaces);
  if (!r.ok) { for (const e of r.errors) print(e); }
  return r;
}

async function checkConfigs(o: DaemonOptions): Promise<number> {
  const r = await validateConfigs(o, console.log);
  if (!r.ok) return 1;
  for (const c of r.configs) console.log(`${c.path}: OK`);
  return 0;
}

/**
 * Longest a log line waits while stations are being served (daemon/log_batch.ts): the reactor
 * going idle writes the lines (100 ms after the last frame), this timer when traffic never
 * stops, the line cap when a debug log runs long.
 */
const LOG_HOLD = { maxLines: 64, maxMs: 1000 };

/** Where the daemon's log lines go, batched. */
interface DaemonLog {
  /** Queues one line logged at `level`. */
  write(line: string, level: number): void;
  /** Writes what is queued. */
  flush(): void;
  /** RELOG: reopens the `-f` file under its name (log rotation); true without one. */
  reopen(): boolean;
}

/**
 * Opens the `-f` file for appending, readable by owner and group only (hostapd's 0640: with -K
 * or a debug level the log holds PINs and keys).
 */
function openLogFile(path: string): Deno.FsFile {
  return Deno.openSync(path, { append: true, create: true, mode: 0o640 });
}

/**
 * The log: syslog (-s, named and graded as hostapd's lines are), a file (-f) or stdout. Lines go
 * out batched at the end of the task that logged them, and while the reactor is hot only once
 * the burst of frames is over (daemon/log_batch.ts), so a station's next frame is not kept
 * waiting on a write.
 */
function makeDaemonLog(o: DaemonOptions): DaemonLog {
  let sink: LineSink;
  let reopen = () => true;
  // Syslog lines carry their severity as a one-digit prefix through the batcher.
  let tag = (line: string, _level: number) => line;
  if (o.syslog) {
    const sys = openSyslog("hostapd");
    tag = (line, level) => `${syslogSeverity(level)}${line}`;
    sink = (lines) => {
      for (const line of lines) sys.send(line.slice(1), Number(line[0]));
    };
  } else {
    const enc = new TextEncoder();
    let out: Deno.FsFile | typeof Deno.stdout = Deno.stdout;
    if (o.logFile !== undefined) {
      try {
        out = openLogFile(o.logFile);
      } catch (err) {
        // As hostapd: the daemon runs on, logging to standard output.
        console.error(
          `Failed to open output file '${o.logFile}' (${
            err instanceof Error ? err.message : err
          }), using standard output`,
        );
      }
    }
    if (out !== Deno.stdout) {
      reopen = () => {
        try {
          const next = openLogFile(o.logFile!);
          (out as Deno.FsFile).close();
          out = next;
          return true;
        } catch {
          return false;
        }
      };
    }
    // A closed stdout (daemonized) or a full disk throws; the batcher drops that batch.
    sink = (lines) => writeAllSync(out, enc.encode(lines.join("\n") + "\n"));
  }
  const reactor = sharedReactor();
  const batcher = new LineBatcher(sink, {
    ...LOG_HOLD,
    active: () => reactor.hot,
    setTimer: (ms, fn) => systemClock.setTimer(ms, fn),
  });
  return {
    write: (line, level) => batcher.write(tag(line, level)),
    flush: () => batcher.flush(),
    reopen: () => {
      batcher.flush();
      return reopen();
    },
  };
}

async function serve(o: DaemonOptions): Promise<number> {
  const log = makeDaemonLog(o);
  const logOptions = {
    level: o.debugLevel as LogLevelValue,
    timestamps: o.timestamps,
    showKeys: o.showKeys,
    write: (line: string, level: number) => log.write(line, level),
  };
  const logger = createLineLogger(logOptions);
  // LOG_LEVEL shows hostapd's wpa_debug_timestamp, an int; the logger only needs on or off.
  let timestamp = o.timestamps ? 1 : 0;
  const logSettings: LogSettingsControl = {
    get: () => ({ level: logOptions.level, timestamp }),
    set(change) {
      if (change.level !== undefined) logOptions.level = change.level as LogLevelValue;
      if (change.timestamp !== undefined) {
        timestamp = change.timestamp;
        logOptions.timestamps = timestamp !== 0;
      }
    },
    reopen: () => log.reopen(),
  };
  const done = Promise.withResolvers<string>();
  logger.log(LogLevel.DEBUG, `crypto: ${cryptoBackend().name}`);
  const openControl: ControlOpener = (dir, ifname, group, handler) =>
    openControlSocket(dir, ifname, group, handler, logger);
  const driver: DriverStarter = (bss, emit, onState) =>
    startDriver(bss, emit, logger, systemClock, onState);
  const daemon = new Daemon(o.configs, {
    logger,
    clock: systemClock,
    openControl,
    startDriver: driver,
    handlerFor: commandHandlerFor,
    interfaces: o.interfaces,
    busy: (work) => sharedReactor().busy(work),
    logSettings,
    terminate: () => done.resolve("TERMINATE received - terminating"),
  });
  // Listen before the start: the control socket answers while the driver comes up, and a
  // SIGTERM then must not take Deno's default action and leave the socket behind.
  let started = false;
  let hupWhileStarting = false;
  const stop = () => done.resolve("Signal received - terminating");
  const hup = () => {
    if (!started) {
      hupWhileStarting = true;
      return;
    }
    logger.log(LogLevel.INFO, "Signal 1 received - reloading configuration");
    // As in hostapd, SIGHUP reads the files afresh: SETs made since are dropped.
    void daemon.reload({ dropSettings: true });
  };
  const unlisten = () => {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
    Deno.removeSignalListener("SIGHUP", hup);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGHUP", hup);
  // hostapd runs on after SIGUSR1; Deno would open its inspector, a root shell on localhost.
  guardInspectorSignal(
    (ms, fn) => systemClock.setTimer(ms, fn),
    () => logger.log(LogLevel.DEBUG, "SIGUSR1: Deno's inspector trigger replaced, signal ignored"),
  );
  try {
    await daemon.start();
  } catch (err) {
    unlisten();
    const lines = err instanceof Error ? err.message.split("\n") : [String(err)];
    // Where hostapd prints them: its log (stdout, or the -f file); a -B parent shows them too.
    for (const l of lines) logger.log(LogLevel.ERROR, l);
    log.flush();
    await reportToParent(`FAIL\n${lines.join("\n")}\n`);
    await daemon.stop().catch(() => {});
    await stopSharedReactor();
    return 1;
  }
  let global: CtrlServer | undefined;
  if (o.globalCtrl !== undefined) {
    try {
      global = openGlobalControl(o.globalCtrl, {
        addInterface: (params) => daemon.addInterface(params),
        removeInterface: (ifname) => daemon.removeInterface(ifname),
        interfaceList: () => daemon.interfaceList(),
        forward: (ifname, command) => daemon.forward(ifname, command),
        forwardMonitor: (ifname, command, from) => daemon.forwardMonitor(ifname, command, from),
        relog: () => log.reopen(),
        terminate: () => daemon.terminate(),
      }, logger);
    } catch (err) {
      unlisten();
      const text = `Failed to initialize global control interface: ${
        err instanceof Error ? err.message : err
      }`;
      logger.log(LogLevel.ERROR, text);
      log.flush();
      await reportToParent(`FAIL\n${text}\n`);
      await daemon.stop().catch(() => {});
      await stopSharedReactor();
      return 1;
    }
    const g = global;
    daemon.globalEmit = (ifname, level, text, probeRx) =>
      g.emit(level, text, probeRx, `IFNAME=${ifname} `);
  }
  started = true;
  if (hupWhileStarting) hup();
  if (o.pidFile !== undefined) {
    // hostapd runs on without a PID file it cannot write.
    await writePidFile(o.pidFile).catch((err) =>
      logger.log(LogLevel.ERROR, `Failed to write PID file '${o.pidFile}': ${err}`)
    );
  }
  // Each burst of frames leaves log lines and garbage: write and collect them as the loop goes
  // quiet (daemon/log_batch.ts, daemon/idle_gc.ts).
  const collect = idleCollector();
  sharedReactor().onIdle = () => {
    log.flush();
    collect();
  };
  // Sleep in poll(2) on the main thread between exchanges, so a station's first frame wakes the
  // thread that answers it (ffi/reactor.ts); the daemon's timers all run on systemClock.
  sharedReactor().idleOnMainThread({
    sliceMs: IDLE_SLICE_MS,
    nextDeadline: () => systemClock.nextDeadline(),
    timers: systemClock,
  });
  scheduleSelfTest(daemon, logger);
  await reportToParent(`OK ${Deno.pid}\n`);
  logger.log(LogLevel.INFO, await done.promise);
  unlisten();
  // As hostapd: its interfaces' last events go to their own monitors, not the global socket's.
  daemon.globalEmit = undefined;
  await sharedReactor().busy(daemon.stop());
  closeGlobalControl(global, o.globalCtrl);
  await stopSharedReactor();
  log.flush();
  if (o.pidFile !== undefined) await Deno.remove(o.pidFile).catch(() => {});
  return 0;
}

/** Closes the -g socket and, as hostapd does, its directory once that is empty. */
function closeGlobalControl(global: CtrlServer | undefined, path: string | undefined): void {
  if (global === undefined || path === undefined) return;
  global.close();
  try {
    Deno.removeSync(dirname(path));
  } catch {
    // not empty, or already gone
  }
}

/**
 * Longest idle sleep of the main thread in poll(2) before a turn of Deno's event loop: the most
 * Deno work the reactor is not told of waits (file writes and reloads announce themselves;
 * signals interrupt the poll, see ffi/reactor.ts), and one wake-up a second when idle. Idle
 * CPU in the qemu guest: 33 ms a second with 100 ms slices, 5.5 with these (hostapd: 0).
 */
const IDLE_SLICE_MS = 1000;

/** How one self-test (see daemon/self_test.ts) is reported and repeated as a warm-up. */
interface SelfTestLimits {
  /** What the log calls it. */
  name: string;
  /** Text of the log line that reports a failure. */
  failure: string;
  /** Rounds in all. */
  rounds: number;
  /**
   * Most time the rounds after the first may take in all: on a slow CPU the warm-up stops early
   * rather than burn seconds. The first round is not counted: it compiles the code, a cost the
   * first real station would otherwise pay.
   */
  budgetMs: number;
}

/**
 * The WPS exchange (on a radio, a whole station visit with it: daemon/radio_self_test.ts). The
 * first round checks the engine and compiles the code to bytecode, a cost the first real
 * station would otherwise pay; a few more leave V8's inline caches settled. Under the shipped
 * --jitless (cli/v8_flags.ts) nothing is gained beyond that: in the qemu guest, 5 rounds of each
 * test instead of 100 and 150 gave the same steady times (4-way 1.24x hostapd's against
 * 1.26-1.35x, credential 1.17x against 1.12-1.17x) and the daemon was idle 0.5 s after its
 * first enrollment instead of 2.6 s. A round is mostly DH: about 2 ms on the CI machine, 16-45
 * ms in the qemu guest.
 */
const WPS_SELF_TEST: SelfTestLimits = {
  name: "WPS",
  failure: "WPS: self-test failed: the Registrar and Enrollee disagree",
  rounds: 5,
  budgetMs: 1000,
};

/**
 * A radio station's visit with the 4-way handshake (association, msg 1/4 to 4/4, keys, leaving);
 * rounds as for WPS. A visit is 0.3 ms on the CI machine once warm.
 */
const WPA_SELF_TEST: SelfTestLimits = {
  name: "WPA",
  failure: "WPA: self-test failed: a station's 4-way handshake did not complete",
  rounds: 5,
  budgetMs: 1500,
};

/** How long a warm-up round waits while real traffic is being served. */
const SELF_TEST_BACKOFF_MS = 50;

/**
 * Runs the self-tests in the background (WPS, and for the first radio BSS with WPA2 a station's
 * visit with the 4-way handshake), one round per event-loop turn, so the control socket keeps
 * answering meanwhile. While the reactor is hot (a station or a client is being served) or a
 * file write is under way the warm-up waits, so it never competes with real work for the CPU:
 * in the qemu guest a round holds the event loop for up to 60 ms, and a write of
 * `wpa_psk_file` (several asynchronous steps) could wait behind one round per step.
 */
function scheduleSelfTest(daemon: Daemon, logger: Logger): void {
  // A BSS whose security leaves the Registrar nothing to hand out (802.1X without WPA) fails
  // every Enrollee as hostapd's does; its self-test would only report that as an engine fault.
  const wps = daemon.bsses.map((b) => b.wps?.settings).find((s) => s && s.authTypes !== 0);
  // The first radio BSS plays whole station visits (daemon/radio_self_test.ts): its WPS rounds
  // run the registration inside one, and its WPA2 rounds the 4-way handshake.
  const radio = daemon.bsses.map((b) => daemon.radioSelfTestSetup(b)).find((r) => r !== undefined);
  const wpsRound = radio?.wps
    ? () => radioSelfTest(radio, "wps")
    : wps
    ? () => wpsSelfTest(wps)
    : undefined;
  const tests = [
    ...(wpsRound ? [{ ...WPS_SELF_TEST, round: wpsRound }] : []),
    ...(radio?.rsn ? [{ ...WPA_SELF_TEST, round: () => radioSelfTest(radio, "wpa") }] : []),
  ].map((t) => ({ ...t, runs: 0, spentMs: 0 }));
  const due = (t: (typeof tests)[number]) => t.runs < t.rounds && t.spentMs < t.budgetMs;
  const step = () => {
    const reactor = sharedReactor();
    if (tests.some((t) => t.runs > 0) && (reactor.hot || reactor.working)) {
      systemClock.setTimer(SELF_TEST_BACKOFF_MS, step);
      return;
    }
    // One round per turn, the test with the fewest first: the cold first rounds (each compiles
    // its code, hundreds of milliseconds in the qemu guest) do not hold the loop back to back.
    const t = tests.filter(due).reduce((a, b) => (b.runs < a.runs ? b : a));
    const t0 = performance.now();
    if (!t.round()) {
      logger.log(LogLevel.ERROR, t.failure);
      return;
    }
    if (t.runs++ > 0) t.spentMs += performance.now() - t0;
    if (tests.some(due)) {
      systemClock.setTimer(0, step);
      return;
    }
    const report = tests.map((t) => `${t.name} ${t.runs} rounds`).join(", ");
    logger.log(LogLevel.DEBUG, `self-test passed (${report})`);
    collectYoungGeneration();
  };
  if (tests.length > 0) systemClock.setTimer(0, step);
}

async function writePidFile(path: string): Promise<void> {
  await Deno.writeTextFile(path, `${Deno.pid}\n`);
}

/** The file in a -B parent's private directory where the daemon reports how its start went. */
const READY_FILE = "status";

/**
 * -B child: tells the waiting parent `OK <pid>` or `FAIL` with the error lines, written whole
 * (temporary name, then rename) into the directory the parent made for it.
 */
async function reportToParent(text: string): Promise<void> {
  const dir = Deno.env.get(DAEMON_CHILD_ENV);
  if (!dir) return;
  try {
    await Deno.writeTextFile(`${dir}/${READY_FILE}.tmp`, text);
    await Deno.rename(`${dir}/${READY_FILE}.tmp`, `${dir}/${READY_FILE}`);
  } catch {
    // The parent gave up waiting and removed its directory: nobody to tell.
  }
}

/**
 * -B: starts a detached copy of this process and returns once it is serving (it wrote its
 * readiness file), like hostapd's fork after initialisation.
 */
async function daemonize(args: string[], o: DaemonOptions): Promise<number> {
  // Config errors are reported here, before the terminal is let go of.
  if (!(await validateConfigs(o, console.error)).ok) return 1;
  // mkdtemp's 0700 directory: no other user can plant or read the status file.
  const dir = await Deno.makeTempDir({ prefix: "tsapd-ready-" });
  try {
    return await startDaemonChild(args, dir);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Longest a -B parent waits for the daemon to report (a radio's HT40 scan takes seconds). */
const READY_TIMEOUT_MS = 120_000;

async function startDaemonChild(args: string[], dir: string): Promise<number> {
  const self = ownCommandLine();
  const child = new Deno.Command(self[0]!, {
    args: [...self.slice(1), ...args],
    env: { [DAEMON_CHILD_ENV]: dir },
    // Like daemon(3): a background daemon keeps no terminal (log with -f or -s).
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  const exited = child.status.then((s) => s.code);
  const readStatus = () => Deno.readTextFile(`${dir}/${READY_FILE}`).catch(() => undefined);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const r = await Promise.race([
      exited.then((code) => ({ code })),
      new Promise<null>((res) => setTimeout(() => res(null), 20)),
    ]);
    const status = await readStatus();
    if (status?.startsWith("FAIL\n")) {
      for (const line of status.slice(5).trimEnd().split("\n")) console.error(line);
      const code = await exited;
      return code === 0 ? 1 : code;
    }
    if (status?.startsWith("OK ")) {
      child.unref();
      return 0;
    }
    if (r !== null) {
      console.error(`tsapd: the daemon exited during start-up (status ${r.code})`);
      return r.code === 0 ? 1 : r.code;
    }
    if (Date.now() > deadline) {
      console.error(`tsapd: the daemon did not report ready in ${READY_TIMEOUT_MS / 1000} s`);
      child.unref();
      return 1;
    }
  }
}

/**
 * The command that starts this program again: the compiled binary itself, or Deno running the
 * same main module with the same permissions as ./tsapd grants.
 */
function ownCommandLine(): string[] {
  const exe = Deno.execPath();
  if (!/\/deno$/.test(exe)) return [exe];
  return [exe, "run", "--quiet", "--no-prompt", ...DAEMON_PERMISSIONS, Deno.mainModule];
}
