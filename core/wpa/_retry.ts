/**
 * Resend-with-timeout for one EAPOL-Key step: send now, wait a first timeout, resend with the
 * subsequent timeout until `count` sends went unanswered, then give up (hostapd's TimeoutCtr
 * with `eapol_key_timeout_first` / `_subseq`).
 *
 * @module
 * @private
 */

import type { Clock, TimerId } from "../clock.ts";

/** The retry timer of one station and one handshake kind. */
export class StationRetry {
  readonly #clock: Clock;
  #timer: TimerId | undefined;
  #generation = 0;

  /** @param clock the timer source */
  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A step is waiting for its reply. */
  get active(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Cancels any running step, calls `send` now and arms the timers.
   *
   * @param count total sends before `onTimeout` (at least 1)
   * @param firstMs wait after the first send
   * @param subsequentMs wait after each resend
   */
  start(
    count: number,
    firstMs: number,
    subsequentMs: number,
    send: () => void,
    onTimeout: () => void,
  ): void {
    this.stop();
    const generation = ++this.#generation;
    let sent = 0;
    const step = () => {
      sent++;
      this.#timer = this.#clock.setTimer(sent === 1 ? firstMs : subsequentMs, () => {
        this.#timer = undefined;
        if (generation !== this.#generation) return;
        if (sent >= Math.max(1, count)) onTimeout();
        else step();
      });
      send();
    };
    step();
  }

  /** Cancels the running step, if any. */
  stop(): void {
    this.#generation++;
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }
}
