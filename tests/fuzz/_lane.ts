/**
 * One fuzzed station ("lane"): a legitimate Enrollee or external Registrar played through the
 * real EAPOL / EAP-WSC framing up to message (or response) k, where one generator replaces
 * what it sends: TLV mutations (re-signed or not), broken Encrypted Settings, wrong nonces,
 * random attributes, out-of-order Op-Codes, replays, header mutations, broken fragment
 * sequences, EAPOL-Start/Logoff in the middle, raw junk. After the injection it keeps
 * answering like the real peer would, plus some noise, until its conversation ends.
 *
 * @module
 */

import { formatMac, randomBytes } from "../../core/bytes.ts";
import { WSC_ID_REGISTRAR, WscOpCode, type WscOutgoing } from "../../core/eap/wsc_role.ts";
import { buildEapol, EapolType } from "../../core/eapol/frame.ts";
import { Attr, MsgType } from "../../core/wps/constants.ts";
import { buildWscAck, buildWscNack } from "../../core/wps/messages.ts";
import { formatUuid } from "../../core/wps/uuid.ts";
import { TestSupplicant } from "../core/eap/_supplicant.ts";
import { TestRegistrar } from "../core/wps/_peers.ts";
import { FuzzEnrollee, type OutgoingParts } from "./_enrollee.ts";
import {
  craftFragments,
  joinTlvs,
  mutateBytes,
  mutateFrame,
  mutateTlvs,
  randomMessage,
  randomTlv,
  type RawTlv,
  splitTlvs,
  wscFrameBytes,
  wscResponse,
} from "./_mutate.ts";
import type { Prng } from "./_prng.ts";

/** What a lane needs from the episode. */
export interface LaneEnv {
  /** The episode's random source. */
  rng: Prng;
  /** Adds a PIN for a UUID-E (WPS_PIN); a live AP may ignore it and use `fixedPin`. */
  addPin(uuid: string, pin: string, timeoutSec: number): void;
  /** When set, every Enrollee uses this PIN (a wildcard PIN set on a live AP). */
  fixedPin?: string;
  /** Idle turns before a fuzzed lane gives up (default 2; a live AP needs more). */
  patience?: number;
  /** Frames the AP sent to `mac` since the last call. */
  take(mac: Uint8Array): Uint8Array[];
  /** Feeds one frame to the EAP server; `op` names the mutation, null for a legitimate one. */
  deliver(mac: Uint8Array, frame: Uint8Array, op: string | null): void;
  /** True while the server has a conversation with `mac`. */
  hasSession(mac: Uint8Array): boolean;
  /** Station frames of the real captures (EAPOL, whole). */
  corpusFrames: Uint8Array[];
  /** WSC messages of the recorded runs (M1..M8, Done). */
  corpusMessages: Uint8Array[];
  /** Recent frames of the legitimate station, for cross-station replays. */
  victimFrames: Uint8Array[];
}

/** The generators. */
export type PlanKind =
  | "legit"
  | "chaff"
  | "tlv"
  | "inner"
  | "nonce"
  | "random"
  | "opcode"
  | "replay"
  | "frag"
  | "frame"
  | "replay-frame"
  | "restart"
  | "identity"
  | "raw";

/** Generators applied to a whole message (at message index k). */
const MESSAGE_KINDS = new Set<PlanKind>(["tlv", "inner", "nonce", "random", "opcode", "replay"]);
/** Generators applied to one EAPOL frame (at response index k). */
const FRAME_KINDS = new Set<PlanKind>(["frame", "replay-frame", "restart"]);

const OPCODES = [
  WscOpCode.START,
  WscOpCode.ACK,
  WscOpCode.NACK,
  WscOpCode.DONE,
  WscOpCode.FRAG_ACK,
  WscOpCode.MSG,
  0,
  7,
  0xff,
];

/** Lane settings. */
export interface LaneOptions {
  /** Generator. */
  kind: PlanKind;
  /** AP role: the internal Registrar (station Enrollee) or the AP as Enrollee. */
  role: "registrar" | "enrollee";
  /** Message or response index of the injection. */
  k: number;
  /** Use Push Button instead of a PIN (registrar role). */
  pbc?: boolean;
  /** Fixed MAC (the victim); random otherwise. */
  mac?: Uint8Array;
}

/** A fuzzed (or, with kind `legit`, a well-behaved) station. */
export class Lane {
  /** Source MAC. */
  readonly mac: Uint8Array;
  /** Plan. */
  readonly opts: LaneOptions;
  /** The station Enrollee, in the registrar role. */
  readonly enrollee: FuzzEnrollee | null = null;
  /** The EAP supplicant. */
  readonly sup: TestSupplicant | null = null;
  /** Finished: replace the lane. */
  done = false;
  /** The mutation applied, for reports. */
  op = "";
  readonly #env: LaneEnv;
  readonly #rng: Prng;
  #started = false;
  #injected = false;
  #markNext = false;
  #resp = 0;
  #steps = 0;
  #idle = 0;
  #budget: number;
  #chaff: number;
  #crafted: Uint8Array[] | null = null;
  #craftedSent = 0;
  readonly #sent: Uint8Array[] = [];

  /**
   * @param env the episode
   * @param opts plan
   */
  constructor(env: LaneEnv, opts: LaneOptions) {
    this.#env = env;
    this.#rng = env.rng;
    this.opts = opts;
    const rng = this.#rng;
    this.mac = opts.mac ?? Uint8Array.of(0x02, 0xf0 | rng.int(16), ...rng.bytes(4));
    this.#budget = this.#mustSucceed ? Infinity : rng.range(20, 80);
    this.#chaff = opts.kind === "chaff" ? 0.5 : opts.kind === "legit" ? 0 : 0.1;
    if (opts.kind === "raw") return;
    let identity: string | undefined;
    let peer;
    if (opts.role === "registrar") {
      const uuid = randomBytes(16);
      const pin = opts.pbc ? undefined : env.fixedPin ?? String(10000000 + rng.int(90000000));
      if (pin !== undefined) env.addPin(formatUuid(uuid), pin, opts.kind === "legit" ? 0 : 60);
      this.enrollee = new FuzzEnrollee({ pin, uuid, mac: this.mac });
      if (MESSAGE_KINDS.has(opts.kind) || opts.kind === "frag") {
        this.enrollee.hook = (parts, e) => this.#hook(parts, e);
      }
      peer = this.enrollee;
    } else {
      const er = new TestRegistrar({ pin: rng.chance(0.7) ? "12345670" : "00000000" });
      let n = 0;
      peer = {
        receive: (m: WscOutgoing): WscOutgoing | null => {
          const r = er.receive(m);
          if (r === null || n++ !== opts.k || !MESSAGE_KINDS.has(opts.kind)) return r;
          return this.#replace({ index: n - 1, message: r }, null);
        },
      };
      identity = WSC_ID_REGISTRAR;
    }
    if (opts.kind === "identity") {
      identity = rng.pick([
        "WFA-SimpleConfig-Enrollee-1-0\0",
        "WFA-SimpleConfig-Registrar-1-",
        "",
        "anonymous",
        new TextDecoder().decode(rng.bytes(rng.int(60))),
      ]);
    }
    this.sup = new TestSupplicant(this.mac, peer, {
      identity,
      fragmentSize: rng.pick([1400, 1400, 200, 40]),
    });
  }

  /** One scheduler turn: handle what the AP sent, answer. */
  step(): void {
    const rng = this.#rng;
    if (!this.#started) {
      this.#started = true;
      if (this.opts.kind === "raw") return this.#raw();
      const version = this.#mustSucceed || rng.chance(0.9) ? 2 : rng.int(4);
      this.#env.deliver(this.mac, Uint8Array.of(version, EapolType.START, 0, 0), null);
      return;
    }
    const frames = this.#env.take(this.mac);
    if (frames.length === 0) {
      const patience = this.#mustSucceed ? 50 : this.#env.patience ?? 2;
      if (++this.#idle > patience || !this.#env.hasSession(this.mac)) this.done = true;
      return;
    }
    this.#idle = 0;
    for (const f of frames) {
      if (++this.#steps > this.#budget) {
        this.done = true;
        return;
      }
      if (f[4] !== 1) continue; // EAP-Failure (or Success): nothing to answer
      const id = f[5]!;
      if (this.#crafted !== null && this.#craftedSent > 0) {
        this.#sendCrafted(id);
        continue;
      }
      let replies: Uint8Array[];
      try {
        replies = this.sup!.onFrame(f);
      } catch {
        // The peer model cannot follow any more (e.g. the AP rightly NACKed our junk).
        replies = this.#injected && rng.chance(0.5) ? [this.#noise(id)] : [];
      }
      for (const r of replies) this.#respond(r);
    }
  }

  #respond(frame: Uint8Array): void {
    const rng = this.#rng;
    const env = this.#env;
    const id = frame[5]!;
    if (this.#crafted !== null && this.#craftedSent === 0) {
      this.#sendCrafted(id);
      return;
    }
    if (frame.length >= 8 && rng.chance(this.#chaff)) this.#chaffBurst(frame);
    const idx = this.#resp++;
    if (!this.#injected && FRAME_KINDS.has(this.opts.kind) && idx === this.opts.k) {
      this.#injected = true;
      this.#frameInjection(frame, id);
      return;
    }
    if (this.#markNext) {
      this.#markNext = false;
      this.#send(frame, this.op);
    } else {
      this.#send(frame, null);
    }
    if (this.#injected && rng.chance(0.3)) this.#send(this.#noise(id), "noise");
    if (this.opts.kind === "legit") {
      env.victimFrames.push(frame);
      if (env.victimFrames.length > 16) env.victimFrames.shift();
    }
  }

  #send(frame: Uint8Array, op: string | null): void {
    this.#sent.push(frame);
    if (this.#sent.length > 12) this.#sent.shift();
    this.#env.deliver(this.mac, frame, op);
  }

  #frameInjection(frame: Uint8Array, id: number): void {
    const rng = this.#rng;
    const env = this.#env;
    switch (this.opts.kind) {
      case "frame": {
        const n = rng.range(1, 8);
        for (let i = 0; i < n; i++) {
          const m = mutateFrame(rng, frame);
          this.op = m.op;
          this.#send(m.bytes, m.op);
        }
        break;
      }
      case "replay-frame": {
        const pool = rng.weighted<Uint8Array[]>([
          [3, this.#sent],
          [3, env.corpusFrames],
          [2, env.victimFrames],
        ]);
        const src = pool.length > 0 ? rng.pick(pool) : frame;
        const f = src.slice();
        // Either the stale identifier (dropped) or the current one (reaches the method).
        if (f.length > 5 && rng.chance(0.7)) f[5] = id;
        this.op = `replay-frame ${pool === this.#sent ? "own" : "other"}`;
        this.#send(f, this.op);
        break;
      }
      default: {
        const t = rng.pick([EapolType.START, EapolType.LOGOFF, EapolType.START]);
        this.op = t === EapolType.START ? "eapol-start-mid" : "eapol-logoff-mid";
        this.#send(buildEapol(2, t), this.op);
      }
    }
    if (rng.chance(0.5)) this.#send(frame, null);
  }

  #sendCrafted(id: number): void {
    const q = this.#crafted!;
    const f = q[this.#craftedSent++];
    if (f === undefined) {
      if (this.#rng.chance(0.5)) this.#send(this.#noise(id), "noise");
      return;
    }
    this.#send(wscResponse(id, f), this.#craftedSent === 1 ? this.op : null);
  }

  #hook(parts: OutgoingParts, e: FuzzEnrollee): WscOutgoing | null {
    if (this.#injected || parts.index !== this.opts.k) return null;
    return this.#replace(parts, e);
  }

  /** The message-level generators. */
  #replace(parts: OutgoingParts, e: FuzzEnrollee | null): WscOutgoing | null {
    const rng = this.#rng;
    this.#injected = true;
    this.#markNext = true;
    const { opCode, payload } = parts.message;
    const signed = (p: Uint8Array, prob: number) =>
      e !== null && e.keys !== null && rng.chance(prob) ? e.resign(p) : p;
    let kind = this.opts.kind;
    if (kind === "inner" && (parts.plain === undefined || e === null)) kind = "tlv";
    if (kind === "nonce" && e === null) kind = "tlv";
    switch (kind) {
      case "tlv": {
        let p = payload;
        const ops: string[] = [];
        for (let i = rng.range(1, 3); i > 0; i--) {
          const m = mutateTlvs(rng, p);
          p = m.bytes;
          ops.push(m.op);
        }
        this.op = `tlv ${ops.join(",")}`;
        return { opCode, payload: signed(p, 0.7) };
      }
      case "inner": {
        const big = rng.chance(0.05);
        const m = big
          ? { bytes: randomMessage(rng, [randomTlv(rng, 4000)]), op: "inner-big" }
          : rng.chance(0.8)
          ? mutateTlvs(rng, parts.plain!)
          : { bytes: randomMessage(rng), op: "inner-random" };
        const kwa = rng.weighted<"ok" | "none" | "bad">([[6, "ok"], [1, "none"], [1, "bad"]]);
        const pad = rng.weighted<"ok" | "bad" | "zero" | "none">([
          [6, "ok"],
          [1, "bad"],
          [1, "zero"],
          [1, "none"],
        ]);
        this.op = `inner ${m.op} kwa=${kwa} pad=${pad}`;
        const p = e!.encryptedMessage(parts.index as 2 | 3, e!.seal(m.bytes, kwa, pad));
        return { opCode, payload: rng.chance(0.1) ? mutateTlvs(rng, p).bytes : p };
      }
      case "nonce": {
        const { tlvs, rest } = splitTlvs(payload);
        const which = rng.pick([Attr.REGISTRAR_NONCE, Attr.ENROLLEE_NONCE]);
        const value = rng.chance(0.5) ? rng.bytes(16) : rng.bytes(rng.pick([0, 15, 17]));
        const out = tlvs.map((t) => t.type === which ? { type: t.type, value } : t);
        this.op = `nonce 0x${which.toString(16)}/${value.length}`;
        return { opCode, payload: signed(joinTlvs(out, rest), 0.9) };
      }
      case "random": {
        const type = rng.pick(Object.values(MsgType));
        const prefix: RawTlv[] = rng.chance(0.8)
          ? [{ type: Attr.VERSION, value: Uint8Array.of(0x10) }, {
            type: Attr.MSG_TYPE,
            value: Uint8Array.of(type),
          }]
          : [];
        if (rng.chance(0.2)) {
          // Oversized Encrypted Settings: up to the 50000-byte message bound and past it.
          const size = rng.pick([2000, 10000, 30000, 49000, 60000]);
          const value = e?.keys && rng.chance(0.5)
            ? e.seal(randomMessage(rng, [{ type: Attr.E_SNONCE1, value: rng.bytes(size) }]))
            : rng.bytes(size);
          prefix.push({ type: Attr.ENCR_SETTINGS, value });
        }
        this.op = `random type=${type}`;
        return { opCode, payload: signed(randomMessage(rng, prefix), 0.5) };
      }
      case "opcode": {
        const op = rng.pick(OPCODES) as WscOutgoing["opCode"];
        const nonces = e?.nonces() ??
          { enrolleeNonce: rng.bytes(16), registrarNonce: rng.bytes(16) };
        const body = rng.pick([
          new Uint8Array(0),
          payload,
          rng.pick(this.#env.corpusMessages),
          buildWscAck(nonces),
          buildWscNack({ ...nonces, configError: rng.int(20) }),
        ]);
        this.op = `opcode ${op}/${body.length}`;
        return { opCode: op, payload: body };
      }
      default: {
        const src = rng.chance(0.5) || e === null ? rng.pick(this.#env.corpusMessages) : e.last;
        const op = rng.pick([WscOpCode.MSG, WscOpCode.MSG, WscOpCode.DONE]);
        this.op = `replay-msg ${src.length}`;
        return { opCode: op, payload: rng.chance(0.3) ? mutateBytes(rng, src).bytes : src };
      }
      case "frag": {
        const c = craftFragments(rng, opCode, payload);
        this.#crafted = c.frames;
        this.op = c.op;
        this.#markNext = false;
        return null;
      }
    }
  }

  #noise(id: number): Uint8Array {
    const rng = this.#rng;
    switch (rng.int(6)) {
      case 0:
        return wscResponse(
          id,
          wscFrameBytes(rng.pick(OPCODES), rng.int(4), rng.bytes(rng.int(40))),
        );
      case 1:
        return buildEapol(2, rng.pick([EapolType.START, EapolType.LOGOFF]));
      case 2:
        return rng.bytes(rng.int(64));
      case 3: {
        const f = rng.pick(this.#env.corpusFrames).slice();
        if (f.length > 5) f[5] = id;
        return mutateFrame(rng, f).bytes;
      }
      default:
        return wscResponse(id, wscFrameBytes(WscOpCode.MSG, 0, randomMessage(rng)));
    }
  }

  /** No protocol at all: captured frames (mutated or not), junk, Start/Logoff. */
  #raw(): void {
    const rng = this.#rng;
    for (let n = rng.range(1, 20); n > 0; n--) {
      const f = rng.weighted<() => Uint8Array>([
        [4, () => mutateFrame(rng, rng.pick(this.#env.corpusFrames)).bytes],
        [2, () => rng.pick(this.#env.corpusFrames)],
        [2, () => rng.bytes(rng.int(80))],
        [1, () => Uint8Array.of(rng.int(4), rng.int(10), 0, 0)],
      ])();
      this.op = "raw";
      this.#env.deliver(this.mac, f, "raw");
    }
    this.done = true;
  }

  /** Lanes that only add frames the AP must drop: they must enroll like a clean station. */
  get #mustSucceed(): boolean {
    return this.opts.kind === "legit" || this.opts.kind === "chaff";
  }

  /**
   * Frames the AP must ignore without any effect on this station's conversation (a stale
   * identifier, a non-Response code, a non-EAP EAPOL type, lengths past the frame, a short
   * header), derived from the frame about to be sent.
   */
  #chaffBurst(frame: Uint8Array): void {
    const rng = this.#rng;
    for (let n = rng.range(1, this.opts.kind === "chaff" ? 8 : 4); n > 0; n--) {
      const f = frame.slice();
      let op: string;
      switch (rng.int(8)) {
        case 0:
          f[5] = (f[5]! + rng.range(1, 255)) & 0xff;
          op = "chaff-id";
          break;
        case 1:
          f[4] = rng.pick([1, 3, 4, 5, 0xff]);
          op = `chaff-code ${f[4]}`;
          break;
        case 2:
          f[1] = rng.pick([3, 4, 5, 6, 7, 8, 0x80, 0xff]);
          op = `chaff-eapol-type ${f[1]}`;
          break;
        case 3:
          f[0] = 0;
          op = "chaff-version-0";
          break;
        case 4: {
          const len = f.length - 4 + rng.range(1, 2000);
          f[2] = (len >> 8) & 0xff;
          f[3] = len & 0xff;
          op = "chaff-eapol-len";
          break;
        }
        case 5: {
          const len = rng.chance(0.5) ? rng.int(4) : f.length - 4 + rng.range(1, 60);
          f[6] = (len >> 8) & 0xff;
          f[7] = len & 0xff;
          op = `chaff-eap-len ${len}`;
          break;
        }
        case 6:
          this.#env.deliver(this.mac, f.subarray(0, rng.int(4)), "chaff-short");
          continue;
        default: {
          // Another station's address must not matter: a group source is dropped outright.
          const group = Uint8Array.of(0x01 | (rng.int(128) << 1), ...rng.bytes(5));
          this.#env.deliver(group, f, "chaff-group-src");
          continue;
        }
      }
      this.#env.deliver(this.mac, f, op);
    }
  }

  /** Text for failure reports. */
  describe(): string {
    const o = this.opts;
    return `${formatMac(this.mac)} ${o.role} ${o.kind} k=${o.k} ${this.op}`;
  }
}
