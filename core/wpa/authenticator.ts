/**
 * The WPA2-Personal authenticator of one BSS (IEEE 802.11-2020 12.7.6 and 12.7.7): per-station
 * 4-way handshakes with PSK candidates from `wpa_psk_file` and the common PSK, group key
 * handshakes on `wpa_group_rekey`, PTK rekeying on `wpa_ptk_rekey`, retries and timeouts.
 * All I/O goes through an injected WpaHost (wpa_host.ts); time through a Clock.
 *
 * @module
 */

import { concat, formatMac, randomBytes, timingSafeEqual, wipe } from "../bytes.ts";
import type { TimerId } from "../clock.ts";
import { type Logger, LogLevel, silentLogger } from "../log.ts";
import {
  buildEapolKey,
  KEY_VERSION_AES_CMAC,
  KEY_VERSION_HMAC_SHA1,
  KeyInfo,
  parseEapolKey,
  signEapolKey,
  verifyEapolMic,
} from "./eapol_key.ts";
import type { EapolKeyFields, EapolKeyFrame } from "./eapol_key.ts";
import { type GroupKey, GroupKeys } from "./group_key.ts";
import { buildGtkKde, buildIgtkKde, parseKeyData, wrapKeyData } from "./key_data.ts";
import { derivePtk, type Ptk, wipePtk } from "./prf.ts";
import { type PskCandidate, pskCandidates, type PskConfig } from "./psk.ts";
import {
  AkmSuite,
  buildRsnElement,
  checkStationRsnElement,
  CipherSuite,
  groupMgmtCipherOf,
  integrityKeyLength,
  parseRsnElement,
  type RsnElement,
  RsnStatus,
  temporalKeyLength,
  usesMfp,
} from "./rsn_ie.ts";
import { NO_WPA_MIB_COUNTERS, WPA_GROUP_SETKEYSDONE, type WpaMibCounters } from "./mib.ts";
import { StationRetry } from "./_retry.ts";
import {
  type PairwiseState,
  type WpaAuthenticatorOptions,
  WpaReason,
  type WpaStationInfo,
} from "./wpa_host.ts";

interface Station {
  mac: Uint8Array;
  assocRsn: Uint8Array;
  akm: number;
  /** The pairwise cipher the station chose, and its TK length. */
  pairwise: number;
  tkLen: number;
  keyVersion: number;
  /** Management frames are protected (both said MFPC): key data carries the IGTK too. */
  mfp: boolean;
  state: PairwiseState;
  authorized: boolean;
  replayCounter: bigint;
  /** Replay counters of the frames sent in the current step that a reply may carry. */
  validCounters: bigint[];
  /** Counter of the last accepted EAPOL-Key request from the station. */
  requestCounter: bigint;
  anonce: Uint8Array;
  ptk?: Ptk;
  tptk?: Ptk;
  matched?: PskCandidate;
  pairwiseRetry: StationRetry;
  groupRetry: StationRetry;
  groupValidCounters: bigint[];
  needGroupUpdate: boolean;
  ptkRekeyTimer?: TimerId;
  /** The 4-way handshake completed, so the station holds the GTK (hostapd's has_GTK). */
  hasGtk: boolean;
}

/**
 * With `wpa_disable_eapol_key_retries` msg 3/4 and group msg 1/2 are sent once, so the wait for
 * the answer is long enough for a station in power save (hostapd's eapol_key_timeout_no_retrans).
 */
const EAPOL_KEY_TIMEOUT_NO_RETRANS_MS = 4000;

/** With `wpa_strict_rekey`, how soon after a GTK holder leaves the new GTK goes out (hostapd's). */
const STRICT_REKEY_DELAY_MS = 500;

/** The WPA2-PSK authenticator of one BSS. Call {@link start} once before use. */
export class WpaAuthenticator {
  readonly #o: Required<Omit<WpaAuthenticatorOptions, "logger">> & { logger: Logger };
  readonly #stations = new Map<string, Station>();
  readonly #rsnElement: Uint8Array;
  /** The same element decoded once, for the checks of every association. */
  readonly #apRsn: RsnElement;
  readonly #groupCipher: number;
  /** The BIP cipher when the AP protects management frames (MFPC), else undefined. */
  readonly #mgmtCipher: number | undefined;
  #groupKeys: GroupKeys;
  /**
   * Stations yet to ack the GTK of a rekey; while any is left the new GTK is not in the driver
   * (#maybeGroupDone installs it once the set is empty).
   */
  #groupPending = new Set<string>();
  #groupTimer: TimerId | undefined;
  /** When #groupTimer fires (Clock.now() time). */
  #groupTimerDue = 0;
  #started = false;
  readonly #mib: WpaMibCounters = { ...NO_WPA_MIB_COUNTERS };

  /**
   * @throws {RangeError} when the RSN element offers no PSK AKM, or protects management frames
   *   with a host that cannot install an IGTK
   */
  constructor(options: WpaAuthenticatorOptions) {
    this.#o = {
      ...options,
      logger: options.logger ?? silentLogger,
      groupRekeySeconds: options.groupRekeySeconds ?? 86400,
      ptkRekeySeconds: options.ptkRekeySeconds ?? 0,
      pairwiseUpdateCount: options.pairwiseUpdateCount ?? 4,
      groupUpdateCount: options.groupUpdateCount ?? 4,
      disableKeyRetries: options.disableKeyRetries ?? false,
      firstTimeoutMs: options.firstTimeoutMs ?? 100,
      firstGroupTimeoutMs: options.firstGroupTimeoutMs ?? 500,
      subsequentTimeoutMs: options.subsequentTimeoutMs ?? 1000,
      eapolVersion: options.eapolVersion ?? 2,
      strictRekey: options.strictRekey ?? false,
    };
    const akms = options.rsn.akms;
    if (!akms.includes(AkmSuite.PSK) && !akms.includes(AkmSuite.PSK_SHA256)) {
      throw new RangeError("Cannot start WPA authenticator: no PSK AKM in the RSN element");
    }
    this.#rsnElement = buildRsnElement(options.rsn);
    this.#apRsn = parseRsnElement(this.#rsnElement);
    this.#groupCipher = options.rsn.groupCipher;
    this.#mgmtCipher = groupMgmtCipherOf(options.rsn);
    if (this.#mgmtCipher !== undefined && !options.host.installIntegrityGroupKey) {
      throw new RangeError("Cannot protect management frames: the host installs no IGTK");
    }
    this.#groupKeys = new GroupKeys(
      options.bssid,
      temporalKeyLength(this.#groupCipher),
      this.#mgmtCipher === undefined ? undefined : integrityKeyLength(this.#mgmtCipher),
    );
  }

  /** The AP's RSN element for Beacon and Probe Response frames. */
  get rsnElement(): Uint8Array {
    return this.#rsnElement.slice();
  }

  /** The GTK key index in use (1 or 2). */
  get groupKeyIndex(): number {
    return this.#groupKeys.current.keyIndex;
  }

  /** What MIB shows: the last accepted station's suites and the failed 4-way handshakes. */
  get mibCounters(): WpaMibCounters {
    return { ...this.#mib };
  }

  /** hostapd's wpa_group_state: 1 while group key handshakes are under way, 2 when done. */
  get groupState(): number {
    return this.#groupPending.size > 0 ? 1 : WPA_GROUP_SETKEYSDONE;
  }

  /** Installs the first GTK and arms the group rekey timer. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#installGroupKeys(this.#groupKeys.current);
    this.#armGroupTimer();
  }

  /** Stops all timers and forgets every station and key, without events or deauths. */
  stop(): void {
    for (const sta of this.#stations.values()) this.#forget(sta);
    this.#stations.clear();
    this.#groupPending.clear();
    if (this.#groupTimer !== undefined) this.#o.clock.clearTimer(this.#groupTimer);
    this.#groupTimer = undefined;
    this.#groupKeys.wipe();
    this.#started = false;
  }

  /**
   * A station (re)associated with `rsnElement` in its request: checks the element and, when
   * acceptable, starts the 4-way handshake by sending msg 1/4.
   *
   * @returns an 802.11 status code for the (Re)Association Response, 0 when accepted
   */
  associate(mac: Uint8Array, rsnElement: Uint8Array): number {
    let requested: RsnElement | undefined;
    try {
      requested = parseRsnElement(rsnElement);
    } catch {
      requested = undefined;
    }
    const status = requested
      ? checkStationRsnElement(this.#apRsn, requested)
      : RsnStatus.INVALID_IE;
    if (status !== RsnStatus.SUCCESS || !requested) {
      this.#log(mac, `invalid RSN element in association request (status ${status})`);
      return status;
    }
    const old = this.#stations.get(formatMac(mac));
    // The station stays (as hostapd keeps its state machine): not a leave for wpa_strict_rekey.
    if (old) this.#drop(old, false);
    const mfp = usesMfp(this.#apRsn, requested);
    const akm = requested.akms[0]!;
    // checkStationRsnElement accepted exactly one pairwise cipher the AP offers (a runnable one).
    const pairwise = requested.pairwiseCiphers[0] ?? CipherSuite.CCMP;
    this.#mib.akmSelected = akm;
    this.#mib.pairwiseSelected = pairwise;
    this.#mib.groupSelected = requested.groupCipher;
    const sta: Station = {
      mac: mac.slice(),
      assocRsn: rsnElement.slice(),
      akm,
      pairwise,
      tkLen: temporalKeyLength(pairwise),
      keyVersion: akm === AkmSuite.PSK_SHA256 ? KEY_VERSION_AES_CMAC : KEY_VERSION_HMAC_SHA1,
      mfp,
      state: "expectMsg2",
      authorized: false,
      replayCounter: 0n,
      validCounters: [],
      requestCounter: -1n,
      anonce: new Uint8Array(32),
      pairwiseRetry: new StationRetry(this.#o.clock),
      groupRetry: new StationRetry(this.#o.clock),
      groupValidCounters: [],
      needGroupUpdate: false,
      hasGtk: old?.hasGtk ?? false,
    };
    this.#stations.set(formatMac(mac), sta);
    this.#startPairwise(sta);
    return RsnStatus.SUCCESS;
  }

  /** A station left (deauthentication, disassociation, or the driver dropped it). */
  disconnect(mac: Uint8Array): void {
    const sta = this.#stations.get(formatMac(mac));
    if (sta) this.#drop(sta);
  }

  /** Handles an EAPOL frame from a station; frames of unknown stations are dropped. */
  receiveEapol(mac: Uint8Array, frame: Uint8Array): void {
    const sta = this.#stations.get(formatMac(mac));
    if (!sta) return;
    let key: EapolKeyFrame;
    try {
      key = parseEapolKey(frame, { allowWpaDescriptor: true });
    } catch (e) {
      this.#log(mac, `dropped EAPOL frame: ${(e as Error).message}`);
      return;
    }
    if ((key.keyInfo & KeyInfo.VERSION_MASK) !== sta.keyVersion) {
      this.#log(mac, `dropped EAPOL-Key with descriptor version ${key.keyInfo & 7}`);
      return;
    }
    if (!(key.keyInfo & KeyInfo.MIC) || key.keyInfo & KeyInfo.ACK) {
      this.#log(mac, "dropped EAPOL-Key without MIC or with Ack");
      return;
    }
    if (key.keyInfo & KeyInfo.REQUEST) return this.#onRequest(sta, key, frame);
    if (!(key.keyInfo & KeyInfo.PAIRWISE)) return this.#onGroupMsg2(sta, key, frame);
    // hostapd's rule: a pairwise reply without Key Data is msg 4/4, with Key Data msg 2/4.
    if (key.keyData.length === 0) return this.#onMsg4(sta, key, frame);
    return this.#onMsg2(sta, key, frame);
  }

  /** Starts a group key handshake with every station now (as a `wpa_group_rekey` expiry). */
  rekeyGroup(): void {
    const gk = this.#groupKeys.rekey();
    this.#o.logger.log(LogLevel.DEBUG, `WPA: group rekeying, new GTK index ${gk.keyIndex}`);
    this.#groupPending.clear();
    for (const sta of this.#stations.values()) {
      if (sta.state === "done") {
        this.#groupPending.add(formatMac(sta.mac));
        this.#startGroup(sta);
      } else if (sta.state === "expectMsg4") {
        // Msg 3/4 already carried the old GTK: update it once the handshake completes.
        this.#groupPending.add(formatMac(sta.mac));
        sta.needGroupUpdate = true;
      }
    }
    this.#maybeGroupDone();
    this.#armGroupTimer();
  }

  /** Starts a new 4-way handshake with an associated station (PTK rekey). */
  rekeyPairwise(mac: Uint8Array): void {
    const sta = this.#stations.get(formatMac(mac));
    if (sta && sta.state === "done") this.#startPairwise(sta);
  }

  /**
   * Replaces the PSK configuration (RELOAD_WPA_PSK) and deauthenticates, with reason 2, the
   * stations whose matched PSK is no longer among their candidates.
   */
  setPsks(psks: PskConfig): void {
    this.#o.psks = psks;
    for (const sta of [...this.#stations.values()]) {
      const used = sta.matched;
      if (!used) continue;
      const still = pskCandidates(psks, sta.mac).some((c) => timingSafeEqual(c.psk, used.psk));
      if (!still) this.#deauth(sta, WpaReason.PREV_AUTH_NOT_VALID);
    }
  }

  /** The state of one station, or undefined when it is unknown. */
  station(mac: Uint8Array): WpaStationInfo | undefined {
    const sta = this.#stations.get(formatMac(mac));
    if (!sta) return undefined;
    const info: WpaStationInfo = {
      state: sta.state,
      authorized: sta.authorized,
      akm: sta.akm,
      pairwise: sta.pairwise,
      groupRekeying: sta.groupRetry.active,
    };
    if (sta.matched?.keyid !== undefined) info.keyid = sta.matched.keyid;
    return info;
  }

  // --- pairwise (4-way) handshake -------------------------------------------------------

  #startPairwise(sta: Station): void {
    this.#clearPtkRekey(sta);
    wipe(sta.anonce);
    sta.anonce = randomBytes(32);
    sta.state = "expectMsg2";
    sta.validCounters = [];
    sta.pairwiseRetry.start(
      this.#o.pairwiseUpdateCount,
      this.#o.firstTimeoutMs,
      this.#o.subsequentTimeoutMs,
      () => this.#sendMsg1(sta),
      () => this.#pairwiseTimeout(sta),
    );
  }

  #sendMsg1(sta: Station): void {
    const frame = this.#frame(sta, {
      keyInfo: sta.keyVersion | KeyInfo.PAIRWISE | KeyInfo.ACK,
      keyLength: sta.tkLen,
      nonce: sta.anonce,
    });
    this.#log(sta.mac, "sending 1/4 msg of 4-Way Handshake");
    this.#o.host.sendEapol(sta.mac, frame);
  }

  #onMsg2(sta: Station, key: EapolKeyFrame, frame: Uint8Array): void {
    if (sta.state !== "expectMsg2" || !sta.validCounters.includes(key.replayCounter)) {
      this.#log(sta.mac, "dropped unexpected msg 2/4 or replay counter mismatch");
      return;
    }
    let ptk: Ptk | undefined;
    let matched: PskCandidate | undefined;
    for (const cand of pskCandidates(this.#o.psks, sta.mac)) {
      const p = derivePtk({
        pmk: cand.psk,
        aa: this.#o.bssid,
        spa: sta.mac,
        anonce: sta.anonce,
        snonce: key.nonce,
        sha256: sta.akm === AkmSuite.PSK_SHA256,
        tkLen: sta.tkLen,
      });
      if (verifyEapolMic(p.kck, frame)) {
        ptk = p;
        matched = cand;
        break;
      }
      wipePtk(p);
    }
    if (!ptk || !matched) {
      // Wrong passphrase: keep retrying msg 1/4 until the handshake times out.
      this.#log(sta.mac, "invalid MIC in msg 2/4 of 4-Way Handshake");
      this.#o.host.emit(`AP-STA-POSSIBLE-PSK-MISMATCH ${formatMac(sta.mac)}`);
      return;
    }
    let rsn: Uint8Array | undefined;
    try {
      rsn = parseKeyData(key.keyData).rsnElement;
    } catch {
      rsn = undefined;
    }
    // IEEE 802.11-2020 12.7.6.3: the RSNE in msg 2/4 must equal the (Re)Association one.
    if (!rsn || rsn.length !== sta.assocRsn.length || !timingSafeEqual(rsn, sta.assocRsn)) {
      wipePtk(ptk);
      this.#log(sta.mac, "RSN element in msg 2/4 differs from the association request");
      this.#deauth(sta, WpaReason.IE_IN_4WAY_DIFFERS);
      return;
    }
    if (sta.tptk) wipePtk(sta.tptk);
    sta.tptk = ptk;
    sta.matched = matched;
    sta.state = "expectMsg4";
    sta.validCounters = [];
    sta.pairwiseRetry.start(
      this.#o.disableKeyRetries ? 1 : this.#o.pairwiseUpdateCount,
      this.#o.disableKeyRetries ? EAPOL_KEY_TIMEOUT_NO_RETRANS_MS : this.#o.firstTimeoutMs,
      this.#o.subsequentTimeoutMs,
      () => this.#sendMsg3(sta),
      () => this.#pairwiseTimeout(sta),
    );
  }

  #sendMsg3(sta: Station): void {
    const tptk = sta.tptk!;
    const gk = this.#groupKeys.current;
    const kde = this.#groupKdes(sta, gk);
    // concat, not an array spread: no plain JS array left holding the GTK where wipe cannot reach.
    const plain = concat(this.#rsnElement, kde);
    const keyData = wrapKeyData(tptk.kek, plain);
    wipe(plain, kde);
    const frame = this.#frame(sta, {
      keyInfo: sta.keyVersion | KeyInfo.PAIRWISE | KeyInfo.INSTALL | KeyInfo.ACK | KeyInfo.MIC |
        KeyInfo.SECURE | KeyInfo.ENCRYPTED_KEY_DATA,
      keyLength: sta.tkLen,
      nonce: sta.anonce,
      rsc: this.#rsc(gk.keyIndex),
      keyData,
    });
    signEapolKey(tptk.kck, frame);
    this.#log(sta.mac, "sending 3/4 msg of 4-Way Handshake");
    this.#o.host.sendEapol(sta.mac, frame);
  }

  #onMsg4(sta: Station, key: EapolKeyFrame, frame: Uint8Array): void {
    const tptk = sta.tptk;
    if (sta.state !== "expectMsg4" || !tptk || !sta.validCounters.includes(key.replayCounter)) {
      this.#log(sta.mac, "dropped unexpected msg 4/4 or replay counter mismatch");
      return;
    }
    if (!verifyEapolMic(tptk.kck, frame)) {
      this.#log(sta.mac, "invalid MIC in msg 4/4 of 4-Way Handshake");
      return;
    }
    sta.pairwiseRetry.stop();
    sta.validCounters = [];
    if (sta.ptk) wipePtk(sta.ptk);
    sta.ptk = tptk;
    sta.tptk = undefined;
    sta.state = "done";
    sta.hasGtk = true;
    this.#o.host.installPairwiseKey(sta.mac, tptk.tk.slice(), sta.pairwise);
    const mac = formatMac(sta.mac);
    if (!sta.authorized) {
      sta.authorized = true;
      this.#o.host.authorize(sta.mac);
      const keyid = sta.matched?.keyid;
      this.#o.host.emit(`AP-STA-CONNECTED ${mac}${keyid !== undefined ? ` keyid=${keyid}` : ""}`);
    }
    this.#o.host.emit(`EAPOL-4WAY-HS-COMPLETED ${mac}`);
    this.#log(sta.mac, "pairwise key handshake completed (RSN)");
    if (this.#o.ptkRekeySeconds > 0) {
      sta.ptkRekeyTimer = this.#o.clock.setTimer(this.#o.ptkRekeySeconds * 1000, () => {
        sta.ptkRekeyTimer = undefined;
        this.#log(sta.mac, "rekeying PTK");
        this.#startPairwise(sta);
      });
    }
    if (sta.needGroupUpdate) {
      sta.needGroupUpdate = false;
      this.#startGroup(sta);
    }
  }

  #pairwiseTimeout(sta: Station): void {
    this.#mib.fourWayFailures++;
    this.#log(sta.mac, "4-Way Handshake timed out");
    this.#deauth(sta, WpaReason.FOURWAY_HANDSHAKE_TIMEOUT);
  }

  // --- group key handshake --------------------------------------------------------------

  #startGroup(sta: Station): void {
    sta.groupValidCounters = [];
    sta.groupRetry.start(
      this.#o.disableKeyRetries ? 1 : this.#o.groupUpdateCount,
      this.#o.disableKeyRetries ? EAPOL_KEY_TIMEOUT_NO_RETRANS_MS : this.#o.firstGroupTimeoutMs,
      this.#o.subsequentTimeoutMs,
      () => this.#sendGroupMsg1(sta),
      () => {
        this.#log(sta.mac, "group key handshake timed out");
        this.#deauth(sta, WpaReason.GROUP_KEY_UPDATE_TIMEOUT);
      },
    );
  }

  #sendGroupMsg1(sta: Station): void {
    const ptk = sta.ptk!;
    const gk = this.#groupKeys.current;
    const plain = this.#groupKdes(sta, gk);
    const keyData = wrapKeyData(ptk.kek, plain);
    wipe(plain);
    sta.replayCounter++;
    sta.groupValidCounters.push(sta.replayCounter);
    const frame = buildEapolKey({
      protocolVersion: this.#o.eapolVersion,
      keyInfo: sta.keyVersion | KeyInfo.ACK | KeyInfo.MIC | KeyInfo.SECURE |
        KeyInfo.ENCRYPTED_KEY_DATA,
      replayCounter: sta.replayCounter,
      rsc: this.#rsc(gk.keyIndex),
      keyData,
    });
    signEapolKey(ptk.kck, frame);
    this.#log(sta.mac, "sending 1/2 msg of Group Key Handshake");
    this.#o.host.sendEapol(sta.mac, frame);
  }

  #onGroupMsg2(sta: Station, key: EapolKeyFrame, frame: Uint8Array): void {
    const ptk = sta.ptk;
    if (!sta.groupRetry.active || !ptk || !sta.groupValidCounters.includes(key.replayCounter)) {
      this.#log(sta.mac, "dropped unexpected group msg 2/2 or replay counter mismatch");
      return;
    }
    if (!verifyEapolMic(ptk.kck, frame)) {
      this.#log(sta.mac, "invalid MIC in group msg 2/2");
      return;
    }
    sta.groupRetry.stop();
    sta.groupValidCounters = [];
    this.#log(sta.mac, "group key handshake completed (RSN)");
    this.#groupPending.delete(formatMac(sta.mac));
    this.#maybeGroupDone();
  }

  /** Once every station has the new GTK (or left), the AP starts transmitting with it. */
  #maybeGroupDone(): void {
    if (this.#groupPending.size > 0) return;
    this.#installGroupKeys(this.#groupKeys.current);
  }

  #installGroupKeys(gk: GroupKey): void {
    this.#o.host.installGroupKey(gk.keyIndex, gk.gtk.slice(), this.#groupCipher);
    if (gk.igtk && this.#mgmtCipher !== undefined) {
      this.#o.host.installIntegrityGroupKey!(
        gk.igtk.keyIndex,
        gk.igtk.key.slice(),
        this.#mgmtCipher,
      );
    }
  }

  /** The GTK KDE, and for a station that protects management frames the IGTK KDE after it. */
  #groupKdes(sta: Station, gk: GroupKey): Uint8Array {
    const gtk = buildGtkKde({ keyIndex: gk.keyIndex, tx: false, key: gk.gtk });
    if (!sta.mfp || !gk.igtk) return gtk;
    const igtk = buildIgtkKde({
      keyIndex: gk.igtk.keyIndex,
      ipn: this.#rsc(gk.igtk.keyIndex).subarray(0, 6),
      key: gk.igtk.key,
    });
    const both = concat(gtk, igtk);
    wipe(gtk, igtk);
    return both;
  }

  #armGroupTimer(): void {
    if (this.#groupTimer !== undefined) this.#o.clock.clearTimer(this.#groupTimer);
    this.#groupTimer = undefined;
    if (this.#o.groupRekeySeconds > 0) this.#setGroupTimer(this.#o.groupRekeySeconds * 1000);
  }

  /** Arms #groupTimer (none may be pending) to start a group rekey in `ms`. */
  #setGroupTimer(ms: number): void {
    this.#groupTimerDue = this.#o.clock.now() + ms;
    this.#groupTimer = this.#o.clock.setTimer(ms, () => {
      this.#groupTimer = undefined;
      this.rekeyGroup();
    });
  }

  /**
   * `wpa_strict_rekey`: a station that held the GTK left, so every other one gets a new GTK
   * within STRICT_REKEY_DELAY_MS (the periodic rekey is brought forward, as in hostapd).
   */
  #strictRekeySoon(sta: Station): void {
    this.#log(sta.mac, "strict rekeying - force GTK rekey since STA is leaving");
    if (this.#groupTimer !== undefined) {
      if (this.#groupTimerDue <= this.#o.clock.now() + STRICT_REKEY_DELAY_MS) return;
      this.#o.clock.clearTimer(this.#groupTimer);
    }
    this.#setGroupTimer(STRICT_REKEY_DELAY_MS);
  }

  // --- requests, teardown, helpers ------------------------------------------------------

  #onRequest(sta: Station, key: EapolKeyFrame, frame: Uint8Array): void {
    // IEEE 802.11-2020 12.7.7.4: a request is protected by the current PTK's KCK and carries
    // a replay counter above any the station used before.
    if (!sta.ptk || key.replayCounter <= sta.requestCounter) return;
    if (!verifyEapolMic(sta.ptk.kck, frame)) return;
    sta.requestCounter = key.replayCounter;
    if (key.keyInfo & KeyInfo.ERROR) return; // Michael MIC failure report: TKIP only.
    if (key.keyInfo & KeyInfo.PAIRWISE) {
      if (sta.state === "done") this.#startPairwise(sta);
    } else if (this.#groupPending.size > 0) {
      this.#log(sta.mac, "group key request ignored: a group rekey is already under way");
    } else {
      this.rekeyGroup();
    }
  }

  #rsc(keyIndex: number): Uint8Array {
    // A GTK not yet in the driver will count from zero. The driver's counter for its index
    // belongs to the key two rekeys back: stations given it would drop group frames until the
    // new key caught up.
    const gk = this.#groupKeys.current;
    if (
      this.#groupPending.size > 0 && (keyIndex === gk.keyIndex || keyIndex === gk.igtk?.keyIndex)
    ) {
      return new Uint8Array(8);
    }
    return this.#o.host.groupKeyRsc?.(keyIndex) ?? new Uint8Array(8);
  }

  #frame(sta: Station, fields: Omit<EapolKeyFields, "replayCounter">): Uint8Array {
    sta.replayCounter++;
    sta.validCounters.push(sta.replayCounter);
    return buildEapolKey({
      protocolVersion: this.#o.eapolVersion,
      replayCounter: sta.replayCounter,
      ...fields,
    });
  }

  #deauth(sta: Station, reason: number): void {
    this.#o.host.deauth(sta.mac, reason);
    this.#drop(sta);
  }

  /**
   * Removes a station; an authorized one is reported as AP-STA-DISCONNECTED. `leaving` is false
   * when the station associates again at once.
   */
  #drop(sta: Station, leaving = true): void {
    const mac = formatMac(sta.mac);
    if (this.#stations.get(mac) !== sta) return;
    this.#stations.delete(mac);
    this.#forget(sta);
    if (sta.authorized) this.#o.host.emit(`AP-STA-DISCONNECTED ${mac}`);
    if (this.#groupPending.delete(mac)) this.#maybeGroupDone();
    if (leaving && sta.hasGtk && this.#o.strictRekey && this.#started) this.#strictRekeySoon(sta);
  }

  #forget(sta: Station): void {
    sta.pairwiseRetry.stop();
    sta.groupRetry.stop();
    this.#clearPtkRekey(sta);
    if (sta.ptk) wipePtk(sta.ptk);
    if (sta.tptk) wipePtk(sta.tptk);
    wipe(sta.anonce);
  }

  #clearPtkRekey(sta: Station): void {
    if (sta.ptkRekeyTimer !== undefined) this.#o.clock.clearTimer(sta.ptkRekeyTimer);
    sta.ptkRekeyTimer = undefined;
  }

  #log(mac: Uint8Array, text: string): void {
    this.#o.logger.log(LogLevel.DEBUG, `WPA: ${formatMac(mac)} ${text}`);
  }
}
