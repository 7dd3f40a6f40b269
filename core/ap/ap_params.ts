/**
 * What the AP core needs from hostapd.conf and from the radio, in one flat record: SSID and
 * hiding, band and rates, beacon timing, security (RSN element, auth_algs, WPS), ACL mode and
 * station limits, and the optional Country / HT / WMM elements.
 *
 * @module
 */

import type { BssConfig, RadioConfig } from "../config/schema.ts";
import type { CountrySubband, HtCapabilities, VhtCapabilities } from "../ieee80211/element_list.ts";
import type { SaQueryTiming } from "./sa_query.ts";

/** The PHY family the BSS runs (hostapd's hw_mode). */
export type HwMode = "a" | "b" | "g" | "ad" | "any";

/** Everything the management core and the beacon builder read. */
export interface ApParams {
  /** The BSSID (the interface's MAC). */
  bssid: Uint8Array;
  /** SSID octets (0..32). */
  ssid: Uint8Array;
  /** hw_mode. */
  hwMode: HwMode;
  /** Primary channel. */
  channel: number;
  /** beacon_int in TU. */
  beaconInterval: number;
  /** dtim_period (given to the driver with the beacon). */
  dtimPeriod: number;
  /** ignore_broadcast_ssid: 0 normal, 1 empty SSID, 2 SSID of zero octets. */
  ignoreBroadcastSsid: number;
  /** Rates in 500 kb/s units with 0x80 on basic rates. */
  rates: Uint8Array;
  /** auth_algs bits: 1 open system, 2 shared key. */
  authAlgs: number;
  /** wpa bits (2 = WPA2/RSN); 0 for an open network. */
  wpa: number;
  /** ieee8021x: with it an open network still authorizes only through EAPOL. */
  ieee8021x: boolean;
  /** The AP's RSN element, whole, when `wpa` has bit 2. */
  rsnElement?: Uint8Array;
  /** wps_state: 0 off, 1 unconfigured, 2 configured. */
  wpsState: number;
  /** macaddr_acl. */
  macaddrAcl: number;
  /** max_num_sta. */
  maxStations: number;
  /** max_listen_interval (hostapd default 65535). */
  maxListenInterval: number;
  /** assoc_sa_query_retry_timeout and _max_timeout (TUs), for MFP stations that associate again. */
  saQuery?: SaQueryTiming;
  /** Country element contents (only with ieee80211d=1 and a country_code). */
  country?: { code: string; environment: string; subbands: CountrySubband[] };
  /** Power Constraint element value (dB): `local_pwr_constraint`, on 5 GHz with a Country element. */
  powerConstraintDb?: number;
  /** Spectrum Management capability bit: `spectrum_mgmt_required` where Power Constraint is sent. */
  spectrumMgmt?: boolean;
  /** HT when ieee80211n=1: the wiphy's capabilities and the secondary channel offset. */
  ht?: { capabilities: HtCapabilities; secondaryOffset: number };
  /** VHT when ieee80211ac=1 on a 5 GHz HT radio (core/ap/vht_plan.ts). */
  vht?: VhtSetup;
  /** WMM (wmm_enabled, which hostapd turns on by default with ieee80211n). */
  wmm: boolean;
  /** ap_max_inactivity in seconds, advertised as BSS Max Idle Period (hostapd default 300). */
  maxInactivity?: number;
  /** skip_inactivity_poll=1: quiet stations are sent away without a poll first. */
  skipInactivityPoll?: boolean;
  /** disassoc_low_ack=1: a station that stops acknowledging frames is disassociated. */
  disassocLowAck?: boolean;
  /**
   * no_probe_resp_if_max_sta=1: while `maxStations` stations are in the table, broadcast probes
   * from others are not answered (WPS still sees them).
   */
  noProbeRespIfMaxSta?: boolean;
  /** `preamble=1`: short preamble allowed (hostapd's default is the long preamble). */
  shortPreamble?: boolean;
  /** `vendor_elements`: raw elements ending Beacons and Probe Responses. */
  vendorElements?: Uint8Array;
  /** `assocresp_elements`: raw elements ending (Re)Association Responses. */
  assocRespElements?: Uint8Array;
}

/** hostapd's default rates per mode, basic ones marked (hostapd_prepare_rates). */
const MODE_RATES: Record<"a" | "b" | "g", number[]> = {
  b: [0x82, 0x84, 0x0b, 0x16],
  g: [0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, 0x30, 0x48, 0x60, 0x6c],
  a: [0x8c, 0x12, 0x98, 0x24, 0xb0, 0x48, 0x60, 0x6c],
};

/**
 * The rate set for a band: b 1, 2, 5.5, 11 Mb/s (basic 1, 2); g adds 6..54 (basic 1, 2, 5.5,
 * 11); a 6..54 (basic 6, 12, 24). `any` and `ad` follow the channel's band.
 *
 * @param mode hw_mode
 * @param channel the channel (to resolve `any`)
 * @returns the rate octets
 */
export function ratesForMode(mode: HwMode, channel: number): Uint8Array {
  return Uint8Array.from(MODE_RATES[effectiveBand(mode, channel)]);
}

/**
 * The AP's rate set as hostapd prepares it: the mode's rates, only those in `supported_rates`
 * when it is given; basic (bit 7) those in `basic_rates` when it is given, else the mode's
 * basic ones. Rates in the lists are 100 kb/s units, on the wire 500 kb/s; an entry that is no
 * rate of the mode (hostapd's atoi() makes text 0) matches nothing.
 *
 * @param radio hw_mode, channel and the rate lists
 * @returns the Supported Rates octets
 * @throws {RangeError} with hostapd's message when no rate, or no basic rate, of the mode is
 *   left (hostapd_prepare_rates(); tsapd has no `require_ht=1`, which would allow the latter)
 * @example
 * ```ts
 * import { ratesForConfig } from "./ap_params.ts";
 * // OpenWrt's default without 802.11b rates: 6, 9, 12, 18, 24, 36, 48, 54 Mb/s, 6/12/24 basic.
 * ratesForConfig({
 *   hw_mode: "g", channel: 1,
 *   supported_rates: [60, 90, 120, 180, 240, 360, 480, 540], basic_rates: [60, 120, 240],
 * }); // 0x8c 0x12 0x98 0x24 0xb0 0x48 0x60 0x6c
 * ```
 */
export function ratesForConfig(
  radio: Pick<RadioConfig, "hw_mode" | "channel" | "supported_rates" | "basic_rates">,
): Uint8Array {
  const supported = radio.supported_rates?.map((r) => r / 5);
  const basic = radio.basic_rates?.map((r) => r / 5);
  const out = ratesForMode(radio.hw_mode, radio.channel).filter((r) =>
    supported === undefined || supported.includes(r & 0x7f)
  ).map((r) => {
    if (basic === undefined) return r;
    return basic.includes(r & 0x7f) ? (r & 0x7f) | 0x80 : r & 0x7f;
  });
  const basicCount = out.filter((r) => r & 0x80).length;
  if (out.length === 0 || basicCount === 0) {
    throw new RangeError(
      `No rates remaining in supported/basic rate sets (${out.length},${basicCount}).`,
    );
  }
  return out;
}

/**
 * The band family used for element choices (DS Parameter Set and ERP belong to 2.4 GHz).
 *
 * @param mode hw_mode
 * @param channel the channel
 * @returns `b`, `g` or `a`
 */
export function effectiveBand(mode: HwMode, channel: number): "a" | "b" | "g" {
  if (mode === "a" || mode === "b" || mode === "g") return mode;
  return channel >= 1 && channel <= 14 ? "g" : "a";
}

/** The VHT a BSS runs: what it announces and its VHT Operation. */
export interface VhtSetup {
  /** The VHT Capabilities element contents. */
  capabilities: VhtCapabilities;
  /** VHT Operation Channel Width: 0 (20/40 MHz) or 1 (80 MHz). */
  chwidth: 0 | 1;
  /** Channel Center Frequency Segment 0. */
  seg0: number;
  /** Channel Center Frequency Segment 1. */
  seg1: number;
  /** The channel's maximum transmit power (dBm), for the Transmit Power Envelope. */
  maxTxPowerDbm?: number;
}

/** What the daemon learns from the radio and the WPA core rather than from the config. */
export interface ApRadioInfo {
  /** The interface MAC. */
  bssid: Uint8Array;
  /** The AP's RSN element (WpaAuthenticator.rsnElement) when WPA2 is on. */
  rsnElement?: Uint8Array;
  /** Country subbands from the wiphy's channel list and regulatory limits. */
  countrySubbands?: CountrySubband[];
  /** The wiphy's HT capabilities (with ht_capab applied). */
  ht?: HtCapabilities;
  /** Secondary channel offset from ht_capab [HT40+]/[HT40-]: 1 above, 3 below. */
  htSecondaryOffset?: number;
  /** The VHT setup (vht_capab applied, width settled), with ieee80211ac=1 on a VHT band. */
  vht?: VhtSetup;
}

/**
 * Builds the parameters from a parsed configuration and radio facts.
 *
 * @param radio the radio part of the config
 * @param bss the BSS
 * @param info facts from the radio and the WPA core
 * @returns the parameters
 */
export function apParamsFromConfig(
  radio: RadioConfig,
  bss: BssConfig,
  info: ApRadioInfo,
): ApParams {
  const p: ApParams = {
    bssid: info.bssid.slice(),
    ssid: bss.ssid?.slice() ?? new Uint8Array(0),
    hwMode: radio.hw_mode,
    channel: radio.channel,
    beaconInterval: radio.beacon_int,
    dtimPeriod: bss.dtim_period,
    ignoreBroadcastSsid: bss.ignore_broadcast_ssid,
    rates: ratesForConfig(radio),
    authAlgs: bss.auth_algs,
    wpa: bss.wpa,
    ieee8021x: bss.ieee8021x !== 0,
    wpsState: bss.wps_state,
    macaddrAcl: bss.macaddr_acl,
    maxStations: bss.max_num_sta,
    maxListenInterval: bss.max_listen_interval,
    saQuery: {
      retryTu: bss.assoc_sa_query_retry_timeout,
      maxTu: bss.assoc_sa_query_max_timeout,
    },
    maxInactivity: bss.ap_max_inactivity,
    skipInactivityPoll: bss.skip_inactivity_poll !== 0,
    disassocLowAck: bss.disassoc_low_ack !== 0,
    noProbeRespIfMaxSta: bss.no_probe_resp_if_max_sta !== 0,
    // hostapd: wmm_enabled=-1 (unset) follows ieee80211n.
    wmm: bss.wmm_enabled < 0 ? radio.ieee80211n !== 0 : bss.wmm_enabled !== 0,
  };
  if (radio.preamble === 1) p.shortPreamble = true;
  if (bss.vendor_elements?.length) p.vendorElements = bss.vendor_elements.slice();
  if (bss.assocresp_elements?.length) p.assocRespElements = bss.assocresp_elements.slice();
  if (info.rsnElement && (bss.wpa & 2)) p.rsnElement = info.rsnElement.slice();
  if (radio.ieee80211d && radio.country_code) {
    p.country = {
      code: radio.country_code,
      environment: radio.country3,
      subbands: info.countrySubbands ?? [],
    };
    // hostapd sends the element on 5 GHz only (checked with Debian's 2.10 in the hwsim guest).
    if (radio.local_pwr_constraint >= 0 && effectiveBand(radio.hw_mode, radio.channel) === "a") {
      p.powerConstraintDb = radio.local_pwr_constraint;
      // The bit goes with the element: hostapd leaves it clear on 2.4 GHz too.
      if (radio.spectrum_mgmt_required) p.spectrumMgmt = true;
    }
  }
  if (radio.ieee80211n && info.ht) {
    p.ht = { capabilities: info.ht, secondaryOffset: info.htSecondaryOffset ?? 0 };
    // VHT rides on HT, as in hostapd.
    if (radio.ieee80211ac && info.vht) p.vht = info.vht;
  }
  return p;
}
