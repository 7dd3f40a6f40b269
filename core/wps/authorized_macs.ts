/**
 * The AuthorizedMACs list of the WFA vendor extension (WSC 2.0.5, section 12, sub-element
 * 0x01; reference 5.5): the Enrollee MACs a Selected Registrar invites, most recent first.
 *
 * @module
 */

import { bytesEqual } from "../bytes.ts";

/** Most entries hostapd advertises (WPS_MAX_AUTHORIZED_MACS). */
export const MAX_AUTHORIZED_MACS = 5;

/** The broadcast entry used when a PIN has no Enrollee MAC, and for PBC. */
export const BROADCAST_MAC: Uint8Array = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/** A bounded most-recent-first list of MAC addresses without duplicates. */
export class AuthorizedMacs {
  #list: Uint8Array[] = [];

  /**
   * Puts `mac` at the front; an address already listed keeps its place (hostapd's rule),
   * and the oldest entry falls off when the list is full.
   *
   * @param mac 6-byte address
   * @returns true when the list changed
   */
  add(mac: Uint8Array): boolean {
    if (this.#list.some((m) => bytesEqual(m, mac))) return false;
    this.#list.unshift(mac.slice());
    if (this.#list.length > MAX_AUTHORIZED_MACS) this.#list.length = MAX_AUTHORIZED_MACS;
    return true;
  }

  /**
   * Removes `mac` if listed.
   *
   * @returns true when the list changed
   */
  remove(mac: Uint8Array): boolean {
    const i = this.#list.findIndex((m) => bytesEqual(m, mac));
    if (i < 0) return false;
    this.#list.splice(i, 1);
    return true;
  }

  /** Empties the list. */
  clear(): void {
    this.#list = [];
  }

  /** Copies of the entries, most recent first. */
  list(): Uint8Array[] {
    return this.#list.map((m) => m.slice());
  }
}
