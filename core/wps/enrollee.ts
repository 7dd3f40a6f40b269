/**
 * The AP as Enrollee (station = external Registrar proving the AP PIN; reference 5.6, 5.7):
 * M1 → M2, M3 → M4, M5 → M6, M7 (AP Settings) → M8, WSC_Done → WSC_ACK. R-Hash failures count
 * towards the AP PIN lockout; `ap_setup_locked` refuses at M2 (1) or M8 (2); new AP Settings
 * in M8 are validated and handed to the daemon (reference 5.10).
 *
 * @module
 */

import { bytesEqual, randomBytes, toHex, utf8, wipe } from "../bytes.ts";
import {
  type WscEndReason,
  WscOpCode,
  type WscOutgoing,
  type WscRun,
  type WscStep,
} from "../eap/wsc_role.ts";
import { LogLevel } from "../log.ts";
import { parseAttributes, readUint, type WscAttrs } from "./attributes.ts";
import {
  Attr,
  AuthType,
  ConfigError,
  ConfigMethod,
  ConnTypeFlag,
  DevPasswordId,
  EncrType,
  MsgType,
  WPS_AUTH_TYPE_FLAGS,
  WPS_ENCR_TYPE_FLAGS,
} from "./constants.ts";
import {
  computeEHash,
  computePsk1Psk2,
  computeRHash,
  type PskPair,
  verifyAuthenticator,
  verifyHash,
} from "./crypto.ts";
import { computeDhSharedSecret, type DhKeyPair } from "./dh.ts";
import { deriveKeys, type WpsKeys } from "./kdf.ts";
import {
  buildM1,
  buildM3,
  buildM5,
  buildM7,
  buildWscDone,
  buildWscNack,
  messageTypeOf,
  parseM2,
  parseM4,
  parseM6,
  parseM8,
  parseWscAck,
  parseWscNack,
} from "./messages.ts";
import { attrValue, deviceAttributes, type OpenedSettings, openSettings } from "./_run_util.ts";
import { buildApSettings } from "./credential.ts";
import { sealSettings } from "./encrypted_settings.ts";
import { formatDeviceType } from "./device.ts";
import { formatUuid } from "./uuid.ts";
import type { PeerDeviceRecord, WpsContext } from "./wps_context.ts";
import { normaliseApSettings } from "./wps_settings.ts";

/** What the AP (as Enrollee) waits for. */
type EnrolleeState =
  | "start"
  | "expectM2"
  | "expectM4"
  | "expectM6"
  | "expectM8"
  | "expectAck"
  | "sentNack"
  | "over";

/** Vendor error indication "WEP Prohibited" (hostapd-internal, reference 5.11.9). */
const EI_WEP_PROHIBITED = 2;

const finish: WscStep = { action: "finish" };

/** One AP-PIN registration with one external Registrar; discarded after `end()`. */
export class EnrolleeRun implements WscRun {
  #ctx: WpsContext;
  #peer: Uint8Array;
  #state: EnrolleeState = "start";
  #last: Uint8Array = new Uint8Array(0);
  #nonceE: Uint8Array = randomBytes(16);
  #nonceR: Uint8Array = new Uint8Array(16);
  #dh: DhKeyPair | null = null;
  #pkR: Uint8Array = new Uint8Array(0);
  #keys: WpsKeys | null = null;
  #password: Uint8Array | null = null;
  #psk: PskPair | null = null;
  #eS1: Uint8Array | null = null;
  #eS2: Uint8Array | null = null;
  #rHash: [Uint8Array, Uint8Array] | null = null;
  /** The external Registrar's device attributes from M2. */
  #registrarDevice: PeerDeviceRecord | null = null;

  /**
   * @param ctx the BSS's WPS state
   * @param peerMac the external Registrar's address
   */
  constructor(ctx: WpsContext, peerMac: Uint8Array) {
    this.#ctx = ctx;
    this.#peer = peerMac.slice();
  }

  /** The AP as Enrollee opens with M1 (no WSC_Start). */
  start(): WscOutgoing {
    const ctx = this.#ctx;
    const s = ctx.settings;
    // The AP PIN in force when the run begins is the password of this run.
    const pin = ctx.apPin.pin;
    this.#password = pin === null ? null : utf8(pin);
    this.#dh = ctx.takeDhKeyPair();
    let methods = s.configMethods;
    if (!s.pbcInM1 && (this.#password?.length || (methods & ConfigMethod.DISPLAY))) {
      // These are the methods for adding external Registrars: no push button.
      methods &= ~(ConfigMethod.VIRT_PUSHBUTTON | ConfigMethod.PHY_PUSHBUTTON);
    }
    const m1 = buildM1({
      uuidE: s.uuid,
      macAddress: s.bssid,
      enrolleeNonce: this.#nonceE,
      publicKey: this.#dh.publicKey,
      authTypeFlags: WPS_AUTH_TYPE_FLAGS,
      encrTypeFlags: WPS_ENCR_TYPE_FLAGS,
      connTypeFlags: ConnTypeFlag.ESS,
      configMethods: methods,
      wpsState: s.wpsState,
      ...deviceAttributes(s.device),
      rfBands: s.rfBands,
      assocState: 0,
      devPasswordId: DevPasswordId.DEFAULT,
      configError: ConfigError.NO_ERROR,
    });
    this.#last = m1;
    this.#state = "expectM2";
    return { opCode: WscOpCode.MSG, payload: m1 };
  }

  /** Handles one reassembled message from the external Registrar. */
  handle(opCode: number, payload: Uint8Array): WscStep {
    if (this.#state === "sentNack" || this.#state === "over" || this.#state === "start") {
      return this.#over();
    }
    switch (opCode) {
      case WscOpCode.MSG:
        return this.#onMsg(payload);
      case WscOpCode.ACK:
        return this.#onAck(payload);
      case WscOpCode.NACK:
        return this.#onNack(payload);
      default:
        return this.#over();
    }
  }

  /** Wipes the run's secrets. */
  end(reason: WscEndReason): void {
    this.#ctx.log.log(LogLevel.DEBUG, `WPS: Enrollee run ended (${reason})`);
    wipe(this.#password ?? undefined, this.#eS1 ?? undefined, this.#eS2 ?? undefined);
    if (this.#psk) wipe(this.#psk.psk1, this.#psk.psk2);
    if (this.#keys) wipe(this.#keys.authKey, this.#keys.keyWrapKey, this.#keys.emsk);
    if (this.#dh) {
      // Dropped here, so a second end() does not tell the context twice.
      wipe(this.#dh.privateKey);
      this.#dh = null;
      this.#ctx.dhRunEnded();
    }
    this.#state = "over";
  }

  #onMsg(payload: Uint8Array): WscStep {
    let attrs: WscAttrs;
    try {
      attrs = parseAttributes(payload);
    } catch {
      return this.#over();
    }
    const type = messageTypeOf(attrs);
    if (type === undefined) return this.#nack(ConfigError.NO_ERROR);
    const n = attrValue(attrs, Attr.ENROLLEE_NONCE);
    if (!n || !bytesEqual(n, this.#nonceE)) return this.#over();
    switch (type) {
      case MsgType.M2:
        return this.#onM2(payload, attrs);
      case MsgType.M2D:
        return this.#onM2D();
      case MsgType.M4:
        return this.#onM4(payload);
      case MsgType.M6:
        return this.#onM6(payload);
      case MsgType.M8:
        return this.#onM8(payload);
      default:
        return this.#over();
    }
  }

  #onM2(payload: Uint8Array, attrs: WscAttrs): WscStep {
    if (this.#state !== "expectM2") return this.#nack(ConfigError.NO_ERROR);
    const rn = attrValue(attrs, Attr.REGISTRAR_NONCE);
    if (rn) this.#nonceR = rn.slice();
    let m2;
    try {
      m2 = parseM2(payload);
    } catch {
      return this.#nack(ConfigError.NO_ERROR);
    }
    if (m2.devPasswordId !== DevPasswordId.DEFAULT) return this.#nack(ConfigError.NO_ERROR);
    if (this.#ctx.apPin.setupLocked === 1 || !this.#password) {
      this.#ctx.log.log(LogLevel.DEBUG, "WPS: AP Setup is locked - refuse a new Registrar");
      return this.#nack(ConfigError.SETUP_LOCKED);
    }
    let shared: Uint8Array;
    try {
      shared = computeDhSharedSecret(this.#dh!.privateKey, m2.publicKey);
    } catch {
      return this.#nack(ConfigError.NO_ERROR);
    }
    const d = deriveKeys({
      sharedSecret: shared,
      enrolleeNonce: this.#nonceE,
      enrolleeMac: this.#ctx.settings.bssid,
      registrarNonce: this.#nonceR,
    });
    wipe(shared, d.dhKey, d.kdk);
    this.#keys = { authKey: d.authKey, keyWrapKey: d.keyWrapKey, emsk: d.emsk };
    if (!verifyAuthenticator(this.#keys.authKey, this.#last, payload)) {
      return this.#nack(ConfigError.NO_ERROR);
    }
    this.#pkR = m2.publicKey;
    this.#registrarDevice = {
      uuid: formatUuid(m2.uuidR),
      primaryDeviceType: formatDeviceType(m2.primaryDeviceType),
      deviceName: m2.deviceName,
      manufacturer: m2.manufacturer,
      modelName: m2.modelName,
      modelNumber: m2.modelNumber,
      serialNumber: m2.serialNumber,
    };
    this.#last = payload.slice();
    const keys = this.#keys;
    const pkE = this.#dh!.publicKey;
    this.#psk = computePsk1Psk2(keys.authKey, this.#password);
    this.#eS1 = randomBytes(16);
    this.#eS2 = randomBytes(16);
    const m3 = buildM3({
      registrarNonce: this.#nonceR,
      eHash1: computeEHash(keys.authKey, this.#eS1, this.#psk.psk1, pkE, this.#pkR),
      eHash2: computeEHash(keys.authKey, this.#eS2, this.#psk.psk2, pkE, this.#pkR),
    }, { authKey: keys.authKey, previous: this.#last });
    this.#state = "expectM4";
    return this.#send(WscOpCode.MSG, m3);
  }

  #onM2D(): WscStep {
    if (this.#state !== "expectM2") return this.#nack(ConfigError.NO_ERROR);
    this.#ctx.host.emit("WPS-M2D ");
    // A station Enrollee ACKs an M2D to wait for another Registrar; an AP has no other to wait
    // for and refuses (hostapd's wps_enrollee_get_msg, RECEIVED_M2D with wps->ap).
    return this.#nack(ConfigError.NO_ERROR);
  }

  /** State and Authenticator of M4/M6/M8, then decryption with KWA. */
  #open(
    payload: Uint8Array,
    want: EnrolleeState,
    msg: number,
    parse: (b: Uint8Array) => { encryptedSettings: Uint8Array },
  ): OpenedSettings | WscStep {
    if (this.#state !== want) return this.#failNack(msg, ConfigError.NO_ERROR);
    if (!this.#keys || !verifyAuthenticator(this.#keys.authKey, this.#last, payload)) {
      return this.#failNack(msg, ConfigError.NO_ERROR);
    }
    let m;
    try {
      m = parse(payload);
    } catch {
      return this.#failNack(msg, ConfigError.NO_ERROR);
    }
    if (msg === MsgType.M8 && this.#ctx.apPin.setupLocked) {
      this.#ctx.log.log(LogLevel.DEBUG, "WPS: AP Setup is locked - refuse reconfiguration");
      return this.#failNack(msg, ConfigError.SETUP_LOCKED);
    }
    return openSettings(this.#keys, m.encryptedSettings) ??
      this.#failNack(msg, ConfigError.NO_ERROR);
  }

  /** Checks R-SNonce against R-Hash; a mismatch is an AP PIN failure (reference 5.6). */
  #proveHalf(opened: OpenedSettings, half: 1 | 2, msg: number): WscStep | null {
    const keys = this.#keys!;
    const sn = attrValue(opened.attrs, half === 1 ? Attr.R_SNONCE1 : Attr.R_SNONCE2);
    if (!sn) {
      wipe(opened.plain);
      return this.#failNack(msg, ConfigError.NO_ERROR);
    }
    const psk = half === 1 ? this.#psk!.psk1 : this.#psk!.psk2;
    const hash = computeRHash(keys.authKey, sn, psk, this.#dh!.publicKey, this.#pkR);
    const ok = verifyHash(hash, this.#rHash![half - 1]!);
    wipe(opened.plain);
    if (ok) return null;
    this.#ctx.apPinFailed();
    return this.#failNack(msg, ConfigError.DEV_PASSWORD_AUTH_FAILURE);
  }

  #onM4(payload: Uint8Array): WscStep {
    let rHashes: [Uint8Array, Uint8Array] | null = null;
    const opened = this.#open(payload, "expectM4", MsgType.M4, (b) => {
      const m4 = parseM4(b);
      rHashes = [m4.rHash1, m4.rHash2];
      return m4;
    });
    if ("action" in opened) return opened;
    this.#rHash = rHashes;
    const bad = this.#proveHalf(opened, 1, MsgType.M4);
    if (bad) return bad;
    this.#last = payload.slice();
    const keys = this.#keys!;
    const m5 = buildM5({
      registrarNonce: this.#nonceR,
      encryptedSettings: sealSettings(keys, { eSNonce1: this.#eS1! }),
    }, { authKey: keys.authKey, previous: this.#last });
    this.#state = "expectM6";
    return this.#send(WscOpCode.MSG, m5);
  }

  #onM6(payload: Uint8Array): WscStep {
    const opened = this.#open(payload, "expectM6", MsgType.M6, parseM6);
    if ("action" in opened) return opened;
    const bad = this.#proveHalf(opened, 2, MsgType.M6);
    if (bad) return bad;
    this.#ctx.apPinProved();
    // The Registrar may only be learning the settings and never finish: keep its device info
    // now, as hostapd does when it builds M7 (wps_device_store with UUID-R).
    this.#ctx.storeDevice(this.#peer, this.#registrarDevice!);
    this.#last = payload.slice();
    const keys = this.#keys!;
    const settings = this.#apSettings();
    const m7 = buildM7({
      registrarNonce: this.#nonceR,
      encryptedSettings: sealSettings(keys, { eSNonce2: this.#eS2!, extra: settings }),
    }, { authKey: keys.authKey, previous: this.#last });
    this.#state = "expectM8";
    return this.#send(WscOpCode.MSG, m7);
  }

  /**
   * The AP's current settings for M7 (reference 5.7 M7), or the `ap_settings` file. A port
   * with 802.1X but no WPA has no type to offer: hostapd sends Authentication and Encryption
   * Type 0 and no key then, and the Registrar may still configure the AP.
   */
  #apSettings(): Uint8Array {
    const s = this.#ctx.settings;
    if (s.apSettingsFile) return s.apSettingsFile.slice();
    let auth = s.authTypes;
    if (s.authTypes & AuthType.WPA2PSK) auth = AuthType.WPA2PSK;
    else if (s.authTypes & AuthType.WPAPSK) auth = AuthType.WPAPSK;
    else if (s.authTypes & AuthType.OPEN) auth = AuthType.OPEN;
    const wpa = (auth & (AuthType.WPA2PSK | AuthType.WPAPSK)) !== 0;
    let encr: number = auth === AuthType.OPEN ? EncrType.NONE : s.encrTypes;
    if (wpa) encr = s.encrTypes & EncrType.AES ? EncrType.AES : EncrType.TKIP;
    let key: Uint8Array = new Uint8Array(0);
    if (s.networkKey) key = s.networkKey.slice();
    else if (wpa) {
      // Per-device PSK mode: this Registrar gets its own PSK, stored right away.
      const psk = randomBytes(32);
      s.wpsPsks.push({ mac: this.#peer.slice(), psk: psk.slice() });
      this.#ctx.host.storeDevicePsk(this.#peer.slice(), psk.slice());
      key = utf8(toHex(psk));
      wipe(psk);
    }
    const out = buildApSettings({
      ssid: s.ssid,
      macAddress: s.bssid,
      authType: auth,
      encrType: encr,
      networkKey: key,
    });
    wipe(key);
    return out;
  }

  #onM8(payload: Uint8Array): WscStep {
    const opened = this.#open(payload, "expectM8", MsgType.M8, parseM8);
    if ("action" in opened) return opened;
    const a = opened.attrs;
    const ssid = attrValue(a, Attr.SSID);
    const auth = attrValue(a, Attr.AUTH_TYPE);
    const encr = attrValue(a, Attr.ENCR_TYPE);
    const mac = attrValue(a, Attr.MAC_ADDR);
    let key = attrValue(a, Attr.NETWORK_KEY);
    if (!ssid || !auth || !encr || !mac) {
      wipe(opened.plain);
      return this.#failNack(MsgType.M8, ConfigError.NO_ERROR);
    }
    const authType = readUint(auth);
    const encrType = readUint(encr);
    if (!key) {
      // Only an open network may leave the Network Key out.
      if (authType !== AuthType.OPEN || encrType !== EncrType.NONE) {
        wipe(opened.plain);
        return this.#failNack(MsgType.M8, ConfigError.NO_ERROR);
      }
      key = new Uint8Array(0);
    }
    if (!bytesEqual(mac, this.#ctx.settings.bssid)) {
      this.#ctx.log.log(LogLevel.DEBUG, "WPS: MAC Address in AP Settings is not our own");
    }
    const next = normaliseApSettings(ssid, authType, encrType, key);
    if (typeof next === "string") {
      wipe(opened.plain);
      const ei = next === "wep" ? EI_WEP_PROHIBITED : 0;
      this.#ctx.reportFailure(this.#peer, MsgType.M8, ConfigError.NO_ERROR, ei);
      return this.#nack(ConfigError.NO_ERROR);
    }
    this.#ctx.applyNewApSettings(next, opened.plain, true);
    wipe(opened.plain, next.networkKey);
    this.#last = payload.slice();
    const done = buildWscDone({ enrolleeNonce: this.#nonceE, registrarNonce: this.#nonceR });
    this.#state = "expectAck";
    return { action: "send", message: { opCode: WscOpCode.DONE, payload: done } };
  }

  #onAck(payload: Uint8Array): WscStep {
    let ack;
    try {
      ack = parseWscAck(payload);
    } catch {
      return this.#over();
    }
    if (this.#state !== "expectAck" || !this.#noncesMatch(ack)) return this.#over();
    this.#ctx.reportSuccess(this.#peer);
    return this.#over();
  }

  #onNack(payload: Uint8Array): WscStep {
    let nack;
    try {
      nack = parseWscNack(payload);
    } catch {
      return this.#over();
    }
    if (!this.#noncesMatch(nack)) return this.#over();
    const rejected: Partial<Record<EnrolleeState, number>> = {
      expectM4: MsgType.M3,
      expectM6: MsgType.M5,
      expectM8: MsgType.M7,
    };
    const msg = rejected[this.#state];
    if (msg !== undefined) this.#ctx.reportFailure(this.#peer, msg, nack.configError);
    return this.#over();
  }

  #noncesMatch(m: { enrolleeNonce: Uint8Array; registrarNonce: Uint8Array }): boolean {
    return bytesEqual(m.enrolleeNonce, this.#nonceE) && bytesEqual(m.registrarNonce, this.#nonceR);
  }

  #send(opCode: WscOutgoing["opCode"], payload: Uint8Array): WscStep {
    if (opCode === WscOpCode.MSG) this.#last = payload;
    return { action: "send", message: { opCode, payload } };
  }

  /** Reports `WPS-FAIL msg=<msg>` and answers WSC_NACK. */
  #failNack(msg: number, configError: number): WscStep {
    this.#ctx.reportFailure(this.#peer, msg, configError);
    return this.#nack(configError);
  }

  #nack(configError: number): WscStep {
    const nack = buildWscNack({
      enrolleeNonce: this.#nonceE,
      registrarNonce: this.#nonceR,
      configError,
    });
    this.#state = "sentNack";
    return { action: "send", message: { opCode: WscOpCode.NACK, payload: nack } };
  }

  #over(): WscStep {
    this.#state = "over";
    return finish;
  }
}
