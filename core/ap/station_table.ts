/**
 * The AP's station table: one record per station that authenticated, the AID pool (1..2007,
 * IEEE 802.11-2020 9.4.1.8), and the view the control interface prints (`STA`, core/ctrl/sta.ts).
 *
 * @module
 */

import { formatMac } from "../bytes.ts";
import type { TimerId } from "../clock.ts";
import type { StaFlag, StaInfo } from "../ctrl/sta.ts";
import type { InactivityNext } from "./inactivity.ts";
import type { SaQueryProcedure } from "./sa_query.ts";

/** Highest AID (9.4.1.8). */
export const MAX_AID = 2007;

/** One station known to the AP. */
export interface Station {
  /** MAC address. */
  readonly mac: Uint8Array;
  /** MAC as lower-case text (the table key). */
  readonly key: string;
  /** hostapd's station flags. */
  readonly flags: Set<StaFlag>;
  /** Association ID, 0 until associated. */
  aid: number;
  /** Capability Information from the (Re)Association Request. */
  capability: number;
  /** Listen Interval from the (Re)Association Request. */
  listenInterval: number;
  /** Supported and Extended Supported Rates, as sent. */
  supportedRates: Uint8Array;
  /** The station's RSN element, whole (ID and Length included). */
  rsnElement?: Uint8Array;
  /** The joined WPS IE payload of the (Re)Association Request. */
  wpsIe?: Uint8Array;
  /** HT Capabilities element body, when the station does HT and the AP has it on. */
  htCapabilities?: Uint8Array;
  /** VHT Capabilities element body, when the station does VHT and the AP has it on. */
  vhtCapabilities?: Uint8Array;
  /** Supported Operating Classes element body from the (Re)Association Request. */
  suppOpClasses?: Uint8Array;
  /** Extended Capabilities element body from the (Re)Association Request. */
  extCapab?: Uint8Array;
  /** VLAN ID from the accept list, 0 for none. */
  vlanId: number;
  /** Clock time of the last successful (re)association. */
  assocAt?: number;
  /** A pending delayed disconnect (after the WPS EAP-Failure). */
  disconnectTimer?: TimerId;
  /** The inactivity timer (core/ap/inactivity.ts), when the AP runs one for this station. */
  inactivityTimer?: TimerId;
  /** What the inactivity timer does next; "NULLFUNC POLL" when unset. */
  inactivityNext?: InactivityNext;
  /** The SA Query procedure of an MFP station that asked to associate again. */
  saQuery?: SaQueryProcedure;
}

/** The stations of one BSS, newest first (hostapd prepends to its list; STA-FIRST shows it). */
export class StationTable {
  readonly #byKey = new Map<string, Station>();
  readonly #aids = new Set<number>();
  readonly #maxStations: number;

  /** @param maxStations `max_num_sta` (hostapd default 2007) */
  constructor(maxStations = MAX_AID) {
    this.#maxStations = maxStations;
  }

  /** Number of stations. */
  get size(): number {
    return this.#byKey.size;
  }

  /**
   * Looks a station up.
   *
   * @param mac the address
   * @returns the record, or undefined
   */
  get(mac: Uint8Array): Station | undefined {
    return this.#byKey.get(formatMac(mac));
  }

  /**
   * Returns the station's record, creating it when the table has room.
   *
   * @param mac the address
   * @returns the record, or undefined when `max_num_sta` stations are present already
   */
  add(mac: Uint8Array): Station | undefined {
    const key = formatMac(mac);
    const found = this.#byKey.get(key);
    if (found) return found;
    if (this.#byKey.size >= this.#maxStations) return undefined;
    const sta: Station = {
      mac: mac.slice(),
      key,
      flags: new Set(),
      aid: 0,
      capability: 0,
      listenInterval: 0,
      supportedRates: new Uint8Array(0),
      vlanId: 0,
    };
    // Newest first, like hostapd's sta_list.
    const rest = [...this.#byKey];
    this.#byKey.clear();
    this.#byKey.set(key, sta);
    for (const [k, v] of rest) this.#byKey.set(k, v);
    return sta;
  }

  /**
   * Gives the station the lowest free AID, keeping one it already has.
   *
   * @param sta the record
   * @returns the AID, or 0 when all 2007 are taken
   */
  allocateAid(sta: Station): number {
    if (sta.aid > 0) return sta.aid;
    for (let aid = 1; aid <= MAX_AID; aid++) {
      if (!this.#aids.has(aid)) {
        this.#aids.add(aid);
        sta.aid = aid;
        return aid;
      }
    }
    return 0;
  }

  /**
   * Returns the station's AID to the pool.
   *
   * @param sta the record
   */
  releaseAid(sta: Station): void {
    if (sta.aid > 0) this.#aids.delete(sta.aid);
    sta.aid = 0;
  }

  /**
   * Forgets a station and frees its AID.
   *
   * @param mac the address
   * @returns the removed record, or undefined
   */
  remove(mac: Uint8Array): Station | undefined {
    const key = formatMac(mac);
    const sta = this.#byKey.get(key);
    if (!sta) return undefined;
    this.releaseAid(sta);
    this.#byKey.delete(key);
    return sta;
  }

  /** The stations, newest first. */
  list(): Station[] {
    return [...this.#byKey.values()];
  }
}

/** What the daemon adds to a station's block: state machines' MIB, WPS, kernel counters, keyid. */
export type StaExtra = Pick<StaInfo, "mib" | "wps" | "stats" | "keyid">;

/**
 * The control interface's view of a station (`STA`): flags, AID, capability, listen interval,
 * rates and `connected_time=` in whole seconds since the last (re)association.
 *
 * @param sta the record
 * @param now the current clock time in ms
 * @param extra MIB lines of the WPA/802.1X machines and WPS device info, from the daemon
 * @returns the fields core/ctrl/sta.ts formats
 */
export function stationInfo(
  sta: Station,
  now: number,
  extra: StaExtra = {},
): StaInfo {
  const info: StaInfo = {
    addr: sta.mac,
    flags: new Set(sta.flags),
    aid: sta.aid,
    capability: sta.capability,
    listenInterval: sta.listenInterval,
    supportedRates: sta.supportedRates,
    timeoutNext: sta.inactivityNext ?? "NULLFUNC POLL",
    ...extra,
  };
  if (sta.vlanId > 0) info.vlanId = sta.vlanId;
  if (sta.htCapabilities) info.htCapabilities = sta.htCapabilities;
  if (sta.vhtCapabilities) info.vhtCapabilities = sta.vhtCapabilities;
  if (sta.suppOpClasses) info.suppOpClasses = sta.suppOpClasses;
  if (sta.extCapab) info.extCapab = sta.extCapab;
  if (sta.assocAt !== undefined) {
    info.tail = `connected_time=${Math.floor((now - sta.assocAt) / 1000)}\n`;
  }
  return info;
}
