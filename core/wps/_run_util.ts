/**
 * Helpers shared by the Registrar and Enrollee runs: device attributes from the settings and
 * opening Encrypted Settings while keeping the plaintext (for `WPS-NEW-AP-SETTINGS`). Private
 * to core/wps.
 *
 * @module
 * @private
 */

import { wipe } from "../bytes.ts";
import { lastAttr, parseAttributes, type WscAttrs } from "./attributes.ts";
import { decryptSettings, verifyKwa } from "./crypto.ts";
import { type DeviceInfo, osVersionOnWire } from "./device.ts";
import type { DeviceAttributes } from "./messages.ts";

/** The device attributes of the AP, as M1/M2/M2D carry them (a space for unset strings). */
export function deviceAttributes(d: DeviceInfo): DeviceAttributes & { osVersion: number } {
  const s = (v: string) => v === "" ? " " : v;
  return {
    manufacturer: s(d.manufacturer),
    modelName: s(d.modelName),
    modelNumber: s(d.modelNumber),
    serialNumber: s(d.serialNumber),
    primaryDeviceType: d.primaryDeviceType,
    deviceName: s(d.deviceName),
    osVersion: osVersionOnWire(d.osVersion),
  };
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

/** The value of `type` in `attrs` (the last, as hostapd reads it), or undefined. */
export function attrValue(attrs: WscAttrs, type: number): Uint8Array | undefined {
  return lastAttr(attrs, type)?.value;
}
