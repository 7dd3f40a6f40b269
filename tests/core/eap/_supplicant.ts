/**
 * Test-only EAP peers: the supplicant of core/eap/wsc_supplicant.ts under its test name, a
 * scripted WscRun double for EAP-layer unit tests, and a harness that wires an EapWscServer to a
 * ManualClock and records what it sends.
 *
 * @module
 */

import { formatMac } from "../../../core/bytes.ts";
import { ManualClock } from "../../../core/clock.ts";
import { WscFlag } from "../../../core/eap/wsc_frame.ts";
import {
  type WscEndReason,
  type WscOutgoing,
  type WscRun,
  type WscRunFactory,
  type WscStep,
} from "../../../core/eap/wsc_role.ts";
import { EapWscServer, type EapWscServerOptions } from "../../../core/eap/wsc_server.ts";
import { WscSupplicant } from "../../../core/eap/wsc_supplicant.ts";

export {
  type WscPeer,
  wscResponse as wsc,
  WscSupplicant as TestSupplicant,
} from "../../../core/eap/wsc_supplicant.ts";

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
  sta: WscSupplicant,
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
