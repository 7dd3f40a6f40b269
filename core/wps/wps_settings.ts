/**
 * What the WPS core needs to know about one BSS (`WpsApSettings`), the port through which it
 * acts on the daemon (`WpsHost`), and the pure credential rules: which network key an
 * Enrollee receives in M8 (reference 5.9) and which AP Settings received from an external
 * Registrar are acceptable (reference 5.7 M8, 10.3 CVE-2016-4476).
 *
 * @module
 */

import { bytesEqual, randomBytes, toHex, utf8 } from "../bytes.ts";
import { AuthType, ConfigMethod, EncrType } from "./constants.ts";
import type { DeviceInfo } from "./device.ts";

/** Device attributes the AP advertises in M1/M2/M2D (hostapd.conf device keys). */
export type WpsDeviceInfo = DeviceInfo;

/** A `wps=1` entry of `wpa_psk_file` (reference 4.2): a PSK the Registrar may hand out. */
export interface WpsPskEntry {
  /** Station MAC, or 00:00:00:00:00:00 for any station. */
  mac: Uint8Array;
  /** The 32-byte PSK (PMK). */
  psk: Uint8Array;
}

/** Per-BSS WPS configuration, derived from hostapd.conf by the daemon. */
export interface WpsApSettings {
  /** SSID bytes. */
  ssid: Uint8Array;
  /** Own MAC (BSSID); MAC Address in the AP's M1 and AP Settings. */
  bssid: Uint8Array;
  /** `uuid` (UUID-E/UUID-R of this AP), 16 bytes. */
  uuid: Uint8Array;
  /** Device attributes. */
  device: WpsDeviceInfo;
  /** `config_methods` bits after hostapd's normalisation. */
  configMethods: number;
  /** `wps_rf_bands` bits (current band for M2). */
  rfBands: number;
  /** `wps_state`: 1 unconfigured, 2 configured. */
  wpsState: 1 | 2;
  /** The AP's current Authentication Type flags (from wpa/wpa_key_mgmt). */
  authTypes: number;
  /** The AP's current Encryption Type flags (union of the cipher sets). */
  encrTypes: number;
  /** Encryption Types usable with WPA2PSK (rsn_pairwise); defaults to `encrTypes`. */
  encrTypesRsn?: number;
  /** Encryption Types usable with WPAPSK (wpa_pairwise); defaults to `encrTypes`. */
  encrTypesWpa?: number;
  /**
   * The common network key handed out: passphrase bytes, or the 64 lower-case hex characters
   * of `wpa_psk`; null in per-device-PSK mode (`wpa_psk_file` set) or for open networks.
   */
  networkKey: Uint8Array | null;
  /** The 32-byte PSK when known (passphrase-derived or `wpa_psk`), for Enrollees preferring it. */
  psk: Uint8Array | null;
  /** `wps=1` entries of `wpa_psk_file`. */
  wpsPsks: WpsPskEntry[];
  /** `ap_pin`, or null. */
  apPin: string | null;
  /** `ap_setup_locked`. */
  apSetupLocked: 0 | 1 | 2;
  /** `skip_cred_build`. */
  skipCredBuild: boolean;
  /** Contents of the `extra_cred` file (raw Credential TLVs), or null. */
  extraCred: Uint8Array | null;
  /** `wps_cred_processing`. */
  wpsCredProcessing: 0 | 1 | 2;
  /** `pbc_in_m1`. */
  pbcInM1: boolean;
  /**
   * The AP started unconfigured and its first Enrollee made it configured in memory only
   * (`wps_cred_processing=1`): the Registrar still offers the secure defaults of `wps_state=1`
   * (hostapd sets them when it starts and keeps them until a reload).
   */
  offerSecureDefaults?: boolean;
  /** Contents of the `ap_settings` file (raw AP Settings TLVs for M7), or null. */
  apSettingsFile?: Uint8Array | null;
  /** `wps_application_ext`: the Application Extension attribute of Beacons and Probe Responses. */
  applicationExt?: Uint8Array | null;
}

/** Settings an Enrollee run received (or the first Enrollee produced) for the AP itself. */
export interface NewApSettings {
  /** SSID bytes. */
  ssid: Uint8Array;
  /** Authentication Type flags to configure (after the WPAPSK→+WPA2PSK upgrade). */
  authType: number;
  /** Encryption Type flags to configure (after the TKIP→+AES upgrade). */
  encrType: number;
  /** Passphrase (8..63 bytes) or 64 hex characters; empty for open. */
  networkKey: Uint8Array;
}

/** The daemon side of the WPS core. Every method must return promptly (no I/O waits). */
export interface WpsHost {
  /** A control event text without the `<3>` prefix, e.g. `WPS-SUCCESS `. */
  emit(text: string): void;
  /** Appends one line (with the trailing newline) to `wps_pin_requests`, if configured. */
  appendPinRequest(line: string): void;
  /** Appends `wps=1 <mac> <hex>` to `wpa_psk_file` and adds the PSK to the live list. */
  storeDevicePsk(mac: Uint8Array, psk: Uint8Array): void;
  /**
   * Rewrites hostapd.conf with the settings (reference 5.10) and schedules a reload.
   * `awaitRun`: the settings came in M8 of a run that still has WSC_Done and the Registrar's
   * ACK to go; the reload should wait for its {@link runSucceeded} (or a short while).
   * `fromPeer`: the settings came to another BSS sharing WPS with this one (hostapd applies
   * them to every such BSS); they are not passed on again.
   */
  applyNewApSettings(settings: NewApSettings, awaitRun: boolean, fromPeer?: boolean): void;
  /**
   * Whether the config file could be rewritten now (WPS_CONFIG answers FAIL when not, as
   * hostapd does when it cannot create its `-new` file); absent: assumed so.
   */
  configWritable?(): boolean;
  /**
   * A run ended in WPS-SUCCESS: a reload held back for the end of the run that brought new AP
   * settings may go now.
   */
  runSucceeded?(): void;
  /** Selected Registrar, AuthorizedMACs or AP Setup Locked changed: rebuild the WPS IEs. */
  selectedRegistrarChanged(): void;
  /** Deauthenticates every station flagged WPS (WPS_CANCEL), reason 2. */
  deauthWpsStations(): void;
  /** Wall-clock seconds since the epoch, for the PIN request file. */
  unixTime(): number;
  /**
   * A registration succeeded: the Registrars of the other BSSes this one shares WPS commands
   * with stop theirs (see WpsContext.peerRegistrationCompleted).
   *
   * @param uuidE the Enrollee's UUID
   * @param devicePassword the PIN it used; null for PBC
   */
  registrationCompleted?(uuidE: Uint8Array, devicePassword: Uint8Array | null): void;
  /**
   * An external Registrar failed (false) or succeeded (true) in proving the AP PIN here: the
   * BSSes this one shares WPS commands with count it too (ApPinState.recordFailure /
   * recordSuccess), as hostapd's hostapd_pwd_auth_fail and hostapd_wps_ap_pin_success do.
   */
  apPinResult?(proved: boolean): void;
}

/**
 * The Authentication/Encryption types the Registrar offers an Enrollee's credential (reference
 * 1.4, wps_state=1); M1, M2 and M2D advertise fixed flags instead (WPS_AUTH_TYPE_FLAGS).
 */
export function offeredTypes(s: WpsApSettings): { auth: number; encr: number } {
  if (offersSecureDefaults(s)) {
    return {
      auth: AuthType.WPA2PSK | AuthType.WPAPSK,
      encr: EncrType.AES | EncrType.TKIP,
    };
  }
  return { auth: s.authTypes, encr: s.encrTypes };
}

/** Whether the Registrar offers the secure defaults of an unconfigured AP. */
function offersSecureDefaults(s: WpsApSettings): boolean {
  return s.wpsState === 1 || s.offerSecureDefaults === true;
}

/** What the Enrollee said about itself in M1 that matters for its credential. */
export interface EnrolleeCaps {
  /** M1 Authentication Type Flags. */
  authFlags: number;
  /** M1 Encryption Type Flags. */
  encrFlags: number;
  /** M1 Config Methods. */
  configMethods: number;
  /** M1 Manufacturer. */
  manufacturer: string;
  /** M1 Model Name. */
  modelName: string;
  /** M1 MAC Address. */
  mac: Uint8Array;
}

/** The credential chosen for an Enrollee. `networkKey` is secret. */
export interface CredentialChoice {
  /** One Authentication Type bit. */
  authType: number;
  /** One Encryption Type bit. */
  encrType: number;
  /** The Network Key value (possibly empty). */
  networkKey: Uint8Array;
  /** A freshly generated per-device PSK to store at WSC_Done. */
  newDevicePsk: Uint8Array | null;
  /** A freshly generated passphrase that configures an unconfigured AP at WSC_Done. */
  newPassphrase: Uint8Array | null;
}

const ZERO_MAC = new Uint8Array(6);

/**
 * hostapd's auth flag intersection with its interoperability workarounds: WPA2+WPAPSK implies
 * WPA2PSK (Windows 7), and an empty intersection means "assume all of ours".
 */
export function negotiateTypes(
  s: WpsApSettings,
  authFlags: number,
  encrFlags: number,
): { auth: number; encr: number } {
  const own = offeredTypes(s);
  let a = authFlags;
  if ((a & AuthType.WPA2) && !(a & AuthType.WPA2PSK) && (a & AuthType.WPAPSK)) {
    a |= AuthType.WPA2PSK;
  }
  const auth = own.auth & a || own.auth;
  const encr = own.encr & encrFlags || own.encr;
  return { auth, encr };
}

/**
 * Chooses the credential for M8 (reference 5.9): WPA2PSK > WPAPSK > OPEN, AES > TKIP, and the
 * network key by the first matching rule (unconfigured AP → random passphrase; `wps=1` PSK
 * entry; PSK preference; common key; random per-device PSK).
 *
 * @param s the AP's settings
 * @param caps the Enrollee's M1 capabilities
 * @returns the choice, or null when no usable auth/encr type exists
 */
export function selectCredential(s: WpsApSettings, caps: EnrolleeCaps): CredentialChoice | null {
  const { auth, encr } = negotiateTypes(s, caps.authFlags, caps.encrFlags);
  let authType: number;
  if (auth & AuthType.WPA2PSK) authType = AuthType.WPA2PSK;
  else if (auth & AuthType.WPAPSK) authType = AuthType.WPAPSK;
  else if (auth & AuthType.OPEN) authType = AuthType.OPEN;
  else return null;
  let encrType: number;
  if (authType === AuthType.OPEN) {
    if (!(encr & EncrType.NONE)) return null;
    encrType = EncrType.NONE;
  } else {
    const allowed = authType === AuthType.WPA2PSK
      ? (offersSecureDefaults(s) ? encr : encr & (s.encrTypesRsn ?? s.encrTypes))
      : (offersSecureDefaults(s) ? encr : encr & (s.encrTypesWpa ?? s.encrTypes));
    if (allowed & EncrType.AES) encrType = EncrType.AES;
    else if (allowed & EncrType.TKIP) encrType = EncrType.TKIP;
    else return null;
  }
  const wpa = authType !== AuthType.OPEN;
  const choice: CredentialChoice = {
    authType,
    encrType,
    networkKey: new Uint8Array(0),
    newDevicePsk: null,
    newPassphrase: null,
  };
  const disableAutoConf = s.wpsCredProcessing === 1 && s.skipCredBuild;
  const filePsk = s.wpsPsks.find((e) => bytesEqual(e.mac, caps.mac)) ??
    s.wpsPsks.find((e) => bytesEqual(e.mac, ZERO_MAC));
  if (s.wpsState === 1 && !disableAutoConf) {
    choice.newPassphrase = randomPassphrase();
    choice.networkKey = choice.newPassphrase.slice();
  } else if (filePsk) {
    choice.networkKey = utf8(toHex(filePsk.psk));
  } else if (prefersPsk(caps) && s.psk) {
    choice.networkKey = utf8(toHex(s.psk));
  } else if (s.networkKey) {
    choice.networkKey = s.networkKey.slice();
  } else if (wpa) {
    choice.newDevicePsk = randomBytes(32);
    choice.networkKey = utf8(toHex(choice.newDevicePsk));
  }
  return choice;
}

/** Enrollees without a display, and Apple AirPorts, get the PSK in hex (hostapd workaround). */
function prefersPsk(caps: EnrolleeCaps): boolean {
  if (!(caps.configMethods & ConfigMethod.DISPLAY)) return true;
  return caps.manufacturer.startsWith("Apple ") && caps.modelName.startsWith("AirPort");
}

/** 16 random bytes in base64 without `=` padding: the 22-character first-Enrollee passphrase. */
export function randomPassphrase(): Uint8Array {
  const r = randomBytes(16);
  const text = btoa(String.fromCharCode(...r)).replace(/=+$/, "");
  r.fill(0);
  return utf8(text);
}

/** Why received AP Settings were refused. */
export type ApSettingsRejection = "wep" | "encryption" | "key";

/**
 * Validates and normalises AP Settings received in M8 (reference 5.7 M8, 10.3): rejects WEP
 * and unknown ciphers, strips a trailing NUL from a 9..63-byte passphrase, rejects a WPA key
 * shorter than 8, longer than 64, with control characters, or 64 characters that are not hex;
 * upgrades TKIP to TKIP+AES and WPAPSK to WPAPSK+WPA2PSK.
 *
 * @param ssid received SSID
 * @param authType received Authentication Type
 * @param encrType received Encryption Type
 * @param key received Network Key (possibly empty)
 * @returns the settings to apply, or the reason for refusal
 */
export function normaliseApSettings(
  ssid: Uint8Array,
  authType: number,
  encrType: number,
  key: Uint8Array,
): NewApSettings | ApSettingsRejection {
  if (!(encrType & (EncrType.NONE | EncrType.TKIP | EncrType.AES))) {
    return encrType & EncrType.WEP ? "wep" : "encryption";
  }
  let k = key;
  const wpa = (authType & (AuthType.WPAPSK | AuthType.WPA2PSK)) !== 0;
  if (wpa && k.length > 8 && k.length < 64 && k[k.length - 1] === 0) k = k.subarray(0, -1);
  if (wpa) {
    if (k.length < 8 || k.length > 64) return "key";
    if (k.some((b) => b < 0x20 || b === 0x7f)) return "key";
    if (k.length === 64 && !k.every(isHexDigit)) return "key";
  }
  const t = upgradedTypes(authType, encrType);
  return { ssid: ssid.slice(), authType: t.authType, encrType: t.encrType, networkKey: k.slice() };
}

/**
 * hostapd's upgrade of new AP settings: TKIP-only gains AES and WPAPSK-only gains WPA2PSK, so
 * RSN/CCMP stations can still join.
 */
export function upgradedTypes(
  authType: number,
  encrType: number,
): { authType: number; encrType: number } {
  let e = encrType;
  if ((e & EncrType.TKIP) && !(e & EncrType.AES)) e |= EncrType.AES;
  let a = authType;
  if (a === AuthType.WPAPSK) a |= AuthType.WPA2PSK;
  return { authType: a, encrType: e };
}

function isHexDigit(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}
