import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { formatMac, fromHex, toHex, utf8 } from "../../../core/bytes.ts";
import { WscOpCode, type WscOutgoing } from "../../../core/eap/wsc_role.ts";
import { parseAttributes, readUint } from "../../../core/wps/attributes.ts";
import { Attr, AuthType, ConfigMethod, EncrType, MsgType } from "../../../core/wps/constants.ts";
import { buildM5, parseM2 } from "../../../core/wps/messages.ts";
import { DH_PRECOMPUTE_DELAY_MS, DH_PRECOMPUTE_LATEST_MS } from "../../../core/wps/wps_context.ts";
import { PIN_HOLD_AFTER_RUN_MS } from "../../../core/wps/pin_table.ts";
import { context, drive, nameOf, TestEnrollee } from "./_peers.ts";

const FULL = [">Start", "<M1", ">M2", "<M3", ">M4", "<M5", ">M6", "<M7", ">M8", "<Done"];

Deno.test("RegistrarRun completes a PIN registration and hands out the passphrase", () => {
  const { ctx, rec } = context();
  ok(ctx.addPin("any", "12345670"));
  const sta = new TestEnrollee({ pin: "12345670" });
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace, [...FULL, "EAP-Failure"]);
  deepStrictEqual(sta.credentials.map((c) => [c.ssid, c.authType, c.encrType, c.key]), [
    ["TestWPS", AuthType.WPA2PSK, EncrType.AES, "initialpassphrase"],
  ]);
  deepStrictEqual(sta.credentials[0]!.mac, sta.mac);
  deepStrictEqual(rec.events, [
    `WPS-REG-SUCCESS ${formatMac(sta.mac)} abcdef01-2345-6789-abcd-ef0123456789`,
    "WPS-SUCCESS ",
  ]);
  equal(ctx.pins.size, 0, "the PIN is used up");
  equal(ctx.selectedRegistrar().selected, false);
  equal(
    ctx.formatStatus(),
    `PBC Status: Disabled\nLast WPS result: Success\nPeer Address: ${formatMac(sta.mac)}\n`,
  );
});

const STA_MAC = "02:00:00:00:02:00";
const STA_UUID = "abcdef01-2345-6789-abcd-ef0123456789";

Deno.test("RegistrarRun completes a PBC registration and leaves PBC mode", () => {
  const { ctx, rec, clock } = context();
  ok(ctx.startPbc());
  const sta = new TestEnrollee();
  deepStrictEqual(drive(ctx.createRun("registrar", sta.mac)!, sta), [...FULL, "EAP-Failure"]);
  equal(sta.credentials[0]?.key, "initialpassphrase");
  deepStrictEqual(rec.events, [
    "WPS-PBC-ACTIVE ",
    `WPS-REG-SUCCESS ${STA_MAC} ${STA_UUID}`,
    "WPS-PBC-DISABLE ",
    "WPS-SUCCESS ",
  ]);
  equal(ctx.pbc.active, false);
  equal(ctx.getStatus().pbcStatus, "Disabled");
  clock.advance(200_000);
  equal(rec.events.length, 4, "no WPS-TIMEOUT after completion");
});

Deno.test("RegistrarRun reports a wrong first PIN half as msg=8 config_error=18", () => {
  const { ctx, rec, clock } = context();
  ctx.addPin(STA_UUID, "12345670");
  const sta = new TestEnrollee({ pin: "11115670" });
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace, [...FULL.slice(0, 5), "<NACK(18)", "EAP-Failure"]);
  deepStrictEqual(rec.events, ["WPS-FAIL msg=8 config_error=18"]);
  equal(ctx.pins.size, 1, "a UUID-specific PIN survives a first-half failure");
  equal(ctx.pins.entries()[0]!.locked, true, "held while the failed run's station is kept");
  clock.advance(PIN_HOLD_AFTER_RUN_MS);
  equal(ctx.pins.entries()[0]!.locked, false);
  equal(
    ctx.formatStatus(),
    `PBC Status: Disabled\nLast WPS result: Failed\nPeer Address: ${STA_MAC}\n`,
  );
});

Deno.test("RegistrarRun reports a wrong second half as msg=10 config_error=18 and drops the PIN", () => {
  const { ctx, rec } = context();
  ctx.addPin(STA_UUID, "12345670");
  const sta = new TestEnrollee({ pin: "12340000" });
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace, [...FULL.slice(0, 7), "<NACK(18)", "EAP-Failure"]);
  deepStrictEqual(rec.events, ["WPS-FAIL msg=10 config_error=18"]);
  equal(ctx.pins.size, 0, "M6 revealed the whole PIN: invalidated");
});

Deno.test("RegistrarRun NACKs an Enrollee whose E-Hash1 does not match (msg=9)", () => {
  const { ctx, rec } = context();
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670", proofPin: "99995670", checkRHash: false });
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace, [...FULL.slice(0, 6), ">NACK(18)", "<NACK(0)", "EAP-Failure"]);
  deepStrictEqual(rec.events, ["WPS-FAIL msg=9 config_error=18"]);
  equal(ctx.pins.size, 1, "the wildcard PIN survives one failed run");
  const again = new TestEnrollee({ pin: "12345670", proofPin: "99995670", checkRHash: false });
  drive(ctx.createRun("registrar", again.mac)!, again);
  equal(ctx.pins.size, 0, "and is deleted after the second");
});

Deno.test("RegistrarRun removes the PIN at once when E-Hash2 does not match (msg=11)", () => {
  const { ctx, rec } = context();
  ctx.addPin(STA_UUID, "12345670");
  const sta = new TestEnrollee({ pin: "12345670", proofPin: "12349999", checkRHash: false });
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace, [...FULL.slice(0, 8), ">NACK(18)", "<NACK(0)", "EAP-Failure"]);
  deepStrictEqual(rec.events, ["WPS-FAIL msg=11 config_error=18"]);
  equal(ctx.pins.size, 0);
});

Deno.test("RegistrarRun asks for a PIN with WPS-PIN-NEEDED, a pin request line and M2D", () => {
  const { ctx, rec } = context();
  const sta = new TestEnrollee({ pin: "12345670" });
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace, [">Start", "<M1", ">M2D", "<ACK", "EAP-Failure"]);
  equal(sta.m2dError, 0);
  deepStrictEqual(rec.events, [
    `WPS-PIN-NEEDED ${STA_UUID} ${STA_MAC} [TestSTA|StaManu|StaModel|2.0|1234|1-0050F204-1]`,
  ]);
  deepStrictEqual(rec.pinRequests, [
    `1700000000\t${STA_UUID}\t${STA_MAC}\tTestSTA\tStaManu\tStaModel\t2.0\t1234\t1-0050F204-1\n`,
  ]);
  equal(ctx.getStatus().lastResult, "None");
});

Deno.test("RegistrarRun sends M2D with config_error 15 while AP setup is locked", () => {
  const { ctx } = context({ apSetupLocked: 1 });
  const sta = new TestEnrollee({ pin: "12345670" });
  drive(ctx.createRun("registrar", sta.mac)!, sta);
  equal(sta.m2dError, 15);
});

Deno.test("RegistrarRun refuses a second PBC Enrollee with M2D config_error 12", () => {
  const { ctx, rec } = context();
  ctx.startPbc();
  ctx.recordProbe(fromHex("020000000300"), fromHex("33333333333333333333333333333333"));
  const sta = new TestEnrollee();
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace, [">Start", "<M1", ">M2D", "<ACK", "EAP-Failure"]);
  equal(sta.m2dError, 12);
  deepStrictEqual(rec.events.slice(1), [
    "WPS-OVERLAP-DETECTED ",
    "WPS-FAIL msg=4 config_error=12",
  ]);
  equal(ctx.getStatus().pbcStatus, "Overlap");
});

Deno.test("RegistrarRun answers a PBC M1 outside PBC mode with M2D and no PIN-NEEDED", () => {
  const { ctx, rec } = context();
  const sta = new TestEnrollee();
  deepStrictEqual(drive(ctx.createRun("registrar", sta.mac)!, sta).slice(2, 3), [">M2D"]);
  deepStrictEqual(rec.events, []);
});

Deno.test("RegistrarRun NACKs an M3 with a wrong Authenticator (msg=7)", () => {
  const { ctx, rec, clock } = context();
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670", corruptAuthOf: MsgType.M3 });
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace.slice(-3), [">NACK(0)", "<NACK(0)", "EAP-Failure"]);
  deepStrictEqual(rec.events, ["WPS-FAIL msg=7 config_error=0"]);
  clock.advance(PIN_HOLD_AFTER_RUN_MS);
  equal(ctx.pins.entries()[0]?.locked, false, "unlocked again after the run");
});

for (const prepare of [true, false]) {
  Deno.test(`RegistrarRun sends M2 but never M4 to a PKE outside the subgroup (prepare ${prepare})`, () => {
    // p − PKE passes the range check, so M2 goes out, and the Enrollee learns which of two
    // secrets the Registrar derived: one bit of an exponent used once (RFC 7919 5.1). The
    // subgroup check, done ahead (prepare) or at M3, must stop the run before R-S1 leaves.
    const { ctx, rec, clock } = context();
    ctx.addPin("any", "12345670");
    const sta = new TestEnrollee({ pin: "12345670", negatedPke: true });
    const trace = drive(ctx.createRun("registrar", sta.mac)!, sta, prepare);
    deepStrictEqual(trace, [...FULL.slice(0, 4), "EAP-Failure"]);
    deepStrictEqual(rec.events, []);
    clock.advance(PIN_HOLD_AFTER_RUN_MS);
    equal(ctx.pins.entries()[0]?.locked, false, "the PIN is free again");
  });
}

Deno.test("RegistrarRun with and without prepare() gives the Enrollee the same credential", () => {
  for (const prepare of [true, false]) {
    const { ctx } = context();
    ctx.addPin("any", "12345670");
    const sta = new TestEnrollee({ pin: "12345670" });
    deepStrictEqual(drive(ctx.createRun("registrar", sta.mac)!, sta, prepare), [
      ...FULL,
      "EAP-Failure",
    ]);
    equal(sta.credentials[0]?.key, "initialpassphrase");
  }
});

Deno.test("RegistrarRun seals M8 after M6 is sent, and again if the AP settings were replaced", () => {
  for (const change of ["none", "replace", "in place"]) {
    const { ctx } = context();
    ctx.addPin("any", "12345670");
    const sta = new TestEnrollee({ pin: "12345670" });
    const peer = {
      receive(m: WscOutgoing) {
        if (nameOf(m) === "M6") {
          // WPS_CONFIG or new AP settings replace the object while the Enrollee computes M7;
          // a change in place (which the daemon never makes) shows that M8 was sealed already.
          const key = utf8("changedpassphrase");
          if (change === "replace") ctx.settings = { ...ctx.settings, networkKey: key };
          if (change === "in place") ctx.settings.networkKey = key;
        }
        return sta.receive(m);
      },
    };
    deepStrictEqual(drive(ctx.createRun("registrar", sta.mac)!, peer), [...FULL, "EAP-Failure"]);
    equal(
      sta.credentials[0]?.key,
      change === "replace" ? "changedpassphrase" : "initialpassphrase",
    );
  }
});

Deno.test("RegistrarRun stores no per-device PSK sealed ahead when M7 fails", () => {
  const { ctx, rec } = context({ networkKey: null });
  ctx.addPin(STA_UUID, "12345670");
  const sta = new TestEnrollee({ pin: "12340000" });
  const trace = drive(ctx.createRun("registrar", sta.mac)!, sta);
  deepStrictEqual(trace, [...FULL.slice(0, 7), "<NACK(18)", "EAP-Failure"]);
  deepStrictEqual(rec.storedPsks, []);
  deepStrictEqual(rec.events, ["WPS-FAIL msg=10 config_error=18"]);
});

Deno.test("RegistrarRun reports a registration in the finish step's after(), not in handle()", () => {
  const { ctx, rec } = context({ networkKey: null });
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670" });
  const run = ctx.createRun("registrar", sta.mac)!;
  let msg = sta.receive(run.start());
  let step = run.handle(msg!.opCode, msg!.payload);
  while (step.action === "send") {
    run.prepare?.();
    msg = sta.receive(step.message);
    step = run.handle(msg!.opCode, msg!.payload);
  }
  equal(nameOf(msg!), "Done");
  deepStrictEqual(rec.events, [], "nothing reported before the EAP-Failure is out");
  equal(rec.storedPsks.length, 0);
  ok(step.after, "the Done step carries the report");
  step.after();
  deepStrictEqual(rec.events, [`WPS-REG-SUCCESS ${STA_MAC} ${STA_UUID}`, "WPS-SUCCESS "]);
  equal(toHex(rec.storedPsks[0]!.psk), sta.credentials[0]!.key);
  run.end("finished");
  equal(toHex(rec.storedPsks[0]!.psk), sta.credentials[0]!.key, "the stored PSK is not wiped");
});

/** Drives a run to the point where it sent M2, returning the run and the Enrollee. */
function upToM2(pin = "12345670") {
  const { ctx, rec, clock } = context();
  ctx.addPin("any", pin);
  const sta = new TestEnrollee({ pin });
  const run = ctx.createRun("registrar", sta.mac)!;
  const m1 = sta.receive(run.start())!;
  const m2 = run.handle(m1.opCode, m1.payload);
  if (m2.action !== "send") throw new Error("expected M2");
  return { ctx, rec, clock, sta, run, m1, m2: m2.message };
}

Deno.test("RegistrarRun fails hard on a Registrar Nonce mismatch", () => {
  const { run, sta, m2, rec } = upToM2();
  const m3 = sta.receive(m2)!;
  const bad = m3.payload.slice();
  // Registrar Nonce is the third attribute: Version(5) Message Type(5) header(4).
  bad[14] = bad[14]! ^ 0xff;
  deepStrictEqual(run.handle(m3.opCode, bad), { action: "finish" });
  deepStrictEqual(rec.events, []);
});

Deno.test("RegistrarRun fails hard on a second M1 and NACKs an M5 in place of M3", () => {
  const a = upToM2();
  deepStrictEqual(a.run.handle(a.m1.opCode, a.m1.payload), { action: "finish" });
  const b = upToM2();
  const m5 = buildM5({
    registrarNonce: parseM2(b.m2.payload).registrarNonce,
    encryptedSettings: new Uint8Array(32),
  }, { authenticator: new Uint8Array(8) });
  const step = b.run.handle(WscOpCode.MSG, m5);
  equal(step.action === "send" && nameOf(step.message), "NACK(0)");
  deepStrictEqual(b.rec.events, ["WPS-FAIL msg=9 config_error=0"]);
});

Deno.test("RegistrarRun fails hard on garbage and NACKs a message without Message Type", () => {
  const a = upToM2();
  deepStrictEqual(a.run.handle(WscOpCode.MSG, Uint8Array.of(0x10, 0x4a, 0, 9)), {
    action: "finish",
  });
  const b = upToM2();
  const step = b.run.handle(WscOpCode.MSG, Uint8Array.of(0x10, 0x4a, 0, 1, 0x10));
  equal(step.action === "send" && step.message.opCode, WscOpCode.NACK);
});

Deno.test("RegistrarRun releases the locked PIN when the EAP layer times out", () => {
  const { ctx, run, clock } = upToM2();
  equal(ctx.pins.entries()[0]!.locked, true);
  const sta2 = new TestEnrollee({ pin: "12345670", uuid: new Uint8Array(16).fill(7) });
  deepStrictEqual(drive(ctx.createRun("registrar", sta2.mac)!, sta2).slice(2, 3), [">M2D"]);
  run.end("timeout");
  clock.advance(PIN_HOLD_AFTER_RUN_MS);
  equal(ctx.pins.entries()[0]!.locked, false);
});

Deno.test("RegistrarRun uses a fresh DH key pair per run, computed ahead on the clock", () => {
  const { ctx, clock } = context();
  clock.advance(0);
  ctx.addPin("any", "12345670");
  const keys: string[] = [];
  for (let i = 0; i < 2; i++) {
    const sta = new TestEnrollee({ pin: "12345670" });
    const run = ctx.createRun("registrar", sta.mac)!;
    const m1 = sta.receive(run.start())!;
    const ready = ctx.nextDhPublicKey;
    ok(ready !== null, "a key pair is ready before M1 arrives");
    const step = run.handle(m1.opCode, m1.payload);
    keys.push(
      step.action === "send" ? toHex(parseM2(step.message.payload).publicKey) : "none",
    );
    equal(keys[i], toHex(ready), "M2 carries the pre-computed public key");
    equal(ctx.nextDhPublicKey, null, "the next pair waits until the exchange is over");
    clock.advance(1000);
    equal(ctx.nextDhPublicKey, null, "however long the exchange takes");
    run.end("finished");
    run.end("finished");
    clock.advance(DH_PRECOMPUTE_DELAY_MS - 1);
    equal(ctx.nextDhPublicKey, null, "its last frames go out first");
    clock.advance(1);
  }
  ok(keys[0] !== keys[1]);
});

Deno.test("The next DH key pair waits for every run in progress, up to a limit", () => {
  const { ctx, clock } = context();
  clock.advance(0);
  ctx.addPin("any", "12345670");
  ctx.addPin(STA_UUID, "12345670");
  const runs = [0, 1].map((i) => {
    const sta = new TestEnrollee({ pin: "12345670", ...(i ? {} : { uuid: new Uint8Array(16) }) });
    const run = ctx.createRun("registrar", sta.mac)!;
    const m1 = sta.receive(run.start())!;
    const m2 = run.handle(m1.opCode, m1.payload);
    ok(m2.action === "send" && parseM2(m2.message.payload).publicKey.length === 192);
    return run;
  });
  equal(ctx.nextDhPublicKey, null);
  runs[0]!.end("finished");
  clock.advance(DH_PRECOMPUTE_DELAY_MS);
  equal(ctx.nextDhPublicKey, null, "another run is still in progress");
  runs[1]!.end("timeout");
  clock.advance(DH_PRECOMPUTE_DELAY_MS);
  ok(ctx.nextDhPublicKey !== null, "computed once the last run ended");

  // A run that never ends does not hold the key pair back past the limit.
  const sta = new TestEnrollee({ pin: "12345670" });
  const run = ctx.createRun("registrar", sta.mac)!;
  const m1 = sta.receive(run.start())!;
  run.handle(m1.opCode, m1.payload);
  equal(ctx.nextDhPublicKey, null);
  clock.advance(DH_PRECOMPUTE_LATEST_MS - 1);
  equal(ctx.nextDhPublicKey, null);
  clock.advance(1);
  ok(ctx.nextDhPublicKey !== null);
});

Deno.test("RegistrarRun generates a per-device PSK and stores it at WSC_Done", () => {
  const { ctx, rec } = context({ networkKey: null });
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670" });
  drive(ctx.createRun("registrar", sta.mac)!, sta);
  const key = sta.credentials[0]!.key;
  ok(/^[0-9a-f]{64}$/.test(key));
  equal(rec.storedPsks.length, 1);
  equal(toHex(rec.storedPsks[0]!.psk), key);
  equal(formatMac(rec.storedPsks[0]!.mac), STA_MAC);
  ctx.addPin("any", "12345670");
  const again = new TestEnrollee({ pin: "12345670" });
  drive(ctx.createRun("registrar", again.mac)!, again);
  equal(again.credentials[0]!.key, key, "the wps=1 entry is handed out again");
  equal(rec.storedPsks.length, 1);
});

Deno.test("RegistrarRun hands out a configured wps=1 PSK for the Enrollee's MAC", () => {
  const psk = new Uint8Array(32).fill(0x5a);
  const { ctx } = context({ wpsPsks: [{ mac: fromHex("000000000000"), psk }] });
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670" });
  drive(ctx.createRun("registrar", sta.mac)!, sta);
  equal(sta.credentials[0]!.key, toHex(psk));
});

Deno.test("RegistrarRun gives a PSK in hex to an Enrollee without a display", () => {
  const psk = new Uint8Array(32).fill(0x11);
  const { ctx } = context({ psk });
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670", configMethods: ConfigMethod.KEYPAD });
  drive(ctx.createRun("registrar", sta.mac)!, sta);
  equal(sta.credentials[0]!.key, toHex(psk));
});

Deno.test("RegistrarRun configures an unconfigured AP with a 22-character passphrase", () => {
  const { ctx, rec } = context({
    wpsState: 1,
    authTypes: AuthType.OPEN,
    encrTypes: EncrType.NONE,
    networkKey: null,
  });
  ctx.startPbc();
  const sta = new TestEnrollee();
  drive(ctx.createRun("registrar", sta.mac)!, sta);
  const cred = sta.credentials[0]!;
  equal(cred.authType, AuthType.WPA2PSK);
  equal(cred.encrType, EncrType.AES);
  ok(/^[A-Za-z0-9+/]{22}$/.test(cred.key), cred.key);
  equal(rec.applied.length, 1);
  equal(new TextDecoder().decode(rec.applied[0]!.networkKey), cred.key);
  equal(rec.applied[0]!.authType, AuthType.WPAPSK | AuthType.WPA2PSK);
  equal(rec.applied[0]!.encrType, EncrType.TKIP | EncrType.AES);
  // Made after the run's EAP-Failure: nothing left to wait for before the reload.
  deepStrictEqual(rec.awaitRun, [false]);
  ok(rec.events.includes("WPS-NEW-AP-SETTINGS "));
  equal(ctx.settings.wpsState, 2);
  equal(rec.storedPsks.length, 0);
});

Deno.test("RegistrarRun sends only extra_cred with skip_cred_build", () => {
  const extra = fromHex("100e0012" + "10450004" + "4f746865" + "10030002" + "0001" + "10270000");
  const { ctx } = context({ skipCredBuild: true, extraCred: extra });
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670" });
  deepStrictEqual(drive(ctx.createRun("registrar", sta.mac)!, sta).at(-2), "<Done");
  deepStrictEqual(sta.credentials.map((c) => c.ssid), ["Othe"]);
});

Deno.test("RegistrarRun advertises hostapd's fixed Authentication/Encryption Type Flags in M2 and M2D", () => {
  // hostapd sends 0x0023 / 0x000D whatever the AP runs (captures/pin M2); an open AP too.
  for (
    const over of [{}, { authTypes: AuthType.OPEN, encrTypes: EncrType.NONE, networkKey: null }]
  ) {
    for (const pin of [true, false]) {
      const { ctx } = context(over);
      if (pin) ok(ctx.addPin("any", "12345670"));
      const run = ctx.createRun("registrar", fromHex("020000000200"))!;
      const sta = new TestEnrollee({ pin: "12345670" });
      const m1 = sta.receive(run.start())!;
      const step = run.handle(m1.opCode, m1.payload);
      ok(step.action === "send");
      const attrs = parseAttributes(step.message.payload).map;
      const flag = (t: number) => readUint(attrs.get(t)![0]!.value);
      equal(nameOf(step.message), pin ? "M2" : "M2D");
      equal(flag(Attr.AUTH_TYPE_FLAGS), 0x0023);
      equal(flag(Attr.ENCR_TYPE_FLAGS), 0x000d);
      run.end("finished");
    }
  }
});

Deno.test("RegistrarRun reports the peer of a failure before M1 as 00:00:00:00:00:00", () => {
  const { ctx, rec } = context();
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670" });
  const run = ctx.createRun("registrar", sta.mac)!;
  run.start();
  // WSC_Done in reply to WSC_Start: hostapd has no Enrollee address yet.
  run.handle(WscOpCode.DONE, new Uint8Array(0));
  deepStrictEqual(rec.events, ["WPS-FAIL msg=15 config_error=0"]);
  equal(
    ctx.formatStatus(),
    "PBC Status: Disabled\nLast WPS result: Failed\nPeer Address: 00:00:00:00:00:00\n",
  );
});

Deno.test("RegistrarRun answers an out-of-band Device Password ID served by a PIN with ID 0", () => {
  const { ctx } = context();
  ctx.addPin("any", "12345670");
  const sta = new TestEnrollee({ pin: "12345670", devPasswordId: 0x0010 });
  const run = ctx.createRun("registrar", sta.mac)!;
  const m1 = sta.receive(run.start())!;
  const step = run.handle(m1.opCode, m1.payload);
  ok(step.action === "send");
  equal(parseM2(step.message.payload).devPasswordId, 0);
});
