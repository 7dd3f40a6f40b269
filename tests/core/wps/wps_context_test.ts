import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { formatMac, fromHex } from "../../../core/bytes.ts";
import { parseAttributes } from "../../../core/wps/attributes.ts";
import { Attr, AuthType, ConfigMethod, EncrType } from "../../../core/wps/constants.ts";
import { credentialFromAttrs } from "../../../core/wps/credential.ts";
import { isValidPinChecksum } from "../../../core/wps/pin.ts";
import { context, drive, TestEnrollee } from "./_peers.ts";

Deno.test("WpsContext.addPin() selects the Registrar for 120 s and advertises the MAC", () => {
  const { ctx, clock, rec } = context();
  ok(ctx.addPin("any", "12345670", 0, "02:00:00:00:02:00"));
  const sr = ctx.selectedRegistrar();
  equal(sr.selected, true);
  equal(sr.devPasswordId, 0);
  deepStrictEqual(sr.authorizedMacs.map(formatMac), ["02:00:00:00:02:00"]);
  ok(rec.ieUpdates > 0);
  clock.advance(119_999);
  equal(ctx.selectedRegistrar().selected, true);
  clock.advance(1);
  equal(ctx.selectedRegistrar().selected, false);
  equal(ctx.pins.size, 1, "the PIN itself stays valid");
});

Deno.test("WpsContext.addPin() rejects bad UUID, MAC and empty PIN", () => {
  const { ctx } = context();
  equal(ctx.addPin("not-a-uuid", "12345670"), false);
  equal(ctx.addPin("any", ""), false);
  equal(ctx.addPin("any", "12345670", 0, "02:00:00"), false);
  ok(ctx.addPin("12345678-9abc-def0-1234-56789abcdef0", "1234"));
});

Deno.test("WpsContext drops the AuthorizedMAC when its PIN expires", () => {
  const { ctx, clock } = context();
  ctx.addPin("any", "12345670", 30);
  deepStrictEqual(ctx.selectedRegistrar().authorizedMacs.map(formatMac), ["ff:ff:ff:ff:ff:ff"]);
  clock.advance(120_000);
  equal(ctx.pins.size, 0);
  deepStrictEqual(ctx.selectedRegistrar().authorizedMacs, []);
});

Deno.test("WpsContext.startPbc() advertises PBC with push-button config methods", () => {
  const { ctx } = context();
  ok(ctx.startPbc());
  const sr = ctx.selectedRegistrar();
  equal(sr.devPasswordId, 4);
  equal(sr.configMethods & ConfigMethod.VIRT_PUSHBUTTON, ConfigMethod.VIRT_PUSHBUTTON);
  deepStrictEqual(sr.authorizedMacs.map(formatMac), ["ff:ff:ff:ff:ff:ff"]);
  equal(ctx.getStatus().pbcStatus, "Active");
});

Deno.test("WpsContext.cancel() stops PBC with WPS-TIMEOUT, deauths and emits WPS-CANCEL", () => {
  const { ctx, rec } = context();
  ctx.startPbc();
  ok(ctx.cancel());
  deepStrictEqual(rec.events, ["WPS-PBC-ACTIVE ", "WPS-TIMEOUT ", "WPS-CANCEL "]);
  equal(rec.deauths, 1);
  equal(ctx.getStatus().pbcStatus, "Timed-out");
  equal(ctx.selectedRegistrar().selected, false);
});

Deno.test("WpsContext.cancel() unselects a PIN and removes one wildcard PIN only", () => {
  const { ctx } = context();
  ctx.addPin("12345678-9abc-def0-1234-56789abcdef0", "11111111");
  ctx.addPin("any", "22222222");
  ctx.cancel();
  equal(ctx.selectedRegistrar().selected, false);
  equal(ctx.pins.size, 1);
  equal(ctx.pins.entries()[0]!.wildcard, false);
});

Deno.test("WpsContext.apPinCommand() implements disable, random, get and set", () => {
  const { ctx, clock, rec } = context();
  equal(ctx.apPinCommand(["get"]), "FAIL\n");
  const pin = ctx.apPinCommand(["random"]);
  ok(/^\d{8}$/.test(pin) && isValidPinChecksum(pin), pin);
  equal(ctx.apPinCommand(["get"]), pin);
  clock.advance(300_000);
  equal(ctx.apPinCommand(["get"]), "FAIL\n");
  deepStrictEqual(rec.events, ["WPS-AP-PIN-DISABLED "]);
  equal(ctx.apPinCommand(["set", "87654325", "0"]), "87654325");
  clock.advance(10_000_000);
  equal(ctx.apPinCommand(["get"]), "87654325");
  equal(ctx.apPinCommand(["set", "123456789"]), "FAIL\n");
  equal(ctx.apPinCommand(["disable"]), "OK\n");
  equal(ctx.apPinCommand(["get"]), "FAIL\n");
  equal(ctx.apPinCommand(["bogus"]), "FAIL\n");
  equal(ctx.apPinCommand(["random", "10"]).length, 8);
  clock.advance(10_000);
  equal(ctx.apPinCommand(["get"]), "FAIL\n");
});

Deno.test("WpsContext.formatStatus() starts with no result and shows Timed-out after PBC", () => {
  const { ctx, clock } = context();
  equal(ctx.formatStatus(), "PBC Status: Disabled\nLast WPS result: None\n");
  ctx.startPbc();
  clock.advance(120_000);
  equal(ctx.formatStatus(), "PBC Status: Timed-out\nLast WPS result: None\n");
});

Deno.test("WpsContext keeps PBC's walk timer when a PIN is added during PBC", () => {
  const { ctx, clock, rec } = context();
  ctx.startPbc();
  ctx.addPin("any", "12345670");
  equal(ctx.pbc.active, false);
  const sta = new TestEnrollee();
  equal(drive(ctx.createRun("registrar", sta.mac)!, sta)[2], ">M2D", "PBC M1 now unsupported");
  clock.advance(120_000);
  ok(rec.events.includes("WPS-TIMEOUT "));
});

Deno.test("WpsContext.createRun() returns a Registrar that opens with WSC_Start", () => {
  const { ctx } = context();
  const run = ctx.createRun("registrar", new Uint8Array(6));
  equal(run?.start().opCode, 1);
  run?.end("disconnect");
  ctx.dispose();
});

Deno.test("WpsContext.configAp() applies WPS_CONFIG settings with hostapd's upgrades", () => {
  const { ctx, rec } = context();
  const utf8 = (t: string) => new TextEncoder().encode(t);
  ok(ctx.configAp(utf8("NewNet"), AuthType.WPAPSK, EncrType.TKIP, utf8("passphrase1")));
  deepStrictEqual(rec.events, ["WPS-NEW-AP-SETTINGS "]);
  equal(rec.applied.length, 1);
  const a = rec.applied[0]!;
  deepStrictEqual(a.ssid, utf8("NewNet"));
  equal(a.authType, AuthType.WPAPSK | AuthType.WPA2PSK, "WPAPSK is upgraded");
  equal(a.encrType, EncrType.TKIP | EncrType.AES, "TKIP is upgraded");
  deepStrictEqual(a.networkKey, utf8("passphrase1"));
  equal(ctx.settings.wpsState, 2);
  deepStrictEqual(ctx.settings.ssid, utf8("NewNet"));

  // An open network keeps no key; a WPA key outside 8..64 octets is refused untouched.
  ok(ctx.configAp(utf8("Open"), AuthType.OPEN, EncrType.NONE, utf8("ignored-key")));
  deepStrictEqual(rec.applied[1]!.networkKey, new Uint8Array(0));
  for (const key of ["1234567", "x".repeat(65)]) {
    equal(ctx.configAp(utf8("Bad"), AuthType.WPA2PSK, EncrType.AES, utf8(key)), false, key);
  }
  equal(ctx.configAp(new Uint8Array(0), AuthType.OPEN, EncrType.NONE, new Uint8Array(0)), false);
  equal(ctx.configAp(new Uint8Array(33), AuthType.OPEN, EncrType.NONE, new Uint8Array(0)), false);
  equal(rec.applied.length, 2);
  // No run is waiting for an ACK: the host may reload as soon as the file is written.
  deepStrictEqual(rec.awaitRun, [false, false]);
  deepStrictEqual(ctx.settings.ssid, utf8("Open"));
});

Deno.test("WpsContext.configAp() with wps_cred_processing=1 only reports the Credential", () => {
  const { ctx, rec } = context({ wpsCredProcessing: 1 });
  const utf8 = (t: string) => new TextEncoder().encode(t);
  ok(ctx.configAp(utf8("NewNet"), AuthType.WPA2PSK, EncrType.AES, utf8("passphrase1")));
  equal(rec.applied.length, 0);
  equal(rec.events.length, 1);
  const hex = /^WPS-NEW-AP-SETTINGS ([0-9a-f]+)$/.exec(rec.events[0]!)?.[1];
  ok(hex, rec.events[0]);
  const c = credentialFromAttrs(
    parseAttributes(parseAttributes(fromHex(hex)).map.get(Attr.CRED)![0]!.value),
  );
  deepStrictEqual(c.ssid, utf8("NewNet"));
  equal(c.authType, AuthType.WPA2PSK);
  deepStrictEqual(c.networkKey, utf8("passphrase1"));
  deepStrictEqual(c.macAddress, new Uint8Array(6), "hostapd's WPS_CONFIG credential has none");
  // Not checked either: the settings are only reported, and hostapd then answers OK.
  ok(ctx.configAp(utf8("NewNet"), AuthType.WPA2PSK, EncrType.AES, utf8("short")));
  equal(rec.events.length, 2);
  equal(rec.applied.length, 0);
});

Deno.test("WpsContext.configAp() reports settings it then refuses, as hostapd does", () => {
  const { ctx, rec } = context();
  const utf8 = (t: string) => new TextEncoder().encode(t);
  equal(ctx.configAp(utf8("NewNet"), AuthType.WPA2PSK, EncrType.AES, utf8("1234567")), false);
  deepStrictEqual(rec.events, ["WPS-NEW-AP-SETTINGS "]);
  equal(rec.applied.length, 0);
});

Deno.test("WpsContext.peerRegistrationCompleted() stops PBC, or unselects and drops the same wildcard PIN", () => {
  const uuid = fromHex("abcdef0123456789abcdef0123456789");
  const pbc = context();
  pbc.ctx.startPbc();
  pbc.ctx.peerRegistrationCompleted(uuid, null);
  equal(pbc.ctx.getStatus().pbcStatus, "Disabled");
  equal(pbc.ctx.selectedRegistrar().selected, false);
  deepStrictEqual(pbc.rec.events, ["WPS-PBC-ACTIVE ", "WPS-PBC-DISABLE "]);

  const pin = context();
  pin.ctx.addPin("12345678-9abc-def0-1234-56789abcdef0", "12345670");
  pin.ctx.addPin("any", "12345670");
  pin.ctx.addPin("any", "11111111");
  pin.ctx.peerRegistrationCompleted(uuid, new TextEncoder().encode("12345670"));
  equal(pin.ctx.selectedRegistrar().selected, false);
  // The UUID-specific PIN and the other wildcard PIN stay, as in hostapd.
  deepStrictEqual(
    pin.ctx.pins.entries().map((e) => [e.wildcard, new TextDecoder().decode(e.pin)]),
    [[true, "11111111"], [false, "12345670"]],
  );
});

Deno.test("WpsContext.interfaceDisabled() ends PBC, its walk timer and sessions without an event", () => {
  const { ctx, rec, clock } = context();
  ok(ctx.startPbc());
  ctx.recordProbe(fromHex("020000000501"), new Uint8Array(16).fill(0x51));
  ctx.interfaceDisabled();
  equal(ctx.pbc.active, false);
  equal(ctx.selectedRegistrar().selected, false);
  deepStrictEqual(ctx.selectedRegistrar().authorizedMacs, []);
  clock.advance(121_000);
  // hostapd frees the Registrar: no WPS-TIMEOUT after DISABLE; its status text stays as it was.
  deepStrictEqual(rec.events, ["WPS-PBC-ACTIVE "]);
  equal(ctx.formatStatus(), "PBC Status: Active\nLast WPS result: None\n");
  // The fresh Registrar of ENABLE saw no session: another Enrollee's PBC is not an overlap.
  ctx.recordProbe(fromHex("020000000502"), new Uint8Array(16).fill(0x52));
  ok(ctx.startPbc());
});

Deno.test("WpsContext.interfaceDisabled() stops the AP PIN expiry and unlock timers", () => {
  const { ctx, rec, clock } = context();
  ctx.apPinCommand(["set", "12345670", "60"]);
  for (let i = 0; i < 3; i++) ctx.apPin.recordFailure();
  equal(ctx.apPin.setupLocked, 1);
  ctx.interfaceDisabled();
  equal(ctx.apPin.setupLocked, 0);
  clock.advance(3600_000);
  equal(ctx.apPin.pin, "12345670");
  deepStrictEqual(rec.events, ["WPS-AP-SETUP-LOCKED "]);
  equal(ctx.apPin.failures, 3);
});

Deno.test("WpsContext.apPinFailed() and apPinProved() tell the host, which spreads them", () => {
  const { ctx, rec } = context({ apPin: "12345670" });
  const results: boolean[] = [];
  const host = ctx.host as { apPinResult?: (proved: boolean) => void };
  host.apPinResult = (proved) => results.push(proved);
  ctx.apPinFailed();
  ctx.apPinProved();
  deepStrictEqual(results, [false, true]);
  equal(ctx.apPin.failures, 1);
  equal(ctx.apPin.consecutiveFailures, 0);
  deepStrictEqual(rec.events, []);
});

Deno.test("WpsContext.adoptRuntimeFrom() keeps PINs, PBC with its walk time, and the AP PIN", () => {
  const old = context();
  ok(old.ctx.addPin("any", "12345670", 0, "02:00:00:00:05:03"));
  old.ctx.apPinCommand(["set", "87654325", "300"]);
  old.clock.advance(10_000);
  ok(old.ctx.startPbc());
  old.clock.advance(50_000);
  old.ctx.dispose();
  const next = context();
  next.clock.advance(old.clock.now());
  next.ctx.adoptRuntimeFrom(old.ctx, true);
  equal(next.ctx.pins.size, 1);
  equal(next.ctx.pbc.active, true);
  equal(next.ctx.selectedRegistrar().selected, true);
  equal(next.ctx.selectedRegistrar().authorizedMacs.length, 2);
  equal(next.ctx.apPin.pin, "87654325");
  equal(next.ctx.formatStatus(), "PBC Status: Active\nLast WPS result: None\n");
  // The walk timer goes on with the 70 s it had left.
  next.clock.advance(69_000);
  equal(next.ctx.pbc.active, true);
  next.clock.advance(1_000);
  deepStrictEqual(next.rec.events, ["WPS-TIMEOUT "]);
  equal(next.ctx.formatStatus(), "PBC Status: Timed-out\nLast WPS result: None\n");
  // The AP PIN's 300 s run out 240 s after the reload.
  next.clock.advance(170_000);
  deepStrictEqual(next.rec.events, ["WPS-TIMEOUT ", "WPS-AP-PIN-DISABLED "]);
  equal(next.ctx.apPin.pin, null);
});

Deno.test("WpsContext.adoptRuntimeFrom() without keepApPin takes the configured AP PIN", () => {
  const old = context({ apPin: "11111110" });
  old.ctx.apPinCommand(["set", "87654325", "0"]);
  for (let i = 0; i < 3; i++) old.ctx.apPinFailed();
  const next = context({ apPin: "11111110" });
  next.ctx.adoptRuntimeFrom(old.ctx, false);
  equal(next.ctx.apPin.pin, "11111110");
  equal(next.ctx.apPin.failures, 3);
  equal(next.ctx.apPin.setupLocked, 1);
  // The lockout's 60 s go on.
  next.clock.advance(60_000);
  deepStrictEqual(next.rec.events, ["WPS-AP-SETUP-UNLOCKED "]);
});

Deno.test("RegistrarRun makes an unconfigured AP configured at once with wps_cred_processing=1", () => {
  const { ctx, rec } = context({
    wpsState: 1,
    authTypes: AuthType.OPEN,
    encrTypes: EncrType.NONE,
    networkKey: null,
    wpsCredProcessing: 1,
  });
  for (const mac of ["020000000601", "020000000602"]) {
    ok(ctx.startPbc());
    const uuid = fromHex(mac.repeat(3).slice(0, 32));
    const enrollee = new TestEnrollee({ uuid, mac: fromHex(mac) });
    drive(ctx.createRun("registrar", fromHex(mac))!, enrollee);
    const cred = enrollee.credentials[0]!;
    // The second Enrollee gets no new passphrase for the AP, but a per-device WPA2 PSK, as the
    // Registrar still offers the unconfigured AP's secure defaults (hostapd).
    equal(cred.authType, AuthType.WPA2PSK);
    equal(cred.key.length, mac.endsWith("1") ? 22 : 64);
    equal(ctx.settings.wpsState, 2);
    equal(ctx.selectedRegistrar().wpsState, 2);
  }
  equal(rec.events.filter((e) => e.startsWith("WPS-NEW-AP-SETTINGS")).length, 1);
  equal(rec.applied.length, 0);
});
