/**
 * nl80211 numbers the daemon uses, generated from the kernel UAPI header linux/nl80211.h
 * (Debian linux-libc-dev, kernel 6.1 series) by compiling a program that prints each enum value,
 * so none is counted by hand. The values are ABI: the kernel never renumbers them.
 *
 * @module
 */

/** Generic netlink family name of nl80211 (NL80211_GENL_NAME). */
export const NL80211_GENL_NAME = "nl80211";

/** nl80211 multicast group names (NL80211_MULTICAST_GROUP_*). */
export const Nl80211Group = {
  CONFIG: "config",
  SCAN: "scan",
  REG: "regulatory",
  MLME: "mlme",
  VENDOR: "vendor",
} as const;

/** nl80211 commands and events (`enum nl80211_commands`). */
export const Nl80211Cmd = {
  GET_WIPHY: 1,
  SET_WIPHY: 2,
  NEW_WIPHY: 3,
  DEL_WIPHY: 4,
  GET_INTERFACE: 5,
  SET_INTERFACE: 6,
  NEW_INTERFACE: 7,
  DEL_INTERFACE: 8,
  GET_KEY: 9,
  SET_KEY: 10,
  NEW_KEY: 11,
  DEL_KEY: 12,
  SET_BEACON: 14,
  START_AP: 15,
  STOP_AP: 16,
  GET_STATION: 17,
  SET_STATION: 18,
  NEW_STATION: 19,
  DEL_STATION: 20,
  SET_BSS: 25,
  REQ_SET_REG: 27,
  GET_REG: 31,
  GET_SCAN: 32,
  GET_SURVEY: 50,
  TRIGGER_SCAN: 33,
  NEW_SCAN_RESULTS: 34,
  SCAN_ABORTED: 35,
  REG_CHANGE: 36,
  AUTHENTICATE: 37,
  ASSOCIATE: 38,
  DEAUTHENTICATE: 39,
  DISASSOCIATE: 40,
  MICHAEL_MIC_FAILURE: 41,
  CONNECT: 46,
  ROAM: 47,
  DISCONNECT: 48,
  SET_WIPHY_NETNS: 49,
  REGISTER_FRAME: 58,
  FRAME: 59,
  FRAME_TX_STATUS: 60,
  SET_CHANNEL: 65,
  NOTIFY_CQM: 64,
  UNEXPECTED_FRAME: 83,
  PROBE_CLIENT: 84,
  UNEXPECTED_4ADDR_FRAME: 86,
  CH_SWITCH_NOTIFY: 88,
  CONN_FAILED: 91,
  FRAME_WAIT_CANCEL: 67,
  GET_PROTOCOL_FEATURES: 95,
  SET_QOS_MAP: 104,
  CH_SWITCH_STARTED_NOTIFY: 110,
  CONTROL_PORT_FRAME: 129,
  STA_OPMODE_CHANGED: 128,
  CONTROL_PORT_FRAME_TX_STATUS: 139,
} as const;
/** nl80211 top-level attributes (`enum nl80211_attrs`). */
export const Nl80211Attr = {
  WIPHY: 1,
  WIPHY_NAME: 2,
  IFINDEX: 3,
  IFNAME: 4,
  IFTYPE: 5,
  MAC: 6,
  KEY_DATA: 7,
  KEY_IDX: 8,
  KEY_CIPHER: 9,
  KEY_SEQ: 10,
  KEY_DEFAULT: 11,
  BEACON_INTERVAL: 12,
  DTIM_PERIOD: 13,
  BEACON_HEAD: 14,
  BEACON_TAIL: 15,
  STA_AID: 16,
  STA_FLAGS: 17,
  STA_LISTEN_INTERVAL: 18,
  STA_SUPPORTED_RATES: 19,
  STA_VLAN: 20,
  STA_INFO: 21,
  WIPHY_BANDS: 22,
  BSS_CTS_PROT: 28,
  BSS_SHORT_PREAMBLE: 29,
  BSS_SHORT_SLOT_TIME: 30,
  HT_CAPABILITY: 31,
  SUPPORTED_IFTYPES: 32,
  REG_ALPHA2: 33,
  BSS_BASIC_RATES: 36,
  WIPHY_FREQ: 38,
  WIPHY_CHANNEL_TYPE: 39,
  KEY_DEFAULT_MGMT: 40,
  MGMT_SUBTYPE: 41,
  IE: 42,
  GENERATION: 46,
  SSID: 52,
  AUTH_TYPE: 53,
  REASON_CODE: 54,
  KEY_TYPE: 55,
  CIPHER_SUITES: 57,
  FRAME: 51,
  CONTROL_PORT: 68,
  CIPHER_SUITES_PAIRWISE: 73,
  CIPHER_SUITE_GROUP: 74,
  WPA_VERSIONS: 75,
  AKM_SUITES: 76,
  STATUS_CODE: 72,
  PRIVACY: 70,
  KEY: 80,
  KEYS: 81,
  COOKIE: 88,
  CQM: 94,
  SCAN_FREQUENCIES: 44,
  BSS: 47,
  SURVEY_INFO: 84,
  DURATION: 87,
  ACK: 92,
  FRAME_MATCH: 91,
  FRAME_TYPE: 101,
  CONTROL_PORT_ETHERTYPE: 102,
  CONTROL_PORT_NO_ENCRYPT: 103,
  OFFCHANNEL_TX_OK: 108,
  BSS_HT_OPMODE: 109,
  AP_ISOLATE: 96,
  TX_FRAME_TYPES: 99,
  RX_FRAME_TYPES: 100,
  HIDDEN_SSID: 126,
  IE_PROBE_RESP: 127,
  IE_ASSOC_RESP: 128,
  STA_WME: 129,
  SUPPORTED_COMMANDS: 50,
  FEATURE_FLAGS: 143,
  DEVICE_AP_SME: 141,
  DONT_WAIT_FOR_ACK: 142,
  INACTIVITY_TIMEOUT: 150,
  RX_SIGNAL_DBM: 151,
  STA_CAPABILITY: 171,
  STA_EXT_CAPABILITY: 172,
  WDEV: 153,
  SPLIT_WIPHY_DUMP: 174,
  CHANNEL_WIDTH: 159,
  CENTER_FREQ1: 160,
  VHT_CAPABILITY: 157,
  SOCKET_OWNER: 204,
  EXT_FEATURES: 217,
  RXMGMT_FLAGS: 188,
  STA_FLAGS2: 67,
  CONTROL_PORT_OVER_NL80211: 264,
  PROBE_RESP: 145,
  TX_NO_CCK_RATE: 135,
  WIPHY_FREQ_OFFSET: 290,
} as const;
/** Interface types (`enum nl80211_iftype`). */
export const Nl80211Iftype = {
  UNSPECIFIED: 0,
  ADHOC: 1,
  STATION: 2,
  AP: 3,
  AP_VLAN: 4,
  WDS: 5,
  MONITOR: 6,
  MESH_POINT: 7,
  P2P_CLIENT: 8,
  P2P_GO: 9,
  P2P_DEVICE: 10,
  OCB: 11,
  NAN: 12,
} as const;
/** Station flags, bit numbers for NL80211_ATTR_STA_FLAGS2 (`enum nl80211_sta_flags`). */
export const Nl80211StaFlag = {
  AUTHORIZED: 1,
  SHORT_PREAMBLE: 2,
  WME: 3,
  MFP: 4,
  AUTHENTICATED: 5,
  TDLS_PEER: 6,
  ASSOCIATED: 7,
} as const;
/** Station information attributes nested in NL80211_ATTR_STA_INFO (`enum nl80211_sta_info`). */
export const Nl80211StaInfo = {
  INACTIVE_TIME: 1,
  RX_BYTES: 2,
  TX_BYTES: 3,
  SIGNAL: 7,
  TX_BITRATE: 8,
  RX_PACKETS: 9,
  TX_PACKETS: 10,
  RX_BITRATE: 14,
  CONNECTED_TIME: 16,
  STA_FLAGS: 17,
  RX_BYTES64: 23,
  TX_BYTES64: 24,
  ACK_SIGNAL: 34,
} as const;
/** Rate attributes nested in a station's TX/RX bitrate (`enum nl80211_rate_info`). */
export const Nl80211RateInfo = {
  BITRATE: 1,
  MCS: 2,
  SHORT_GI: 4,
  BITRATE32: 5,
  VHT_MCS: 6,
  VHT_NSS: 7,
} as const;
/** Band attributes nested in NL80211_ATTR_WIPHY_BANDS (`enum nl80211_band_attr`). */
export const Nl80211BandAttr = {
  FREQS: 1,
  RATES: 2,
  HT_MCS_SET: 3,
  HT_CAPA: 4,
  HT_AMPDU_FACTOR: 5,
  HT_AMPDU_DENSITY: 6,
  VHT_MCS_SET: 7,
  VHT_CAPA: 8,
} as const;
/** enum nl80211_bss (inside NL80211_ATTR_BSS of a scan result). */
export const Nl80211BssAttr = {
  FREQUENCY: 2,
  INFORMATION_ELEMENTS: 6,
  BEACON_IES: 11,
} as const;

/** enum nl80211_attr_cqm (inside NL80211_ATTR_CQM). */
export const Nl80211CqmAttr = {
  /** u32: this many packets to the station in a row were not acknowledged. */
  PKT_LOSS_EVENT: 4,
} as const;

/** Frequency attributes nested in NL80211_BAND_ATTR_FREQS (`enum nl80211_frequency_attr`). */
export const Nl80211FreqAttr = {
  FREQ: 1,
  DISABLED: 2,
  NO_IR: 3,
  RADAR: 5,
  MAX_TX_POWER: 6,
} as const;
/** Survey attributes nested in NL80211_ATTR_SURVEY_INFO (`enum nl80211_survey_info`). */
export const Nl80211SurveyAttr = {
  FREQUENCY: 1,
  NOISE: 2,
  TIME: 4,
  TIME_BUSY: 5,
  TIME_TX: 8,
} as const;
/** Key attributes nested in NL80211_ATTR_KEY (`enum nl80211_key_attributes`). */
export const Nl80211KeyAttr = {
  DATA: 1,
  IDX: 2,
  CIPHER: 3,
  SEQ: 4,
  DEFAULT: 5,
  DEFAULT_MGMT: 6,
  TYPE: 7,
  DEFAULT_TYPES: 8,
} as const;
/** Key types (`enum nl80211_key_type`). */
export const Nl80211KeyType = {
  GROUP: 0,
  PAIRWISE: 1,
  PEERKEY: 2,
} as const;
/** Authentication types (`enum nl80211_auth_type`). */
export const Nl80211AuthType = {
  OPEN_SYSTEM: 0,
  SHARED_KEY: 1,
  FT: 2,
  NETWORK_EAP: 3,
  SAE: 4,
  AUTOMATIC: 8,
} as const;
/** Hidden SSID modes for START_AP (`enum nl80211_hidden_ssid`). */
export const Nl80211HiddenSsid = {
  NOT_IN_USE: 0,
  ZERO_LEN: 1,
  ZERO_CONTENTS: 2,
} as const;
/** Channel widths, prefixed W because names start with a digit (`enum nl80211_chan_width`). */
export const Nl80211ChanWidth = {
  W20_NOHT: 0,
  W20: 1,
  W40: 2,
  W80: 3,
  W80P80: 4,
  W160: 5,
} as const;
/** Legacy channel types (`enum nl80211_channel_type`). */
export const Nl80211ChannelType = {
  NO_HT: 0,
  HT20: 1,
  HT40MINUS: 2,
  HT40PLUS: 3,
} as const;
/** WPA version bits for NL80211_ATTR_WPA_VERSIONS (`enum nl80211_wpa_versions`). */
export const Nl80211WpaVersion = {
  V1: 1,
  V2: 2,
  V3: 4,
} as const;

const commandNames = new Map<number, string>(
  Object.entries(Nl80211Cmd).map(([k, v]) => [v, `NL80211_CMD_${k}`]),
);

/**
 * The header name of an nl80211 command, for errors and logs.
 *
 * @example Name a command
 * ```ts
 * import { nl80211CommandName, Nl80211Cmd } from "./nl80211_const.ts";
 * if (nl80211CommandName(Nl80211Cmd.START_AP) !== "NL80211_CMD_START_AP") throw new Error();
 * ```
 */
export function nl80211CommandName(cmd: number): string {
  return commandNames.get(cmd) ?? `NL80211_CMD_${cmd}`;
}

/** Cipher suite selectors (IEEE 802.11-2020 Table 9-149, OUI 00-0F-AC) as nl80211 u32 values. */
export const CipherSuite = {
  WEP40: 0x000fac01,
  TKIP: 0x000fac02,
  CCMP: 0x000fac04,
  WEP104: 0x000fac05,
  BIP_CMAC_128: 0x000fac06,
  GCMP: 0x000fac08,
  GCMP_256: 0x000fac09,
  CCMP_256: 0x000fac0a,
} as const;

/** AKM suite selectors (IEEE 802.11-2020 Table 9-151) as nl80211 u32 values. */
export const AkmSuite = {
  IEEE8021X: 0x000fac01,
  PSK: 0x000fac02,
  FT_PSK: 0x000fac04,
  PSK_SHA256: 0x000fac06,
  SAE: 0x000fac08,
} as const;
