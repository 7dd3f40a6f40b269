/**
 * The SA Query procedure (IEEE 802.11-2020 11.13): the frames, and the AP's check that a station
 * protecting management frames (MFP) which asks to associate again has really lost its
 * association. Until the station answers an SA Query Request under the old keys, or
 * `assoc_sa_query_max_timeout` passes without an answer, its new (Re)Association Requests are
 * refused with status 30 and an association comeback time, so a forged request cannot tear
 * down a protected association.
 *
 * @module
 */

import { bytesEqual, randomBytes } from "../bytes.ts";
import type { Clock, TimerId } from "../clock.ts";

/** Action frame category of SA Query (Table 9-51). */
export const SA_QUERY_CATEGORY = 8;
/** SA Query Action field values. */
export const SaQueryAction = { REQUEST: 0, RESPONSE: 1 } as const;
/** Length of the Transaction Identifier. */
export const SA_QUERY_TRANSACTION_ID_LEN = 2;
/** Element ID of the Timeout Interval element (9.4.2.49). */
export const TIMEOUT_INTERVAL_EID = 56;
/** Timeout Interval Type: association comeback time, in TUs. */
const TIMEOUT_ASSOC_COMEBACK = 3;
/** One time unit in milliseconds. */
const TU_MS = 1.024;

/** A decoded SA Query Action frame body. */
export interface SaQueryFrame {
  /** {@link SaQueryAction}. */
  action: number;
  /** The two-octet Transaction Identifier. */
  transactionId: Uint8Array;
}

/** Encodes an SA Query Action frame body (category, action, transaction identifier). */
export function buildSaQuery(frame: SaQueryFrame): Uint8Array {
  if (frame.transactionId.length !== SA_QUERY_TRANSACTION_ID_LEN) {
    throw new RangeError(`Cannot build SA Query: transaction ID of ${frame.transactionId.length}`);
  }
  return Uint8Array.of(SA_QUERY_CATEGORY, frame.action, ...frame.transactionId);
}

/**
 * Decodes an Action frame body as SA Query; undefined when it is another category.
 *
 * @throws {SyntaxError} when an SA Query body is too short
 */
export function parseSaQuery(body: Uint8Array): SaQueryFrame | undefined {
  if (body.length < 1 || body[0] !== SA_QUERY_CATEGORY) return undefined;
  if (body.length < 2 + SA_QUERY_TRANSACTION_ID_LEN) {
    throw new SyntaxError(`Cannot parse SA Query: ${body.length} octets`);
  }
  return { action: body[1]!, transactionId: body.slice(2, 4) };
}

/** A Timeout Interval element giving the association comeback time in TUs. */
export function buildAssocComebackElement(tu: number): Uint8Array {
  const out = new Uint8Array(7);
  out[0] = TIMEOUT_INTERVAL_EID;
  out[1] = 5;
  out[2] = TIMEOUT_ASSOC_COMEBACK;
  new DataView(out.buffer).setUint32(3, tu >>> 0, true);
  return out;
}

/** Timing of the procedure, in TUs, as hostapd.conf gives it. */
export interface SaQueryTiming {
  /** `assoc_sa_query_retry_timeout`: between two requests (default 201). */
  retryTu: number;
  /** `assoc_sa_query_max_timeout`: the whole procedure (default 1000). */
  maxTu: number;
}

/** hostapd's defaults (`assoc_sa_query_retry_timeout=201`, `assoc_sa_query_max_timeout=1000`). */
export const DEFAULT_SA_QUERY_TIMING: SaQueryTiming = { retryTu: 201, maxTu: 1000 };

/**
 * One station's SA Query procedure: a request at once and every `retryTu`, each with a fresh
 * random transaction identifier, until a response names one of them or `maxTu` has passed.
 */
export class SaQueryProcedure {
  readonly #clock: Clock;
  readonly #timing: SaQueryTiming;
  readonly #send: (transactionId: Uint8Array) => void;
  readonly #log: (text: string) => void;
  #startedAt = 0;
  #sent: Uint8Array[] = [];
  #timer: TimerId | undefined;
  #timedOut = false;

  /**
   * @param clock timer source
   * @param timing retry and overall timeouts
   * @param send transmits an SA Query Request with this transaction identifier
   * @param log debug lines
   */
  constructor(
    clock: Clock,
    timing: SaQueryTiming,
    send: (transactionId: Uint8Array) => void,
    log: (text: string) => void = () => {},
  ) {
    this.#clock = clock;
    this.#timing = timing;
    this.#send = send;
    this.#log = log;
  }

  /** Requests are out and no answer or timeout has ended the procedure. */
  get pending(): boolean {
    return this.#sent.length > 0;
  }

  /** The last procedure ran out of time: the station lost its association. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Starts the procedure unless one is pending. */
  start(): void {
    if (this.pending) return;
    this.#timedOut = false;
    this.#startedAt = this.#clock.now();
    this.#attempt();
  }

  /**
   * Checks the overall timeout now (an association request may come before the timer does).
   *
   * @returns true when the procedure has timed out
   */
  checkTimeout(): boolean {
    if (this.pending && this.#clock.now() - this.#startedAt > this.#timing.maxTu * TU_MS) {
      this.#log("association SA Query timed out");
      this.#timedOut = true;
      this.stop();
    }
    return this.#timedOut;
  }

  /**
   * The association comeback time for a refused request: what is left of `maxTu` since the
   * procedure started, plus one TU for the timers (as hostapd computes it).
   */
  comebackTu(): number {
    const passed = Math.floor((this.#clock.now() - this.#startedAt) / TU_MS);
    const left = Math.max(0, this.#timing.maxTu - passed);
    return left < this.#timing.maxTu ? left + 1 : left;
  }

  /**
   * An SA Query Response arrived.
   *
   * @returns true when it answered one of this procedure's requests (which ends it)
   */
  onResponse(transactionId: Uint8Array): boolean {
    if (!this.#sent.some((t) => bytesEqual(t, transactionId))) return false;
    this.#log("Reply to pending SA Query received");
    this.stop();
    return true;
  }

  /** Ends the procedure without a verdict (the station left, or answered). */
  stop(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#sent = [];
  }

  #attempt(): void {
    this.#timer = undefined;
    if (this.#sent.length > 0 && this.checkTimeout()) return;
    const id = randomBytes(SA_QUERY_TRANSACTION_ID_LEN);
    this.#sent.push(id);
    this.#timer = this.#clock.setTimer(this.#timing.retryTu * TU_MS, () => this.#attempt());
    this.#log(`association SA Query attempt ${this.#sent.length}`);
    this.#send(id);
  }
}
