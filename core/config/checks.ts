/**
 * The whole-config steps hostapd runs after reading a file: `hostapd_set_security_params()`
 * (derived cipher fields) and `hostapd_config_check()` (errors, and the INFO-level WPS
 * forced-disable rules of reference 1.4), plus the AP's WPS auth/encr sets.
 *
 * @module
 */

import { formatMac, utf8 } from "../bytes.ts";
import { RSN_STRONG_CIPHERS, selectGroupCipher } from "./ciphers.ts";
import type { BssConfig, HostapdConfig } from "./schema.ts";

/** WPS Authentication Type bits (reference 5.11.5). */
export const WpsAuth = {
  OPEN: 0x0001,
  WPAPSK: 0x0002,
  SHARED: 0x0004,
  WPA: 0x0008,
  WPA2: 0x0010,
  WPA2PSK: 0x0020,
} as const;

/** WPS Encryption Type bits (reference 5.11.5). */
export const WpsEncr = { NONE: 0x0001, WEP: 0x0002, TKIP: 0x0004, AES: 0x0008 } as const;

/** The exact INFO texts of the three WPS forced-disable rules (reference 1.4). */
export const WPS_DISABLE_NOTES = {
  ignoreBroadcastSsid: "WPS: ignore_broadcast_ssid configuration forced WPS to be disabled",
  wep: "WPS: WEP configuration forced WPS to be disabled",
  tkip: "WPS: WPA/TKIP configuration without WPA2/CCMP/GCMP forced WPS to be disabled",
} as const;

/** How much of hostapd's whole-config handling to run. */
export interface ConfigCheckScope {
  /**
   * A config about to run (a file read, RELOAD), hostapd's `full_config=1`: the default. A SET
   * checks with `false`, as hostapd does, so that an open BSS can be turned into a WPA2 one
   * setting by setting: its cipher and AKM lists are kept, and the checks that need the whole
   * picture (a PSK for WPA-PSK, duplicate BSSIDs, the WPS and HT rules) wait for the RELOAD.
   */
  full?: boolean;
}

/**
 * On a radio (`driver=nl80211`), makes CCMP the pairwise cipher of each BSS that names none:
 * hostapd's default there is TKIP, which tsapd does not run, and a hostapd built without TKIP
 * defaults to CCMP. The wired driver, which encrypts nothing, keeps hostapd's TKIP default, so
 * its WPS settings and GET_CONFIG stay those of Debian's hostapd. Run once after parsing.
 *
 * @returns a note for each WPA BSS whose ciphers were set so
 */
export function defaultCiphersWithoutTkip(config: HostapdConfig): string[] {
  if (config.driver !== "nl80211") return [];
  const notes: string[] = [];
  for (const b of config.bss) {
    if (b.pairwise_set) continue;
    b.wpa_pairwise = ["CCMP"];
    if (b.wpa) {
      notes.push(
        `${b.interface}: no wpa_pairwise or rsn_pairwise: CCMP (hostapd's default, TKIP, is not run)`,
      );
    }
  }
  return notes;
}

/**
 * Fills the derived security fields of one BSS (hostapd's `hostapd_set_security_params`):
 * `rsn_pairwise` copied from `wpa_pairwise` for WPA2 when unset, the group cipher, the default
 * group rekey interval, and (for a full config) no ciphers/AKMs at all for an open BSS.
 */
export function setSecurityParams(bss: BssConfig, scope: ConfigCheckScope = {}): void {
  if ((bss.wpa & 2) && bss.rsn_pairwise.length === 0) bss.rsn_pairwise = [...bss.wpa_pairwise];
  if (bss.wpa) {
    bss.wpa_group = selectGroupCipher(bss.wpa, bss.wpa_pairwise, bss.rsn_pairwise);
  } else if (scope.full ?? true) {
    // Open or 802.1X-without-WPA: hostapd sets every cipher to NONE and no AKM.
    bss.wpa_group = "NONE";
    bss.wpa_pairwise = [];
    bss.rsn_pairwise = [];
    bss.wpa_key_mgmt = [];
  }
  if (!bss.wpa_group_rekey_set) bss.wpa_group_rekey = bss.wpa_group === "TKIP" ? 600 : 86400;
}

/**
 * Adds the virtual bits WPS 2.0 requires when only the legacy Display / Push Button bit is set
 * (reference 1.4, end).
 *
 * @example
 * ```ts
 * normalizeConfigMethods(0x0088); // 0x22a8: virtual display and virtual push button added
 * ```
 */
export function normalizeConfigMethods(mask: number): number {
  let m = mask;
  if ((m & (0x0008 | 0x2000 | 0x4000)) === 0x0008) m |= 0x2008;
  if ((m & (0x0080 | 0x0200 | 0x0400)) === 0x0080) m |= 0x0280;
  return m;
}

/** Result of {@link checkConfig}. */
export interface ConfigCheckResult {
  /** The first fatal problem (hostapd stops at the first), without a line number. */
  error?: string;
  /** INFO/ERROR log lines that do not make the config invalid. */
  notes: string[];
}

/**
 * hostapd's `hostapd_config_check()` for a full configuration. Mutates the config as hostapd
 * does: WPS is switched off (`wps_state = 0`) by the rules of reference 1.4, and Config Methods
 * are normalised for BSSs that keep WPS.
 */
export function checkConfig(
  config: HostapdConfig,
  scope: ConfigCheckScope = {},
): ConfigCheckResult {
  const notes: string[] = [];
  // Every check below is one hostapd runs only on a full config (none of its others apply here).
  if (!(scope.full ?? true)) return { notes };
  if (config.ieee80211d && config.country_code === undefined) {
    return { error: "Cannot enable IEEE 802.11d without setting the country_code", notes };
  }
  // As Debian's hostapd 2.10 answers these (seen in the hwsim guest).
  if (config.ieee80211h && !config.ieee80211d) {
    return { error: "Cannot enable IEEE 802.11h without IEEE 802.11d enabled", notes };
  }
  if (config.local_pwr_constraint !== -1 && !config.ieee80211d) {
    return { error: "Cannot add Power Constraint element without Country element", notes };
  }
  if (config.spectrum_mgmt_required && config.local_pwr_constraint === -1) {
    return {
      error: "Cannot set Spectrum Management bit without Country and Power Constraint elements",
      notes,
    };
  }
  for (let i = 0; i < 4; i++) {
    const [txMin, txMax] = config.tx_queue_cw[i]!, [acMin, acMax] = config.wmm_ac_cw[i]!;
    if (txMin > txMax) {
      return {
        error: `Invalid TX queue cwMin/cwMax values. cwMin(${txMin}) greater than cwMax(${txMax})`,
        notes,
      };
    }
    if (acMin > acMax) {
      return {
        error: `Invalid WMM AC cwMin/cwMax values. cwMin(${acMin}) greater than cwMax(${acMax})`,
        notes,
      };
    }
  }
  for (const bss of config.bss) {
    const error = checkBss(config, bss, notes);
    if (error !== undefined) return { error, notes };
  }
  // hostapd disables HT on every BSS (so STATUS shows ieee80211n=0); the mode is radio-wide.
  // WMM left unset follows the ieee80211n written in the file, so it stays on (hostapd settles it
  // when it reads the file, before this check).
  if (config.ieee80211n && config.hw_mode === "b") {
    for (const bss of config.bss) if (bss.wmm_enabled < 0) bss.wmm_enabled = 1;
    config.ieee80211n = 0;
  }
  return { notes };
}

function checkBss(config: HostapdConfig, bss: BssConfig, notes: string[]): string | undefined {
  if (bss.ieee8021x && !bss.eap_server) {
    return "Invalid IEEE 802.1X configuration (no EAP authenticator configured).";
  }
  if (
    bss.wpa && bss.wpa_key_mgmt.includes("WPA-PSK") && bss.wpa_psk === undefined &&
    bss.wpa_passphrase === undefined && bss.wpa_psk_file === undefined
  ) {
    return "WPA-PSK enabled, but PSK or passphrase is not configured.";
  }
  if (bss.bssid && bss.bssid.some((b) => b !== 0)) {
    for (const other of config.bss) {
      if (other !== bss && other.bssid && formatMac(other.bssid) === formatMac(bss.bssid)) {
        return `Duplicate BSSID ${
          formatMac(bss.bssid)
        } on interface '${other.interface}' and '${bss.interface}'.`;
      }
    }
  }
  const nas = bss.nas_identifier?.length ?? 0;
  if (bss.wpa_key_mgmt.some((k) => k.startsWith("FT-")) && (nas < 1 || nas > 48)) {
    // Only reachable after a bad wpa_key_mgmt line (FT itself is refused), as in hostapd.
    return "FT (IEEE 802.11r) requires nas_identifier to be configured as a 1..48 octet string";
  }
  if (config.ieee80211n && config.hw_mode === "b") {
    notes.push("HT (IEEE 802.11n) in 11b mode is not allowed, disabling HT capabilities");
  }
  if (
    config.ieee80211n && bss.wpa && !bss.wpa_pairwise.includes("CCMP") &&
    !bss.rsn_pairwise.some((c) => RSN_STRONG_CIPHERS.includes(c))
  ) {
    notes.push(
      "HT (IEEE 802.11n) with WPA/WPA2 requires CCMP/GCMP to be enabled, disabling HT capabilities",
    );
  }
  if (bss.wps_state && bss.ignore_broadcast_ssid) {
    notes.push(WPS_DISABLE_NOTES.ignoreBroadcastSsid);
    bss.wps_state = 0;
  }
  // Rule 2 (WEP) cannot fire: tsapd refuses wep_key* keys as unsupported.
  if (
    bss.wps_state && bss.wpa &&
    (!(bss.wpa & 2) || !bss.rsn_pairwise.some((c) => RSN_STRONG_CIPHERS.includes(c)))
  ) {
    notes.push(WPS_DISABLE_NOTES.tkip);
    bss.wps_state = 0;
  }
  if (bss.wps_state) bss.config_methods = normalizeConfigMethods(bss.config_methods);
  return undefined;
}

/** The AP's WPS security sets (reference 1.4, "How the AP's WPS own auth/encr sets are derived"). */
export interface WpsSecurity {
  /** Auth types offered to Enrollees (overridden to WPA2PSK|WPAPSK when unconfigured). */
  authTypes: number;
  /** Encr types offered (overridden to AES|TKIP when unconfigured). */
  encrTypes: number;
  /** Encr types usable with WPA2 (RSN) auth. */
  encrTypesRsn: number;
  /** Encr types usable with WPA auth. */
  encrTypesWpa: number;
  /** The AP's current auth types (for M7 AP Settings), before the unconfigured override. */
  apAuthTypes: number;
  /** The AP's current encr types, before the unconfigured override. */
  apEncrTypes: number;
  /** The common network key handed out: passphrase bytes or the PSK as 64 hex digits. */
  networkKey: Uint8Array | undefined;
  /** No common key for a PSK network: Enrollees get per-device PSKs (wpa_psk_file mode). */
  perDevicePsk: boolean;
  /** A PSK is known (explicit, or derivable from passphrase and SSID). */
  pskAvailable: boolean;
}

/**
 * Derives the WPS auth/encr sets and network key of one BSS the way hostapd's WPS init does.
 * Call it on a checked config (after {@link setSecurityParams}).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * const r = parseConfig("ssid=x\nwpa=2\nwpa_passphrase=12345678\nrsn_pairwise=CCMP\n", "a");
 * if (r.ok) wpsSecurity(r.config.bss[0]!).authTypes; // 0x0020 (WPA2PSK)
 * ```
 */
export function wpsSecurity(bss: BssConfig): WpsSecurity {
  let auth = 0;
  let encr = 0;
  let encrRsn = 0;
  let encrWpa = 0;
  const psk = bss.wpa_key_mgmt.includes("WPA-PSK") || bss.wpa_key_mgmt.includes("SAE");
  const eap = bss.wpa_key_mgmt.includes("WPA-EAP");
  if (bss.wpa & 2) {
    if (psk) auth |= WpsAuth.WPA2PSK;
    if (eap) auth |= WpsAuth.WPA2;
    if (bss.rsn_pairwise.some((c) => RSN_STRONG_CIPHERS.includes(c))) encrRsn |= WpsEncr.AES;
    if (bss.rsn_pairwise.includes("TKIP")) encrRsn |= WpsEncr.TKIP;
    encr |= encrRsn;
  }
  if (bss.wpa & 1) {
    if (psk) auth |= WpsAuth.WPAPSK;
    if (eap) auth |= WpsAuth.WPA;
    if (bss.wpa_pairwise.includes("CCMP")) encrWpa |= WpsEncr.AES;
    if (bss.wpa_pairwise.includes("TKIP")) encrWpa |= WpsEncr.TKIP;
    encr |= encrWpa;
  }
  if (!bss.wpa && !bss.ieee8021x) {
    auth |= WpsAuth.OPEN;
    encr |= WpsEncr.NONE;
  }
  let networkKey: Uint8Array | undefined;
  if (bss.wpa_psk_file !== undefined) {
    networkKey = undefined;
  } else if (bss.wpa_passphrase !== undefined) {
    networkKey = bss.wpa_passphrase_bytes?.slice() ?? utf8(bss.wpa_passphrase);
  } else if (bss.wpa_psk !== undefined) {
    networkKey = utf8(Array.from(bss.wpa_psk, (b) => b.toString(16).padStart(2, "0")).join(""));
  }
  const out: WpsSecurity = {
    authTypes: auth,
    encrTypes: encr,
    encrTypesRsn: encrRsn,
    encrTypesWpa: encrWpa,
    apAuthTypes: auth,
    apEncrTypes: encr,
    networkKey,
    perDevicePsk: networkKey === undefined && (auth & (WpsAuth.WPAPSK | WpsAuth.WPA2PSK)) !== 0,
    pskAvailable: psk && (bss.wpa_psk !== undefined ||
      (bss.wpa_passphrase !== undefined && bss.ssid !== undefined)),
  };
  if (bss.wps_state === 1) {
    // An unconfigured AP offers a secure credential to its first Enrollee.
    out.authTypes = WpsAuth.WPA2PSK | WpsAuth.WPAPSK;
    out.encrTypes = out.encrTypesRsn = out.encrTypesWpa = WpsEncr.AES | WpsEncr.TKIP;
  }
  return out;
}
