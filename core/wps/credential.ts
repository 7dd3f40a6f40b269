/**
 * The Credential attribute (0x100E) and the AP Settings attribute group (WSC 2.0.5, 12,
 * "Credential" and "AP Settings"; reference 5.9 and 5.7 M7/M8).
 *
 * @module
 */

import { AttrWriter, lastAttr, parseAttributes, readUint, type WscAttrs } from "./attributes.ts";
import { Attr } from "./constants.ts";
import { WscDecodeError } from "./errors.ts";

/** A network credential (also the shape of AP Settings, which have no Network Index). */
export interface Credential {
  /** Network Index; hostapd always sends 1 in a Credential and none in AP Settings. */
  networkIndex?: number;
  /** SSID bytes (up to 32). */
  ssid: Uint8Array;
  /** One Authentication Type bit. */
  authType: number;
  /** One Encryption Type bit. */
  encrType: number;
  /** Network Key Index (WEP only; hostapd never sends it). */
  networkKeyIndex?: number;
  /** Passphrase or 64 hex PSK; may be empty for open networks. */
  networkKey: Uint8Array;
  /** The Enrollee's MAC (Credential) or the AP's BSSID (AP Settings). */
  macAddress: Uint8Array;
}

function writeKey(w: AttrWriter, c: Credential): void {
  if (c.networkKeyIndex !== undefined) w.putU8(Attr.NETWORK_KEY_INDEX, c.networkKeyIndex);
  w.putBytes(Attr.NETWORK_KEY, c.networkKey);
}

/**
 * Encodes a Credential's value (the TLVs inside 0x100E) in hostapd's order: Network Index,
 * SSID, Authentication Type, Encryption Type, [Network Key Index], Network Key, MAC Address.
 *
 * @param c the credential
 * @returns the attribute value
 */
export function buildCredential(c: Credential): Uint8Array {
  const w = new AttrWriter();
  w.putU8(Attr.NETWORK_INDEX, c.networkIndex ?? 1);
  w.putBytes(Attr.SSID, c.ssid);
  w.putU16(Attr.AUTH_TYPE, c.authType);
  w.putU16(Attr.ENCR_TYPE, c.encrType);
  writeKey(w, c);
  w.putBytes(Attr.MAC_ADDR, c.macAddress);
  return w.finish();
}

/**
 * A whole Credential attribute (0x100E and its value), as `WPS-NEW-AP-SETTINGS <hex>` shows it.
 *
 * @param c the credential
 * @returns type, length and value
 */
export function buildCredentialAttr(c: Credential): Uint8Array {
  const value = buildCredential(c);
  const out = new AttrWriter().putBytes(Attr.CRED, value).finish();
  value.fill(0);
  return out;
}

/**
 * Encodes AP Settings (the flat attributes an AP-Enrollee puts in M7) in hostapd's order: SSID,
 * MAC Address, Authentication Type, Encryption Type, [Network Key Index], Network Key.
 *
 * @param c the settings; `networkIndex` is ignored
 * @returns the TLVs
 */
export function buildApSettings(c: Credential): Uint8Array {
  const w = new AttrWriter();
  w.putBytes(Attr.SSID, c.ssid);
  w.putBytes(Attr.MAC_ADDR, c.macAddress);
  w.putU16(Attr.AUTH_TYPE, c.authType);
  w.putU16(Attr.ENCR_TYPE, c.encrType);
  writeKey(w, c);
  return w.finish();
}

/**
 * Reads credential attributes from a parsed TLV stream: SSID, Authentication Type, Encryption
 * Type and MAC Address are required; a Network Key may be absent (open networks).
 *
 * @param attrs parsed attributes (a Credential value or decrypted settings)
 * @param what name used in error messages
 * @returns the credential
 * @throws {WscDecodeError} `missing` when a required attribute is absent
 */
export function credentialFromAttrs(attrs: WscAttrs, what = "Credential"): Credential {
  const one = (t: number) => lastAttr(attrs, t)?.value;
  const need = (t: number, name: string) => {
    const v = one(t);
    if (!v) throw new WscDecodeError("missing", `Cannot parse ${what}: no ${name}`, t);
    return v;
  };
  const c: Credential = {
    ssid: need(Attr.SSID, "SSID").slice(),
    authType: readUint(need(Attr.AUTH_TYPE, "Authentication Type")),
    encrType: readUint(need(Attr.ENCR_TYPE, "Encryption Type")),
    networkKey: (one(Attr.NETWORK_KEY) ?? new Uint8Array()).slice(),
    macAddress: need(Attr.MAC_ADDR, "MAC Address").slice(),
  };
  const idx = one(Attr.NETWORK_INDEX);
  if (idx) c.networkIndex = idx[0]!;
  const kidx = one(Attr.NETWORK_KEY_INDEX);
  if (kidx) c.networkKeyIndex = kidx[0]!;
  return c;
}

/**
 * Decodes a Credential attribute's value (with hostapd's stray-octet-after-Network-Key
 * workaround).
 *
 * @param value the TLVs inside 0x100E
 * @returns the credential
 * @throws {WscDecodeError} when malformed or a required attribute is missing
 */
export function parseCredential(value: Uint8Array): Credential {
  return credentialFromAttrs(parseAttributes(value), "Credential");
}
