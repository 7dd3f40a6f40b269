/**
 * The internal Registrar run (AP = Registrar, station = Enrollee; reference 5.7): WSC_Start,
 * M1 → M2/M2D, M3 → M4, M5 → M6, M7 → M8, WSC_Done, with hostapd's split between hard
 * failures (EAP-Failure) and WSC_NACK, its `WPS-FAIL msg=` mapping (reference 3), PIN-table
 * bookkeeping (5.2), PBC overlap (5.4) and credential selection (5.9).
 *
 * @module
 */

import { bytesEqual, formatMac, randomBytes, utf8, wipe } from "../bytes.ts";
import { WscOpCode, type WscOutgoing, type WscStep } from "../eap/wsc_role.ts";
import type { WscEndReason, WscRun } from "../eap/wsc_role.ts";
import { LogLevel } from "../log.ts";
import { parseAttributes, type WscAttrs } from "./attributes.ts";
import {
  Attr,
  AuthType,
  ConfigError,
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
import { computeDhSharedSecret, type DhKeyPair, isInPrimeOrderSubgroup } from "./dh.ts";
import { deriveKeys, type WpsKeys } from "./kdf.ts";
import {
  buildM2,
  buildM2D,
  buildM4,
  buildM6,
  buildM8,
  buildWscNack,
  type M1,
  messageTypeOf,
  parseM1,
  parseM3,
  parseM5,
  parseM7,
  parseWscAck,
  parseWscDone,
  parseWscNack,
} from "./messages.ts";
import type { PinLease } from "./pin_table.ts";
import { attrValue, deviceAttributes, openSettings } from "./_run_util.ts";
import { buildCredentialAttr } from "./credential.ts";
import { formatDeviceType } from "./device.ts";
import { type EncryptedSettingsContent, sealSettings } from "./encrypted_settings.ts";
import { formatUuid } from "./uuid.ts";
import type { WpsContext } from "./wps_context.ts";
import { type CredentialChoice, selectCredential, type WpsApSettings } from "./wps_settings.ts";

/** The PBC Device Password (WSC 2.0.5, 10.3). */
const PBC_PASSWORD = "00000000";

/** What the Registrar waits for. */
type RegistrarState =
  | "start"
  | "expectM1"
  | "expectM3"
  | "expectM5"
  | "expectM7"
  | "expectDone"
  | "expectM2dAck"
  | "sentNack"
  | "over";

/** Device Password IDs a Registrar accepts (reference 5.7 M1; 4 only in PBC mode). */
function passwordIdUsable(id: number, pbcMode: boolean): boolean {
  if (id >= DevPasswordId.NFC_TOKEN_MIN) return true;
  return id === DevPasswordId.DEFAULT || id === DevPasswordId.USER_SPECIFIED ||
    id === DevPasswordId.MACHINE_SPECIFIED || id === DevPasswordId.REGISTRAR_SPECIFIED ||
    id === DevPasswordId.P2PS_DEFAULT || (id === DevPasswordId.PUSHBUTTON && pbcMode);
}

const finish: WscStep = { action: "finish" };

/** One registration with one Enrollee; discarded after `end()`. */
export class RegistrarRun implements WscRun {
  #ctx: WpsContext;
  #peer: Uint8Array;
  #state: RegistrarState = "start";
  #last: Uint8Array = new Uint8Array(0);
  #m1: (M1 & { raw: Uint8Array }) | null = null;
  #nonceR: Uint8Array = new Uint8Array(16);
  #dh: DhKeyPair | null = null;
  #pkR: Uint8Array = new Uint8Array(0);
  #keys: WpsKeys | null = null;
  #password: Uint8Array | null = null;
  #psk: PskPair | null = null;
  #rS1: Uint8Array | null = null;
  #rS2: Uint8Array | null = null;
  #lease: PinLease | null = null;
  #pbc = false;
  #revealed = false;
  #cred: CredentialChoice | null = null;
  // Parts of M4 and M6 computed ahead (see prepare), or "rejected" when PKE failed the check.
  #ahead:
    | { rHash1: Uint8Array; rHash2: Uint8Array; m4: Uint8Array; m6: Uint8Array }
    | "rejected"
    | null = null;
  // M8's Encrypted Settings sealed ahead (see prepare) for these AP settings; "none" when no
  // credential suits the Enrollee.
  #m8Ahead: { settings: WpsApSettings; sealed: Uint8Array | "none" } | null = null;

  /**
   * @param ctx the BSS's WPS state
   * @param peerMac the station's 802.11 / Ethernet address
   */
  constructor(ctx: WpsContext, peerMac: Uint8Array) {
    this.#ctx = ctx;
    this.#peer = peerMac.slice();
  }

  /** The Registrar opens with WSC_Start. */
  start(): WscOutgoing {
    this.#state = "expectM1";
    return { opCode: WscOpCode.START, payload: new Uint8Array(0) };
  }

  /** Handles one reassembled message from the Enrollee. */
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
      case WscOpCode.DONE:
        return this.#onDone(payload);
      default:
        return this.#over();
    }
  }

  /**
   * Work done while the Enrollee computes its next message. After M2: the subgroup check of its
   * public key and everything of M4 and M6 that does not depend on M3. After M6: the credential
   * and M8's Encrypted Settings, which do not depend on M7 (only M8's Authenticator does); they
   * are sent only if M7 proves the second half of the PIN.
   */
  prepare(): void {
    if (this.#state === "expectM3" && this.#ahead === null) this.#prepareM4M6();
    if (this.#state === "expectM7" && this.#m8Ahead === null) this.#prepareM8();
  }

  /** Releases the PIN (invalidating it if M6 was sent) and wipes the run's secrets. */
  end(reason: WscEndReason): void {
    this.#ctx.log.log(LogLevel.DEBUG, `WPS: Registrar run ended (${reason})`);
    if (this.#lease) {
      if (this.#revealed) {
        this.#ctx.log.log(
          LogLevel.DEBUG,
          "WPS: Full PIN information revealed and negotiation failed - invalidate PIN",
        );
      }
      this.#ctx.pins.release(this.#lease, this.#revealed, this.#peer);
      wipe(this.#lease.pin);
      this.#lease = null;
    }
    wipe(this.#password ?? undefined, this.#rS1 ?? undefined, this.#rS2 ?? undefined);
    if (this.#psk) wipe(this.#psk.psk1, this.#psk.psk2);
    if (this.#keys) wipe(this.#keys.authKey, this.#keys.keyWrapKey, this.#keys.emsk);
    if (this.#dh) {
      // Dropped here, so a second end() does not tell the context twice.
      wipe(this.#dh.privateKey);
      this.#dh = null;
      this.#ctx.dhRunEnded();
    }
    this.#dropCredential();
    this.#state = "over";
  }

  #dropCredential(): void {
    const c = this.#cred;
    if (c) wipe(c.networkKey, c.newDevicePsk ?? undefined, c.newPassphrase ?? undefined);
    this.#cred = null;
    const sealed = this.#m8Ahead?.sealed;
    if (sealed instanceof Uint8Array) wipe(sealed);
    this.#m8Ahead = null;
  }

  // ---- WSC_MSG ----

  #onMsg(payload: Uint8Array): WscStep {
    let attrs: WscAttrs;
    try {
      attrs = parseAttributes(payload);
    } catch {
      return this.#over();
    }
    const type = messageTypeOf(attrs);
    if (type === undefined) return this.#nack(ConfigError.NO_ERROR);
    if (type !== MsgType.M1) {
      // Every message after M1 must echo our nonce; otherwise a hard failure (reference 5.7).
      const n = attrValue(attrs, Attr.REGISTRAR_NONCE);
      if (!n || !bytesEqual(n, this.#nonceR)) return this.#over();
    }
    switch (type) {
      case MsgType.M1:
        return this.#onM1(payload);
      case MsgType.M3:
        return this.#onM3(payload);
      case MsgType.M5:
        return this.#onM5(payload);
      case MsgType.M7:
        return this.#onM7(payload);
      default:
        return this.#over();
    }
  }

  #onM1(payload: Uint8Array): WscStep {
    if (this.#state !== "expectM1") return this.#over();
    let m1;
    try {
      m1 = parseM1(payload);
    } catch {
      return this.#over();
    }
    this.#m1 = m1;
    this.#last = payload.slice();
    const pbcMode = this.#ctx.pbc.active;
    if (!passwordIdUsable(m1.devPasswordId, pbcMode)) return this.#m2d(ConfigError.NO_ERROR);
    if (m1.devPasswordId === DevPasswordId.PUSHBUTTON) {
      if (this.#ctx.pbc.checkM1(m1.macAddress, m1.uuidE)) {
        this.#ctx.reportFailure(this.#enrolleeMac, MsgType.M1, ConfigError.MULTIPLE_PBC_DETECTED);
        return this.#m2d(ConfigError.MULTIPLE_PBC_DETECTED);
      }
      this.#pbc = true;
      this.#password = utf8(PBC_PASSWORD);
    } else {
      this.#lease = this.#ctx.pins.acquire(m1.uuidE, this.#peer);
      if (!this.#lease) {
        this.#pinNeeded(m1);
        return this.#m2d(ConfigError.NO_ERROR);
      }
      this.#password = this.#lease.pin.slice();
    }
    return this.#sendM2(m1);
  }

  #sendM2(m1: M1): WscStep {
    const s = this.#ctx.settings;
    this.#nonceR = randomBytes(16);
    this.#dh = this.#ctx.takeDhKeyPair();
    this.#pkR = this.#dh.publicKey;
    let shared: Uint8Array;
    try {
      // The subgroup check of PKE waits for prepare(): nothing M2 reveals depends on it.
      shared = computeDhSharedSecret(this.#dh.privateKey, m1.publicKey, "range");
    } catch {
      this.#ctx.log.log(LogLevel.DEBUG, "WPS: Enrollee public key rejected");
      return this.#over();
    }
    const d = deriveKeys({
      sharedSecret: shared,
      enrolleeNonce: m1.enrolleeNonce,
      enrolleeMac: m1.macAddress,
      registrarNonce: this.#nonceR,
    });
    wipe(shared, d.dhKey, d.kdk);
    this.#keys = { authKey: d.authKey, keyWrapKey: d.keyWrapKey, emsk: d.emsk };
    const m2 = buildM2({
      enrolleeNonce: m1.enrolleeNonce,
      registrarNonce: this.#nonceR,
      uuidR: s.uuid,
      publicKey: this.#pkR,
      authTypeFlags: WPS_AUTH_TYPE_FLAGS,
      encrTypeFlags: WPS_ENCR_TYPE_FLAGS,
      connTypeFlags: ConnTypeFlag.ESS,
      configMethods: s.configMethods,
      ...deviceAttributes(s.device),
      rfBands: s.rfBands,
      assocState: 0,
      configError: ConfigError.NO_ERROR,
      // An out-of-band ID (0x10 and up) served from the PIN table is answered as a PIN.
      devPasswordId: m1.devPasswordId >= DevPasswordId.NFC_TOKEN_MIN && this.#lease
        ? DevPasswordId.DEFAULT
        : m1.devPasswordId,
    }, { authKey: this.#keys.authKey, previous: this.#last });
    this.#state = "expectM3";
    return this.#send(WscOpCode.MSG, m2);
  }

  #m2d(configError: number): WscStep {
    const s = this.#ctx.settings;
    const m1 = this.#m1!;
    // A locked AP tells PIN-less Enrollees why (reference 5.6).
    const err = configError === 0 && this.#ctx.apPin.setupLocked
      ? ConfigError.SETUP_LOCKED
      : configError;
    const m2d = buildM2D({
      enrolleeNonce: m1.enrolleeNonce,
      registrarNonce: this.#nonceR,
      uuidR: s.uuid,
      authTypeFlags: WPS_AUTH_TYPE_FLAGS,
      encrTypeFlags: WPS_ENCR_TYPE_FLAGS,
      connTypeFlags: ConnTypeFlag.ESS,
      configMethods: s.configMethods,
      ...deviceAttributes(s.device),
      rfBands: s.rfBands,
      assocState: 0,
      configError: err,
    });
    this.#state = "expectM2dAck";
    return this.#send(WscOpCode.MSG, m2d);
  }

  #pinNeeded(m1: M1): void {
    const uuid = formatUuid(m1.uuidE);
    const mac = formatMac(m1.macAddress);
    const type = formatDeviceType(m1.primaryDeviceType);
    const fields = [m1.deviceName, m1.manufacturer, m1.modelName, m1.modelNumber];
    fields.push(m1.serialNumber, type);
    this.#ctx.host.emit(`WPS-PIN-NEEDED ${uuid} ${mac} [${fields.join("|")}]`.slice(0, 399));
    const line = [String(this.#ctx.host.unixTime()), uuid, mac, ...fields].join("\t");
    this.#ctx.host.appendPinRequest(`${line}\n`);
  }

  /** Common checks of M3/M5/M7: state, PBC overlap, Authenticator (reference 5.7). */
  #precheck(payload: Uint8Array, want: RegistrarState, msg: number): WscStep | null {
    if (this.#state !== want) return this.#failNack(msg, ConfigError.NO_ERROR);
    if (this.#pbc && this.#ctx.pbc.forceOverlap) {
      return this.#failNack(msg, ConfigError.MULTIPLE_PBC_DETECTED);
    }
    if (!this.#keys || !verifyAuthenticator(this.#keys.authKey, this.#last, payload)) {
      return this.#failNack(msg, ConfigError.NO_ERROR);
    }
    return null;
  }

  #onM3(payload: Uint8Array): WscStep {
    const bad = this.#precheck(payload, "expectM3", MsgType.M3);
    if (bad) return bad;
    let m3;
    try {
      m3 = parseM3(payload);
    } catch {
      return this.#failNack(MsgType.M3, ConfigError.NO_ERROR);
    }
    this.#last = payload.slice();
    if (this.#ahead === null) this.#prepareM4M6();
    const ahead = this.#ahead;
    if (ahead === "rejected" || ahead === null) {
      this.#ctx.log.log(LogLevel.DEBUG, "WPS: Enrollee public key rejected");
      return this.#over();
    }
    this.#eHash = [m3.eHash1, m3.eHash2];
    const keys = this.#keys!;
    const m4 = buildM4({
      enrolleeNonce: this.#m1!.enrolleeNonce,
      rHash1: ahead.rHash1,
      rHash2: ahead.rHash2,
      encryptedSettings: ahead.m4,
    }, { authKey: keys.authKey, previous: this.#last });
    this.#state = "expectM5";
    return this.#send(WscOpCode.MSG, m4);
  }

  #eHash: [Uint8Array, Uint8Array] | null = null;

  #prepareM4M6(): void {
    const keys = this.#keys!;
    const m1 = this.#m1!;
    if (!isInPrimeOrderSubgroup(m1.publicKey)) {
      this.#ahead = "rejected";
      return;
    }
    this.#psk = computePsk1Psk2(keys.authKey, this.#password!);
    this.#rS1 = randomBytes(16);
    this.#rS2 = randomBytes(16);
    this.#ahead = {
      rHash1: computeRHash(keys.authKey, this.#rS1, this.#psk.psk1, m1.publicKey, this.#pkR),
      rHash2: computeRHash(keys.authKey, this.#rS2, this.#psk.psk2, m1.publicKey, this.#pkR),
      m4: sealSettings(keys, { rSNonce1: this.#rS1 }),
      m6: sealSettings(keys, { rSNonce2: this.#rS2 }),
    };
  }

  /** Decrypts M5/M7 settings and checks E-SNonce against the committed E-Hash. */
  #proveHalf(encrypted: Uint8Array, half: 1 | 2): "ok" | "nack" | "mismatch" {
    const keys = this.#keys!;
    const opened = openSettings(keys, encrypted);
    if (!opened) return "nack";
    const sn = attrValue(opened.attrs, half === 1 ? Attr.E_SNONCE1 : Attr.E_SNONCE2);
    if (!sn) {
      wipe(opened.plain);
      return "nack";
    }
    const psk = half === 1 ? this.#psk!.psk1 : this.#psk!.psk2;
    const hash = computeEHash(keys.authKey, sn, psk, this.#m1!.publicKey, this.#pkR);
    const ok = verifyHash(hash, this.#eHash![half - 1]!);
    wipe(opened.plain);
    return ok ? "ok" : "mismatch";
  }

  #onM5(payload: Uint8Array): WscStep {
    const bad = this.#precheck(payload, "expectM5", MsgType.M5);
    if (bad) return bad;
    let m5;
    try {
      m5 = parseM5(payload);
    } catch {
      return this.#failNack(MsgType.M5, ConfigError.NO_ERROR);
    }
    const r = this.#proveHalf(m5.encryptedSettings, 1);
    if (r !== "ok") {
      const err = r === "mismatch" ? ConfigError.DEV_PASSWORD_AUTH_FAILURE : ConfigError.NO_ERROR;
      return this.#failNack(MsgType.M5, err);
    }
    this.#last = payload.slice();
    const keys = this.#keys!;
    const ahead = this.#ahead as { m6: Uint8Array };
    const m6 = buildM6({
      enrolleeNonce: this.#m1!.enrolleeNonce,
      encryptedSettings: ahead.m6,
    }, { authKey: keys.authKey, previous: this.#last });
    // M6 reveals R-S2: from here a failed run must not leave the PIN usable (reference 10.1).
    this.#revealed = true;
    this.#state = "expectM7";
    return this.#send(WscOpCode.MSG, m6);
  }

  #onM7(payload: Uint8Array): WscStep {
    const bad = this.#precheck(payload, "expectM7", MsgType.M7);
    if (bad) return bad;
    let m7;
    try {
      m7 = parseM7(payload);
    } catch {
      return this.#failNack(MsgType.M7, ConfigError.NO_ERROR);
    }
    const r = this.#proveHalf(m7.encryptedSettings, 2);
    if (r === "mismatch") {
      if (this.#lease) this.#ctx.pins.invalidate(this.#lease);
      return this.#failNack(MsgType.M7, ConfigError.DEV_PASSWORD_AUTH_FAILURE);
    }
    if (r === "nack") return this.#failNack(MsgType.M7, ConfigError.NO_ERROR);
    this.#revealed = false;
    if (this.#lease) this.#ctx.pins.consume(this.#lease);
    this.#last = payload.slice();
    return this.#sendM8();
  }

  #sendM8(): WscStep {
    // Sealed ahead unless the AP's settings were replaced since (new AP settings, WPS_CONFIG).
    if (this.#m8Ahead?.settings !== this.#ctx.settings) this.#prepareM8();
    const sealed = this.#m8Ahead!.sealed;
    if (sealed === "none") {
      this.#ctx.log.log(LogLevel.DEBUG, "WPS: No usable credential for the Enrollee");
      return this.#over();
    }
    const m8 = buildM8({
      enrolleeNonce: this.#m1!.enrolleeNonce,
      encryptedSettings: sealed,
    }, { authKey: this.#keys!.authKey, previous: this.#last });
    this.#state = "expectDone";
    return this.#send(WscOpCode.MSG, m8);
  }

  /** Chooses the credential for the current AP settings and seals M8's Encrypted Settings. */
  #prepareM8(): void {
    this.#dropCredential();
    const s = this.#ctx.settings;
    const m1 = this.#m1!;
    const content: EncryptedSettingsContent = {};
    if (!s.skipCredBuild) {
      this.#cred = selectCredential(s, {
        authFlags: m1.authTypeFlags,
        encrFlags: m1.encrTypeFlags,
        configMethods: m1.configMethods,
        manufacturer: m1.manufacturer,
        modelName: m1.modelName,
        mac: m1.macAddress,
      });
      if (!this.#cred) {
        this.#m8Ahead = { settings: s, sealed: "none" };
        return;
      }
      const { authType, encrType, networkKey } = this.#cred;
      content.credentials = [{
        ssid: s.ssid,
        authType,
        encrType,
        networkKey,
        macAddress: m1.macAddress,
      }];
    }
    if (s.extraCred) content.extra = s.extraCred;
    this.#m8Ahead = { settings: s, sealed: sealSettings(this.#keys!, content) };
  }

  // ---- WSC_ACK / WSC_NACK / WSC_Done ----

  /** Both nonces of an ACK/NACK/Done must match ours (reference 5.7). */
  #noncesMatch(m: { enrolleeNonce: Uint8Array; registrarNonce: Uint8Array }): boolean {
    return !!this.#m1 && bytesEqual(m.enrolleeNonce, this.#m1.enrolleeNonce) &&
      bytesEqual(m.registrarNonce, this.#nonceR);
  }

  #onAck(payload: Uint8Array): WscStep {
    // After M2D the Enrollee's ACK ends the run; an ACK anywhere else is a failure too.
    try {
      parseWscAck(payload);
    } catch {
      return this.#over();
    }
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
    const rejected: Partial<Record<RegistrarState, number>> = {
      expectM3: MsgType.M2,
      expectM5: MsgType.M4,
      expectM7: MsgType.M6,
      expectDone: MsgType.M8,
    };
    const msg = rejected[this.#state];
    if (msg !== undefined) this.#ctx.reportFailure(this.#enrolleeMac, msg, nack.configError);
    return this.#over();
  }

  #onDone(payload: Uint8Array): WscStep {
    let ok = this.#state === "expectDone";
    if (ok) {
      try {
        ok = this.#noncesMatch(parseWscDone(payload));
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      this.#ctx.reportFailure(this.#enrolleeMac, MsgType.WSC_DONE, ConfigError.NO_ERROR);
      return this.#over();
    }
    this.#state = "over";
    // Reported once the EAP-Failure is on the wire (see WscStep).
    return { action: "finish", after: () => this.#registered() };
  }

  /** WSC_Done verified: deliver new keys, report, end PBC/PIN mode (reference 5.7 Done). */
  #registered(): void {
    const ctx = this.#ctx;
    const m1 = this.#m1!;
    const s = ctx.settings;
    const mac = m1.macAddress;
    ctx.storeDevice(mac, {
      uuid: formatUuid(m1.uuidE),
      primaryDeviceType: formatDeviceType(m1.primaryDeviceType),
      deviceName: m1.deviceName,
      manufacturer: m1.manufacturer,
      modelName: m1.modelName,
      modelNumber: m1.modelNumber,
      serialNumber: m1.serialNumber,
    });
    const cred = this.#cred;
    const disableAutoConf = s.wpsCredProcessing === 1 && s.skipCredBuild;
    if (cred?.newPassphrase && s.wpsState === 1 && !disableAutoConf) {
      // The first Enrollee of an unconfigured AP makes it a WPA/WPA2-PSK AP (reference 5.10).
      const next = {
        ssid: s.ssid.slice(),
        authType: AuthType.WPAPSK | AuthType.WPA2PSK,
        encrType: EncrType.TKIP | EncrType.AES,
        networkKey: cred.newPassphrase.slice(),
      };
      ctx.configuredByFirstEnrollee();
      // Built by the AP for itself: no MAC address, as in hostapd's event.
      ctx.applyNewApSettings(next, buildCredentialAttr({ ...next, macAddress: new Uint8Array(6) }));
    } else if (cred?.newDevicePsk) {
      // In memory first, so the PSK works even when the file append fails (reference 4.2).
      s.wpsPsks.push({ mac: mac.slice(), psk: cred.newDevicePsk.slice() });
      ctx.host.storeDevicePsk(mac.slice(), cred.newDevicePsk.slice());
    }
    ctx.host.emit(`WPS-REG-SUCCESS ${formatMac(mac)} ${formatUuid(m1.uuidE)}`);
    ctx.host.registrationCompleted?.(m1.uuidE.slice(), this.#pbc ? null : this.#password!.slice());
    if (this.#pbc) ctx.pbc.completed(m1.uuidE);
    else ctx.pinCompleted();
    ctx.reportSuccess(mac);
  }

  // ---- replies ----

  /** M1's MAC Address; all zeros before M1, as hostapd reports the peer of such a failure. */
  get #enrolleeMac(): Uint8Array {
    return this.#m1?.macAddress ?? new Uint8Array(6);
  }

  #send(opCode: WscOutgoing["opCode"], payload: Uint8Array): WscStep {
    if (opCode === WscOpCode.MSG) this.#last = payload;
    return { action: "send", message: { opCode, payload } };
  }

  /** Reports `WPS-FAIL msg=<msg>` and answers WSC_NACK. */
  #failNack(msg: number, configError: number): WscStep {
    this.#ctx.reportFailure(this.#enrolleeMac, msg, configError);
    return this.#nack(configError);
  }

  #nack(configError: number): WscStep {
    const nack = buildWscNack({
      enrolleeNonce: this.#m1?.enrolleeNonce ?? new Uint8Array(16),
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
