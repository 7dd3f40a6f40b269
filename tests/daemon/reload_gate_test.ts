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
  const t = gate.settingsArrived(true);
  gate.written(t);
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
  const t = gate.settingsArrived(true);
  gate.runSucceeded();
  equal(reloads(), 0, "the file is not written yet");
  gate.written(t);
  equal(reloads(), 1);
});

Deno.test("ReloadGate: a Registrar that never acknowledges still gets the reload, after the fallback", () => {
  const { clock, gate, reloads } = setup();
  const t = gate.settingsArrived(true);
  gate.written(t);
  clock.advance(RELOAD_FALLBACK_MS);
  equal(reloads(), 1);
  gate.runSucceeded();
  equal(reloads(), 1, "a later success does not reload again");
});

Deno.test("ReloadGate: a failed write or a disposed BSS cancels the reload", () => {
  const { clock, gate, reloads } = setup();
  const t = gate.settingsArrived(true);
  gate.cancel(t);
  gate.written(t);
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
  const t = gate.settingsArrived(true);
  gate.written(t);
  clock.advance(20);
  equal(reloads(), 0, "the first fallback timer was replaced");
  clock.advance(RELOAD_FALLBACK_MS);
  equal(reloads(), 1);
});

Deno.test("ReloadGate: settings from no pending run (WPS_CONFIG) reload as soon as written", () => {
  const { gate, reloads } = setup();
  const t = gate.settingsArrived(false);
  equal(reloads(), 0);
  gate.written(t);
  equal(reloads(), 1);
});

Deno.test("ReloadGate: the replaced settings' write neither opens nor cancels the new wait", () => {
  const { gate, reloads } = setup();
  const first = gate.settingsArrived(false);
  const second = gate.settingsArrived(false);
  gate.written(first);
  equal(reloads(), 0, "the second file is not written yet");
  gate.cancel(first);
  equal(gate.pending, true, "the first write's failure leaves the second pending");
  gate.written(second);
  equal(reloads(), 1);
});

Deno.test("ReloadGate: cancel without a ticket drops whatever is pending (BSS disposed)", () => {
  const { clock, gate, reloads } = setup();
  const t = gate.settingsArrived(true);
  gate.cancel();
  equal(gate.pending, false);
  gate.written(t);
  clock.advance(RELOAD_FALLBACK_MS * 2);
  equal(reloads(), 0);
});
