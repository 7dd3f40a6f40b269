/**
 * A station Enrollee for the fuzzer: the same protocol as wpa_supplicant's PIN/PBC Enrollee
 * (M1, M3, M5, M7, WSC_Done), but its keys and its last message are exposed and a hook may
 * replace any outgoing message, so mutations can be re-signed (a valid Authenticator) and
 * re-encrypted (valid or broken KWA and padding) to reach the Registrar's deep checks.
 *
 * @module
 */

import { createCipheriv } from "node:crypto";
import { concat, randomBytes, utf8 } from "../../core/bytes.ts";
import { WscOpCode, type WscOutgoing } from "../../core/eap/wsc_role.ts";
import { AttrWriter, parseAttributes } from "../../core/wps/attributes.ts";
import {
  Attr,
  AuthType,
  ConfigMethod,
  ConnTypeFlag,
  DevPasswordId,
  EncrType,
  MsgType,
} from "../../core/wps/constants.ts";
import {
  appendKwa,
  computeAuthenticator,
  computeEHash,
  computePsk1Psk2,
  decryptSettings,
  encryptSettings,
  verifyAuthenticator,
} from "../../core/wps/crypto.ts";
import { computeDhSharedSecret, type DhKeyPair, dhKeyPairFromPrivate } from "../../core/wps/dh.ts";
import { deriveKeys, type WpsKeys } from "../../core/wps/kdf.ts";
import {
  buildM1,
  buildM3,
  buildM5,
  buildM7,
  buildWscAck,
  buildWscDone,
  buildWscNack,
  messageTypeOf,
  parseM2,
  parseM8,
} from "../../core/wps/messages.ts";

/**
 * Station key pairs with 64-bit private exponents, reused across runs: the station side of
 * the fuzzer does not need fresh or strong keys, and a short exponent makes its half of the
 * Diffie-Hellman exchange cheap, so the AP side (which stays real) gets more of the time.
 */
const KEY_POOL: DhKeyPair[] = [];
let poolNext = 0;

function pooledKeyPair(): DhKeyPair {
  if (KEY_POOL.length < 8) {
    const priv = new Uint8Array(32);
    priv.set(randomBytes(8), 24);
    priv[24] = priv[24]! | 0x80;
    KEY_POOL.push(dhKeyPairFromPrivate(priv));
  }
  return KEY_POOL[poolNext++ % KEY_POOL.length]!;
}

/** Index of each Enrollee message in a run, for "inject at message k". */
export const ENROLLEE_MESSAGES = ["M1", "M3", "M5", "M7", "Done"] as const;

/** A legitimate outgoing message and, for M5/M7, its plaintext settings before the KWA. */
export interface OutgoingParts {
  /** Index in {@link ENROLLEE_MESSAGES}. */
  index: number;
  /** The message as the protocol wants it (signed). */
  message: WscOutgoing;
  /** Encrypted Settings plaintext without the KWA (M5: E-SNonce1, M7: E-SNonce2). */
  plain?: Uint8Array;
}

/** Replaces an outgoing message; returns null to send the legitimate one. */
export type OutgoingHook = (parts: OutgoingParts, e: FuzzEnrollee) => WscOutgoing | null;

/** Options of {@link FuzzEnrollee}. */
export interface FuzzEnrolleeOptions {
  /** PIN text; undefined for PBC. */
  pin?: string;
  /** UUID-E, 16 bytes. */
  uuid: Uint8Array;
  /** MAC Address attribute, 6 bytes. */
  mac: Uint8Array;
  /** Mutation hook. */
  hook?: OutgoingHook;
}

/** A station Enrollee with exposed keys. Throws on what it cannot parse. */
export class FuzzEnrollee {
  /** UUID-E. */
  readonly uuid: Uint8Array;
  /** MAC Address. */
  readonly mac: Uint8Array;
  /** Enrollee Nonce. */
  readonly nonceE: Uint8Array = randomBytes(16);
  /** Registrar Nonce, once M2 came. */
  nonceR: Uint8Array = new Uint8Array(16);
  /** AuthKey / KeyWrapKey / EMSK, once M2 came. */
  keys: WpsKeys | null = null;
  /** The previous message of the run (for the Authenticator). */
  last: Uint8Array = new Uint8Array(0);
  /** Next outgoing message index. */
  index = 0;
  /** Network Keys received in M8 (raw Encrypted Settings plaintext, whole). */
  readonly settings: Uint8Array[] = [];
  /** Replacement hook, may be set later. */
  hook: OutgoingHook | undefined;
  readonly #pin: Uint8Array;
  readonly #pbc: boolean;
  readonly #dh: DhKeyPair = pooledKeyPair();
  #pkR: Uint8Array = new Uint8Array(0);
  readonly #eS1 = randomBytes(16);
  readonly #eS2 = randomBytes(16);

  /** @param o identity, PIN and hook */
  constructor(o: FuzzEnrolleeOptions) {
    this.uuid = o.uuid;
    this.mac = o.mac;
    this.hook = o.hook;
    this.#pbc = o.pin === undefined;
    this.#pin = utf8(o.pin ?? "00000000");
  }

  /** Answers one whole message from the AP; null to stay silent. */
  receive(m: WscOutgoing): WscOutgoing | null {
    if (m.opCode === WscOpCode.START) return this.#out(this.#m1());
    if (m.opCode === WscOpCode.NACK) return this.nack(0);
    if (m.opCode !== WscOpCode.MSG) return null;
    switch (messageTypeOf(parseAttributes(m.payload))) {
      case MsgType.M2:
        return this.#onM2(m.payload);
      case MsgType.M2D:
        return { opCode: WscOpCode.ACK, payload: buildWscAck(this.nonces()) };
      case MsgType.M4:
        return this.#onM4or6(m.payload, 2);
      case MsgType.M6:
        return this.#onM4or6(m.payload, 3);
      case MsgType.M8:
        return this.#onM8(m.payload);
      default:
        return null;
    }
  }

  /** Both nonces, for ACK/NACK/Done. */
  nonces(): { enrolleeNonce: Uint8Array; registrarNonce: Uint8Array } {
    return { enrolleeNonce: this.nonceE, registrarNonce: this.nonceR };
  }

  /** A WSC_NACK with this run's nonces. */
  nack(configError: number): WscOutgoing {
    return {
      opCode: WscOpCode.NACK,
      payload: buildWscNack({ ...this.nonces(), configError }),
    };
  }

  /**
   * Re-signs a (mutated) message: drops a trailing Authenticator attribute, then appends one
   * computed over the previous message and the rest.
   */
  resign(payload: Uint8Array): Uint8Array {
    let body = payload;
    const n = body.length;
    if (n >= 12 && body[n - 12] === 0x10 && body[n - 11] === 0x05 && body[n - 9] === 8) {
      body = body.subarray(0, n - 12);
    }
    if (!this.keys) return body;
    const a = computeAuthenticator(this.keys.authKey, this.last, body);
    return concat(body, Uint8Array.of(0x10, 0x05, 0, 8), a);
  }

  /**
   * Encrypts settings with this run's KeyWrapKey; `kwa` chooses a correct, missing or wrong
   * KWA, `padding` a correct PKCS#5 pad, a wrong one, or none (data not block-aligned).
   */
  seal(
    plain: Uint8Array,
    kwa: "ok" | "none" | "bad" = "ok",
    padding: "ok" | "bad" | "zero" | "none" = "ok",
  ): Uint8Array {
    const k = this.keys!;
    let p = kwa === "none" ? plain : appendKwa(k.authKey, plain);
    if (kwa === "bad") p[p.length - 1] = p[p.length - 1]! ^ 0xff;
    if (padding === "ok") return encryptSettings(k.keyWrapKey, p);
    if (padding === "bad") p = concat(p, new Uint8Array(16 - (p.length % 16)).fill(0x11));
    if (padding === "zero") p = concat(p, new Uint8Array(16 - (p.length % 16)));
    const iv = randomBytes(16);
    if (padding === "none") return concat(iv, p); // not even encrypted: wrong length or junk
    const c = createCipheriv("aes-128-cbc", k.keyWrapKey, iv);
    c.setAutoPadding(false);
    return concat(iv, new Uint8Array(c.update(p)), new Uint8Array(c.final()));
  }

  /** Builds M5 (index 2) or M7 (index 3) around raw Encrypted Settings, signed. */
  encryptedMessage(index: 2 | 3, encrypted: Uint8Array): Uint8Array {
    const build = index === 2 ? buildM5 : buildM7;
    return build(
      { registrarNonce: this.nonceR, encryptedSettings: encrypted },
      { authKey: this.keys!.authKey, previous: this.last },
    );
  }

  #out(parts: OutgoingParts): WscOutgoing {
    this.index = parts.index + 1;
    const chosen = this.hook?.(parts, this) ?? parts.message;
    if (chosen.opCode === WscOpCode.MSG) this.last = chosen.payload;
    return chosen;
  }

  #m1(): OutgoingParts {
    const payload = buildM1({
      uuidE: this.uuid,
      macAddress: this.mac,
      enrolleeNonce: this.nonceE,
      publicKey: this.#dh.publicKey,
      authTypeFlags: AuthType.OPEN | AuthType.WPAPSK | AuthType.WPA2PSK,
      encrTypeFlags: EncrType.NONE | EncrType.TKIP | EncrType.AES,
      connTypeFlags: ConnTypeFlag.ESS,
      configMethods: ConfigMethod.DISPLAY | ConfigMethod.KEYPAD | ConfigMethod.VIRT_PUSHBUTTON,
      wpsState: 1,
      manufacturer: "FuzzManu",
      modelName: "FuzzModel",
      modelNumber: "1",
      serialNumber: "1",
      primaryDeviceType: Uint8Array.of(0, 1, 0, 0x50, 0xf2, 4, 0, 1),
      deviceName: "FuzzSTA",
      rfBands: 1,
      assocState: 0,
      devPasswordId: this.#pbc ? DevPasswordId.PUSHBUTTON : DevPasswordId.DEFAULT,
      configError: 0,
      osVersion: 0x80000000,
    });
    return { index: 0, message: { opCode: WscOpCode.MSG, payload } };
  }

  #onM2(b: Uint8Array): WscOutgoing {
    const m2 = parseM2(b);
    this.nonceR = m2.registrarNonce;
    this.#pkR = m2.publicKey;
    const shared = computeDhSharedSecret(this.#dh.privateKey, m2.publicKey);
    const d = deriveKeys({
      sharedSecret: shared,
      enrolleeNonce: this.nonceE,
      enrolleeMac: this.mac,
      registrarNonce: this.nonceR,
    });
    this.keys = { authKey: d.authKey, keyWrapKey: d.keyWrapKey, emsk: d.emsk };
    if (!verifyAuthenticator(this.keys.authKey, this.last, b)) return this.nack(0);
    this.last = b;
    const k = this.keys.authKey;
    const { psk1, psk2 } = computePsk1Psk2(k, this.#pin);
    const pkE = this.#dh.publicKey;
    const payload = buildM3({
      registrarNonce: this.nonceR,
      eHash1: computeEHash(k, this.#eS1, psk1, pkE, this.#pkR),
      eHash2: computeEHash(k, this.#eS2, psk2, pkE, this.#pkR),
    }, { authKey: k, previous: this.last });
    return this.#out({ index: 1, message: { opCode: WscOpCode.MSG, payload } });
  }

  #onM4or6(b: Uint8Array, index: 2 | 3): WscOutgoing {
    if (!verifyAuthenticator(this.keys!.authKey, this.last, b)) return this.nack(0);
    this.last = b;
    const plain = new AttrWriter()
      .putBytes(index === 2 ? Attr.E_SNONCE1 : Attr.E_SNONCE2, index === 2 ? this.#eS1 : this.#eS2)
      .finish();
    const payload = this.encryptedMessage(index, this.seal(plain));
    return this.#out({ index, message: { opCode: WscOpCode.MSG, payload }, plain });
  }

  #onM8(b: Uint8Array): WscOutgoing {
    if (!verifyAuthenticator(this.keys!.authKey, this.last, b)) return this.nack(0);
    this.last = b;
    this.settings.push(decryptSettings(this.keys!.keyWrapKey, parseM8(b).encryptedSettings));
    return this.#out({
      index: 4,
      message: { opCode: WscOpCode.DONE, payload: buildWscDone(this.nonces()) },
    });
  }
}
