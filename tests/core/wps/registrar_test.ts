import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { formatMac } from "../../../core/bytes.ts";
import { AuthType, EncrType } from "../../../core/wps/constants.ts";
import { context, drive, TestEnrollee } from "./_peers.ts";

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
