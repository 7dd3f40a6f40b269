import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { ManualClock } from "../../../core/clock.ts";
import { PbcState } from "../../../core/wps/pbc.ts";

const MAC_A = Uint8Array.of(2, 0, 0, 0, 0, 0xa);
const MAC_B = Uint8Array.of(2, 0, 0, 0, 0, 0xb);
const UUID_A = new Uint8Array(16).fill(0xaa);
const UUID_B = new Uint8Array(16).fill(0xbb);

function setup() {
  const clock = new ManualClock();
  const log: string[] = [];
  const pbc = new PbcState(clock, {
    emit: (t) => log.push(t),
    started: () => log.push("started"),
    stopped: () => log.push("stopped"),
  });
  return { clock, log, pbc };
}

Deno.test("PbcState start() activates PBC and the walk timer ends it after 120 s", () => {
  const { clock, log, pbc } = setup();
  ok(pbc.start());
  equal(pbc.status, "Active");
  deepStrictEqual(log, ["started", "WPS-PBC-ACTIVE "]);
  clock.advance(119_999);
  ok(pbc.active);
  clock.advance(1);
  equal(pbc.active, false);
  equal(pbc.status, "Timed-out");
  deepStrictEqual(log.slice(2), ["WPS-TIMEOUT ", "stopped"]);
});

Deno.test("PbcState start() again restarts the walk timer", () => {
  const { clock, pbc } = setup();
  pbc.start();
  clock.advance(100_000);
  pbc.start();
  clock.advance(100_000);
  ok(pbc.active);
  equal(clock.pending, 1);
});

Deno.test("PbcState cancel() reports WPS-TIMEOUT and is false when PBC is off", () => {
  const { clock, log, pbc } = setup();
  equal(pbc.cancel(), false);
  pbc.start();
  ok(pbc.cancel());
  equal(pbc.status, "Timed-out");
  equal(clock.pending, 0);
  deepStrictEqual(log, ["started", "WPS-PBC-ACTIVE ", "WPS-TIMEOUT ", "stopped"]);
});

Deno.test("PbcState detects two Enrollees probing and refuses WPS_PBC with a sticky overlap", () => {
  const { clock, log, pbc } = setup();
  pbc.recordProbe(MAC_A, UUID_A);
  equal(pbc.forceOverlap, false);
  pbc.recordProbe(MAC_A, UUID_A);
  equal(pbc.forceOverlap, false, "the same Enrollee twice is no overlap");
  pbc.recordProbe(MAC_B, UUID_B);
  ok(pbc.forceOverlap);
  equal(pbc.status, "Overlap");
  deepStrictEqual(log, ["WPS-OVERLAP-DETECTED "]);
  equal(pbc.start(), false);
  deepStrictEqual(log, ["WPS-OVERLAP-DETECTED ", "WPS-OVERLAP-DETECTED "]);
  clock.advance(120_001);
  ok(pbc.start(), "sessions older than 120 s no longer overlap");
  equal(pbc.forceOverlap, false, "a successful WPS_PBC clears the sticky flag");
});

Deno.test("PbcState checkM1() refuses a second Enrollee and keeps refusing while sticky", () => {
  const { clock, log, pbc } = setup();
  pbc.start();
  equal(pbc.checkM1(MAC_A, UUID_A), false);
  ok(pbc.checkM1(MAC_B, UUID_B));
  ok(pbc.forceOverlap);
  clock.advance(60_000);
  ok(pbc.checkM1(MAC_A, UUID_A), "force-overlap stays until the next WPS_PBC");
  equal(log.filter((t) => t === "WPS-OVERLAP-DETECTED ").length, 2);
});

Deno.test("PbcState completed() disables PBC and ignores the same UUID's probes for 5 s", () => {
  const { clock, log, pbc } = setup();
  pbc.start();
  pbc.checkM1(MAC_A, UUID_A);
  pbc.completed(UUID_A);
  equal(pbc.status, "Disabled");
  deepStrictEqual(log.slice(-2), ["stopped", "WPS-PBC-DISABLE "]);
  equal(clock.pending, 0);
  pbc.recordProbe(MAC_A, UUID_A);
  clock.advance(4_999);
  pbc.recordProbe(MAC_A, UUID_A);
  pbc.recordProbe(MAC_B, UUID_B);
  equal(pbc.forceOverlap, false, "A's probes inside the window were not recorded");
  clock.advance(1);
  pbc.recordProbe(MAC_A, UUID_A);
  ok(pbc.forceOverlap, "after 5 s A counts again");
});

Deno.test("PbcState overlap() counts the requesting UUID itself", () => {
  const { pbc } = setup();
  pbc.recordProbe(MAC_A, UUID_A);
  equal(pbc.overlap(null), false);
  equal(pbc.overlap(UUID_A), false);
  ok(pbc.overlap(UUID_B));
});

Deno.test("PbcState recordProbe() in the 5 s ignore window skips the session but still tests overlap", () => {
  // hostapd's wps_registrar_probe_req_rx: skip_add only; the overlap test and event still run.
  const { clock, log, pbc } = setup();
  ok(pbc.start());
  equal(pbc.checkM1(MAC_A, UUID_A), false);
  clock.advance(1000);
  pbc.completed(UUID_A);
  ok(pbc.start());
  pbc.recordProbe(MAC_B, UUID_B);
  clock.advance(1000);
  log.length = 0;
  pbc.recordProbe(MAC_A, UUID_A);
  equal(pbc.forceOverlap, true);
  deepStrictEqual(log, ["WPS-OVERLAP-DETECTED "]);
  equal(pbc.status, "Overlap");
  // A was not recorded: alone again after B's session ages out, A's probe is no overlap.
  const alone = setup();
  ok(alone.pbc.start());
  alone.pbc.checkM1(MAC_A, UUID_A);
  alone.pbc.completed(UUID_A);
  alone.clock.advance(1000);
  alone.pbc.recordProbe(MAC_A, UUID_A);
  equal(alone.pbc.overlap(UUID_B), false);
});

Deno.test("PbcState reset() ends PBC mode without an event and forgets sessions and overlap", () => {
  const { clock, log, pbc } = setup();
  ok(pbc.start());
  pbc.recordProbe(MAC_A, UUID_A);
  pbc.recordProbe(MAC_B, UUID_B);
  equal(pbc.forceOverlap, true);
  log.length = 0;
  pbc.reset();
  equal(pbc.active, false);
  equal(pbc.forceOverlap, false);
  equal(pbc.overlap(null), false);
  clock.advance(200_000);
  deepStrictEqual(log, []);
});
