/**
 * Garbage collection at a quiet moment. A WPS exchange allocates a few hundred kilobytes; left
 * to itself V8 scavenges when the young generation fills, which is in the middle of some later
 * exchange (measured: one scavenge every third PIN exchange, 0.7 to 1.4 ms each, on the reply
 * path). Collecting the young generation when the daemon goes idle means an exchange starts
 * with it empty and runs without a pause. Needs V8's `--expose-gc` (the shipped binary and
 * ./tsapd set it); without it this does nothing.
 *
 * The whole heap is collected at such a moment too, once V8's heap has grown by a few MiB since
 * the last time. The daemon runs without V8's memory reducer (cli/v8_flags.ts), which would
 * otherwise shrink the heap after a busy spell, so pages that held promoted garbage stayed
 * committed: in 1,280 wired enrollments (40 rounds of 32 at once) heapTotal grew from 11 to 20 MB
 * with 8 to 10 MB in use, and VmRSS by 14 MB. A last-resort collection compacts the heap and
 * gives the free pages back.
 *
 * @module
 */

/** V8's gc() as --expose-gc installs it; the options form selects the generation. */
type ExposedGc = (
  options?: {
    type?: "minor" | "major";
    execution?: "sync" | "async";
    flavor?: "regular" | "last-resort";
  },
) => unknown;

/** V8's gc() when --expose-gc installed it. */
function exposedGc(): ExposedGc | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === "function" ? gc as ExposedGc : undefined;
}

/**
 * Collects the young generation now if the runtime allows it.
 *
 * @returns true when a collection ran
 */
export function collectYoungGeneration(): boolean {
  const gc = exposedGc();
  if (gc === undefined) return false;
  gc({ type: "minor" });
  return true;
}

/** Growth of V8's heap since the last full collection that makes the next idle moment do one. */
export const HEAP_GROWTH_FOR_FULL_GC = 4 * 1024 * 1024;

/** What {@link idleCollector} works with; the defaults are the runtime's. */
export interface IdleCollectorDeps {
  /** V8's gc(); undefined without --expose-gc. */
  gc?: ExposedGc;
  /** The bytes V8's heap holds (Deno.memoryUsage().heapTotal). */
  heapTotal?: () => number;
  /** Growth that triggers a full collection (bytes). */
  growth?: number;
}

/**
 * The collections for each idle moment: the young generation every time, and the whole heap
 * (compacted, free pages released) when V8's heap has grown by `growth` bytes since the last
 * full collection or since the first idle moment.
 *
 * @returns a function to call when the daemon goes idle; it returns what it collected
 */
export function idleCollector(deps: IdleCollectorDeps = {}): () => "minor" | "major" | undefined {
  const gc = deps.gc ?? exposedGc();
  const heapTotal = deps.heapTotal ?? (() => Deno.memoryUsage().heapTotal);
  const growth = deps.growth ?? HEAP_GROWTH_FOR_FULL_GC;
  let base: number | undefined;
  return () => {
    if (gc === undefined) return undefined;
    gc({ type: "minor" });
    const now = heapTotal();
    if (base === undefined || now - base < growth) {
      base = Math.min(base ?? now, now);
      return "minor";
    }
    gc({ type: "major", flavor: "last-resort" });
    base = heapTotal();
    return "major";
  };
}
