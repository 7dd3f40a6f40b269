/**
 * The contract between the EAP-WSC method (core/eap, which owns EAP framing, fragmentation and
 * retransmission) and a WPS protocol run (core/wps: the internal Registrar or the AP as
 * Enrollee). The method hands whole, reassembled WSC messages to the run and sends what the run
 * returns; the run never sees fragments or EAP identifiers.
 *
 * @module
 */

/** WSC Op-Codes of the EAP-WSC header (WSC 2.0.5, section 7.7.1; reference 6.1). */
export const WscOpCode = {
  START: 0x01,
  ACK: 0x02,
  NACK: 0x03,
  MSG: 0x04,
  DONE: 0x05,
  FRAG_ACK: 0x06,
} as const;

/** One of {@link WscOpCode}'s values. */
export type WscOpCodeValue = typeof WscOpCode[keyof typeof WscOpCode];

/** A whole WSC message to send to the peer in an EAP-Request. */
export interface WscOutgoing {
  /** START, ACK, NACK, MSG or DONE (FRAG_ACK belongs to the EAP layer). */
  opCode: WscOpCodeValue;
  /** The TLV-encoded message; empty for WSC_Start. */
  payload: Uint8Array;
}

/** What the run wants after handling a peer message. */
export type WscStep =
  /** Send this and wait for the peer's next response. */
  | { action: "send"; message: WscOutgoing }
  /**
   * The run is over: send EAP-Failure. The run has reported the outcome already, or reports it
   * in `after`, which the EAP layer calls once the EAP-Failure is on the wire and before its
   * own CTRL-EVENT-EAP-FAILURE: a registration's events, PIN and PBC bookkeeping and new PSK
   * need not delay the frame the station waits for, and the events keep their order.
   */
  | { action: "finish"; after?: () => void };

/** Why a run ended, as the EAP layer saw it. */
export type WscEndReason = "finished" | "timeout" | "disconnect" | "method-failure";

/** One WPS protocol run with one peer; created after the EAP Identity, discarded at the end. */
export interface WscRun {
  /** The first request after the Identity: WSC_Start (Registrar role) or M1 (AP as Enrollee). */
  start(): WscOutgoing;
  /** Handles one reassembled message from the peer. */
  handle(opCode: number, payload: Uint8Array): WscStep;
  /**
   * Called after the message of the last step is on the wire: work that the peer's next
   * message will need, done while the peer computes its answer. Optional; the run must still
   * cope when the next message comes before (or without) this call.
   */
  prepare?(): void;
  /** Called exactly once when the EAP conversation ends for any reason. */
  end(reason: WscEndReason): void;
}

/** EAP identities that select WPS (reference 6.2). */
export const WSC_ID_ENROLLEE = "WFA-SimpleConfig-Enrollee-1-0";
/** The identity an external Registrar uses; the AP then acts as Enrollee with its AP PIN. */
export const WSC_ID_REGISTRAR = "WFA-SimpleConfig-Registrar-1-0";

/**
 * Creates a run for a peer that sent a WSC identity, or returns null when WPS is off (the EAP
 * layer then fails the conversation).
 */
export type WscRunFactory = (
  role: "registrar" | "enrollee",
  peerMac: Uint8Array,
) => WscRun | null;
