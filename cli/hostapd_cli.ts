/**
 * The hostapd_cli twin: `hostapd_cli [-p dir] [-i ifname] [-hvBr] [-a script] [-P pidfile]
 * [-G ping_s] [-s client_dir] [command args...]`. One command and exit; interactive mode when
 * no command is given; action mode (`-a`) that runs a script for every event. Options are
 * read like GNU getopt (permuted, `-G5` or `-G 5`, `--` ends them), which commander cannot
 * reproduce byte for byte, so the parser is hand-written. Replies are printed as received.
 *
 * @module
 */

import { guardInspectorSignal } from "../ffi/inspector_signal.ts";
import { OsError, strerror } from "../ffi/libc.ts";
import { stopSharedReactor } from "../ffi/reactor.ts";
import { CtrlClient, CtrlTimeoutError } from "../ffi/unix_dgram.ts";
import { type CliSession, COMMANDS, findCommand, isSensitive } from "./_commands.ts";
import { type LineSource, openLineSource, writeOut } from "./_line_editor.ts";

/** The version banner (first line of `-v`, usage and interactive mode). */
export const CLI_VERSION = "hostapd_cli v2.10 (tsapd 0.1.0)";

/** hostapd_cli's reply buffer holds 4095 bytes; longer replies are cut there. */
const MAX_REPLY = 4095;

/** Parsed command line. */
export interface CliOptions {
  /** Control socket directory (-p). */
  ctrlDir: string;
  /** Interface (-i); undefined → the first entry of ctrlDir. */
  ifname?: string;
  /** Action script (-a). */
  action?: string;
  /** Run in the background (-B). */
  daemonize: boolean;
  /** Pid file (-P). */
  pidFile?: string;
  /** Ping interval in seconds (-G). */
  pingInterval: number;
  /** Reconnect after the daemon went away (-r). */
  reconnect: boolean;
  /** Directory of the client socket (-s). */
  clientDir: string;
  /** The command and its arguments. */
  rest: string[];
  /** -h or -v given. */
  show?: "help" | "version";
}

/** A command-line error; the message is what getopt prints. */
export class CliUsageError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

const WITH_ARG = new Set(["a", "G", "i", "p", "P", "s"]);
const FLAGS = new Set(["B", "h", "r", "v"]);

/**
 * Parses hostapd_cli's options like GNU getopt with optstring `a:BhG:i:p:P:rs:v`.
 *
 * @param argv the arguments after the program name
 * @returns the options
 * @throws {CliUsageError} for an unknown option or a missing option argument
 */
export function parseCliArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    ctrlDir: "/var/run/hostapd",
    daemonize: false,
    pingInterval: 5,
    reconnect: false,
    clientDir: "/tmp",
    rest: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      o.rest.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      o.rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j]!;
      if (FLAGS.has(ch)) {
        if (ch === "B") o.daemonize = true;
        else if (ch === "r") o.reconnect = true;
        else if (ch === "h") o.show ??= "help";
        else o.show ??= "version";
        continue;
      }
      if (!WITH_ARG.has(ch)) throw new CliUsageError(`invalid option -- '${ch}'`);
      let val = a.slice(j + 1);
      if (val === "") {
        if (i + 1 >= argv.length) throw new CliUsageError(`option requires an argument -- '${ch}'`);
        val = argv[++i]!;
      }
      setOption(o, ch, val);
      break;
    }
  }
  return o;
}

function setOption(o: CliOptions, ch: string, val: string): void {
  switch (ch) {
    case "a":
      o.action = val;
      break;
    case "G":
      o.pingInterval = Math.max(0, parseInt(val, 10) || 0);
      break;
    case "i":
      o.ifname = val;
      break;
    case "p":
      o.ctrlDir = val;
      break;
    case "P":
      o.pidFile = val;
      break;
    case "s":
      o.clientDir = val;
      break;
  }
}

/** The usage text (tsapd's wording; the option letters are hostapd_cli's). */
export function usageText(): string {
  const lines = [
    CLI_VERSION,
    "",
    "usage: hostapd_cli [-p<path>] [-i<ifname>] [-hvBr] [-a<path>] \\",
    "                   [-P<pid file>] [-G<ping interval>] [command..]",
    "",
    "Options:",
    "   -h           show this usage",
    "   -v           show the version",
    "   -p<path>     control socket directory (default: /var/run/hostapd)",
    "   -s<dir_path> directory for the client socket (default: /tmp)",
    "   -a<file>     run <file> for every event (action mode)",
    "   -r           reconnect when the daemon restarts (with -a)",
    "   -B           run in the background",
    "   -P<file>     write the process id to <file> (with -B)",
    "   -G<seconds>  ping interval (default: 5)",
    "   -i<ifname>   interface (default: the first one in the control directory)",
    "",
  ];
  return lines.join("\n") + "\n" + helpText();
}

function helpText(name?: string): string {
  const cmds = name === undefined ? COMMANDS : COMMANDS.filter((c) => c.name.startsWith(name));
  return "commands:\n" + cmds.map((c) => `  ${c.name} ${c.usage}\n`).join("");
}

/** Splits a typed line into words (double quotes group words; at most 50). */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|(\S+)/g)) {
    out.push(m[1] ?? m[2]!);
    if (out.length >= 50) break;
  }
  return out;
}

/** State shared by all modes. */
class Cli implements CliSession {
  client: CtrlClient | undefined;
  ifname: string | undefined;
  attached = false;
  quitRequested = false;
  source: LineSource | undefined;
  onEvent: (text: string) => void = (t) => this.print(`${t}\n`);

  constructor(readonly opts: CliOptions) {
    this.ifname = opts.ifname;
  }

  print(text: string): void {
    if (this.source) this.source.printAbove(text);
    else writeOut(text);
  }

  /** Picks the first entry of the directory when no -i was given. */
  selectDefault(): void {
    if (this.ifname !== undefined) return;
    try {
      for (const e of Deno.readDirSync(this.opts.ctrlDir)) {
        this.ifname = e.name;
        writeOut(`Selected interface '${e.name}'\n`);
        return;
      }
    } catch {
      // no directory: the connect below reports it
    }
  }

  /** Opens the connection; returns the errno text on failure. */
  open(): string | undefined {
    this.selectDefault();
    const path = this.ifname === undefined
      ? this.opts.ctrlDir
      : this.ifname.includes("/")
      ? this.ifname
      : `${this.opts.ctrlDir}/${this.ifname}`;
    try {
      this.client = CtrlClient.open(path, {
        clientDir: this.opts.clientDir,
        onEvent: (t) => this.onEvent(t),
      });
      return undefined;
    } catch (err) {
      this.client = undefined;
      if (err instanceof OsError) return strerror(err.errno);
      return String(err);
    }
  }

  async attach(): Promise<void> {
    this.attached = false;
    try {
      this.attached = (await this.client?.attach()) ?? false;
    } catch {
      // reported below
    }
    if (!this.attached) this.print("Warning: Failed to attach to hostapd.\n");
  }

  async closeConnection(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    if (this.attached) await c.request("DETACH", 1000).catch(() => {});
    this.attached = false;
    c.close();
  }

  async request(cmd: string, print: boolean): Promise<string | null> {
    if (!this.client) {
      this.print("Not connected to hostapd - command dropped.\n");
      return null;
    }
    let reply: Uint8Array;
    try {
      reply = await this.client.request(cmd);
    } catch (err) {
      this.print(`'${cmd}' command ${err instanceof CtrlTimeoutError ? "timed out" : "failed"}.\n`);
      return null;
    }
    const cut = reply.subarray(0, MAX_REPLY);
    const nul = cut.indexOf(0);
    const text = new TextDecoder().decode(nul >= 0 ? cut.subarray(0, nul) : cut);
    if (print) this.print(text);
    return text;
  }

  async command(cmd: string): Promise<void> {
    await this.request(cmd, true);
  }

  async listInterfaces(): Promise<void> {
    let names: string[] = [];
    try {
      names = [...Deno.readDirSync(this.opts.ctrlDir)].map((e) => e.name);
    } catch {
      return;
    }
    this.print(`Available interfaces:\n${names.map((n) => `${n}\n`).join("")}`);
    await Promise.resolve();
  }

  async selectInterface(ifname: string): Promise<void> {
    await this.closeConnection();
    this.ifname = ifname;
    if (this.open() !== undefined) {
      this.print(`Could not connect to interface '${ifname}' - re-trying\n`);
      return;
    }
    await this.attach();
  }

  quit(): void {
    this.quitRequested = true;
  }

  help(name?: string): void {
    this.print(helpText(name));
  }

  /** Runs one typed command line. */
  async run(words: string[]): Promise<void> {
    if (words.length === 0) return;
    const m = findCommand(words[0]!);
    if (m.kind === "none") return this.print(`Unknown command '${words[0]}'\n`);
    if (m.kind === "ambiguous") {
      return this.print(
        `Ambiguous command '${words[0]}'; possible commands: ${m.names.join(" ")}\n`,
      );
    }
    await m.command.run(this, words.slice(1));
  }

  /** One ping-interval tick: detects a lost daemon and reconnects. */
  async ping(onLost: () => boolean): Promise<void> {
    if (this.client) {
      const r = await this.request("PING", false);
      if (r !== null) return;
      if (!onLost()) return;
      await this.closeConnection();
    }
    if (!this.client && this.open() === undefined) {
      if (this.source) this.print("Connection to hostapd re-established\n");
      await this.attach();
    }
  }
}

const HISTORY_MAX = 100;

function historyPath(): string | undefined {
  const home = Deno.env.get("HOME");
  return home ? `${home}/.hostapd_cli_history` : undefined;
}

async function interactive(cli: Cli): Promise<void> {
  const hp = historyPath();
  const history: string[] = [];
  try {
    if (hp) history.push(...Deno.readTextFileSync(hp).split("\n").filter((l) => l !== ""));
  } catch {
    // no history yet
  }
  const loaded = history.length;
  writeOut(`${CLI_VERSION}\n\n\nInteractive mode\n\n`);
  cli.source = openLineSource("> ", history);
  let busy = false;
  const timer = cli.opts.pingInterval > 0
    ? setInterval(() => {
      if (busy) return;
      busy = true;
      cli.ping(() => {
        cli.print("Connection to hostapd lost - trying to reconnect\n");
        return true;
      }).finally(() => busy = false);
    }, cli.opts.pingInterval * 1000)
    : undefined;
  try {
    while (!cli.quitRequested) {
      const line = await cli.source.next();
      if (line === null) break;
      if (line.trim() !== "" && history.at(-1) !== line) history.push(line);
      busy = true;
      try {
        await cli.run(tokenize(line));
      } finally {
        busy = false;
      }
    }
    // hostapd_cli shows one more prompt after `quit` before it leaves its loop.
    if (cli.quitRequested && !Deno.stdin.isTerminal()) writeOut("> ");
  } finally {
    clearInterval(timer);
    cli.source.close();
    cli.source = undefined;
  }
  if (hp && history.length > loaded) {
    const keep = history.filter((l) => !isSensitive(l)).slice(-HISTORY_MAX);
    try {
      Deno.writeTextFileSync(hp, keep.join("\n") + "\n");
    } catch {
      // an unwritable home is not an error for the command line
    }
  }
}

/** Action mode: runs `script <ifname> <event words...>` for every event, one at a time. */
async function actionMode(cli: Cli): Promise<void> {
  const script = cli.opts.action!;
  let chain = Promise.resolve();
  cli.onEvent = (text) => {
    const body = text.startsWith("<") && text.includes(">")
      ? text.slice(text.indexOf(">") + 1)
      : text;
    const words = `${cli.ifname ?? ""} ${body}`.split(" ").filter((w) => w !== "").slice(0, 28);
    chain = chain.then(async () => {
      try {
        await new Deno.Command(script, { args: words, stdin: "null" }).output();
      } catch (err) {
        cli.print(`Failed to run action script: ${err}\n`);
      }
    });
  };
  let stop!: () => void;
  const done = new Promise<void>((r) => stop = r);
  const interval = Math.max(1, cli.opts.pingInterval) * 1000;
  const tick = async () => {
    await cli.ping(() => {
      if (cli.opts.reconnect) return true;
      cli.print("hostapd did not reply to PING command - exiting\n");
      stop();
      return false;
    });
  };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    tick().finally(() => busy = false);
  }, interval);
  try {
    await done;
  } finally {
    clearInterval(timer);
    await chain;
  }
}

/** Re-runs this program detached without -B; the child writes the pid file. */
async function daemonize(opts: CliOptions, argv: string[]): Promise<void> {
  const args: string[] = [
    "-p",
    opts.ctrlDir,
    "-G",
    String(opts.pingInterval),
    "-s",
    opts.clientDir,
  ];
  if (opts.ifname !== undefined) args.push("-i", opts.ifname);
  if (opts.action !== undefined) args.push("-a", opts.action);
  if (opts.pidFile !== undefined) args.push("-P", opts.pidFile);
  if (opts.reconnect) args.push("-r");
  args.push("--", ...opts.rest);
  const given = Deno.args.slice(0, Math.max(0, Deno.args.length - argv.length));
  // cli/main.ts needs `cli` to pick this mode; this module run directly needs nothing.
  const prefix = given.length || Deno.mainModule.endsWith("/hostapd_cli.ts") ? given : ["cli"];
  const exe = Deno.execPath();
  const isDeno = /(^|\/)deno$/.test(exe);
  const full = isDeno
    ? ["run", "--allow-all", Deno.mainModule, ...prefix, ...args]
    : [...prefix, ...args];
  const child = new Deno.Command(exe, {
    args: full,
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
    env: { TSAPD_CLI_DAEMON: "1" },
  }).spawn();
  child.unref();
  await Promise.resolve();
}

/**
 * Runs hostapd_cli with `argv` (the arguments after the program name).
 *
 * @param argv command-line arguments
 * @returns the exit status (0, or 255 for usage and connection errors, as hostapd_cli)
 */
export async function runHostapdCli(argv: string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    Deno.stderr.writeSync(new TextEncoder().encode(`hostapd_cli: ${err.message}\n${usageText()}`));
    return 255;
  }
  if (opts.show === "help") {
    Deno.stderr.writeSync(new TextEncoder().encode(usageText()));
    return 0;
  }
  if (opts.show === "version") {
    writeOut(`${CLI_VERSION}\n`);
    return 0;
  }
  if (opts.daemonize && opts.action !== undefined) {
    await daemonize(opts, argv);
    return 0;
  }
  const isDaemonChild = Deno.env.get("TSAPD_CLI_DAEMON") === "1";
  if (isDaemonChild && opts.pidFile) Deno.writeTextFileSync(opts.pidFile, `${Deno.pid}\n`);
  const cli = new Cli(opts);
  // SIGINT/SIGTERM: leave like hostapd_cli does, removing the client socket and pid file.
  const onSignal = () => {
    cli.client?.close();
    cli.source?.close();
    if (isDaemonChild && opts.pidFile) {
      try {
        Deno.removeSync(opts.pidFile);
      } catch {
        // already gone
      }
    }
    Deno.exit(0);
  };
  const signals = ["SIGINT", "SIGTERM"] as const;
  for (const sig of signals) Deno.addSignalListener(sig, onSignal);
  // An action-script monitor (-a, -B) runs as long as the daemon, as root: no inspector on SIGUSR1.
  guardInspectorSignal((ms, fn) => Deno.unrefTimer(setTimeout(fn, ms)));
  try {
    return await runMode(cli);
  } finally {
    for (const sig of signals) Deno.removeSignalListener(sig, onSignal);
    await cli.closeConnection();
    await stopSharedReactor();
    if (isDaemonChild && opts.pidFile) {
      try {
        Deno.removeSync(opts.pidFile);
      } catch {
        // already gone
      }
    }
  }
}

async function runMode(cli: Cli): Promise<number> {
  const opts = cli.opts;
  const isInteractive = opts.rest.length === 0 && opts.action === undefined;
  let warned = false;
  for (;;) {
    const err = cli.open();
    if (err === undefined) break;
    if (!isInteractive) {
      Deno.stderr.writeSync(
        new TextEncoder().encode(`Failed to connect to hostapd - wpa_ctrl_open: ${err}\n`),
      );
      return 255;
    }
    if (!warned) writeOut("Could not connect to hostapd - re-trying\n");
    warned = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (isInteractive) {
    await cli.attach();
    await interactive(cli);
  } else if (opts.action !== undefined) {
    await cli.attach();
    await actionMode(cli);
  } else {
    await cli.run(opts.rest);
  }
  return 0;
}

if (import.meta.main) {
  Deno.exit(await runHostapdCli(Deno.args));
}
