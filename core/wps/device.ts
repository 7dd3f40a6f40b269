/**
 * Device attributes as configured in hostapd.conf and as sent on the wire (WSC 2.0.5, 12;
 * reference 1.3): primary device type text `<category>-<OUI hex>-<sub-category>` and the OS
 * Version, whose top bit hostapd always sets.
 *
 * @module
 */

import type { DeviceAttributes } from "./messages.ts";

/** The device description a WPS peer advertises, in configuration form. */
export interface DeviceInfo {
  deviceName: string;
  manufacturer: string;
  modelName: string;
  modelNumber: string;
  serialNumber: string;
  /** 8 bytes; see {@link parseDeviceType}. */
  primaryDeviceType: Uint8Array;
  /** OS Version as configured (the wire value has 0x80000000 OR'ed in). */
  osVersion: number;
}

/**
 * Parses `<category>-<8 hex OUI>-<sub-category>` (decimal category and sub-category, each
 * 0..65535), e.g. `6-0050F204-1`.
 *
 * @param text the device type text
 * @returns 8 bytes, or undefined when malformed
 * @example
 * ```ts
 * import { parseDeviceType } from "./device.ts";
 * parseDeviceType("6-0050F204-1"); // 00 06 00 50 f2 04 00 01
 * ```
 */
export function parseDeviceType(text: string): Uint8Array | undefined {
  const m = /^([0-9]+)-([0-9a-fA-F]{8})-([0-9]+)$/.exec(text);
  if (!m) return undefined;
  const cat = Number(m[1]);
  const sub = Number(m[3]);
  if (cat > 0xffff || sub > 0xffff) return undefined;
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, cat);
  dv.setUint32(2, parseInt(m[2]!, 16));
  dv.setUint16(6, sub);
  return out;
}

/**
 * Formats 8 bytes as `<category>-<8 HEX>-<sub-category>` (hostapd prints the OUI upper-case).
 *
 * @throws {RangeError} when not 8 bytes
 */
export function formatDeviceType(type: Uint8Array): string {
  if (type.length !== 8) throw new RangeError(`Cannot format device type of length ${type.length}`);
  const dv = new DataView(type.buffer, type.byteOffset, 8);
  const oui = dv.getUint32(2).toString(16).toUpperCase().padStart(8, "0");
  return `${dv.getUint16(0)}-${oui}-${dv.getUint16(6)}`;
}

/** The OS Version as sent: the configured value with bit 31 set (reference 1.3). */
export function osVersionOnWire(configured: number): number {
  return (configured | 0x80000000) >>> 0;
}

/**
 * The message fields of a device description (M1/M2/M2D device attributes).
 *
 * @param info the configured description
 * @returns fields to spread into a message, including the wire OS Version
 */
export function deviceAttributes(info: DeviceInfo): DeviceAttributes & { osVersion: number } {
  return {
    manufacturer: info.manufacturer,
    modelName: info.modelName,
    modelNumber: info.modelNumber,
    serialNumber: info.serialNumber,
    primaryDeviceType: info.primaryDeviceType.slice(),
    deviceName: info.deviceName,
    osVersion: osVersionOnWire(info.osVersion),
  };
}
