/**
 * The port through which the AP management core acts (the daemon implements it over nl80211):
 * frame transmission, the kernel's station entries, EAPOL start-up, and control events.
 * Every method must return promptly; the core never waits on I/O.
 *
 * @module
 */

/** Capabilities the kernel station entry needs (NL80211_ATTR_STA_FLAGS2 and friends). */
export interface StationAddFlags {
  /** The station does WMM (NL80211_STA_FLAG_WME). */
  wmm: boolean;
  /** The station may use the short preamble (NL80211_STA_FLAG_SHORT_PREAMBLE). */
  shortPreamble: boolean;
  /** The HT Capabilities element body (NL80211_ATTR_HT_CAPABILITY), for HT stations. */
  htCapabilities?: Uint8Array;
  /**
   * The VHT Capabilities element body as the AP takes it (NL80211_ATTR_VHT_CAPABILITY), for
   * VHT stations: the station's, less what the AP cannot use (vht_plan.ts negotiateVhtCapab).
   */
  vhtCapabilities?: Uint8Array;
  /** VLAN ID from the accept list, 0 for none. */
  vlanId: number;
  /** Management frames are protected with the station (NL80211_STA_FLAG_MFP). */
  mfp?: boolean;
}

/** What starts on the station's data path after association. */
export type EapolKind = "wps" | "wpa" | "none";

/** The association facts the EAPOL side needs. */
export interface EapolStart {
  /** The station's RSN element (for WpaAuthenticator.associate). */
  rsnElement?: Uint8Array;
  /** The station's WPS IE says Version2: send EAP-Request/Identity at once (reference 6.4). */
  wps2: boolean;
  /** The station sent neither a WPS nor an RSN element (MAYBE_WPS). */
  maybeWps: boolean;
}

/** The daemon side of {@link ApCore}. */
export interface ApHost {
  /**
   * Transmits a management frame (NL80211_CMD_FRAME); the header is complete. `noAck`: send it
   * once without waiting for an ACK (the answer to a wildcard probe sent to broadcast).
   */
  sendMgmt(frame: Uint8Array, opts?: { noAck?: boolean }): void;
  /** Adds (or updates) the kernel's entry for an associated station (NEW_STATION). */
  addStation(
    mac: Uint8Array,
    aid: number,
    capability: number,
    rates: Uint8Array,
    listenInterval: number,
    flags: StationAddFlags,
  ): void;
  /** Opens or closes the station's controlled port (SET_STATION authorized). */
  setAuthorized(mac: Uint8Array, authorized: boolean): void;
  /** Removes the kernel entry (DEL_STATION) and drops the station's EAPOL/WPA state. */
  removeStation(mac: Uint8Array): void;
  /**
   * Starts EAP-WSC ("wps"), the 4-way handshake through WpaAuthenticator.associate ("wpa"),
   * or nothing ("none", an open network).
   */
  startEapol(mac: Uint8Array, kind: EapolKind, info: EapolStart): void;
  /** A control event line without the `<3>` prefix. */
  emit(text: string): void;
  /**
   * An RX-PROBE-REQUEST event line, for the monitors that attached with `probe_rx_events=1`
   * only (and not logged), as hostapd sends it.
   */
  emitProbeRx?(text: string): void;
  /** The beacon changed (ERP, WPS state): call ApCore.beacon() and SET_BEACON. */
  beaconChanged(): void;
  /**
   * Seconds since the kernel last heard from an associated station (GET_STATION's inactive
   * time), or undefined when it has no entry for it. Without this method the AP cannot tell an
   * idle station from a gone one and leaves associated stations alone.
   */
  inactiveSeconds?(mac: Uint8Array): number | undefined;
  /** Sends the station a null data frame (PROBE_CLIENT); the result comes to ApCore.pollResult. */
  pollStation?(mac: Uint8Array): void;
}
