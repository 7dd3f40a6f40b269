/**
 * Starts a daemon under test on the shared interop config (tests/integration/_ap.ts) with a
 * command given on the benchmark's command line, and talks to its control socket through the
 * raw probe client (no hostapd_cli process per request).
 *
 * @module
 */

import type { NetnsPair } from "../integration/_wps_netns.ts";
import { apConfigLines } from "../integration/_ap.ts";
import { type DaemonSpec, spawnDaemon, type SpawnedDaemon } from "./_harness.ts";
import { CtrlProbe } from "./_ctrl_probe.ts";

/** A running daemon under test. */
export interface BenchAp {
  /** Which daemon. */
  spec: DaemonSpec;
  /** The process (output lines, pid, stop). */
  daemon: SpawnedDaemon;
  /** Sends one control request and returns the reply text. */
  request(command: string): Promise<string>;
  /** Stops the daemon and closes the client socket. Idempotent. */
  close(): Promise<void>;
}

let clients = 0;

/**
 * Writes the shared config for `spec` (plus `extra` lines) into `pair.dir`, starts the daemon
 * in `pair.apNs` and waits for PONG.
 *
 * @param pair where to run (only apNs, apIf and dir are used)
 * @param spec the daemon and its command
 * @param extra additional or overriding config lines
 * @throws {Error} with the daemon's last output when it does not answer within 20 s
 */
export async function startBenchAp(
  pair: Pick<NetnsPair, "apNs" | "apIf" | "dir">,
  spec: DaemonSpec,
  extra: string[] = [],
): Promise<BenchAp> {
  const full = { ...pair, staNs: "", staIf: "", close: () => Promise.resolve() };
  const base = `${pair.dir}/${spec.label}`;
  await Deno.writeTextFile(`${base}.psk`, "");
  const confPath = `${base}.conf`;
  await Deno.writeTextFile(confPath, apConfigLines(full, spec.label, extra).join("\n") + "\n");
  const server = `${base}-ctrl/${pair.apIf}`;
  const probe = new CtrlProbe(`${pair.dir}/bc-${Deno.pid}-${clients++}`);
  const daemon = spawnDaemon(pair.apNs, [...spec.cmd, confPath], confPath);
  try {
    await probe.waitForPong(server, 20_000, 5);
  } catch (e) {
    probe.close();
    await daemon.stop();
    const tail = daemon.lines.slice(-10).join("\n");
    throw new Error(`${spec.label} did not start: ${(e as Error).message}\n${tail}`);
  }
  let closed = false;
  return {
    spec,
    daemon,
    request: (command) => probe.request(server, command),
    async close() {
      if (closed) return;
      closed = true;
      probe.close();
      await daemon.stop();
    },
  };
}
