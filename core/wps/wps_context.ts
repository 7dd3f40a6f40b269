/**
 * The per-BSS WPS state shared by the control socket and the protocol runs: PIN table, PBC
 * mode, AP PIN, Selected Registrar with its AuthorizedMACs, WPS_GET_STATUS, pre-computed DH
 * keys, and the factory of Registrar / Enrollee runs (reference 2.5, 3, 5.1-5.6).
 *
 * @module
 */

import type { Clock, TimerId } from "../clock.ts";
import { DueTimer } from "../due_timer.ts";
import { formatMac, fromHex, parseMac, toHex, wipe } from "../bytes.ts";
import { type Logger, LogLevel, silentLogger } from "../log.ts";
import type { WscRun, WscRunFactory } from "../eap/wsc_role.ts";
import { ApPinState } from "./ap_pin.ts";
import { AuthorizedMacs, BROADCAST_MAC } from "./authorized_macs.ts";
import { AuthType, ConfigMethod, DevPasswordId } from "./constants.ts";
import { buildCredentialAttr } from "./credential.ts";
import { type DhKeyPair, generateDhKeyPair } from "./dh.ts";
import { PbcState, type PbcStatus } from "./pbc.ts";
import { generateRandomPin } from "./pin.ts";
import { type PinEntry, PinTable } from "./pin_table.ts";
import { parseUuid } from "./uuid.ts";
import { EnrolleeRun } from "./enrollee.ts";
import { RegistrarRun } from "./registrar.ts";
import {
  type NewApSettings,
  normaliseApSettings,
  upgradedTypes,
  type WpsApSettings,
  type WpsHost,
} from "./wps_settings.ts";
import { atoi } from "../c_atoi.ts";

/** Selected-Registrar lifetime after WPS_PIN (reference 5.1). */
export const SELECTED_REGISTRAR_MS = 120_000;

/** Texts of hostapd's vendor error indications (wps_ei_str). */
const EI_TEXT = ["No Error", "TKIP Only Prohibited", "WEP Prohibited", "Authentication Failure"];

/** The WPS_GET_STATUS state. */
export interface WpsStatus {
  /** `PBC Status:`. */
  pbcStatus: PbcStatus;
  /** `Last WPS result:`. */
  lastResult: "None" | "Success" | "Failed";
  /** `Failure Reason:` text, only for a failure with an error indication. */
  failureReason?: string;
  /** `Peer Address:`, only once a run finished. */
  peerAddress?: string;
}

/** What the Beacon / Probe Response WPS IE needs (reference 5.5, 7.2). */
export interface SelectedRegistrarState {
  /** Selected Registrar attribute. */
  selected: boolean;
  /** Device Password ID to advertise while selected (4 for PBC, else 0). */
  devPasswordId: number;
  /** Selected Registrar Config Methods while selected. */
  configMethods: number;
  /** AuthorizedMACs, most recent first (max 5). */
  authorizedMacs: Uint8Array[];
  /** AP Setup Locked attribute (runtime lock 1 only). */
  apSetupLocked: boolean;
  /** Wi-Fi Protected Setup State. */
  wpsState: 1 | 2;
}

/**
 * Device information a peer sent about itself, kept for `STA`: an Enrollee's from M1 after a
 * successful registration, an external Registrar's from M2 once it proved the AP PIN.
 */
export interface PeerDeviceRecord {
  /** UUID-E (or UUID-R) text. */
  uuid: string;
  /** Primary Device Type text (`1-0050F204-1`). */
  primaryDeviceType: string;
  /** Device Name. */
  deviceName: string;
  /** Manufacturer. */
  manufacturer: string;
  /** Model Name. */
  modelName: string;
  /** Model Number. */
  modelNumber: string;
  /** Serial Number. */
  serialNumber: string;
}

/** Options of {@link WpsContext}. */
export interface WpsContextOptions {
  /** Debug log. */
  logger?: Logger;
  /** Random 8-digit PIN source (WPS_AP_PIN random); defaults to a checksum-valid CSPRNG PIN. */
  generatePin?: () => string;
}

/** The WPS state of one BSS. */
export class WpsContext {
  /** The BSS settings; updated in memory when the AP gets new settings. */
  settings: WpsApSettings;
  /** The daemon port. */
  readonly host: WpsHost;
  /** Time source of every timer. */
  readonly clock: Clock;
  /** Debug log. */
  readonly log: Logger;
  /** The Registrar's PINs. */
  readonly pins: PinTable;
  /** PBC mode and sessions. */
  readonly pbc: PbcState;
  /** AP PIN and lockout. */
  readonly apPin: ApPinState;
  readonly #authorized = new AuthorizedMacs();
  #selected = false;
  /** Unselects a PIN Registrar 120 s after WPS_PIN. */
  readonly #selectedTimer: DueTimer;
  #nextDh: DhKeyPair | null = null;
  #dhTimer: TimerId | null = null;
  /** When #dhTimer fires (clock time), to tell whether an earlier firing is wanted. */
  #dhDue = 0;
  /** Runs that took a DH key pair and have not ended. */
  #dhRuns = 0;
  #lastResult: WpsStatus["lastResult"] = "None";
  /** The types of the last new AP settings applied in memory (kept across reloads). */
  #appliedTypes: { authTypes: number; encrTypes: number } | null = null;
  #failureReason = 0;
  #peer: Uint8Array | null = null;
  #devices = new Map<string, PeerDeviceRecord>();

  /**
   * @param settings the BSS's WPS configuration
   * @param host the daemon port
   * @param clock time source
   * @param options logger and PIN generator
   */
  constructor(
    settings: WpsApSettings,
    host: WpsHost,
    clock: Clock,
    options: WpsContextOptions = {},
  ) {
    this.settings = settings;
    this.host = host;
    this.clock = clock;
    this.log = options.logger ?? silentLogger;
    this.#selectedTimer = new DueTimer(clock, () => {
      this.#selected = false;
      this.pins.purgeExpired();
      this.host.selectedRegistrarChanged();
    });
    const emit = (t: string) => host.emit(t);
    this.pins = new PinTable(clock, (e) => this.#pinRemoved(e));
    this.pbc = new PbcState(clock, {
      emit,
      started: () => {
        this.#selected = true;
        this.#authorized.add(BROADCAST_MAC);
        this.#selectedTimer.clear();
        host.selectedRegistrarChanged();
      },
      stopped: () => {
        this.#selected = false;
        this.#authorized.remove(BROADCAST_MAC);
        host.selectedRegistrarChanged();
      },
    });
    this.apPin = new ApPinState(
      clock,
      { emit, lockChanged: () => host.selectedRegistrarChanged() },
      { pin: settings.apPin, setupLocked: settings.apSetupLocked },
      options.generatePin ?? generateRandomPin,
    );
    this.#scheduleDh();
  }

  /**
   * The interface was disabled (DISABLE): hostapd frees its Registrar and builds a fresh one on
   * ENABLE, so the PINs, PBC mode with its walk timer and sessions, and the AuthorizedMACs go
   * without an event, and so do the AP PIN's timers and runtime lock. The AP PIN, its failure
   * counts and what WPS_GET_STATUS shows stay (hostapd keeps them outside the Registrar: its
   * `PBC Status:` still says Active after DISABLE and ENABLE).
   */
  interfaceDisabled(): void {
    this.pins.clear();
    this.pbc.reset();
    this.apPin.interfaceDisabled();
    this.#authorized.clear();
    this.#selected = false;
    this.#selectedTimer.clear();
  }

  /** Stops every timer (BSS teardown or reload). */
  dispose(): void {
    this.pbc.dispose();
    this.apPin.dispose();
    this.#selectedTimer.suspend();
    if (this.#dhTimer !== null) this.clock.clearTimer(this.#dhTimer);
    this.#dhTimer = null;
    if (this.#nextDh) wipe(this.#nextDh.privateKey);
    this.#nextDh = null;
  }

  /**
   * WPS_PIN: stores a PIN and makes the Registrar selected for 120 s.
   *
   * @param uuid UUID text or `any`
   * @param pin the PIN text (not validated, as in hostapd)
   * @param timeoutSec PIN lifetime (negative: expired at once, as in hostapd); 0 for none
   * @param mac optional Enrollee MAC text
   * @returns false for the `FAIL` reply (bad UUID or MAC, empty PIN)
   */
  addPin(uuid: string, pin: string, timeoutSec = 0, mac?: string): boolean {
    const u = uuid === "any" ? null : parseUuid(uuid);
    if (u === undefined || pin.length === 0 || !Number.isFinite(timeoutSec)) return false;
    const m = mac === undefined ? undefined : parseMac(mac);
    if (mac !== undefined && !m) return false;
    this.pins.add(u, new TextEncoder().encode(pin), timeoutSec, m);
    this.#selected = true;
    // hostapd clears the PBC flag here but leaves its walk timer running.
    this.pbc.clearMode();
    this.#authorized.add(m ?? BROADCAST_MAC);
    this.host.selectedRegistrarChanged();
    this.#selectedTimer.start(SELECTED_REGISTRAR_MS);
    return true;
  }

  /**
   * WPS_PBC.
   *
   * @returns false for `FAIL` (session overlap)
   */
  startPbc(): boolean {
    return this.pbc.start();
  }

  /**
   * WPS_CANCEL: stops PBC, or unselects a PIN Registrar and drops one wildcard PIN; then
   * deauthenticates WPS stations and emits `WPS-CANCEL `.
   *
   * @returns true (the reply is `OK`)
   */
  cancel(): boolean {
    if (!this.pbc.cancel() && this.#selected) {
      this.pinCompleted();
      this.pins.removeWildcard();
    }
    this.host.deauthWpsStations();
    this.host.emit("WPS-CANCEL ");
    return true;
  }

  /**
   * WPS_AP_PIN with its arguments.
   *
   * @param args `disable` | `random [timeout]` | `get` | `set <pin> [timeout]`
   * @returns the whole reply text: `OK\n`, `FAIL\n`, or the PIN without a newline
   */
  apPinCommand(args: string[]): string {
    const [cmd, a1, a2] = args;
    const timeout = (t: string | undefined) => t === undefined ? undefined : atoi(t);
    switch (cmd) {
      case "disable":
        this.apPin.disable();
        return "OK\n";
      case "random":
        return this.apPin.random(timeout(a1));
      case "get":
        return this.apPin.pin ?? "FAIL\n";
      case "set":
        if (a1 === undefined || !this.apPin.set(a1, timeout(a2))) return "FAIL\n";
        return a1;
      default:
        return "FAIL\n";
    }
  }

  /**
   * WPS_CONFIG: applies AP settings given on the control interface as if a Registrar had sent
   * them (reference 2.5 and 5.10): TKIP-only becomes TKIP+AES and WPAPSK-only WPAPSK+WPA2PSK,
   * then `WPS-NEW-AP-SETTINGS` (with a Credential attribute when `wps_cred_processing` is 1 or
   * 2), the in-memory settings and the config rewrite.
   *
   * @param ssid the new SSID (1..32 octets)
   * @param authType one Authentication Type flag (OPEN, WPAPSK or WPA2PSK)
   * @param encrType one Encryption Type flag (NONE, TKIP or AES)
   * @param key passphrase (8..63 printable octets) or 64 hex digits; ignored for OPEN
   * @returns false (`FAIL`) when the settings cannot be applied, e.g. a WPA key of 7 octets
   */
  configAp(ssid: Uint8Array, authType: number, encrType: number, key: Uint8Array): boolean {
    if (ssid.length === 0 || ssid.length > 32) return false;
    const wpa = (authType & (AuthType.WPAPSK | AuthType.WPA2PSK)) !== 0;
    // The event shows the settings with hostapd's type upgrade but the key as given (hostapd
    // checks it only when it applies the settings, and with wps_cred_processing=1 not at all);
    // a WPS_CONFIG credential has no MAC address.
    const attr = buildCredentialAttr({
      ssid,
      ...upgradedTypes(authType, encrType),
      networkKey: key,
      macAddress: new Uint8Array(6),
    });
    this.#announceNewApSettings(attr);
    wipe(attr);
    if (this.settings.wpsCredProcessing === 1) return true;
    const next = normaliseApSettings(ssid, authType, encrType, wpa ? key : new Uint8Array(0));
    if (typeof next === "string") {
      this.log.log(LogLevel.INFO, `WPS: WPS_CONFIG settings rejected (${next})`);
      return false;
    }
    // Nothing changes when the file cannot be written, in memory either: the AP keeps serving
    // the old network.
    const writable = this.host.configWritable?.() ?? true;
    if (writable) this.#applyAnnounced(next, false, false);
    else this.log.log(LogLevel.ERROR, "WPS: Could not write updated configuration file");
    wipe(next.networkKey);
    return writable;
  }

  /**
   * Takes over the runtime state of the context this one replaces (RELOAD, SIGHUP, the reload
   * after new AP settings): hostapd keeps its Registrar across a reload (hostapd_reload_bss ->
   * hostapd_update_wps), so the PINs, the Selected Registrar state with its AuthorizedMACs, PBC
   * mode with the rest of its walk time and its sessions, the AP PIN lockout and the devices
   * seen survive, as does what WPS_GET_STATUS reports. The timers go on from where the old
   * context's stopped. Call before the new BSS starts.
   *
   * @param old the replaced context (disposed or not)
   * @param keepApPin whether a runtime AP PIN (WPS_AP_PIN) stays: hostapd's RELOAD keeps it,
   *   while a reload that reads the file afresh (SIGHUP) takes the file's `ap_pin`
   */
  adoptRuntimeFrom(old: WpsContext, keepApPin: boolean): void {
    this.pbc.status = old.pbc.status;
    this.#lastResult = old.#lastResult;
    this.#failureReason = old.#failureReason;
    this.#peer = old.#peer?.slice() ?? null;
    for (const [mac, record] of old.#devices) this.#devices.set(mac, record);
    this.pins.adoptFrom(old.pins);
    this.pbc.adoptFrom(old.pbc);
    this.apPin.adoptFrom(old.apPin, keepApPin);
    this.#authorized.clear();
    for (const mac of old.#authorized.list().reverse()) this.#authorized.add(mac);
    this.#selected = old.#selected;
    this.#selectedTimer.resumeFrom(old.#selectedTimer);
    // hostapd sets its Registrar's types from new settings in memory and never derives them
    // again on a reload: a port made OPEN by new settings keeps offering OPEN, though its file
    // alone (wpa=0 with ieee8021x=1, as a wired port needs) offers nothing.
    this.#appliedTypes = old.#appliedTypes;
    if (this.settings.authTypes === 0 && this.#appliedTypes) {
      this.settings = { ...this.settings, ...this.#appliedTypes };
    }
    this.host.selectedRegistrarChanged();
  }

  /** The WPS_GET_STATUS fields. */
  getStatus(): WpsStatus {
    const st: WpsStatus = { pbcStatus: this.pbc.status, lastResult: this.#lastResult };
    if (this.#lastResult === "Failed" && this.#failureReason > 0) {
      st.failureReason = EI_TEXT[this.#failureReason] ?? "Unknown";
    }
    if (this.#lastResult !== "None" && this.#peer) st.peerAddress = formatMac(this.#peer);
    return st;
  }

  /** The WPS_GET_STATUS reply text. */
  formatStatus(): string {
    const st = this.getStatus();
    let out = `PBC Status: ${st.pbcStatus}\nLast WPS result: ${st.lastResult}\n`;
    if (st.failureReason) out += `Failure Reason: ${st.failureReason}\n`;
    if (st.peerAddress) out += `Peer Address: ${st.peerAddress}\n`;
    return out;
  }

  /** Selected Registrar state for the WPS IEs. */
  selectedRegistrar(): SelectedRegistrarState {
    const pbc = this.pbc.active;
    let methods = this.settings.configMethods & ~(ConfigMethod.VIRT_PUSHBUTTON |
      ConfigMethod.PHY_PUSHBUTTON);
    if (pbc) {
      const virt = this.settings.configMethods & 0x0200;
      const phy = this.settings.configMethods & 0x0400;
      methods |= ConfigMethod.PUSHBUTTON | virt | phy;
      if (!virt && !phy) methods |= ConfigMethod.PHY_PUSHBUTTON;
    }
    return {
      selected: this.#selected,
      devPasswordId: pbc ? DevPasswordId.PUSHBUTTON : DevPasswordId.DEFAULT,
      configMethods: methods,
      authorizedMacs: this.#authorized.list(),
      apSetupLocked: this.apPin.advertisedLocked,
      wpsState: this.settings.wpsState,
    };
  }

  /**
   * A PBC Probe Request (Device Password ID 4, with UUID-E) for overlap detection.
   *
   * @param mac source address
   * @param uuid UUID-E
   */
  recordProbe(mac: Uint8Array, uuid: Uint8Array): void {
    this.pbc.recordProbe(mac, uuid);
  }

  /** The WscRunFactory the EAP server calls after a WSC identity. */
  readonly createRun: WscRunFactory = (role, peerMac): WscRun | null => {
    return role === "registrar" ? new RegistrarRun(this, peerMac) : new EnrolleeRun(this, peerMac);
  };

  /**
   * Device info of a peer by MAC text (for `STA`): an Enrollee that registered, or an external
   * Registrar that proved the AP PIN.
   */
  device(mac: string): PeerDeviceRecord | undefined {
    return this.#devices.get(mac);
  }

  // ---- called by the runs ----

  /** Public key of the pre-computed pair the next run will take, or null while none is ready. */
  get nextDhPublicKey(): Uint8Array | null {
    return this.#nextDh?.publicKey.slice() ?? null;
  }

  /**
   * Hands out the pre-computed DH key pair. The next one is computed once the runs in progress
   * have ended ({@link dhRunEnded}), so the exponentiation never sits between an Enrollee's
   * message and the reply, nor takes the CPU from an Enrollee working on its own DH. Runs that
   * last longer than {@link DH_PRECOMPUTE_LATEST_MS} (many Enrollees at once) do not hold it
   * back further.
   */
  takeDhKeyPair(): DhKeyPair {
    const pair = this.#nextDh ?? generateDhKeyPair();
    this.#nextDh = null;
    this.#dhRuns++;
    this.#scheduleDh(DH_PRECOMPUTE_LATEST_MS);
    return pair;
  }

  /** A run that took a key pair with {@link takeDhKeyPair} ended (once per such run). */
  dhRunEnded(): void {
    if (this.#dhRuns > 0) this.#dhRuns--;
    if (this.#dhRuns === 0) this.#scheduleDh(DH_PRECOMPUTE_DELAY_MS);
  }

  /** Reports `WPS-FAIL` and records it for WPS_GET_STATUS. */
  reportFailure(peer: Uint8Array, msg: number, configError: number, ei = 0): void {
    this.#lastResult = "Failed";
    this.#peer = peer.slice();
    this.#failureReason = ei;
    const reason = ei > 0 && ei < EI_TEXT.length ? ` reason=${ei} (${EI_TEXT[ei]})` : "";
    this.host.emit(`WPS-FAIL msg=${msg} config_error=${configError}${reason}`);
  }

  /** Reports `WPS-SUCCESS ` and records it. */
  reportSuccess(peer: Uint8Array): void {
    this.#lastResult = "Success";
    this.#peer = peer.slice();
    this.#failureReason = 0;
    this.pbc.status = "Disabled";
    this.host.emit("WPS-SUCCESS ");
    this.host.runSucceeded?.();
  }

  /** A PIN registration completed (or WPS_CANCEL): the Registrar is no longer selected. */
  pinCompleted(): void {
    this.#selectedTimer.clear();
    this.#selected = false;
    this.host.selectedRegistrarChanged();
  }

  /**
   * A registration succeeded on another BSS that shares WPS commands with this one (neither
   * has `wps_independent`), as hostapd's Registrars do: an active PBC stops here too (with the
   * Enrollee's Probe Requests ignored for a while), otherwise a PIN Registrar is unselected;
   * a wildcard PIN equal to the one used is removed, so the PIN WPS_PIN gave every BSS
   * enrolls one device, not one per BSS.
   *
   * @param uuidE the Enrollee's UUID
   * @param devicePassword the PIN it used; null for PBC
   */
  peerRegistrationCompleted(uuidE: Uint8Array, devicePassword: Uint8Array | null): void {
    if (this.pbc.active) this.pbc.completed(uuidE);
    else if (this.#selected) this.pinCompleted();
    if (devicePassword) this.pins.removeWildcard(devicePassword);
  }

  /** Remembers a peer's device info (hostapd's wps_device_store), by its MAC address. */
  storeDevice(mac: Uint8Array, record: PeerDeviceRecord): void {
    this.#devices.set(formatMac(mac), record);
  }

  /**
   * An external Registrar failed to prove the AP PIN here (R-Hash mismatch): counted here and,
   * through the host, on every BSS sharing WPS with this one, as hostapd's
   * hostapd_pwd_auth_fail does, so guesses spread over the BSSes lock them all.
   */
  apPinFailed(): void {
    this.apPin.recordFailure();
    this.host.apPinResult?.(false);
  }

  /** An external Registrar proved the AP PIN here: resets the consecutive count everywhere. */
  apPinProved(): void {
    this.apPin.recordSuccess();
    this.host.apPinResult?.(true);
  }

  /**
   * The first Enrollee of an unconfigured AP got its generated passphrase (WSC_Done): the WPS
   * state is configured from now on, whatever `wps_cred_processing` then does with the
   * settings (hostapd's wps_process_wsc_done sets it before the credential callback). The
   * Registrar goes on offering the secure defaults it offered while unconfigured.
   */
  configuredByFirstEnrollee(): void {
    this.settings = { ...this.settings, wpsState: 2, offerSecureDefaults: true };
    this.host.selectedRegistrarChanged();
  }

  /**
   * Applies settings the AP received (or generated for itself): `WPS-NEW-AP-SETTINGS`, then,
   * unless `wps_cred_processing=1`, updates the in-memory settings and asks the daemon to
   * rewrite the configuration (reference 5.10).
   *
   * @param next the settings
   * @param attrs the attribute block for the event's hex (M8 AP Settings, or a Credential)
   * @param awaitRun true from M8: the run that brought them has not ended yet
   */
  applyNewApSettings(
    next: NewApSettings,
    attrs: Uint8Array,
    awaitRun = false,
    fromPeer = false,
  ): void {
    this.#announceNewApSettings(attrs);
    this.#applyAnnounced(next, awaitRun, fromPeer);
  }

  /** {@link applyNewApSettings} after the event: in memory, then the host's rewrite. */
  #applyAnnounced(next: NewApSettings, awaitRun: boolean, fromPeer: boolean): void {
    if (this.settings.wpsCredProcessing === 1) return;
    const wpa = next.networkKey.length > 0;
    const hexPsk = next.networkKey.length === 64;
    this.#appliedTypes = { authTypes: next.authType, encrTypes: next.encrType };
    this.settings = {
      ...this.settings,
      wpsState: 2,
      ssid: next.ssid.slice(),
      authTypes: next.authType,
      encrTypes: next.encrType,
      networkKey: wpa ? next.networkKey.slice() : null,
      psk: wpa && hexPsk ? fromHex(new TextDecoder().decode(next.networkKey)) : this.settings.psk,
    };
    // The host owns its copy (the run wipes its own after this call).
    this.host.applyNewApSettings(
      {
        ...next,
        ssid: next.ssid.slice(),
        networkKey: next.networkKey.slice(),
      },
      awaitRun,
      fromPeer,
    );
  }

  /**
   * New AP settings that another BSS sharing WPS with this one received (WPS_CONFIG, an
   * external Registrar, the first Enrollee): reported and applied here too, this BSS's own
   * file rewritten, as hostapd applies a credential to every such BSS.
   */
  applyPeerSettings(next: NewApSettings): void {
    const attr = buildCredentialAttr({ ...next, macAddress: new Uint8Array(6) });
    this.applyNewApSettings(next, attr, false, true);
    wipe(attr);
  }

  /** WPS-NEW-AP-SETTINGS, with the Credential's attributes unless wps_cred_processing=0. */
  #announceNewApSettings(attrs: Uint8Array): void {
    const mode = this.settings.wpsCredProcessing;
    this.host.emit(mode === 0 ? "WPS-NEW-AP-SETTINGS " : `WPS-NEW-AP-SETTINGS ${toHex(attrs)}`);
  }

  #pinRemoved(e: PinEntry): void {
    this.#authorized.remove(e.mac ?? BROADCAST_MAC);
    this.host.selectedRegistrarChanged();
  }

  /** Computes the next key pair in `delayMs`, or keeps an earlier pending time. */
  #scheduleDh(delayMs = 0): void {
    if (this.#nextDh) return;
    const due = this.clock.now() + delayMs;
    if (this.#dhTimer !== null) {
      if (this.#dhDue <= due) return;
      this.clock.clearTimer(this.#dhTimer);
    }
    this.#dhDue = due;
    this.#dhTimer = this.clock.setTimer(delayMs, () => {
      this.#dhTimer = null;
      if (!this.#nextDh) this.#nextDh = generateDhKeyPair();
      this.log.log(LogLevel.EXCESSIVE, "WPS: pre-computed the next DH key pair");
    });
  }
}

/**
 * How long after the last run in progress ended the next DH key pair is computed: time for that
 * run's last frames and events to go out first.
 */
export const DH_PRECOMPUTE_DELAY_MS = 10;

/**
 * The latest the next DH key pair is computed after a run took one, even while runs are still
 * in progress. A PIN exchange takes about 5 ms on a PC and 150 to 250 ms on the slowest machine
 * measured (qemu without KVM), where the 50 ms used before landed in the middle of the exchange.
 */
export const DH_PRECOMPUTE_LATEST_MS = 2000;
