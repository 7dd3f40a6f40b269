/**
 * WPS codecs and cryptography: constants, TLVs, messages, Encrypted Settings, credentials,
 * DH/KDF, PINs, UUIDs, device attributes and management-frame IEs. Pure: no I/O.
 *
 * @module
 */

export * from "./constants.ts";
export * from "./errors.ts";
export * from "./attributes.ts";
export * from "./vendor_ext.ts";
export * from "./messages.ts";
export * from "./credential.ts";
export * from "./encrypted_settings.ts";
export * from "./dh.ts";
export * from "./kdf.ts";
export * from "./crypto.ts";
export * from "./pin.ts";
export * from "./uuid.ts";
export * from "./device.ts";
export * from "./ie.ts";
export * from "./wps_context.ts";
export * from "./wps_settings.ts";
export * from "./registrar.ts";
export * from "./enrollee.ts";
export * from "./pin_table.ts";
export * from "./pbc.ts";
export * from "./ap_pin.ts";
export { AuthorizedMacs, BROADCAST_MAC } from "./authorized_macs.ts";
