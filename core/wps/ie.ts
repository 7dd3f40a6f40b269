/**
 * The WPS information element in management frames (reference 7 and 6.4): vendor elements
 * `DD len 00 50 F2 04` carrying WSC TLVs cut into chunks of at most 251 bytes; the Beacon,
 * Probe Response and Association Response contents; and the Probe Request reader.
 *
 * @module
 */

import { AttrWriter, lastAttr, parseAttributes, readUint } from "./attributes.ts";
import { Attr, ConfigMethod, ResponseType, WPS_VERSION } from "./constants.ts";
import type { DeviceAttributes } from "./messages.ts";
import {
  buildWfaExtension,
  isWfaVendorExt,
  parseWfaExtension,
  type WfaExtension,
} from "./vendor_ext.ts";

/** Element ID of a vendor-specific element (IEEE 802.11-2020, 9.4.2.25). */
const VENDOR_ELEMENT = 0xdd;
const WPS_OUI = [0x00, 0x50, 0xf2, 0x04] as const;
/** 255 − 4 OUI bytes. */
export const WPS_IE_CHUNK = 251;

/**
 * Wraps a TLV stream in one or more WPS vendor elements (251 bytes of TLVs each).
 *
 * @param tlvs the WSC attributes
 * @returns the concatenated elements
 */
export function wrapWpsIe(tlvs: Uint8Array): Uint8Array {
  const parts: number[] = [];
  let off = 0;
  do {
    const chunk = tlvs.subarray(off, off + WPS_IE_CHUNK);
    parts.push(VENDOR_ELEMENT, chunk.length + 4, ...WPS_OUI, ...chunk);
    off += WPS_IE_CHUNK;
  } while (off < tlvs.length);
  return Uint8Array.from(parts);
}

/**
 * Concatenates the payloads of all WPS vendor elements found in a run of elements (a frame's
 * body after the fixed fields).
 *
 * @param elements the information elements
 * @returns the joined TLVs, or undefined when there is no WPS element
 */
export function extractWpsIe(elements: Uint8Array): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  for (let pos = 0; pos + 2 <= elements.length;) {
    const id = elements[pos]!;
    const len = elements[pos + 1]!;
    if (pos + 2 + len > elements.length) break;
    const body = elements.subarray(pos + 2, pos + 2 + len);
    if (id === VENDOR_ELEMENT && len >= 4 && WPS_OUI.every((b, i) => body[i] === b)) {
      chunks.push(body.subarray(4));
    }
    pos += 2 + len;
  }
  if (chunks.length === 0) return undefined;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** The AP's advertised WPS state (reference 7.2). */
export interface BeaconWpsState {
  /** 1 not configured, 2 configured. */
  wpsState: number;
  /** AP Setup Locked (runtime lockout or ap_setup_locked=1). */
  apSetupLocked?: boolean;
  /** Present while a Registrar is selected (PIN or PBC active). */
  selectedRegistrar?: { devPasswordId: number; configMethods: number };
  /** The AP's UUID; sent in the Beacon only while selected with PBC and dual-band. */
  uuidE?: Uint8Array;
  /** RF Bands; sent only when dual-band. */
  rfBands?: number;
  /** AuthorizedMACs and other WFA sub-elements (Version2 always included). */
  wfa?: WfaExtension;
  /** Configured vendor extensions (raw values) and Application Extension. */
  vendorExtensions?: Uint8Array[];
  applicationExt?: Uint8Array;
}

function writeHead(w: AttrWriter, s: BeaconWpsState): void {
  w.putU8(Attr.VERSION, WPS_VERSION);
  w.putU8(Attr.WPS_STATE, s.wpsState);
  if (s.apSetupLocked) w.putU8(Attr.AP_SETUP_LOCKED, 1);
  if (s.selectedRegistrar) {
    w.putU8(Attr.SELECTED_REGISTRAR, 1);
    w.putU16(Attr.DEV_PASSWORD_ID, s.selectedRegistrar.devPasswordId);
    w.putU16(Attr.SELECTED_REGISTRAR_CONFIG_METHODS, s.selectedRegistrar.configMethods);
  }
}

function writeTail(w: AttrWriter, s: BeaconWpsState): void {
  w.putBytes(Attr.VENDOR_EXT, buildWfaExtension(s.wfa ?? {}));
  for (const v of s.vendorExtensions ?? []) w.putBytes(Attr.VENDOR_EXT, v);
  if (s.applicationExt) w.putBytes(Attr.APPLICATION_EXT, s.applicationExt);
}

/**
 * Builds the Beacon WPS IE in hostapd's order (reference 7.2).
 *
 * @param s the current state
 * @returns the vendor element(s)
 */
export function buildBeaconWpsIe(s: BeaconWpsState): Uint8Array {
  const w = new AttrWriter();
  writeHead(w, s);
  if (s.uuidE) w.putBytes(Attr.UUID_E, s.uuidE);
  if (s.rfBands !== undefined) w.putU8(Attr.RF_BANDS, s.rfBands);
  writeTail(w, s);
  return wrapWpsIe(w.finish());
}

/** Probe Response contents beyond the Beacon's: the AP's identity. */
export interface ProbeResponseWpsState extends BeaconWpsState, DeviceAttributes {
  /** The AP's UUID (always sent in Probe Responses). */
  uuidE: Uint8Array;
  /** The AP's Config Methods; PushButton bits are removed before sending. */
  configMethods: number;
}

/**
 * Builds the Probe Response WPS IE in hostapd's order (reference 7.3). Empty device strings are
 * sent as a single space.
 *
 * @param s the current state and device description
 * @returns the vendor element(s)
 */
export function buildProbeResponseWpsIe(s: ProbeResponseWpsState): Uint8Array {
  const w = new AttrWriter();
  writeHead(w, s);
  w.putU8(Attr.RESPONSE_TYPE, ResponseType.AP);
  w.putBytes(Attr.UUID_E, s.uuidE);
  const str = (t: number, v: string) => w.putString(t, v === "" ? " " : v);
  str(Attr.MANUFACTURER, s.manufacturer);
  str(Attr.MODEL_NAME, s.modelName);
  str(Attr.MODEL_NUMBER, s.modelNumber);
  str(Attr.SERIAL_NUMBER, s.serialNumber);
  w.putBytes(Attr.PRIMARY_DEV_TYPE, s.primaryDeviceType);
  str(Attr.DEV_NAME, s.deviceName);
  const pbcBits = ConfigMethod.PUSHBUTTON | ConfigMethod.VIRT_PUSHBUTTON |
    ConfigMethod.PHY_PUSHBUTTON;
  w.putU16(Attr.CONFIG_METHODS, s.configMethods & ~pbcBits & 0xffff);
  if (s.rfBands !== undefined) w.putU8(Attr.RF_BANDS, s.rfBands);
  writeTail(w, s);
  return wrapWpsIe(w.finish());
}

/**
 * The Association Response WPS IE: Version, Response Type = AP, WFA Version2 (reference 6.4).
 *
 * @returns the vendor element
 */
export function buildAssocResponseWpsIe(): Uint8Array {
  const w = new AttrWriter();
  w.putU8(Attr.VERSION, WPS_VERSION);
  w.putU8(Attr.RESPONSE_TYPE, ResponseType.AP);
  w.putBytes(Attr.VENDOR_EXT, buildWfaExtension({}));
  return wrapWpsIe(w.finish());
}

/** What a Probe Request's WPS IE says (reference 7.4). */
export interface ProbeRequestWps {
  configMethods: number;
  devPasswordId: number;
  uuidE?: Uint8Array;
  primaryDeviceType?: Uint8Array;
  requestType?: number;
  deviceName?: string;
  wfa?: WfaExtension;
}

/**
 * Reads the WPS IE of a Probe Request. Returns undefined when Config Methods or Device Password
 * ID is absent (hostapd then ignores the request).
 *
 * @param tlvs the joined WPS IE payload (see {@link extractWpsIe})
 * @returns the fields, or undefined when the request does not count
 * @throws {WscDecodeError} when the TLVs are malformed
 */
export function parseProbeRequestWpsIe(tlvs: Uint8Array): ProbeRequestWps | undefined {
  const attrs = parseAttributes(tlvs);
  const one = (t: number) => lastAttr(attrs, t);
  const cm = one(Attr.CONFIG_METHODS);
  const pw = one(Attr.DEV_PASSWORD_ID);
  if (!cm || !pw) return undefined;
  const out: ProbeRequestWps = {
    configMethods: readUint(cm.value),
    devPasswordId: readUint(pw.value),
  };
  const uuid = one(Attr.UUID_E);
  if (uuid) out.uuidE = uuid.value.slice();
  const pdt = one(Attr.PRIMARY_DEV_TYPE);
  if (pdt) out.primaryDeviceType = pdt.value.slice();
  const rt = one(Attr.REQUEST_TYPE);
  if (rt) out.requestType = rt.value[0]!;
  const dn = one(Attr.DEV_NAME);
  if (dn) out.deviceName = new TextDecoder().decode(dn.value);
  const wfa = attrs.map.get(Attr.VENDOR_EXT)?.find((a) => isWfaVendorExt(a.value));
  if (wfa) out.wfa = parseWfaExtension(wfa.value, wfa.offset);
  return out;
}
