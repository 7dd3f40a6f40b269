/**
 * The WFA Vendor Extension carried in the Vendor Extension attribute (0x1049): vendor ID
 * 00 37 2A followed by one-byte-ID, one-byte-length sub-elements (WSC 2.0.5, 12, "Vendor
 * Extension" and table 29; reference 5.11.3).
 *
 * @module
 */

import { WFA_VENDOR_ID, WfaElem, WPS_VERSION2 } from "./constants.ts";
import { WscDecodeError } from "./errors.ts";

/** Decoded WFA Vendor Extension sub-elements; absent ones are undefined. */
export interface WfaExtension {
  /** Version2 (0x20 for WSC 2.0). */
  version2?: number;
  /** AuthorizedMACs: up to five 6-byte MAC addresses. */
  authorizedMacs?: Uint8Array[];
  /** Network Key Shareable (boolean as 0/1). */
  networkKeyShareable?: number;
  /** Request to Enroll (1 when set). */
  requestToEnroll?: number;
  /** Settings Delay Time in seconds. */
  settingsDelayTime?: number;
  /** Registrar Configuration Methods. */
  registrarConfigMethods?: number;
  /** Multi-AP Extension bits. */
  multiAp?: number;
}

/** At most five AuthorizedMACs fit (WSC 2.0.5, 12, "AuthorizedMACs"). */
export const MAX_AUTHORIZED_MACS = 5;

/** The 3-byte vendor ID prefix of a WFA Vendor Extension value. */
export const WFA_VENDOR_PREFIX: Uint8Array = Uint8Array.of(
  (WFA_VENDOR_ID >> 16) & 0xff,
  (WFA_VENDOR_ID >> 8) & 0xff,
  WFA_VENDOR_ID & 0xff,
);

/** True when a Vendor Extension value starts with WFA's vendor ID. */
export function isWfaVendorExt(value: Uint8Array): boolean {
  return value.length >= 3 && value[0] === 0x00 && value[1] === 0x37 && value[2] === 0x2a;
}

/**
 * Parses the value of a WFA Vendor Extension attribute (including the 3-byte vendor ID).
 * Like hostapd, a sub-element cut short by the end of the value ends parsing silently and
 * unknown IDs are skipped; a known sub-element with a wrong length fails the message.
 *
 * @param value the attribute value, starting with 00 37 2A
 * @param offset offset of the attribute in the message, for error reports
 * @returns the decoded sub-elements
 * @throws {WscDecodeError} when a known sub-element has a wrong length
 * @example Version2 only
 * ```ts
 * import { parseWfaExtension } from "./vendor_ext.ts";
 * parseWfaExtension(Uint8Array.of(0x00, 0x37, 0x2a, 0x00, 0x01, 0x20)); // { version2: 0x20 }
 * ```
 */
export function parseWfaExtension(value: Uint8Array, offset?: number): WfaExtension {
  if (!isWfaVendorExt(value)) {
    throw new WscDecodeError(
      "malformed",
      "Cannot parse WFA extension: wrong vendor ID",
      0x1049,
      offset,
    );
  }
  const out: WfaExtension = {};
  let pos = 3;
  while (value.length - pos >= 2) {
    const id = value[pos]!;
    const len = value[pos + 1]!;
    pos += 2;
    if (len > value.length - pos) break;
    const v = value.subarray(pos, pos + len);
    pos += len;
    const bad = (what: string) =>
      new WscDecodeError("malformed", `Cannot parse WFA ${what}: length ${len}`, 0x1049, offset);
    switch (id) {
      case WfaElem.VERSION2:
        if (len !== 1) throw bad("Version2");
        out.version2 = v[0]!;
        break;
      case WfaElem.AUTHORIZEDMACS:
        if (len % 6 !== 0 || len > 6 * MAX_AUTHORIZED_MACS) throw bad("AuthorizedMACs");
        out.authorizedMacs = [];
        for (let i = 0; i < len; i += 6) out.authorizedMacs.push(v.slice(i, i + 6));
        break;
      case WfaElem.NETWORK_KEY_SHAREABLE:
        if (len !== 1) throw bad("Network Key Shareable");
        out.networkKeyShareable = v[0]!;
        break;
      case WfaElem.REQUEST_TO_ENROLL:
        if (len !== 1) throw bad("Request to Enroll");
        out.requestToEnroll = v[0]!;
        break;
      case WfaElem.SETTINGS_DELAY_TIME:
        if (len !== 1) throw bad("Settings Delay Time");
        out.settingsDelayTime = v[0]!;
        break;
      case WfaElem.REGISTRAR_CONFIGURATION_METHODS:
        if (len !== 2) throw bad("Registrar Configuration Methods");
        out.registrarConfigMethods = (v[0]! << 8) | v[1]!;
        break;
      case WfaElem.MULTI_AP:
        if (len !== 1) throw bad("Multi-AP Extension");
        out.multiAp = v[0]!;
        break;
      default:
        // Unknown sub-elements are skipped (WSC 2.0.5, 12: receivers ignore unknown IDs).
        break;
    }
  }
  return out;
}

/**
 * Builds the value of a WFA Vendor Extension attribute (vendor ID first) in hostapd's order:
 * Version2, Request to Enroll, AuthorizedMACs, Settings Delay Time, Registrar Configuration
 * Methods, Network Key Shareable, Multi-AP.
 *
 * @param ext the sub-elements; `version2` defaults to 0x20
 * @returns the attribute value
 * @throws {RangeError} when more than five AuthorizedMACs or a malformed MAC is given
 * @example
 * ```ts
 * import { buildWfaExtension } from "./vendor_ext.ts";
 * buildWfaExtension({}); // 00 37 2a 00 01 20
 * ```
 */
export function buildWfaExtension(ext: WfaExtension): Uint8Array {
  const out: number[] = [...WFA_VENDOR_PREFIX];
  const put = (id: number, bytes: ArrayLike<number>) => {
    out.push(id, bytes.length, ...Array.from(bytes));
  };
  put(WfaElem.VERSION2, [ext.version2 ?? WPS_VERSION2]);
  if (ext.requestToEnroll !== undefined) put(WfaElem.REQUEST_TO_ENROLL, [ext.requestToEnroll]);
  if (ext.authorizedMacs) {
    if (ext.authorizedMacs.length > MAX_AUTHORIZED_MACS) {
      throw new RangeError(`Cannot build AuthorizedMACs: ${ext.authorizedMacs.length} addresses`);
    }
    const macs: number[] = [];
    for (const m of ext.authorizedMacs) {
      if (m.length !== 6) {
        throw new RangeError(`Cannot build AuthorizedMACs: MAC length ${m.length}`);
      }
      macs.push(...m);
    }
    put(WfaElem.AUTHORIZEDMACS, macs);
  }
  if (ext.settingsDelayTime !== undefined) {
    put(WfaElem.SETTINGS_DELAY_TIME, [ext.settingsDelayTime]);
  }
  if (ext.registrarConfigMethods !== undefined) {
    const m = ext.registrarConfigMethods;
    put(WfaElem.REGISTRAR_CONFIGURATION_METHODS, [(m >> 8) & 0xff, m & 0xff]);
  }
  if (ext.networkKeyShareable !== undefined) {
    put(WfaElem.NETWORK_KEY_SHAREABLE, [ext.networkKeyShareable]);
  }
  if (ext.multiAp !== undefined) put(WfaElem.MULTI_AP, [ext.multiAp]);
  return Uint8Array.from(out);
}
