/**
 * The table-driven engine behind the WSC message codecs: each message is a list of fields in
 * hostapd's build order; one generic parser checks presence, duplicates and the Authenticator
 * position, and one generic builder writes the fields in order.
 *
 * @module
 * @private
 */

import { AttrWriter, lastAttr, parseAttributes, readUint, type WscAttrs } from "./attributes.ts";
import { Attr, WPS_VERSION } from "./constants.ts";
import { WscDecodeError } from "./errors.ts";
import { computeAuthenticator } from "./crypto.ts";
import { buildWfaExtension, isWfaVendorExt, parseWfaExtension } from "./vendor_ext.ts";

/** How one field's value is encoded. */
export type Codec = "u8" | "u16" | "u32" | "bytes" | "string";

/** One attribute of a message schema. */
export interface FieldSpec {
  attr: number;
  key: string;
  codec: Codec;
  required: boolean;
}

/** A message schema: its Message Type, its fields, and whether an Authenticator ends it. */
export interface MessageSchema {
  name: string;
  msgType: number;
  fields: FieldSpec[];
  authenticator: boolean;
}

/** Shorthand for a required field. */
export function req(attr: number, key: string, codec: Codec): FieldSpec {
  return { attr, key, codec, required: true };
}

/** Shorthand for an optional field. */
export function opt(attr: number, key: string, codec: Codec): FieldSpec {
  return { attr, key, codec, required: false };
}

/** Where the Authenticator of a message being built comes from. */
export type AuthenticatorSource =
  /** Compute it over `previous` ‖ this message with `authKey`. */
  | { authKey: Uint8Array; previous: Uint8Array }
  /** Use this value as is. */
  | { authenticator: Uint8Array };

const decoder = new TextDecoder();

function decodeField(codec: Codec, value: Uint8Array): unknown {
  switch (codec) {
    case "u8":
    case "u16":
    case "u32":
      return readUint(value);
    case "bytes":
      return value.slice();
    case "string": {
      // hostapd keeps these as C strings: text after a NUL is not shown, written or compared.
      const nul = value.indexOf(0);
      return decoder.decode(nul < 0 ? value : value.subarray(0, nul));
    }
  }
}

/** Reads the Message Type of a TLV stream without validating the rest; undefined if absent. */
export function messageTypeOf(attrs: WscAttrs): number | undefined {
  return lastAttr(attrs, Attr.MSG_TYPE)?.value[0];
}

/**
 * Parses `bytes` against `schema`. The result holds one property per present field, plus
 * `version`, `wfa`, `vendorExtensions`, `authenticator` (when the schema has one), `raw` and
 * `attrs`.
 */
export function parseWithSchema(schema: MessageSchema, bytes: Uint8Array): Record<string, unknown> {
  const attrs = parseAttributes(bytes);
  const type = messageTypeOf(attrs);
  if (type === undefined) {
    throw new WscDecodeError(
      "missing",
      `Cannot parse ${schema.name}: no Message Type`,
      Attr.MSG_TYPE,
    );
  }
  if (type !== schema.msgType) {
    throw new WscDecodeError(
      "malformed",
      `Cannot parse ${schema.name}: Message Type ${type}`,
      Attr.MSG_TYPE,
    );
  }
  const out: Record<string, unknown> = { raw: bytes.slice(), attrs };
  // A repeated attribute is not an error: hostapd's parser keeps the last of each.
  const single = (t: number) => lastAttr(attrs, t);
  const version = single(Attr.VERSION);
  if (version) out.version = version.value[0];
  for (const f of schema.fields) {
    const a = single(f.attr);
    if (!a) {
      if (f.required) {
        throw new WscDecodeError("missing", `Cannot parse ${schema.name}: no ${f.key}`, f.attr);
      }
      continue;
    }
    out[f.key] = decodeField(f.codec, a.value);
  }
  const exts = attrs.map.get(Attr.VENDOR_EXT) ?? [];
  const wfa = exts.filter((a) => isWfaVendorExt(a.value)).at(-1);
  if (wfa) out.wfa = parseWfaExtension(wfa.value, wfa.offset);
  const others = exts.filter((a) => !isWfaVendorExt(a.value)).map((a) => a.value.slice());
  if (others.length) out.vendorExtensions = others;
  if (schema.authenticator) {
    const auth = single(Attr.AUTHENTICATOR);
    if (!auth) {
      throw new WscDecodeError(
        "missing",
        `Cannot parse ${schema.name}: no Authenticator`,
        Attr.AUTHENTICATOR,
      );
    }
    if (attrs.list[attrs.list.length - 1] !== auth) {
      throw new WscDecodeError(
        "malformed",
        `Cannot parse ${schema.name}: Authenticator is not last`,
        Attr.AUTHENTICATOR,
        auth.offset,
      );
    }
    out.authenticator = auth.value.slice();
  }
  return out;
}

function writeField(w: AttrWriter, f: FieldSpec, value: unknown, schema: MessageSchema): void {
  const fail = (why: string) => new TypeError(`Cannot build ${schema.name}: ${f.key} ${why}`);
  switch (f.codec) {
    case "u8":
    case "u16":
    case "u32": {
      const max = f.codec === "u8" ? 0xff : f.codec === "u16" ? 0xffff : 0xffffffff;
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
        throw fail("is not an unsigned integer in range");
      }
      if (f.codec === "u8") w.putU8(f.attr, value);
      else if (f.codec === "u16") w.putU16(f.attr, value);
      else w.putU32(f.attr, value);
      return;
    }
    case "bytes":
      if (!(value instanceof Uint8Array)) throw fail("is not bytes");
      w.putBytes(f.attr, value);
      return;
    case "string":
      if (typeof value !== "string") throw fail("is not a string");
      w.putString(f.attr, value);
      return;
  }
}

/**
 * Builds a message from `msg` in the schema's order: Version, Message Type, fields, WFA
 * extension (always, with Version2), other vendor extensions, then the Authenticator.
 */
export function buildWithSchema(
  schema: MessageSchema,
  msg: Record<string, unknown>,
  auth?: AuthenticatorSource,
): Uint8Array {
  const w = new AttrWriter();
  w.putU8(Attr.VERSION, (msg.version as number | undefined) ?? WPS_VERSION);
  w.putU8(Attr.MSG_TYPE, schema.msgType);
  for (const f of schema.fields) {
    const v = msg[f.key];
    if (v === undefined) {
      if (f.required) throw new TypeError(`Cannot build ${schema.name}: no ${f.key}`);
      continue;
    }
    writeField(w, f, v, schema);
  }
  w.putBytes(Attr.VENDOR_EXT, buildWfaExtension((msg.wfa as object | undefined) ?? {}));
  for (const v of (msg.vendorExtensions as Uint8Array[] | undefined) ?? []) {
    w.putBytes(Attr.VENDOR_EXT, v);
  }
  if (!schema.authenticator) return w.finish();
  if (!auth) throw new TypeError(`Cannot build ${schema.name}: no Authenticator source`);
  const value = "authenticator" in auth
    ? auth.authenticator
    : computeAuthenticator(auth.authKey, auth.previous, w.finish());
  if (value.length !== 8) {
    throw new RangeError(`Cannot build ${schema.name}: Authenticator length ${value.length}`);
  }
  w.putBytes(Attr.AUTHENTICATOR, value);
  return w.finish();
}
