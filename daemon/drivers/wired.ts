/**
 * hostapd's `driver=wired` for WPS: EAPOL over an Ethernet port. Joins a {@link PacketSocket}
 * (EtherType 0x888e, PAE group membership) to the EAP-WSC server. Stations are the source MACs
 * that sent EAPOL; replies go to the station's own MAC (unicast), as Debian's hostapd does in
 * /work/shared/examples/wired/captures (use_pae_group_addr=0).
 *
 * @module
 */

import { formatMac } from "../../core/bytes.ts";
import { type Clock, systemClock, type TimerId } from "../../core/clock.ts";
import { type Logger, LogLevel, silentLogger } from "../../core/log.ts";
import type { WscRunFactory } from "../../core/eap/wsc_role.ts";
import { EapWscServer } from "../../core/eap/wsc_server.ts";
import { buildEthernet, ETH_P_PAE, isGroupAddress } from "../../core/eapol/ethernet.ts";
import { PacketSocket } from "../../ffi/packet_socket.ts";
import type { Reactor } from "../../ffi/reactor.ts";

/** Options of {@link WiredDriver.start}. */
export interface WiredDriverOptions {
  /** Creates WPS runs (WpsContext.createRun). */
  runFactory: WscRunFactory;
  /** Control events without the `<3>` prefix. */
  emit: (event: string) => void;
  /** EAP-WSC `fragment_size` (default 1400). */
  fragmentSize?: number;
  /** `eapol_version` (default 2). */
  eapolVersion?: number;
  /** Debug log. */
  logger?: Logger;
  /** Time source (default the system clock). */
  clock?: Clock;
  /** EAPOL-Start quiet window after a failed conversation (default 5000 ms). */
  quietMs?: number;
  /** Most concurrent conversations and remembered stations (default 256). */
  maxStations?: number;
  /** Reactor for the socket (default the shared one). */
  reactor?: Reactor;
  /**
   * `ieee8021x=1` (default true). Without it hostapd serves no EAPOL on a wired port: with no
   * association there is no WPS IE to admit a station for WPS alone.
   */
  ieee8021x?: boolean;
}

/** A station seen on the port. */
export interface WiredStation {
  /** MAC text. */
  mac: string;
  /** Clock time of its first EAPOL frame. */
  firstSeen: number;
  /** Order of arrival on the port (hostapd lists the station added last first). */
  added: number;
  /** Clock time of its last EAPOL frame. */
  lastSeen: number;
  /**
   * Its EAP conversation ended (EAP-Failure, or a timeout): hostapd deauthenticates
   * it (no flags left, `timeout_next=REMOVE`) and forgets it {@link WIRED_REMOVE_AFTER_MS} later.
   */
  leaving: boolean;
}

/**
 * hostapd's wired port, after a WPS run's EAP-Failure: 10 ms to the deauthentication (as on a
 * radio, reference 6.4), then AP_MAX_INACTIVITY_AFTER_DEAUTH (5 s) until the station is removed.
 */
const WIRED_DEAUTH_DELAY_MS = 10;
export const WIRED_REMOVE_AFTER_MS = 5000;

/** The wired driver of one interface. */
export class WiredDriver {
  #socket: PacketSocket | null = null;
  #server: EapWscServer | null = null;
  #clock: Clock = systemClock;
  #logger: Logger = silentLogger;
  #maxStations = 256;
  // Insertion order is activity order (least recent first).
  readonly #seen = new Map<string, WiredStation>();
  /** The deauthentication and removal timers of stations whose run ended. */
  readonly #leaveTimers = new Map<string, TimerId>();
  #added = 0;

  /** The interface MAC (after start). */
  get ownMac(): Uint8Array | null {
    return this.#socket?.mac ?? null;
  }

  /** The EAP server (after start), for tests and the control interface. */
  get server(): EapWscServer | null {
    return this.#server;
  }

  /**
   * Opens the port and starts answering EAPOL.
   *
   * @throws {RangeError} when the interface does not exist or an option is invalid
   * @throws {OsError} when the packet socket cannot be opened
   */
  start(ifname: string, options: WiredDriverOptions): void {
    if (this.#socket) throw new Error(`Cannot start wired driver on "${ifname}": already started`);
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#maxStations = options.maxStations ?? 256;
    const socket = PacketSocket.open(ifname, options.reactor ? { reactor: options.reactor } : {});
    const own = socket.mac;
    try {
      this.#server = new EapWscServer({
        clock: this.#clock,
        runFactory: options.runFactory,
        emit: options.emit,
        logger: this.#logger,
        fragmentSize: options.fragmentSize,
        eapolVersion: options.eapolVersion,
        quietMs: options.quietMs,
        maxStations: this.#maxStations,
        restartOnLogoff: true,
        // A run that ended in an EAP-Failure, or timed out without one: hostapd sends the
        // station away either way (and forgets it 5 s later).
        ended: (peer, outcome) => {
          if (outcome === "failure" || outcome === "timeout") this.#leave(formatMac(peer));
        },
        send: (peer, eapol) => {
          try {
            socket.send(buildEthernet(peer, own, ETH_P_PAE, eapol));
          } catch (err) {
            this.#logger.log(LogLevel.WARNING, `wired: send to ${formatMac(peer)}: ${err}`);
          }
        },
      });
    } catch (err) {
      socket.close();
      throw err;
    }
    this.#socket = socket;
    this.#logger.log(LogLevel.INFO, `wired: listening on ${ifname} (${formatMac(own)})`);
    const eapol = options.ieee8021x ?? true;
    socket.listen((frame) => {
      if (isGroupAddress(frame.src)) return;
      this.#remember(formatMac(frame.src));
      if (!eapol) {
        return this.#logger.log(
          LogLevel.DEBUG,
          `wired: ignoring EAPOL from ${formatMac(frame.src)}: 802.1X is not enabled (ieee8021x=0)`,
        );
      }
      this.#server!.receive(frame.src, frame.payload);
    }, (err) => this.#logger.log(LogLevel.WARNING, `wired: ${ifname}: ${err.message}`));
  }

  /** Ends every conversation and closes the port. */
  stop(): void {
    for (const t of this.#leaveTimers.values()) this.#clock.clearTimer(t);
    this.#leaveTimers.clear();
    this.#server?.stop();
    this.#server = null;
    this.#socket?.close();
    this.#socket = null;
  }

  /** Stations seen on the port, least recently active first. */
  stations(): WiredStation[] {
    return [...this.#seen.values()].map((s) => ({ ...s }));
  }

  /** Forgets a station and ends its conversation. */
  removeStation(mac: Uint8Array): void {
    this.#server?.disconnect(mac);
    this.#cancelLeave(formatMac(mac));
    this.#seen.delete(formatMac(mac));
  }

  /** The run of `mac` ended (EAP-Failure or timeout): deauthenticated, then forgotten. */
  #leave(mac: string): void {
    this.#cancelLeave(mac);
    this.#leaveTimers.set(
      mac,
      this.#clock.setTimer(WIRED_DEAUTH_DELAY_MS, () => {
        const s = this.#seen.get(mac);
        if (!s) return void this.#leaveTimers.delete(mac);
        s.leaving = true;
        this.#leaveTimers.set(
          mac,
          this.#clock.setTimer(WIRED_REMOVE_AFTER_MS, () => {
            this.#leaveTimers.delete(mac);
            if (this.#seen.get(mac)?.leaving) this.#seen.delete(mac);
          }),
        );
      }),
    );
  }

  #cancelLeave(mac: string): void {
    const t = this.#leaveTimers.get(mac);
    if (t !== undefined) this.#clock.clearTimer(t);
    this.#leaveTimers.delete(mac);
  }

  #remember(mac: string): void {
    const now = this.#clock.now();
    const s = this.#seen.get(mac) ??
      { mac, firstSeen: now, added: ++this.#added, lastSeen: now, leaving: false };
    s.lastSeen = now;
    // A new frame is a new association on a wired port (hostapd's wired_possible_new_sta), but
    // not the station's last frames of the run that is ending.
    if (s.leaving) {
      s.leaving = false;
      this.#cancelLeave(mac);
    }
    this.#seen.delete(mac);
    this.#seen.set(mac, s);
    while (this.#seen.size > this.#maxStations) {
      const oldest = this.#seen.keys().next().value!;
      this.#cancelLeave(oldest);
      this.#seen.delete(oldest);
    }
  }
}
