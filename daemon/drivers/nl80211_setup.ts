/**
 * What the nl80211 driver derives from hostapd.conf before it starts a BSS: the channel's
 * frequency, the RSN element and PSKs of the WPA core, the MAC access lists, the Country
 * element's subbands, and the START_AP / SET_BEACON attributes from the AP core's template.
 *
 * @module
 */

import { planHt } from "../../core/ap/ht_plan.ts";
import { planVht } from "../../core/ap/vht_plan.ts";
import type { VhtSetup } from "../../core/ap/ap_params.ts";
import type { BeaconTemplate } from "../../core/ap/beacon_builder.ts";
import type { BssConfig, HostapdConfig } from "../../core/config/schema.ts";
import type { CountrySubband, HtCapabilities } from "../../core/ieee80211/element_list.ts";
import type { WiphyInfo } from "../../core/netlink/nl80211_decode.ts";
import {
  Nl80211ChannelType,
  Nl80211ChanWidth,
  Nl80211WpaVersion,
} from "../../core/netlink/nl80211_const.ts";
import type { BeaconData, StartApParams } from "../../core/netlink/nl80211_params.ts";
import type { PskConfig, PskEntry } from "../../core/wpa/psk.ts";
import { AkmSuite, CipherSuite, RsnCapability, type RsnElement } from "../../core/wpa/rsn_ie.ts";
import type { PskFileEntry } from "../../core/config/psk_file.ts";
import { type GROUP_MGMT_CIPHERS, selectGroupCipher } from "../../core/config/ciphers.ts";
import { formatMac } from "../../core/bytes.ts";
import type { WpaStationInfo } from "../../core/wpa/wpa_host.ts";
import { suiteSelectorText } from "../../core/wpa/mib.ts";
import { channelFrequency, frequencyChannel } from "../../core/ieee80211/channel.ts";

/** The wiphy's enabled channel numbers on 2.4 GHz, or on 5 GHz. */
function enabledChannels(wiphy: WiphyInfo, band24: boolean): number[] {
  return wiphy.frequencies.filter((f) => (f < 3000) === band24)
    .map(frequencyChannel).filter((c): c is number => c !== undefined);
}

/**
 * Country element subbands: the radio's enabled channels in the band of `channel`, grouped in
 * runs of consecutive channel numbers (step 1 on 2.4 GHz, 4 on 5 GHz).
 *
 * @param frequencies the wiphy's enabled frequencies (MHz)
 * @param channel the operating channel
 * @param maxPowerDbm the power limit to announce
 * @returns the subbands in channel order
 */
export function countrySubbands(
  frequencies: readonly number[],
  channel: number,
  maxPowerDbm = 20,
): CountrySubband[] {
  const low = channel <= 14;
  const step = low ? 1 : 4;
  const chans = frequencies.map(frequencyChannel)
    .filter((c): c is number => c !== undefined && (c <= 14) === low)
    .sort((a, b) => a - b);
  const out: CountrySubband[] = [];
  for (const c of chans) {
    const last = out[out.length - 1];
    if (last && last.firstChannel + step * last.channels === c) last.channels++;
    else out.push({ firstChannel: c, channels: 1, maxPowerDbm });
  }
  return out;
}

/** The HT a radio BSS runs (ieee80211n=1): its HT Capabilities and the secondary channel. */
export interface HtSetup {
  /** The HT Capabilities element contents; undefined when the radio has no HT on the band. */
  ht?: HtCapabilities;
  /** 1 above, -1 below, 0 for 20 MHz. */
  secondaryChannel: 0 | 1 | -1;
  /** Why 40 MHz was not taken although asked for, for the log. */
  note?: string;
  /** 2.4 GHz 40 MHz: take it only if the coexistence scan allows (core/ap/ht_plan.ts). */
  scan?: boolean;
}

/**
 * The HT setup on `frequency` (ieee80211n=1): `ht_capab` checked against the band's HT
 * capabilities and channels (core/ap/ht_plan.ts), with the radio's A-MPDU parameters and MCS
 * set.
 *
 * @param config the radio's `ht_capab`, `secondary_channel`, `channel` and `noscan`
 * @param wiphy the radio
 * @param frequency the operating frequency (MHz)
 * @throws {Error} with hostapd's message when the radio lacks a configured capability or the
 *   40 MHz pair is not allowed
 */
export function htSetupOfWiphy(
  config: Pick<HostapdConfig, "ht_capab" | "secondary_channel" | "channel" | "noscan">,
  wiphy: WiphyInfo,
  frequency: number,
): HtSetup {
  const band = frequency < 3000 ? 0 : frequency >= 5925 && frequency <= 7125 ? 3 : 1;
  const hw = wiphy.htBands.find((b) => b.band === band);
  if (!hw) return { secondaryChannel: 0 };
  const band24 = band === 0;
  const channels = enabledChannels(wiphy, band24);
  const secondary = config.secondary_channel;
  const plan = planHt(
    { capab: config.ht_capab, secondaryChannel: secondary === 1 ? 1 : secondary === -1 ? -1 : 0 },
    { hwCapab: hw.capa, channel: config.channel, band24, channels, noscan: config.noscan !== 0 },
  );
  if (!plan.ok) throw new Error(plan.error);
  return {
    ht: {
      capabilitiesInfo: plan.capab,
      ampduParams: (hw.ampduFactor & 3) | ((hw.ampduDensity & 7) << 2),
      mcsSet: hw.mcsSet.slice(),
    },
    secondaryChannel: plan.secondaryChannel,
    ...(plan.note ? { note: plan.note } : {}),
    ...(plan.scan ? { scan: true } : {}),
  };
}

/**
 * The VHT setup on `frequency` (ieee80211ac=1 on an HT BSS): `vht_capab` and the width checked
 * against the band's VHT capabilities and channels (core/ap/vht_plan.ts), with the radio's
 * VHT-MCS set and the channel's transmit power limit.
 *
 * @param config the radio's `vht_capab`, `vht_oper_chwidth` and centre segments, and `channel`
 * @param wiphy the radio
 * @param frequency the operating frequency (MHz)
 * @param secondaryChannel the HT secondary channel in use (1 above, -1 below, 0 for 20 MHz)
 * @returns the setup and a note for the log, or undefined when the band has no VHT (2.4 GHz)
 * @throws {Error} with hostapd's message when the radio lacks a configured capability, or the
 *   80 MHz channel cannot be had
 */
export function vhtSetupOfWiphy(
  config: Pick<
    HostapdConfig,
    | "vht_capab"
    | "vht_oper_chwidth"
    | "vht_oper_centr_freq_seg0_idx"
    | "vht_oper_centr_freq_seg1_idx"
    | "channel"
  >,
  wiphy: WiphyInfo,
  frequency: number,
  secondaryChannel: 0 | 1 | -1,
): { vht: VhtSetup; note?: string } | undefined {
  if (frequency < 5000 || frequency >= 5925) return undefined;
  const hw = wiphy.htBands.find((b) => b.band === 1);
  if (hw?.vhtCapa === undefined || !hw.vhtMcsSet) return undefined;
  const channels = enabledChannels(wiphy, false);
  const plan = planVht({
    capab: config.vht_capab,
    chwidth: config.vht_oper_chwidth,
    seg0: config.vht_oper_centr_freq_seg0_idx,
    seg1: config.vht_oper_centr_freq_seg1_idx,
  }, { hwCapab: hw.vhtCapa, channel: config.channel, secondaryChannel, channels });
  if (!plan.ok) throw new Error(plan.error);
  const power = wiphy.maxTxPowerDbm.get(frequency);
  return {
    vht: {
      capabilities: { capabilitiesInfo: plan.capab, mcsSet: hw.vhtMcsSet.slice() },
      chwidth: plan.chwidth,
      seg0: plan.seg0,
      seg1: plan.seg1,
      ...(power !== undefined ? { maxTxPowerDbm: power } : {}),
    },
    ...(plan.note ? { note: plan.note } : {}),
  };
}

/** The AKM suites of `wpa_key_mgmt` that tsapd's WPA core runs. */
function akmsOf(bss: BssConfig): number[] {
  const out: number[] = [];
  for (const k of bss.wpa_key_mgmt) {
    if (k === "WPA-PSK") out.push(AkmSuite.PSK);
    else if (k === "WPA-PSK-SHA256") out.push(AkmSuite.PSK_SHA256);
  }
  return out;
}

/** The RSN data ciphers tsapd runs, by their hostapd.conf names. */
const RSN_CIPHER_SUITE: Readonly<Record<string, number>> = {
  "CCMP-256": CipherSuite.CCMP_256,
  "GCMP-256": CipherSuite.GCMP_256,
  CCMP: CipherSuite.CCMP,
  GCMP: CipherSuite.GCMP,
};

/**
 * The checks hostapd makes of the configured channel before it starts a BSS there: in the band
 * `hw_mode` names, enabled on the radio, and one an AP may start on by itself (not no-IR, not
 * radar: tsapd runs no radar detection). Each failure was compared with Debian's hostapd in the
 * hwsim guest, which does not start either.
 *
 * @param config `hw_mode` and `channel`
 * @param wiphy the radio
 * @param frequency the channel's frequency (MHz)
 * @throws {Error} naming the channel and why it cannot be used
 */
export function checkPrimaryChannel(
  config: Pick<HostapdConfig, "hw_mode" | "channel">,
  wiphy: Pick<WiphyInfo, "frequencies" | "restrictedFrequencies">,
  frequency: number,
): void {
  const ch = config.channel;
  const inBand = config.hw_mode === "a"
    ? frequency > 4000
    : config.hw_mode === "b" || config.hw_mode === "g"
    ? frequency < 3000
    : true;
  if (!inBand) {
    throw new Error(
      `Could not determine operating frequency: channel ${ch} is not in hw_mode=${config.hw_mode}`,
    );
  }
  if (!wiphy.frequencies.includes(frequency)) {
    throw new Error(
      `Could not select hw_mode and channel: channel ${ch} (${frequency} MHz) is disabled`,
    );
  }
  if (wiphy.restrictedFrequencies.includes(frequency)) {
    throw new Error(
      `Could not select hw_mode and channel: channel ${ch} (${frequency} MHz) is not allowed ` +
        "for an AP here (no-IR or radar detection required)",
    );
  }
}

/**
 * The AP's RSN element for `wpa=2` with PSK key management and CCMP or GCMP (128 or 256 bits),
 * as hostapd writes it:
 * 16 PTKSA replay counters are announced when WMM is on.
 *
 * @param config the radio config
 * @param bss the BSS
 * @returns the element, or undefined when WPA2 is off
 * @throws {RangeError} when WPA2 is on without a PSK AKM or a CCMP/GCMP cipher, or WPA is on
 *   without WPA2
 */
export function rsnOfConfig(config: HostapdConfig, bss: BssConfig): RsnElement | undefined {
  if (!(bss.wpa & 2)) {
    // Without this, beacons would say "privacy" with no element a station could join by.
    if (bss.wpa & 1) throw new RangeError("Cannot run wpa=1 (WPA/TKIP without WPA2); use wpa=2");
    return undefined;
  }
  const akms = akmsOf(bss);
  if (akms.length === 0) {
    throw new RangeError(`Cannot run wpa_key_mgmt=${bss.wpa_key_mgmt.join(" ")} (PSK only)`);
  }
  const listed = bss.rsn_pairwise.length > 0 ? bss.rsn_pairwise : bss.wpa_pairwise;
  // TKIP is left out (tsapd runs no TKIP); the list keeps hostapd's order, 256-bit ones first.
  const runnable = listed.filter((c) => c in RSN_CIPHER_SUITE);
  if (runnable.length === 0) {
    throw new RangeError(`Cannot run rsn_pairwise=${listed.join(" ")} (CCMP or GCMP only)`);
  }
  const wmm = bss.wmm_enabled < 0 ? config.ieee80211n !== 0 : bss.wmm_enabled !== 0;
  return {
    version: 1,
    groupCipher: RSN_CIPHER_SUITE[selectGroupCipher(2, [], runnable)]!,
    pairwiseCiphers: runnable.map((c) => RSN_CIPHER_SUITE[c]!),
    akms,
    capabilities: (wmm ? 0x000c : 0) | mfpCapabilities(bss.ieee80211w),
    pmkids: [],
    // Named only when not the default, BIP-CMAC-128 (as hostapd writes the element).
    ...(bss.ieee80211w !== 0 && bss.group_mgmt_cipher !== "AES-128-CMAC"
      ? { groupMgmtCipher: GROUP_MGMT_CIPHER_SUITE[bss.group_mgmt_cipher] }
      : {}),
  };
}

/** `group_mgmt_cipher` values and their suite selectors (every name the config takes). */
const GROUP_MGMT_CIPHER_SUITE: Readonly<Record<(typeof GROUP_MGMT_CIPHERS)[number], number>> = {
  "AES-128-CMAC": CipherSuite.BIP_CMAC_128,
  "BIP-GMAC-128": CipherSuite.BIP_GMAC_128,
  "BIP-GMAC-256": CipherSuite.BIP_GMAC_256,
  "BIP-CMAC-256": CipherSuite.BIP_CMAC_256,
};

/** RSN Capabilities bits of `ieee80211w`: 2 requires protection, any other non-zero offers it. */
function mfpCapabilities(ieee80211w: number): number {
  if (ieee80211w === 0) return 0;
  return RsnCapability.MFPC | (ieee80211w === 2 ? RsnCapability.MFPR : 0);
}

/**
 * The WPA core's PSK configuration: the common PSK and a live view of the `wpa_psk_file`
 * entries, so PSKs that WPS adds later are used at once.
 *
 * @param common the BSS's common PSK (Bss.commonPsk: `wpa_psk` or the hashed passphrase)
 * @param entries the BSS's live entry list (Bss.pskEntries)
 * @returns the configuration
 */
export function livePskConfig(
  common: Uint8Array | undefined,
  entries: PskFileEntry[],
): PskConfig {
  return {
    ...(common ? { common } : {}),
    get entries(): PskEntry[] {
      const out: PskEntry[] = [];
      for (const e of entries) {
        if (!e.psk) continue;
        out.push({
          mac: e.mac,
          psk: e.psk,
          wps: e.wps,
          ...(e.keyid !== undefined ? { keyid: e.keyid } : {}),
          ...(e.vlanid !== undefined ? { vlanid: e.vlanid } : {}),
        });
      }
      return out;
    },
  };
}

/** The SET_BEACON attributes of a template. */
export function beaconData(ifindex: number, t: BeaconTemplate): BeaconData {
  return {
    ifindex,
    head: t.head,
    tail: t.tail,
    ies: t.beaconIes,
    iesProbeResp: t.probeRespIes,
    iesAssocResp: t.assocRespIes,
  };
}

/**
 * The START_AP attributes: the template, the channel and the security the kernel must know
 * (privacy, WPA2 with PSK AKMs and CCMP, for its control port and key handling).
 *
 * @param ifindex the AP interface
 * @param t the template (ApCore.beacon())
 * @param frequency the operating frequency (MHz)
 * @param rsn the AP's RSN element when WPA2 is on
 * @param ht whether the BSS runs HT
 * @param secondary the HT secondary channel: 1 above, -1 below, 0 for 20 MHz
 * @param vht the VHT setup, when the BSS runs VHT
 */
export function startApParams(
  ifindex: number,
  t: BeaconTemplate,
  frequency: number,
  rsn: RsnElement | undefined,
  ht = false,
  secondary = 0,
  vht?: VhtSetup,
): StartApParams {
  return {
    // 80 MHz: width and centre, which the legacy channel type below cannot express.
    ...(vht?.chwidth === 1
      ? { channelWidth: Nl80211ChanWidth.W80, centerFreq1: channelFrequency(vht.seg0) }
      : {}),
    ...beaconData(ifindex, t),
    beaconInterval: t.beaconInterval,
    dtimPeriod: t.dtimPeriod,
    ssid: t.ssid,
    hiddenSsid: t.hiddenSsid,
    privacy: t.privacy,
    frequency,
    channelType: !ht
      ? Nl80211ChannelType.NO_HT
      : secondary === 1
      ? Nl80211ChannelType.HT40PLUS
      : secondary === -1
      ? Nl80211ChannelType.HT40MINUS
      : Nl80211ChannelType.HT20,
    ...(rsn
      ? {
        wpaVersions: Nl80211WpaVersion.V2,
        akmSuites: rsn.akms,
        pairwiseCiphers: rsn.pairwiseCiphers,
        groupCipher: rsn.groupCipher,
      }
      : {}),
  };
}

/** hostapd's wpa_ptk_state values for the authenticator's pairwise states. */
const PTK_STATE = { expectMsg2: 7, expectMsg4: 10, done: 11 } as const;

/**
 * The WPA lines of a station's `STA` reply, as hostapd writes them for an RSN (WPA2, CCMP)
 * station: the dot11RSNAStats entries, the AKM and the PTK / group key machine states.
 *
 * @param mac the station
 * @param w its state in the WPA authenticator
 * @returns the lines, each ending in `\n`
 * @example
 * ```ts
 * import { AkmSuite } from "../../core/wpa/rsn_ie.ts";
 * const mac = Uint8Array.of(2, 0, 0, 0, 1, 0);
 * const w = {
 *   state: "done", authorized: true, akm: AkmSuite.PSK, pairwise: 0x000fac04, groupRekeying: false,
 * } as const;
 * wpaStationMib(mac, w).includes("AKMSuiteSelector=00-0f-ac-2\n"); // true
 * ```
 */
export function wpaStationMib(mac: Uint8Array, w: WpaStationInfo): string {
  return [
    `dot11RSNAStatsSTAAddress=${formatMac(mac)}`,
    "dot11RSNAStatsVersion=1",
    `dot11RSNAStatsSelectedPairwiseCipher=${suiteSelectorText(w.pairwise)}`,
    "dot11RSNAStatsTKIPLocalMICFailures=0",
    "dot11RSNAStatsTKIPRemoteMICFailures=0",
    "wpa=2",
    `AKMSuiteSelector=${suiteSelectorText(w.akm)}`,
    `hostapdWPAPTKState=${PTK_STATE[w.state]}`,
    `hostapdWPAPTKGroupState=${w.groupRekeying ? 1 : 0}`,
  ].map((l) => `${l}\n`).join("");
}
