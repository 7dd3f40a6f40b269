import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fromHex, toHex, utf8 } from "../../../core/bytes.ts";
import { parseAttributes, readUint } from "../../../core/wps/attributes.ts";
import { Attr, AuthType, ConfigMethod, EncrType } from "../../../core/wps/constants.ts";
import { WscOpCode, type WscOutgoing } from "../../../core/eap/wsc_role.ts";
import { buildM2D, parseM1, parseWscNack } from "../../../core/wps/messages.ts";
import { AP_MAC, apSettingsTlvs, context, drive, nameOf, TestRegistrar } from "./_peers.ts";

const ER_MAC = fromHex("020000000300");
const FULL = [">M1", "<M2", ">M3", "<M4", ">M5", "<M6", ">M7", "<M8", ">Done", "<ACK"];

function settingsOf(tlvs: Uint8Array) {
  const m = parseAttributes(tlvs).map;
  const v = (t: number) => m.get(t)![0]!.value;
  return {
    ssid: new TextDecoder().decode(v(Attr.SSID)),
    mac: toHex(v(Attr.MAC_ADDR)),
    auth: readUint(v(Attr.AUTH_TYPE)),
    encr: readUint(v(Attr.ENCR_TYPE)),
    key: new TextDecoder().decode(v(Attr.NETWORK_KEY)),
  };
}

Deno.test("EnrolleeRun gives its settings to a Registrar with the AP PIN and applies new ones", () => {
  const { ctx, rec } = context({ apPin: "12345670" });
  const next = apSettingsTlvs(
    "NewNet",
    AuthType.WPA2PSK,
    EncrType.AES,
    utf8("newpassphrase"),
    AP_MAC,
  );
  const er = new TestRegistrar({ pin: "12345670", newSettings: next });
  deepStrictEqual(drive(ctx.createRun("enrollee", ER_MAC)!, er), [...FULL, "EAP-Failure"]);
  deepStrictEqual(er.enrolleeProved, [true, true]);
  deepStrictEqual(settingsOf(er.apSettings!), {
    ssid: "TestWPS",
    mac: toHex(AP_MAC),
    auth: AuthType.WPA2PSK,
    encr: EncrType.AES,
    key: "initialpassphrase",
  });
  deepStrictEqual(rec.events, ["WPS-NEW-AP-SETTINGS ", "WPS-SUCCESS "]);
  equal(rec.applied.length, 1);
  // The host hears of the success (its held-back reload may go) after the settings.
  deepStrictEqual(rec.awaitRun, [true]);
  deepStrictEqual(rec.successesAfter, [1]);
  equal(new TextDecoder().decode(rec.applied[0]!.ssid), "NewNet");
  equal(new TextDecoder().decode(rec.applied[0]!.networkKey), "newpassphrase");
  equal(ctx.getStatus().lastResult, "Success");
  equal(ctx.getStatus().peerAddress, "02:00:00:00:03:00");
});

Deno.test("EnrolleeRun M1 carries the AP's identity and drops push-button methods", () => {
  const { ctx } = context({ apPin: "12345670" });
  const out = ctx.createRun("enrollee", ER_MAC)!.start();
  const m1 = parseM1(out.payload);
  deepStrictEqual(m1.uuidE, ctx.settings.uuid);
  deepStrictEqual(m1.macAddress, AP_MAC);
  equal(m1.devPasswordId, 0);
  equal(m1.wpsState, 2);
  equal(m1.configMethods & ConfigMethod.PUSHBUTTON, 0);
  equal(m1.osVersion, 0x81020300);
  equal(m1.deviceName, "TestAP");
});

Deno.test("EnrolleeRun refuses at M2 with NACK 15 when no AP PIN is set", () => {
  const { ctx, rec } = context();
  const er = new TestRegistrar({ pin: "12345670" });
  const trace = drive(ctx.createRun("enrollee", ER_MAC)!, er);
  deepStrictEqual(trace, [">M1", "<M2", ">NACK(15)", "<NACK(0)", "EAP-Failure"]);
  deepStrictEqual(rec.events, []);
});

Deno.test("EnrolleeRun refuses at M2 with NACK 15 when ap_setup_locked=1", () => {
  const { ctx } = context({ apPin: "12345670", apSetupLocked: 1 });
  const trace = drive(ctx.createRun("enrollee", ER_MAC)!, new TestRegistrar({ pin: "12345670" }));
  deepStrictEqual(trace.slice(2, 3), [">NACK(15)"]);
});

Deno.test("EnrolleeRun with ap_setup_locked=2 shows its settings but refuses M8", () => {
  const { ctx, rec } = context({ apPin: "12345670", apSetupLocked: 2 });
  const er = new TestRegistrar({ pin: "12345670" });
  const trace = drive(ctx.createRun("enrollee", ER_MAC)!, er);
  deepStrictEqual(trace, [...FULL.slice(0, 8), ">NACK(15)", "<NACK(0)", "EAP-Failure"]);
  equal(settingsOf(er.apSettings!).key, "initialpassphrase");
  deepStrictEqual(rec.events, ["WPS-FAIL msg=12 config_error=15"]);
  equal(rec.applied.length, 0);
});

Deno.test("EnrolleeRun counts wrong AP PINs and locks AP setup at the third", () => {
  const { ctx, rec, clock } = context({ apPin: "12345670" });
  for (let i = 0; i < 3; i++) {
    const trace = drive(ctx.createRun("enrollee", ER_MAC)!, new TestRegistrar({ pin: "11115670" }));
    deepStrictEqual(trace, [">M1", "<M2", ">M3", "<M4", ">NACK(18)", "<NACK(0)", "EAP-Failure"]);
  }
  deepStrictEqual(rec.events, [
    "WPS-FAIL msg=8 config_error=18",
    "WPS-FAIL msg=8 config_error=18",
    "WPS-AP-SETUP-LOCKED ",
    "WPS-FAIL msg=8 config_error=18",
  ]);
  equal(ctx.selectedRegistrar().apSetupLocked, true);
  const locked = drive(ctx.createRun("enrollee", ER_MAC)!, new TestRegistrar({ pin: "12345670" }));
  deepStrictEqual(locked.slice(2, 3), [">NACK(15)"], "even the right PIN is refused while locked");
  clock.advance(60_000);
  equal(rec.events.at(-1), "WPS-AP-SETUP-UNLOCKED ");
  const ok2 = drive(ctx.createRun("enrollee", ER_MAC)!, new TestRegistrar({ pin: "12345670" }));
  deepStrictEqual(ok2.at(-2), "<ACK");
  equal(ctx.apPin.consecutiveFailures, 0);
  equal(ctx.apPin.failures, 3);
});

Deno.test("EnrolleeRun counts a wrong second AP PIN half at M6 (msg=10)", () => {
  const { ctx, rec } = context({ apPin: "12345670" });
  const trace = drive(ctx.createRun("enrollee", ER_MAC)!, new TestRegistrar({ pin: "12340000" }));
  deepStrictEqual(trace.slice(-3), [">NACK(18)", "<NACK(0)", "EAP-Failure"]);
  deepStrictEqual(rec.events, ["WPS-FAIL msg=10 config_error=18"]);
  equal(ctx.apPin.failures, 1);
});

Deno.test("EnrolleeRun rejects WEP AP Settings with reason 2", () => {
  const { ctx, rec } = context({ apPin: "12345670" });
  const next = apSettingsTlvs("X", AuthType.OPEN, EncrType.WEP, utf8("12345"), AP_MAC);
  drive(
    ctx.createRun("enrollee", ER_MAC)!,
    new TestRegistrar({ pin: "12345670", newSettings: next }),
  );
  deepStrictEqual(rec.events, ["WPS-FAIL msg=12 config_error=0 reason=2 (WEP Prohibited)"]);
  equal(ctx.formatStatus().includes("Failure Reason: WEP Prohibited\n"), true);
  equal(rec.applied.length, 0);
});

Deno.test("EnrolleeRun rejects a passphrase with a control character (CVE-2016-4476)", () => {
  const { ctx, rec } = context({ apPin: "12345670" });
  const key = utf8("evil\npassphrase");
  const next = apSettingsTlvs("X", AuthType.WPA2PSK, EncrType.AES, key, AP_MAC);
  drive(
    ctx.createRun("enrollee", ER_MAC)!,
    new TestRegistrar({ pin: "12345670", newSettings: next }),
  );
  deepStrictEqual(rec.events, ["WPS-FAIL msg=12 config_error=0"]);
  equal(rec.applied.length, 0);
});

Deno.test("EnrolleeRun upgrades WPAPSK/TKIP settings and reports them in hex", () => {
  const { ctx, rec } = context({ apPin: "12345670", wpsCredProcessing: 2 });
  const next = apSettingsTlvs("Old", AuthType.WPAPSK, EncrType.TKIP, utf8("passphrase1"), AP_MAC);
  drive(
    ctx.createRun("enrollee", ER_MAC)!,
    new TestRegistrar({ pin: "12345670", newSettings: next }),
  );
  equal(rec.applied[0]!.authType, AuthType.WPAPSK | AuthType.WPA2PSK);
  equal(rec.applied[0]!.encrType, EncrType.TKIP | EncrType.AES);
  ok(rec.events[0]!.startsWith(`WPS-NEW-AP-SETTINGS ${toHex(next)}101e0008`), rec.events[0]);
});

Deno.test("EnrolleeRun with wps_cred_processing=1 only reports the new settings", () => {
  const { ctx, rec } = context({ apPin: "12345670", wpsCredProcessing: 1 });
  drive(ctx.createRun("enrollee", ER_MAC)!, new TestRegistrar({ pin: "12345670" }));
  ok(rec.events[0]!.startsWith("WPS-NEW-AP-SETTINGS 1045"));
  equal(rec.applied.length, 0);
  equal(rec.events.at(-1), "WPS-SUCCESS ");
});

Deno.test("EnrolleeRun gives a Registrar its own PSK in per-device-PSK mode", () => {
  const { ctx, rec } = context({ apPin: "12345670", networkKey: null });
  const er = new TestRegistrar({ pin: "12345670" });
  drive(ctx.createRun("enrollee", ER_MAC)!, er);
  const key = settingsOf(er.apSettings!).key;
  ok(/^[0-9a-f]{64}$/.test(key));
  equal(toHex(rec.storedPsks[0]!.psk), key);
  deepStrictEqual(rec.storedPsks[0]!.mac, ER_MAC);
});

Deno.test("EnrolleeRun M1 advertises hostapd's fixed Authentication/Encryption Type Flags", () => {
  for (
    const over of [{}, { authTypes: AuthType.OPEN, encrTypes: EncrType.NONE, networkKey: null }]
  ) {
    const { ctx } = context({ apPin: "12345670", ...over });
    const run = ctx.createRun("enrollee", ER_MAC)!;
    const m1 = parseM1(run.start().payload);
    equal(m1.authTypeFlags, 0x0023);
    equal(m1.encrTypeFlags, 0x000d);
    run.end("finished");
  }
});

Deno.test("EnrolleeRun answers an M2D with WSC_NACK, as hostapd does as an AP", () => {
  const { ctx, rec } = context({ apPin: "12345670" });
  const run = ctx.createRun("enrollee", ER_MAC)!;
  const m1 = parseM1(run.start().payload);
  const m2d = buildM2D({
    enrolleeNonce: m1.enrolleeNonce,
    registrarNonce: fromHex("44".repeat(16)),
    uuidR: fromHex("33".repeat(16)),
    authTypeFlags: 0x0023,
    encrTypeFlags: 0x000d,
    connTypeFlags: 1,
    configMethods: ConfigMethod.KEYPAD,
    manufacturer: "m",
    modelName: "m",
    modelNumber: "m",
    serialNumber: "s",
    primaryDeviceType: fromHex("00010050f2040001"),
    deviceName: "ER",
    rfBands: 1,
    assocState: 0,
    configError: 0,
    osVersion: 0x80000000,
  });
  const step = run.handle(WscOpCode.MSG, m2d);
  ok(step.action === "send");
  equal(step.message.opCode, WscOpCode.NACK);
  const nack = parseWscNack(step.message.payload);
  equal(nack.configError, 0);
  deepStrictEqual(nack.enrolleeNonce, m1.enrolleeNonce);
  deepStrictEqual(rec.events, ["WPS-M2D "]);
  equal(run.handle(WscOpCode.NACK, step.message.payload).action, "finish");
  run.end("finished");
});

Deno.test("EnrolleeRun stores the external Registrar's device info once it proved the AP PIN", () => {
  const { ctx } = context({ apPin: "12345670" });
  // A Registrar that only learns the settings and goes away after M7 is still known.
  const er = new TestRegistrar({ pin: "12345670" });
  const learnOnly = { receive: (m: WscOutgoing) => (nameOf(m) === "M7" ? null : er.receive(m)) };
  drive(ctx.createRun("enrollee", ER_MAC)!, learnOnly);
  deepStrictEqual(ctx.device("02:00:00:00:03:00"), {
    uuid: "11112222-3333-4444-5555-666677778888",
    primaryDeviceType: "1-0050F204-1",
    deviceName: "TestSTA",
    manufacturer: "StaManu",
    modelName: "StaModel",
    modelNumber: "2.0",
    serialNumber: "1234",
  });
  const wrong = context({ apPin: "12345670" });
  drive(wrong.ctx.createRun("enrollee", ER_MAC)!, new TestRegistrar({ pin: "00000000" }));
  equal(wrong.ctx.device("02:00:00:00:03:00"), undefined);
});
