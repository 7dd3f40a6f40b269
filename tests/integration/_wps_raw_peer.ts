/**
 * A raw EAPOL peer for the WPS interop tests, run in a station namespace through
 * `ip netns exec <ns> deno run -A _wps_raw_peer.ts <mode> <ifname> ...` (see
 * {@link startRawPeer}). It speaks through the project's AF_PACKET socket
 * (ffi/packet_socket.ts) and prints one status line per step on stdout.
 *
 * Modes:
 * - `m1 <ifname> <pin|pbc>`: EAPOL-Start, answer the Identity request as an Enrollee, answer
 *   WSC_Start with the M1 recorded from Debian's wpa_supplicant (tests/fixtures/wps), print
 *   `GOT M2` when the AP answers, then stay silent (a PBC Enrollee that "pressed" and vanished).
 * - `start <ifname> [ms]`: EAPOL-Start, then silence for `ms`; prints `IDENTITY REQUEST <n>
 *   id=<id> at=<ms since the Start>` for each request the AP sends.
 * - `fuzz <ifname> <count> <seed>`: sends `count` random and mutated EAPOL frames (random
 *   bytes, broken EAPOL/EAP/EAP-WSC headers, bad fragments, mutated recorded M1/M3/M5/M7/Done,
 *   some inside real conversations) from source MACs 02:00:00:00:0f:xx, prints `SENT <n>`.
 *
 * @module
 */

import { fromHex, parseMac, toHex } from "../../core/bytes.ts";
import {
  buildEap,
  buildEapExpanded,
  EapCode,
  parseEap,
  WSC_VENDOR_ID,
} from "../../core/eap/packet.ts";
import { buildWscFrame, parseWscFrame, WscFlag } from "../../core/eap/wsc_frame.ts";
import { buildEthernet, ETH_P_PAE, PAE_GROUP_ADDR } from "../../core/eapol/ethernet.ts";
import { buildEapol, parseEapol } from "../../core/eapol/frame.ts";
import { type Daemon, spawnInNs } from "./_wps_netns.ts";

/** Op-Codes of EAP-WSC (WSC 2.0.5, 7.7.1). */
const Op = { START: 1, ACK: 2, NACK: 3, MSG: 4, DONE: 5, FRAG_ACK: 6 } as const;
const ENROLLEE_ID = "WFA-SimpleConfig-Enrollee-1-0";

/** Starts the peer in `ns`; its stdout lines are collected. */
export function startRawPeer(ns: string, args: string[]): Daemon {
  return spawnInNs(ns, [
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    "--no-prompt",
    new URL(import.meta.url).pathname,
    ...args,
  ]);
}

interface Recorded {
  messages: { from: string; name: string; opCode: number; hex: string }[];
}

function recorded(mode: "pin" | "pbc"): Map<string, { opCode: number; bytes: Uint8Array }> {
  const path = new URL(`../fixtures/wps/${mode}.json`, import.meta.url);
  const r = JSON.parse(Deno.readTextFileSync(path)) as Recorded;
  return new Map(
    r.messages.filter((m) => m.from === "enrollee").map((
      m,
    ) => [m.name, { opCode: m.opCode, bytes: fromHex(m.hex) }]),
  );
}

/** mulberry32: a small reproducible generator (test data, not secrets). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const { PacketSocket } = await import("../../ffi/packet_socket.ts");
  const { stopSharedReactor } = await import("../../ffi/reactor.ts");
  const [mode, ifname, ...rest] = Deno.args;
  if (!mode || !ifname) throw new TypeError("Usage: _wps_raw_peer.ts <m1|start|fuzz> <ifname> ...");
  const sock = PacketSocket.open(ifname);
  /** Frames the AP sent to `mac`, as EAPOL payloads, queued for `next()`. */
  const inbox = new Map<string, Uint8Array[]>();
  const waiters = new Set<() => void>();
  sock.listen((f) => {
    const key = toHex(f.dst);
    const q = inbox.get(key) ?? [];
    q.push(f.payload.slice());
    inbox.set(key, q);
    for (const w of waiters) w();
  });
  /** The next EAPOL payload sent to `mac`, or undefined after `ms`. */
  const next = (mac: Uint8Array, ms: number) =>
    new Promise<Uint8Array | undefined>((resolve) => {
      const key = toHex(mac);
      const check = () => {
        const q = inbox.get(key);
        if (!q?.length) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(q.shift());
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        resolve(undefined);
      }, ms);
      waiters.add(check);
      check();
    });
  const send = (src: Uint8Array, eapol: Uint8Array) =>
    sock.send(buildEthernet(PAE_GROUP_ADDR, src, ETH_P_PAE, eapol));
  const eapPacket = (body: Uint8Array) => buildEapol(2, 0, body);
  /** The EAP request in an EAPOL payload, if it is one. */
  const request = (p: Uint8Array | undefined) => {
    if (!p) return undefined;
    try {
      const e = parseEapol(p);
      if (e.type !== 0) return undefined;
      const eap = parseEap(e.body);
      return eap.code === EapCode.REQUEST ? eap : undefined;
    } catch {
      return undefined;
    }
  };
  const wscResponse = (id: number, op: number, flags: number, data: Uint8Array, len?: number) =>
    eapPacket(
      buildEapExpanded(EapCode.RESPONSE, id, WSC_VENDOR_ID, 1, buildWscFrame(op, flags, data, len)),
    );
  /** EAPOL-Start, Identity; resolves with the WSC_Start's identifier or undefined. */
  const begin = async (src: Uint8Array, ms: number) => {
    send(src, buildEapol(2, 1));
    const idReq = request(await next(src, ms));
    if (!idReq || idReq.type !== 1) return undefined;
    send(
      src,
      eapPacket(
        buildEap(EapCode.RESPONSE, idReq.identifier, 1, new TextEncoder().encode(ENROLLEE_ID)),
      ),
    );
    const start = request(await next(src, ms));
    return start?.vendorId === WSC_VENDOR_ID ? start.identifier : undefined;
  };

  try {
    if (mode === "start") {
      // EAPOL-Start, then silence: the AP's Identity requests are counted as they come.
      send(sock.mac, buildEapol(2, 1));
      const t0 = Date.now();
      const until = t0 + Number(rest[0] ?? 30_000);
      for (let n = 1; Date.now() < until; n++) {
        const req = request(await next(sock.mac, until - Date.now()));
        if (!req) break;
        console.log(`IDENTITY REQUEST ${n} id=${req.identifier} at=${Date.now() - t0}`);
      }
      return;
    }
    if (mode === "m1") {
      const m1 = recorded(rest[0] === "pin" ? "pin" : "pbc").get("M1")!;
      const src = sock.mac;
      const id = await begin(src, 3_000);
      if (id === undefined) throw new Error("No WSC_Start from the AP");
      send(src, wscResponse(id, Op.MSG, 0, m1.bytes));
      console.log("M1 SENT");
      const m2 = request(await next(src, 3_000));
      if (!m2) throw new Error("No M2 from the AP");
      const frame = parseWscFrame(m2.data);
      console.log(`GOT M2 op=${frame.opCode} len=${frame.data.length}`);
      // Silent from here on, like an Enrollee that walked away.
      await new Promise((r) => setTimeout(r, Number(rest[1] ?? 30_000)));
      return;
    }
    if (mode === "fuzz") {
      const count = Number(rest[0] ?? 300);
      const rnd = prng(Number(rest[1] ?? 1));
      const int = (n: number) => Math.floor(rnd() * n);
      const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
      const fakeMac = () => parseMac(`02:00:00:00:0f:${int(256).toString(16).padStart(2, "0")}`)!;
      const msgs = [...recorded("pin").values(), ...recorded("pbc").values()];
      const mutate = (b: Uint8Array) => {
        const out = b.slice(0, int(4) === 0 ? int(b.length + 1) : b.length);
        for (let i = 0, n = 1 + int(8); i < n && out.length > 0; i++) {
          const at = int(out.length);
          switch (int(3)) {
            case 0:
              out[at] = out[at]! ^ (1 << int(8));
              break;
            case 1:
              out[at] = int(256);
              break;
            default:
              // Hit TLV length bytes: even offsets are often Type, odd ones Length.
              out[at] = [0, 0xff, 0x7f, 1][int(4)]!;
          }
        }
        return out;
      };
      let sent = 0;
      const kinds = [
        // Random payload under the PAE EtherType.
        () => bytes(int(200)),
        // EAPOL header with random version/type and a lying length.
        () => {
          const b = bytes(int(64));
          const h = Uint8Array.of(int(4), int(8), int(256), int(256));
          return new Uint8Array([...h, ...b]);
        },
        // EAP packet with a random code and a lying length.
        () => {
          const body = bytes(int(40));
          const eap = Uint8Array.of(1 + int(6), int(256), int(256), int(256), ...body);
          return eapPacket(eap);
        },
        // EAP-WSC frames: random Op-Code/flags, LF with huge lengths, endless MF chains.
        () => {
          const flags = [0, WscFlag.MF, WscFlag.LF, WscFlag.MF | WscFlag.LF, int(256)][int(5)]!;
          const data = bytes(int(120));
          const len = flags & WscFlag.LF ? [0, 1, 0xffff, 50001, int(65536)][int(5)] : undefined;
          try {
            return wscResponse(int(256), int(8), flags, data, len);
          } catch {
            return wscResponse(int(256), int(8), 0, data);
          }
        },
        // A mutated recorded Enrollee message, out of any conversation.
        () => {
          const m = msgs[int(msgs.length)]!;
          return wscResponse(int(256), m.opCode, 0, mutate(m.bytes));
        },
        // EAPOL-Logoff / -Key / ASF and other types with random bodies.
        () => buildEapol(1 + int(3), 2 + int(6), bytes(int(100))),
      ];
      const conversations = Math.floor(count / 20);
      for (let i = 0; i < count - conversations * 3; i++) {
        const kind = kinds[int(kinds.length)]!;
        send(fakeMac(), kind());
        sent++;
        if (i % 25 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      // Conversations that reach the Registrar, then send mutated messages in sequence.
      for (let c = 0; c < conversations; c++) {
        const src = parseMac(`02:00:00:00:0e:${c.toString(16).padStart(2, "0")}`)!;
        const id = await begin(src, 300);
        sent += 2;
        if (id === undefined) continue;
        let reqId = id;
        for (const name of ["M1", "M3", "M5", "M7", "WSC_Done"]) {
          const m = recorded(c % 2 ? "pin" : "pbc").get(name)!;
          const data = c % 3 === 0 && name === "M1" ? m.bytes : mutate(m.bytes);
          send(src, wscResponse(reqId, m.opCode, 0, data));
          sent++;
          const r = request(await next(src, 300));
          if (!r) break;
          reqId = r.identifier;
        }
      }
      console.log(`SENT ${sent}`);
      return;
    }
    throw new TypeError(`Unknown mode ${mode}`);
  } finally {
    sock.close();
    await stopSharedReactor();
  }
}

if (import.meta.main) {
  try {
    await main();
    console.log("DONE");
  } catch (err) {
    console.log(`ERROR ${err instanceof Error ? err.message : err}`);
    Deno.exit(1);
  }
}
