/**
 * hostapd's command line (`hostapd [-hdBKtvq] [-P <PID file>] [-f <log file>] [-s]
 * [-g <global ctrl_iface>] <configuration file(s)>`) plus tsapd's `--check`.
 *
 * @module
 */

/** Parsed daemon options. */
export interface DaemonOptions {
  /** Debug level: 3 (INFO) by default, each -d lowers it by one, each -q raises it. */
  debugLevel: number;
  /** -t: timestamps on log lines. */
  timestamps: boolean;
  /** -K: include keys in debug output. */
  showKeys: boolean;
  /** -B: run in the background. */
  daemonize: boolean;
  /** -P: PID file. */
  pidFile?: string;
  /** -f: log file instead of stdout. */
  logFile?: string;
  /** -s: log to syslog instead of stdout. */
  syslog: boolean;
  /** -i: interface names overriding `interface=` of each config, in order. */
  interfaces: string[];
  /** -g: the global control socket (interfaces added and removed at run time). */
  globalCtrl?: string;
  /** --check: validate the configs and exit. */
  checkOnly: boolean;
  /** Configuration files. */
  configs: string[];
}

/** What the command line asks for. */
export type DaemonCommand =
  | { kind: "run"; options: DaemonOptions }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "error"; message: string };

/** hostapd's usage text, adapted to tsapd. */
export const USAGE =
  `usage: tsapd [-hdBKtvq] [-P <PID file>] [-f <log file>] [-s] [-g <global ctrl_iface>]
             [-i <ifname>[,<ifname>]] [--check] <configuration file(s)>
       tsapd cli [hostapd_cli options] [command]

options:
   -h   show this usage
   -d   show more debug messages (-dd for even more)
   -q   show less debug messages
   -B   run daemon in the background
   -f   log output to debug file instead of stdout
   -g   global control interface path
   -i   list of interface names to use
   -K   include key data in debug messages
   -P   PID file
   -s   log output to syslog instead of stdout
   -t   include timestamps in some debug messages
   -v   show hostapd version
   --check  check the configuration files, print every error and exit (0 = valid)
`;

/** Parses hostapd-style options (getopt: flags may be combined, `-P file` or `-Pfile`). */
export function parseDaemonArgs(args: string[]): DaemonCommand {
  const o: DaemonOptions = {
    debugLevel: 3,
    timestamps: false,
    showKeys: false,
    daemonize: false,
    syslog: false,
    interfaces: [],
    checkOnly: false,
    configs: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--check") {
      o.checkOnly = true;
      continue;
    }
    if (a === "--") {
      o.configs.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      o.configs.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      const takesValue = "Pfig".includes(f);
      let value: string | undefined;
      if (takesValue) {
        value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (value === undefined) {
          return { kind: "error", message: `option requires an argument -- '${f}'` };
        }
        j = a.length;
      }
      switch (f) {
        case "h":
          return { kind: "help" };
        case "v":
          return { kind: "version" };
        case "d":
          o.debugLevel = Math.max(0, o.debugLevel - 1);
          break;
        case "q":
          o.debugLevel = Math.min(5, o.debugLevel + 1);
          break;
        case "t":
          o.timestamps = true;
          break;
        case "K":
          o.showKeys = true;
          break;
        case "B":
          o.daemonize = true;
          break;
        case "s":
          o.syslog = true;
          break;
        case "P":
          o.pidFile = value;
          break;
        case "f":
          o.logFile = value;
          break;
        case "i":
          o.interfaces.push(...value!.split(",").filter((s) => s !== ""));
          break;
        case "g":
          o.globalCtrl = value;
          break;
        default:
          return { kind: "error", message: `invalid option -- '${f}'` };
      }
    }
  }
  // With a global socket, interfaces can all come later (ADD), as hostapd allows.
  if (o.configs.length === 0 && (o.globalCtrl === undefined || o.checkOnly)) {
    return { kind: "help" };
  }
  return { kind: "run", options: o };
}
