/**
 * The contract between the WPA authenticator core and the daemon: the ports it drives
 * ({@link WpaHost}), its options as hostapd.conf names them, the reason codes it
 * deauthenticates with, and the per-station view the control interface reads.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { PskConfig } from "./psk.ts";
import type { RsnElement } from "./rsn_ie.ts";

/** 802.11 reason codes the authenticator deauthenticates with (IEEE 802.11-2020 Table 9-49). */
export const WpaReason = {
  PREV_AUTH_NOT_VALID: 2,
  FOURWAY_HANDSHAKE_TIMEOUT: 15,
  GROUP_KEY_UPDATE_TIMEOUT: 16,
  IE_IN_4WAY_DIFFERS: 17,
} as const;

/** The ports the authenticator drives; the daemon implements them over nl80211. */
export interface WpaHost {
  /** Sends an EAPOL frame (EAPOL header included) to a station. */
  sendEapol(mac: Uint8Array, frame: Uint8Array): void;
  /** Installs the pairwise TK of `cipher` for a station (the array is the host's to keep). */
  installPairwiseKey(mac: Uint8Array, tk: Uint8Array, cipher: number): void;
  /** Installs the GTK of `cipher` at a key index (the array is the host's to keep). */
  installGroupKey(keyIndex: number, gtk: Uint8Array, cipher: number): void;
  /**
   * Installs the IGTK of a BIP `cipher` at key index 4 or 5 and makes it the default
   * management key (the array is the host's to keep). Needed when the AP's RSN element says
   * MFPC.
   */
  installIntegrityGroupKey?(keyIndex: number, igtk: Uint8Array, cipher: number): void;
  /** Opens the station's controlled port. */
  authorize(mac: Uint8Array): void;
  /** Deauthenticates a station with an 802.11 reason code. */
  deauth(mac: Uint8Array, reason: number): void;
  /** Emits a control-interface event line (without the `<3>` level prefix). */
  emit(event: string): void;
  /**
   * Optional: the group key's transmit counter as the 8-octet Key RSC of msg 3/4 and group
   * msg 1/2, read from the driver as the frame is built (zeros for a key just installed).
   * Without it the Key RSC is zero, and a station joining late would accept a replay of the
   * group frames sent before it came.
   */
  groupKeyRsc?(keyIndex: number): Uint8Array;
}

/** Options of {@link WpaAuthenticator}; times as hostapd.conf gives them. */
export interface WpaAuthenticatorOptions {
  /** The BSSID (Authenticator Address). */
  bssid: Uint8Array;
  /** The AP's RSN element (beacons, msg 3/4); its AKMs must be PSK and/or PSK-SHA256. */
  rsn: RsnElement;
  /** Common and per-station PSKs. */
  psks: PskConfig;
  /** The I/O ports. */
  host: WpaHost;
  /** Timer source. */
  clock: Clock;
  /** Debug log. */
  logger?: Logger;
  /** `wpa_group_rekey` in seconds; 0 disables (hostapd default 86400). */
  groupRekeySeconds?: number;
  /** `wpa_ptk_rekey` in seconds; 0 disables (the default). */
  ptkRekeySeconds?: number;
  /** `wpa_pairwise_update_count`: sends of msg 1/4 and of msg 3/4 (default 4). */
  pairwiseUpdateCount?: number;
  /** `wpa_group_update_count`: sends of group msg 1/2 (default 4). */
  groupUpdateCount?: number;
  /**
   * `wpa_disable_eapol_key_retries`: msg 3/4 and group msg 1/2 are sent once, never again
   * (hostapd's KRACK workaround for stations that would reinstall a key), each then waited for
   * 4 s; default false.
   */
  disableKeyRetries?: boolean;
  /** `eapol_key_timeout_first` in ms, after the first msg 1/4 or 3/4 (default 100). */
  firstTimeoutMs?: number;
  /** `eapol_key_timeout_first_group` in ms, after the first group msg 1/2 (default 500). */
  firstGroupTimeoutMs?: number;
  /** `eapol_key_timeout_subseq` in ms, after each resend (default 1000). */
  subsequentTimeoutMs?: number;
  /** `eapol_version` of sent frames (default 2). */
  eapolVersion?: number;
  /**
   * `wpa_strict_rekey`: when a station that holds the GTK leaves, the others get a new one
   * within 0.5 s (default false).
   */
  strictRekey?: boolean;
}

/** Where a station's pairwise handshake stands. */
export type PairwiseState = "expectMsg2" | "expectMsg4" | "done";

/** Public view of one station, for the control interface. */
export interface WpaStationInfo {
  /** Pairwise handshake state. */
  state: PairwiseState;
  /** The port is open. */
  authorized: boolean;
  /** The AKM suite selector the station chose. */
  akm: number;
  /** The pairwise cipher suite selector the station chose. */
  pairwise: number;
  /** keyid of the matched `wpa_psk_file` entry. */
  keyid?: string;
  /** A group key handshake with the station is under way. */
  groupRekeying: boolean;
}
