/**
 * Test-only WPS peers built from the codec's message builders: a station Enrollee (what
 * wpa_supplicant does with `phase1="pin=..."`/`pbc=1`) and a station external Registrar
 * (what `wpa_cli wps_reg` does with the AP PIN), plus a driver that plays one against a
 * WscRun in memory, and a WpsContext fixture with a recording host.
 *
 * @module
 */

import { bytesEqual, fromHex, randomBytes, utf8, wipe } from "../../../core/bytes.ts";
import { ManualClock } from "../../../core/clock.ts";
import { WscOpCode, type WscOutgoing, type WscRun } from "../../../core/eap/wsc_role.ts";
import { AttrWriter, parseAttributes, readUint } from "../../../core/wps/attributes.ts";
import {
  Attr,
  AuthType,
  ConfigMethod,
  ConnTypeFlag,
  DevPasswordId,
  EncrType,
  MsgType,
  msgTypeName,
} from "../../../core/wps/constants.ts";
import {
  appendKwa,
  computeEHash,
  computePsk1Psk2,
  computeRHash,
  decryptSettings,
  encryptSettings,
  verifyAuthenticator,
  verifyKwa,
} from "../../../core/wps/crypto.ts";
import {
  computeDhSharedSecret,
  DH_GROUP5_PRIME,
  DH_PRIME_LENGTH,
  type DhKeyPair,
  generateDhKeyPair,
} from "../../../core/wps/dh.ts";
import { deriveKeys, type WpsKeys } from "../../../core/wps/kdf.ts";
import {
  buildM1,
  buildM2,
  buildM3,
  buildM4,
  buildM5,
  buildM6,
  buildM7,
  buildM8,
  buildWscAck,
  buildWscDone,
  buildWscNack,
  messageTypeOf,
  parseM1,
  parseM2,
  parseM3,
  parseM4,
  parseM5,
  parseM6,
  parseM7,
  parseM8,
} from "../../../core/wps/messages.ts";
import { WpsContext } from "../../../core/wps/wps_context.ts";
import type { NewApSettings, WpsApSettings, WpsHost } from "../../../core/wps/wps_settings.ts";

/** One message exchanged, for traces: direction and name. */
export type Trace = string[];

/** Short name of a WSC message (`Start` for the empty WSC_Start). */
export function nameOf(m: WscOutgoing): string {
  if (m.opCode === WscOpCode.START) return "Start";
  const t = messageTypeOf(parseAttributes(m.payload));
  const n = t === undefined ? "?" : msgTypeName(t);
  if (t === MsgType.WSC_NACK) {
    const err = parseAttributes(m.payload).map.get(Attr.CONFIG_ERROR)?.[0]?.value;
    return `NACK(${err ? readUint(err) : "?"})`;
  }
  return n;
}

/** A peer: answers what the run sent, or null to stay silent. */
export interface Peer {
  receive(m: WscOutgoing): WscOutgoing | null;
}

/**
 * Plays `peer` against `run` until one side stops, calling the run's `prepare` after each of
 * its messages unless `prepare` is false.
 *
 * @returns the message names in order, AP messages prefixed `>`, peer messages `<`, and
 *   `EAP-Failure` when the run finished
 */
export function drive(run: WscRun, peer: Peer, prepare = true): Trace {
  const trace: Trace = [];
  let out = run.start();
  for (let i = 0; i < 30; i++) {
    trace.push(`>${nameOf(out)}`);
    const reply = peer.receive(out);
    if (!reply) break;
    trace.push(`<${nameOf(reply)}`);
    const step = run.handle(reply.opCode, reply.payload);
    if (step.action === "finish") {
      trace.push("EAP-Failure");
      step.after?.();
      break;
    }
    out = step.message;
    // As the EAP-WSC session does once the message is on the wire.
    if (prepare) run.prepare?.();
  }
  run.end("finished");
  return trace;
}

const msg = (payload: Uint8Array): WscOutgoing => ({ opCode: WscOpCode.MSG, payload });

/** Device attributes the test peers send. */
const STA_DEVICE = {
  manufacturer: "StaManu",
  modelName: "StaModel",
  modelNumber: "2.0",
  serialNumber: "1234",
  primaryDeviceType: fromHex("00010050f2040001"),
  deviceName: "TestSTA",
};

/** Options of {@link TestEnrollee}. */
export interface TestEnrolleeOptions {
  /** PIN text, or undefined for PBC. */
  pin?: string;
  uuid?: Uint8Array;
  mac?: Uint8Array;
  /** Overrides the Device Password ID (4 for PBC by default). */
  devPasswordId?: number;
  configMethods?: number;
  /** Check R-Hash1/R-Hash2 like wpa_supplicant (default true); false to reach M5/M7. */
  checkRHash?: boolean;
  /** Use this PIN for E-Hash/E-SNonce instead of `pin` (a rogue Enrollee). */
  proofPin?: string;
  /** Corrupt the Authenticator of this message type. */
  corruptAuthOf?: number;
  /**
   * Send p − PKE, outside the prime-order subgroup, and take whichever of the two possible
   * shared secrets M2's Authenticator confirms: the one-bit probe the subgroup check stops.
   */
  negatedPke?: boolean;
}

/** p − x for a 192-byte big-endian x below p. */
function primeMinus(x: Uint8Array): Uint8Array {
  const out = new Uint8Array(DH_PRIME_LENGTH);
  let borrow = 0;
  for (let i = DH_PRIME_LENGTH - 1; i >= 0; i--) {
    const d = DH_GROUP5_PRIME[i]! - x[i]! - borrow;
    out[i] = d & 0xff;
    borrow = d < 0 ? 1 : 0;
  }
  return out;
}

/** A station Enrollee. */
export class TestEnrollee implements Peer {
  readonly uuid: Uint8Array;
  readonly mac: Uint8Array;
  readonly nonceE: Uint8Array = randomBytes(16);
  nonceR: Uint8Array = new Uint8Array(16);
  /** Credentials received in M8, decoded. */
  credentials: {
    ssid: string;
    authType: number;
    encrType: number;
    key: string;
    mac: Uint8Array;
  }[] = [];
  /** Configuration Error of an M2D, when one came. */
  m2dError: number | null = null;
  #o: TestEnrolleeOptions;
  #dh: DhKeyPair = generateDhKeyPair();
  #pkR: Uint8Array = new Uint8Array(0);
  #keys: WpsKeys | null = null;
  #last: Uint8Array = new Uint8Array(0);
  #eS1: Uint8Array = randomBytes(16);
  #eS2: Uint8Array = randomBytes(16);
  #rHash1: Uint8Array = new Uint8Array(0);
  #rHash2: Uint8Array = new Uint8Array(0);
  #psk1: Uint8Array = new Uint8Array(0);
  #psk2: Uint8Array = new Uint8Array(0);

  constructor(o: TestEnrolleeOptions = {}) {
    this.#o = o;
    this.uuid = o.uuid ?? fromHex("abcdef0123456789abcdef0123456789");
    this.mac = o.mac ?? fromHex("020000000200");
  }

  receive(m: WscOutgoing): WscOutgoing | null {
    if (m.opCode === WscOpCode.START) return this.#m1();
    if (m.opCode === WscOpCode.NACK) return this.#nack(0);
    if (m.opCode !== WscOpCode.MSG) return null;
    const t = messageTypeOf(parseAttributes(m.payload));
    switch (t) {
      case MsgType.M2:
        return this.#onM2(m.payload);
      case MsgType.M2D: {
        const err = parseAttributes(m.payload).map.get(Attr.CONFIG_ERROR)?.[0]?.value;
        this.m2dError = err ? readUint(err) : null;
        return { opCode: WscOpCode.ACK, payload: this.#ackLike(buildWscAck) };
      }
      case MsgType.M4:
        return this.#onM4(m.payload);
      case MsgType.M6:
        return this.#onM6(m.payload);
      case MsgType.M8:
        return this.#onM8(m.payload);
      default:
        return null;
    }
  }

  #m1(): WscOutgoing {
    const pbc = this.#o.pin === undefined;
    this.#last = buildM1({
      uuidE: this.uuid,
      macAddress: this.mac,
      enrolleeNonce: this.nonceE,
      publicKey: this.#pkE(),
      authTypeFlags: AuthType.OPEN | AuthType.WPAPSK | AuthType.WPA2PSK,
      encrTypeFlags: EncrType.NONE | EncrType.TKIP | EncrType.AES,
      connTypeFlags: ConnTypeFlag.ESS,
      configMethods: this.#o.configMethods ??
        (ConfigMethod.DISPLAY | ConfigMethod.KEYPAD | ConfigMethod.VIRT_PUSHBUTTON),
      wpsState: 1,
      ...STA_DEVICE,
      rfBands: 1,
      assocState: 0,
      devPasswordId: this.#o.devPasswordId ??
        (pbc ? DevPasswordId.PUSHBUTTON : DevPasswordId.DEFAULT),
      configError: 0,
      osVersion: 0x80000000,
    });
    return msg(this.#last);
  }

  #pkE(): Uint8Array {
    return this.#o.negatedPke ? primeMinus(this.#dh.publicKey) : this.#dh.publicKey;
  }

  #auth(type: number) {
    const a = { authKey: this.#keys!.authKey, previous: this.#last };
    if (this.#o.corruptAuthOf === type) return { authenticator: new Uint8Array(8).fill(0xee) };
    return a;
  }

  #onM2(b: Uint8Array): WscOutgoing {
    const m2 = parseM2(b);
    this.nonceR = m2.registrarNonce;
    this.#pkR = m2.publicKey;
    const shared = computeDhSharedSecret(this.#dh.privateKey, m2.publicKey);
    // With p − PKE the Registrar computed (−1)^y · g^(xy): one of these two.
    const candidates = this.#o.negatedPke ? [shared, primeMinus(shared)] : [shared];
    const keys = candidates.map((sharedSecret) =>
      deriveKeys({
        sharedSecret,
        enrolleeNonce: this.nonceE,
        enrolleeMac: this.mac,
        registrarNonce: this.nonceR,
      })
    );
    const proven = keys.find((k) => verifyAuthenticator(k.authKey, this.#last, b));
    if (!proven) return this.#nack(0);
    this.#keys = proven;
    this.#last = b;
    const pin = utf8(this.#o.pin ?? "00000000");
    ({ psk1: this.#psk1, psk2: this.#psk2 } = computePsk1Psk2(this.#keys.authKey, pin));
    const proof = this.#o.proofPin === undefined
      ? { psk1: this.#psk1, psk2: this.#psk2 }
      : computePsk1Psk2(this.#keys.authKey, utf8(this.#o.proofPin));
    const k = this.#keys.authKey;
    const pkE = this.#pkE();
    this.#last = buildM3({
      registrarNonce: this.nonceR,
      eHash1: computeEHash(k, this.#eS1, proof.psk1, pkE, this.#pkR),
      eHash2: computeEHash(k, this.#eS2, proof.psk2, pkE, this.#pkR),
    }, this.#auth(MsgType.M3));
    return msg(this.#last);
  }

  #decrypt(encrypted: Uint8Array) {
    const plain = decryptSettings(this.#keys!.keyWrapKey, encrypted);
    if (!verifyKwa(this.#keys!.authKey, plain)) throw new Error("bad KWA from the AP");
    return parseAttributes(plain);
  }

  #seal(tlvs: Uint8Array): Uint8Array {
    return encryptSettings(this.#keys!.keyWrapKey, appendKwa(this.#keys!.authKey, tlvs));
  }

  #onM4(b: Uint8Array): WscOutgoing {
    if (!verifyAuthenticator(this.#keys!.authKey, this.#last, b)) return this.#nack(0);
    const m4 = parseM4(b);
    this.#rHash1 = m4.rHash1;
    this.#rHash2 = m4.rHash2;
    const rs1 = this.#decrypt(m4.encryptedSettings).map.get(Attr.R_SNONCE1)![0]!.value;
    const h = computeRHash(this.#keys!.authKey, rs1, this.#psk1, this.#pkE(), this.#pkR);
    if ((this.#o.checkRHash ?? true) && !bytesEqual(h, this.#rHash1)) return this.#nack(18);
    this.#last = b;
    this.#last = buildM5({
      registrarNonce: this.nonceR,
      encryptedSettings: this.#seal(new AttrWriter().putBytes(Attr.E_SNONCE1, this.#eS1).finish()),
    }, this.#auth(MsgType.M5));
    return msg(this.#last);
  }

  #onM6(b: Uint8Array): WscOutgoing {
    if (!verifyAuthenticator(this.#keys!.authKey, this.#last, b)) return this.#nack(0);
    const m6 = parseM6(b);
    const rs2 = this.#decrypt(m6.encryptedSettings).map.get(Attr.R_SNONCE2)![0]!.value;
    const h = computeRHash(this.#keys!.authKey, rs2, this.#psk2, this.#pkE(), this.#pkR);
    if ((this.#o.checkRHash ?? true) && !bytesEqual(h, this.#rHash2)) return this.#nack(18);
    this.#last = b;
    this.#last = buildM7({
      registrarNonce: this.nonceR,
      encryptedSettings: this.#seal(new AttrWriter().putBytes(Attr.E_SNONCE2, this.#eS2).finish()),
    }, this.#auth(MsgType.M7));
    return msg(this.#last);
  }

  #onM8(b: Uint8Array): WscOutgoing {
    if (!verifyAuthenticator(this.#keys!.authKey, this.#last, b)) return this.#nack(0);
    const m8 = parseM8(b);
    const dec = new TextDecoder();
    for (const c of this.#decrypt(m8.encryptedSettings).map.get(Attr.CRED) ?? []) {
      const a = parseAttributes(c.value).map;
      const v = (t: number) => a.get(t)?.[0]?.value ?? new Uint8Array(0);
      this.credentials.push({
        ssid: dec.decode(v(Attr.SSID)),
        authType: readUint(v(Attr.AUTH_TYPE)),
        encrType: readUint(v(Attr.ENCR_TYPE)),
        key: dec.decode(v(Attr.NETWORK_KEY)),
        mac: v(Attr.MAC_ADDR),
      });
    }
    return { opCode: WscOpCode.DONE, payload: this.#ackLike(buildWscDone) };
  }

  #ackLike(build: typeof buildWscAck): Uint8Array {
    return build({ enrolleeNonce: this.nonceE, registrarNonce: this.nonceR });
  }

  #nack(configError: number): WscOutgoing {
    const payload = buildWscNack({
      enrolleeNonce: this.nonceE,
      registrarNonce: this.nonceR,
      configError,
    });
    return { opCode: WscOpCode.NACK, payload };
  }
}

/** Options of {@link TestRegistrar}. */
export interface TestRegistrarOptions {
  /** The AP PIN the Registrar believes in. */
  pin: string;
  /** AP Settings to send in M8 (raw TLVs); defaults to echoing M7's settings. */
  newSettings?: Uint8Array;
}

/** A station external Registrar. */
export class TestRegistrar implements Peer {
  readonly nonceR: Uint8Array = randomBytes(16);
  nonceE: Uint8Array = new Uint8Array(16);
  /** The AP Settings TLVs the AP sent in M7 (without E-SNonce2 and KWA). */
  apSettings: Uint8Array | null = null;
  /** Whether the AP proved the PIN halves (E-Hash1/E-Hash2). */
  enrolleeProved: [boolean, boolean] = [false, false];
  #o: TestRegistrarOptions;
  #dh = generateDhKeyPair();
  #pkE: Uint8Array = new Uint8Array(0);
  #macE: Uint8Array = new Uint8Array(0);
  #keys: WpsKeys | null = null;
  #last: Uint8Array = new Uint8Array(0);
  #rS1: Uint8Array = randomBytes(16);
  #rS2: Uint8Array = randomBytes(16);
  #eHash1: Uint8Array = new Uint8Array(0);
  #eHash2: Uint8Array = new Uint8Array(0);
  #psk1: Uint8Array = new Uint8Array(0);
  #psk2: Uint8Array = new Uint8Array(0);

  constructor(o: TestRegistrarOptions) {
    this.#o = o;
  }

  receive(m: WscOutgoing): WscOutgoing | null {
    if (m.opCode === WscOpCode.NACK) return this.#nack(0);
    if (m.opCode === WscOpCode.DONE) {
      return { opCode: WscOpCode.ACK, payload: buildWscAck(this.#nonces()) };
    }
    if (m.opCode !== WscOpCode.MSG) return null;
    switch (messageTypeOf(parseAttributes(m.payload))) {
      case MsgType.M1:
        return this.#onM1(m.payload);
      case MsgType.M3:
        return this.#onM3(m.payload);
      case MsgType.M5:
        return this.#onM5(m.payload);
      case MsgType.M7:
        return this.#onM7(m.payload);
      default:
        return null;
    }
  }

  #nonces() {
    return { enrolleeNonce: this.nonceE, registrarNonce: this.nonceR };
  }

  #onM1(b: Uint8Array): WscOutgoing {
    const m1 = parseM1(b);
    this.nonceE = m1.enrolleeNonce;
    this.#pkE = m1.publicKey;
    this.#macE = m1.macAddress;
    const shared = computeDhSharedSecret(this.#dh.privateKey, m1.publicKey);
    this.#keys = deriveKeys({
      sharedSecret: shared,
      enrolleeNonce: this.nonceE,
      enrolleeMac: this.#macE,
      registrarNonce: this.nonceR,
    });
    wipe(shared);
    this.#last = b;
    this.#last = buildM2({
      enrolleeNonce: this.nonceE,
      registrarNonce: this.nonceR,
      uuidR: fromHex("11112222333344445555666677778888"),
      publicKey: this.#dh.publicKey,
      authTypeFlags: AuthType.OPEN | AuthType.WPA2PSK,
      encrTypeFlags: EncrType.NONE | EncrType.AES,
      connTypeFlags: ConnTypeFlag.ESS,
      configMethods: ConfigMethod.KEYPAD,
      ...STA_DEVICE,
      rfBands: 1,
      assocState: 0,
      configError: 0,
      devPasswordId: DevPasswordId.DEFAULT,
      osVersion: 0x80000000,
    }, { authKey: this.#keys.authKey, previous: this.#last });
    return msg(this.#last);
  }

  #seal(tlvs: Uint8Array): Uint8Array {
    return encryptSettings(this.#keys!.keyWrapKey, appendKwa(this.#keys!.authKey, tlvs));
  }

  #decrypt(encrypted: Uint8Array): Uint8Array {
    const plain = decryptSettings(this.#keys!.keyWrapKey, encrypted);
    if (!verifyKwa(this.#keys!.authKey, plain)) throw new Error("bad KWA from the AP");
    return plain;
  }

  #onM3(b: Uint8Array): WscOutgoing {
    if (!verifyAuthenticator(this.#keys!.authKey, this.#last, b)) return this.#nack(0);
    const m3 = parseM3(b);
    this.#eHash1 = m3.eHash1;
    this.#eHash2 = m3.eHash2;
    ({ psk1: this.#psk1, psk2: this.#psk2 } = computePsk1Psk2(
      this.#keys!.authKey,
      utf8(this.#o.pin),
    ));
    const k = this.#keys!.authKey;
    this.#last = b;
    this.#last = buildM4({
      enrolleeNonce: this.nonceE,
      rHash1: computeRHash(k, this.#rS1, this.#psk1, this.#pkE, this.#dh.publicKey),
      rHash2: computeRHash(k, this.#rS2, this.#psk2, this.#pkE, this.#dh.publicKey),
      encryptedSettings: this.#seal(new AttrWriter().putBytes(Attr.R_SNONCE1, this.#rS1).finish()),
    }, { authKey: k, previous: this.#last });
    return msg(this.#last);
  }

  #onM5(b: Uint8Array): WscOutgoing {
    const m5 = parseM5(b);
    const es1 = parseAttributes(this.#decrypt(m5.encryptedSettings)).map.get(Attr.E_SNONCE1)![0]!;
    const k = this.#keys!.authKey;
    const h = computeEHash(k, es1.value, this.#psk1, this.#pkE, this.#dh.publicKey);
    this.enrolleeProved[0] = bytesEqual(h, this.#eHash1);
    this.#last = b;
    this.#last = buildM6({
      enrolleeNonce: this.nonceE,
      encryptedSettings: this.#seal(new AttrWriter().putBytes(Attr.R_SNONCE2, this.#rS2).finish()),
    }, { authKey: k, previous: this.#last });
    return msg(this.#last);
  }

  #onM7(b: Uint8Array): WscOutgoing {
    const m7 = parseM7(b);
    const plain = this.#decrypt(m7.encryptedSettings);
    const attrs = parseAttributes(plain);
    const es2 = attrs.map.get(Attr.E_SNONCE2)![0]!;
    const k = this.#keys!.authKey;
    const h = computeEHash(k, es2.value, this.#psk2, this.#pkE, this.#dh.publicKey);
    this.enrolleeProved[1] = bytesEqual(h, this.#eHash2);
    const w = new AttrWriter();
    for (const a of attrs.list) {
      if (a.type !== Attr.E_SNONCE2 && a.type !== Attr.KEY_WRAP_AUTH) w.putBytes(a.type, a.value);
    }
    this.apSettings = w.finish();
    this.#last = b;
    this.#last = buildM8({
      enrolleeNonce: this.nonceE,
      encryptedSettings: this.#seal(this.#o.newSettings ?? this.apSettings),
    }, { authKey: k, previous: this.#last });
    return msg(this.#last);
  }

  #nack(configError: number): WscOutgoing {
    return {
      opCode: WscOpCode.NACK,
      payload: buildWscNack({ ...this.#nonces(), configError }),
    };
  }
}

/** Builds AP Settings TLVs as an external Registrar sends them in M8. */
export function apSettingsTlvs(
  ssid: string,
  authType: number,
  encrType: number,
  key: Uint8Array,
  mac: Uint8Array,
): Uint8Array {
  return new AttrWriter()
    .putBytes(Attr.SSID, utf8(ssid))
    .putBytes(Attr.MAC_ADDR, mac)
    .putU16(Attr.AUTH_TYPE, authType)
    .putU16(Attr.ENCR_TYPE, encrType)
    .putBytes(Attr.NETWORK_KEY, key)
    .finish();
}

/** What the recording host saw. */
export interface HostRecord {
  events: string[];
  pinRequests: string[];
  storedPsks: { mac: Uint8Array; psk: Uint8Array }[];
  applied: NewApSettings[];
  ieUpdates: number;
  deauths: number;
  /** Each applyNewApSettings() call's `awaitRun`. */
  awaitRun: boolean[];
  /** How many settings were applied when each runSucceeded() came. */
  successesAfter: number[];
}

/** The AP's BSSID in fixtures. */
export const AP_MAC: Uint8Array = fromHex("020000000100");

/** Settings like /work/shared/examples/wired/hostapd.conf (WPA2-PSK passphrase). */
export function apSettings(over: Partial<WpsApSettings> = {}): WpsApSettings {
  return {
    ssid: utf8("TestWPS"),
    bssid: AP_MAC,
    uuid: fromHex("123456789abcdef0123456789abcdef0"),
    device: {
      deviceName: "TestAP",
      manufacturer: "TestManu",
      modelName: "TestModel",
      modelNumber: "1.0",
      serialNumber: "0001",
      primaryDeviceType: fromHex("00060050f2040001"),
      osVersion: 0x01020300,
    },
    configMethods: ConfigMethod.LABEL | ConfigMethod.VIRT_DISPLAY | ConfigMethod.VIRT_PUSHBUTTON |
      ConfigMethod.KEYPAD,
    rfBands: 1,
    wpsState: 2,
    authTypes: AuthType.WPA2PSK,
    encrTypes: EncrType.AES,
    networkKey: utf8("initialpassphrase"),
    psk: null,
    wpsPsks: [],
    apPin: null,
    apSetupLocked: 0,
    skipCredBuild: false,
    extraCred: null,
    wpsCredProcessing: 0,
    pbcInM1: false,
    ...over,
  };
}

/** A WpsContext on a ManualClock with a recording host. */
export function context(over: Partial<WpsApSettings> = {}) {
  const clock = new ManualClock();
  const rec: HostRecord = {
    events: [],
    pinRequests: [],
    storedPsks: [],
    applied: [],
    ieUpdates: 0,
    deauths: 0,
    awaitRun: [],
    successesAfter: [],
  };
  const host: WpsHost = {
    emit: (t) => rec.events.push(t),
    appendPinRequest: (l) => rec.pinRequests.push(l),
    // Keep the references: a run that wipes what it handed over would show up as zeros.
    storeDevicePsk: (mac, psk) => rec.storedPsks.push({ mac, psk }),
    applyNewApSettings: (s, awaitRun) => {
      rec.applied.push(s);
      rec.awaitRun.push(awaitRun);
    },
    runSucceeded: () => rec.successesAfter.push(rec.applied.length),
    selectedRegistrarChanged: () => rec.ieUpdates++,
    deauthWpsStations: () => rec.deauths++,
    unixTime: () => 1700000000,
  };
  const ctx = new WpsContext(apSettings(over), host, clock);
  return { clock, rec, ctx };
}
