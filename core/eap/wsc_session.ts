/**
 * The EAP server's conversation with one station for WPS (reference 5.7, 6): EAP-Request/
 * Identity, selection of the Registrar or Enrollee run by the exact WSC identity, then
 * EAP-Request/Expanded WSC frames carrying the run's messages, fragmented and reassembled per
 * reference 6.3, retransmitted after 5 s up to twice, and closed with EAP-Failure (the method
 * never reports success). Pure: time through a Clock, frames and events through ports.
 *
 * @module
 */

import { bytesEqual, formatMac, randomBytes, utf8 } from "../bytes.ts";
import type { Clock, TimerId } from "../clock.ts";
import { type Logger, LogLevel } from "../log.ts";
import { buildEapol, EapolType } from "../eapol/frame.ts";
import {
  buildEap,
  buildEapExpanded,
  buildEapResult,
  EapCode,
  type EapPacket,
  EapType,
  isWscPacket,
  WSC_VENDOR_ID,
  WSC_VENDOR_TYPE,
} from "./packet.ts";
import { parseWscFrame, WscFragmenter, type WscFrame, WscReassembler } from "./wsc_frame.ts";
import {
  WSC_ID_ENROLLEE,
  WSC_ID_REGISTRAR,
  type WscEndReason,
  WscOpCode,
  type WscOutgoing,
  type WscRun,
  type WscRunFactory,
} from "./wsc_role.ts";

/** hostapd's EAP-WSC retransmission timeout (reference 5.1). */
export const WSC_RETRANSMIT_MS = 5000;
/** hostapd's retransmissions of one request before giving up (reference 5.1). */
export const WSC_MAX_RETRANSMITS = 2;

const ID_ENROLLEE = utf8(WSC_ID_ENROLLEE);
const ID_REGISTRAR = utf8(WSC_ID_REGISTRAR);
/** WSC_FRAG_ACK carries no data: Op-Code and zero Flags (reference 6.1). */
const FRAG_ACK_FRAME = Uint8Array.of(WscOpCode.FRAG_ACK, 0);

/** How a conversation ended, for the station table. */
export type WscSessionOutcome = "failure" | "timeout" | "logoff" | "aborted";

/** Settings shared by every session of one EAP server. */
export interface WscSessionConfig {
  /** Time and timers. */
  clock: Clock;
  /** Creates the WPS run after the Identity. */
  runFactory: WscRunFactory;
  /** Debug log. */
  logger: Logger;
  /** EAP-WSC `fragment_size`. */
  fragmentSize: number;
  /** EAPOL Protocol Version of sent frames (`eapol_version`). */
  eapolVersion: number;
  /** Retransmission timeout in ms. */
  retransmitMs: number;
  /** Retransmissions per request. */
  maxRetransmits: number;
  /** Largest reassembled message. */
  maxMessage: number;
}

/** Where one session's output goes. */
export interface WscSessionPorts {
  /** Sends a whole EAPOL frame to the station. */
  send(eapol: Uint8Array): void;
  /** A control event text without the `<3>` prefix. */
  emit(event: string): void;
  /** The conversation is over; the session will not send again. */
  ended(outcome: WscSessionOutcome): void;
}

type Phase = "idle" | "identity" | "method" | "done";

/**
 * hostapd's limits on one conversation (max_auth_rounds, max_auth_rounds_short): a peer that
 * keeps answering (say, empty fragments acknowledged forever) would otherwise hold the session,
 * and the PIN it leased, for good. A WPS run takes about 10 rounds, 40 at fragment_size=50.
 */
export const MAX_EAP_ROUNDS = 100;
/** Consecutive responses shorter than {@link SHORT_EAP_RESPONSE} octets allowed. */
export const MAX_SHORT_EAP_ROUNDS = 50;
/** hostapd counts a response of fewer octets than this as short. */
const SHORT_EAP_RESPONSE = 20;

/**
 * EAP-Request/Identity has no method timeout, so hostapd's EAP server backs off as RFC 4137
 * says: 3 s doubling to at most 20 s, five resends (Debian's hostapd: requests at 0, 3, 9, 21,
 * 41 and 61 s to a station that stays silent). The WSC method then has its own, fixed timeout.
 */
const IDENTITY_FIRST_TIMEOUT_MS = 3000;
const IDENTITY_MAX_TIMEOUT_MS = 20_000;
const IDENTITY_MAX_RETRANSMITS = 5;

/** One station's EAP conversation; discarded when it ends. */
export class WscSession {
  /** The station's MAC. */
  readonly peer: Uint8Array;
  readonly #cfg: WscSessionConfig;
  readonly #ports: WscSessionPorts;
  readonly #mac: string;
  #phase: Phase = "idle";
  #id = 0;
  #lastRequest: Uint8Array | null = null;
  #retries = 0;
  #timer: TimerId | null = null;
  #run: WscRun | null = null;
  #runEnded = false;
  #fragmenter: WscFragmenter | null = null;
  readonly #reassembler: WscReassembler;
  #rounds = 0;
  #shortRounds = 0;
  /** The station has answered WSC_Start with EAP-WSC (a Nak after that is discarded). */
  #methodAnswered = false;

  /**
   * Creates an idle conversation; {@link WscSession.start} sends the first request.
   *
   * @param peer the station's MAC (6 bytes)
   * @param cfg server-wide settings
   * @param ports output
   */
  constructor(peer: Uint8Array, cfg: WscSessionConfig, ports: WscSessionPorts) {
    this.peer = peer.slice();
    this.#cfg = cfg;
    this.#ports = ports;
    this.#mac = formatMac(peer);
    this.#reassembler = new WscReassembler(cfg.maxMessage);
  }

  /** True until the conversation has ended. */
  get active(): boolean {
    return this.#phase !== "done";
  }

  /** Sends EAP-Request/Identity (on EAPOL-Start). */
  start(): void {
    if (this.#phase !== "idle") return;
    this.#phase = "identity";
    // hostapd starts from a random identifier; the captures show it.
    this.#id = randomBytes(1)[0]!;
    // The frame first, the events after: a monitor's socket write need not delay the station.
    this.#sendRequest(buildEap(EapCode.REQUEST, this.#id, EapType.IDENTITY));
    this.#ports.emit(`CTRL-EVENT-EAP-STARTED ${this.#mac}`);
    this.#ports.emit("CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1");
  }

  /** Handles one EAP packet from the station. Never throws. */
  receive(pkt: EapPacket): void {
    if (this.#phase !== "identity" && this.#phase !== "method") return;
    if (pkt.code !== EapCode.RESPONSE) {
      this.#debug(`ignoring EAP code ${pkt.code}`);
      return;
    }
    // Every response counts, a discarded one too, as in hostapd's RECEIVED state.
    this.#rounds++;
    this.#shortRounds = eapLength(pkt) < SHORT_EAP_RESPONSE ? this.#shortRounds + 1 : 0;
    if (this.#rounds > MAX_EAP_ROUNDS || this.#shortRounds > MAX_SHORT_EAP_ROUNDS) {
      this.#debug(`too many EAP rounds (${this.#rounds}, ${this.#shortRounds} short in a row)`);
      this.#fail("method-failure");
      return;
    }
    // A response to an earlier request (a duplicate) is discarded; our retransmission timer
    // covers a lost frame, as in hostapd.
    if (pkt.identifier !== this.#id) {
      this.#debug(`ignoring response id ${pkt.identifier}, expected ${this.#id}`);
      return;
    }
    try {
      if (this.#phase === "identity") this.#onIdentity(pkt);
      else this.#onMethod(pkt);
    } catch (err) {
      // A bug in a run or a codec must end only this conversation.
      this.#debug(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (this.active) this.#fail("method-failure");
    }
  }

  /** EAPOL-Logoff: ends the conversation with a canned EAP-Failure. */
  logoff(): void {
    if (!this.active) return;
    if (this.#phase !== "idle") this.#sendFinal(buildEapResult(EapCode.FAILURE, this.#id));
    this.#close("disconnect", "logoff");
  }

  /** Ends the conversation silently (eviction, restart by a new EAPOL-Start, shutdown). */
  abort(): void {
    if (!this.active) return;
    this.#close("disconnect", "aborted");
  }

  #onIdentity(pkt: EapPacket): void {
    if (pkt.type !== EapType.IDENTITY) {
      this.#debug(`expected Identity, got type ${pkt.type}`);
      this.#fail("method-failure");
      return;
    }
    const role = bytesEqual(pkt.data, ID_ENROLLEE)
      ? "registrar"
      : bytesEqual(pkt.data, ID_REGISTRAR)
      ? "enrollee"
      : null;
    let run: WscRun | null = null;
    if (role !== null) {
      try {
        run = this.#cfg.runFactory(role, this.peer);
      } catch (err) {
        this.#debug(`run factory failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (run === null) {
      this.#debug(role === null ? "identity is not a WSC identity" : "WPS run refused");
      this.#fail("method-failure");
      return;
    }
    this.#run = run;
    this.#phase = "method";
    this.#sendMessage(run.start());
    this.#ports.emit(`CTRL-EVENT-EAP-PROPOSED-METHOD vendor=${WSC_VENDOR_ID} method=254`);
  }

  #onMethod(pkt: EapPacket): void {
    if (!isWscPacket(pkt)) {
      // A Nak of the proposed method ends the conversation (there is no other method to
      // offer); any other type, or a Nak once WSC is under way, is discarded as hostapd's EAP
      // server does, and the request is sent again when its timer runs out.
      if (pkt.type === EapType.NAK && !this.#methodAnswered) {
        this.#debug("the station refused EAP-WSC (Nak)");
        this.#fail("method-failure");
      } else {
        this.#debug(`discarding an EAP response of type ${pkt.type} during EAP-WSC`);
      }
      return;
    }
    this.#methodAnswered = true;
    let frame: WscFrame;
    try {
      frame = parseWscFrame(pkt.data);
    } catch {
      this.#debug("dropping a truncated EAP-WSC frame");
      return;
    }
    if (this.#fragmenter !== null) {
      if (frame.opCode !== WscOpCode.FRAG_ACK) {
        this.#debug(`expected WSC_FRAG_ACK, got Op-Code ${frame.opCode}`);
        this.#fail("method-failure");
        return;
      }
      this.#sendFragment();
      return;
    }
    switch (frame.opCode) {
      case WscOpCode.ACK:
      case WscOpCode.NACK:
      case WscOpCode.MSG:
      case WscOpCode.DONE:
        break;
      default:
        this.#debug(`unexpected Op-Code ${frame.opCode}`);
        this.#fail("method-failure");
        return;
    }
    const r = this.#reassembler.push(frame);
    switch (r.kind) {
      case "fail":
        this.#debug(`reassembly failed: ${r.reason}`);
        this.#fail("method-failure");
        return;
      case "more":
        this.#sendWsc(FRAG_ACK_FRAME);
        return;
      case "message":
        this.#handleMessage(r.opCode, r.payload);
        return;
    }
  }

  #handleMessage(opCode: number, payload: Uint8Array): void {
    const step = this.#run!.handle(opCode, payload);
    if (step.action === "finish") {
      this.#fail("finished", step.after);
      return;
    }
    this.#sendMessage(step.message);
    this.#run?.prepare?.();
  }

  #sendMessage(msg: WscOutgoing): void {
    this.#fragmenter = new WscFragmenter(msg.opCode, msg.payload, this.#cfg.fragmentSize);
    this.#sendFragment();
  }

  #sendFragment(): void {
    const f = this.#fragmenter!;
    const frame = f.next();
    if (f.done) this.#fragmenter = null;
    this.#sendWsc(frame);
  }

  #sendWsc(frame: Uint8Array): void {
    this.#id = (this.#id + 1) & 0xff;
    this.#sendRequest(
      buildEapExpanded(EapCode.REQUEST, this.#id, WSC_VENDOR_ID, WSC_VENDOR_TYPE, frame),
    );
  }

  #sendRequest(eap: Uint8Array): void {
    this.#clearTimer();
    this.#lastRequest = buildEapol(this.#cfg.eapolVersion, EapolType.EAP_PACKET, eap);
    this.#retries = 0;
    this.#ports.send(this.#lastRequest);
    this.#armTimer();
  }

  #sendFinal(eap: Uint8Array): void {
    this.#clearTimer();
    this.#ports.send(buildEapol(this.#cfg.eapolVersion, EapolType.EAP_PACKET, eap));
  }

  #armTimer(): void {
    const ms = this.#phase === "identity"
      ? Math.min(IDENTITY_FIRST_TIMEOUT_MS * 2 ** this.#retries, IDENTITY_MAX_TIMEOUT_MS)
      : this.#cfg.retransmitMs;
    this.#timer = this.#cfg.clock.setTimer(ms, () => this.#onTimeout());
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#cfg.clock.clearTimer(this.#timer);
    this.#timer = null;
  }

  #onTimeout(): void {
    this.#timer = null;
    if (!this.active || this.#lastRequest === null) return;
    const max = this.#phase === "identity" ? IDENTITY_MAX_RETRANSMITS : this.#cfg.maxRetransmits;
    if (this.#retries < max) {
      this.#retries++;
      this.#ports.emit(`CTRL-EVENT-EAP-RETRANSMIT ${this.#mac}`);
      this.#ports.send(this.#lastRequest);
      this.#armTimer();
      return;
    }
    // hostapd's EAP server enters its RETRANSMIT state once more, which reports the event but
    // sends nothing, then gives up (TIMEOUT_FAILURE): three events for two resends, as Debian's
    // hostapd shows for an Enrollee that vanishes after M2.
    this.#ports.emit(`CTRL-EVENT-EAP-RETRANSMIT ${this.#mac}`);
    this.#ports.emit(`CTRL-EVENT-EAP-TIMEOUT-FAILURE ${this.#mac}`);
    this.#close("timeout", "timeout");
  }

  /**
   * Every WPS conversation ends here: EAP-Failure with the last request's identifier, then the
   * run's closing work (see WscStep), then the event.
   */
  #fail(reason: WscEndReason, after?: () => void): void {
    this.#sendFinal(buildEapResult(EapCode.FAILURE, this.#id));
    if (after) {
      try {
        after();
      } catch (err) {
        this.#debug(`closing work threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.#ports.emit(`CTRL-EVENT-EAP-FAILURE ${this.#mac}`);
    this.#close(reason, "failure");
  }

  #close(reason: WscEndReason, outcome: WscSessionOutcome): void {
    this.#clearTimer();
    this.#phase = "done";
    this.#fragmenter = null;
    this.#reassembler.reset();
    this.#lastRequest = null;
    const run = this.#run;
    this.#run = null;
    if (run !== null && !this.#runEnded) {
      this.#runEnded = true;
      try {
        run.end(reason);
      } catch (err) {
        this.#debug(`run.end() threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.#ports.ended(outcome);
  }

  #debug(text: string): void {
    this.#cfg.logger.log(LogLevel.DEBUG, `EAP-WSC ${this.#mac}: ${text}`);
  }
}

/** The octets of a Response as sent: header, Type (expanded: 8 octets) and Type-Data. */
function eapLength(pkt: EapPacket): number {
  return 4 + (pkt.type === undefined ? 0 : pkt.vendorId === undefined ? 1 : 8) + pkt.data.length;
}
