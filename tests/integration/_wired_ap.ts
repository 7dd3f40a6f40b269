/**
 * Test-only AP process for tests/integration/wired_eap_test.ts, run inside the AP namespace via
 * `ip netns exec <ns> deno run -A _wired_ap.ts <ifname> <fragment_size> <pin|off>`: the wired
 * driver with the real WPS Registrar (WpsContext), settings like
 * /work/shared/examples/wired/hostapd.conf. Prints `READY`, then `EVENT <text>` per control
 * event and `STATIONS [...]` after each EAP-Failure; stops on SIGTERM or after 60 s.
 *
 * @module
 */

import { systemClock } from "../../core/clock.ts";
import { WpsContext } from "../../core/wps/wps_context.ts";
import type { WpsApSettings, WpsHost } from "../../core/wps/wps_settings.ts";
import { WiredDriver } from "../../daemon/drivers/wired.ts";
import { interfaceMac } from "../../ffi/libc.ts";
import { stopSharedReactor } from "../../ffi/reactor.ts";
import { apSettings } from "../core/wps/_peers.ts";

const [ifname, fragArg, pinArg] = Deno.args;
if (!ifname || !fragArg || !pinArg) throw new TypeError("Usage: _wired_ap.ts <if> <frag> <pin>");

const say = (line: string) => console.log(line);
const settings: WpsApSettings = apSettings({ bssid: interfaceMac(ifname) });
const host: WpsHost = {
  emit: (t) => say(`EVENT ${t}`),
  appendPinRequest: () => {},
  storeDevicePsk: () => {},
  applyNewApSettings: () => {},
  selectedRegistrarChanged: () => {},
  deauthWpsStations: () => {},
  unixTime: () => Math.floor(Date.now() / 1000),
};
const ctx = new WpsContext(settings, host, systemClock);
if (pinArg !== "off" && !ctx.addPin("any", pinArg)) throw new RangeError("Cannot add the PIN");

const driver = new WiredDriver();
driver.start(ifname, {
  runFactory: pinArg === "off" ? () => null : ctx.createRun,
  emit: (t) => {
    say(`EVENT ${t}`);
    if (t.startsWith("CTRL-EVENT-EAP-FAILURE")) {
      say(`STATIONS ${JSON.stringify(driver.stations().map((s) => s.mac))}`);
    }
  },
  fragmentSize: Number(fragArg),
  eapolVersion: 2,
});

let done = false;
const shutdown = async () => {
  if (done) return;
  done = true;
  driver.stop();
  ctx.dispose();
  await stopSharedReactor();
  say("STOPPED");
  Deno.exit(0);
};
Deno.addSignalListener("SIGTERM", shutdown);
setTimeout(shutdown, 60_000);
say("READY");
