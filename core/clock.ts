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
  // The timers live here, and one runtime timer is armed for the earliest of them: a protocol
  // run re-arms its retransmission timer with every frame it sends, and a Map entry costs a
  // tenth of a runtime timer's clearTimeout and setTimeout (0.4 against 2.8 us, more when cold).
  // While a poll loop drives the timers (see drive), none is armed at all: the first timer of an
  // exchange cost 55-100 us that way, just after the send that the station answers at once.
  #timers = new Map<TimerId, { at: number; fn: () => void }>();
  #next = 1;
  #armed: ReturnType<typeof setTimeout> | undefined;
  #armedAt = Infinity;
  #driver: TimerDriver | undefined;
  // No timer is due before this (a cleared one may have set it): runDue, called after every poll,
  // returns at once until then instead of scanning every station's timers.
  #earliest = Infinity;

  now(): number {
    return performance.now();
  }

  setTimer(ms: number, fn: () => void): TimerId {
    const id = this.#next++;
    const at = performance.now() + Math.max(0, ms);
    this.#timers.set(id, { at, fn });
    if (at < this.#earliest) this.#earliest = at;
    if (at < this.#armedAt && !this.#driver?.drivesTimers) this.#arm(at);
    return id;
  }

  clearTimer(id: TimerId): void {
    if (!this.#timers.delete(id) || this.#timers.size > 0) return;
    // Nothing left: no runtime timer keeps the process (or a test) waiting. Otherwise the armed
    // one stays; firing early only re-arms it for what is then the earliest.
    clearTimeout(this.#armed);
    this.#armed = undefined;
    this.#armedAt = Infinity;
  }

  /** When the earliest pending timer falls due (a `now()` time), or undefined if none is. */
  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const t of this.#timers.values()) if (min === undefined || t.at < min) min = t.at;
    return min;
  }

  /**
   * Hands the timers to a poll loop (Reactor.idleOnMainThread calls this): while
   * `driver.drivesTimers` holds, it wakes by {@link nextDeadline} and calls {@link runDue}, and
   * no runtime timer is armed for new ones. It calls {@link released} when it stops doing so.
   */
  drive(driver: TimerDriver | undefined): void {
    this.#driver = driver;
    this.released();
  }

  /** The driver stopped driving: a runtime timer takes over for what is pending. */
  released(): void {
    if (this.#driver?.drivesTimers) return;
    const next = this.nextDeadline();
    if (next !== undefined && next < this.#armedAt) this.#arm(next);
  }

  /**
   * Runs the timers that are due, in deadline order (ties: the order they were set). One cleared
   * by an earlier callback does not run; one a callback sets waits for the next call, even if due
   * at once. A callback that throws ends this call; the rest stay due.
   */
  runDue(): void {
    const now = performance.now();
    if (now < this.#earliest) return;
    let due: [TimerId, { at: number; fn: () => void }][] | undefined;
    let later = Infinity;
    for (const e of this.#timers) {
      if (e[1].at <= now) (due ??= []).push(e);
      else if (e[1].at < later) later = e[1].at;
    }
    // Timers the callbacks below set lower it again.
    this.#earliest = later;
    if (due === undefined) return;
    due.sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
    try {
      for (const [id, t] of due) {
        if (!this.#timers.delete(id)) continue;
        t.fn();
      }
    } finally {
      // A callback threw: what it left unrun is still due.
      for (const [id, t] of due) {
        if (t.at < this.#earliest && this.#timers.has(id)) this.#earliest = t.at;
      }
      this.released();
    }
  }

  #arm(at: number): void {
    clearTimeout(this.#armed);
    this.#armedAt = at;
    this.#armed = setTimeout(() => {
      this.#armed = undefined;
      this.#armedAt = Infinity;
      this.runDue();
      this.released();
    }, Math.max(0, Math.ceil(at - performance.now())));
  }
}

/** A poll loop that can run a {@link SystemClock}'s timers itself (ffi/reactor.ts). */
export interface TimerDriver {
  /** True while it wakes by the clock's next deadline and calls its runDue(). */
  readonly drivesTimers: boolean;
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
