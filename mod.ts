/**
 * tsapd: a hostapd-compatible access-point daemon with Wi-Fi Protected Setup, on Deno.
 *
 * The library API is the pure protocol core (codecs, crypto, state machines; no I/O), one
 * namespace per package, for embedding and testing. The daemon itself is `cli/main.ts`.
 *
 * @example
 * ```ts
 * import { config, wps } from "./mod.ts";
 * const r = config.parseConfig("interface=eth0\nssid=home\n", "hostapd.conf");
 * r.ok; // true
 * wps.checkPin("1234-5670"); // { ok: true, pin: "12345670" }
 * ```
 *
 * @module
 */

export * from "./core/bytes.ts";
export * from "./core/clock.ts";
export * from "./core/log.ts";
export * from "./core/eap/wsc_role.ts";
export * as config from "./core/config/mod.ts";
export * as ctrl from "./core/ctrl/mod.ts";
export * as wps from "./core/wps/mod.ts";
export * as eap from "./core/eap/mod.ts";
export * as eapol from "./core/eapol/mod.ts";
export * as wpa from "./core/wpa/mod.ts";
export * as ap from "./core/ap/mod.ts";
