/**
 * Helpers shared by the Registrar and Enrollee runs: device attributes from the settings,
 * Encrypted Settings with their Key Wrap Authenticator, event texts. Private to core/wps.
 *
 * @module
 * @private
 */

import { formatMac, toHex, wipe } from "../bytes.ts";
import { AttrWriter, parseAttributes, type WscAttrs } from "./attributes.ts";
import { Attr } from "./constants.ts";
import { appendKwa, decryptSettings, encryptSettings, verifyKwa } from "./crypto.ts";
import type { DeviceAttributes } from "./messages.ts";
import type { WpsDeviceInfo } from "./wps_settings.ts";

/** hostapd sets this bit of OS Version on the wire. */
const OS_VERSION_BIT = 0x80000000;

/** The device attributes of the AP, as M1/M2/M2D carry them (a space for unset strings). */
export function deviceAttributes(d: WpsDeviceInfo): DeviceAttributes {
  const s = (v: string) => v === "" ? " " : v;
  return {
    manufacturer: s(d.manufacturer),
    modelName: s(d.modelName),
    modelNumber: s(d.modelNumber),
    serialNumber: s(d.serialNumber),
    primaryDeviceType: d.primaryDeviceType,
    deviceName: s(d.deviceName),
  };
}

/** OS Version as sent. */
export function wireOsVersion(d: WpsDeviceInfo): number {
  return (d.osVersion | OS_VERSION_BIT) >>> 0;
}

/** Primary Device Type text: `<category>-<OUI+type 8 upper hex>-<subcategory>`. */
export function deviceTypeText(t: Uint8Array): string {
  if (t.length !== 8) return "";
  const cat = (t[0]! << 8) | t[1]!;
  const sub = (t[6]! << 8) | t[7]!;
  return `${cat}-${toHex(t.subarray(2, 6)).toUpperCase()}-${sub}`;
}

/** UUID text, lower-case 8-4-4-4-12. */
export function uuidText(u: Uint8Array): string {
  const h = toHex(u);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** MAC text. */
export const macText = formatMac;

/**
 * Encrypts settings TLVs with a KWA appended (the Encrypted Settings value).
 *
 * @param keys AuthKey and KeyWrapKey
 * @param tlvs plaintext TLVs without the KWA (wiped here)
 */
export function sealSettings(
  keys: { authKey: Uint8Array; keyWrapKey: Uint8Array },
  tlvs: Uint8Array,
): Uint8Array {
  const plain = appendKwa(keys.authKey, tlvs);
  const out = encryptSettings(keys.keyWrapKey, plain);
  wipe(plain, tlvs);
  return out;
}

/** Decrypted Encrypted Settings: the plaintext (secret) and its attributes. */
export interface OpenedSettings {
  /** The plaintext including the KWA TLV. */
  plain: Uint8Array;
  /** Its attributes. */
  attrs: WscAttrs;
}

/**
 * Decrypts an Encrypted Settings value and checks its KWA (present, last, correct).
 *
 * @returns the settings, or null on any failure (the caller NACKs)
 */
export function openSettings(
  keys: { authKey: Uint8Array; keyWrapKey: Uint8Array },
  value: Uint8Array,
): OpenedSettings | null {
  let plain: Uint8Array;
  try {
    plain = decryptSettings(keys.keyWrapKey, value);
  } catch {
    return null;
  }
  if (!verifyKwa(keys.authKey, plain)) {
    wipe(plain);
    return null;
  }
  try {
    return { plain, attrs: parseAttributes(plain) };
  } catch {
    wipe(plain);
    return null;
  }
}

/** The single value of `type` in `attrs`, or undefined. */
export function attrValue(attrs: WscAttrs, type: number): Uint8Array | undefined {
  return attrs.map.get(type)?.[0]?.value;
}

/** One TLV holding a secret nonce (R-SNonce / E-SNonce). */
export function nonceTlv(type: number, nonce: Uint8Array): Uint8Array {
  return new AttrWriter().putBytes(type, nonce).finish();
}

/** Fields of a Credential (WSC 2.0.5, 12, "Credential"; hostapd's order, reference 5.9). */
export interface CredentialFields {
  /** SSID. */
  ssid: Uint8Array;
  /** One Authentication Type bit. */
  authType: number;
  /** One Encryption Type bit. */
  encrType: number;
  /** Network Key (possibly empty). */
  networkKey: Uint8Array;
  /** MAC Address. */
  mac: Uint8Array;
}

/** The inner TLVs of a Credential: Network Index 1, SSID, Auth, Encr, Network Key, MAC. */
export function credentialBody(c: CredentialFields): Uint8Array {
  return new AttrWriter()
    .putU8(Attr.NETWORK_INDEX, 1)
    .putBytes(Attr.SSID, c.ssid)
    .putU16(Attr.AUTH_TYPE, c.authType)
    .putU16(Attr.ENCR_TYPE, c.encrType)
    .putBytes(Attr.NETWORK_KEY, c.networkKey)
    .putBytes(Attr.MAC_ADDR, c.mac)
    .finish();
}

/** A whole Credential attribute (0x100E wrapping {@link credentialBody}). */
export function credentialTlv(c: CredentialFields): Uint8Array {
  const body = credentialBody(c);
  const out = new AttrWriter().putBytes(Attr.CRED, body).finish();
  wipe(body);
  return out;
}
