import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { formatMac, fromHex, toHex, utf8 } from "../../../core/bytes.ts";
import { buildEap, EapCode, EapType, parseEap } from "../../../core/eap/packet.ts";
import { parseWscFrame } from "../../../core/eap/wsc_frame.ts";
import {
  WSC_ID_REGISTRAR,
  WscOpCode,
  type WscRun,
  type WscRunFactory,
} from "../../../core/eap/wsc_role.ts";
import { buildEapol, EapolType, parseEapol } from "../../../core/eapol/frame.ts";
import { MAX_EAP_ROUNDS, MAX_SHORT_EAP_ROUNDS } from "../../../core/eap/wsc_session.ts";
import { msgTypeName } from "../../../core/wps/constants.ts";
import { context, TestEnrollee } from "../wps/_peers.ts";
import { converse, harness, MF_LF, out, ScriptedRun, TestSupplicant, wsc } from "./_supplicant.ts";

const STA = fromHex("020000000200");
const STA_TEXT = "02:00:00:00:02:00";

function eapOf(frame: Uint8Array) {
  return parseEap(parseEapol(frame).body);
}

/** A factory that hands out one scripted run and records the calls. */
function scripted(run: ScriptedRun | null) {
  const calls: { role: string; mac: string }[] = [];
  const factory: WscRunFactory = (role, mac) => {
    calls.push({ role, mac: formatMac(mac) });
    return run;
  };
  return { calls, factory };
}

Deno.test("EapWscServer runs a whole PIN registration with the real Registrar run", () => {
  const { ctx, rec } = context();
  ok(ctx.addPin("any", "12345670"));
  const h = harness(ctx.createRun);
  const enrollee = new TestEnrollee({ pin: "12345670", mac: STA });
  const sta = new TestSupplicant(STA, enrollee);
  converse(h, sta);
  equal(sta.result, "failure");
  equal(enrollee.credentials[0]?.key, "initialpassphrase");
  deepStrictEqual(h.events, [
    `CTRL-EVENT-EAP-STARTED ${STA_TEXT}`,
    "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
    "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
    `CTRL-EVENT-EAP-FAILURE ${STA_TEXT}`,
  ]);
  ok(rec.events.includes("WPS-SUCCESS "));
  // Identity + Start + M2 + M4 + M6 + M8: identifiers step by one from a random start.
  equal(sta.requestIds.length, 6);
  sta.requestIds.forEach((id, i) => equal(id, (sta.requestIds[0]! + i) & 0xff));
  const failure = eapOf(h.sent.at(-1)!.eapol);
  equal(failure.code, EapCode.FAILURE);
  equal(failure.identifier, sta.requestIds.at(-1));
  equal(h.server.size, 0);
  equal(h.clock.pending, 0, "no timer is left behind");
});

Deno.test("EapWscServer calls the run's prepare() after each message is on the wire", () => {
  const { ctx } = context();
  ok(ctx.addPin("any", "12345670"));
  // What the station had been sent when each prepare() began: its last frame's WSC message.
  const seen: string[] = [];
  const h = harness((role, mac) => {
    const run = ctx.createRun(role, mac)!;
    const prepare = run.prepare!.bind(run);
    run.prepare = () => {
      const last = parseWscFrame(eapOf(h.sent.at(-1)!.eapol).data);
      seen.push(`${h.sent.length}:${msgTypeName(last.data[9]!)}`);
      prepare();
    };
    return run;
  });
  const enrollee = new TestEnrollee({ pin: "12345670", mac: STA });
  converse(h, new TestSupplicant(STA, enrollee));
  equal(enrollee.credentials[0]?.key, "initialpassphrase");
  // Identity (1) and WSC_Start (2) come first; M2 is the 3rd frame, M8 the 6th.
  deepStrictEqual(seen, ["3:M2", "4:M4", "5:M6", "6:M8"]);
});

Deno.test("EapWscServer sends the EAP-Failure before the run's closing work, the event after", () => {
  // What had gone out when the closing work ran: the last frame and the last event.
  let seen: { frame?: number; event?: string } = {};
  const h = harness(() => run);
  const run = new ScriptedRun(out(WscOpCode.START), [{
    action: "finish",
    after: () => seen = { frame: eapOf(h.sent.at(-1)!.eapol).code, event: h.events.at(-1) },
  }]);
  converse(h, new TestSupplicant(STA, { receive: () => out(WscOpCode.MSG, utf8("M1")) }));
  deepStrictEqual(seen, {
    frame: EapCode.FAILURE,
    event: "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
  });
  equal(h.events.at(-1), `CTRL-EVENT-EAP-FAILURE ${STA_TEXT}`);
  deepStrictEqual(run.ends, ["finished"]);

  // Closing work that throws still ends the conversation the same way.
  const bad = new ScriptedRun(out(WscOpCode.START), [{
    action: "finish",
    after: () => {
      throw new Error("boom");
    },
  }]);
  const h2 = harness(() => bad);
  const sta = new TestSupplicant(STA, { receive: () => out(WscOpCode.MSG, utf8("M1")) });
  converse(h2, sta);
  equal(sta.result, "failure");
  equal(h2.events.at(-1), `CTRL-EVENT-EAP-FAILURE ${STA_TEXT}`);
  deepStrictEqual(bad.ends, ["finished"]);
  equal(h2.server.size, 0);
});

Deno.test("EapWscServer with the real Registrar: WPS-SUCCESS follows the EAP-Failure frame", () => {
  const { ctx, rec } = context();
  ok(ctx.addPin("any", "12345670"));
  const h = harness(ctx.createRun);
  const sentAt = new Map<string, number>();
  const hostEmit = ctx.host.emit;
  ctx.host.emit = (e) => {
    sentAt.set(e.split(" ")[0]!, h.sent.length);
    hostEmit(e);
  };
  const enrollee = new TestEnrollee({ pin: "12345670", mac: STA });
  converse(h, new TestSupplicant(STA, enrollee));
  ok(rec.events.includes("WPS-SUCCESS "));
  equal(eapOf(h.sent.at(-1)!.eapol).code, EapCode.FAILURE);
  equal(sentAt.get("WPS-REG-SUCCESS"), h.sent.length, "reported after the last frame");
  equal(sentAt.get("WPS-SUCCESS"), h.sent.length);
  equal(h.events.at(-1), `CTRL-EVENT-EAP-FAILURE ${STA_TEXT}`);
});

Deno.test("EapWscServer fragments and reassembles with fragment_size=100 on both sides", () => {
  const { ctx, rec } = context();
  ok(ctx.addPin("any", "12345670"));
  const h = harness(ctx.createRun, { fragmentSize: 100 });
  const enrollee = new TestEnrollee({ pin: "12345670", mac: STA });
  const sta = new TestSupplicant(STA, enrollee, { fragmentSize: 100 });
  const frames = converse(h, sta);
  equal(sta.result, "failure");
  equal(enrollee.credentials.length, 1);
  ok(rec.events.includes("WPS-SUCCESS "));
  const wscFlags = h.sent.map((s) => eapOf(s.eapol)).filter((p) => p.type === 254)
    .map((p) => parseWscFrame(p.data));
  ok(wscFlags.some((f) => f.flags === MF_LF), "an outgoing message was fragmented");
  ok(wscFlags.some((f) => f.opCode === WscOpCode.FRAG_ACK), "an incoming one was acknowledged");
  ok(frames > 15, `only ${frames} frames`);
  for (const s of h.sent) ok(s.eapol.length <= 4 + 12 + 100);
});

Deno.test("EapWscServer starts the AP-as-Enrollee run with M1 for the Registrar identity", () => {
  const run = new ScriptedRun(out(WscOpCode.MSG, utf8("M1")), [{ action: "finish" }]);
  const { calls, factory } = scripted(run);
  const h = harness(factory);
  const sta = new TestSupplicant(STA, { receive: () => out(WscOpCode.MSG, utf8("M2")) }, {
    identity: WSC_ID_REGISTRAR,
  });
  converse(h, sta);
  deepStrictEqual(calls, [{ role: "enrollee", mac: STA_TEXT }]);
  deepStrictEqual(sta.received.map((m) => new TextDecoder().decode(m.payload)), ["M1"]);
  deepStrictEqual(run.handled.map((m) => new TextDecoder().decode(m.payload)), ["M2"]);
  deepStrictEqual(run.ends, ["finished"]);
});

Deno.test("EapWscServer fails a non-WSC identity without creating a run", async (t) => {
  for (
    const id of ["anonymous", "WFA-SimpleConfig-Enrollee-1-0\0", "WFA-SimpleConfig-Enrollee-1-"]
  ) {
    await t.step(JSON.stringify(id), () => {
      const { calls, factory } = scripted(null);
      const h = harness(factory);
      const sta = new TestSupplicant(STA, null, { identity: id });
      converse(h, sta);
      equal(calls.length, 0);
      equal(sta.result, "failure");
      equal(h.events.at(-1), `CTRL-EVENT-EAP-FAILURE ${STA_TEXT}`);
    });
  }
});

Deno.test("EapWscServer fails the conversation when the factory refuses (WPS off)", () => {
  const { calls, factory } = scripted(null);
  const h = harness(factory);
  const sta = new TestSupplicant(STA, null);
  converse(h, sta);
  deepStrictEqual(calls, [{ role: "registrar", mac: STA_TEXT }]);
  equal(sta.result, "failure");
});

Deno.test("EapWscServer retransmits twice after 5 s, then reports a timeout as hostapd", () => {
  const run = new ScriptedRun(out(WscOpCode.START), []);
  const h = harness(scripted(run).factory);
  const sta = new TestSupplicant(STA, null); // never answers WSC_Start
  converse(h, sta);
  const start = h.sent.at(-1)!.eapol;
  equal(parseWscFrame(eapOf(start).data).opCode, WscOpCode.START);
  h.clock.advance(4999);
  equal(h.take(STA).length, 0);
  h.clock.advance(1);
  deepStrictEqual(h.take(STA).map(toHex), [toHex(start)]);
  h.clock.advance(5000);
  deepStrictEqual(h.take(STA).map(toHex), [toHex(start)]);
  h.clock.advance(5000);
  equal(h.take(STA).length, 0, "no EAP-Failure on timeout");
  deepStrictEqual(h.events.slice(3), [
    `CTRL-EVENT-EAP-RETRANSMIT ${STA_TEXT}`,
    `CTRL-EVENT-EAP-RETRANSMIT ${STA_TEXT}`,
    `CTRL-EVENT-EAP-RETRANSMIT ${STA_TEXT}`,
    `CTRL-EVENT-EAP-TIMEOUT-FAILURE ${STA_TEXT}`,
  ]);
  deepStrictEqual(run.ends, ["timeout"]);
  equal(h.server.size, 0);
  equal(h.clock.pending, 0);
});

Deno.test("EapWscServer backs off the Identity request as hostapd: 3 s doubling to 20 s, 5 resends", () => {
  const run = new ScriptedRun(out(WscOpCode.START), []);
  const h = harness(scripted(run).factory);
  h.server.receive(STA, buildEapol(2, EapolType.START));
  const sent: number[] = [];
  for (let t = 0; t <= 100_000; t += 100) {
    if (h.take(STA).length > 0) sent.push(t);
    h.clock.advance(100);
  }
  // Debian's hostapd to a station that stays silent: 0, 3, 9, 21, 41 and 61 s.
  deepStrictEqual(sent, [0, 3000, 9000, 21000, 41000, 61000]);
  deepStrictEqual(h.events.filter((e) => e.includes("RETRANSMIT")).length, 6);
  equal(h.events.at(-1), `CTRL-EVENT-EAP-TIMEOUT-FAILURE ${STA_TEXT}`);
  equal(h.server.size, 0);
});

Deno.test("EapWscServer ignores a duplicate response and one with a stale identifier", () => {
  const run = new ScriptedRun(out(WscOpCode.START), [
    { action: "send", message: out(WscOpCode.MSG, utf8("M2")) },
    { action: "finish" },
  ]);
  const h = harness(scripted(run).factory);
  h.server.receive(STA, buildEapol(2, EapolType.START));
  const idReq = eapOf(h.take(STA)[0]!);
  const idResp = buildEapol(
    2,
    EapolType.EAP_PACKET,
    buildEap(
      EapCode.RESPONSE,
      idReq.identifier,
      EapType.IDENTITY,
      utf8("WFA-SimpleConfig-Enrollee-1-0"),
    ),
  );
  h.server.receive(STA, idResp);
  const startReq = eapOf(h.take(STA)[0]!);
  h.server.receive(STA, idResp); // duplicate of the previous response
  equal(h.take(STA).length, 0);
  h.server.receive(STA, wsc((startReq.identifier + 5) & 0xff, Uint8Array.of(4, 0, 1)));
  equal(h.take(STA).length, 0);
  const m1 = wsc(startReq.identifier, Uint8Array.of(4, 0, 0x4d, 0x31));
  h.server.receive(STA, m1);
  equal(h.take(STA).length, 1, "M2 sent");
  h.server.receive(STA, m1); // duplicate M1 after M2 went out
  equal(h.take(STA).length, 0);
  equal(run.handled.length, 1);
});

Deno.test("EapWscServer ignores EAPOL-Start in the quiet window after a failure", () => {
  const h = harness(scripted(null).factory);
  const sta = new TestSupplicant(STA, null);
  converse(h, sta);
  equal(sta.result, "failure");
  h.clock.advance(4999);
  h.server.receive(STA, sta.start());
  equal(h.take(STA).length, 0);
  h.clock.advance(1);
  h.server.receive(STA, sta.start());
  equal(eapOf(h.take(STA)[0]!).type, EapType.IDENTITY);
});

Deno.test("EapWscServer answers a station that left and came back inside the quiet window", () => {
  const h = harness(scripted(null).factory);
  const sta = new TestSupplicant(STA, null);
  converse(h, sta);
  equal(sta.result, "failure");
  h.clock.advance(1000);
  h.server.disconnect(STA); // deauthenticated; it associates again as a new station
  h.server.receive(STA, sta.start());
  equal(eapOf(h.take(STA)[0]!).type, EapType.IDENTITY);
});

Deno.test("EapWscServer's quiet window is configurable and can be off", () => {
  const h = harness(scripted(null).factory, { quietMs: 0 });
  const sta = new TestSupplicant(STA, null);
  converse(h, sta);
  h.server.receive(STA, sta.start());
  equal(h.take(STA).length, 1);
});

Deno.test("EapWscServer fails when the peer answers a fragment with something else", () => {
  const run = new ScriptedRun(out(WscOpCode.START), [
    { action: "send", message: out(WscOpCode.MSG, new Uint8Array(300)) },
  ]);
  const h = harness(scripted(run).factory, { fragmentSize: 100 });
  const sta = new TestSupplicant(STA, { receive: () => out(WscOpCode.MSG, utf8("M1")) });
  h.server.receive(STA, sta.start());
  for (let i = 0; i < 2; i++) {
    for (const r of sta.onFrame(h.take(STA)[0]!)) h.server.receive(STA, r);
  }
  const frag = eapOf(h.take(STA)[0]!);
  equal(parseWscFrame(frag.data).flags, MF_LF);
  h.server.receive(STA, wsc(frag.identifier, Uint8Array.of(WscOpCode.MSG, 0, 1)));
  equal(eapOf(h.take(STA)[0]!).code, EapCode.FAILURE);
  deepStrictEqual(run.ends, ["method-failure"]);
});

Deno.test("EapWscServer fails on an Op-Code the peer may not send", async (t) => {
  for (const op of [WscOpCode.START, WscOpCode.FRAG_ACK, 0, 7, 255]) {
    await t.step(`Op-Code ${op}`, () => {
      const run = new ScriptedRun(out(WscOpCode.START), []);
      const h = harness(scripted(run).factory);
      const sta = new TestSupplicant(STA, { receive: () => out(op) });
      converse(h, sta);
      equal(sta.result, "failure");
      equal(run.handled.length, 0);
      deepStrictEqual(run.ends, ["method-failure"]);
    });
  }
});

Deno.test("EapWscServer fails on a Nak to the WSC request", () => {
  const run = new ScriptedRun(out(WscOpCode.START), []);
  const h = harness(scripted(run).factory);
  const sta = new TestSupplicant(STA, null);
  converse(h, sta);
  const req = eapOf(h.sent.at(-1)!.eapol);
  h.server.receive(
    STA,
    buildEapol(
      2,
      EapolType.EAP_PACKET,
      buildEap(EapCode.RESPONSE, req.identifier, EapType.NAK, Uint8Array.of(0)),
    ),
  );
  equal(eapOf(h.take(STA)[0]!).code, EapCode.FAILURE);
  deepStrictEqual(run.ends, ["method-failure"]);
});

/**
 * Runs a conversation to WSC_Start, then answers with `first` and, after each request, with
 * `next`, until the server fails it: returns how many `next` frames were sent.
 */
function floodRounds(first: Uint8Array, next: Uint8Array): { answered: number; run: ScriptedRun } {
  const run = new ScriptedRun(out(WscOpCode.START), []);
  const h = harness(scripted(run).factory);
  converse(h, new TestSupplicant(STA, null));
  h.take(STA);
  h.server.receive(STA, wsc(eapOf(h.sent.at(-1)!.eapol).identifier, first));
  let answered = 0;
  for (let i = 0; i < 10_000; i++) {
    const req = eapOf(h.take(STA).at(-1)!);
    if (req.code === EapCode.FAILURE) break;
    answered++;
    h.server.receive(STA, wsc(req.identifier, next));
  }
  return { answered, run };
}

Deno.test("EapWscServer fails a peer that keeps the conversation going past hostapd's round limits", async (t) => {
  // A peer that announces a long M1 and then sends fragments for ever would hold the session,
  // and a PIN it leased, without end.
  await t.step(`more than ${MAX_SHORT_EAP_ROUNDS} short responses in a row`, () => {
    // First fragment: MF|LF, Message Length 100, one octet; then empty MF fragments.
    const { answered, run } = floodRounds(
      Uint8Array.of(WscOpCode.MSG, MF_LF, 0, 100, 0x10),
      Uint8Array.of(WscOpCode.MSG, 0x01),
    );
    // The Identity response is long; the first fragment and the empty ones are short, and the
    // one past the limit fails the conversation.
    equal(answered, MAX_SHORT_EAP_ROUNDS);
    deepStrictEqual(run.ends, ["method-failure"]);
  });
  await t.step(`more than ${MAX_EAP_ROUNDS} responses`, () => {
    // Fragments of 20 octets of data: never short, far from the 16384 announced.
    const { answered, run } = floodRounds(
      Uint8Array.of(WscOpCode.MSG, MF_LF, 0x40, 0, ...new Uint8Array(20)),
      Uint8Array.of(WscOpCode.MSG, 0x01, ...new Uint8Array(20)),
    );
    // Identity, the first fragment, then these up to the one past the limit.
    equal(answered, MAX_EAP_ROUNDS - 1);
    deepStrictEqual(run.ends, ["method-failure"]);
  });
});

Deno.test("EapWscServer hands an incoming fragmented M1 to the run whole", () => {
  const run = new ScriptedRun(out(WscOpCode.START), [{ action: "finish" }]);
  const h = harness(scripted(run).factory);
  const m1 = crypto.getRandomValues(new Uint8Array(386));
  const sta = new TestSupplicant(STA, { receive: () => out(WscOpCode.MSG, m1) }, {
    fragmentSize: 100,
  });
  converse(h, sta);
  equal(run.handled.length, 1);
  equal(toHex(run.handled[0]!.payload), toHex(m1));
  // Identity, WSC_Start, then a WSC_FRAG_ACK request per non-final fragment: 386 bytes at
  // 100 are 96 + 98 + 98 + 94.
  equal(sta.requestIds.length, 1 + 1 + 3);
  deepStrictEqual(run.ends, ["finished"]);
});

Deno.test("EapWscServer fails the run on an invalid Message Length, as hostapd does", () => {
  const run = new ScriptedRun(out(WscOpCode.START), [{ action: "finish" }]);
  const h = harness(scripted(run).factory);
  const sta = new TestSupplicant(STA, null);
  converse(h, sta);
  const req = eapOf(h.sent.at(-1)!.eapol);
  h.server.receive(STA, wsc(req.identifier, fromHex("04030001aabbcc")));
  equal(eapOf(h.take(STA)[0]!).code, EapCode.FAILURE);
  deepStrictEqual(run.ends, ["method-failure"]);
});

Deno.test("EapWscServer discards a non-WSC response once WSC is under way; a first Nak fails", () => {
  const run = new ScriptedRun(out(WscOpCode.START), [
    { action: "send", message: out(WscOpCode.MSG, utf8("M2")) },
  ]);
  const h = harness(scripted(run).factory);
  converse(h, new TestSupplicant(STA, null));
  const start = eapOf(h.sent.at(-1)!.eapol);
  h.server.receive(STA, wsc(start.identifier, fromHex("0400aa")));
  const req = eapOf(h.take(STA)[0]!);
  const response = (type: number, data: Uint8Array) =>
    buildEapol(2, EapolType.EAP_PACKET, buildEap(EapCode.RESPONSE, req.identifier, type, data));
  // An Identity and a Nak in reply to M2 are dropped; M2 is still the request in force.
  h.server.receive(STA, response(EapType.IDENTITY, utf8("x")));
  h.server.receive(STA, response(EapType.NAK, Uint8Array.of(0)));
  equal(h.take(STA).length, 0);
  deepStrictEqual(run.ends, []);
  // A Nak of WSC_Start itself is a refusal of the method.
  const run2 = new ScriptedRun(out(WscOpCode.START), []);
  const h2 = harness(scripted(run2).factory);
  const sta2 = new TestSupplicant(STA, null);
  converse(h2, sta2);
  const start2 = eapOf(h2.sent.at(-1)!.eapol);
  h2.server.receive(
    STA,
    buildEapol(
      2,
      EapolType.EAP_PACKET,
      buildEap(EapCode.RESPONSE, start2.identifier, EapType.NAK, Uint8Array.of(0)),
    ),
  );
  equal(eapOf(h2.take(STA)[0]!).code, EapCode.FAILURE);
  deepStrictEqual(run2.ends, ["method-failure"]);
});

Deno.test("EapWscServer ends the run once when it throws", () => {
  const run = new ScriptedRun(out(WscOpCode.START), ["throw"]);
  const h = harness(scripted(run).factory);
  const sta = new TestSupplicant(STA, { receive: () => out(WscOpCode.MSG, utf8("M1")) });
  converse(h, sta);
  equal(sta.result, "failure");
  deepStrictEqual(run.ends, ["method-failure"]);
});

Deno.test("EapWscServer answers EAPOL-Logoff with EAP-Failure and ends the run", () => {
  const run = new ScriptedRun(out(WscOpCode.START), []);
  const h = harness(scripted(run).factory);
  converse(h, new TestSupplicant(STA, null));
  h.server.receive(STA, buildEapol(2, EapolType.LOGOFF));
  equal(eapOf(h.take(STA)[0]!).code, EapCode.FAILURE);
  deepStrictEqual(run.ends, ["disconnect"]);
  h.server.receive(STA, buildEapol(2, EapolType.START));
  equal(h.take(STA).length, 1, "no quiet window after a logoff");
});

Deno.test("EapWscServer with restartOnLogoff (a wired port) asks for the Identity again", () => {
  const run = new ScriptedRun(out(WscOpCode.START), []);
  const h = harness(scripted(run).factory, { restartOnLogoff: true });
  converse(h, new TestSupplicant(STA, null));
  h.events.length = 0;
  h.server.receive(STA, buildEapol(2, EapolType.LOGOFF));
  const next = h.take(STA);
  equal(next.length, 1);
  const req = eapOf(next[0]!);
  equal(req.code, EapCode.REQUEST);
  equal(req.type, EapType.IDENTITY);
  deepStrictEqual(run.ends, ["disconnect"]);
  deepStrictEqual(h.events, [
    `CTRL-EVENT-EAP-STARTED ${formatMac(STA)}`,
    "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
  ]);
});

Deno.test("EapWscServer restarts a conversation on a new EAPOL-Start", () => {
  const runs: ScriptedRun[] = [];
  const h = harness(() => {
    runs.push(new ScriptedRun(out(WscOpCode.START), []));
    return runs.at(-1)!;
  });
  converse(h, new TestSupplicant(STA, null));
  converse(h, new TestSupplicant(STA, null));
  equal(runs.length, 2);
  deepStrictEqual(runs[0]!.ends, ["disconnect"]);
  deepStrictEqual(runs[1]!.ends, []);
  equal(h.server.size, 1);
  h.server.stop();
  deepStrictEqual(runs[1]!.ends, ["disconnect"]);
  equal(h.clock.pending, 0);
});

Deno.test("EapWscServer evicts the least recently active station when full", () => {
  const runs = new Map<string, ScriptedRun>();
  const h = harness((_role, mac) => {
    const r = new ScriptedRun(out(WscOpCode.START), []);
    runs.set(formatMac(mac), r);
    return r;
  }, { maxStations: 3 });
  const macs = [1, 2, 3, 4].map((i) => Uint8Array.of(2, 0, 0, 0, 9, i));
  for (const m of macs) converse(h, new TestSupplicant(m, null));
  equal(h.server.size, 3);
  deepStrictEqual(runs.get("02:00:00:00:09:01")!.ends, ["disconnect"]);
  deepStrictEqual(h.server.stations().map((s) => s.mac), macs.slice(1).map(formatMac));
});

Deno.test("EapWscServer ignores group source addresses, other EAPOL types and junk", () => {
  const { calls, factory } = scripted(null);
  const h = harness(factory);
  h.server.receive(fromHex("0180c2000003"), buildEapol(2, EapolType.START));
  h.server.receive(STA, buildEapol(2, EapolType.KEY, new Uint8Array(95)));
  h.server.receive(STA, fromHex("0200"));
  h.server.receive(STA, buildEapol(2, EapolType.EAP_PACKET, fromHex("0201000501")));
  equal(h.sent.length, 0);
  equal(calls.length, 0);
});

Deno.test("EapWscServer uses the configured EAPOL version", () => {
  const h = harness(scripted(null).factory, { eapolVersion: 1 });
  h.server.receive(STA, buildEapol(2, EapolType.START));
  equal(h.take(STA)[0]![0], 1);
});

/** Runs that count their ends, for the fuzz test. */
function countingFactory(): { factory: WscRunFactory; runs: { ends: number }[] } {
  const runs: { ends: number }[] = [];
  const factory: WscRunFactory = () => {
    const rec = { ends: 0 };
    runs.push(rec);
    const run: WscRun = {
      start: () => out(WscOpCode.START),
      handle: (_op, payload) =>
        payload.length % 3 === 0
          ? { action: "finish" }
          : { action: "send", message: out(WscOpCode.MSG, new Uint8Array(payload.length * 3)) },
      end: () => rec.ends++,
    };
    return run;
  };
  return { factory, runs };
}

Deno.test("EapWscServer survives 50,000 random and mutated frames; a real run is unaffected", () => {
  const { ctx, rec } = context();
  ok(ctx.addPin("any", "12345670"));
  const counting = countingFactory();
  const h = harness(
    (role, mac) => mac[5] === 0x00 ? ctx.createRun(role, mac) : counting.factory(role, mac),
    { fragmentSize: 60, quietMs: 0, maxStations: 16, maxMessage: 3000 },
  );
  const good = new TestEnrollee({ pin: "12345670", mac: STA });
  const sta = new TestSupplicant(STA, good, { fragmentSize: 60 });
  h.server.receive(STA, sta.start());
  // Attackers follow the protocol far enough to own a run, then send mutated or random frames.
  let seq = 0;
  const noise = { receive: () => out(WscOpCode.MSG, new Uint8Array(1 + (seq++ % 700))) };
  const attackers = Array.from(
    { length: 12 },
    (_, i) => new TestSupplicant(Uint8Array.of(2, 0, 0, 0, 7, i + 1), noise, { fragmentSize: 40 }),
  );
  let frames = 0;
  let rounds = 0;
  while (frames < 50_000) {
    rounds++;
    for (const f of h.take(STA)) for (const r of sta.onFrame(f)) h.server.receive(STA, r);
    for (const a of attackers) {
      let replies: Uint8Array[] = [];
      for (const f of h.take(a.mac)) {
        try {
          replies = a.onFrame(f);
        } catch {
          replies = []; // the test supplicant itself may choke on what the server answered
        }
      }
      if (replies.length === 0) replies = [a.start()];
      for (const r of replies) {
        const f = r.slice();
        const roll = (frames + rounds) % 5;
        if (roll === 1 && f.length > 6) {
          const at = 6 + (frames * 7919) % (f.length - 6); // keep the identifier
          f[at] = f[at]! ^ (1 << frames % 8);
        } else if (roll === 2) {
          h.server.receive(a.mac, f.subarray(0, frames % f.length));
          frames++;
          continue;
        } else if (roll === 3) {
          h.server.receive(a.mac, crypto.getRandomValues(new Uint8Array(frames % 70)));
          frames++;
        }
        h.server.receive(a.mac, f);
        frames++;
      }
    }
    if (rounds % 400 === 0) h.clock.advance(6000);
  }
  // The real conversation went on meanwhile; let it finish.
  for (let i = 0; i < 200 && sta.result === null; i++) {
    for (const f of h.take(STA)) for (const r of sta.onFrame(f)) h.server.receive(STA, r);
  }
  equal(sta.result, "failure");
  equal(good.credentials[0]?.key, "initialpassphrase");
  ok(rec.events.includes("WPS-SUCCESS "));
  h.server.stop();
  ok(counting.runs.length > 100, `only ${counting.runs.length} attacker runs`);
  for (const r of counting.runs) equal(r.ends, 1);
  equal(h.clock.pending, 0);
});
