/**
 * Entry point of the tsapd binary: the daemon, or the hostapd_cli twin when started as
 * `hostapd_cli`/`tsapd_cli` or with `cli` as the first argument.
 *
 * @module
 */

if (import.meta.main) {
  console.error("tsapd: not implemented yet");
  Deno.exit(1);
}
