/**
 * EAPOL framing (IEEE 802.1X-2004) and the Ethernet II header it travels in on a wired port.
 * Pure: no I/O.
 *
 * @module
 */

export * from "./frame.ts";
export * from "./ethernet.ts";
