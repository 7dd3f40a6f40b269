/**
 * UUIDs as WPS uses them (UUID-E, UUID-R): 16 bytes on the wire, lower-case 8-4-4-4-12 text in
 * configuration and events, and hostapd's name-based UUID from a MAC address (reference 4.3).
 *
 * @module
 */

import { cryptoBackend } from "../crypto/backend.ts";
import { concat, toHex } from "../bytes.ts";

/** The namespace hostapd hashes the MAC address under (reference 4.3). */
export const UUID_MAC_NAMESPACE: Uint8Array = Uint8Array.from([
  0x52,
  0x64,
  0x80,
  0xf8,
  0xc9,
  0x9b,
  0x4b,
  0xe5,
  0xa6,
  0x55,
  0x58,
  0xed,
  0x5f,
  0x5d,
  0x60,
  0x84,
]);

/**
 * Parses 8-4-4-4-12 hex text into 16 bytes (either case).
 *
 * @param text the UUID text
 * @returns the bytes, or undefined when malformed
 */
export function parseUuid(text: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) {
    return undefined;
  }
  const hex = text.replaceAll("-", "");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/**
 * Formats 16 bytes as lower-case 8-4-4-4-12 text.
 *
 * @throws {RangeError} when not 16 bytes
 * @example
 * ```ts
 * import { formatUuid } from "./uuid.ts";
 * formatUuid(new Uint8Array(16)); // "00000000-0000-0000-0000-000000000000"
 * ```
 */
export function formatUuid(uuid: Uint8Array): string {
  if (uuid.length !== 16) throw new RangeError(`Cannot format UUID of length ${uuid.length}`);
  const h = toHex(uuid);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * hostapd's UUID for a BSS without `uuid=`: SHA-1(namespace ‖ MAC), first 16 bytes, version 5
 * in byte 6, RFC 4122 variant in byte 8.
 *
 * @param mac the 6-byte MAC address (the BSSID)
 * @returns the UUID bytes
 * @throws {RangeError} when the MAC is not 6 bytes
 */
export function uuidFromMac(mac: Uint8Array): Uint8Array {
  if (mac.length !== 6) throw new RangeError(`Cannot derive UUID from MAC of length ${mac.length}`);
  const h = cryptoBackend().hash("sha1", concat(UUID_MAC_NAMESPACE, mac));
  const u = h.slice(0, 16);
  u[6] = (5 << 4) | (u[6]! & 0x0f);
  u[8] = 0x80 | (u[8]! & 0x3f);
  return u;
}
