/**
 * Helpers for WPS interop tests over veth between two network namespaces (the layout of
 * /work/shared/examples/wired): a uniquely named namespace pair, Debian's wpa_supplicant as a
 * wired WPS Enrollee (or external Registrar) whose events are read from its stdout, and
 * Debian's hostapd as the reference AP. Every name carries a per-process, per-call suffix and
 * everything is removed by `close()`, so parallel test runs do not collide.
 *
 * @module
 */

/** True when the test can create namespaces and run the Debian daemons. */
export const canRunInterop: boolean = (() => {
  try {
    return Deno.uid() === 0 && Deno.statSync("/usr/sbin/wpa_supplicant").isFile &&
      Deno.statSync("/usr/sbin/hostapd").isFile;
  } catch {
    return false;
  }
})();

let counter = 0;

/** A per-process, per-call suffix (interface names must stay within 15 characters). */
export function uniqueSuffix(): string {
  return `${Deno.pid % 1_000_000}${(counter++).toString(36)}`;
}

/** Runs a command to completion and returns stdout; throws with its stderr on failure. */
export async function run(cmd: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`Command failed: ${cmd} ${args.join(" ")}: ${err}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** Two namespaces joined by a veth pair, plus a private temp directory. */
export interface NetnsPair {
  /** Namespace of the AP side. */
  apNs: string;
  /** Namespace of the station side. */
  staNs: string;
  /** AP-side interface (MAC 02:00:00:00:01:00). */
  apIf: string;
  /** Station-side interface (MAC 02:00:00:00:02:00). */
  staIf: string;
  /** Temp directory for configs and control sockets. */
  dir: string;
  /** Removes the namespaces (and with them the veth pair) and the temp directory. */
  close(): Promise<void>;
}

/** AP-side MAC of {@link createNetnsPair}. */
export const AP_IF_MAC = "02:00:00:00:01:00";
/** Station-side MAC of {@link createNetnsPair}. */
export const STA_IF_MAC = "02:00:00:00:02:00";

/** Creates `tsw-ap-<sfx>` / `tsw-sta-<sfx>` joined by `twa<sfx>` ↔ `tws<sfx>`. */
export async function createNetnsPair(): Promise<NetnsPair> {
  const sfx = uniqueSuffix();
  const apNs = `tsw-ap-${sfx}`, staNs = `tsw-sta-${sfx}`;
  const apIf = `twa${sfx}`, staIf = `tws${sfx}`;
  const dir = await Deno.makeTempDir({ prefix: `tsw-${sfx}-` });
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
    await run("ip", "-n", apNs, "link", "add", apIf, "type", "veth", "peer", "name", staIf);
    await run("ip", "-n", apNs, "link", "set", staIf, "netns", staNs);
    await run("ip", "-n", apNs, "link", "set", apIf, "address", AP_IF_MAC);
    await run("ip", "-n", staNs, "link", "set", staIf, "address", STA_IF_MAC);
    for (const [ns, ifn] of [[apNs, apIf], [staNs, staIf]] as const) {
      await run("ip", "-n", ns, "link", "set", "lo", "up");
      await run("ip", "-n", ns, "link", "set", ifn, "up");
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { apNs, staNs, apIf, staIf, dir, close };
}

/**
 * A test that needs root and a namespace pair of its own, which is removed whatever happens
 * (ignored where {@link canRunInterop} is false).
 */
export function pairTest(name: string, fn: (pair: NetnsPair) => Promise<void>): void {
  Deno.test({
    name,
    ignore: !canRunInterop,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const pair = await createNetnsPair();
      try {
        await fn(pair);
      } finally {
        await pair.close();
      }
    },
  });
}

/** A running daemon whose stdout lines are collected. */
export interface Daemon {
  /** Every stdout/stderr line so far. */
  lines: string[];
  /** Resolves with the first line matching `re`, or rejects after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `ip netns exec <ns> <cmd...>` and collects its output lines. */
export function spawnInNs(ns: string, cmd: string[]): Daemon {
  const child = new Deno.Command("ip", {
    args: ["netns", "exec", ns, ...cmd],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    let buf = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        for (const w of waiters) w();
      }
    }
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let stopped = false;
  return {
    lines,
    waitFor(re, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => re.test(l));
          if (hit === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out waiting for ${re} in:\n${lines.slice(-30).join("\n")}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        child.kill("SIGTERM");
      } catch {
        // already exited
      }
      await child.status;
      await pumps;
    },
  };
}

/** What the station does: Enrollee with a PIN or PBC, or external Registrar with an AP PIN. */
export type StationRole =
  | { enrollee: "pbc" }
  | { enrollee: "pin"; pin: string }
  | { registrar: string };

/** The Enrollee UUID the wired stations use unless told otherwise (the captures' Enrollee). */
export const STA_UUID = "abcdef01-2345-6789-abcd-ef0123456789";

/** What goes into a wired WPS station's wpa_supplicant.conf ({@link wiredStationConf}). */
export interface WiredStationConf {
  /** ctrl_interface directory. */
  ctrlDir: string;
  /** Enrollee (PIN or PBC) or external Registrar: the EAP identity and phase1's PIN or pbc=1. */
  role: StationRole;
  /** More phase1 fields after the role's, e.g. an external Registrar's `new_ssid=...`. */
  phase1Extra?: string;
  /** UUID (default {@link STA_UUID}). */
  uuid?: string;
  /** Device Name (default TestSTA). */
  deviceName?: string;
  /** EAP-WSC fragment_size of the network block. */
  fragmentSize?: number;
}

/**
 * The wpa_supplicant.conf of a wired WPS station with one network block (like
 * /work/shared/examples/wired/wpas-pin.conf); `wps_cred_processing=2` makes it print
 * `WPS-CRED-RECEIVED <hex>`.
 */
export function wiredStationConf(o: WiredStationConf): string {
  const r = o.role;
  const identity = "enrollee" in r
    ? "WFA-SimpleConfig-Enrollee-1-0"
    : "WFA-SimpleConfig-Registrar-1-0";
  const phase1 = "enrollee" in r
    ? (r.enrollee === "pbc" ? "pbc=1" : `pin=${r.pin}`)
    : `pin=${r.registrar}`;
  return [
    `ctrl_interface=${o.ctrlDir}`,
    "ap_scan=0",
    "update_config=0",
    "eapol_version=2",
    "fast_reauth=0",
    "wps_cred_processing=2",
    `uuid=${o.uuid ?? STA_UUID}`,
    `device_name=${o.deviceName ?? "TestSTA"}`,
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
    `\tidentity="${identity}"`,
    `\tphase1="${o.phase1Extra ? `${phase1} ${o.phase1Extra}` : phase1}"`,
    "\teapol_flags=0",
    ...(o.fragmentSize ? [`\tfragment_size=${o.fragmentSize}`] : []),
    "}",
    "",
  ].join("\n");
}

/**
 * Starts Debian's wpa_supplicant `-D wired` in the station namespace with one WPS network
 * block ({@link wiredStationConf}). Events (`WPS-SUCCESS`, `WPS-FAIL msg=...`,
 * `WPS-CRED-RECEIVED ...`) appear in `lines` at the default level.
 *
 * @param fragmentSize EAP-WSC fragment_size of the network block (wpa_supplicant's default
 *   when absent)
 */
export async function startWpaSupplicant(
  pair: NetnsPair,
  role: StationRole,
  fragmentSize?: number,
): Promise<Daemon> {
  const conf = wiredStationConf({ ctrlDir: `${pair.dir}/wpas-ctrl`, role, fragmentSize });
  const path = `${pair.dir}/wpas.conf`;
  await Deno.writeTextFile(path, conf);
  return spawnInNs(pair.staNs, [
    "wpa_supplicant",
    "-D",
    "wired",
    "-i",
    pair.staIf,
    "-c",
    path,
  ]);
}

/**
 * Starts Debian's hostapd `driver=wired` in the AP namespace as the reference Registrar (the
 * harness check; the project's daemon takes its place in the real interop tests).
 *
 * @param extra additional hostapd.conf lines
 */
export async function startReferenceHostapd(pair: NetnsPair, extra: string[] = []): Promise<{
  daemon: Daemon;
  cli: (...args: string[]) => Promise<string>;
  pinRequests: string;
  pskFile: string;
}> {
  const pinRequests = `${pair.dir}/hostapd.pin-req`;
  const pskFile = `${pair.dir}/hostapd.psk`;
  await Deno.writeTextFile(pskFile, "");
  const ctrl = `${pair.dir}/hostapd-ctrl`;
  const conf = [
    `interface=${pair.apIf}`,
    "driver=wired",
    `ctrl_interface=${ctrl}`,
    "ieee8021x=1",
    "eapol_version=2",
    "eap_server=1",
    "ssid=TestWPS",
    "wpa=2",
    "wpa_key_mgmt=WPA-PSK",
    "rsn_pairwise=CCMP",
    "wpa_passphrase=initialpassphrase",
    `wpa_psk_file=${pskFile}`,
    "wps_state=2",
    "uuid=12345678-9abc-def0-1234-56789abcdef0",
    `wps_pin_requests=${pinRequests}`,
    "device_name=TestAP",
    "manufacturer=TestManu",
    "model_name=TestModel",
    "model_number=1.0",
    "serial_number=0001",
    "device_type=6-0050F204-1",
    "os_version=01020300",
    "config_methods=label display push_button keypad",
    ...extra,
    "",
  ].join("\n");
  const path = `${pair.dir}/hostapd.conf`;
  await Deno.writeTextFile(path, conf);
  const daemon = spawnInNs(pair.apNs, ["hostapd", path]);
  const cli = (...args: string[]) =>
    run("ip", "netns", "exec", pair.apNs, "hostapd_cli", "-p", ctrl, "-i", pair.apIf, ...args);
  // The control socket appears once the interface is set up.
  for (let i = 0; i < 200; i++) {
    try {
      if ((await cli("ping")).startsWith("PONG")) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { daemon, cli, pinRequests, pskFile };
}
