/**
 * Entry point of the tsapd binary: the daemon (`tsapd [options] <hostapd.conf>...`), or the
 * hostapd_cli twin when the first argument is `cli` or when the (compiled) binary is started
 * under the name `hostapd_cli` or `tsapd_cli` (a symlink, as routers install it).
 *
 * @module
 */

import { programInvocationName } from "../ffi/libc.ts";
import { runDaemon } from "./daemon_main.ts";
import { runHostapdCli } from "./hostapd_cli.ts";

/** The CLI names that select hostapd_cli mode. */
const CLI_NAMES = new Set(["hostapd_cli", "tsapd_cli"]);

/** argv[0]'s file name as the process was started (a symlink's own name). */
function invokedName(): string {
  const argv0 = programInvocationName();
  return argv0.slice(argv0.lastIndexOf("/") + 1);
}

/** Runs tsapd with `args`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  if (args[0] === "cli") return await runHostapdCli(args.slice(1));
  if (CLI_NAMES.has(invokedName())) return await runHostapdCli(args);
  return await runDaemon(args);
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
