/**
 * The daemon's WPS wiring, in process with a fake driver and control sockets: AP PIN failures
 * counted on every BSS that shares WPS, and the Registrar state a reload keeps.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fromHex } from "../../core/bytes.ts";
import { drive, TestRegistrar } from "../core/wps/_peers.ts";
import { daemonWith } from "./_fake_daemon.ts";

Deno.test("Daemon counts a wrong AP PIN on every BSS sharing WPS, so three guesses lock them all", async () => {
  const { d, events, cleanup } = await daemonWith(["fake0", "fake1"]);
  try {
    const [a, b] = d.bsses.map((x) => x.wps!);
    const er = fromHex("020000000666");
    // hostapd_pwd_auth_fail reaches every BSS of the process: A, B, A lock both.
    for (const ctx of [a!, b!, a!]) {
      drive(ctx.createRun("enrollee", er)!, new TestRegistrar({ pin: "00000000" }));
    }
    equal(a!.apPin.failures, 3);
    equal(b!.apPin.failures, 3);
    equal(a!.apPin.setupLocked, 1);
    equal(b!.apPin.setupLocked, 1);
    deepStrictEqual(events.filter((e) => e.includes("AP-SETUP-LOCKED")), [
      "fake0: WPS-AP-SETUP-LOCKED ",
      "fake1: WPS-AP-SETUP-LOCKED ",
    ]);
    // The fourth Registrar, on B, is refused at M2 without a guess.
    const trace = drive(b!.createRun("enrollee", er)!, new TestRegistrar({ pin: "00000000" }));
    deepStrictEqual(trace.slice(0, 3), [">M1", "<M2", ">NACK(15)"]);
    // A Registrar that proves the PIN resets the consecutive count on both.
    a!.apPinCommand(["set", "12345670", "0"]);
    b!.apPinCommand(["set", "12345670", "0"]);
    drive(a!.createRun("enrollee", er)!, new TestRegistrar({ pin: "00000000" }));
    equal(b!.apPin.consecutiveFailures, 1);
    drive(a!.createRun("enrollee", er)!, new TestRegistrar({ pin: "12345670" }));
    equal(b!.apPin.consecutiveFailures, 0);
  } finally {
    await cleanup();
  }
});

Deno.test("Daemon RELOAD keeps the PINs, an active PBC and a runtime AP PIN; SIGHUP takes the file's AP PIN", async () => {
  const { d, cli, cleanup } = await daemonWith(["fake0"]);
  try {
    equal(cli("fake0", "WPS_PIN any 12345670"), "OK\n");
    equal(cli("fake0", "WPS_AP_PIN set 87654325 0"), "87654325");
    equal(cli("fake0", "WPS_PBC"), "OK\n");
    ok(await d.reload());
    const wps = d.bsses[0]!.wps!;
    equal(wps.pins.size, 1);
    equal(wps.pbc.active, true);
    equal(wps.selectedRegistrar().selected, true);
    equal(cli("fake0", "WPS_AP_PIN get"), "87654325");
    equal(cli("fake0", "WPS_GET_STATUS"), "PBC Status: Active\nLast WPS result: None\n");
    ok(await d.reload({ dropSettings: true }));
    const after = d.bsses[0]!.wps!;
    equal(after.pins.size, 1);
    equal(after.pbc.active, true);
    equal(cli("fake0", "WPS_AP_PIN get"), "12345670");
  } finally {
    await cleanup();
  }
});

Deno.test("Daemon WPS_AP_PIN on a disabled interface changes its peers' PIN, not its own, but disable clears both", async () => {
  // As hostapd: a disabled interface has no Registrar, so `set` and `random` reach the other
  // interfaces only; `set` still answers with the PIN given and `random` with the kept one.
  const { cli, cleanup } = await daemonWith(["fake0", "fake1"]);
  try {
    equal(cli("fake0", "DISABLE"), "OK\n");
    await new Promise((r) => setTimeout(r, 0));
    equal(cli("fake0", "WPS_AP_PIN set 87654325 0"), "87654325");
    equal(cli("fake0", "WPS_AP_PIN get"), "12345670");
    equal(cli("fake1", "WPS_AP_PIN get"), "87654325");
    equal(cli("fake0", "WPS_AP_PIN set 123456789"), "FAIL\n");
    equal(cli("fake0", "WPS_AP_PIN random 0"), "12345670");
    const drawn = cli("fake1", "WPS_AP_PIN get");
    ok(/^\d{8}$/.test(drawn) && drawn !== "87654325", drawn);
    equal(cli("fake0", "WPS_AP_PIN disable"), "OK\n");
    equal(cli("fake0", "WPS_AP_PIN get"), "FAIL\n");
    equal(cli("fake1", "WPS_AP_PIN get"), "FAIL\n");
    // From the enabled interface, the disabled one is left out of a new PIN.
    equal(cli("fake1", "WPS_AP_PIN set 11112222 0"), "11112222");
    equal(cli("fake0", "WPS_AP_PIN get"), "FAIL\n");
  } finally {
    await cleanup();
  }
});
