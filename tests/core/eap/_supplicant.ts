/**
 * Test-only EAP peers: a supplicant that speaks EAPOL / EAP / EAP-WSC (with fragmentation)
 * around a WSC message peer, a scripted WscRun double for EAP-layer unit tests, and a harness
 * that wires an EapWscServer to a ManualClock and records what it sends.
 *
 * @module
 */

import { formatMac, utf8 } from "../../../core/bytes.ts";
import { ManualClock } from "../../../core/clock.ts";
import {
  buildEap,
  buildEapExpanded,
  EapCode,
  EapType,
  parseEap,
  WSC_VENDOR_ID,
} from "../../../core/eap/packet.ts";
import {
  parseWscFrame,
  WscFlag,
  WscFragmenter,
  WscReassembler,
} from "../../../core/eap/wsc_frame.ts";
import {
  WSC_ID_ENROLLEE,
  type WscEndReason,
  WscOpCode,
  type WscOutgoing,
  type WscRun,
  type WscRunFactory,
  type WscStep,
} from "../../../core/eap/wsc_role.ts";
import { EapWscServer, type EapWscServerOptions } from "../../../core/eap/wsc_server.ts";
import { buildEapol, EapolType, parseEapol } from "../../../core/eapol/frame.ts";

/** Answers a whole WSC message, or null to stay silent. */
export interface WscPeer {
  receive(m: WscOutgoing): WscOutgoing | null;
}

/** An EAP-WSC supplicant like wpa_supplicant's, over a {@link WscPeer}. */
export class TestSupplicant {
  readonly mac: Uint8Array;
  readonly identity: string;
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
    if (r.kind === "more") return [wsc(id, Uint8Array.of(WscOpCode.FRAG_ACK, 0))];
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
    return wsc(id, frame);
  }
}

function wrap(eap: Uint8Array): Uint8Array {
  return buildEapol(2, EapolType.EAP_PACKET, eap);
}

/** An EAPOL frame with an EAP-Response/Expanded WSC carrying `frame`. */
export function wsc(id: number, frame: Uint8Array): Uint8Array {
  return wrap(buildEapExpanded(EapCode.RESPONSE, id, WSC_VENDOR_ID, 1, frame));
}

/** A WSC message the supplicant side sends: op-code and bytes. */
export function out(opCode: number, payload: Uint8Array = new Uint8Array(0)): WscOutgoing {
  return { opCode: opCode as WscOutgoing["opCode"], payload };
}

/** A WscRun double that follows a script and records every call. */
export class ScriptedRun implements WscRun {
  readonly handled: { opCode: number; payload: Uint8Array }[] = [];
  readonly ends: WscEndReason[] = [];
  readonly #first: WscOutgoing;
  readonly #steps: (WscStep | "throw")[];

  constructor(first: WscOutgoing, steps: (WscStep | "throw")[]) {
    this.#first = first;
    this.#steps = [...steps];
  }

  start(): WscOutgoing {
    return this.#first;
  }

  handle(opCode: number, payload: Uint8Array): WscStep {
    this.handled.push({ opCode, payload });
    const s = this.#steps.shift() ?? { action: "finish" };
    if (s === "throw") throw new Error("scripted failure");
    return s;
  }

  end(reason: WscEndReason): void {
    this.ends.push(reason);
  }
}

/** Flags of a first fragment, for tests that hand-craft frames. */
export const MF_LF = WscFlag.MF | WscFlag.LF;

/** An EapWscServer on a ManualClock that records sent frames and events. */
export function harness(
  factory: WscRunFactory,
  over: Partial<EapWscServerOptions> = {},
): {
  clock: ManualClock;
  server: EapWscServer;
  events: string[];
  sent: { peer: string; eapol: Uint8Array }[];
  /** Frames sent to `mac` since the last call. */
  take(mac: Uint8Array): Uint8Array[];
} {
  const clock = new ManualClock();
  const events: string[] = [];
  const sent: { peer: string; eapol: Uint8Array }[] = [];
  const queues = new Map<string, Uint8Array[]>();
  const server = new EapWscServer({
    clock,
    runFactory: factory,
    send: (peer, eapol) => {
      const m = formatMac(peer);
      sent.push({ peer: m, eapol });
      if (!queues.has(m)) queues.set(m, []);
      queues.get(m)!.push(eapol);
    },
    emit: (e) => events.push(e),
    ...over,
  });
  const take = (mac: Uint8Array) => {
    const m = formatMac(mac);
    const q = queues.get(m) ?? [];
    queues.set(m, []);
    return q;
  };
  return { clock, server, events, sent, take };
}

/**
 * Lets `sta` and `server` talk until nothing more is sent (at most `limit` frames).
 *
 * @returns the number of frames the server sent to the station
 */
export function converse(
  h: ReturnType<typeof harness>,
  sta: TestSupplicant,
  limit = 500,
): number {
  let n = 0;
  h.server.receive(sta.mac, sta.start());
  for (;;) {
    const frames = h.take(sta.mac);
    if (frames.length === 0) return n;
    for (const f of frames) {
      n++;
      if (n > limit) throw new Error("Conversation did not end");
      for (const reply of sta.onFrame(f)) h.server.receive(sta.mac, reply);
    }
  }
}
