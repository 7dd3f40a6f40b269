/**
 * The internal Registrar's table of Device Passwords (reference 5.2): UUID-specific and
 * wildcard PINs with optional expiry, locked while a run uses them, one-time use, and the
 * invalidation rules that keep a failed run from leaking a reusable PIN (reference 10.1).
 *
 * @module
 */

import type { Clock, TimerId } from "../clock.ts";
import { bytesEqual, timingSafeEqual, wipe } from "../bytes.ts";

/** One stored PIN. Read-only for callers; the table owns the state. */
export interface PinEntry {
  /** UUID-E the PIN is for; for a wildcard PIN the UUID-E it was last bound to, or null. */
  readonly uuid: Uint8Array | null;
  /** True for a PIN added with the `any` UUID. */
  readonly wildcard: boolean;
  /** The Device Password bytes (not validated: hostapd accepts any string). */
  readonly pin: Uint8Array;
  /** Clock time (ms) after which the PIN is purged, or null for no expiry. */
  readonly expiresAt: number | null;
  /** The Enrollee MAC given with WPS_PIN, or null (advertised as broadcast). */
  readonly mac: Uint8Array | null;
  /** True while a run is using it (no concurrent reuse). */
  readonly locked: boolean;
  /** How many runs a wildcard PIN has been handed to. */
  readonly uses: number;
}

interface MutablePinEntry {
  uuid: Uint8Array | null;
  wildcard: boolean;
  pin: Uint8Array;
  expiresAt: number | null;
  mac: Uint8Array | null;
  locked: boolean;
  uses: number;
  /** After a failed run: the peer whose ended run still holds the lock, and the unlock timer. */
  heldFor: Uint8Array | null;
  unlockTimer: TimerId | null;
}

/**
 * How long a PIN stays locked after a run that used it failed. hostapd unlocks it only when that
 * run's station is freed (5 s after its EAP-Failure, AP_MAX_INACTIVITY_AFTER_DEAUTH) or starts
 * a new conversation, so a guesser that changes its MAC waits out the window between guesses.
 */
export const PIN_HOLD_AFTER_RUN_MS = 5000;

/** A run's claim on one PIN, returned by {@link PinTable.acquire}. */
export interface PinLease {
  /** A copy of the PIN for the run's key derivation (the run wipes it). */
  readonly pin: Uint8Array;
  /** The entry; compared by identity. */
  readonly entry: PinEntry;
}

/** Why a PIN left the table (for logging and tests). */
export type PinRemoval = "expired" | "replaced" | "used" | "invalidated" | "cancelled";

/** The PIN store of one Registrar. */
export class PinTable {
  #clock: Clock;
  #entries: MutablePinEntry[] = [];
  #onRemove: (entry: PinEntry, why: PinRemoval) => void;

  /**
   * @param clock time source for expiry
   * @param onRemove called after an entry is removed (the context drops its AuthorizedMAC)
   */
  constructor(clock: Clock, onRemove: (entry: PinEntry, why: PinRemoval) => void = () => {}) {
    this.#clock = clock;
    this.#onRemove = onRemove;
  }

  /**
   * Stores a PIN, newest first. Adding a wildcard PIN first drops one wildcard PIN that was
   * never handed to a run and is not locked (normally only one wildcard is pending).
   *
   * @param uuid UUID-E (16 bytes) or null for the wildcard `any`
   * @param pin Device Password bytes
   * @param timeoutSec seconds until expiry (negative: already expired); 0 for none
   * @param mac optional Enrollee MAC
   * @returns the new entry
   * @throws {RangeError} when the timeout is not a number or the UUID is not 16 bytes
   */
  add(uuid: Uint8Array | null, pin: Uint8Array, timeoutSec: number, mac?: Uint8Array): PinEntry {
    if (uuid !== null && uuid.length !== 16) {
      throw new RangeError(`Cannot add PIN: UUID length ${uuid.length}, expected 16`);
    }
    if (!Number.isFinite(timeoutSec)) {
      throw new RangeError(`Cannot add PIN: invalid timeout ${timeoutSec}`);
    }
    if (uuid === null) {
      const unused = this.#entries.find((e) => e.wildcard && e.uses === 0 && !e.locked);
      if (unused) this.#remove(unused, "replaced");
    }
    const entry: MutablePinEntry = {
      uuid: uuid?.slice() ?? null,
      wildcard: uuid === null,
      pin: pin.slice(),
      // hostapd adds a negative timeout as given: the PIN is expired at its first lookup.
      expiresAt: timeoutSec !== 0 ? this.#clock.now() + timeoutSec * 1000 : null,
      mac: mac?.slice() ?? null,
      locked: false,
      uses: 0,
      heldFor: null,
      unlockTimer: null,
    };
    this.#entries.unshift(entry);
    return entry;
  }

  /** Removes every PIN whose timeout has passed. */
  purgeExpired(): void {
    const now = this.#clock.now();
    for (const e of [...this.#entries]) {
      if (e.expiresAt !== null && now > e.expiresAt) this.#remove(e, "expired");
    }
  }

  /**
   * The lookup at M1: purges expired PINs, prefers a PIN for `uuidE`, else binds the newest
   * wildcard PIN to `uuidE`. The chosen PIN is locked; a PIN already locked by another run
   * yields null (hostapd does not fall through to another PIN then).
   *
   * @param uuidE the Enrollee's UUID-E from M1
   * @param peer the Enrollee's link address: its own new conversation frees a PIN its ended run
   *   still holds (hostapd frees the old run's state then)
   * @returns the lease, or null when no usable PIN exists (PIN-NEEDED)
   */
  acquire(uuidE: Uint8Array, peer?: Uint8Array): PinLease | null {
    this.purgeExpired();
    let found = this.#entries.find((e) => !e.wildcard && e.uuid && bytesEqual(e.uuid, uuidE));
    if (!found) found = this.#entries.find((e) => e.wildcard && e.uses < 2);
    if (!found) return null;
    const heldForPeer = found.heldFor !== null && peer !== undefined &&
      bytesEqual(found.heldFor, peer);
    if (found.locked && !heldForPeer) return null;
    this.#stopHold(found);
    found.locked = true;
    if (found.wildcard) {
      found.uuid = uuidE.slice();
      found.uses++;
    }
    return { pin: found.pin.slice(), entry: found };
  }

  /**
   * The Enrollee proved the whole PIN (E-Hash2 verified): the PIN is used up.
   *
   * @param lease the run's lease
   */
  consume(lease: PinLease): void {
    const e = this.#find(lease);
    if (e) this.#remove(e, "used");
  }

  /**
   * Removes the leased PIN now (E-Hash2 mismatch).
   *
   * @param lease the run's lease
   */
  invalidate(lease: PinLease): void {
    const e = this.#find(lease);
    if (e) this.#remove(e, "invalidated");
  }

  /**
   * Ends a run's use of the PIN. If the Registrar had sent M6 (the whole PIN can be derived
   * from the run) the PIN is invalidated; a wildcard PIN handed to a second run is deleted
   * instead of unlocked; otherwise it is unlocked for a retry {@link PIN_HOLD_AFTER_RUN_MS}
   * later, or when `peer` starts again.
   *
   * @param lease the run's lease
   * @param revealed true when M6 was sent and the run did not complete
   * @param peer the run's Enrollee link address
   */
  release(lease: PinLease, revealed: boolean, peer?: Uint8Array): void {
    const e = this.#find(lease);
    if (!e) return;
    if (revealed || (e.wildcard && e.uses >= 2)) {
      this.#remove(e, "invalidated");
      return;
    }
    this.#stopHold(e);
    e.heldFor = peer?.slice() ?? null;
    e.unlockTimer = this.#clock.setTimer(PIN_HOLD_AFTER_RUN_MS, () => {
      e.unlockTimer = null;
      e.heldFor = null;
      e.locked = false;
    });
  }

  #stopHold(e: MutablePinEntry): void {
    if (e.unlockTimer !== null) this.#clock.clearTimer(e.unlockTimer);
    e.unlockTimer = null;
    e.heldFor = null;
  }

  /**
   * Removes the first wildcard PIN, optionally only one with the given value (WPS_CANCEL;
   * registration completed on another BSS).
   *
   * @param pin value to match, or undefined for any
   * @returns true when a PIN was removed
   */
  removeWildcard(pin?: Uint8Array): boolean {
    const e = this.#entries.find((x) =>
      x.wildcard && (pin === undefined || timingSafeEqual(x.pin, pin))
    );
    if (!e) return false;
    this.#remove(e, "cancelled");
    return true;
  }

  /**
   * Takes the PINs of the table this one replaces (a reload keeps hostapd's Registrar), with
   * their expiry times and uses. None is held by a run any more: the runs ended with the old BSS.
   *
   * @param old the replaced table
   */
  adoptFrom(old: PinTable): void {
    this.#entries = old.#entries.map((e) => ({
      ...e,
      uuid: e.uuid?.slice() ?? null,
      pin: e.pin.slice(),
      mac: e.mac?.slice() ?? null,
      locked: false,
      heldFor: null,
      unlockTimer: null,
    }));
  }

  /** Removes every PIN (the interface was disabled: its Registrar starts again empty). */
  clear(): void {
    for (const e of [...this.#entries]) this.#remove(e, "cancelled");
  }

  /** Snapshot of the stored entries, newest first. */
  entries(): PinEntry[] {
    return [...this.#entries];
  }

  /** Number of stored PINs. */
  get size(): number {
    return this.#entries.length;
  }

  #find(lease: PinLease): MutablePinEntry | undefined {
    return this.#entries.find((e) => e === lease.entry);
  }

  #remove(e: MutablePinEntry, why: PinRemoval): void {
    const i = this.#entries.indexOf(e);
    if (i < 0) return;
    this.#entries.splice(i, 1);
    this.#stopHold(e);
    this.#onRemove(e, why);
    wipe(e.pin);
  }
}
