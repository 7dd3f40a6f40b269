import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { formatStaBlock } from "../../../core/ctrl/sta.ts";
import { MgmtSubtype } from "../../../core/ieee80211/frame.ts";
import { parseReason } from "../../../core/ieee80211/mgmt_body.ts";
import {
  AUTH_ONLY_LIMIT_S,
  DEAUTH_DELAY_S,
  decideInactivity,
  type InactivityFacts,
  POLL_WAIT_S,
} from "../../../core/ap/inactivity.ts";
import { formatMac } from "../../../core/bytes.ts";
import type { ApCore } from "../../../core/ap/ap_core.ts";
import { assocFrame, authFrame, leaveFrame, RecordingHost, setup, STA1, STA2 } from "./_station.ts";

const POLICY = { maxSeconds: 300, skipPoll: false };
const facts = (over: Partial<InactivityFacts>): InactivityFacts => ({
  associated: true,
  next: "NULLFUNC POLL",
  pendingPoll: false,
  inactiveSeconds: 0,
  fuzzSeconds: 0,
  ...over,
});

Deno.test("decideInactivity waits out the rest of the limit for an active station", () => {
  deepStrictEqual(decideInactivity(facts({ inactiveSeconds: 20 }), POLICY), {
    kind: "wait",
    seconds: 280,
  });
  deepStrictEqual(decideInactivity(facts({ inactiveSeconds: 299 }), POLICY), {
    kind: "wait",
    seconds: 1,
  });
  // hostapd adds 0-19 s, so idle stations are not all looked at together.
  deepStrictEqual(decideInactivity(facts({ inactiveSeconds: 20, fuzzSeconds: 19 }), POLICY), {
    kind: "wait",
    seconds: 299,
  });
  // A station that answered the poll (the kernel heard its ACK) is back to the full limit.
  deepStrictEqual(
    decideInactivity(facts({ next: "DISASSOC", pendingPoll: true, inactiveSeconds: 0 }), POLICY),
    { kind: "wait", seconds: 300 },
  );
});

Deno.test("decideInactivity polls a quiet station, then disassociates it if it stays quiet", () => {
  deepStrictEqual(decideInactivity(facts({ inactiveSeconds: 300 }), POLICY), {
    kind: "poll",
    seconds: POLL_WAIT_S,
  });
  deepStrictEqual(
    decideInactivity(facts({ next: "DISASSOC", pendingPoll: true, inactiveSeconds: 303 }), POLICY),
    { kind: "disassociate", seconds: DEAUTH_DELAY_S },
  );
  // Acknowledged although the inactive time did not move: kept.
  deepStrictEqual(
    decideInactivity(facts({ next: "DISASSOC", pendingPoll: false, inactiveSeconds: 303 }), POLICY),
    { kind: "wait", seconds: 300 },
  );
  // The kernel has no entry: nothing to poll that could answer.
  deepStrictEqual(
    decideInactivity(
      facts({ next: "DISASSOC", pendingPoll: true, inactiveSeconds: undefined }),
      POLICY,
    ),
    { kind: "disassociate", seconds: DEAUTH_DELAY_S },
  );
});

Deno.test("decideInactivity with skip_inactivity_poll=1 disassociates without a poll", () => {
  const skip = { maxSeconds: 60, skipPoll: true };
  deepStrictEqual(decideInactivity(facts({ inactiveSeconds: 61 }), skip), {
    kind: "disassociate",
    seconds: DEAUTH_DELAY_S,
  });
  deepStrictEqual(decideInactivity(facts({ inactiveSeconds: 10 }), skip), {
    kind: "wait",
    seconds: 50,
  });
});

Deno.test("decideInactivity deauthenticates an unassociated station and ends a disassociation", () => {
  deepStrictEqual(decideInactivity(facts({ associated: false }), POLICY), {
    kind: "deauthenticate",
  });
  deepStrictEqual(decideInactivity(facts({ next: "DEAUTH", inactiveSeconds: 0 }), POLICY), {
    kind: "deauthenticate",
  });
});

/**
 * A host whose kernel last heard from every station at `lastActiveMs` (clock time) and that
 * records polls; with `autoAck` each poll is acknowledged at once (the inactive time is left as
 * it was, so only the acknowledgement can keep the station).
 */
class IdleHost extends RecordingHost {
  lastActiveMs = 0;
  autoAck = false;
  now: () => number = () => 0;
  ap?: ApCore;
  readonly polls: string[] = [];
  inactiveSeconds(_mac: Uint8Array): number | undefined {
    return Math.floor((this.now() - this.lastActiveMs) / 1000);
  }
  pollStation(mac: Uint8Array): void {
    this.polls.push(formatMac(mac));
    if (this.autoAck) this.ap!.pollResult(mac, true);
  }
}

function openAp(skipPoll = false) {
  const host = new IdleHost();
  const env = setup(
    { wpa: 0, rsnElement: undefined, wpsState: 0, maxInactivity: 60, skipInactivityPoll: skipPoll },
    {},
    { timeOutStations: true },
    host,
  );
  host.now = () => env.clock.now();
  host.ap = env.ap;
  return { ...env, host };
}

function reasons(host: RecordingHost, subtype: number): number[] {
  return host.frames().filter((f) => f.subtype === subtype).map((f) => parseReason(f.body));
}

Deno.test("ApCore keeps an idle station that answers the polls", () => {
  const { ap, host, clock } = openAp();
  host.autoAck = true;
  ap.handleFrame(authFrame(STA1));
  ap.handleFrame(assocFrame(STA1, {}));
  host.take();
  // Active until 50 s: the check at 60 s finds it active and waits 10 s plus 0-19 s.
  clock.advance(50_000);
  host.lastActiveMs = clock.now();
  clock.advance(10_000);
  equal(host.polls.length, 0, "active 10 s ago: no poll");
  clock.advance(600_000);
  ok(host.polls.length >= 5, `polled ${host.polls.length} times in 10 min`);
  ok(ap.stations.get(STA1)!.flags.has("ASSOC"));
  deepStrictEqual(reasons(host, MgmtSubtype.DISASSOC), []);
  deepStrictEqual(host.events, ["AP-STA-CONNECTED 02:00:00:00:02:00"]);
});

Deno.test("ApCore disassociates, then forgets, a station that is gone", () => {
  const { ap, host, clock } = openAp();
  ap.handleFrame(authFrame(STA1));
  ap.handleFrame(assocFrame(STA1, {}));
  ap.handleFrame(authFrame(STA2));
  ap.handleFrame(assocFrame(STA2, {}));
  host.take();
  clock.advance(60_000);
  deepStrictEqual(host.polls, ["02:00:00:00:02:00", "02:00:00:00:03:00"]);
  const block = formatStaBlock(ap.stationInfos().find((i) => i.addr[4] === 2)!);
  ok(block.includes("[PENDING_POLL") && block.includes("timeout_next=DISASSOC\n"), block);
  ap.pollResult(STA2, true);
  clock.advance(POLL_WAIT_S * 1000);
  deepStrictEqual(reasons(host, MgmtSubtype.DISASSOC), [4], "one station, reason 4 (inactivity)");
  deepStrictEqual(host.events.slice(-1), ["AP-STA-DISCONNECTED 02:00:00:00:02:00"]);
  // hostapd leaves PENDING_POLL set on a station it let go for inactivity.
  deepStrictEqual([...ap.stations.get(STA1)!.flags], ["AUTH", "SHORT_PREAMBLE", "PENDING_POLL"]);
  ok(
    formatStaBlock(ap.stationInfos().find((i) => i.addr[4] === 2)!).includes(
      "timeout_next=DEAUTH\n",
    ),
  );
  ok(ap.stations.get(STA2)!.flags.has("ASSOC"), "the station that answered stays");
  ok(host.take().some((c) => c.op === "removeStation"));
  clock.advance(DEAUTH_DELAY_S * 1000);
  deepStrictEqual(reasons(host, MgmtSubtype.DEAUTH), [2]);
  equal(ap.stations.get(STA1), undefined);
  equal(ap.stations.size, 1);
});

Deno.test("ApCore with skip_inactivity_poll=1 disassociates a quiet station at the limit", () => {
  const { ap, host, clock } = openAp(true);
  ap.handleFrame(authFrame(STA1));
  ap.handleFrame(assocFrame(STA1, {}));
  host.take();
  clock.advance(60_000);
  equal(host.polls.length, 0);
  deepStrictEqual(reasons(host, MgmtSubtype.DISASSOC), [4]);
});

Deno.test("ApCore forgets authenticated stations that never associate", () => {
  const { ap, host, clock } = openAp();
  for (let i = 0; i < 50; i++) ap.handleFrame(authFrame(Uint8Array.of(2, 0, 0, 0, 9, i)));
  ap.handleFrame(authFrame(STA1));
  ap.handleFrame(assocFrame(STA1, {}));
  equal(ap.stations.size, 51);
  host.take();
  clock.advance(AUTH_ONLY_LIMIT_S * 1000);
  equal(ap.stations.size, 1, "only the associated station is left");
  equal(reasons(host, MgmtSubtype.DEAUTH).length, 50);
  // A station that disassociates itself is kept as long, then deauthenticated too.
  ap.handleFrame(leaveFrame(STA1, true));
  clock.advance(AUTH_ONLY_LIMIT_S * 1000 - 1);
  ok(ap.stations.get(STA1));
  clock.advance(1);
  equal(ap.stations.size, 0);
});

Deno.test("ApCore leaves associated stations alone when the host cannot tell inactivity", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0, maxInactivity: 60 }, {}, {
    timeOutStations: true,
  });
  env.ap.handleFrame(authFrame(STA1));
  env.ap.handleFrame(assocFrame(STA1, {}));
  env.host.take();
  env.clock.advance(3600_000);
  ok(env.ap.stations.get(STA1)!.flags.has("ASSOC"));
  deepStrictEqual(env.host.frames(), []);
});
