/**
 * The station side for AP core tests: frames a client would send (core/ap/station_frames.ts
 * with this test BSS's address and SSID), a recording {@link ApHost}, and an ApCore wired to a
 * real WpsContext on a ManualClock.
 *
 * @module
 */

import { fromHex, utf8 } from "../../../core/bytes.ts";
import { ManualClock } from "../../../core/clock.ts";
import { parseMgmtFrame } from "../../../core/ieee80211/frame.ts";
import {
  stationAssoc,
  type StationAssocOptions,
  stationAssocWpsIe,
  stationAuth,
  stationLeave,
  stationProbe,
  stationProbeWpsIe,
} from "../../../core/ap/station_frames.ts";
import { type WpsApSettings, type WpsHost } from "../../../core/wps/wps_settings.ts";
import { WpsContext } from "../../../core/wps/wps_context.ts";
import { AkmSuite, buildRsnElement, CipherSuite } from "../../../core/wpa/rsn_ie.ts";
import { ApCore, type ApCoreOptions } from "../../../core/ap/ap_core.ts";
import type { ApParams } from "../../../core/ap/ap_params.ts";
import type { ApHost, EapolKind, EapolStart, StationAddFlags } from "../../../core/ap/ap_host.ts";
import { apSettings } from "../wps/_peers.ts";

/** The AP's address in these tests. */
export const BSSID: Uint8Array = fromHex("020000000100");
/** Two stations. */
export const STA1: Uint8Array = fromHex("020000000200");
export const STA2: Uint8Array = fromHex("020000000300");
/** SSID of the test BSS. */
export const SSID: Uint8Array = utf8("TestWPS");

/** The AP's RSN element: WPA2-PSK, CCMP. */
export const AP_RSN: Uint8Array = buildRsnElement({
  version: 1,
  groupCipher: CipherSuite.CCMP,
  pairwiseCiphers: [CipherSuite.CCMP],
  akms: [AkmSuite.PSK],
  capabilities: 0,
  pmkids: [],
});

/** A WPA2-PSK 802.11g BSS with WPS configured. */
export function params(over: Partial<ApParams> = {}): ApParams {
  return {
    bssid: BSSID,
    ssid: SSID,
    hwMode: "g",
    channel: 1,
    beaconInterval: 100,
    dtimPeriod: 2,
    ignoreBroadcastSsid: 0,
    rates: Uint8Array.of(0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, 0x30, 0x48, 0x60, 0x6c),
    authAlgs: 3,
    wpa: 2,
    ieee8021x: false,
    rsnElement: AP_RSN,
    wpsState: 2,
    macaddrAcl: 0,
    maxStations: 2007,
    maxListenInterval: 65535,
    wmm: true,
    ...over,
  };
}

/** A call the AP core made on its host. */
export type HostCall =
  | { op: "sendMgmt"; frame: Uint8Array; noAck: boolean }
  | {
    op: "addStation";
    mac: string;
    aid: number;
    capability: number;
    rates: Uint8Array;
    listenInterval: number;
    flags: StationAddFlags;
  }
  | { op: "setAuthorized"; mac: string; authorized: boolean }
  | { op: "removeStation"; mac: string }
  | { op: "startEapol"; mac: string; kind: EapolKind; info: EapolStart }
  | { op: "beaconChanged" };

const hex = (m: Uint8Array) => Array.from(m, (b) => b.toString(16).padStart(2, "0")).join(":");

/** An ApHost that records every call; events go to `events`, RX-PROBE-REQUEST to `probeRx`. */
export class RecordingHost implements ApHost {
  readonly calls: HostCall[] = [];
  readonly events: string[] = [];
  readonly probeRx: string[] = [];

  sendMgmt(frame: Uint8Array, opts?: { noAck?: boolean }): void {
    this.calls.push({ op: "sendMgmt", frame: frame.slice(), noAck: opts?.noAck ?? false });
  }
  addStation(
    mac: Uint8Array,
    aid: number,
    capability: number,
    rates: Uint8Array,
    listenInterval: number,
    flags: StationAddFlags,
  ): void {
    this.calls.push({
      op: "addStation",
      mac: hex(mac),
      aid,
      capability,
      rates,
      listenInterval,
      flags,
    });
  }
  setAuthorized(mac: Uint8Array, authorized: boolean): void {
    this.calls.push({ op: "setAuthorized", mac: hex(mac), authorized });
  }
  removeStation(mac: Uint8Array): void {
    this.calls.push({ op: "removeStation", mac: hex(mac) });
  }
  startEapol(mac: Uint8Array, kind: EapolKind, info: EapolStart): void {
    this.calls.push({ op: "startEapol", mac: hex(mac), kind, info });
  }
  emit(text: string): void {
    this.events.push(text);
  }
  emitProbeRx(text: string): void {
    this.probeRx.push(text);
  }
  beaconChanged(): void {
    this.calls.push({ op: "beaconChanged" });
  }

  /** Frames sent, decoded, since the last `take()`; clears the call log. */
  take(): HostCall[] {
    return this.calls.splice(0);
  }

  /** The management frames among the calls, parsed. */
  frames(): ReturnType<typeof parseMgmtFrame>[] {
    return this.calls.flatMap((c) => c.op === "sendMgmt" ? [parseMgmtFrame(c.frame)] : []);
  }
}

/** An ApCore with a real WpsContext whose host feeds back into the AP core. */
export function setup(
  over: Partial<ApParams> = {},
  wpsOver: Partial<WpsApSettings> = {},
  options: Omit<ApCoreOptions, "wps"> = {},
  host: RecordingHost = new RecordingHost(),
) {
  const clock = new ManualClock();
  // The WPS host feeds back into the AP core, which is built after the context.
  const ref: { ap?: ApCore } = {};
  const wpsEvents: string[] = [];
  const wpsHost: WpsHost = {
    emit: (t) => {
      wpsEvents.push(t);
      host.emit(t);
    },
    appendPinRequest: () => {},
    storeDevicePsk: () => {},
    applyNewApSettings: () => {},
    selectedRegistrarChanged: () => ref.ap?.wpsChanged(),
    deauthWpsStations: () => ref.ap?.deauthWpsStations(),
    unixTime: () => 1700000000,
  };
  const wps = new WpsContext(apSettings({ bssid: BSSID, ssid: SSID, ...wpsOver }), wpsHost, clock);
  const ap = new ApCore(params(over), host, clock, { ...options, wps });
  ref.ap = ap;
  return { clock, host, ap, wps, wpsEvents };
}

/** Authentication request (open system, sequence 1 unless told). */
export function authFrame(sa: Uint8Array, algorithm = 0, seq = 1): Uint8Array {
  return stationAuth(sa, BSSID, algorithm, seq);
}

/** A station's WPS IE for (Re)Association Requests: Version, Request Type, WFA Version2. */
export const staWpsIe = stationAssocWpsIe;

/** Options of {@link assocFrame}. */
export type AssocOptions = Partial<StationAssocOptions>;

/** (Re)Association Request to the test BSS. */
export function assocFrame(sa: Uint8Array, o: AssocOptions = {}): Uint8Array {
  return stationAssoc(sa, BSSID, { ...o, ssid: o.ssid ?? SSID });
}

/** Deauthentication or Disassociation from a station. */
export function leaveFrame(sa: Uint8Array, disassoc: boolean, reason = 3): Uint8Array {
  return stationLeave(sa, BSSID, disassoc, reason);
}

/** A Probe Request WPS IE as wpa_supplicant sends it. */
export const probeWpsIe = stationProbeWpsIe;

/** Probe Request (broadcast unless told). */
export const probeFrame = stationProbe;
