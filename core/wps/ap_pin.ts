/**
 * The AP PIN (the Device Password external Registrars must prove when the AP acts as
 * Enrollee) and its brute-force lockout (reference 5.6 and 10.1): three failures lock AP
 * setup for 60 s, doubling every third failure; ten consecutive failures lock it until the
 * PIN is set again.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { DueTimer } from "../due_timer.ts";

/** Failures (total) before AP setup is locked. */
export const AP_PIN_LOCK_THRESHOLD = 3;
/** Consecutive failures that lock AP setup until WPS_AP_PIN set/random. */
export const AP_PIN_PERMANENT_LOCK = 10;
/** First lockout period, seconds. */
export const AP_PIN_FIRST_LOCKOUT_SEC = 60;
/** Lifetime of a PIN enabled by WPS_AP_PIN random/set without a timeout, seconds. */
export const AP_PIN_DEFAULT_TIMEOUT_SEC = 300;
const MAX_LOCKOUT_SEC = 365 * 24 * 60 * 60;

/** The configured `ap_setup_locked` value, also the runtime lock state (1 = locked). */
export type ApSetupLocked = 0 | 1 | 2;

/** What the AP PIN state tells its owner. */
export interface ApPinHooks {
  /** A control event text without the `<3>` prefix. */
  emit(text: string): void;
  /** The advertised lock state changed: rebuild the WPS IEs. */
  lockChanged(): void;
}

/** Initial settings from hostapd.conf. */
export interface ApPinConfig {
  /** `ap_pin`, or null when unset or empty. */
  pin: string | null;
  /** `ap_setup_locked`. */
  setupLocked: ApSetupLocked;
}

/** Longest AP PIN `WPS_AP_PIN set` takes (hostapd copies it into a 9-byte buffer). */
export const AP_PIN_MAX_LENGTH = 8;

/** The AP PIN and lockout counters of one BSS. */
export class ApPinState {
  #hooks: ApPinHooks;
  #generate: () => string;
  #pin: string | null;
  #configuredLock: ApSetupLocked;
  #locked: ApSetupLocked;
  #failures = 0;
  #consecutive = 0;
  #lockoutSec = 0;
  /** The runtime AP PIN's expiry (`WPS_AP_PIN set/random` with a timeout). */
  readonly #pinTimer: DueTimer;
  /** The end of a temporary lockout. */
  readonly #unlockTimer: DueTimer;

  /**
   * @param clock timer source
   * @param hooks events and IE updates
   * @param config `ap_pin` and `ap_setup_locked`
   * @param generate random PIN source for `WPS_AP_PIN random` (8 digits with checksum)
   */
  constructor(clock: Clock, hooks: ApPinHooks, config: ApPinConfig, generate: () => string) {
    this.#hooks = hooks;
    this.#generate = generate;
    this.#pin = config.pin === "" ? null : config.pin;
    this.#configuredLock = config.setupLocked;
    this.#locked = config.setupLocked;
    this.#pinTimer = new DueTimer(clock, () => {
      this.#pin = null;
      this.#hooks.emit("WPS-AP-PIN-DISABLED ");
    });
    this.#unlockTimer = new DueTimer(clock, () => this.#unlockExpired());
  }

  /** The current AP PIN, or null (external Registrars are then refused at M2). */
  get pin(): string | null {
    return this.#pin;
  }

  /** Runtime AP-setup lock: 0 open, 1 locked, 2 the configured learn-only mode. */
  get setupLocked(): ApSetupLocked {
    return this.#locked;
  }

  /** Whether the AP Setup Locked attribute is advertised (value 2 is not advertised). */
  get advertisedLocked(): boolean {
    return this.#locked === 1;
  }

  /** Total failures F since the PIN was last enabled. */
  get failures(): number {
    return this.#failures;
  }

  /** Consecutive failures C. */
  get consecutiveFailures(): number {
    return this.#consecutive;
  }

  /** Current lockout period T in seconds (0 before the first lockout; never reset). */
  get lockoutSec(): number {
    return this.#lockoutSec;
  }

  /** `WPS_AP_PIN disable`: forgets the PIN (no event). */
  disable(): void {
    this.#pin = null;
    this.#pinTimer.clear();
  }

  /**
   * `WPS_AP_PIN set <pin> [timeout]`.
   *
   * @param pin up to 8 characters, not checksum-checked (hostapd's rule)
   * @param timeoutSec lifetime; 0 for none
   * @returns false when the PIN is longer than 8 characters
   */
  set(pin: string, timeoutSec = AP_PIN_DEFAULT_TIMEOUT_SEC): boolean {
    if (pin.length > AP_PIN_MAX_LENGTH) return false;
    this.#pin = pin;
    this.#enable(timeoutSec);
    return true;
  }

  /**
   * `SET ap_pin`: the configured AP PIN changes; the lockout, the failure counts and a running
   * expiry timer stay as they are (hostapd's SET only replaces the string).
   */
  replacePin(pin: string): void {
    this.#pin = pin;
  }

  /**
   * `WPS_AP_PIN random [timeout]`.
   *
   * @param timeoutSec lifetime; 0 for none
   * @returns the new PIN
   */
  random(timeoutSec = AP_PIN_DEFAULT_TIMEOUT_SEC): string {
    const pin = this.#generate();
    this.#pin = pin;
    this.#enable(timeoutSec);
    return pin;
  }

  /**
   * An external Registrar failed to prove the AP PIN (R-Hash1 at M4 or R-Hash2 at M6).
   * Counted only while an AP PIN is set.
   */
  recordFailure(): void {
    if (this.#pin === null) return;
    this.#failures++;
    this.#consecutive++;
    if (this.#failures < AP_PIN_LOCK_THRESHOLD) return;
    this.#hooks.emit("WPS-AP-SETUP-LOCKED ");
    this.#locked = 1;
    this.#hooks.lockChanged();
    if (this.#configuredLock) return;
    if (this.#consecutive >= AP_PIN_PERMANENT_LOCK) {
      this.#unlockTimer.clear();
      return;
    }
    if (this.#lockoutSec === 0) this.#lockoutSec = AP_PIN_FIRST_LOCKOUT_SEC;
    else if (this.#lockoutSec < MAX_LOCKOUT_SEC && this.#failures % 3 === 0) {
      this.#lockoutSec *= 2;
    }
    this.#unlockTimer.start(this.#lockoutSec * 1000);
  }

  /** An external Registrar proved the AP PIN (R-Hash2 verified): resets C only. */
  recordSuccess(): void {
    this.#consecutive = 0;
  }

  /**
   * The interface was disabled: hostapd cancels the PIN expiry and unlock timers, and the WPS
   * state it builds on ENABLE starts from the configured lock. The PIN and the counts stay.
   */
  interfaceDisabled(): void {
    this.#pinTimer.clear();
    this.#unlockTimer.clear();
    if (this.#locked === this.#configuredLock) return;
    this.#locked = this.#configuredLock;
    this.#hooks.lockChanged();
  }

  /**
   * Takes over the lockout of the state this one replaces (a reload keeps hostapd's counts and
   * WPS state): counts, lockout period, the runtime lock whatever the new config says, the
   * unlock timer with the time it had left, and with `keepPin` the PIN and its expiry.
   *
   * @param old the replaced state (disposed or not)
   * @param keepPin false when the PIN comes from the config read afresh
   */
  adoptFrom(old: ApPinState, keepPin: boolean): void {
    this.dispose();
    this.#failures = old.#failures;
    this.#consecutive = old.#consecutive;
    this.#lockoutSec = old.#lockoutSec;
    // hostapd reads ap_setup_locked into its runtime lock only at start: a reload (SIGHUP,
    // RELOAD, new settings from an ER) neither undoes a WPS_AP_PIN unlock nor locks anew.
    this.#locked = old.#locked;
    this.#unlockTimer.resumeFrom(old.#unlockTimer);
    if (!keepPin) return;
    this.#pin = old.#pin;
    this.#configuredLock = old.#configuredLock;
    this.#pinTimer.resumeFrom(old.#pinTimer);
  }

  /** Stops timers (BSS teardown); their due times stay for {@link adoptFrom}. */
  dispose(): void {
    this.#pinTimer.suspend();
    this.#unlockTimer.suspend();
  }

  #enable(timeoutSec: number): void {
    this.#failures = 0;
    this.#consecutive = 0;
    this.#configuredLock = 0;
    // A pending unlock would only repeat the event below.
    this.#unlockTimer.clear();
    if (this.#locked) {
      this.#hooks.emit("WPS-AP-SETUP-UNLOCKED ");
      this.#locked = 0;
      this.#hooks.lockChanged();
    }
    this.#pinTimer.clear();
    if (timeoutSec > 0) this.#pinTimer.start(timeoutSec * 1000);
  }

  #unlockExpired(): void {
    if (this.#configuredLock || this.#consecutive >= AP_PIN_PERMANENT_LOCK) return;
    this.#hooks.emit("WPS-AP-SETUP-UNLOCKED ");
    this.#locked = 0;
    this.#hooks.lockChanged();
  }
}
