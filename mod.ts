/**
 * tsapd: a hostapd-compatible access-point daemon with Wi-Fi Protected Setup, on Deno.
 *
 * The library API: the pure protocol core (codecs, crypto, state machines) for embedding and
 * testing. The daemon itself is `cli/main.ts`.
 *
 * @module
 */

export * from "./core/bytes.ts";
export * from "./core/clock.ts";
export * from "./core/log.ts";
export * from "./core/eap/wsc_role.ts";
