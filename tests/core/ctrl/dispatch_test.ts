import { equal, match } from "node:assert/strict";
import { createCtrlHandler, type CtrlBackend } from "../../../core/ctrl/dispatch.ts";
import { context } from "../wps/_peers.ts";

function handler(withWps = true) {
  const { ctx, rec } = context();
  const backend: CtrlBackend = {
    status: () => "state=ENABLED\n",
    getConfig: () => "bssid=02:00:00:00:01:00\nssid=TestWPS\n",
    stations: () => [],
    reload: () => true,
    wps: withWps ? ctx : undefined,
  };
  return { h: createCtrlHandler(backend), rec };
}

Deno.test("createCtrlHandler() answers like Debian's hostapd 2.10 with a real WpsContext", async (t) => {
  const { h } = handler();
  // Request → reply pairs recorded from hostapd 2.10 (examples/wired/captures/ctrl and a
  // driver=wired run); null stands for "UNKNOWN COMMAND\n".
  const rows: [string, string | null][] = [
    ["PING", "PONG\n"],
    ["ping", null],
    ["FOOBAR", null],
    ["", null],
    ["STA-FIRST", ""],
    ["STA-NEXT ", "FAIL\n"],
    ["STA-NEXT 02:00:00:00:00:01", "FAIL\n"],
    ["STA 02:00:00:00:00:01", "FAIL\n"],
    ["STA ", "FAIL\n"],
    ["RELOAD", "OK\n"],
    ["WPS_CHECK_PIN 12345678", "FAIL-CHECKSUM\n"],
    ["WPS_CHECK_PIN 1234567", "FAIL\n"],
    ["WPS_CHECK_PIN 1234", "1234"],
    ["WPS_CHECK_PIN 1-2.3:4 5670", "12345670"],
    ["WPS_CHECK_PIN ", "FAIL\n"],
    ["WPS_PIN any 12345678", "OK\n"],
    ["WPS_PIN any 1234", "OK\n"],
    ["WPS_PIN any", "FAIL\n"],
    ["WPS_PIN bad 12345670", "FAIL\n"],
    ["WPS_PIN 12345678-9abc-def0-1234-56789abcdef0 12345670 120", "OK\n"],
    ["WPS_PIN any 12345670 10 zz", "OK\n"],
    ["WPS_AP_PIN set 12345670", "12345670"],
    ["WPS_AP_PIN get", "12345670"],
    ["WPS_AP_PIN disable", "OK\n"],
    ["WPS_AP_PIN get", "FAIL\n"],
    ["WPS_AP_PIN foo", "FAIL\n"],
    ["WPS_AP_PIN set 123456789", "FAIL\n"],
    ["WPS_AP_PIN set ab  c", "ab"],
    ["WPS_PBC", "OK\n"],
    ["WPS_GET_STATUS", "PBC Status: Active\nLast WPS result: None\n"],
    ["WPS_PBC", "OK\n"],
    ["WPS_CANCEL", "OK\n"],
    ["WPS_CANCEL", "OK\n"],
    ["WPS_GET_STATUS", "PBC Status: Timed-out\nLast WPS result: None\n"],
    ["WPS_GET_STATUx", "PBC Status: Timed-out\nLast WPS result: None\n"],
    ["WPS_PBC x", null],
  ];
  for (const [req, want] of rows) {
    await t.step(JSON.stringify(req), () => equal(h(req), want));
  }
  match(h("WPS_AP_PIN random") as string, /^[0-9]{8}$/);
});

Deno.test("createCtrlHandler() emits the WPS_PBC / WPS_CANCEL events through the context", () => {
  const { h, rec } = handler();
  h("WPS_PBC");
  h("WPS_CANCEL");
  equal(rec.events.join("|"), "WPS-PBC-ACTIVE |WPS-TIMEOUT |WPS-CANCEL ");
});

Deno.test("createCtrlHandler() FAILs WPS commands when the BSS has no WPS", () => {
  const { h } = handler(false);
  equal(h("WPS_PBC"), "FAIL\n");
  equal(h("WPS_PIN any 12345670"), "FAIL\n");
  equal(h("WPS_CANCEL"), "FAIL\n");
  equal(h("WPS_AP_PIN get"), "FAIL\n");
  equal(h("WPS_CHECK_PIN 12345670"), "12345670");
  equal(h("WPS_GET_STATUS"), "PBC Status: Disabled\nLast WPS result: None\n");
});

Deno.test("createCtrlHandler() passes unknown commands to the backend's fallback", () => {
  const h = createCtrlHandler({
    status: () => "",
    getConfig: () => "",
    stations: () => [],
    reload: () => false,
    other: (text) => text === "MIB" ? "dot11RSNAEnabled=TRUE\n" : null,
  });
  equal(h("MIB"), "dot11RSNAEnabled=TRUE\n");
  equal(h("NOPE"), null);
  equal(h("RELOAD"), "FAIL\n");
  equal(h("STATUS"), "");
});

Deno.test("createCtrlHandler() answers PMKSA from the backend and the flushes with OK", () => {
  const header = "Index / SPA / PMKID / expiration (in seconds) / opportunistic\n";
  let running = true;
  const h = createCtrlHandler({
    status: () => "",
    getConfig: () => "",
    stations: () => [],
    reload: () => false,
    pmksa: () => running ? header : "",
  });
  equal(h("PMKSA"), header);
  equal(h("PMKSA_FLUSH"), "OK\n");
  equal(h("ERP_FLUSH"), "OK\n");
  running = false;
  equal(h("PMKSA"), "");
  // A backend without the PMKSA cache (the layer alone) does not know the commands.
  const bare = createCtrlHandler({
    status: () => "",
    getConfig: () => "",
    stations: () => [],
    reload: () => false,
  });
  equal(bare("PMKSA"), null);
  equal(bare("ERP_FLUSH"), null);
});
