/**
 * Attribute writers for the nl80211 commands an AP sends (linux/nl80211.h command docs):
 * START_AP / SET_BEACON / STOP_AP, frame registration and transmission, stations and keys.
 * Each writes into an {@link NlAttrSink}, so the same code fills a libnl message or, in tests,
 * an in-memory attribute list. Pure.
 *
 * @module
 */

import type { NlAttrSink } from "./attributes.ts";
import {
  Nl80211Attr as A,
  Nl80211AuthType,
  Nl80211ChannelType,
  Nl80211HiddenSsid,
  Nl80211KeyType,
  Nl80211StaFlag,
} from "./nl80211_const.ts";

function u32Array(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint32(4 * i, x, true));
  return out;
}

function assertMac(mac: Uint8Array, what: string): void {
  if (mac.length !== 6) throw new RangeError(`${what} must be 6 bytes, got ${mac.length}`);
}

/** Beacon contents shared by START_AP and SET_BEACON. */
export interface BeaconData {
  /** The AP interface. */
  readonly ifindex: number;
  /** Beacon head: header, fixed fields, SSID, rates, DS Parameter Set. */
  readonly head: Uint8Array;
  /** Beacon tail: the elements after the TIM. */
  readonly tail: Uint8Array;
  /** Extra elements for every frame (NL80211_ATTR_IE), e.g. WPS. */
  readonly ies?: Uint8Array;
  /** Extra elements for Probe Responses (NL80211_ATTR_IE_PROBE_RESP). */
  readonly iesProbeResp?: Uint8Array;
  /** Extra elements for (Re)Association Responses (NL80211_ATTR_IE_ASSOC_RESP). */
  readonly iesAssocResp?: Uint8Array;
}

/** START_AP parameters: the beacon plus the BSS's security and channel. */
export interface StartApParams extends BeaconData {
  /** Beacon interval in TU. */
  readonly beaconInterval: number;
  /** DTIM period in beacons. */
  readonly dtimPeriod: number;
  /** The real SSID (the beacon may hide it). */
  readonly ssid: Uint8Array;
  /** Hidden SSID mode (default NOT_IN_USE). */
  readonly hiddenSsid?: number;
  /** Authentication algorithm (default OPEN_SYSTEM). */
  readonly authType?: number;
  /** Whether the BSS requires encryption (NL80211_ATTR_PRIVACY). */
  readonly privacy?: boolean;
  /** NL80211_WPA_VERSION_* bits. */
  readonly wpaVersions?: number;
  /** AKM suite selectors. */
  readonly akmSuites?: readonly number[];
  /** Pairwise cipher selectors. */
  readonly pairwiseCiphers?: readonly number[];
  /** Group cipher selector. */
  readonly groupCipher?: number;
  /** Channel centre frequency in MHz; omit to keep the interface's channel. */
  readonly frequency?: number;
  /** Legacy channel type (default NO_HT when a frequency is given). */
  readonly channelType?: number;
  /** NL80211_CHAN_WIDTH_*, with {@link centerFreq1} instead of a channel type (80 MHz). */
  readonly channelWidth?: number;
  /** Centre frequency (MHz) of the whole channel, with {@link channelWidth}. */
  readonly centerFreq1?: number;
  /** Seconds after which an idle station is dropped. */
  readonly inactivityTimeout?: number;
  /**
   * EAPOL through nl80211 (NL80211_ATTR_CONTROL_PORT_OVER_NL80211): received frames come as
   * CONTROL_PORT_FRAME events to the socket that sent START_AP, which becomes the AP's owner
   * (NL80211_ATTR_SOCKET_OWNER, also written).
   */
  readonly controlPortOverNl80211?: boolean;
}

/** Writes the beacon part (SET_BEACON, and the first half of START_AP). */
export function putBeaconData(s: NlAttrSink, p: BeaconData): void {
  s.u32(A.IFINDEX, p.ifindex);
  s.data(A.BEACON_HEAD, p.head);
  s.data(A.BEACON_TAIL, p.tail);
  if (p.ies) s.data(A.IE, p.ies);
  if (p.iesProbeResp) s.data(A.IE_PROBE_RESP, p.iesProbeResp);
  if (p.iesAssocResp) s.data(A.IE_ASSOC_RESP, p.iesAssocResp);
}

/**
 * Writes NL80211_CMD_START_AP attributes.
 *
 * @throws {RangeError} when the SSID is empty or longer than 32 bytes
 */
export function putStartAp(s: NlAttrSink, p: StartApParams): void {
  if (p.ssid.length < 1 || p.ssid.length > 32) {
    throw new RangeError(`SSID must be 1 to 32 bytes, got ${p.ssid.length}`);
  }
  putBeaconData(s, p);
  s.u32(A.BEACON_INTERVAL, p.beaconInterval);
  s.u32(A.DTIM_PERIOD, p.dtimPeriod);
  s.data(A.SSID, p.ssid);
  s.u32(A.HIDDEN_SSID, p.hiddenSsid ?? Nl80211HiddenSsid.NOT_IN_USE);
  s.u32(A.AUTH_TYPE, p.authType ?? Nl80211AuthType.OPEN_SYSTEM);
  if (p.privacy) s.flag(A.PRIVACY);
  if (p.wpaVersions) s.u32(A.WPA_VERSIONS, p.wpaVersions);
  if (p.akmSuites?.length) s.data(A.AKM_SUITES, u32Array(p.akmSuites));
  if (p.pairwiseCiphers?.length) s.data(A.CIPHER_SUITES_PAIRWISE, u32Array(p.pairwiseCiphers));
  if (p.groupCipher !== undefined) s.u32(A.CIPHER_SUITE_GROUP, p.groupCipher);
  if (p.frequency !== undefined) {
    s.u32(A.WIPHY_FREQ, p.frequency);
    // A width the legacy channel types cannot say (80 MHz) goes as width and centre instead.
    if (p.channelWidth !== undefined && p.centerFreq1 !== undefined) {
      s.u32(A.CHANNEL_WIDTH, p.channelWidth);
      s.u32(A.CENTER_FREQ1, p.centerFreq1);
    } else {
      s.u32(A.WIPHY_CHANNEL_TYPE, p.channelType ?? Nl80211ChannelType.NO_HT);
    }
  }
  if (p.inactivityTimeout !== undefined) s.u16(A.INACTIVITY_TIMEOUT, p.inactivityTimeout);
  if (p.controlPortOverNl80211) {
    s.flag(A.SOCKET_OWNER);
    s.flag(A.CONTROL_PORT_OVER_NL80211);
  }
}

/** Writes NL80211_CMD_SET_INTERFACE attributes that change the interface type. */
export function putSetInterfaceType(s: NlAttrSink, ifindex: number, iftype: number): void {
  s.u32(A.IFINDEX, ifindex);
  s.u32(A.IFTYPE, iftype);
}

/**
 * Writes NL80211_CMD_TRIGGER_SCAN attributes: a passive scan (no SSIDs) of `frequencies` on
 * the interface.
 */
export function putTriggerScan(
  s: NlAttrSink,
  ifindex: number,
  frequencies: readonly number[],
): void {
  s.u32(A.IFINDEX, ifindex);
  s.nested(A.SCAN_FREQUENCIES, (n) => frequencies.forEach((f, i) => n.u32(i + 1, f)));
}

/** The BSS parameters hostapd keeps in step with its beacon (NL80211_CMD_SET_BSS). */
export interface BssParams {
  /** ERP Use Protection: a non-ERP station is associated. */
  ctsProtection: boolean;
  /** The short preamble is configured and every associated station supports it. */
  shortPreamble: boolean;
  /** 2.4 GHz 802.11g: every associated station supports the short slot time; else unset. */
  shortSlotTime?: boolean;
  /** Basic rates in 500 kb/s units. */
  basicRates: Uint8Array;
  /**
   * An HT BSS's HT Operation Mode field (the protection the beacon advertises): drivers that
   * protect the AP's own frames read it from here, not from the beacon.
   */
  htOpMode?: number;
}

/** Writes NL80211_CMD_SET_BSS attributes for {@link BssParams}. */
export function putBssParams(s: NlAttrSink, ifindex: number, p: BssParams): void {
  s.u32(A.IFINDEX, ifindex);
  s.u8(A.BSS_CTS_PROT, p.ctsProtection ? 1 : 0);
  s.u8(A.BSS_SHORT_PREAMBLE, p.shortPreamble ? 1 : 0);
  if (p.shortSlotTime !== undefined) s.u8(A.BSS_SHORT_SLOT_TIME, p.shortSlotTime ? 1 : 0);
  s.data(A.BSS_BASIC_RATES, p.basicRates);
  if (p.htOpMode !== undefined) s.u16(A.BSS_HT_OPMODE, p.htOpMode);
}

/**
 * Writes NL80211_CMD_SET_BSS attributes for `ap_isolate`: whether the kernel keeps frames
 * between stations of the BSS from being forwarded to each other.
 */
export function putApIsolate(s: NlAttrSink, ifindex: number, isolate: boolean): void {
  s.u32(A.IFINDEX, ifindex);
  s.u8(A.AP_ISOLATE, isolate ? 1 : 0);
}

/**
 * Writes NL80211_CMD_NEW_INTERFACE attributes: a further interface of type `iftype` named
 * `ifname` on `wiphy`, with the address `mac` (a secondary BSS of a radio).
 */
export function putNewInterface(
  s: NlAttrSink,
  wiphy: number,
  ifname: string,
  iftype: number,
  mac: Uint8Array,
): void {
  s.u32(A.WIPHY, wiphy);
  s.string(A.IFNAME, ifname);
  s.u32(A.IFTYPE, iftype);
  s.data(A.MAC, mac);
}

/**
 * Writes NL80211_CMD_REGISTER_FRAME attributes: deliver management frames whose Frame Control
 * equals `frameType` and whose body starts with `match` (empty matches all) to this socket.
 */
export function putRegisterFrame(
  s: NlAttrSink,
  ifindex: number,
  frameType: number,
  match: Uint8Array = new Uint8Array(0),
): void {
  s.u32(A.IFINDEX, ifindex);
  s.u16(A.FRAME_TYPE, frameType);
  s.data(A.FRAME_MATCH, match);
}

/** Options for NL80211_CMD_FRAME. */
export interface FrameTxOptions {
  /** Channel to send on (MHz); omitted means the operating channel. */
  readonly frequency?: number;
  /** Do not wait for (or report) the peer's ACK. */
  readonly noAck?: boolean;
  /** Allow sending off the operating channel. */
  readonly offchannel?: boolean;
}

/** Writes NL80211_CMD_FRAME attributes to transmit a management frame. */
export function putFrame(
  s: NlAttrSink,
  ifindex: number,
  frame: Uint8Array,
  o: FrameTxOptions = {},
): void {
  s.u32(A.IFINDEX, ifindex);
  if (o.frequency !== undefined) s.u32(A.WIPHY_FREQ, o.frequency);
  if (o.noAck) s.flag(A.DONT_WAIT_FOR_ACK);
  if (o.offchannel) s.flag(A.OFFCHANNEL_TX_OK);
  s.data(A.FRAME, frame);
}

/** Options for NL80211_CMD_CONTROL_PORT_FRAME. */
export interface ControlPortTxOptions {
  /** EtherType (default 0x888e, EAPOL). */
  readonly etherType?: number;
  /** Send unencrypted even when the station has a key (NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT). */
  readonly noEncrypt?: boolean;
  /** Do not report TX status. */
  readonly noAck?: boolean;
}

/**
 * Writes NL80211_CMD_CONTROL_PORT_FRAME attributes: `payload` (an EAPOL frame, no Ethernet
 * header) to `dest` over the control port.
 *
 * @throws {RangeError} on a bad MAC
 */
export function putControlPortFrame(
  s: NlAttrSink,
  ifindex: number,
  dest: Uint8Array,
  payload: Uint8Array,
  o: ControlPortTxOptions = {},
): void {
  assertMac(dest, "Destination MAC");
  s.u32(A.IFINDEX, ifindex);
  s.data(A.FRAME, payload);
  s.data(A.MAC, dest);
  s.u16(A.CONTROL_PORT_ETHERTYPE, o.etherType ?? 0x888e);
  if (o.noEncrypt) s.flag(A.CONTROL_PORT_NO_ENCRYPT);
  if (o.noAck) s.flag(A.DONT_WAIT_FOR_ACK);
}

/** Station flags to change: each `true`/`false` sets or clears the flag; absent leaves it. */
export type StaFlags = Partial<Record<keyof typeof Nl80211StaFlag, boolean>>;

/** `struct nl80211_sta_flag_update` (mask, set) for NL80211_ATTR_STA_FLAGS2. */
export function staFlagUpdate(flags: StaFlags): Uint8Array {
  let mask = 0;
  let set = 0;
  // for..in, not Object.entries: no array of pairs for each station's SET_STATION.
  for (const name in flags) {
    const on = flags[name as keyof StaFlags];
    if (on === undefined) continue;
    const bit = 1 << Nl80211StaFlag[name as keyof typeof Nl80211StaFlag];
    mask |= bit;
    if (on) set |= bit;
  }
  const out = new Uint8Array(8);
  const v = new DataView(out.buffer);
  v.setUint32(0, mask, true);
  v.setUint32(4, set, true);
  return out;
}

/** NEW_STATION / SET_STATION parameters. */
export interface StationParams {
  /** The AP interface. */
  readonly ifindex: number;
  /** The station's MAC. */
  readonly mac: Uint8Array;
  /** Association ID (NEW_STATION). */
  readonly aid?: number;
  /** Listen interval from the Association Request. */
  readonly listenInterval?: number;
  /** Supported rates (500 kb/s units) from the Association Request. */
  readonly supportedRates?: Uint8Array;
  /** Capability Information from the Association Request. */
  readonly capability?: number;
  /** HT Capabilities element body. */
  readonly htCapability?: Uint8Array;
  /** VHT Capabilities element body (NL80211_ATTR_VHT_CAPABILITY). */
  readonly vhtCapability?: Uint8Array;
  /** Flags to change. */
  readonly flags?: StaFlags;
}

/** Writes NEW_STATION or SET_STATION attributes. @throws {RangeError} on a bad MAC */
export function putStation(s: NlAttrSink, p: StationParams): void {
  assertMac(p.mac, "Station MAC");
  s.u32(A.IFINDEX, p.ifindex);
  s.data(A.MAC, p.mac);
  if (p.aid !== undefined) s.u16(A.STA_AID, p.aid);
  if (p.listenInterval !== undefined) s.u16(A.STA_LISTEN_INTERVAL, p.listenInterval);
  if (p.supportedRates) s.data(A.STA_SUPPORTED_RATES, p.supportedRates);
  if (p.capability !== undefined) s.u16(A.STA_CAPABILITY, p.capability);
  if (p.htCapability) s.data(A.HT_CAPABILITY, p.htCapability);
  if (p.vhtCapability) s.data(A.VHT_CAPABILITY, p.vhtCapability);
  if (p.flags) s.data(A.STA_FLAGS2, staFlagUpdate(p.flags));
}

/**
 * Writes the interface and the station's address: all that NL80211_CMD_GET_STATION and
 * NL80211_CMD_PROBE_CLIENT take.
 */
export function putStationAddr(s: NlAttrSink, ifindex: number, mac: Uint8Array): void {
  assertMac(mac, "Station MAC");
  s.u32(A.IFINDEX, ifindex);
  s.data(A.MAC, mac);
}

/** Writes DEL_STATION attributes (all stations when `mac` is omitted). */
export function putDelStation(
  s: NlAttrSink,
  ifindex: number,
  mac?: Uint8Array,
  reasonCode?: number,
): void {
  s.u32(A.IFINDEX, ifindex);
  if (mac) {
    assertMac(mac, "Station MAC");
    s.data(A.MAC, mac);
  }
  if (reasonCode !== undefined) s.u16(A.REASON_CODE, reasonCode);
}

/** NEW_KEY parameters: a pairwise key when `mac` is given, else a group key. */
export interface KeyParams {
  /** The AP interface. */
  readonly ifindex: number;
  /** Key index (0 for pairwise, 1-3 for group, 4-5 for an IGTK). */
  readonly index: number;
  /** Cipher suite selector. */
  readonly cipher: number;
  /** The temporal key. */
  readonly key: Uint8Array;
  /** Receive sequence counter (6 bytes for CCMP/TKIP). */
  readonly seq?: Uint8Array;
  /** The station, for a pairwise key. */
  readonly mac?: Uint8Array;
}

/** Writes NL80211_CMD_NEW_KEY attributes (nested NL80211_ATTR_KEY form is not needed). */
export function putNewKey(s: NlAttrSink, p: KeyParams): void {
  s.u32(A.IFINDEX, p.ifindex);
  s.u8(A.KEY_IDX, p.index);
  s.u32(A.KEY_CIPHER, p.cipher);
  s.data(A.KEY_DATA, p.key);
  if (p.seq) s.data(A.KEY_SEQ, p.seq);
  if (p.mac) {
    assertMac(p.mac, "Key MAC");
    s.data(A.MAC, p.mac);
    s.u32(A.KEY_TYPE, Nl80211KeyType.PAIRWISE);
  } else {
    s.u32(A.KEY_TYPE, Nl80211KeyType.GROUP);
  }
}

/** Writes NL80211_CMD_GET_KEY attributes for the group key at `index`. */
export function putGetGroupKey(s: NlAttrSink, ifindex: number, index: number): void {
  s.u32(A.IFINDEX, ifindex);
  s.u8(A.KEY_IDX, index);
}

/**
 * Writes NL80211_CMD_SET_KEY attributes that make group key `index` the default TX key, or with
 * `mgmt` IGTK `index` the default management (BIP) key.
 */
export function putSetDefaultKey(
  s: NlAttrSink,
  ifindex: number,
  index: number,
  mgmt = false,
): void {
  s.u32(A.IFINDEX, ifindex);
  s.u8(A.KEY_IDX, index);
  s.flag(mgmt ? A.KEY_DEFAULT_MGMT : A.KEY_DEFAULT);
}

/**
 * Writes NL80211_CMD_REQ_SET_REG attributes: ask the kernel for a country's regulatory domain.
 *
 * @throws {RangeError} unless `alpha2` is two upper-case letters (or "00", the world domain)
 */
export function putReqSetReg(s: NlAttrSink, alpha2: string): void {
  if (!/^(?:[A-Z]{2}|00)$/.test(alpha2)) {
    throw new RangeError(`Cannot request regulatory domain "${alpha2}"`);
  }
  s.string(A.REG_ALPHA2, alpha2);
}
