/**
 * WPS Registrar interop over veth: Debian's wpa_supplicant as the Enrollee. Until the daemon
 * and its EAP server are wired, these tests check the harness against Debian's own hostapd
 * (the reference behaviour the project's Registrar must reproduce).
 */
import { equal, match, ok } from "node:assert/strict";
import {
  canRunInterop,
  createNetnsPair,
  STA_IF_MAC,
  startReferenceHostapd,
  startWpaSupplicant,
} from "./_wps_netns.ts";

const ignore = !canRunInterop;

Deno.test({
  name: "wpa_supplicant enrolls by PIN over veth and gets a per-device PSK",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const pair = await createNetnsPair();
    const ap = await startReferenceHostapd(pair);
    const sta = await startWpaSupplicant(pair, { enrollee: "pin", pin: "12345670" });
    try {
      equal((await ap.cli("wps_pin", "any", "12345670")).trim(), "OK");
      await sta.waitFor(/WPS-SUCCESS/, 20_000);
      const cred = await sta.waitFor(/WPS-CRED-RECEIVED/);
      ok(cred.length > 0);
      const status = await ap.cli("wps_get_status");
      match(status, /Last WPS result: Success/);
      match(status, new RegExp(`Peer Address: ${STA_IF_MAC}`));
      // Per-device PSK mode (wpa_psk_file set): the PSK was appended for the Enrollee.
      const psk = await Deno.readTextFile(ap.pskFile);
      match(psk, new RegExp(`^wps=1 ${STA_IF_MAC} [0-9a-f]{64}\\n$`));
    } finally {
      await sta.stop();
      await ap.daemon.stop();
      await pair.close();
    }
  },
});

Deno.test({
  name: "wpa_supplicant with a wrong first PIN half makes the Registrar report msg=8",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const pair = await createNetnsPair();
    const ap = await startReferenceHostapd(pair);
    const sta = await startWpaSupplicant(pair, { enrollee: "pin", pin: "12345670" });
    try {
      equal((await ap.cli("wps_pin", "any", "11111116")).trim(), "OK");
      const fail = await sta.waitFor(/WPS-FAIL/, 20_000);
      match(fail, /msg=8 config_error=18/);
      match(await ap.cli("wps_get_status"), /Last WPS result: Failed/);
    } finally {
      await sta.stop();
      await ap.daemon.stop();
      await pair.close();
    }
  },
});
