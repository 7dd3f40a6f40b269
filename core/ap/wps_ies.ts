/**
 * The three WPS IEs of an AP, built from the live WPS state (reference 6.4, 7.2, 7.3): the
 * Beacon IE, the Probe Response IE and the Association Response IE. They are rebuilt on every
 * Selected Registrar / AP Setup Locked change and pushed to the driver with the beacon.
 *
 * @module
 */

import { DevPasswordId } from "../wps/constants.ts";
import {
  type BeaconWpsState,
  buildAssocResponseWpsIe,
  buildBeaconWpsIe,
  buildProbeResponseWpsIe,
} from "../wps/ie.ts";
import type { WpsContext } from "../wps/wps_context.ts";

/** The encoded WPS vendor elements. */
export interface WpsIes {
  /** For the beacon tail. */
  beacon: Uint8Array;
  /** For Probe Responses (and NL80211_ATTR_IE_PROBE_RESP). */
  probeResp: Uint8Array;
  /** For Association Responses to WPS stations (and NL80211_ATTR_IE_ASSOC_RESP). */
  assocResp: Uint8Array;
}

/**
 * Builds the WPS IEs from a BSS's WPS context.
 *
 * @param ctx the WPS state
 * @param dualBand true when the AP runs on two bands (adds RF Bands, and UUID-E under PBC)
 * @returns the IEs
 */
export function buildWpsIes(ctx: WpsContext, dualBand = false): WpsIes {
  const sr = ctx.selectedRegistrar();
  const s = ctx.settings;
  const state: BeaconWpsState = { wpsState: sr.wpsState, apSetupLocked: sr.apSetupLocked };
  if (sr.selected) {
    state.selectedRegistrar = { devPasswordId: sr.devPasswordId, configMethods: sr.configMethods };
  }
  if (sr.authorizedMacs.length > 0) state.wfa = { authorizedMacs: sr.authorizedMacs };
  if (dualBand) state.rfBands = s.rfBands;
  if (s.applicationExt) state.applicationExt = s.applicationExt;
  const beaconState: BeaconWpsState = { ...state };
  if (dualBand && sr.selected && sr.devPasswordId === DevPasswordId.PUSHBUTTON) {
    beaconState.uuidE = s.uuid;
  }
  return {
    beacon: buildBeaconWpsIe(beaconState),
    probeResp: buildProbeResponseWpsIe({
      ...state,
      uuidE: s.uuid,
      configMethods: s.configMethods,
      manufacturer: s.device.manufacturer,
      modelName: s.device.modelName,
      modelNumber: s.device.modelNumber,
      serialNumber: s.device.serialNumber,
      primaryDeviceType: s.device.primaryDeviceType,
      deviceName: s.device.deviceName,
    }),
    assocResp: buildAssocResponseWpsIe(),
  };
}
