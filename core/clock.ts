/**
 * Time as the protocol core sees it: injected, so state machines stay free of I/O and tests can
 * drive timers by hand.
 *
 * @module
 */

/** Opaque handle of a scheduled timer. */
export type TimerId = number;

/** The clock and timer source the core's state objects are given. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch, monotonic. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds. */
  setTimer(ms: number, fn: () => void): TimerId;
  /** Cancels a timer; unknown or fired ids are ignored. */
  clearTimer(id: TimerId): void;
}

/**
 * A Clock over the runtime's own timers (the daemon's choice) that also knows when its next
 * timer falls due, so an event loop that blocks in poll(2) can wake up for it.
 */
export class SystemClock implements Clock {
  #due = new Map<TimerId, number>();

  now(): number {
    return performance.now();
  }

  setTimer(ms: number, fn: () => void): TimerId {
    const id = setTimeout(() => {
      this.#due.delete(id);
      fn();
    }, ms) as unknown as TimerId;
    this.#due.set(id, performance.now() + Math.max(0, ms));
    return id;
  }

  clearTimer(id: TimerId): void {
    this.#due.delete(id);
    clearTimeout(id);
  }

  /** When the earliest pending timer falls due (a `now()` time), or undefined if none is. */
  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const at of this.#due.values()) if (min === undefined || at < min) min = at;
    return min;
  }
}

/** The process-wide {@link SystemClock}. */
export const systemClock: SystemClock = new SystemClock();

/** A Clock driven by hand, for tests: `advance(ms)` fires the timers that fall due. */
export class ManualClock implements Clock {
  #now = 0;
  #next = 1;
  #timers = new Map<TimerId, { at: number; fn: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): TimerId {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, fn });
    return id;
  }

  clearTimer(id: TimerId): void {
    this.#timers.delete(id);
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let first: [TimerId, { at: number; fn: () => void }] | undefined;
      for (const e of this.#timers) {
        if (e[1].at <= end && (!first || e[1].at < first[1].at)) first = e;
      }
      if (!first) break;
      this.#timers.delete(first[0]);
      this.#now = first[1].at;
      first[1].fn();
    }
    this.#now = end;
  }

  /** Number of pending timers. */
  get pending(): number {
    return this.#timers.size;
  }
}
