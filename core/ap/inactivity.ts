/**
 * What the AP does about a station that has gone quiet (hostapd.conf `ap_max_inactivity`,
 * `skip_inactivity_poll`): a station that walked out of range or was switched off sends no
 * Deauthentication, so without this it would keep its table entry, AID and kernel entry forever.
 *
 * When a station's timer fires, the kernel's inactive time for it decides, as in hostapd 2.10:
 * active within the limit, the timer is set for the rest of it plus a random 0 to 19 s (so idle
 * stations are not all checked at once). Otherwise the AP polls it with a null data frame (unless
 * `skip_inactivity_poll=1`) and looks again {@link POLL_WAIT_S} later; a station that neither
 * acknowledged the poll nor sent anything, or that the kernel no longer has, is disassociated
 * (reason 4, inactivity; the port closes with `AP-STA-DISCONNECTED`) and deauthenticated and
 * forgotten {@link DEAUTH_DELAY_S} after that. A station that is authenticated but not associated (it
 * never associated, or it left with a Disassociation) is deauthenticated and forgotten
 * {@link AUTH_ONLY_LIMIT_S} after that began.
 *
 * @module
 */

/** Seconds from the poll to the second look (hostapd's disassociation delay). */
export const POLL_WAIT_S = 3;
/** Seconds from the inactivity disassociation to the deauthentication. */
export const DEAUTH_DELAY_S = 1;
/**
 * Seconds an authenticated station may stay unassociated (hostapd keeps a station that sent a
 * Disassociation this long). tsapd also applies it to stations that never associated, where
 * hostapd waits `ap_max_inactivity`: Authentication frames from made-up addresses then fill at
 * most what arrives in 30 s of the table, not 300 s.
 */
export const AUTH_ONLY_LIMIT_S = 30;
/** hostapd's `ap_max_inactivity` default (seconds). */
export const DEFAULT_MAX_INACTIVITY_S = 300;
/** The random seconds added to the wait after activity are below this. */
export const FUZZ_RANGE_S = 20;

/** What the station's timer does next, as STA prints it (`timeout_next=`). */
export type InactivityNext = "NULLFUNC POLL" | "DISASSOC" | "DEAUTH";

/** The inactivity policy of a BSS. */
export interface InactivityPolicy {
  /** `ap_max_inactivity` (seconds). */
  maxSeconds: number;
  /** `skip_inactivity_poll=1`: disassociate without polling first. */
  skipPoll: boolean;
}

/** A station's side of the decision when its timer fires. */
export interface InactivityFacts {
  /** The station is associated. */
  associated: boolean;
  /** What the timer was set to do. */
  next: InactivityNext;
  /** A poll was sent and not yet acknowledged. */
  pendingPoll: boolean;
  /** Seconds since the kernel last heard from the station; undefined when it does not know it. */
  inactiveSeconds: number | undefined;
  /** Random seconds (0 to FUZZ_RANGE_S - 1) added when the station was active. */
  fuzzSeconds: number;
}

/** What to do, and when the timer fires next (seconds), where it does. */
export type InactivityAction =
  | { kind: "wait"; seconds: number }
  | { kind: "poll"; seconds: number }
  | { kind: "disassociate"; seconds: number }
  | { kind: "deauthenticate" };

/**
 * Decides what a station's expired inactivity timer does.
 *
 * @param s the station's state
 * @param policy the BSS's limits
 * @returns the action; the caller sets `next` to match ("wait" and "poll" keep or set
 *   "NULLFUNC POLL" / "DISASSOC", "disassociate" sets "DEAUTH")
 * @example
 * ```ts
 * import { decideInactivity } from "./inactivity.ts";
 * const policy = { maxSeconds: 300, skipPoll: false };
 * const facts = { associated: true, pendingPoll: false, inactiveSeconds: 20, fuzzSeconds: 5 };
 * decideInactivity({ ...facts, next: "NULLFUNC POLL" }, policy); // { kind: "wait", seconds: 285 }
 * ```
 */
export function decideInactivity(s: InactivityFacts, policy: InactivityPolicy): InactivityAction {
  if (s.next === "DEAUTH" || !s.associated) return { kind: "deauthenticate" };
  const inactive = s.inactiveSeconds;
  // Nothing left in the kernel to poll: straight to the disassociation.
  if (inactive === undefined) return { kind: "disassociate", seconds: DEAUTH_DELAY_S };
  if (inactive < policy.maxSeconds) {
    return { kind: "wait", seconds: Math.max(1, policy.maxSeconds + s.fuzzSeconds - inactive) };
  }
  if (s.next === "NULLFUNC POLL" && !policy.skipPoll) return { kind: "poll", seconds: POLL_WAIT_S };
  // The poll was acknowledged, though the kernel's inactive time did not move: still there.
  if (s.next === "DISASSOC" && !s.pendingPoll && !policy.skipPoll) {
    return { kind: "wait", seconds: policy.maxSeconds };
  }
  return { kind: "disassociate", seconds: DEAUTH_DELAY_S };
}
