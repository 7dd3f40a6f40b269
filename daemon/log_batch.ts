/**
 * Log lines written after the work that produced them. A WPS exchange logs while it builds a
 * reply; writing each line at once put a write(2) to a pipe or a terminal, and the wake-up of
 * whoever reads it, in front of the reply frame. Lines are queued and written together once the
 * current task is over (a microtask, so before any timer or I/O callback runs), and on exit.
 *
 * While a station is being served the lines can also be held back ({@link LineHold}) until the
 * burst of frames is over, as C's stdio buffering does for hostapd when its output is not a
 * terminal: in the qemu guest, with stdout on a 9p file, each write took 1.7 ms (median, up to
 * 10), about 8 of them per WPS enrollment, each between a frame and the next one.
 *
 * @module
 */

/** Where a batch of finished lines goes (in order). */
export type LineSink = (lines: readonly string[]) => void;

/** When lines may wait past the end of their task, and for how long at most. */
export interface LineHold {
  /** True while lines should wait (the daemon is in the middle of serving a station). */
  active: () => boolean;
  /** Most lines held; one more is written with them at once. */
  maxLines: number;
  /** Most time a line is held before a timer writes it anyway (ms). */
  maxMs: number;
  /** The timer source (the daemon's, so its poll wakes up for it). */
  setTimer: (ms: number, fn: () => void) => unknown;
}

/** A line writer that defers to the end of the current task; see the module doc. */
export class LineBatcher {
  #sink: LineSink;
  #hold: LineHold | undefined;
  #queue: string[] = [];
  #scheduled = false;
  #timerSet = false;
  #flushBound = () => this.flush();
  #endOfTask = () => {
    this.#scheduled = false;
    const h = this.#hold;
    if (h && this.#queue.length < h.maxLines && h.active()) {
      if (!this.#timerSet) {
        this.#timerSet = true;
        h.setTimer(h.maxMs, () => {
          this.#timerSet = false;
          this.flush();
        });
      }
      return;
    }
    this.flush();
  };

  /**
   * @param sink receives the queued lines, oldest first
   * @param hold when lines may wait longer than their task (default: never); whoever knows
   *   when the burst ends calls {@link flush} then
   */
  constructor(sink: LineSink, hold?: LineHold) {
    this.#sink = sink;
    this.#hold = hold;
    // Deno.exit() dispatches "unload": lines logged just before an exit still get out.
    globalThis.addEventListener?.("unload", this.#flushBound);
  }

  /** Queues one line; it is written when the current task ends (or the hold does) or on {@link flush}. */
  write(line: string): void {
    this.#queue.push(line);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#endOfTask);
    }
  }

  /**
   * Writes every queued line now. A sink that throws loses that batch, never later ones, and
   * never the daemon: the flush runs as a microtask, where a throw would end the process.
   */
  flush(): void {
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
