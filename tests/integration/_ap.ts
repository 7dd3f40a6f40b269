/**
 * Starts an AP on the AP side of a {@link NetnsPair}: Debian's hostapd or tsapd from this
 * checkout, on the same hostapd.conf (driver=wired), with Debian's `hostapd_cli` as the client.
 *
 * @module
 */

import { createNetnsPair, type Daemon, type NetnsPair, run, spawnInNs } from "./_wps_netns.ts";

/** Which daemon to run. */
export type ApImpl = "hostapd" | "tsapd";

/** A running AP. */
export interface RunningAp {
  impl: ApImpl;
  daemon: Daemon;
  /** Runs Debian's `hostapd_cli -p <ctrl> -i <if> ...args` in the AP namespace; stdout. */
  cli: (...args: string[]) => Promise<string>;
  /** The config file. */
  confPath: string;
  /** Control socket directory. */
  ctrlDir: string;
  /** wpa_psk_file path. */
  pskFile: string;
  /** wps_pin_requests path. */
  pinRequests: string;
}

/** Repository root (for ./tsapd). */
export const REPO = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** The shared test config, as lines (the same for both daemons). */
export function apConfigLines(pair: NetnsPair, impl: ApImpl, extra: string[] = []): string[] {
  const base = `${pair.dir}/${impl}`;
  const overridden = new Set(extra.map((l) => l.slice(0, l.indexOf("="))));
  const lines = [
    `interface=${pair.apIf}`,
    "driver=wired",
    `ctrl_interface=${base}-ctrl`,
    "ctrl_interface_group=0",
    "ieee8021x=1",
    "eapol_version=2",
    "eap_server=1",
    "ssid=TestWPS",
    "wpa=2",
    "wpa_key_mgmt=WPA-PSK",
    "rsn_pairwise=CCMP",
    "wpa_passphrase=initialpassphrase",
    `wpa_psk_file=${base}.psk`,
    "wps_state=2",
    "uuid=12345678-9abc-def0-1234-56789abcdef0",
    `wps_pin_requests=${base}.pin-req`,
    "device_name=TestAP",
    "manufacturer=TestManu",
    "model_name=TestModel",
    "model_number=1.0",
    "serial_number=0001",
    "device_type=6-0050F204-1",
    "os_version=01020300",
    "config_methods=label display push_button keypad",
  ].filter((l) => !overridden.has(l.slice(0, l.indexOf("="))));
  return [...lines, ...extra.filter((l) => !l.endsWith("=__unset__"))];
}

/**
 * Starts `impl` with the shared config plus `extra` lines (a `key=__unset__` line drops a base
 * key) and waits until `hostapd_cli ping` answers.
 */
export async function startAp(
  pair: NetnsPair,
  impl: ApImpl,
  extra: string[] = [],
  args: string[] = [],
): Promise<RunningAp> {
  const base = `${pair.dir}/${impl}`;
  const pskFile = `${base}.psk`;
  await Deno.writeTextFile(pskFile, "");
  const confPath = `${base}.conf`;
  await Deno.writeTextFile(confPath, apConfigLines(pair, impl, extra).join("\n") + "\n");
  const cmd = impl === "hostapd"
    ? ["hostapd", ...args, confPath]
    : [`${REPO}/tsapd`, ...args, confPath];
  const daemon = spawnInNs(pair.apNs, cmd);
  const ctrlDir = `${base}-ctrl`;
  const cli = (...a: string[]) =>
    run("ip", "netns", "exec", pair.apNs, "hostapd_cli", "-p", ctrlDir, "-i", pair.apIf, ...a);
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await cli("ping")).startsWith("PONG")) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await daemon.stop();
      throw new Error(`${impl} did not answer PING:\n${daemon.lines.slice(-20).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { impl, daemon, cli, confPath, ctrlDir, pskFile, pinRequests: `${base}.pin-req` };
}

/**
 * Runs `fn` against tsapd with the shared config in a fresh namespace pair, then stops the
 * daemon and removes the pair, whatever `fn` did.
 */
export async function withTsapd(
  fn: (pair: NetnsPair, ap: RunningAp) => Promise<void>,
): Promise<void> {
  const pair = await createNetnsPair();
  try {
    const ap = await startAp(pair, "tsapd");
    try {
      await fn(pair, ap);
    } finally {
      await ap.daemon.stop();
    }
  } finally {
    await pair.close();
  }
}
