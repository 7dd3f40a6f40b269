/**
 * Garbage collection at a quiet moment. A WPS exchange allocates a few hundred kilobytes; left
 * to itself V8 scavenges when the young generation fills, which is in the middle of some later
 * exchange (measured: one scavenge every third PIN exchange, 0.7 to 1.4 ms each, on the reply
 * path). Collecting the young generation when the daemon goes idle means an exchange starts
 * with it empty and runs without a pause. Needs V8's `--expose-gc` (the shipped binary and
 * ./tsapd set it); without it this does nothing.
 *
 * @module
 */

/** V8's gc() as --expose-gc installs it; the options form selects the generation. */
type ExposedGc = (options?: { type?: "minor" | "major"; execution?: "sync" | "async" }) => unknown;

/**
 * Collects the young generation now if the runtime allows it.
 *
 * @returns true when a collection ran
 */
export function collectYoungGeneration(): boolean {
  const gc = (globalThis as { gc?: ExposedGc }).gc;
  if (typeof gc !== "function") return false;
  gc({ type: "minor" });
  return true;
}
