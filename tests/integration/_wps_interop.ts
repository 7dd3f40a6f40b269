/**
 * Helpers for the WPS interop tests (tests/integration/wps_*_test.ts): Debian's wpa_supplicant
 * as a wired Enrollee or external Registrar with its own UUID, MAC, control socket and
 * fragment size; a bridge with isolated ports for several stations (like
 * /work/shared/examples/wired/pbc2.sh); decoding of the `WPS-CRED-RECEIVED` credential; the
 * AP's control events from its log; and a scenario wrapper that always cleans up.
 *
 * @module
 */

import { fromHex, fromUtf8, toHex } from "../../core/bytes.ts";
import { parseAttributes } from "../../core/wps/attributes.ts";
import { Attr } from "../../core/wps/constants.ts";
import { type Credential, parseCredential } from "../../core/wps/credential.ts";
import { type ApImpl, type RunningAp, startAp } from "./_ap.ts";
import {
  createNetnsPair,
  type Daemon,
  type NetnsPair,
  run,
  spawnInNs,
  STA_UUID,
  uniqueSuffix,
  wiredStationConf,
} from "./_wps_netns.ts";

/** Both daemons: tsapd is under test, Debian's hostapd shows the expected behaviour. */
export const IMPLS: readonly ApImpl[] = ["tsapd", "hostapd"];

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs a command; resolves with stdout, rejects with stderr on a non-zero exit. */
export { run };

/** New AP settings an external Registrar sends (wpa_supplicant's `new_*` phase1 fields). */
export interface NewSettings {
  /** New SSID (text). */
  ssid: string;
  /** `OPEN`, `WPAPSK` or `WPA2PSK`. */
  auth: string;
  /** `NONE`, `TKIP` or `CCMP`. */
  encr: string;
  /** Passphrase or 64-hex PSK (text). */
  key: string;
}

/** What a station does. */
export type StationMode =
  | { enrollee: "pbc" }
  | { enrollee: "pin"; pin: string }
  | { registrar: string; newSettings?: NewSettings };

/** Options of {@link startStation}. */
export interface StationOptions {
  /** Network namespace. */
  ns: string;
  /** Interface in that namespace. */
  ifname: string;
  /** Directory for the config and control socket. */
  dir: string;
  /** Enrollee or Registrar. */
  mode: StationMode;
  /** UUID (default abcdef01-2345-6789-abcd-ef0123456789, the captures' Enrollee). */
  uuid?: string;
  /** EAP-WSC fragment_size of the network block. */
  fragmentSize?: number;
  /** Device Name (default TestSTA). */
  deviceName?: string;
}

/** A running wpa_supplicant. */
export interface Station extends Daemon {
  /** Control socket directory. */
  ctrlDir: string;
  /** Runs `wpa_cli -p <ctrl> -i <if> ...args` in the station namespace; stdout. */
  wpaCli(...args: string[]): Promise<string>;
}

/** The Enrollee UUID the stations use unless told otherwise. */
export { STA_UUID };

/** The phase1 fields of an external Registrar's new AP settings, after its PIN. */
function newSettingsPhase1(s: NewSettings): string {
  const hex = (t: string) => toHex(new TextEncoder().encode(t));
  return `new_ssid=${hex(s.ssid)} new_auth=${s.auth} new_encr=${s.encr} new_key=${hex(s.key)}`;
}

/**
 * Starts Debian's wpa_supplicant `-D wired` with one WPS network block (events go to stdout
 * at the default level; `wps_cred_processing=2` makes it print `WPS-CRED-RECEIVED <hex>`).
 */
export async function startStation(o: StationOptions): Promise<Station> {
  const sfx = uniqueSuffix();
  const ctrlDir = `${o.dir}/wpas-${sfx}`;
  const settings = "registrar" in o.mode ? o.mode.newSettings : undefined;
  const conf = wiredStationConf({
    ctrlDir,
    role: o.mode,
    phase1Extra: settings ? newSettingsPhase1(settings) : undefined,
    uuid: o.uuid,
    deviceName: o.deviceName,
    fragmentSize: o.fragmentSize,
  });
  const path = `${o.dir}/wpas-${sfx}.conf`;
  await Deno.writeTextFile(path, conf);
  const d = spawnInNs(o.ns, ["wpa_supplicant", "-D", "wired", "-i", o.ifname, "-c", path]);
  return {
    ...d,
    ctrlDir,
    wpaCli: (...args) =>
      run("ip", "netns", "exec", o.ns, "wpa_cli", "-p", ctrlDir, "-i", o.ifname, ...args),
  };
}

/** Starts a station on the station side of a {@link NetnsPair}. */
export function startPairStation(
  pair: NetnsPair,
  mode: StationMode,
  extra: Omit<StationOptions, "ns" | "ifname" | "dir" | "mode"> = {},
): Promise<Station> {
  return startStation({ ns: pair.staNs, ifname: pair.staIf, dir: pair.dir, mode, ...extra });
}

/** A credential as wpa_supplicant received it, with text views of SSID and key. */
export interface ReceivedCredential extends Credential {
  /** SSID as text. */
  ssidText: string;
  /** Network Key as text (a passphrase or 64 hex digits). */
  keyText: string;
  /** MAC Address attribute, formatted. */
  mac: string;
}

/**
 * Decodes the credential of a `WPS-CRED-RECEIVED <hex>` line (the hex is the Credential
 * attribute 0x100E with its TLV header).
 *
 * @throws {SyntaxError} when the line carries no Credential
 */
export function credentialOf(line: string): ReceivedCredential {
  const m = /WPS-CRED-RECEIVED ([0-9a-f]+)/.exec(line);
  if (!m) throw new SyntaxError(`No WPS-CRED-RECEIVED in "${line}"`);
  const outer = parseAttributes(fromHex(m[1]!));
  const value = outer.map.get(Attr.CRED)?.[0]?.value;
  if (!value) throw new SyntaxError(`No Credential attribute in "${line}"`);
  const c = parseCredential(value);
  return {
    ...c,
    ssidText: fromUtf8(c.ssid),
    keyText: fromUtf8(c.networkKey),
    mac: [...c.macAddress].map((b) => b.toString(16).padStart(2, "0")).join(":"),
  };
}

const EVENT_RE = /^(CTRL-EVENT-EAP-|WPS-|AP-)/;

/**
 * The AP's control events (WPS-*, AP-*, CTRL-EVENT-EAP-*) in order, from its stdout: both
 * daemons log each event as `<ifname>: <event>` at the default level.
 */
export function apEvents(ap: RunningAp, ifname: string): string[] {
  const prefix = `${ifname}: `;
  return ap.daemon.lines
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length))
    .filter((l) => EVENT_RE.test(l) && l !== "AP-ENABLED ");
}

/** The events of `wanted` kinds only (prefix match), e.g. `["WPS-"]`. */
export function onlyEvents(events: string[], wanted: string[]): string[] {
  return events.filter((e) => wanted.some((w) => e.startsWith(w)));
}

/** A station port on a {@link Bridge}. */
export interface BridgePort {
  /** Station namespace. */
  ns: string;
  /** Station-side interface. */
  ifname: string;
  /** Its MAC address. */
  mac: string;
}

/** An AP namespace whose bridge joins several station namespaces (isolated ports). */
export interface Bridge {
  /** The AP side as a {@link NetnsPair} (apIf is the bridge) for `startAp`. */
  pair: NetnsPair;
  /** One entry per station. */
  ports: BridgePort[];
}

/** MAC of station `i` (0-based) on a {@link Bridge}: 02:00:00:00:0<i+2>:01. */
export function bridgeStationMac(i: number): string {
  return `02:00:00:00:${(i + 2).toString(16).padStart(2, "0")}:01`;
}

/**
 * Creates `tsw-br-<sfx>` holding bridge `twb<sfx>` (group_fwd_mask 8 so EAPOL reaches its
 * packet socket, MAC 02:00:00:00:01:00) and `n` station namespaces `tsw-s<i>-<sfx>`, each
 * joined by `twp<i><sfx>` (isolated bridge port) ↔ `tws<i><sfx>`.
 */
export async function createBridge(n: number): Promise<Bridge> {
  const sfx = uniqueSuffix();
  const apNs = `tsw-br-${sfx}`;
  const br = `twb${sfx}`;
  const dir = await Deno.makeTempDir({ prefix: `tsw-${sfx}-` });
  const made: string[] = [];
  const close = async () => {
    for (const ns of made.reverse()) await run("ip", "netns", "del", ns).catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const ports: BridgePort[] = [];
  try {
    await run("ip", "netns", "add", apNs);
    made.push(apNs);
    await run("ip", "-n", apNs, "link", "set", "lo", "up");
    await run(
      "ip",
      ...["-n", apNs, "link", "add", br, "type", "bridge", "stp_state", "0", "group_fwd_mask"],
      "8",
    );
    await run("ip", "-n", apNs, "link", "set", br, "address", "02:00:00:00:01:00");
    for (let i = 0; i < n; i++) {
      const ns = `tsw-s${i}-${sfx}`;
      const port = `twp${i}${sfx}`, ifname = `tws${i}${sfx}`;
      await run("ip", "netns", "add", ns);
      made.push(ns);
      await run("ip", "-n", apNs, "link", "add", port, "type", "veth", "peer", "name", ifname);
      await run("ip", "-n", apNs, "link", "set", ifname, "netns", ns);
      await run("ip", "-n", ns, "link", "set", ifname, "address", bridgeStationMac(i));
      await run("ip", "-n", apNs, "link", "set", port, "master", br);
      // Isolated ports: one station's EAPOL is not flooded to the other.
      await run("ip", "-n", apNs, "link", "set", port, "type", "bridge_slave", "isolated", "on");
      await run("ip", "-n", apNs, "link", "set", port, "up");
      await run("ip", "-n", ns, "link", "set", "lo", "up");
      await run("ip", "-n", ns, "link", "set", ifname, "up");
      ports.push({ ns, ifname, mac: bridgeStationMac(i) });
    }
    await run("ip", "-n", apNs, "link", "set", br, "up");
  } catch (e) {
    await close();
    throw e;
  }
  const pair: NetnsPair = {
    apNs,
    staNs: ports[0]?.ns ?? apNs,
    apIf: br,
    staIf: ports[0]?.ifname ?? br,
    dir,
    close,
  };
  return { pair, ports };
}

/** Per-station options of a scenario: a bridge port to run on, UUID, fragment size. */
export type StationExtra = Omit<StationOptions, "ns" | "ifname" | "dir" | "mode"> & {
  at?: BridgePort;
};

/** What a scenario gets. */
export interface ApScenario {
  /** The AP. */
  ap: RunningAp;
  /** The AP's interface (for {@link apEvents}). */
  ifname: string;
  /** The namespaces. */
  pair: NetnsPair;
  /**
   * Starts a station (on the pair's station side, or on `at`, a bridge port); it is stopped
   * when the scenario ends.
   */
  station(mode: StationMode, extra?: StationExtra): Promise<Station>;
  /** Events of the AP so far. */
  events(): string[];
}

/**
 * Runs `fn` with `impl` started on a fresh namespace pair (or on `topology`), and stops every
 * process and removes every namespace and file afterwards, even when `fn` throws.
 */
export async function withAp(
  impl: ApImpl,
  extra: string[],
  fn: (s: ApScenario) => Promise<void>,
  topology?: () => Promise<NetnsPair>,
  args: string[] = [],
): Promise<void> {
  const pair = await (topology ?? createNetnsPair)();
  const stations: Station[] = [];
  let ap: RunningAp | undefined;
  try {
    ap = await startAp(pair, impl, extra, args);
    const running = ap;
    await fn({
      ap: running,
      ifname: pair.apIf,
      pair,
      station: async (mode, more = {}) => {
        const { at, ...rest } = more;
        const s = at
          ? await startStation({ ns: at.ns, ifname: at.ifname, dir: pair.dir, mode, ...rest })
          : await startPairStation(pair, mode, rest);
        stations.push(s);
        return s;
      },
      events: () => apEvents(running, pair.apIf),
    });
  } finally {
    for (const s of stations) await s.stop();
    await ap?.daemon.stop();
    await pair.close();
  }
}

/**
 * Asks the AP for GET_CONFIG until it matches `re` (a rewrite and reload after new AP settings
 * take a moment), for up to 5 s; returns the last reply either way.
 */
export async function pollConfig(
  cli: (...a: string[]) => Promise<string>,
  re: RegExp,
): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const c = await cli("get_config");
    if (re.test(c) || Date.now() > deadline) return c;
    await sleep(50);
  }
}

/** Reads a file, or "" when it does not exist. */
export async function readOr(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return "";
  }
}

/** Names of the files in `dir`. */
export async function listDir(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

/**
 * Reads `path` until its content matches `re` or `timeoutMs` passes, then returns the last
 * content: both daemons write their files after emitting the event that announces them.
 */
export async function pollFile(path: string, re: RegExp, timeoutMs = 3_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readOr(path);
    if (re.test(text) || Date.now() > deadline) return text;
    await sleep(25);
  }
}
