/**
 * The V8 flags tsapd ships with. The same list is spelled out where a shell starts the daemon
 * (Makefile PERMS for `deno compile`, ./tsapd, the guest scripts of tests/vm); a test keeps them
 * equal to this one.
 *
 * - `--jitless`: V8 runs tsapd's JavaScript in its interpreter and never generates machine code.
 *   A WPS or 4-way exchange is a few dozen short steps minutes or hours apart, on code that is
 *   otherwise idle; compiling it costs more than it saves where code generation is dear. It
 *   replaced `--always-sparkplug` (baseline-compile everything); A/B runs of both (ratios
 *   tsapd/hostapd, same run; tests/bench/RESULTS.md): in the qemu guest the first enrollment
 *   after a start took 0.95-1.18x instead of 1.55-1.64x, association to 4WAY-HS-COMPLETED
 *   1.24-1.35x instead of 1.51-1.58x, and the AP's CPU per enrollment fell from 100-110 to
 *   70-90 ms. On the CI machine the wired PIN exchange was a little slower (1.06-1.19x against
 *   1.00-1.06x in three paired runs; runs of one build spread by 0.2), the AP's own turnarounds
 *   longer by about 0.1 ms an exchange (the interpreter is slower than baseline code once both
 *   are warm); CPU per enrollment fell by 1-1.5 ms and memory after 20 enrollments by 8 MiB.
 *   It also keeps the daemon, which parses frames from anyone in radio range, free of writable
 *   executable memory and of V8's optimising compilers.
 * - `--no-memory-reducer` and `--single-threaded-gc`: no V8 helper threads waking up to collect
 *   after an idle spell, taking the CPU just as the first frames of an exchange arrive (measured
 *   when they came in: PIN exchange 8.7 -> 7.2 ms).
 * - `--expose-gc`: the daemon collects the young generation when it goes idle
 *   (daemon/idle_gc.ts), so no scavenge lands inside an exchange, and the whole heap there once
 *   it has grown a few MiB, which gives back the pages the memory reducer would have.
 *
 * @module
 */

/** The flags, in the order the command lines give them. */
export const DAEMON_V8_FLAGS: readonly string[] = [
  "--jitless",
  "--no-memory-reducer",
  "--single-threaded-gc",
  "--expose-gc",
];

/** The `--v8-flags=...` argument of `deno run` and `deno compile`. */
export const DAEMON_V8_FLAGS_ARG = `--v8-flags=${DAEMON_V8_FLAGS.join(",")}`;
