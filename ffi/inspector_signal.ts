/**
 * Keeps SIGUSR1 from opening a debugger in the daemon. Deno 2.9.2 and later start the V8
 * inspector on 127.0.0.1:9229 when a running process gets SIGUSR1, as Node does, arming that
 * handler 500 ms after start (even with a JavaScript listener for the signal). A router daemon
 * runs as root: an inspector there would let any local process that reaches the loopback port run
 * code as root. Debian's hostapd ignores SIGUSR1 (its old state dump is gone); so does tsapd.
 *
 * The signal's disposition is set to SIG_IGN at once (until Deno arms its handler, the default
 * action would end the process) and again at each check, at growing intervals up to 32 s after
 * start, by when Deno has long armed its own (a check that finds Deno's handler replaces it).
 *
 * @module
 */

import { libc } from "./libc.ts";

/** SIGUSR1 on Linux (x86_64 and aarch64 alike). */
const SIGUSR1 = 10;
const SIG_DFL = 0n;
const SIG_IGN = 1n;

/** When to look again after start (ms): Deno arms its handler at 500 ms. */
const CHECKS_MS = [600, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000];

/**
 * Sets SIGUSR1 to be ignored.
 *
 * @returns whether a handler (not the default action, not SIG_IGN) was in place and is replaced
 */
export function ignoreSigusr1(): boolean {
  const old = libc().signal(SIGUSR1, Deno.UnsafePointer.create(SIG_IGN));
  const value = old === null ? SIG_DFL : BigInt(Deno.UnsafePointer.value(old));
  return value !== SIG_DFL && value !== SIG_IGN;
}

/**
 * Ignores SIGUSR1 now and re-asserts it on the daemon's timers.
 *
 * @param setTimer the daemon's timer source (its poll wakes up for it)
 * @param onReplaced told each time a handler (Deno's inspector trigger) was found and replaced
 */
export function guardInspectorSignal(
  setTimer: (ms: number, fn: () => void) => unknown,
  onReplaced?: () => void,
): void {
  ignoreSigusr1();
  const check = (i: number) => {
    if (i >= CHECKS_MS.length) return;
    setTimer(CHECKS_MS[i]! - (CHECKS_MS[i - 1] ?? 0), () => {
      if (ignoreSigusr1()) onReplaced?.();
      check(i + 1);
    });
  };
  check(0);
}
