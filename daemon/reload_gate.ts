/**
 * When the reload after WPS rewrote hostapd.conf may run. New AP settings arrive in M8, while the
 * run that brought them still has a round trip to go (WSC_Done, the Registrar's WSC_ACK, the
 * EAP-Failure); a reload at once would tear the BSS down under it, and the run would end without
 * WPS-SUCCESS or an EAP-Failure (seen in the hwsim guest when the file write was quicker than the
 * station). hostapd reloads 100 ms after the settings, or at once on a WPS success. Here the
 * reload waits for the file to be written and then for a success, or at most
 * {@link RELOAD_FALLBACK_MS} from the settings, for a Registrar that never acknowledges. Settings
 * from WPS_CONFIG, or made by the Registrar after its run (`wps_state=1`), reload once written.
 *
 * @module
 */

import type { Clock, TimerId } from "../core/clock.ts";

/** Longest wait for the run's success after new settings (ms). */
export const RELOAD_FALLBACK_MS = 1000;

/** Holds one reload back until the config is written and the run has ended. */
export class ReloadGate {
  readonly #clock: Clock;
  readonly #reload: () => void;
  #pending: { ticket: number; written: boolean; go: boolean; timer: TimerId } | undefined;
  #tickets = 0;

  /**
   * @param clock timers
   * @param reload what runs once the gate opens
   */
  constructor(clock: Clock, reload: () => void) {
    this.#clock = clock;
    this.#reload = reload;
  }

  /**
   * New settings arrived; their file write has started. Settings that arrive again replace the
   * pending ones: the earlier write's ticket no longer counts.
   *
   * @param awaitRun wait for the run's success (settings from M8); false: reload once written
   * @returns the ticket its write reports back with ({@link written}, {@link cancel})
   */
  settingsArrived(awaitRun: boolean): number {
    this.cancel();
    const p = {
      ticket: ++this.#tickets,
      written: false,
      go: !awaitRun,
      timer: this.#clock.setTimer(RELOAD_FALLBACK_MS, () => {
        p.go = true;
        this.#maybe();
      }),
    };
    this.#pending = p;
    return p.ticket;
  }

  /** The rewritten file of `ticket` is in place (a replaced ticket's write does not count). */
  written(ticket: number): void {
    if (this.#pending?.ticket !== ticket) return;
    this.#pending.written = true;
    this.#maybe();
  }

  /** A WPS run succeeded: no need to wait any longer. */
  runSucceeded(): void {
    if (!this.#pending) return;
    this.#pending.go = true;
    this.#maybe();
  }

  /**
   * Drops the pending reload: that of `ticket` when its write failed (a replaced ticket changes
   * nothing), or whichever is pending when no ticket is given (the BSS goes away).
   */
  cancel(ticket?: number): void {
    if (!this.#pending || (ticket !== undefined && this.#pending.ticket !== ticket)) return;
    this.#clock.clearTimer(this.#pending.timer);
    this.#pending = undefined;
  }

  /** True while a reload is held back. */
  get pending(): boolean {
    return this.#pending !== undefined;
  }

  #maybe(): void {
    const p = this.#pending;
    if (!p || !p.written || !p.go) return;
    this.cancel();
    this.#reload();
  }
}
