/**
 * Push-button mode of the internal Registrar (reference 5.4): the 120 s walk timer, the list
 * of PBC sessions seen in Probe Requests and M1s, the session-overlap test, the sticky
 * forced-overlap flag and the 5 s window that ignores the Enrollee that just finished.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { DueTimer } from "../due_timer.ts";
import { bytesEqual } from "../bytes.ts";

/** PBC walk time and session monitor window (WSC 2.0.5, section 11.3; WPS_PBC_WALK_TIME). */
export const PBC_WALK_TIME_MS = 120_000;

/** Probe Requests of the UUID that just completed PBC are ignored this long (a workaround). */
export const PBC_IGNORE_MS = 5_000;

/** The `PBC Status:` value of WPS_GET_STATUS. */
export type PbcStatus = "Disabled" | "Active" | "Timed-out" | "Overlap";

/** What the PBC state tells its owner. */
export interface PbcHooks {
  /** A control event text without the `<3>` prefix. */
  emit(text: string): void;
  /** PBC mode began: the owner marks the Registrar selected and advertises broadcast. */
  started(): void;
  /** PBC mode ended (timeout, cancel or completion): the owner unselects. */
  stopped(): void;
}

interface Session {
  mac: Uint8Array;
  uuid: Uint8Array;
  seen: number;
}

/** PBC mode and session tracking of one Registrar. */
export class PbcState {
  #clock: Clock;
  #hooks: PbcHooks;
  #sessions: Session[] = [];
  /** The walk time of PBC mode. */
  readonly #walk: DueTimer;
  #active = false;
  #forceOverlap = false;
  #ignore: { uuid: Uint8Array; at: number } | null = null;
  /** The `PBC Status:` shown by WPS_GET_STATUS. */
  status: PbcStatus = "Disabled";

  /**
   * @param clock time source for the walk timer and session ages
   * @param hooks events and selected-registrar updates
   */
  constructor(clock: Clock, hooks: PbcHooks) {
    this.#clock = clock;
    this.#hooks = hooks;
    this.#walk = new DueTimer(clock, () => this.#timeout());
  }

  /** True while PBC mode is on (between WPS_PBC and timeout/cancel/completion). */
  get active(): boolean {
    return this.#active;
  }

  /** The sticky overlap flag set by an overlapping Probe Request or M1. */
  get forceOverlap(): boolean {
    return this.#forceOverlap;
  }

  /**
   * WPS_PBC: starts (or restarts) PBC mode unless an overlap is currently seen.
   *
   * @returns false when refused because of a session overlap
   */
  start(): boolean {
    if (this.overlap(null)) {
      this.#overlapEvent();
      return false;
    }
    this.#forceOverlap = false;
    this.#active = true;
    this.#hooks.started();
    this.status = "Active";
    this.#hooks.emit("WPS-PBC-ACTIVE ");
    this.#walk.start(PBC_WALK_TIME_MS);
    return true;
  }

  /**
   * WPS_CANCEL while PBC is on: behaves like the walk timer expiring (`WPS-TIMEOUT `).
   *
   * @returns true when PBC was active
   */
  cancel(): boolean {
    if (!this.#active) return false;
    this.#walk.clear();
    this.#timeout();
    return true;
  }

  /**
   * WPS_PIN while PBC is on: leaves PBC mode without stopping the walk timer, which still
   * reports `WPS-TIMEOUT ` later (hostapd's behaviour).
   */
  clearMode(): void {
    this.#active = false;
  }

  /**
   * A PBC registration completed (WSC_Done): drops the Enrollee's sessions, stops PBC mode
   * (`WPS-PBC-DISABLE `) and opens the 5 s ignore window for its UUID.
   *
   * @param uuid the Enrollee's UUID-E
   */
  completed(uuid: Uint8Array): void {
    this.#sessions = this.#sessions.filter((s) => !bytesEqual(s.uuid, uuid));
    this.#walk.clear();
    this.#active = false;
    this.#hooks.stopped();
    this.status = "Disabled";
    this.#hooks.emit("WPS-PBC-DISABLE ");
    this.#ignore = { uuid: uuid.slice(), at: this.#clock.now() };
  }

  /**
   * A Probe Request with Device Password ID 4 and a UUID-E (the caller checked the IE and
   * SSID): records the session and raises the sticky overlap flag when two Enrollees press.
   *
   * @param mac source address
   * @param uuid UUID-E from the WPS IE
   */
  recordProbe(mac: Uint8Array, uuid: Uint8Array): void {
    let skipAdd = false;
    if (this.#ignore && bytesEqual(this.#ignore.uuid, uuid)) {
      const age = this.#clock.now() - this.#ignore.at;
      // Not recorded, but still counted as the requester below (hostapd's skip_add).
      if (age >= 0 && age < PBC_IGNORE_MS) skipAdd = true;
      else this.#ignore = null;
    }
    if (!skipAdd) this.#record(mac, uuid);
    if (this.overlap(uuid)) {
      this.#forceOverlap = true;
      this.#overlapEvent();
    }
  }

  /**
   * The check of a PBC M1 (Device Password ID 4, PBC mode on). On overlap the sticky flag is
   * set and `WPS-OVERLAP-DETECTED ` emitted (the run then sends M2D with config_error 12);
   * otherwise the session is recorded.
   *
   * @param mac M1's MAC Address
   * @param uuid M1's UUID-E
   * @returns true when the run must be refused for overlap
   */
  checkM1(mac: Uint8Array, uuid: Uint8Array): boolean {
    if (this.#forceOverlap || this.overlap(uuid)) {
      this.#overlapEvent();
      this.#forceOverlap = true;
      return true;
    }
    this.#record(mac, uuid);
    return false;
  }

  /**
   * The overlap test: more than one distinct Enrollee UUID among the sessions of the last
   * 120 s, counting `uuid` itself when given.
   *
   * @param uuid the requesting Enrollee's UUID-E, or null
   */
  overlap(uuid: Uint8Array | null): boolean {
    const now = this.#clock.now();
    let count = uuid ? 1 : 0;
    let first: Session | null = null;
    for (const s of this.#sessions) {
      if (now - s.seen > PBC_WALK_TIME_MS) break;
      if (first && bytesEqual(s.uuid, first.uuid)) continue;
      if (!uuid || !bytesEqual(uuid, s.uuid)) count++;
      if (!first) first = s;
    }
    return count > 1;
  }

  /**
   * The Registrar is freed (DISABLE): PBC mode ends without an event, and the sessions, the
   * forced-overlap flag and the ignore window go with it. `status` stays, as hostapd's does.
   */
  reset(): void {
    this.#walk.clear();
    this.#active = false;
    this.#sessions = [];
    this.#forceOverlap = false;
    this.#ignore = null;
  }

  /**
   * Takes over the state of the PbcState this one replaces (a reload keeps hostapd's
   * Registrar): mode, sessions, flags, status, and the walk timer with the time it had left.
   *
   * @param old the replaced state (disposed or not)
   */
  adoptFrom(old: PbcState): void {
    this.#active = old.#active;
    this.#sessions = old.#sessions.map((s) => ({ ...s, mac: s.mac.slice(), uuid: s.uuid.slice() }));
    this.#forceOverlap = old.#forceOverlap;
    this.#ignore = old.#ignore && { uuid: old.#ignore.uuid.slice(), at: old.#ignore.at };
    this.status = old.status;
    this.#walk.resumeFrom(old.#walk);
  }

  /** Stops timers (BSS teardown); the walk timer's due time stays for {@link adoptFrom}. */
  dispose(): void {
    this.#walk.suspend();
  }

  #record(mac: Uint8Array, uuid: Uint8Array): void {
    const now = this.#clock.now();
    const i = this.#sessions.findIndex((s) => bytesEqual(s.mac, mac) && bytesEqual(s.uuid, uuid));
    const s = i >= 0 ? this.#sessions.splice(i, 1)[0]! : { mac: mac.slice(), uuid: uuid.slice() };
    this.#sessions.unshift({ ...s, seen: now });
    // Sessions are newest first: cut the list at the first one past the window.
    const stale = this.#sessions.findIndex((x) => now - x.seen > PBC_WALK_TIME_MS);
    if (stale > 0) this.#sessions.length = stale;
  }

  #timeout(): void {
    this.status = "Timed-out";
    this.#hooks.emit("WPS-TIMEOUT ");
    this.#active = false;
    this.#hooks.stopped();
  }

  #overlapEvent(): void {
    this.status = "Overlap";
    this.#hooks.emit("WPS-OVERLAP-DETECTED ");
  }
}
