/**
 * The live fuzzer's station side, run inside the station network namespace:
 * `ip netns exec <ns> deno run -A tests/fuzz/live_sender.ts <ifname> <ap-mac> <count> <seed>
 * [pin]`. It plays the in-process fuzzer's lanes (tests/fuzz/_lane.ts: real conversations
 * with mutations injected at message or response k, chaff, replays, broken fragments, raw
 * junk) against a running AP over an AF_PACKET socket (ffi/packet_socket.ts), from many
 * source MACs at once, until `count` fuzzed frames were sent. The interface must be in
 * promiscuous mode so the AP's unicast answers to the made-up MACs arrive. Prints
 * `SENT <fuzzed> <frames> <answers> <ms>`, then `DONE` (or `ERROR <text>`).
 *
 * @module
 */

import { formatMac, parseMac } from "../../core/bytes.ts";
import { buildEthernet, ETH_P_PAE } from "../../core/eapol/ethernet.ts";
import { PacketSocket } from "../../ffi/packet_socket.ts";
import { stopSharedReactor } from "../../ffi/reactor.ts";
import { Lane, type LaneEnv, type PlanKind } from "./_lane.ts";
import { Prng } from "./_prng.ts";

const KINDS: readonly (readonly [number, PlanKind])[] = [
  [4, "chaff"],
  [14, "tlv"],
  [6, "inner"],
  [4, "nonce"],
  [6, "random"],
  [6, "opcode"],
  [5, "replay"],
  [6, "frag"],
  [10, "frame"],
  [4, "replay-frame"],
  [3, "restart"],
  [1, "identity"],
  [4, "raw"],
];

/** Options of {@link liveFuzz}. */
export interface LiveOptions {
  /** Station-side interface. */
  ifname: string;
  /** The AP's MAC. */
  apMac: Uint8Array;
  /** Fuzzed frames to send. */
  count: number;
  /** Seed. */
  seed: number;
  /** The PIN the AP has as wildcard (`wps_pin any <pin>`). */
  pin: string;
  /** Concurrent stations (default 8). */
  lanes?: number;
}

/** Sends fuzzed conversations until `count` fuzzed frames went out. */
export async function liveFuzz(o: LiveOptions): Promise<{
  fuzzed: number;
  frames: number;
  answers: number;
  ms: number;
}> {
  const rng = new Prng(o.seed);
  const sock = PacketSocket.open(o.ifname);
  const queues = new Map<string, Uint8Array[]>();
  let answers = 0;
  sock.listen((f) => {
    answers++;
    const m = formatMac(f.dst);
    let q = queues.get(m);
    if (!q) queues.set(m, q = []);
    if (q.length < 64) q.push(f.payload.slice());
  });
  const corpus = JSON.parse(
    Deno.readTextFileSync(new URL("./corpus.json", import.meta.url)),
  ) as { frames: { from: string; hex: string }[] };
  const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
  const fixtures: Uint8Array[] = [];
  for (const mode of ["pin", "pbc"]) {
    const rec = JSON.parse(
      Deno.readTextFileSync(new URL(`../fixtures/wps/${mode}.json`, import.meta.url)),
    ) as { messages: { hex: string }[] };
    for (const m of rec.messages) fixtures.push(hex(m.hex));
  }
  let fuzzed = 0;
  let frames = 0;
  const env: LaneEnv = {
    rng,
    addPin: () => {},
    fixedPin: o.pin,
    patience: 25,
    take: (mac) => {
      const m = formatMac(mac);
      const q = queues.get(m) ?? [];
      queues.delete(m);
      return q;
    },
    deliver: (mac, frame, op) => {
      frames++;
      if (op !== null) fuzzed++;
      // A group source address cannot be sent as such by every driver: keep it, the kernel
      // does not care, and the AP must drop it.
      try {
        sock.send(buildEthernet(o.apMac, mac, ETH_P_PAE, frame));
      } catch {
        // ENOBUFS under a burst: the frame is lost, as on a real link.
      }
    },
    hasSession: () => true,
    corpusFrames: corpus.frames.filter((f) => f.from === "station").map((f) => hex(f.hex)),
    corpusMessages: fixtures,
    victimFrames: [],
  };
  const newLane = () => {
    const kind = rng.weighted(KINDS);
    const role = kind === "chaff" || rng.chance(0.85) ? "registrar" : "enrollee";
    const frameLevel = kind === "frame" || kind === "replay-frame" || kind === "restart";
    return new Lane(env, { kind, role, k: frameLevel ? rng.int(10) : rng.int(5) });
  };
  const lanes = Array.from({ length: o.lanes ?? 8 }, newLane);
  const t0 = performance.now();
  try {
    while (fuzzed < o.count) {
      for (let i = 0; i < lanes.length; i++) {
        lanes[i]!.step();
        if (lanes[i]!.done) lanes[i] = newLane();
      }
      // Let the reactor deliver the AP's answers.
      await new Promise((r) => setTimeout(r, 4));
    }
  } finally {
    sock.close();
    await stopSharedReactor();
  }
  return { fuzzed, frames, answers, ms: performance.now() - t0 };
}

if (import.meta.main) {
  const [ifname, ap, count, seed, pin] = Deno.args;
  try {
    const apMac = parseMac(ap ?? "");
    if (!ifname || !apMac) {
      throw new TypeError("Usage: live_sender.ts <if> <ap-mac> <count> <seed>");
    }
    const r = await liveFuzz({
      ifname,
      apMac,
      count: Number(count ?? 3000),
      seed: Number(seed ?? 1),
      pin: pin ?? "12345670",
    });
    console.log(`SENT ${r.fuzzed} ${r.frames} ${r.answers} ${Math.round(r.ms)}`);
    console.log("DONE");
  } catch (err) {
    console.log(`ERROR ${err instanceof Error ? err.message : String(err)}`);
  }
}
