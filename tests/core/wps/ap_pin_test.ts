import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { ManualClock } from "../../../core/clock.ts";
import { ApPinState, type ApSetupLocked } from "../../../core/wps/ap_pin.ts";

function setup(pin: string | null = "12345670", setupLocked: ApSetupLocked = 0) {
  const clock = new ManualClock();
  const events: string[] = [];
  let ieUpdates = 0;
  let n = 0;
  const state = new ApPinState(
    clock,
    { emit: (t) => events.push(t), lockChanged: () => ieUpdates++ },
    { pin, setupLocked },
    () => `1111111${n++}`,
  );
  return { clock, events, state, ie: () => ieUpdates };
}

Deno.test("ApPinState locks after the third failure for 60 s and then unlocks", () => {
  const { clock, events, state } = setup();
  state.recordFailure();
  state.recordFailure();
  deepStrictEqual(events, []);
  equal(state.setupLocked, 0);
  state.recordFailure();
  deepStrictEqual(events, ["WPS-AP-SETUP-LOCKED "]);
  equal(state.setupLocked, 1);
  ok(state.advertisedLocked);
  clock.advance(59_999);
  equal(state.setupLocked, 1);
  clock.advance(1);
  deepStrictEqual(events, ["WPS-AP-SETUP-LOCKED ", "WPS-AP-SETUP-UNLOCKED "]);
  equal(state.setupLocked, 0);
});

Deno.test("ApPinState follows the 60/60/60/120/120/120/240 s schedule and locks for good at 10", () => {
  const { clock, events, state } = setup();
  const expected = [60, 60, 60, 120, 120, 120, 240];
  state.recordFailure();
  state.recordFailure();
  for (const [i, sec] of expected.entries()) {
    events.length = 0;
    state.recordFailure();
    equal(state.failures, i + 3);
    equal(state.lockoutSec, sec, `failure ${i + 3}`);
    deepStrictEqual(events, ["WPS-AP-SETUP-LOCKED "]);
    clock.advance(sec * 1000 - 1);
    equal(state.setupLocked, 1, `still locked before ${sec} s`);
    clock.advance(1);
    equal(state.setupLocked, 0, `unlocked after ${sec} s`);
  }
  events.length = 0;
  state.recordFailure();
  equal(state.consecutiveFailures, 10);
  deepStrictEqual(events, ["WPS-AP-SETUP-LOCKED "]);
  clock.advance(10 * 365 * 86400_000);
  equal(state.setupLocked, 1);
  equal(clock.pending, 0, "no unlock timer is left");
});

Deno.test("ApPinState set() clears counters and the lock, success resets only C", () => {
  const { clock, events, state } = setup();
  for (let i = 0; i < 10; i++) state.recordFailure();
  equal(state.setupLocked, 1);
  events.length = 0;
  ok(state.set("87654321", 0));
  deepStrictEqual(events, ["WPS-AP-SETUP-UNLOCKED "]);
  equal(state.failures, 0);
  equal(state.consecutiveFailures, 0);
  equal(state.setupLocked, 0);
  equal(state.lockoutSec, 240, "T persists");
  state.recordFailure();
  state.recordFailure();
  state.recordSuccess();
  equal(state.consecutiveFailures, 0);
  equal(state.failures, 2);
  state.recordFailure();
  equal(state.setupLocked, 1, "F reached 3 even though C was reset");
  equal(state.lockoutSec, 480, "T persists and doubles again at F=3");
  clock.advance(480_000);
  equal(state.setupLocked, 0);
});

Deno.test("ApPinState random() enables a PIN that expires after 300 s by default", () => {
  const { clock, events, state } = setup(null);
  const pin = state.random();
  equal(pin, "11111110");
  equal(state.pin, pin);
  clock.advance(299_999);
  equal(state.pin, pin);
  clock.advance(1);
  equal(state.pin, null);
  deepStrictEqual(events, ["WPS-AP-PIN-DISABLED "]);
});

Deno.test("ApPinState set() rejects a PIN longer than 8 characters and keeps the old one", () => {
  const { state } = setup();
  equal(state.set("123456789"), false);
  equal(state.pin, "12345670");
});

Deno.test("ApPinState disable() forgets the PIN silently and stops counting failures", () => {
  const { clock, events, state } = setup();
  state.random(10);
  state.disable();
  clock.advance(20_000);
  deepStrictEqual(events, []);
  equal(state.pin, null);
  for (let i = 0; i < 5; i++) state.recordFailure();
  equal(state.failures, 0);
  equal(state.setupLocked, 0);
});

Deno.test("ApPinState with ap_setup_locked=1 stays locked without a timer until a PIN is set", () => {
  const { clock, events, state } = setup("12345670", 1);
  equal(state.setupLocked, 1);
  for (let i = 0; i < 3; i++) state.recordFailure();
  equal(clock.pending, 0);
  clock.advance(3600_000);
  equal(state.setupLocked, 1);
  state.set("12345670", 0);
  equal(state.setupLocked, 0);
  deepStrictEqual(events, ["WPS-AP-SETUP-LOCKED ", "WPS-AP-SETUP-UNLOCKED "]);
});

Deno.test("ApPinState with ap_setup_locked=2 is not advertised as locked", () => {
  const { state } = setup("12345670", 2);
  equal(state.setupLocked, 2);
  equal(state.advertisedLocked, false);
});

Deno.test("ApPinState treats an empty configured ap_pin as unset", () => {
  const { state } = setup("");
  equal(state.pin, null);
});
