/**
 * WPA2-Personal authenticator core: PSKs, key derivation, EAPOL-Key codec, RSN element, key
 * data and AES key wrap, group keys, and the per-BSS authenticator state machine. Pure: no
 * I/O; time and transport are injected.
 *
 * @module
 */

export * from "./psk.ts";
export * from "./prf.ts";
export * from "./cmac.ts";
export * from "./key_wrap.ts";
export * from "./eapol_key.ts";
export * from "./key_data.ts";
export * from "./rsn_ie.ts";
export * from "./group_key.ts";
export * from "./wpa_host.ts";
export * from "./authenticator.ts";
