/**
 * A one-shot timer that keeps the time it falls due while it is suspended, so the state a reload
 * builds anew can take it over with the time it had left (WPS's walk time, a PIN Registrar's
 * 120 s, the AP PIN's expiry and lockout: hostapd keeps them across a reload).
 *
 * @module
 */

import type { Clock, TimerId } from "./clock.ts";

/** One timer of a state object, its callback fixed. */
export class DueTimer {
  readonly #clock: Clock;
  readonly #fire: () => void;
  #id: TimerId | null = null;
  #due: number | null = null;

  /**
   * @param clock the timer source
   * @param fire called when the timer falls due
   */
  constructor(clock: Clock, fire: () => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  /** (Re)arms the timer to fire in `ms` (at once for `ms` of 0 or less). */
  start(ms: number): void {
    this.#stop();
    this.#due = this.#clock.now() + ms;
    this.#id = this.#clock.setTimer(Math.max(0, ms), () => {
      this.#id = null;
      this.#due = null;
      this.#fire();
    });
  }

  /** Cancels the timer: nothing is left for {@link resumeFrom} to take over. */
  clear(): void {
    this.#stop();
    this.#due = null;
  }

  /** Stops the timer but keeps its due time for {@link resumeFrom} (a teardown before a reload). */
  suspend(): void {
    this.#stop();
  }

  /** Cancels this timer, then runs on with the time `other` had left, if it was due at all. */
  resumeFrom(other: DueTimer): void {
    this.clear();
    if (other.#due !== null) this.start(other.#due - this.#clock.now());
  }

  #stop(): void {
    if (this.#id !== null) this.#clock.clearTimer(this.#id);
    this.#id = null;
  }
}
