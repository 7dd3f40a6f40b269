import { deepStrictEqual, equal } from "node:assert/strict";
import {
  atoi,
  type CtrlCommand,
  decodeRequest,
  parseCommand,
  parseHwaddr,
  parseUuidPrefix,
} from "../../../core/ctrl/command.ts";

const mac = (s: string) => parseHwaddr(s)!;

Deno.test("parseCommand() matches exact commands case-sensitively and rejects suffixes", async (t) => {
  // Each row was sent to Debian's hostapd 2.10 (driver=wired); UNKNOWN means it answered
  // "UNKNOWN COMMAND".
  const rows: [string, CtrlCommand["kind"]][] = [
    ["PING", "PING"],
    ["ping", "UNKNOWN"],
    ["PING x", "UNKNOWN"],
    ["PINGx", "UNKNOWN"],
    [" PING", "UNKNOWN"],
    ["PING\n", "UNKNOWN"],
    ["STATUS", "STATUS"],
    ["STATUS x", "UNKNOWN"],
    ["GET_CONFIG", "GET_CONFIG"],
    ["GET_CONFIG x", "UNKNOWN"],
    ["STA-FIRST", "STA_FIRST"],
    ["STA-FIRST x", "UNKNOWN"],
    ["STA-FIRST\n", "UNKNOWN"],
    ["STA-NEXT", "UNKNOWN"],
    ["STA", "UNKNOWN"],
    ["ALL_STA", "UNKNOWN"],
    ["WPS_PBC", "WPS_PBC"],
    ["WPS_PBC x", "UNKNOWN"],
    ["WPS_CANCEL", "WPS_CANCEL"],
    ["WPS_CANCEL x", "UNKNOWN"],
    ["WPS_PIN", "UNKNOWN"],
    ["WPS_CHECK_PIN", "UNKNOWN"],
    ["WPS_CHECK_PINx", "UNKNOWN"],
    ["WPS_AP_PIN", "UNKNOWN"],
    ["WPS_GET_STAT", "UNKNOWN"],
    ["WPS_GET_STATU", "WPS_GET_STATUS"],
    ["WPS_GET_STATUSx", "WPS_GET_STATUS"],
    ["RELOAD", "RELOAD"],
    ["RELOAD x", "RELOAD"],
    ["RELOADx", "RELOAD"],
    ["RELOAD_WPA_PSKx", "RELOAD"],
    ["RELOAD_WPA_PSK", "RELOAD_WPA_PSK"],
    ["ATTACH", "ATTACH"],
    ["ATTACH probe_rx_events=1", "ATTACH"],
    ["ATTACHx", "UNKNOWN"],
    ["DETACH", "DETACH"],
    ["DETACH x", "UNKNOWN"],
    ["LEVEL", "UNKNOWN"],
    ["LEVELx", "UNKNOWN"],
    ["LEVEL 3", "LEVEL"],
    ["PMKSA", "PMKSA"],
    ["PMKSA x", "UNKNOWN"],
    ["PMKSA_FLUSH", "PMKSA_FLUSH"],
    ["PMKSA_FLUSHx", "UNKNOWN"],
    ["ERP_FLUSH", "ERP_FLUSH"],
    ["ERP_FLUSH x", "UNKNOWN"],
    ["", "UNKNOWN"],
  ];
  for (const [text, kind] of rows) {
    await t.step(JSON.stringify(text), () => equal(parseCommand(text).kind, kind));
  }
});

Deno.test("parseCommand() reads STA addresses like hwaddr_aton and keeps extra text", () => {
  deepStrictEqual(parseCommand("STA 02:00:00:00:00:01"), {
    kind: "STA",
    addr: mac("02:00:00:00:00:01"),
  });
  deepStrictEqual(parseCommand("STA 02:00:00:00:00:01 eapol"), {
    kind: "STA",
    addr: mac("02:00:00:00:00:01"),
    extra: "eapol",
  });
  deepStrictEqual(parseCommand("STA "), { kind: "STA", addr: undefined });
  deepStrictEqual(parseCommand("STA 02:00:00:00:00:0"), { kind: "STA", addr: undefined });
  deepStrictEqual(parseCommand("STA-NEXT "), { kind: "STA_NEXT", addr: undefined });
  deepStrictEqual(parseCommand("STA-NEXT zz"), { kind: "STA_NEXT", addr: undefined });
  deepStrictEqual(parseCommand("STA-NEXT 0A:bB:00:00:00:01x"), {
    kind: "STA_NEXT",
    addr: Uint8Array.from([0x0a, 0xbb, 0, 0, 0, 1]),
  });
});

Deno.test("parseCommand() splits WPS_PIN like hostapd 2.10", async (t) => {
  const rows: [string, CtrlCommand][] = [
    ["WPS_PIN any 12345670", { kind: "WPS_PIN", uuid: "any", pin: "12345670", timeout: 0 }],
    ["WPS_PIN any ", { kind: "WPS_PIN", uuid: "any", pin: "", timeout: 0 }],
    ["WPS_PIN any 1234 abc", { kind: "WPS_PIN", uuid: "any", pin: "1234", timeout: 0 }],
    ["WPS_PIN any 1234 -5", { kind: "WPS_PIN", uuid: "any", pin: "1234", timeout: -5 }],
    ["WPS_PIN any 1234 10 zz", { kind: "WPS_PIN", uuid: "any", pin: "1234", timeout: 10 }],
    ["WPS_PIN any 1234 10 02:00:00:00:00:09", {
      kind: "WPS_PIN",
      uuid: "any",
      pin: "1234",
      timeout: 10,
      mac: "02:00:00:00:00:09",
    }],
    ["WPS_PIN 12345678-9ABC-def0-1234-56789abcdef0x 1234", {
      kind: "WPS_PIN",
      uuid: "12345678-9abc-def0-1234-56789abcdef0",
      pin: "1234",
      timeout: 0,
    }],
    ["WPS_PIN any", { kind: "INVALID", command: "WPS_PIN", reason: "Missing PIN" }],
    ["WPS_PIN ANY 1234", {
      kind: "INVALID",
      command: "WPS_PIN",
      reason: 'Cannot parse UUID "ANY"',
    }],
    ["WPS_PIN 123456789abcdef0123456789abcdef0 1234", {
      kind: "INVALID",
      command: "WPS_PIN",
      reason: 'Cannot parse UUID "123456789abcdef0123456789abcdef0"',
    }],
  ];
  for (const [text, want] of rows) {
    await t.step(JSON.stringify(text), () => deepStrictEqual(parseCommand(text), want));
  }
});

Deno.test("parseCommand() splits WPS_AP_PIN sub-commands like hostapd 2.10", async (t) => {
  const rows: [string, CtrlCommand][] = [
    ["WPS_AP_PIN disable", { kind: "WPS_AP_PIN", action: "disable" }],
    ["WPS_AP_PIN disable ", { kind: "WPS_AP_PIN", action: "disable" }],
    ["WPS_AP_PIN get ", { kind: "WPS_AP_PIN", action: "get" }],
    ["WPS_AP_PIN random", { kind: "WPS_AP_PIN", action: "random" }],
    ["WPS_AP_PIN random 0", { kind: "WPS_AP_PIN", action: "random", timeout: 0 }],
    ["WPS_AP_PIN random x", { kind: "WPS_AP_PIN", action: "random", timeout: 0 }],
    ["WPS_AP_PIN set 1234 abc", { kind: "WPS_AP_PIN", action: "set", pin: "1234", timeout: 0 }],
    ["WPS_AP_PIN set ab  c", { kind: "WPS_AP_PIN", action: "set", pin: "ab", timeout: 0 }],
    ["WPS_AP_PIN set ", { kind: "WPS_AP_PIN", action: "set", pin: "" }],
    ["WPS_AP_PIN set 12345670 5", {
      kind: "WPS_AP_PIN",
      action: "set",
      pin: "12345670",
      timeout: 5,
    }],
  ];
  for (const [text, want] of rows) {
    await t.step(JSON.stringify(text), () => deepStrictEqual(parseCommand(text), want));
  }
  for (const bad of ["WPS_AP_PIN ", "WPS_AP_PIN foo", "WPS_AP_PIN getx", "WPS_AP_PIN randomX"]) {
    await t.step(JSON.stringify(bad), () => equal(parseCommand(bad).kind, "INVALID"));
  }
  equal(parseCommand("WPS_AP_PIN set").kind, "INVALID");
  equal(parseCommand("WPS_AP_PIN set 123456789").kind, "INVALID");
});

Deno.test("parseCommand() reads LEVEL and WPS_CHECK_PIN arguments", () => {
  deepStrictEqual(parseCommand("LEVEL x"), { kind: "LEVEL", level: 0 });
  deepStrictEqual(parseCommand("LEVEL  -1"), { kind: "LEVEL", level: -1 });
  deepStrictEqual(parseCommand("WPS_CHECK_PIN 1-2.3:4 5670"), {
    kind: "WPS_CHECK_PIN",
    text: "1-2.3:4 5670",
  });
  deepStrictEqual(parseCommand("WPS_CHECK_PIN "), { kind: "WPS_CHECK_PIN", text: "" });
});

Deno.test("atoi() follows C: whitespace, sign, digits, else 0", () => {
  equal(atoi("120"), 120);
  equal(atoi("  +7x"), 7);
  equal(atoi("-5"), -5);
  equal(atoi("x5"), 0);
  equal(atoi(""), 0);
  // glibc: strtol, then truncated to int.
  equal(atoi("99999999999999"), 276447231);
  equal(atoi("4294967297"), 1);
});

Deno.test("parseUuidPrefix() needs the 8-4-4-4-12 form and lower-cases it", () => {
  equal(
    parseUuidPrefix("ABCDEF01-2345-6789-ABCD-EF0123456789"),
    "abcdef01-2345-6789-abcd-ef0123456789",
  );
  equal(parseUuidPrefix("abcdef01-2345-6789-abcd-ef012345678"), undefined);
  equal(parseUuidPrefix("abcdef0102345-6789-abcd-ef0123456789"), undefined);
});

Deno.test("decodeRequest() stops at the first NUL like hostapd's C strings", () => {
  equal(decodeRequest(new TextEncoder().encode("PING\0junk")), "PING");
  equal(decodeRequest(new Uint8Array()), "");
  equal(decodeRequest(Uint8Array.of(0xff, 0x41)), "\ufffdA");
});

Deno.test("parseCommand() reads WPS_CONFIG like hostapd 2.10: hex, prefix-matched types", () => {
  const u = (t: string) => new TextEncoder().encode(t);
  deepStrictEqual(parseCommand("WPS_CONFIG 4e6577 WPA2PSK CCMP 70617373776f7264"), {
    kind: "WPS_CONFIG",
    ssid: u("New"),
    auth: "WPA2PSK",
    encr: "CCMP",
    key: u("password"),
  });
  // Types match by their first letters (strncmp); encryption and key are optional.
  deepStrictEqual(parseCommand("WPS_CONFIG 4E WPAPSKx TKIPy"), {
    kind: "WPS_CONFIG",
    ssid: u("N"),
    auth: "WPAPSK",
    encr: "TKIP",
    key: new Uint8Array(0),
  });
  deepStrictEqual(parseCommand("WPS_CONFIG 4e OPEN"), {
    kind: "WPS_CONFIG",
    ssid: u("N"),
    auth: "OPEN",
    encr: "NONE",
    key: new Uint8Array(0),
  });
  for (
    const bad of [
      "WPS_CONFIG 4e6",
      "WPS_CONFIG 4e",
      "WPS_CONFIG 4g WPA2PSK",
      `WPS_CONFIG ${"41".repeat(33)} WPA2PSK`,
      "WPS_CONFIG 4e WEP",
      "WPS_CONFIG 4e WPA2PSK WEP",
      "WPS_CONFIG 4e WPA2PSK CCMP 313",
      `WPS_CONFIG 4e WPA2PSK CCMP ${"41".repeat(65)}`,
    ]
  ) {
    equal(parseCommand(bad).kind, "INVALID", bad);
  }
  equal(parseCommand("WPS_CONFIG").kind, "UNKNOWN");
});

Deno.test("parseCommand() reads DEAUTHENTICATE and DISASSOCIATE with reason= and tx=0", () => {
  deepStrictEqual(parseCommand("DEAUTHENTICATE 02:00:00:00:02:00"), {
    kind: "DEAUTHENTICATE",
    addr: mac("02:00:00:00:02:00"),
    reason: 2,
    tx: true,
  });
  deepStrictEqual(parseCommand("DISASSOCIATE 02:00:00:00:02:00 tx=0 reason=8"), {
    kind: "DISASSOCIATE",
    addr: mac("02:00:00:00:02:00"),
    reason: 8,
    tx: false,
  });
  equal(parseCommand("DEAUTHENTICATE zz").kind, "INVALID");
  equal(parseCommand("DEAUTHENTICATE 02:00:00:00:02:00 test=1").kind, "INVALID");
  equal(parseCommand("DEAUTHENTICATE").kind, "UNKNOWN");
});

Deno.test("parseCommand() reads SET like hostapd 2.10: the field ends at the first space", () => {
  // Replies of Debian's hostapd: "SET" UNKNOWN COMMAND, "SET ssid" FAIL, "SET  ssid" FAIL (an
  // empty field), "SET ssid  X" sets the SSID " X".
  equal(parseCommand("SET").kind, "UNKNOWN");
  equal(parseCommand("SETX a b").kind, "UNKNOWN");
  equal(parseCommand("SET ssid").kind, "INVALID");
  deepStrictEqual(parseCommand("SET  ssid"), { kind: "SET", field: "", value: "ssid" });
  deepStrictEqual(parseCommand("SET ssid  X"), { kind: "SET", field: "ssid", value: " X" });
  deepStrictEqual(parseCommand("SET ssid a b=c"), { kind: "SET", field: "ssid", value: "a b=c" });
  deepStrictEqual(parseCommand("SET ssid "), { kind: "SET", field: "ssid", value: "" });
});
