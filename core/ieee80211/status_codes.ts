/**
 * 802.11 status and reason codes the AP sends (IEEE 802.11-2020 Table 9-50 and Table 9-49),
 * with the numbers hostapd uses for each situation.
 *
 * @module
 */

/** Status codes of Authentication and (Re)Association Response frames (Table 9-50). */
export const StatusCode = {
  SUCCESS: 0,
  UNSPECIFIED_FAILURE: 1,
  CAPS_UNSUPPORTED: 10,
  REASSOC_NO_ASSOC: 11,
  ASSOC_DENIED_UNSPEC: 12,
  NOT_SUPPORTED_AUTH_ALG: 13,
  UNKNOWN_AUTH_TRANSACTION: 14,
  CHALLENGE_FAIL: 15,
  AUTH_TIMEOUT: 16,
  AP_UNABLE_TO_HANDLE_NEW_STA: 17,
  ASSOC_DENIED_RATES: 18,
  ASSOC_REJECTED_TEMPORARILY: 30,
  INVALID_IE: 40,
  GROUP_CIPHER_NOT_VALID: 41,
  PAIRWISE_CIPHER_NOT_VALID: 42,
  AKMP_NOT_VALID: 43,
  UNSUPPORTED_RSN_IE_VERSION: 44,
  INVALID_RSN_IE_CAPAB: 45,
  ASSOC_DENIED_LISTEN_INT_TOO_LARGE: 51,
} as const;

/** Reason codes of Deauthentication and Disassociation frames (Table 9-49). */
export const ReasonCode = {
  UNSPECIFIED: 1,
  PREV_AUTH_NOT_VALID: 2,
  DEAUTH_LEAVING: 3,
  DISASSOC_DUE_TO_INACTIVITY: 4,
  DISASSOC_AP_BUSY: 5,
  CLASS2_FRAME_FROM_NONAUTH_STA: 6,
  CLASS3_FRAME_FROM_NONASSOC_STA: 7,
  DISASSOC_STA_HAS_LEFT: 8,
  STA_REQ_ASSOC_WITHOUT_AUTH: 9,
  INVALID_IE: 13,
  FOURWAY_HANDSHAKE_TIMEOUT: 15,
  IEEE_802_1X_AUTH_FAILED: 23,
  /** Too many frames to the station went unacknowledged (hostapd's WLAN_REASON_DISASSOC_LOW_ACK). */
  DISASSOC_LOW_ACK: 34,
} as const;
