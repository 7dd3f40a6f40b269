/**
 * Typed WSC registration messages M1..M8, M2D, WSC_ACK, WSC_NACK and WSC_Done (WSC 2.0.5,
 * 8.3; reference 5.7), each with a `buildX`/`parseX` pair. Builders write hostapd's attribute
 * order; parsers are driven by the per-message tables below, reject a missing required
 * attribute (`kind: "missing"`), a duplicate, or an Authenticator that is not last, and keep the
 * original bytes for the Authenticator chain.
 *
 * @module
 */

import type { WscAttrs } from "./attributes.ts";
import { Attr, MsgType } from "./constants.ts";
import {
  type AuthenticatorSource,
  buildWithSchema,
  type FieldSpec,
  type MessageSchema,
  opt,
  parseWithSchema,
  req,
} from "./_message_schema.ts";
import type { WfaExtension } from "./vendor_ext.ts";

export type { AuthenticatorSource } from "./_message_schema.ts";
export { messageTypeOf } from "./_message_schema.ts";

/** Attributes every message may carry. */
export interface MessageCommon {
  /** Version attribute; 0x10 when omitted. */
  version?: number;
  /** WFA Vendor Extension; built with Version2 0x20 when omitted. */
  wfa?: WfaExtension;
  /** Other Vendor Extension values (vendor ID first), in order. */
  vendorExtensions?: Uint8Array[];
}

/** What a parser adds: the original bytes and every attribute found. */
export interface ParsedExtras {
  /** The message exactly as received (the next Authenticator covers it). */
  raw: Uint8Array;
  /** All attributes, including ones the message type does not define. */
  attrs: WscAttrs;
}

/** The Authenticator of a parsed M2..M8. */
export interface WithAuthenticator {
  /** The received 8-byte Authenticator value (verify with verifyAuthenticator on `raw`). */
  authenticator: Uint8Array;
}

/** The device description attributes (hostapd's wps_build_device_attrs order). */
export interface DeviceAttributes {
  manufacturer: string;
  modelName: string;
  modelNumber: string;
  serialNumber: string;
  /** 8 bytes: category (2), OUI (4), sub-category (2). */
  primaryDeviceType: Uint8Array;
  deviceName: string;
}

/** M1: Enrollee → Registrar. */
export interface M1 extends MessageCommon, DeviceAttributes {
  uuidE: Uint8Array;
  macAddress: Uint8Array;
  enrolleeNonce: Uint8Array;
  /** 190..192 bytes, as sent. */
  publicKey: Uint8Array;
  authTypeFlags: number;
  encrTypeFlags: number;
  connTypeFlags: number;
  configMethods: number;
  wpsState: number;
  rfBands: number;
  assocState: number;
  devPasswordId: number;
  configError: number;
  /** OS Version (the top bit is set on the wire by hostapd; see device.ts). */
  osVersion: number;
}

/** M2: Registrar → Enrollee. */
export interface M2 extends MessageCommon, DeviceAttributes {
  enrolleeNonce: Uint8Array;
  registrarNonce: Uint8Array;
  uuidR: Uint8Array;
  publicKey: Uint8Array;
  authTypeFlags: number;
  encrTypeFlags: number;
  connTypeFlags: number;
  configMethods: number;
  rfBands: number;
  assocState: number;
  configError: number;
  devPasswordId: number;
  osVersion: number;
  /** Only with NFC connection handover. */
  encryptedSettings?: Uint8Array;
}

/** M2D: Registrar → Enrollee when it cannot proceed (no Authenticator, no key). */
export interface M2D extends MessageCommon, DeviceAttributes {
  enrolleeNonce: Uint8Array;
  /** hostapd sends 16 zero bytes unless an M2 was built earlier. */
  registrarNonce: Uint8Array;
  uuidR: Uint8Array;
  authTypeFlags: number;
  encrTypeFlags: number;
  connTypeFlags: number;
  configMethods: number;
  rfBands: number;
  assocState: number;
  configError: number;
  osVersion: number;
}

/** M3: Enrollee → Registrar, committing to both PIN halves. */
export interface M3 extends MessageCommon {
  registrarNonce: Uint8Array;
  eHash1: Uint8Array;
  eHash2: Uint8Array;
}

/** M4: Registrar → Enrollee; Encrypted Settings hold R-SNonce1. */
export interface M4 extends MessageCommon {
  enrolleeNonce: Uint8Array;
  rHash1: Uint8Array;
  rHash2: Uint8Array;
  encryptedSettings: Uint8Array;
}

/** M5 and M7 (Enrollee → Registrar): Encrypted Settings hold E-SNonce1 / E-SNonce2. */
export interface M5 extends MessageCommon {
  registrarNonce: Uint8Array;
  encryptedSettings: Uint8Array;
}

/** M6 and M8 (Registrar → Enrollee): R-SNonce2 / the Credential(s). */
export interface M6 extends MessageCommon {
  enrolleeNonce: Uint8Array;
  encryptedSettings: Uint8Array;
}

/** M7: same shape as {@link M5}. */
export type M7 = M5;
/** M8: same shape as {@link M6}. */
export type M8 = M6;

/** WSC_ACK and WSC_Done: both nonces. */
export interface WscAck extends MessageCommon {
  enrolleeNonce: Uint8Array;
  registrarNonce: Uint8Array;
}

/** WSC_NACK: both nonces and the Configuration Error. */
export interface WscNack extends WscAck {
  configError: number;
}

/** WSC_Done: same shape as {@link WscAck}. */
export type WscDone = WscAck;

const DEVICE: FieldSpec[] = [
  req(Attr.MANUFACTURER, "manufacturer", "string"),
  req(Attr.MODEL_NAME, "modelName", "string"),
  req(Attr.MODEL_NUMBER, "modelNumber", "string"),
  req(Attr.SERIAL_NUMBER, "serialNumber", "string"),
  req(Attr.PRIMARY_DEV_TYPE, "primaryDeviceType", "bytes"),
  req(Attr.DEV_NAME, "deviceName", "string"),
];
const FLAGS: FieldSpec[] = [
  req(Attr.AUTH_TYPE_FLAGS, "authTypeFlags", "u16"),
  req(Attr.ENCR_TYPE_FLAGS, "encrTypeFlags", "u16"),
  req(Attr.CONN_TYPE_FLAGS, "connTypeFlags", "u8"),
  req(Attr.CONFIG_METHODS, "configMethods", "u16"),
];
const E_NONCE = req(Attr.ENROLLEE_NONCE, "enrolleeNonce", "bytes");
const R_NONCE = req(Attr.REGISTRAR_NONCE, "registrarNonce", "bytes");
const ENCR = req(Attr.ENCR_SETTINGS, "encryptedSettings", "bytes");

/** Per-message tables in hostapd's build order (reference 5.7). */
export const SCHEMAS = {
  M1: {
    name: "M1",
    msgType: MsgType.M1,
    authenticator: false,
    fields: [
      req(Attr.UUID_E, "uuidE", "bytes"),
      req(Attr.MAC_ADDR, "macAddress", "bytes"),
      E_NONCE,
      req(Attr.PUBLIC_KEY, "publicKey", "bytes"),
      ...FLAGS,
      req(Attr.WPS_STATE, "wpsState", "u8"),
      ...DEVICE,
      req(Attr.RF_BANDS, "rfBands", "u8"),
      req(Attr.ASSOC_STATE, "assocState", "u16"),
      req(Attr.DEV_PASSWORD_ID, "devPasswordId", "u16"),
      req(Attr.CONFIG_ERROR, "configError", "u16"),
      req(Attr.OS_VERSION, "osVersion", "u32"),
    ],
  },
  M2: {
    name: "M2",
    msgType: MsgType.M2,
    authenticator: true,
    fields: [
      E_NONCE,
      R_NONCE,
      req(Attr.UUID_R, "uuidR", "bytes"),
      req(Attr.PUBLIC_KEY, "publicKey", "bytes"),
      ...FLAGS,
      ...DEVICE,
      req(Attr.RF_BANDS, "rfBands", "u8"),
      req(Attr.ASSOC_STATE, "assocState", "u16"),
      req(Attr.CONFIG_ERROR, "configError", "u16"),
      req(Attr.DEV_PASSWORD_ID, "devPasswordId", "u16"),
      req(Attr.OS_VERSION, "osVersion", "u32"),
      opt(Attr.ENCR_SETTINGS, "encryptedSettings", "bytes"),
    ],
  },
  M2D: {
    name: "M2D",
    msgType: MsgType.M2D,
    authenticator: false,
    fields: [
      E_NONCE,
      R_NONCE,
      req(Attr.UUID_R, "uuidR", "bytes"),
      ...FLAGS,
      ...DEVICE,
      req(Attr.RF_BANDS, "rfBands", "u8"),
      req(Attr.ASSOC_STATE, "assocState", "u16"),
      req(Attr.CONFIG_ERROR, "configError", "u16"),
      req(Attr.OS_VERSION, "osVersion", "u32"),
    ],
  },
  M3: {
    name: "M3",
    msgType: MsgType.M3,
    authenticator: true,
    fields: [R_NONCE, req(Attr.E_HASH1, "eHash1", "bytes"), req(Attr.E_HASH2, "eHash2", "bytes")],
  },
  M4: {
    name: "M4",
    msgType: MsgType.M4,
    authenticator: true,
    fields: [
      E_NONCE,
      req(Attr.R_HASH1, "rHash1", "bytes"),
      req(Attr.R_HASH2, "rHash2", "bytes"),
      ENCR,
    ],
  },
  M5: { name: "M5", msgType: MsgType.M5, authenticator: true, fields: [R_NONCE, ENCR] },
  M6: { name: "M6", msgType: MsgType.M6, authenticator: true, fields: [E_NONCE, ENCR] },
  M7: { name: "M7", msgType: MsgType.M7, authenticator: true, fields: [R_NONCE, ENCR] },
  M8: { name: "M8", msgType: MsgType.M8, authenticator: true, fields: [E_NONCE, ENCR] },
  WSC_ACK: {
    name: "WSC_ACK",
    msgType: MsgType.WSC_ACK,
    authenticator: false,
    fields: [E_NONCE, R_NONCE],
  },
  WSC_NACK: {
    name: "WSC_NACK",
    msgType: MsgType.WSC_NACK,
    authenticator: false,
    fields: [E_NONCE, R_NONCE, req(Attr.CONFIG_ERROR, "configError", "u16")],
  },
  WSC_DONE: {
    name: "WSC_Done",
    msgType: MsgType.WSC_DONE,
    authenticator: false,
    fields: [E_NONCE, R_NONCE],
  },
} as const satisfies Record<string, MessageSchema>;

type Rec = Record<string, unknown>;
const parse = <T>(s: MessageSchema, b: Uint8Array) => parseWithSchema(s, b) as unknown as T;
const build = (s: MessageSchema, m: object, a?: AuthenticatorSource) =>
  buildWithSchema(s, m as Rec, a);

/** Parsed M1. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM1(bytes: Uint8Array): M1 & ParsedExtras {
  return parse(SCHEMAS.M1, bytes);
}
/** Builds M1 (no Authenticator). @throws {TypeError} when a required field is absent */
export function buildM1(msg: M1): Uint8Array {
  return build(SCHEMAS.M1, msg);
}
/** Parsed M2. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM2(bytes: Uint8Array): M2 & ParsedExtras & WithAuthenticator {
  return parse(SCHEMAS.M2, bytes);
}
/** Builds M2 with its Authenticator (over M1 ‖ M2). @throws {TypeError} on a missing field */
export function buildM2(msg: M2, auth: AuthenticatorSource): Uint8Array {
  return build(SCHEMAS.M2, msg, auth);
}
/** Parsed M2D. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM2D(bytes: Uint8Array): M2D & ParsedExtras {
  return parse(SCHEMAS.M2D, bytes);
}
/** Builds M2D (no Authenticator). @throws {TypeError} when a required field is absent */
export function buildM2D(msg: M2D): Uint8Array {
  return build(SCHEMAS.M2D, msg);
}
/** Parsed M3. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM3(bytes: Uint8Array): M3 & ParsedExtras & WithAuthenticator {
  return parse(SCHEMAS.M3, bytes);
}
/** Builds M3 with its Authenticator (over M2 ‖ M3). @throws {TypeError} on a missing field */
export function buildM3(msg: M3, auth: AuthenticatorSource): Uint8Array {
  return build(SCHEMAS.M3, msg, auth);
}
/** Parsed M4. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM4(bytes: Uint8Array): M4 & ParsedExtras & WithAuthenticator {
  return parse(SCHEMAS.M4, bytes);
}
/** Builds M4 with its Authenticator (over M3 ‖ M4). @throws {TypeError} on a missing field */
export function buildM4(msg: M4, auth: AuthenticatorSource): Uint8Array {
  return build(SCHEMAS.M4, msg, auth);
}
/** Parsed M5. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM5(bytes: Uint8Array): M5 & ParsedExtras & WithAuthenticator {
  return parse(SCHEMAS.M5, bytes);
}
/** Builds M5 with its Authenticator (over M4 ‖ M5). @throws {TypeError} on a missing field */
export function buildM5(msg: M5, auth: AuthenticatorSource): Uint8Array {
  return build(SCHEMAS.M5, msg, auth);
}
/** Parsed M6. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM6(bytes: Uint8Array): M6 & ParsedExtras & WithAuthenticator {
  return parse(SCHEMAS.M6, bytes);
}
/** Builds M6 with its Authenticator (over M5 ‖ M6). @throws {TypeError} on a missing field */
export function buildM6(msg: M6, auth: AuthenticatorSource): Uint8Array {
  return build(SCHEMAS.M6, msg, auth);
}
/** Parsed M7. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM7(bytes: Uint8Array): M7 & ParsedExtras & WithAuthenticator {
  return parse(SCHEMAS.M7, bytes);
}
/** Builds M7 with its Authenticator (over M6 ‖ M7). @throws {TypeError} on a missing field */
export function buildM7(msg: M7, auth: AuthenticatorSource): Uint8Array {
  return build(SCHEMAS.M7, msg, auth);
}
/** Parsed M8. @throws {WscDecodeError} when malformed or a required attribute is missing */
export function parseM8(bytes: Uint8Array): M8 & ParsedExtras & WithAuthenticator {
  return parse(SCHEMAS.M8, bytes);
}
/** Builds M8 with its Authenticator (over M7 ‖ M8). @throws {TypeError} on a missing field */
export function buildM8(msg: M8, auth: AuthenticatorSource): Uint8Array {
  return build(SCHEMAS.M8, msg, auth);
}
/** Parsed WSC_ACK. @throws {WscDecodeError} when malformed or an attribute is missing */
export function parseWscAck(bytes: Uint8Array): WscAck & ParsedExtras {
  return parse(SCHEMAS.WSC_ACK, bytes);
}
/** Builds WSC_ACK. @throws {TypeError} when a required field is absent */
export function buildWscAck(msg: WscAck): Uint8Array {
  return build(SCHEMAS.WSC_ACK, msg);
}
/** Parsed WSC_NACK. @throws {WscDecodeError} when malformed or an attribute is missing */
export function parseWscNack(bytes: Uint8Array): WscNack & ParsedExtras {
  return parse(SCHEMAS.WSC_NACK, bytes);
}
/** Builds WSC_NACK. @throws {TypeError} when a required field is absent */
export function buildWscNack(msg: WscNack): Uint8Array {
  return build(SCHEMAS.WSC_NACK, msg);
}
/** Parsed WSC_Done. @throws {WscDecodeError} when malformed or an attribute is missing */
export function parseWscDone(bytes: Uint8Array): WscDone & ParsedExtras {
  return parse(SCHEMAS.WSC_DONE, bytes);
}
/** Builds WSC_Done. @throws {TypeError} when a required field is absent */
export function buildWscDone(msg: WscDone): Uint8Array {
  return build(SCHEMAS.WSC_DONE, msg);
}
