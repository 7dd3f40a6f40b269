/**
 * The EAP server for WPS over one port: a bounded table of per-station {@link WscSession}s
 * keyed by MAC, fed with EAPOL frames. EAPOL-Start (re)starts a station's conversation,
 * EAPOL-Logoff ends it, EAP-Packets go to its session; after a conversation ends that MAC's
 * EAPOL-Start is ignored for a quiet window (hostapd keeps the failed station ~5 s). Nothing a
 * station sends can throw out of {@link EapWscServer.receive} or disturb another station.
 *
 * @module
 */

import { formatMac } from "../bytes.ts";
import type { Clock } from "../clock.ts";
import { type Logger, LogLevel, silentLogger } from "../log.ts";
import { EapolType, parseEapol } from "../eapol/frame.ts";
import { parseEap } from "./packet.ts";
import { WSC_DEFAULT_FRAGMENT_SIZE, WSC_MAX_MESSAGE, WSC_MIN_FRAGMENT_SIZE } from "./wsc_frame.ts";
import type { WscRunFactory } from "./wsc_role.ts";
import {
  WSC_MAX_RETRANSMITS,
  WSC_RETRANSMIT_MS,
  WscSession,
  type WscSessionConfig,
  type WscSessionOutcome,
} from "./wsc_session.ts";

/** How long hostapd ignores a station's EAPOL-Start after its conversation failed. */
export const WSC_QUIET_MS = 5000;
/** Default bound of concurrent conversations. */
export const WSC_MAX_STATIONS = 256;

/** Options of {@link EapWscServer}. */
export interface EapWscServerOptions {
  /** Time and timers. */
  clock: Clock;
  /** Creates WPS runs after the Identity. */
  runFactory: WscRunFactory;
  /** Sends a whole EAPOL frame to `peer`; must not throw. */
  send: (peer: Uint8Array, eapol: Uint8Array) => void;
  /** Control events without the `<3>` prefix. */
  emit: (event: string) => void;
  /** Debug log. */
  logger?: Logger;
  /** EAP-WSC `fragment_size` (default 1400). */
  fragmentSize?: number;
  /** `eapol_version` of sent frames (default 2). */
  eapolVersion?: number;
  /** Retransmission timeout (default 5000 ms). */
  retransmitMs?: number;
  /** Retransmissions per request (default 2). */
  maxRetransmits?: number;
  /** EAPOL-Start quiet window after a conversation ended (default 5000 ms; 0 disables). */
  quietMs?: number;
  /** Most concurrent conversations; the least recently active is evicted (default 256). */
  maxStations?: number;
  /** Largest reassembled WSC message (default 50000). */
  maxMessage?: number;
  /**
   * An EAPOL-Logoff in a conversation starts authentication again (a new Identity request), as
   * the 802.1X authenticator does on a wired port (default false: the conversation ends with
   * an EAP-Failure, and a radio station is then sent away).
   */
  restartOnLogoff?: boolean;
  /** Told when a station's conversation has ended, and how. */
  ended?: (peer: Uint8Array, outcome: WscSessionOutcome) => void;
}

/** A station with a conversation in progress. */
export interface EapStationInfo {
  /** MAC text. */
  mac: string;
  /** Clock time of its last frame. */
  lastSeen: number;
}

/** The per-port EAP server for WPS. */
export class EapWscServer {
  readonly #cfg: WscSessionConfig;
  readonly #send: (peer: Uint8Array, eapol: Uint8Array) => void;
  readonly #emit: (event: string) => void;
  readonly #quietMs: number;
  readonly #maxStations: number;
  readonly #restartOnLogoff: boolean;
  readonly #onEnded: (peer: Uint8Array, outcome: WscSessionOutcome) => void;
  // Insertion order is activity order: a touched entry is re-inserted at the end.
  readonly #sessions = new Map<string, { session: WscSession; lastSeen: number }>();
  readonly #quiet = new Map<string, number>();

  /**
   * Creates an empty station table.
   *
   * @param options ports and settings
   * @throws {RangeError} when a numeric option is out of range
   */
  constructor(options: EapWscServerOptions) {
    const fragmentSize = options.fragmentSize ?? WSC_DEFAULT_FRAGMENT_SIZE;
    if (!Number.isInteger(fragmentSize) || fragmentSize < WSC_MIN_FRAGMENT_SIZE) {
      throw new RangeError(`Cannot use fragment size ${fragmentSize}`);
    }
    const eapolVersion = options.eapolVersion ?? 2;
    if (!Number.isInteger(eapolVersion) || eapolVersion < 1 || eapolVersion > 255) {
      throw new RangeError(`Cannot use EAPOL version ${eapolVersion}`);
    }
    this.#maxStations = options.maxStations ?? WSC_MAX_STATIONS;
    if (!Number.isInteger(this.#maxStations) || this.#maxStations < 1) {
      throw new RangeError(`Cannot use a station limit of ${this.#maxStations}`);
    }
    this.#quietMs = Math.max(0, options.quietMs ?? WSC_QUIET_MS);
    this.#restartOnLogoff = options.restartOnLogoff ?? false;
    this.#onEnded = options.ended ?? (() => {});
    this.#cfg = {
      clock: options.clock,
      runFactory: options.runFactory,
      logger: options.logger ?? silentLogger,
      fragmentSize,
      eapolVersion,
      retransmitMs: options.retransmitMs ?? WSC_RETRANSMIT_MS,
      maxRetransmits: options.maxRetransmits ?? WSC_MAX_RETRANSMITS,
      maxMessage: options.maxMessage ?? WSC_MAX_MESSAGE,
    };
    this.#send = options.send;
    this.#emit = options.emit;
  }

  /** Number of conversations in progress. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Stations with a conversation in progress, least recently active first. */
  stations(): EapStationInfo[] {
    return [...this.#sessions].map(([mac, e]) => ({ mac, lastSeen: e.lastSeen }));
  }

  /**
   * Handles one EAPOL frame from `peer` (the Ethernet source). Never throws; malformed
   * frames are dropped or end only that station's conversation.
   *
   * @param peer the station's MAC (6 bytes)
   * @param frame the Ethernet payload (EAPOL header and body, padding allowed)
   */
  receive(peer: Uint8Array, frame: Uint8Array): void {
    if (peer.length !== 6 || (peer[0]! & 1) === 1) return;
    const mac = formatMac(peer);
    try {
      this.#receive(peer, mac, frame);
    } catch (err) {
      this.#log(`${mac}: internal error: ${err instanceof Error ? err.message : String(err)}`);
      this.#sessions.get(mac)?.session.abort();
    }
  }

  /**
   * Ends a station's conversation silently (the station left) and forgets its quiet window:
   * a station that associates again is a new station to hostapd (a fresh STA entry), so its
   * EAPOL-Start must be answered even right after an earlier run's EAP-Failure.
   */
  disconnect(peer: Uint8Array): void {
    const mac = formatMac(peer);
    this.#sessions.get(mac)?.session.abort();
    this.#quiet.delete(mac);
  }

  /** Ends every conversation (shutdown); each run gets `end("disconnect")`. */
  stop(): void {
    for (const { session } of [...this.#sessions.values()]) session.abort();
    this.#sessions.clear();
    this.#quiet.clear();
  }

  #receive(peer: Uint8Array, mac: string, bytes: Uint8Array): void {
    let eapol;
    try {
      eapol = parseEapol(bytes);
    } catch (err) {
      this.#log(`${mac}: dropping frame: ${(err as Error).message}`);
      return;
    }
    const now = this.#cfg.clock.now();
    switch (eapol.type) {
      case EapolType.START:
        this.#onStart(peer, mac, now);
        return;
      case EapolType.LOGOFF: {
        const session = this.#sessions.get(mac)?.session;
        if (session?.active && this.#restartOnLogoff) this.#restart(peer, mac, now);
        else session?.logoff();
        return;
      }
      case EapolType.EAP_PACKET: {
        const entry = this.#sessions.get(mac);
        if (!entry) {
          this.#log(`${mac}: EAP packet without a conversation`);
          return;
        }
        let pkt;
        try {
          pkt = parseEap(eapol.body);
        } catch (err) {
          this.#log(`${mac}: dropping EAP packet: ${(err as Error).message}`);
          return;
        }
        this.#touch(mac, entry, now);
        entry.session.receive(pkt);
        return;
      }
      default:
        this.#log(`${mac}: ignoring EAPOL type ${eapol.type}`);
    }
  }

  #onStart(peer: Uint8Array, mac: string, now: number): void {
    const until = this.#quiet.get(mac);
    if (until !== undefined) {
      if (now < until) {
        this.#log(`${mac}: ignoring EAPOL-Start in the quiet window`);
        return;
      }
      this.#quiet.delete(mac);
    }
    this.#restart(peer, mac, now);
  }

  /** (Re)starts authentication of `peer` with a new conversation. */
  #restart(peer: Uint8Array, mac: string, now: number): void {
    // EAPOL-Start restarts authentication (IEEE 802.1X-2004 8.2.4.1.3).
    this.#sessions.get(mac)?.session.abort();
    while (this.#sessions.size >= this.#maxStations) {
      const oldest = this.#sessions.values().next().value!;
      this.#log(`${formatMac(oldest.session.peer)}: evicted`);
      oldest.session.abort();
    }
    const station = peer.slice();
    const entry: { session: WscSession; lastSeen: number } = {
      session: new WscSession(station, this.#cfg, {
        send: (eapol) => this.#send(station, eapol),
        emit: (event) => this.#emit(event),
        ended: (outcome) => this.#ended(mac, entry, outcome),
      }),
      lastSeen: now,
    };
    this.#sessions.set(mac, entry);
    entry.session.start();
  }

  #touch(mac: string, entry: { session: WscSession; lastSeen: number }, now: number): void {
    entry.lastSeen = now;
    this.#sessions.delete(mac);
    this.#sessions.set(mac, entry);
  }

  #ended(
    mac: string,
    entry: { session: WscSession; lastSeen: number },
    outcome: WscSessionOutcome,
  ): void {
    // Only the current session for this MAC owns the table entry.
    if (this.#sessions.get(mac) === entry) this.#sessions.delete(mac);
    if ((outcome === "failure" || outcome === "timeout") && this.#quietMs > 0) {
      this.#pruneQuiet();
      this.#quiet.set(mac, this.#cfg.clock.now() + this.#quietMs);
    }
    this.#onEnded(entry.session.peer, outcome);
  }

  #pruneQuiet(): void {
    if (this.#quiet.size < this.#maxStations * 4) return;
    const now = this.#cfg.clock.now();
    for (const [mac, until] of this.#quiet) if (until <= now) this.#quiet.delete(mac);
    // Still full of live windows: forget the oldest rather than grow without bound.
    while (this.#quiet.size >= this.#maxStations * 4) {
      this.#quiet.delete(this.#quiet.keys().next().value!);
    }
  }

  #log(text: string): void {
    this.#cfg.logger.log(LogLevel.DEBUG, `EAP: ${text}`);
  }
}
