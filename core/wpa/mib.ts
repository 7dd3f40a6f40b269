/**
 * The WPA authenticator's part of the control interface's `MIB` reply, in hostapd 2.10's
 * words (its wpa_get_mib): the RSNA configuration of the BSS, the suites the last station
 * that associated with an RSN element selected, the 4-way handshake failures, and the group
 * key state. A BSS without WPA has none of it.
 *
 * @module
 */

/** What the authenticator counts for MIB. */
export interface WpaMibCounters {
  /** AKM suite of the last station accepted with an RSN element (0 before any). */
  akmSelected: number;
  /** Its pairwise cipher suite. */
  pairwiseSelected: number;
  /** Its group cipher suite. */
  groupSelected: number;
  /** 4-way handshakes that ran out of retries. */
  fourWayFailures: number;
}

/** Counters of an authenticator no station has met. */
export const NO_WPA_MIB_COUNTERS: Readonly<WpaMibCounters> = {
  akmSelected: 0,
  pairwiseSelected: 0,
  groupSelected: 0,
  fourWayFailures: 0,
};

/** The configuration MIB shows. */
export interface WpaMibConfig {
  /** `wpa` (bit 1: WPA2/RSN). */
  wpa: number;
  /** `rsn_preauth`. */
  preauth: boolean;
  /** `wpa_strict_rekey`. */
  strictRekey: boolean;
  /** `wpa_group_update_count`. */
  groupUpdateCount: number;
  /** `wpa_pairwise_update_count`. */
  pairwiseUpdateCount: number;
  /** The group cipher's name (CCMP, TKIP, GCMP, CCMP-256, GCMP-256). */
  groupCipher: string;
}

/** hostapd's wpa_group_state of a group key handshake that is done (WPA_GROUP_SETKEYSDONE). */
export const WPA_GROUP_SETKEYSDONE = 2;

/** Key lengths in octets of the group ciphers (wpa_cipher_key_len). */
const KEY_LEN: Record<string, number> = {
  "CCMP": 16,
  "GCMP": 16,
  "TKIP": 32,
  "CCMP-256": 32,
  "GCMP-256": 32,
};

/** `00-0f-ac-4`: a suite selector as hostapd's RSN_SUITE prints it. */
export function suiteSelectorText(suite: number): string {
  const hex = (v: number) => v.toString(16).padStart(2, "0");
  return `${hex((suite >>> 24) & 0xff)}-${hex((suite >>> 16) & 0xff)}-${
    hex((suite >>> 8) & 0xff)
  }-${suite & 0xff}`;
}

/**
 * The WPA lines of `MIB`.
 *
 * @param c the BSS's configuration
 * @param n the authenticator's counters
 * @param groupState hostapd's wpa_group_state number
 * @returns the lines, each ending in `\n`
 * @example
 * ```ts
 * import { formatWpaMib, NO_WPA_MIB_COUNTERS } from "./mib.ts";
 * const c = { wpa: 2, preauth: false, strictRekey: false, groupUpdateCount: 4,
 *   pairwiseUpdateCount: 4, groupCipher: "CCMP" };
 * formatWpaMib(c, NO_WPA_MIB_COUNTERS).startsWith("dot11RSNAOptionImplemented=TRUE\n"); // true
 * ```
 */
export function formatWpaMib(
  c: WpaMibConfig,
  n: WpaMibCounters,
  groupState = WPA_GROUP_SETKEYSDONE,
): string {
  const bool = (v: boolean) => (v ? "TRUE" : "FALSE");
  const s = suiteSelectorText;
  return [
    "dot11RSNAOptionImplemented=TRUE",
    "dot11RSNAPreauthenticationImplemented=TRUE",
    `dot11RSNAEnabled=${bool((c.wpa & 2) !== 0)}`,
    `dot11RSNAPreauthenticationEnabled=${bool(c.preauth)}`,
    "dot11RSNAConfigVersion=1",
    "dot11RSNAConfigPairwiseKeysSupported=9999",
    `dot11RSNAConfigGroupRekeyStrict=${c.strictRekey ? 1 : 0}`,
    `dot11RSNAConfigGroupUpdateCount=${c.groupUpdateCount}`,
    `dot11RSNAConfigPairwiseUpdateCount=${c.pairwiseUpdateCount}`,
    `dot11RSNAConfigGroupCipherSize=${(KEY_LEN[c.groupCipher] ?? 0) * 8}`,
    "dot11RSNAConfigPMKLifetime=43200",
    "dot11RSNAConfigPMKReauthThreshold=70",
    "dot11RSNAConfigNumberOfPTKSAReplayCounters=0",
    "dot11RSNAConfigSATimeout=60",
    `dot11RSNAAuthenticationSuiteSelected=${s(n.akmSelected)}`,
    `dot11RSNAPairwiseCipherSelected=${s(n.pairwiseSelected)}`,
    `dot11RSNAGroupCipherSelected=${s(n.groupSelected)}`,
    `dot11RSNAPMKIDUsed=${"0".repeat(32)}`,
    "dot11RSNAAuthenticationSuiteRequested=00-00-00-0",
    "dot11RSNAPairwiseCipherRequested=00-00-00-0",
    "dot11RSNAGroupCipherRequested=00-00-00-0",
    "dot11RSNATKIPCounterMeasuresInvoked=0",
    `dot11RSNA4WayHandshakeFailures=${n.fourWayFailures}`,
    "dot11RSNAConfigNumberOfGTKSAReplayCounters=0",
    `hostapdWPAGroupState=${groupState}`,
  ].map((l) => `${l}\n`).join("");
}
