/**
 * Contents of the Encrypted Settings attribute (WSC 2.0.5, 8.3.4..8.3.9; reference 5.7): the
 * secret nonces, Credential(s) or AP Settings, always ending with the Key Wrap Authenticator.
 * `sealSettings`/`openSettings` join these codecs with the AES-128-CBC layer of crypto.ts.
 *
 * @module
 */

import { AttrWriter, lastAttr, parseAttributes } from "./attributes.ts";
import { Attr } from "./constants.ts";
import {
  buildApSettings,
  buildCredential,
  type Credential,
  credentialFromAttrs,
  parseCredential,
} from "./credential.ts";
import { appendKwa, decryptSettings, encryptSettings, verifyKwa } from "./crypto.ts";
import { WscDecodeError } from "./errors.ts";
import { wipe } from "../bytes.ts";

/** What an Encrypted Settings value may hold; which fields appear depends on the message. */
export interface EncryptedSettingsContent {
  /** M4. */
  rSNonce1?: Uint8Array;
  /** M6. */
  rSNonce2?: Uint8Array;
  /** M5. */
  eSNonce1?: Uint8Array;
  /** M7. */
  eSNonce2?: Uint8Array;
  /** M8 from an AP Registrar: one or more Credential attributes. */
  credentials?: Credential[];
  /** M7 from an AP-Enrollee, or M8 from a station Registrar: flat AP Settings. */
  apSettings?: Credential;
  /** Pre-encoded TLVs appended after the credentials (hostapd's `extra_cred`). */
  extra?: Uint8Array;
}

/**
 * Encodes settings and appends the KWA: nonces first, then AP Settings, Credential(s), `extra`
 * and the Key Wrap Authenticator (hostapd's order).
 *
 * @param content what to carry
 * @param authKey the run's AuthKey
 * @returns the plaintext to encrypt
 */
export function buildEncryptedSettings(
  content: EncryptedSettingsContent,
  authKey: Uint8Array,
): Uint8Array {
  const w = new AttrWriter();
  if (content.rSNonce1) w.putBytes(Attr.R_SNONCE1, content.rSNonce1);
  if (content.rSNonce2) w.putBytes(Attr.R_SNONCE2, content.rSNonce2);
  if (content.eSNonce1) w.putBytes(Attr.E_SNONCE1, content.eSNonce1);
  if (content.eSNonce2) w.putBytes(Attr.E_SNONCE2, content.eSNonce2);
  if (content.apSettings) w.putRaw(buildApSettings(content.apSettings));
  for (const c of content.credentials ?? []) w.putBytes(Attr.CRED, buildCredential(c));
  if (content.extra) w.putRaw(content.extra);
  const body = w.finish();
  const out = appendKwa(authKey, body);
  wipe(body);
  return out;
}

/**
 * Decodes decrypted settings. The KWA must be present and last (its value is checked by
 * {@link openSettings} or crypto.ts verifyKwa). AP Settings are reported when an SSID appears
 * outside a Credential.
 *
 * @param plaintext the decrypted TLVs, KWA included
 * @returns the content
 * @throws {WscDecodeError} when malformed, or the KWA is missing or not last
 */
export function parseEncryptedSettings(plaintext: Uint8Array): EncryptedSettingsContent {
  const attrs = parseAttributes(plaintext);
  const kwa = attrs.map.get(Attr.KEY_WRAP_AUTH);
  if (!kwa) {
    throw new WscDecodeError(
      "missing",
      "Cannot parse Encrypted Settings: no Key Wrap Authenticator",
      Attr.KEY_WRAP_AUTH,
    );
  }
  if (kwa.length > 1 || attrs.list[attrs.list.length - 1] !== kwa[0]) {
    throw new WscDecodeError(
      "malformed",
      "Cannot parse Encrypted Settings: Key Wrap Authenticator is not last",
      Attr.KEY_WRAP_AUTH,
      kwa[0]!.offset,
    );
  }
  const out: EncryptedSettingsContent = {};
  const one = (t: number) => lastAttr(attrs, t)?.value.slice();
  const rs1 = one(Attr.R_SNONCE1), rs2 = one(Attr.R_SNONCE2);
  const es1 = one(Attr.E_SNONCE1), es2 = one(Attr.E_SNONCE2);
  if (rs1) out.rSNonce1 = rs1;
  if (rs2) out.rSNonce2 = rs2;
  if (es1) out.eSNonce1 = es1;
  if (es2) out.eSNonce2 = es2;
  const creds = attrs.map.get(Attr.CRED);
  if (creds) out.credentials = creds.map((a) => parseCredential(a.value));
  if (attrs.map.has(Attr.SSID)) out.apSettings = credentialFromAttrs(attrs, "AP Settings");
  return out;
}

/**
 * Builds, KWA-protects and encrypts settings into an Encrypted Settings attribute value.
 *
 * @param keys the run's AuthKey and KeyWrapKey
 * @param content what to carry
 * @param iv a fixed IV (tests); fresh from the CSPRNG when omitted
 * @returns IV ‖ ciphertext
 */
export function sealSettings(
  keys: { authKey: Uint8Array; keyWrapKey: Uint8Array },
  content: EncryptedSettingsContent,
  iv?: Uint8Array,
): Uint8Array {
  const plain = buildEncryptedSettings(content, keys.authKey);
  const out = encryptSettings(keys.keyWrapKey, plain, iv);
  wipe(plain);
  return out;
}

/**
 * Decrypts an Encrypted Settings value, checks its KWA in constant time and decodes it.
 *
 * @param keys the run's AuthKey and KeyWrapKey
 * @param data IV ‖ ciphertext
 * @returns the content, or null when the Key Wrap Authenticator does not match
 * @throws {WscDecodeError} on a bad length, bad padding, malformed TLVs or a missing KWA
 */
export function openSettings(
  keys: { authKey: Uint8Array; keyWrapKey: Uint8Array },
  data: Uint8Array,
): EncryptedSettingsContent | null {
  const plain = decryptSettings(keys.keyWrapKey, data);
  try {
    const content = parseEncryptedSettings(plain);
    return verifyKwa(keys.authKey, plain) ? content : null;
  } finally {
    wipe(plain);
  }
}
