/**
 * Constant tables of Wi-Fi Simple Configuration (WSC 2.0.5, section 12, "Data Element
 * Definitions"), as hostapd's wps_defs.h uses them (reference 5.11).
 *
 * @module
 */

/** Attribute types (WSC 2.0.5 table 28; reference 5.11.2). */
export const Attr = {
  AP_CHANNEL: 0x1001,
  ASSOC_STATE: 0x1002,
  AUTH_TYPE: 0x1003,
  AUTH_TYPE_FLAGS: 0x1004,
  AUTHENTICATOR: 0x1005,
  CONFIG_METHODS: 0x1008,
  CONFIG_ERROR: 0x1009,
  CONFIRM_URL4: 0x100a,
  CONFIRM_URL6: 0x100b,
  CONN_TYPE: 0x100c,
  CONN_TYPE_FLAGS: 0x100d,
  CRED: 0x100e,
  ENCR_TYPE: 0x100f,
  ENCR_TYPE_FLAGS: 0x1010,
  DEV_NAME: 0x1011,
  DEV_PASSWORD_ID: 0x1012,
  E_HASH1: 0x1014,
  E_HASH2: 0x1015,
  E_SNONCE1: 0x1016,
  E_SNONCE2: 0x1017,
  ENCR_SETTINGS: 0x1018,
  ENROLLEE_NONCE: 0x101a,
  FEATURE_ID: 0x101b,
  IDENTITY: 0x101c,
  IDENTITY_PROOF: 0x101d,
  KEY_WRAP_AUTH: 0x101e,
  KEY_ID: 0x101f,
  MAC_ADDR: 0x1020,
  MANUFACTURER: 0x1021,
  MSG_TYPE: 0x1022,
  MODEL_NAME: 0x1023,
  MODEL_NUMBER: 0x1024,
  NETWORK_INDEX: 0x1026,
  NETWORK_KEY: 0x1027,
  NETWORK_KEY_INDEX: 0x1028,
  NEW_DEVICE_NAME: 0x1029,
  NEW_PASSWORD: 0x102a,
  OOB_DEVICE_PASSWORD: 0x102c,
  OS_VERSION: 0x102d,
  POWER_LEVEL: 0x102f,
  PSK_CURRENT: 0x1030,
  PSK_MAX: 0x1031,
  PUBLIC_KEY: 0x1032,
  RADIO_ENABLE: 0x1033,
  REBOOT: 0x1034,
  REGISTRAR_CURRENT: 0x1035,
  REGISTRAR_ESTABLISHED: 0x1036,
  REGISTRAR_LIST: 0x1037,
  REGISTRAR_MAX: 0x1038,
  REGISTRAR_NONCE: 0x1039,
  REQUEST_TYPE: 0x103a,
  RESPONSE_TYPE: 0x103b,
  RF_BANDS: 0x103c,
  R_HASH1: 0x103d,
  R_HASH2: 0x103e,
  R_SNONCE1: 0x103f,
  R_SNONCE2: 0x1040,
  SELECTED_REGISTRAR: 0x1041,
  SERIAL_NUMBER: 0x1042,
  WPS_STATE: 0x1044,
  SSID: 0x1045,
  TOTAL_NETWORKS: 0x1046,
  UUID_E: 0x1047,
  UUID_R: 0x1048,
  VENDOR_EXT: 0x1049,
  VERSION: 0x104a,
  X509_CERT_REQ: 0x104b,
  X509_CERT: 0x104c,
  EAP_IDENTITY: 0x104d,
  MSG_COUNTER: 0x104e,
  PUBKEY_HASH: 0x104f,
  REKEY_KEY: 0x1050,
  KEY_LIFETIME: 0x1051,
  PERMITTED_CONFIG_METHODS: 0x1052,
  SELECTED_REGISTRAR_CONFIG_METHODS: 0x1053,
  PRIMARY_DEV_TYPE: 0x1054,
  SECONDARY_DEV_TYPE_LIST: 0x1055,
  PORTABLE_DEV: 0x1056,
  AP_SETUP_LOCKED: 0x1057,
  APPLICATION_EXT: 0x1058,
  EAP_TYPE: 0x1059,
  IV: 0x1060,
  KEY_PROVIDED_AUTO: 0x1061,
  DOT1X_ENABLED: 0x1062,
  APP_SESSION_KEY: 0x1063,
  WEP_TRANSMIT_KEY: 0x1064,
  REQUESTED_DEV_TYPE: 0x106a,
  /** hostapd-internal "extensibility test" attribute; not in the spec. */
  EXTENSIBILITY_TEST: 0x10fa,
} as const;

/** One of {@link Attr}'s values. */
export type AttrType = typeof Attr[keyof typeof Attr];

/** Human-readable attribute names, for logs and error messages. */
export const ATTR_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(Attr).map(([k, v]) => [v, k]),
);

/** Name of an attribute type, or its hex code when unknown. */
export function attrName(type: number): string {
  return ATTR_NAMES.get(type) ?? `0x${type.toString(16).padStart(4, "0")}`;
}

/** The Version attribute value every WSC 2.0 message still carries (WSC 2.0.5, 12; 0x10). */
export const WPS_VERSION = 0x10;
/** Version2 inside the WFA vendor extension (WSC 2.0.5, 12, "Version2"; hostapd sends 0x20). */
export const WPS_VERSION2 = 0x20;

/** Message Type values (WSC 2.0.5 table 34; reference 5.11.6). */
export const MsgType = {
  BEACON: 0x01,
  PROBE_REQUEST: 0x02,
  PROBE_RESPONSE: 0x03,
  M1: 0x04,
  M2: 0x05,
  M2D: 0x06,
  M3: 0x07,
  M4: 0x08,
  M5: 0x09,
  M6: 0x0a,
  M7: 0x0b,
  M8: 0x0c,
  WSC_ACK: 0x0d,
  WSC_NACK: 0x0e,
  WSC_DONE: 0x0f,
} as const;

const MSG_SHORT_NAMES: ReadonlyMap<number, string> = new Map([
  [MsgType.M1, "M1"],
  [MsgType.M2, "M2"],
  [MsgType.M2D, "M2D"],
  [MsgType.M3, "M3"],
  [MsgType.M4, "M4"],
  [MsgType.M5, "M5"],
  [MsgType.M6, "M6"],
  [MsgType.M7, "M7"],
  [MsgType.M8, "M8"],
  [MsgType.WSC_ACK, "ACK"],
  [MsgType.WSC_NACK, "NACK"],
  [MsgType.WSC_DONE, "Done"],
]);

/**
 * Short name of a registration message type for traces and logs (`M1`..`M8`, `M2D`, `ACK`,
 * `NACK`, `Done`), or its hex code for any other value.
 */
export function msgTypeName(type: number): string {
  return MSG_SHORT_NAMES.get(type) ?? `0x${type.toString(16).padStart(2, "0")}`;
}

/** One of {@link MsgType}'s values. */
export type MsgTypeValue = typeof MsgType[keyof typeof MsgType];

/** Config Methods bits (WSC 2.0.5 table 33; reference 5.11.4). */
export const ConfigMethod = {
  USBA: 0x0001,
  ETHERNET: 0x0002,
  LABEL: 0x0004,
  DISPLAY: 0x0008,
  EXT_NFC_TOKEN: 0x0010,
  INT_NFC_TOKEN: 0x0020,
  NFC_INTERFACE: 0x0040,
  PUSHBUTTON: 0x0080,
  KEYPAD: 0x0100,
  VIRT_PUSHBUTTON: 0x0280,
  PHY_PUSHBUTTON: 0x0480,
  P2PS: 0x1000,
  VIRT_DISPLAY: 0x2008,
  PHY_DISPLAY: 0x4008,
} as const;

/** Authentication Type bits (WSC 2.0.5 table 32; reference 5.11.5). */
export const AuthType = {
  OPEN: 0x0001,
  WPAPSK: 0x0002,
  /** Deprecated in WSC 2.0. */
  SHARED: 0x0004,
  WPA: 0x0008,
  WPA2: 0x0010,
  WPA2PSK: 0x0020,
} as const;

/** Encryption Type bits (WSC 2.0.5 table 31; reference 5.11.5). */
export const EncrType = {
  NONE: 0x0001,
  /** Deprecated in WSC 2.0. */
  WEP: 0x0002,
  TKIP: 0x0004,
  AES: 0x0008,
} as const;

/**
 * The Authentication Type Flags hostapd puts in M1, M2 and M2D whatever the AP runs
 * (wps_build_auth_type_flags: every type but WPA, WPA2 and Shared, as WPS cannot provision
 * Enterprise; reference 5.7 M2): OPEN | WPAPSK | WPA2PSK = 0x0023.
 */
export const WPS_AUTH_TYPE_FLAGS = AuthType.OPEN | AuthType.WPAPSK | AuthType.WPA2PSK;

/**
 * The Encryption Type Flags hostapd puts in M1, M2 and M2D (wps_build_encr_type_flags: every
 * type but WEP): NONE | TKIP | AES = 0x000D.
 */
export const WPS_ENCR_TYPE_FLAGS = EncrType.NONE | EncrType.TKIP | EncrType.AES;

/** Connection Type Flags (WSC 2.0.5, 12; reference 5.11.9). */
export const ConnTypeFlag = { ESS: 0x01, IBSS: 0x02 } as const;

/** Configuration Error codes (WSC 2.0.5 table 36; reference 5.11.7). */
export const ConfigError = {
  NO_ERROR: 0,
  OOB_IFACE_READ_ERROR: 1,
  DECRYPTION_CRC_FAILURE: 2,
  CHAN_24_NOT_SUPPORTED: 3,
  CHAN_50_NOT_SUPPORTED: 4,
  SIGNAL_TOO_WEAK: 5,
  NETWORK_AUTH_FAILURE: 6,
  NETWORK_ASSOC_FAILURE: 7,
  NO_DHCP_RESPONSE: 8,
  FAILED_DHCP_CONFIG: 9,
  IP_ADDR_CONFLICT: 10,
  NO_CONN_TO_REGISTRAR: 11,
  MULTIPLE_PBC_DETECTED: 12,
  ROGUE_SUSPECTED: 13,
  DEVICE_BUSY: 14,
  SETUP_LOCKED: 15,
  MSG_TIMEOUT: 16,
  REG_SESS_TIMEOUT: 17,
  DEV_PASSWORD_AUTH_FAILURE: 18,
  CHAN_60G_NOT_SUPPORTED: 19,
  PUBLIC_KEY_HASH_MISMATCH: 20,
} as const;

/** Device Password IDs (WSC 2.0.5 table 37; reference 5.11.8). */
export const DevPasswordId = {
  DEFAULT: 0x0000,
  USER_SPECIFIED: 0x0001,
  MACHINE_SPECIFIED: 0x0002,
  REKEY: 0x0003,
  PUSHBUTTON: 0x0004,
  REGISTRAR_SPECIFIED: 0x0005,
  NFC_CONNECTION_HANDOVER: 0x0007,
  P2PS_DEFAULT: 0x0008,
  /** First of the NFC password-token IDs (0x0010..0xFFFF). */
  NFC_TOKEN_MIN: 0x0010,
} as const;

/** RF Bands bits (WSC 2.0.5, 12; reference 5.11.9). */
export const RfBand = { BAND_24: 0x01, BAND_50: 0x02, BAND_60: 0x04 } as const;

/** Wi-Fi Protected Setup State (WSC 2.0.5, 12; reference 5.11.9). */
export const WpsState = { NOT_CONFIGURED: 1, CONFIGURED: 2 } as const;

/** Association State (WSC 2.0.5 table 30; reference 5.11.9). */
export const AssocState = {
  NOT_ASSOC: 0,
  CONN_SUCCESS: 1,
  CFG_FAILURE: 2,
  FAILURE: 3,
  IP_FAILURE: 4,
} as const;

/** Request Type (WSC 2.0.5, 12; reference 5.11.9). */
export const RequestType = {
  ENROLLEE_INFO: 0,
  ENROLLEE_OPEN_8021X: 1,
  REGISTRAR: 2,
  WLAN_MANAGER_REGISTRAR: 3,
} as const;

/** Response Type (WSC 2.0.5, 12; reference 5.11.9). */
export const ResponseType = { ENROLLEE_INFO: 0, ENROLLEE: 1, REGISTRAR: 2, AP: 3 } as const;

/** WFA's IEEE OUI as a 24-bit number: the Vendor Extension's vendor ID (reference 5.11.3). */
export const WFA_VENDOR_ID = 0x00372a;

/** Sub-element IDs of the WFA Vendor Extension (WSC 2.0.5 table 29; reference 5.11.3). */
export const WfaElem = {
  VERSION2: 0x00,
  AUTHORIZEDMACS: 0x01,
  NETWORK_KEY_SHAREABLE: 0x02,
  REQUEST_TO_ENROLL: 0x03,
  SETTINGS_DELAY_TIME: 0x04,
  REGISTRAR_CONFIGURATION_METHODS: 0x05,
  MULTI_AP: 0x06,
} as const;

/** Multi-AP extension bits (Multi-AP spec 5.2; hostapd's MULTI_AP_* values). */
export const MultiApBit = {
  TEAR_DOWN: 0x10,
  FRONTHAUL_BSS: 0x20,
  BACKHAUL_BSS: 0x40,
  BACKHAUL_STA: 0x80,
} as const;

/** Primary Device Type categories (WSC 2.0.5 table 41; reference 5.11.9). */
export const DevCategory = {
  COMPUTER: 1,
  INPUT: 2,
  PRINTER: 3,
  CAMERA: 4,
  STORAGE: 5,
  NETWORK_INFRA: 6,
  DISPLAY: 7,
  MULTIMEDIA: 8,
  GAMING: 9,
  TELEPHONE: 10,
  AUDIO: 11,
} as const;

/** The WPS OUI (00 50 F2 04) used in device types and the WPS vendor element (reference 7.1). */
export const WPS_OUI_TYPE = 0x0050f204;

/** Key sizes of the registration protocol (WSC 2.0.5, 7.4; reference 5.8). */
export const WpsSize = {
  NONCE: 16,
  SECRET_NONCE: 16,
  UUID: 16,
  HASH: 32,
  AUTHENTICATOR: 8,
  KWA: 8,
  AUTH_KEY: 32,
  KEY_WRAP_KEY: 16,
  EMSK: 32,
  PSK: 16,
  DH_PUBLIC_KEY: 192,
  IV: 16,
} as const;
