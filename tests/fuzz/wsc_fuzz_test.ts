import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { fromHex } from "../../core/bytes.ts";
import { parseWscFrame, WscReassembler } from "../../core/eap/wsc_frame.ts";
import { WscOpCode, type WscRun } from "../../core/eap/wsc_role.ts";
import { craftFragments, joinTlvs, mutateTlvs, splitTlvs } from "./_mutate.ts";
import { Prng } from "./_prng.ts";
import { FuzzFailure, runFuzz } from "./wsc_fuzz.ts";

const CI_COUNT = 20_000;

Deno.test(`runFuzz() feeds ${CI_COUNT} fuzzed inputs to the real stack and every oracle holds`, () => {
  const seed = Number(Deno.env.get("WSC_FUZZ_SEED") ?? (Date.now() & 0x7fffffff));
  console.log(`wsc_fuzz seed ${seed}`);
  let r;
  try {
    r = runFuzz({ count: CI_COUNT, seed });
  } catch (err) {
    if (err instanceof FuzzFailure) {
      console.error(`episode seed ${err.episodeSeed}\n${err.recent.join("\n")}`);
    }
    throw err;
  }
  console.log(
    `${r.inputs} inputs in ${(r.ms / 1000).toFixed(1)} s, ${r.victims} clean enrollments, ` +
      `${r.chaffEnrolled} through chaff, ${r.pskWrites} PSK writes`,
  );
  ok(r.inputs >= CI_COUNT);
  ok(r.victims > 10, `only ${r.victims} legitimate enrollments were checked`);
  ok(r.chaffEnrolled > 10, `only ${r.chaffEnrolled} chaff stations were checked`);
  ok(r.pskWrites > 0, "no run wrote a PSK, so the PSK oracle saw nothing");
  ok(r.maxTable <= 32);
  for (
    const kind of ["tlv", "inner", "nonce", "random", "opcode", "replay", "frag", "frame"]
  ) {
    ok((r.byKind[kind] ?? 0) > 0, `generator ${kind} produced nothing`);
  }
});

Deno.test("runFuzz() reports a run that throws, with the input that made it throw", () => {
  const faultyRun = (run: WscRun): WscRun => ({
    start: () => run.start(),
    handle: (op, payload) => {
      if (op === WscOpCode.MSG && payload.length === 0) throw new TypeError("planted fault");
      return run.handle(op, payload);
    },
    end: (reason) => run.end(reason),
  });
  const err = catchFailure(() => runFuzz({ count: 20_000, seed: 7, faultyRun }));
  ok(/planted fault/.test(err.message), err.message);
  equal(err.seed, 7);
});

Deno.test("runFuzz() reports a legitimate station that no longer enrolls", () => {
  // A Registrar that gives up after M5 fails every enrollment, fuzzed or not.
  const faultyRun = (run: WscRun, role: string): WscRun => {
    let n = 0;
    return {
      start: () => run.start(),
      handle: (op, payload) =>
        role === "registrar" && ++n >= 3 ? { action: "finish" } : run.handle(op, payload),
      end: (reason) => run.end(reason),
    };
  };
  const err = catchFailure(() => runFuzz({ count: 5_000, seed: 8, faultyRun }));
  ok(/did not enroll/.test(err.message), err.message);
  ok(err.recent.length > 0, "the last inputs are reported");
});

function catchFailure(fn: () => unknown): FuzzFailure {
  try {
    fn();
  } catch (err) {
    if (err instanceof FuzzFailure) return err;
    throw err;
  }
  throw new Error("Expected a FuzzFailure");
}

Deno.test("Prng gives the same sequence for the same seed and another for another seed", () => {
  const a = new Prng(42);
  const b = new Prng(42);
  const c = new Prng(43);
  const sa = Array.from({ length: 8 }, () => a.u32());
  deepStrictEqual(sa, Array.from({ length: 8 }, () => b.u32()));
  ok(sa.some((v, i) => v !== Array.from({ length: 8 }, () => c.u32())[i]));
  for (let i = 0; i < 1000; i++) {
    const v = a.int(7);
    ok(v >= 0 && v < 7 && Number.isInteger(v));
  }
});

Deno.test("splitTlvs() and joinTlvs() round-trip and keep trailing bytes", () => {
  const bytes = fromHex("104a000110102200010401");
  const { tlvs, rest } = splitTlvs(bytes);
  deepStrictEqual(tlvs.map((t) => t.type), [0x104a, 0x1022]);
  deepStrictEqual(rest, fromHex("01"));
  deepStrictEqual(joinTlvs(tlvs, rest), bytes);
  deepStrictEqual(
    joinTlvs(tlvs, rest, { index: 1, length: 0xffff }),
    fromHex("104a0001101022ffff0401"),
  );
});

Deno.test("mutateTlvs() changes the message and never throws", () => {
  const rng = new Prng(1);
  const m1 = fromHex("104a000110102200010410470010abcdef0123456789abcdef0123456789");
  let changed = 0;
  for (let i = 0; i < 2000; i++) {
    const m = mutateTlvs(rng, m1);
    if (m.bytes.length !== m1.length || m.bytes.some((b, j) => b !== m1[j])) changed++;
  }
  ok(changed > 1800, `only ${changed} of 2000 mutations changed the message`);
});

Deno.test("craftFragments() produces sequences the reassembler refuses or completes", () => {
  const rng = new Prng(3);
  const payload = rng.bytes(500);
  const outcomes = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const c = craftFragments(rng, WscOpCode.MSG, payload);
    const r = new WscReassembler();
    for (const f of c.frames) {
      const res = r.push(parseWscFrame(f));
      outcomes.add(res.kind);
      if (res.kind === "fail") break;
    }
  }
  for (const k of ["message", "more", "fail"]) ok(outcomes.has(k), `no "${k}" outcome`);
  throws(() => parseWscFrame(new Uint8Array(1)));
});
