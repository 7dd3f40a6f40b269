/**
 * Addresses of the further BSSes of a radio (`bss=` sections), as hostapd allocates them: a
 * section's `bssid=` when set, else the previous BSS's address plus one (as a 48-bit number),
 * stepping over addresses other sections configure.
 *
 * @module
 */

import { bytesEqual, formatMac } from "../bytes.ts";

/**
 * The address of a secondary BSS.
 *
 * @param configured the section's `bssid=`, if set
 * @param previous the address of the BSS before it in the config
 * @param radio the address of the radio's first BSS
 * @param taken every `bssid=` of the config
 * @returns the address
 * @throws {Error} when `configured` is the radio's own address (hostapd refuses it too)
 * @example
 * ```ts
 * secondaryBssid(undefined, Uint8Array.of(2, 0, 0, 0, 0, 0xff), Uint8Array.of(2, 0, 0, 0, 0, 0), []);
 * // 02:00:00:00:01:00
 * ```
 */
export function secondaryBssid(
  configured: Uint8Array | undefined,
  previous: Uint8Array,
  radio: Uint8Array,
  taken: readonly Uint8Array[],
): Uint8Array {
  if (configured && configured.some((b) => b !== 0)) {
    if (bytesEqual(configured, radio)) {
      throw new Error(
        `BSS may not have BSSID set to the MAC address of the radio (${formatMac(radio)})`,
      );
    }
    return configured.slice();
  }
  const next = previous.slice();
  do increment(next); while (taken.some((t) => bytesEqual(t, next)));
  return next;
}

function increment(addr: Uint8Array): void {
  for (let i = addr.length - 1; i >= 0; i--) {
    addr[i] = (addr[i]! + 1) & 0xff;
    if (addr[i] !== 0) return;
  }
}
