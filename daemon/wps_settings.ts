/**
 * Turns a parsed BSS config into what the WPS core needs (`WpsApSettings`): the mapping is the
 * daemon's job because it also needs the interface's MAC address and files on disk.
 *
 * @module
 */

import { fromHex } from "../core/bytes.ts";
import type { BssConfig, HostapdConfig } from "../core/config/schema.ts";
import { wpsSecurity } from "../core/config/checks.ts";
import type { PskFileEntry } from "../core/config/psk_file.ts";
import { uuidFromMac } from "../core/wps/uuid.ts";
import type { WpsApSettings, WpsPskEntry } from "../core/wps/wps_settings.ts";

/** RF Bands bits from `wps_rf_bands`, or derived from `hw_mode` when unset (reference 1.3). */
export function rfBandsOf(config: HostapdConfig, bss: BssConfig): number {
  if (bss.wps_rf_bands) return bss.wps_rf_bands;
  if (config.hw_mode === "a") return 0x02;
  if (config.hw_mode === "ad") return 0x04;
  return 0x01;
}

/** Inputs read from the system for one BSS. */
export interface BssRuntimeInputs {
  /** Own address (the interface MAC, or `bssid=`). */
  bssid: Uint8Array;
  /** UUID of another BSS of this process to clone (reference 4.3), if any. */
  inheritedUuid?: Uint8Array;
  /** Entries of `wpa_psk_file` (empty when unset). */
  pskEntries: PskFileEntry[];
  /** Contents of `extra_cred`, when set. */
  extraCred: Uint8Array | null;
  /** Contents of `ap_settings`, when set. */
  apSettingsFile: Uint8Array | null;
  /** The common PSK (core/config/psk.ts's bssPsk), computed once by the caller. */
  psk: Uint8Array | undefined;
}

/**
 * Builds the WPS settings of a BSS whose `wps_state` is 1 or 2.
 *
 * @param config the whole config (radio settings)
 * @param bss the BSS
 * @param inputs values read from the system
 * @returns the settings for a WpsContext
 */
export function wpsSettingsOf(
  config: HostapdConfig,
  bss: BssConfig,
  inputs: BssRuntimeInputs,
): WpsApSettings {
  const sec = wpsSecurity(bss);
  const wpsPsks: WpsPskEntry[] = inputs.pskEntries
    .filter((e) => e.wps && e.psk !== undefined)
    .map((e) => ({ mac: e.mac, psk: e.psk! }));
  return {
    ssid: bss.ssid ?? new Uint8Array(0),
    bssid: inputs.bssid,
    uuid: bss.uuid ?? inputs.inheritedUuid ?? uuidFromMac(inputs.bssid),
    device: {
      deviceName: bss.device_name ?? "",
      manufacturer: bss.manufacturer ?? "",
      modelName: bss.model_name ?? "",
      modelNumber: bss.model_number ?? "",
      serialNumber: bss.serial_number ?? "",
      primaryDeviceType: bss.device_type,
      osVersion: bss.os_version,
    },
    configMethods: bss.config_methods,
    rfBands: rfBandsOf(config, bss),
    wpsState: bss.wps_state === 1 ? 1 : 2,
    authTypes: sec.apAuthTypes,
    encrTypes: sec.apEncrTypes,
    encrTypesRsn: sec.encrTypesRsn,
    encrTypesWpa: sec.encrTypesWpa,
    networkKey: sec.networkKey ?? null,
    psk: inputs.psk ?? null,
    wpsPsks,
    apPin: bss.ap_pin ?? null,
    apSetupLocked: bss.ap_setup_locked === 1 ? 1 : bss.ap_setup_locked === 2 ? 2 : 0,
    skipCredBuild: bss.skip_cred_build !== 0,
    extraCred: inputs.extraCred,
    wpsCredProcessing: bss.wps_cred_processing === 1 ? 1 : bss.wps_cred_processing === 2 ? 2 : 0,
    pbcInM1: bss.pbc_in_m1 !== 0,
    apSettingsFile: inputs.apSettingsFile,
    applicationExt: applicationExtOf(bss.wps_application_ext),
  };
}

/**
 * `wps_application_ext` as bytes. Debian's hostapd 2.10 accepts any text for the key; tsapd
 * advertises it when it is hex and leaves the attribute out otherwise.
 */
function applicationExtOf(text: string | undefined): Uint8Array | null {
  if (text === undefined) return null;
  try {
    return fromHex(text);
  } catch {
    return null;
  }
}
