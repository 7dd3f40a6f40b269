import { equal } from "node:assert/strict";
import { ManualClock } from "../../core/clock.ts";
import { RELOAD_FALLBACK_MS, ReloadGate } from "../../daemon/reload_gate.ts";

function setup() {
  const clock = new ManualClock();
  let reloads = 0;
  const gate = new ReloadGate(clock, () => reloads++);
  return { clock, gate, reloads: () => reloads };
}

Deno.test("ReloadGate: the reload waits for the written file and the run's success", () => {
  const { clock, gate, reloads } = setup();
  gate.settingsArrived(true);
  gate.written();
  clock.advance(RELOAD_FALLBACK_MS - 1);
  equal(reloads(), 0, "no reload while the run still has its Done/ACK to go");
  gate.runSucceeded();
  equal(reloads(), 1);
  equal(gate.pending, false);
  clock.advance(RELOAD_FALLBACK_MS * 2);
  equal(reloads(), 1, "the fallback timer went with the reload");
});

Deno.test("ReloadGate: a success before the write completes reloads once the file is in place", () => {
  const { gate, reloads } = setup();
  gate.settingsArrived(true);
  gate.runSucceeded();
  equal(reloads(), 0, "the file is not written yet");
  gate.written();
  equal(reloads(), 1);
});

Deno.test("ReloadGate: a Registrar that never acknowledges still gets the reload, after the fallback", () => {
  const { clock, gate, reloads } = setup();
  gate.settingsArrived(true);
  gate.written();
  clock.advance(RELOAD_FALLBACK_MS);
  equal(reloads(), 1);
  gate.runSucceeded();
  equal(reloads(), 1, "a later success does not reload again");
});

Deno.test("ReloadGate: a failed write or a disposed BSS cancels the reload", () => {
  const { clock, gate, reloads } = setup();
  gate.settingsArrived(true);
  gate.cancel();
  gate.written();
  gate.runSucceeded();
  clock.advance(RELOAD_FALLBACK_MS * 2);
  equal(reloads(), 0);
  // Without new settings a success means nothing.
  gate.runSucceeded();
  equal(reloads(), 0);
});

Deno.test("ReloadGate: settings that arrive again restart the wait", () => {
  const { clock, gate, reloads } = setup();
  gate.settingsArrived(true);
  clock.advance(RELOAD_FALLBACK_MS - 10);
  gate.settingsArrived(true);
  gate.written();
  clock.advance(20);
  equal(reloads(), 0, "the first fallback timer was replaced");
  clock.advance(RELOAD_FALLBACK_MS);
  equal(reloads(), 1);
});

Deno.test("ReloadGate: settings from no pending run (WPS_CONFIG) reload as soon as written", () => {
  const { gate, reloads } = setup();
  gate.settingsArrived(false);
  equal(reloads(), 0);
  gate.written();
  equal(reloads(), 1);
});
