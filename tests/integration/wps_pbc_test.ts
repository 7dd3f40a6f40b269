/**
 * Push-button enrollment of Debian's wpa_supplicant against tsapd and, for comparison, Debian's
 * hostapd on the same hostapd.conf: a single PBC Enrollee, and a PBC session overlap between a
 * replayed PBC M1 (recorded from wpa_supplicant, UUID abcdef01-…) and a real wpa_supplicant
 * with another UUID on a bridge with isolated ports (the layout of
 * /work/shared/examples/wired/pbc2.sh, case D).
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { AuthType, EncrType } from "../../core/wps/constants.ts";
import { canRunInterop, STA_IF_MAC } from "./_wps_netns.ts";
import {
  type BridgePort,
  createBridge,
  credentialOf,
  IMPLS,
  onlyEvents,
  pollFile,
  readOr,
  sleep,
  STA_UUID,
  withAp,
} from "./_wps_interop.ts";
import { startRawPeer } from "./_wps_raw_peer.ts";

const ignore = !canRunInterop;
const UUID2 = "abcdef02-2345-6789-abcd-ef0123456789";

for (const impl of IMPLS) {
  Deno.test({
    name: `WPS_PBC enrolls a push-button Enrollee and ends PBC mode (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_pbc")).trim(), "OK");
        match(await s.ap.cli("wps_get_status"), /PBC Status: Active/);
        const sta = await s.station({ enrollee: "pbc" });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-FAILURE/);
        equal(cred.ssidText, "TestWPS");
        equal(cred.authType, AuthType.WPA2PSK);
        equal(cred.encrType, EncrType.AES);
        equal(cred.mac, STA_IF_MAC);
        equal(await pollFile(s.ap.pskFile, /\n/), `wps=1 ${STA_IF_MAC} ${cred.keyText}\n`);
        // captures/pbc/hostapd-events.txt
        deepStrictEqual(s.events(), [
          "WPS-PBC-ACTIVE ",
          `CTRL-EVENT-EAP-STARTED ${STA_IF_MAC}`,
          "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
          "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
          `WPS-REG-SUCCESS ${STA_IF_MAC} ${STA_UUID}`,
          "WPS-PBC-DISABLE ",
          "WPS-SUCCESS ",
          `CTRL-EVENT-EAP-FAILURE ${STA_IF_MAC}`,
        ]);
        const status = await s.ap.cli("wps_get_status");
        match(status, /PBC Status: Disabled/);
        match(status, /Last WPS result: Success/);
      });
    },
  });

  Deno.test({
    name: `Two PBC Enrollees with different UUIDs in the walk time are refused as an overlap ` +
      `with M2D config_error 12 (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      let ports: BridgePort[] = [];
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_pbc")).trim(), "OK");
        // Enrollee 1 pressed its button: its PBC M1 reaches the Registrar, then it goes silent.
        const peer = startRawPeer(ports[0]!.ns, ["m1", ports[0]!.ifname, "pbc", "15000"]);
        try {
          match(await peer.waitFor(/^GOT M2|^ERROR/, 20_000), /^GOT M2 op=4/);
          const sta = await s.station({ enrollee: "pbc" }, { at: ports[1]!, uuid: UUID2 });
          const m2d = await sta.waitFor(/WPS-M2D/, 20_000);
          match(m2d, /WPS-M2D dev_password_id=\d+ config_error=12$/);
          await sta.waitFor(/CTRL-EVENT-EAP-FAILURE/);
          await s.ap.daemon.waitFor(/WPS-FAIL/);
          equal(sta.lines.some((l) => /WPS-CRED-RECEIVED|WPS-SUCCESS/.test(l)), false);
          deepStrictEqual(onlyEvents(s.events(), ["WPS-"]), [
            "WPS-PBC-ACTIVE ",
            "WPS-OVERLAP-DETECTED ",
            "WPS-FAIL msg=4 config_error=12",
          ]);
          const status = await s.ap.cli("wps_get_status");
          match(status, /PBC Status: Overlap/);
          match(status, /Last WPS result: Failed/);
          match(status, new RegExp(`Peer Address: ${ports[1]!.mac}`));
          await sleep(200);
          equal(await readOr(s.ap.pskFile), "");
          ok(s.events().includes(`CTRL-EVENT-EAP-FAILURE ${ports[1]!.mac}`));
        } finally {
          await peer.stop();
        }
      }, async () => {
        const b = await createBridge(2);
        ports = b.ports;
        return b.pair;
      });
    },
  });
}
