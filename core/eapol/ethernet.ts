/**
 * Ethernet II framing for EAPOL over a wired port (IEEE 802.1X-2004, 7.1): destination,
 * source, EtherType 0x888e, payload.
 *
 * @module
 */

import { bytesEqual } from "../bytes.ts";

/** The PAE EtherType (IEEE 802.1X). */
export const ETH_P_PAE = 0x888e;

/** The Ethernet II header length. */
export const ETH_HEADER_LEN = 14;

/** The PAE group address, "Nearest non-TPMR Bridge" (IEEE 802.1X-2004, 7.8). */
export const PAE_GROUP_ADDR: Uint8Array = Uint8Array.of(0x01, 0x80, 0xc2, 0x00, 0x00, 0x03);

/** One Ethernet II frame. */
export interface EthernetFrame {
  /** Destination MAC (6 bytes). */
  dst: Uint8Array;
  /** Source MAC (6 bytes). */
  src: Uint8Array;
  /** EtherType. */
  etherType: number;
  /** Everything after the header (may include padding). */
  payload: Uint8Array;
}

/**
 * Splits an Ethernet II frame; returns undefined for frames shorter than the header.
 *
 * @param bytes a whole frame as a SOCK_RAW packet socket delivers it
 * @returns views into `bytes`, or undefined
 */
export function parseEthernet(bytes: Uint8Array): EthernetFrame | undefined {
  if (bytes.length < ETH_HEADER_LEN) return undefined;
  return {
    dst: bytes.subarray(0, 6),
    src: bytes.subarray(6, 12),
    etherType: (bytes[12]! << 8) | bytes[13]!,
    payload: bytes.subarray(ETH_HEADER_LEN),
  };
}

/**
 * Builds an Ethernet II frame. No padding to 60 bytes is added: the kernel or NIC pads.
 *
 * @throws {RangeError} when an address is not 6 bytes or the EtherType is out of range
 */
export function buildEthernet(
  dst: Uint8Array,
  src: Uint8Array,
  etherType: number,
  payload: Uint8Array,
): Uint8Array {
  if (dst.length !== 6 || src.length !== 6) {
    throw new RangeError("Cannot build Ethernet frame: addresses must be 6 bytes");
  }
  if (!Number.isInteger(etherType) || etherType < 0 || etherType > 0xffff) {
    throw new RangeError(`Cannot build Ethernet frame: EtherType ${etherType}`);
  }
  const out = new Uint8Array(ETH_HEADER_LEN + payload.length);
  out.set(dst, 0);
  out.set(src, 6);
  out[12] = etherType >> 8;
  out[13] = etherType & 0xff;
  out.set(payload, ETH_HEADER_LEN);
  return out;
}

/** True for group (multicast or broadcast) addresses: the I/G bit is set. */
export function isGroupAddress(mac: Uint8Array): boolean {
  return mac.length === 6 && (mac[0]! & 1) === 1;
}

/** True when `mac` is the PAE group address. */
export function isPaeGroupAddress(mac: Uint8Array): boolean {
  return bytesEqual(mac, PAE_GROUP_ADDR);
}
