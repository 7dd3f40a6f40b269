/**
 * 802.11 elements (IEEE 802.11-2020 9.4.2): the ID/Length/Information list of a management
 * frame body, parsed and built, with the builders of the elements an AP sends (SSID, Supported
 * and Extended Supported Rates, DS Parameter Set, Country, ERP, HT Capabilities and Operation,
 * the WMM Parameter element) and the readers of what a station sends.
 *
 * @module
 */

/** Element IDs used by the AP (IEEE 802.11-2020 Table 9-92). */
export const Eid = {
  SSID: 0,
  SUPPORTED_RATES: 1,
  DS_PARAMETER_SET: 3,
  TIM: 5,
  COUNTRY: 7,
  CHALLENGE: 16,
  POWER_CONSTRAINT: 32,
  POWER_CAPABILITY: 33,
  SUPPORTED_CHANNELS: 36,
  ERP: 42,
  HT_CAPABILITIES: 45,
  RSN: 48,
  EXTENDED_SUPPORTED_RATES: 50,
  SUPPORTED_OPERATING_CLASSES: 59,
  HT_OPERATION: 61,
  EXT_CAPABILITIES: 127,
  SSID_LIST: 84,
  BSS_MAX_IDLE_PERIOD: 90,
  VHT_CAPABILITIES: 191,
  VHT_OPERATION: 192,
  TRANSMIT_POWER_ENVELOPE: 195,
  VENDOR_SPECIFIC: 221,
} as const;

/** One element: its ID and the bytes after the Length octet. */
export interface Element {
  /** Element ID. */
  id: number;
  /** Information field (a view into the parsed buffer). */
  body: Uint8Array;
}

/** Raised for an element list or frame body that cannot be decoded. */
export class FrameDecodeError extends SyntaxError {
  /** Byte offset of the problem in the decoded buffer. */
  readonly offset: number;

  /**
   * @param message what is wrong
   * @param offset where it is
   */
  constructor(message: string, offset: number) {
    super(message);
    this.name = "FrameDecodeError";
    this.offset = offset;
  }
}

/**
 * Splits an element list. Every element must fit: a truncated last element is an error, as
 * mac80211 and hostapd (ieee802_11_parse_elems) both refuse such frames.
 *
 * @param bytes the elements, e.g. a frame body after its fixed fields
 * @param base offset of `bytes` in the frame, for error positions
 * @returns the elements in order
 * @throws {FrameDecodeError} when an element overruns the buffer
 */
export function parseElements(bytes: Uint8Array, base = 0): Element[] {
  const out: Element[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 2 > bytes.length) {
      throw new FrameDecodeError("Cannot parse element: truncated header", base + pos);
    }
    const len = bytes[pos + 1]!;
    if (pos + 2 + len > bytes.length) {
      throw new FrameDecodeError(`Cannot parse element ${bytes[pos]}: length ${len}`, base + pos);
    }
    out.push({ id: bytes[pos]!, body: bytes.subarray(pos + 2, pos + 2 + len) });
    pos += 2 + len;
  }
  return out;
}

/**
 * Encodes one element.
 *
 * @param id element ID
 * @param body information field
 * @returns ID, Length and body
 * @throws {RangeError} when the body exceeds 255 octets
 */
export function buildElement(id: number, body: ArrayLike<number>): Uint8Array {
  if (body.length > 255) throw new RangeError(`Cannot build element ${id}: length ${body.length}`);
  const out = new Uint8Array(2 + body.length);
  out[0] = id;
  out[1] = body.length;
  out.set(body, 2);
  return out;
}

/**
 * Encodes an element list.
 *
 * @param elements the elements in order
 * @returns the concatenated encodings
 */
export function buildElements(elements: Element[]): Uint8Array {
  return joinBytes(elements.map((e) => buildElement(e.id, e.body)));
}

/**
 * The first element with an ID.
 *
 * @param elements a parsed list
 * @param id the element ID
 * @returns the element, or undefined
 */
export function findElement(elements: Element[], id: number): Element | undefined {
  return elements.find((e) => e.id === id);
}

/**
 * Vendor Specific elements whose body starts with an OUI and type (e.g. 00 50 F2 02 for WMM).
 *
 * @param elements a parsed list
 * @param prefix the OUI (and type) octets
 * @returns the matching elements in order
 */
export function findVendorElements(elements: Element[], prefix: ArrayLike<number>): Element[] {
  return elements.filter((e) => {
    if (e.id !== Eid.VENDOR_SPECIFIC || e.body.length < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) if (e.body[i] !== prefix[i]) return false;
    return true;
  });
}

/** Concatenates byte arrays. */
export function joinBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Splits a rate list (500 kb/s units, 0x80 = basic) into Supported Rates (first 8) and, when
 * longer, Extended Supported Rates (9.4.2.3, 9.4.2.13).
 *
 * @param rates the rate octets
 * @returns the Supported Rates element and the Extended Supported Rates element or an empty array
 */
export function buildRateElements(rates: Uint8Array): { supported: Uint8Array; ext: Uint8Array } {
  return {
    supported: buildElement(Eid.SUPPORTED_RATES, rates.subarray(0, 8)),
    ext: rates.length > 8
      ? buildElement(Eid.EXTENDED_SUPPORTED_RATES, rates.subarray(8))
      : new Uint8Array(0),
  };
}

/**
 * A station's rates: Supported Rates followed by Extended Supported Rates.
 *
 * @param elements a parsed list
 * @returns the rate octets, or undefined when there is no Supported Rates element
 */
export function readRates(elements: Element[]): Uint8Array | undefined {
  const sup = findElement(elements, Eid.SUPPORTED_RATES);
  if (!sup) return undefined;
  const ext = findElement(elements, Eid.EXTENDED_SUPPORTED_RATES);
  return joinBytes([sup.body, ext?.body ?? new Uint8Array(0)]);
}

/**
 * DS Parameter Set: the current channel (9.4.2.4).
 *
 * @param channel channel number
 * @returns the element
 */
export function buildDsParams(channel: number): Uint8Array {
  return buildElement(Eid.DS_PARAMETER_SET, [channel & 0xff]);
}

/** One subband triplet of the Country element: first channel, count, max power in dBm. */
export interface CountrySubband {
  /** First channel number. */
  firstChannel: number;
  /** Number of channels. */
  channels: number;
  /** Maximum transmit power in dBm. */
  maxPowerDbm: number;
}

/**
 * Country element (9.4.2.8): the country string (2 letters + environment octet) and subband
 * triplets, padded with one zero octet to an even length.
 *
 * @param country two letters
 * @param environment third octet text (`' '` any, `O` outdoor, `I` indoor, `X` non-country)
 * @param subbands the triplets
 * @returns the element
 * @throws {RangeError} when the country code is not two characters
 */
export function buildCountry(
  country: string,
  environment: string,
  subbands: CountrySubband[],
): Uint8Array {
  if (country.length !== 2) throw new RangeError(`Cannot build Country element: "${country}"`);
  const body = [country.charCodeAt(0), country.charCodeAt(1), environment.charCodeAt(0) || 0x20];
  for (const s of subbands) body.push(s.firstChannel, s.channels, s.maxPowerDbm & 0xff);
  if (body.length % 2 === 1) body.push(0);
  return buildElement(Eid.COUNTRY, body);
}

/**
 * Groups channels into Country subbands: consecutive channels (step 1 below channel 14, step 4
 * above, as the 2.4 and 5 GHz channelisations space them) with the same power share a triplet.
 *
 * @param channels channel numbers with their maximum power, in ascending order
 * @returns the triplets
 */
export function countrySubbands(
  channels: { channel: number; maxPowerDbm: number }[],
): CountrySubband[] {
  const out: CountrySubband[] = [];
  for (const c of channels) {
    const last = out.at(-1);
    const step = c.channel <= 14 ? 1 : 4;
    if (
      last && last.maxPowerDbm === c.maxPowerDbm &&
      last.firstChannel + last.channels * step === c.channel
    ) {
      last.channels++;
    } else {
      out.push({ firstChannel: c.channel, channels: 1, maxPowerDbm: c.maxPowerDbm });
    }
  }
  return out;
}

/** ERP element bits (9.4.2.11). */
export const ErpFlag = {
  NON_ERP_PRESENT: 0x01,
  USE_PROTECTION: 0x02,
  BARKER_PREAMBLE: 0x04,
} as const;

/**
 * ERP element (9.4.2.11).
 *
 * @param flags {@link ErpFlag} bits
 * @returns the element
 */
export function buildErp(flags: number): Uint8Array {
  return buildElement(Eid.ERP, [flags & 0x07]);
}

/** The HT capabilities the AP advertises (9.4.2.56); wiphy data plus `ht_capab`. */
export interface HtCapabilities {
  /** HT Capability Information field. */
  capabilitiesInfo: number;
  /** A-MPDU Parameters octet. */
  ampduParams: number;
  /** Supported MCS Set, 16 octets. */
  mcsSet: Uint8Array;
}

/**
 * HT Capabilities element (9.4.2.56): info, A-MPDU parameters, MCS set, and zero HT Extended
 * Capabilities, Transmit Beamforming and ASEL fields (26 octets).
 *
 * @param ht the advertised capabilities
 * @returns the element
 * @throws {RangeError} when the MCS set is not 16 octets
 */
export function buildHtCapabilities(ht: HtCapabilities): Uint8Array {
  if (ht.mcsSet.length !== 16) {
    throw new RangeError(`Cannot build HT Capabilities: MCS set of ${ht.mcsSet.length} octets`);
  }
  const body = new Uint8Array(26);
  body[0] = ht.capabilitiesInfo & 0xff;
  body[1] = ht.capabilitiesInfo >> 8;
  body[2] = ht.ampduParams;
  body.set(ht.mcsSet, 3);
  return buildElement(Eid.HT_CAPABILITIES, body);
}

/** HT Operation fields the AP sets (9.4.2.57). */
export interface HtOperation {
  /** Primary channel. */
  primaryChannel: number;
  /** Secondary channel offset: 0 none, 1 above, 3 below. */
  secondaryOffset: number;
  /** HT Protection (0..3) in the Operation Mode subfield. */
  protection?: number;
  /** Non-greenfield HT STAs present. */
  nonGreenfieldPresent?: boolean;
}

/**
 * HT Operation element (9.4.2.57): 22 octets; STA Channel Width is set when there is a
 * secondary channel; the Basic HT-MCS Set stays zero.
 *
 * @param op the operation fields
 * @returns the element
 */
export function buildHtOperation(op: HtOperation): Uint8Array {
  const body = new Uint8Array(22);
  body[0] = op.primaryChannel;
  body[1] = (op.secondaryOffset & 0x03) | (op.secondaryOffset !== 0 ? 0x04 : 0);
  body[2] = (op.protection ?? 0) & 0x03 | (op.nonGreenfieldPresent ? 0x04 : 0);
  return buildElement(Eid.HT_OPERATION, body);
}

/** The VHT capabilities the AP advertises (9.4.2.157): `vht_capab` and the wiphy's MCS set. */
export interface VhtCapabilities {
  /** VHT Capabilities Information field. */
  capabilitiesInfo: number;
  /** Supported VHT-MCS and NSS Set, 8 octets (Rx map, Rx highest rate, Tx map, Tx highest). */
  mcsSet: Uint8Array;
}

/**
 * VHT Capabilities element (9.4.2.157): the information field (4 octets, little-endian) and
 * the Supported VHT-MCS and NSS Set (8 octets).
 *
 * @param vht the advertised capabilities
 * @returns the element
 * @throws {RangeError} when the MCS set is not 8 octets
 */
export function buildVhtCapabilities(vht: VhtCapabilities): Uint8Array {
  if (vht.mcsSet.length !== 8) {
    throw new RangeError(`Cannot build VHT Capabilities: MCS set of ${vht.mcsSet.length} octets`);
  }
  const body = new Uint8Array(12);
  new DataView(body.buffer).setUint32(0, vht.capabilitiesInfo >>> 0, true);
  body.set(vht.mcsSet, 4);
  return buildElement(Eid.VHT_CAPABILITIES, body);
}

/** VHT Operation fields (9.4.2.158). */
export interface VhtOperation {
  /** Channel Width: 0 for 20 or 40 MHz, 1 for 80 MHz (and, with segment 1, 160 or 80+80). */
  channelWidth: number;
  /** Channel Center Frequency Segment 0 (a channel number). */
  centerSegment0: number;
  /** Channel Center Frequency Segment 1. */
  centerSegment1: number;
  /** Basic VHT-MCS and NSS Set (default 0xfffc: MCS 0-7 on one stream). */
  basicMcs?: number;
}

/**
 * VHT Operation element (9.4.2.158): width, the two centre segments and the Basic VHT-MCS and
 * NSS Set (5 octets).
 *
 * @param op the operation fields
 * @returns the element
 */
export function buildVhtOperation(op: VhtOperation): Uint8Array {
  const basic = op.basicMcs ?? 0xfffc;
  return buildElement(Eid.VHT_OPERATION, [
    op.channelWidth,
    op.centerSegment0,
    op.centerSegment1,
    basic & 0xff,
    basic >> 8,
  ]);
}

/**
 * Transmit Power Envelope element (9.4.2.161) with Local Maximum Transmit Power in 0.5 dB
 * units: one value for 20 MHz, and one more for each doubling up to `widthMhz`.
 *
 * @param widthMhz the operating width (20, 40, 80 or 160)
 * @param maxDbm the channel's maximum transmit power, dBm
 * @returns the element
 */
export function buildTransmitPowerEnvelope(widthMhz: number, maxDbm: number): Uint8Array {
  const count = widthMhz >= 160 ? 3 : widthMhz >= 80 ? 2 : widthMhz >= 40 ? 1 : 0;
  const value = Math.max(-128, Math.min(127, Math.round(maxDbm * 2))) & 0xff;
  return buildElement(Eid.TRANSMIT_POWER_ENVELOPE, [count, ...new Array(count + 1).fill(value)]);
}

/**
 * BSS Max Idle Period element (9.4.2.79): the period in units of 1000 TU (1.024 s), at least
 * 1, at most 65535, and an Idle Options octet of 0 (no protected keep-alive required).
 *
 * @param seconds the AP's inactivity limit
 * @returns the element
 */
export function buildBssMaxIdlePeriod(seconds: number): Uint8Array {
  const units = Math.min(65535, Math.max(1, Math.floor((seconds * 1000) / 1024)));
  return buildElement(Eid.BSS_MAX_IDLE_PERIOD, [units & 0xff, units >> 8, 0]);
}

/** OUI 00-50-F2 type 2: WMM (Wi-Fi Alliance WMM specification 2.2). */
export const WMM_OUI_TYPE = [0x00, 0x50, 0xf2, 0x02] as const;

/** One access category's EDCA parameters. */
export interface EdcaParams {
  /** AIFSN. */
  aifsn: number;
  /** log2(CWmin + 1). */
  ecwMin: number;
  /** log2(CWmax + 1). */
  ecwMax: number;
  /** TXOP limit in 32 µs units. */
  txopLimit: number;
  /** Admission control mandatory. */
  acm?: boolean;
}

/**
 * The default EDCA parameter set advertised to stations, in ACI order BE, BK, VI, VO
 * (IEEE 802.11-2020 Table 9-155 with aCWmin 15, aCWmax 1023: the values hostapd's `wmm_ac_*`
 * defaults give).
 */
export const DEFAULT_WMM_AC: readonly EdcaParams[] = [
  { aifsn: 3, ecwMin: 4, ecwMax: 10, txopLimit: 0 },
  { aifsn: 7, ecwMin: 4, ecwMax: 10, txopLimit: 0 },
  { aifsn: 2, ecwMin: 3, ecwMax: 4, txopLimit: 94 },
  { aifsn: 2, ecwMin: 2, ecwMax: 3, txopLimit: 47 },
];

/**
 * WMM Parameter element (WMM spec 2.2.2): OUI subtype 1, version 1, QoS Info with the
 * parameter set count (and U-APSD), a reserved octet, and four AC records.
 *
 * @param setCount the EDCA parameter set update count (0..15)
 * @param acs parameters in ACI order BE, BK, VI, VO
 * @param uapsd advertise U-APSD support
 * @returns the element
 */
export function buildWmmParameter(
  setCount = 0,
  acs: readonly EdcaParams[] = DEFAULT_WMM_AC,
  uapsd = false,
): Uint8Array {
  const body = [...WMM_OUI_TYPE, 0x01, 0x01, (setCount & 0x0f) | (uapsd ? 0x80 : 0), 0];
  acs.forEach((ac, aci) => {
    body.push(aci << 5 | (ac.acm ? 0x10 : 0) | (ac.aifsn & 0x0f));
    body.push((ac.ecwMax & 0x0f) << 4 | (ac.ecwMin & 0x0f));
    body.push(ac.txopLimit & 0xff, ac.txopLimit >> 8 & 0xff);
  });
  return buildElement(Eid.VENDOR_SPECIFIC, body);
}

/**
 * Whether a station's element list carries a WMM Information or Parameter element.
 *
 * @param elements a parsed list
 * @returns true when the station does WMM
 */
export function hasWmm(elements: Element[]): boolean {
  return findVendorElements(elements, WMM_OUI_TYPE).some((e) =>
    e.body.length >= 6 && (e.body[4] === 0 || e.body[4] === 1) && e.body[5] === 1
  );
}
