/**
 * The station side of EAP-WSC: an EAPOL / EAP / EAP-WSC supplicant around a WSC message peer
 * (an Enrollee). The EAP server's tests talk to it, and the radio self-test plays a station's
 * registration with it.
 *
 * @module
 */

import { utf8 } from "../bytes.ts";
import { buildEapol, EapolType, parseEapol } from "../eapol/frame.ts";
import { buildEap, buildEapExpanded, EapCode, EapType, parseEap, WSC_VENDOR_ID } from "./packet.ts";
import { parseWscFrame, WscFragmenter, WscReassembler } from "./wsc_frame.ts";
import { WSC_ID_ENROLLEE, WscOpCode, type WscOutgoing } from "./wsc_role.ts";

/** Answers a whole WSC message, or null to stay silent. */
export interface WscPeer {
  receive(m: WscOutgoing): WscOutgoing | null;
}

/**
 * An EAP-WSC supplicant like wpa_supplicant's, over a {@link WscPeer}: answers
 * EAP-Request/Identity, reassembles and fragments WSC messages (WSC_FRAG_ACK), and records the
 * result.
 */
export class WscSupplicant {
  /** The station's address. */
  readonly mac: Uint8Array;
  /** The EAP-Response/Identity it sends (the WSC Enrollee identity by default). */
  readonly identity: string;
  /** Largest WSC fragment it sends (wpa_supplicant's fragment_size, 1400 by default). */
  readonly fragmentSize: number;
  /** Set when EAP-Success/Failure arrived. */
  result: "failure" | "success" | null = null;
  /** Identifiers of the requests seen, in order. */
  readonly requestIds: number[] = [];
  /** WSC messages the server sent, reassembled. */
  readonly received: WscOutgoing[] = [];
  readonly #peer: WscPeer | null;
  readonly #reassembler = new WscReassembler();
  #fragmenter: WscFragmenter | null = null;

  /**
   * @param mac the station's address
   * @param peer the WSC side (an Enrollee); null answers nothing past the identity
   * @param opts the identity and fragment size
   */
  constructor(
    mac: Uint8Array,
    peer: WscPeer | null,
    opts: { identity?: string; fragmentSize?: number } = {},
  ) {
    this.mac = mac;
    this.#peer = peer;
    this.identity = opts.identity ?? WSC_ID_ENROLLEE;
    this.fragmentSize = opts.fragmentSize ?? 1400;
  }

  /** EAPOL-Start. */
  start(): Uint8Array {
    return buildEapol(2, EapolType.START);
  }

  /** Handles one EAPOL frame from the server; returns the replies (zero or one). */
  onFrame(eapol: Uint8Array): Uint8Array[] {
    const pkt = parseEap(parseEapol(eapol).body);
    if (pkt.code === EapCode.FAILURE) this.result = "failure";
    if (pkt.code === EapCode.SUCCESS) this.result = "success";
    if (pkt.code !== EapCode.REQUEST) return [];
    this.requestIds.push(pkt.identifier);
    const id = pkt.identifier;
    if (pkt.type === EapType.IDENTITY) {
      return [wrap(buildEap(EapCode.RESPONSE, id, EapType.IDENTITY, utf8(this.identity)))];
    }
    const frame = parseWscFrame(pkt.data);
    if (frame.opCode === WscOpCode.FRAG_ACK) {
      if (this.#fragmenter === null) throw new Error("Unexpected WSC_FRAG_ACK");
      return [this.#nextFragment(id)];
    }
    const r = this.#reassembler.push(frame);
    if (r.kind === "more") return [wscResponse(id, Uint8Array.of(WscOpCode.FRAG_ACK, 0))];
    if (r.kind !== "message") throw new Error(`Supplicant reassembly: ${r.kind}`);
    const msg = { opCode: r.opCode as WscOutgoing["opCode"], payload: r.payload };
    this.received.push(msg);
    const reply = this.#peer?.receive(msg) ?? null;
    if (reply === null) return [];
    this.#fragmenter = new WscFragmenter(reply.opCode, reply.payload, this.fragmentSize);
    return [this.#nextFragment(id)];
  }

  #nextFragment(id: number): Uint8Array {
    const f = this.#fragmenter!;
    const frame = f.next();
    if (f.done) this.#fragmenter = null;
    return wscResponse(id, frame);
  }
}

function wrap(eap: Uint8Array): Uint8Array {
  return buildEapol(2, EapolType.EAP_PACKET, eap);
}

/** An EAPOL frame with an EAP-Response/Expanded WSC carrying `frame`. */
export function wscResponse(id: number, frame: Uint8Array): Uint8Array {
  return wrap(buildEapExpanded(EapCode.RESPONSE, id, WSC_VENDOR_ID, 1, frame));
}
