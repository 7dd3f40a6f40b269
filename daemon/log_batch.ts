/**
 * Log lines written after the work that produced them. A WPS exchange logs while it builds a
 * reply; writing each line at once put a write(2) to a pipe or a terminal, and the wake-up of
 * whoever reads it, in front of the reply frame. Lines are queued and written together once the
 * current task is over (a microtask, so before any timer or I/O callback runs), and on exit.
 *
 * @module
 */

/** Where a batch of finished lines goes (in order). */
export type LineSink = (lines: readonly string[]) => void;

/** A line writer that defers to the end of the current task; see the module doc. */
export class LineBatcher {
  #sink: LineSink;
  #queue: string[] = [];
  #scheduled = false;
  #flushBound = () => this.flush();

  /** @param sink receives the queued lines, oldest first */
  constructor(sink: LineSink) {
    this.#sink = sink;
    // Deno.exit() dispatches "unload": lines logged just before an exit still get out.
    globalThis.addEventListener?.("unload", this.#flushBound);
  }

  /** Queues one line; it is written when the current task ends or on {@link flush}. */
  write(line: string): void {
    this.#queue.push(line);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flushBound);
    }
  }

  /**
   * Writes every queued line now. A sink that throws loses that batch, never later ones, and
   * never the daemon: the flush runs as a microtask, where a throw would end the process.
   */
  flush(): void {
    this.#scheduled = false;
    if (this.#queue.length === 0) return;
    const lines = this.#queue;
    this.#queue = [];
    try {
      this.#sink(lines);
    } catch {
      // Logging must never take the daemon down.
    }
  }

  /** Flushes and stops listening for exit. */
  close(): void {
    this.flush();
    globalThis.removeEventListener?.("unload", this.#flushBound);
  }
}

/**
 * Writes all of `bytes` to a synchronous writer, looping over short writes.
 *
 * @param w e.g. Deno.stdout or an open file
 */
export function writeAllSync(w: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += w.writeSync(bytes.subarray(off));
}
