/**
 * Decoders for nl80211 replies and events (linux/nl80211.h): wiphys, interfaces, and the
 * "mlme" group events an AP acts on (received frames, TX status, station changes). Pure.
 *
 * @module
 */

import { NlAttrs } from "./attributes.ts";
import type { GenlMessage } from "./message.ts";
import {
  Nl80211Attr as A,
  Nl80211BandAttr,
  Nl80211BssAttr,
  Nl80211Cmd as C,
  Nl80211CqmAttr,
  Nl80211FreqAttr,
  Nl80211KeyAttr,
  Nl80211SurveyAttr,
} from "./nl80211_const.ts";

/** A band's HT capabilities (NL80211_BAND_ATTR_HT_*), for the AP's HT Capabilities element. */
export interface WiphyHt {
  /** Band index (`enum nl80211_band`: 0 2.4 GHz, 1 5 GHz, 2 60 GHz, 3 6 GHz). */
  band: number;
  /** HT Capability Information (NL80211_BAND_ATTR_HT_CAPA). */
  capa: number;
  /** Maximum A-MPDU length exponent (NL80211_BAND_ATTR_HT_AMPDU_FACTOR). */
  ampduFactor: number;
  /** Minimum MPDU start spacing (NL80211_BAND_ATTR_HT_AMPDU_DENSITY). */
  ampduDensity: number;
  /** Supported MCS Set, 16 octets (NL80211_BAND_ATTR_HT_MCS_SET). */
  mcsSet: Uint8Array;
  /** VHT Capabilities Information (NL80211_BAND_ATTR_VHT_CAPA), when the band has VHT. */
  vhtCapa?: number;
  /** Supported VHT-MCS and NSS Set, 8 octets (NL80211_BAND_ATTR_VHT_MCS_SET), with VHT. */
  vhtMcsSet?: Uint8Array;
}

/** A radio (`struct wiphy`), merged from the messages of a split dump. */
export interface WiphyInfo {
  /** NL80211_ATTR_WIPHY. */
  index: number;
  /** NL80211_ATTR_WIPHY_NAME, e.g. "phy0". */
  name: string;
  /** Interface types the radio supports (NL80211_ATTR_SUPPORTED_IFTYPES). */
  supportedIftypes: number[];
  /** Enabled channel centre frequencies in MHz, over all bands. */
  frequencies: number[];
  /** Cipher suite selectors (NL80211_ATTR_CIPHER_SUITES). */
  cipherSuites: number[];
  /** Commands the driver implements (NL80211_ATTR_SUPPORTED_COMMANDS). */
  supportedCommands: number[];
  /** Whether the driver runs the AP's MLME itself (NL80211_ATTR_DEVICE_AP_SME). */
  deviceApSme: boolean;
  /** Bands with HT, one entry per band. */
  htBands: WiphyHt[];
  /**
   * Highest transmit power of each enabled channel, in whole dBm by frequency in MHz
   * (NL80211_FREQUENCY_ATTR_MAX_TX_POWER is in mBm), as the regulatory domain allows.
   */
  maxTxPowerDbm: Map<number, number>;
  /**
   * Enabled frequencies where the AP may not initiate transmission by itself: NO_IR, or RADAR
   * (tsapd runs no radar detection). The kernel refuses to start an AP there.
   */
  restrictedFrequencies: number[];
}

function u32List(data: Uint8Array | undefined): number[] {
  if (!data) return [];
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= data.length; i += 4) out.push(v.getUint32(i, true));
  return out;
}

/**
 * Folds one NEW_WIPHY message into `into` (split dumps spread one wiphy over many messages).
 *
 * @returns the updated (or new) record, or undefined when the message names no wiphy
 */
export function mergeWiphy(attrs: NlAttrs, into?: WiphyInfo): WiphyInfo | undefined {
  const index = attrs.u32(A.WIPHY);
  if (index === undefined) return into;
  const w: WiphyInfo = into ?? {
    index,
    name: "",
    supportedIftypes: [],
    frequencies: [],
    cipherSuites: [],
    supportedCommands: [],
    deviceApSme: false,
    htBands: [],
    maxTxPowerDbm: new Map(),
    restrictedFrequencies: [],
  };
  w.name = attrs.string(A.WIPHY_NAME) ?? w.name;
  const ift = attrs.nested(A.SUPPORTED_IFTYPES);
  if (ift) w.supportedIftypes = ift.all().map(([t]) => t);
  for (const [index, payload] of attrs.nested(A.WIPHY_BANDS)?.all() ?? []) {
    const ht = htOfBand(index, new NlAttrs(payload));
    if (ht) w.htBands = [...w.htBands.filter((b) => b.band !== index), ht];
  }
  for (const band of attrs.nestedList(A.WIPHY_BANDS)) {
    for (const f of band.nestedList(Nl80211BandAttr.FREQS)) {
      const mhz = f.u32(Nl80211FreqAttr.FREQ);
      if (mhz === undefined || f.has(Nl80211FreqAttr.DISABLED)) continue;
      w.frequencies.push(mhz);
      if (f.has(Nl80211FreqAttr.NO_IR) || f.has(Nl80211FreqAttr.RADAR)) {
        w.restrictedFrequencies.push(mhz);
      }
      const mbm = f.u32(Nl80211FreqAttr.MAX_TX_POWER);
      if (mbm !== undefined) w.maxTxPowerDbm.set(mhz, Math.floor(mbm / 100));
    }
  }
  if (attrs.has(A.CIPHER_SUITES)) w.cipherSuites = u32List(attrs.data(A.CIPHER_SUITES));
  const cmds = attrs.nested(A.SUPPORTED_COMMANDS);
  if (cmds) {
    w.supportedCommands = cmds.all().flatMap(([, p]) => (p.length >= 4 ? u32List(p) : []));
  }
  if (attrs.has(A.DEVICE_AP_SME)) w.deviceApSme = true;
  return w;
}

function htOfBand(band: number, b: NlAttrs): WiphyHt | undefined {
  const capa = b.u16(Nl80211BandAttr.HT_CAPA);
  const mcsSet = b.data(Nl80211BandAttr.HT_MCS_SET);
  if (capa === undefined || mcsSet?.length !== 16) return undefined;
  const vhtCapa = b.u32(Nl80211BandAttr.VHT_CAPA);
  const vhtMcs = b.data(Nl80211BandAttr.VHT_MCS_SET);
  return {
    band,
    capa,
    ampduFactor: b.u8(Nl80211BandAttr.HT_AMPDU_FACTOR) ?? 0,
    ampduDensity: b.u8(Nl80211BandAttr.HT_AMPDU_DENSITY) ?? 0,
    mcsSet: mcsSet.slice(),
    ...(vhtCapa !== undefined && vhtMcs && vhtMcs.length >= 8
      ? { vhtCapa, vhtMcsSet: vhtMcs.slice(0, 8) }
      : {}),
  };
}

/** A network interface of a wiphy (NEW_INTERFACE reply). */
export interface InterfaceInfo {
  /** NL80211_ATTR_IFINDEX (0 for a P2P device without a netdev). */
  readonly ifindex: number;
  /** NL80211_ATTR_IFNAME. */
  readonly name: string;
  /** NL80211_ATTR_WIPHY. */
  readonly wiphy: number;
  /** NL80211_ATTR_IFTYPE. */
  readonly iftype: number;
  /** NL80211_ATTR_MAC. */
  readonly mac: Uint8Array;
  /** NL80211_ATTR_WDEV. */
  readonly wdev: bigint;
  /** NL80211_ATTR_WIPHY_FREQ, when the interface is on a channel. */
  readonly frequency: number | undefined;
}

/** Decodes a NEW_INTERFACE message. */
export function decodeInterface(attrs: NlAttrs): InterfaceInfo {
  return {
    ifindex: attrs.u32(A.IFINDEX) ?? 0,
    name: attrs.string(A.IFNAME) ?? "",
    wiphy: attrs.u32(A.WIPHY) ?? -1,
    iftype: attrs.u32(A.IFTYPE) ?? 0,
    mac: attrs.data(A.MAC)?.slice() ?? new Uint8Array(6),
    wdev: attrs.u64(A.WDEV) ?? 0n,
    frequency: attrs.u32(A.WIPHY_FREQ),
  };
}

/** An event from the "mlme" group or a frame registration, decoded. */
export type Nl80211Event =
  | {
    /** A management frame matched a registration (NL80211_CMD_FRAME). */
    readonly kind: "frame";
    readonly ifindex: number;
    readonly frequency: number | undefined;
    readonly signalDbm: number | undefined;
    readonly frame: Uint8Array;
  }
  | {
    /** Result of a frame sent with NL80211_CMD_FRAME (NL80211_CMD_FRAME_TX_STATUS). */
    readonly kind: "frameTxStatus";
    readonly ifindex: number;
    readonly cookie: bigint;
    readonly ack: boolean;
    readonly frame: Uint8Array;
  }
  | {
    /** A station was added (NL80211_CMD_NEW_STATION). */
    readonly kind: "newStation";
    readonly ifindex: number;
    readonly mac: Uint8Array;
  }
  | {
    /** A station was removed (NL80211_CMD_DEL_STATION). */
    readonly kind: "delStation";
    readonly ifindex: number;
    readonly mac: Uint8Array;
  }
  | {
    /** A control port frame (EAPOL) from a station (NL80211_CMD_CONTROL_PORT_FRAME). */
    readonly kind: "controlPortFrame";
    readonly ifindex: number;
    /** The sender's MAC. */
    readonly src: Uint8Array;
    /** NL80211_ATTR_CONTROL_PORT_ETHERTYPE. */
    readonly etherType: number;
    /** The frame arrived unencrypted. */
    readonly unencrypted: boolean;
    /** The payload after the Ethernet header. */
    readonly frame: Uint8Array;
  }
  | {
    /** Result of NL80211_CMD_PROBE_CLIENT: whether the station acknowledged the null frame. */
    readonly kind: "probeClient";
    readonly ifindex: number;
    readonly mac: Uint8Array;
    readonly ack: boolean;
  }
  | {
    /**
     * NL80211_CMD_NOTIFY_CQM with a packet-loss count: the station stopped acknowledging
     * frames sent to it (what hostapd's `disassoc_low_ack` acts on).
     */
    readonly kind: "lowAck";
    readonly ifindex: number;
    readonly mac: Uint8Array;
    readonly lostPackets: number;
  }
  | {
    /**
     * A data frame from a station the kernel does not know (NL80211_CMD_UNEXPECTED_FRAME, sent
     * to the socket that registered for it): one that missed the AP's deauthentication.
     */
    readonly kind: "unexpectedFrame";
    readonly ifindex: number;
    readonly mac: Uint8Array;
  }
  | {
    /** Any other command; the message is kept for the caller. */
    readonly kind: "other";
    readonly cmd: number;
    readonly message: GenlMessage;
  };

/** Decodes an nl80211 event message into {@link Nl80211Event}. */
export function decodeEvent(msg: GenlMessage): Nl80211Event {
  const a = msg.attrs;
  const ifindex = a.u32(A.IFINDEX) ?? 0;
  switch (msg.cmd) {
    case C.FRAME: {
      const sig = a.u32(A.RX_SIGNAL_DBM);
      return {
        kind: "frame",
        ifindex,
        frequency: a.u32(A.WIPHY_FREQ),
        signalDbm: sig === undefined ? undefined : sig | 0, // the kernel puts an s32 in a u32
        frame: a.data(A.FRAME)?.slice() ?? new Uint8Array(0),
      };
    }
    case C.FRAME_TX_STATUS:
      return {
        kind: "frameTxStatus",
        ifindex,
        cookie: a.u64(A.COOKIE) ?? 0n,
        ack: a.has(A.ACK),
        frame: a.data(A.FRAME)?.slice() ?? new Uint8Array(0),
      };
    case C.NEW_STATION:
    case C.DEL_STATION:
      return {
        kind: msg.cmd === C.NEW_STATION ? "newStation" : "delStation",
        ifindex,
        mac: a.data(A.MAC)?.slice() ?? new Uint8Array(6),
      };
    case C.CONTROL_PORT_FRAME:
      return {
        kind: "controlPortFrame",
        ifindex,
        src: a.data(A.MAC)?.slice() ?? new Uint8Array(6),
        etherType: a.u16(A.CONTROL_PORT_ETHERTYPE) ?? 0,
        unencrypted: a.has(A.CONTROL_PORT_NO_ENCRYPT),
        frame: a.data(A.FRAME)?.slice() ?? new Uint8Array(0),
      };
    case C.UNEXPECTED_FRAME:
      return { kind: "unexpectedFrame", ifindex, mac: a.data(A.MAC)?.slice() ?? new Uint8Array(6) };
    case C.PROBE_CLIENT:
      return {
        kind: "probeClient",
        ifindex,
        mac: a.data(A.MAC)?.slice() ?? new Uint8Array(6),
        ack: a.has(A.ACK),
      };
    case C.NOTIFY_CQM: {
      const lost = a.nested(A.CQM)?.u32(Nl80211CqmAttr.PKT_LOSS_EVENT);
      const mac = a.data(A.MAC);
      if (lost === undefined || !mac) return { kind: "other", cmd: msg.cmd, message: msg };
      return { kind: "lowAck", ifindex, mac: mac.slice(), lostPackets: lost };
    }
    default:
      return { kind: "other", cmd: msg.cmd, message: msg };
  }
}

/** One BSS of a scan (NL80211_CMD_GET_SCAN dump entry). */
export interface ScanResult {
  /** MHz. */
  readonly frequency: number;
  /** Its Information Elements (Probe Response's, else Beacon's). */
  readonly ies: Uint8Array;
}

/** Decodes a GET_SCAN dump entry; undefined when it carries no BSS. */
export function decodeScanResult(attrs: NlAttrs): ScanResult | undefined {
  const bss = attrs.nested(A.BSS);
  const frequency = bss?.u32(Nl80211BssAttr.FREQUENCY);
  if (!bss || frequency === undefined) return undefined;
  const ies = bss.data(Nl80211BssAttr.INFORMATION_ELEMENTS) ?? bss.data(Nl80211BssAttr.BEACON_IES);
  return { frequency, ies: ies?.slice() ?? new Uint8Array(0) };
}

/** One channel's survey (NL80211_ATTR_SURVEY_INFO): what the radio measured while on it. */
export interface SurveyInfo {
  /** Centre frequency (MHz). */
  frequency: number;
  /** Noise floor (dBm). */
  noiseDbm?: number;
  /** Time spent on the channel (ms). */
  timeMs?: number;
  /** Of that, time the medium was busy (ms). */
  busyMs?: number;
  /** Of that, time the radio itself transmitted (ms). */
  txMs?: number;
}

/**
 * Decodes a GET_SURVEY dump entry (one channel); undefined without a frequency. The noise is a
 * signed dBm octet; times are in ms.
 */
export function decodeSurvey(attrs: NlAttrs): SurveyInfo | undefined {
  const s = attrs.nested(A.SURVEY_INFO);
  const frequency = s?.u32(Nl80211SurveyAttr.FREQUENCY);
  if (!s || frequency === undefined) return undefined;
  const out: SurveyInfo = { frequency };
  const noise = s.u8(Nl80211SurveyAttr.NOISE);
  if (noise !== undefined) out.noiseDbm = noise > 127 ? noise - 256 : noise;
  const ms = (type: number) => {
    const v = s.u64(type);
    return v === undefined ? undefined : Number(v);
  };
  const time = ms(Nl80211SurveyAttr.TIME);
  const busy = ms(Nl80211SurveyAttr.TIME_BUSY);
  const tx = ms(Nl80211SurveyAttr.TIME_TX);
  if (time !== undefined) out.timeMs = time;
  if (busy !== undefined) out.busyMs = busy;
  if (tx !== undefined) out.txMs = tx;
  return out;
}

/**
 * The transmit sequence counter in a GET_KEY reply, as the 8-octet Key RSC of an EAPOL-Key frame
 * (the kernel's counter is little-endian, 6 octets for CCMP and GCMP; the rest stays zero).
 * Newer kernels nest it in NL80211_ATTR_KEY, older ones put it at the top level; undefined when
 * neither is there.
 */
export function decodeKeyRsc(attrs: NlAttrs): Uint8Array | undefined {
  const seq = attrs.data(A.KEY_SEQ) ?? attrs.nested(A.KEY)?.data(Nl80211KeyAttr.SEQ);
  if (seq === undefined) return undefined;
  const rsc = new Uint8Array(8);
  rsc.set(seq.subarray(0, 8));
  return rsc;
}
