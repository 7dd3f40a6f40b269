/**
 * WPS_CONFIG (reference 2.5 and 5.10) through Debian's real `hostapd_cli wps_config`, against
 * tsapd and against Debian's hostapd on the same hostapd.conf: the new settings are announced
 * with WPS-NEW-AP-SETTINGS, the config file is rewritten with hostapd's WPS block and reloaded,
 * and the next Enrollee (Debian's wpa_supplicant, PIN) receives the new network. Bad arguments
 * and a WPA passphrase of 7 characters get FAIL and change nothing.
 */
import { equal, match, ok } from "node:assert/strict";
import { fromHex } from "../../core/bytes.ts";
import { parseAttributes } from "../../core/wps/attributes.ts";
import { Attr, AuthType, EncrType } from "../../core/wps/constants.ts";
import { credentialFromAttrs } from "../../core/wps/credential.ts";
import { canRunInterop } from "./_wps_netns.ts";
import { credentialOf, IMPLS, pollConfig, run, sleep, withAp } from "./_wps_interop.ts";

const ignore = !canRunInterop;
const PIN = "12345670";

for (const impl of IMPLS) {
  Deno.test({
    name: `wps_config applies new AP settings: WPS-NEW-AP-SETTINGS, the config rewritten and ` +
      `reloaded, and the next Enrollee gets the new network (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        const original = await Deno.readTextFile(s.ap.confPath);
        // Refused without any change: odd hex, unknown types, a 7-character passphrase.
        for (
          const bad of [
            ["raw", "WPS_CONFIG 4e6 WPA2PSK CCMP"],
            ["raw", "WPS_CONFIG 4e6577 WEP"],
            ["raw", "WPS_CONFIG 4e6577 WPA2PSK WEP"],
            ["raw", "WPS_CONFIG 4e6577 WPA2PSK CCMP 3132333"],
            ["wps_config", "NewNet", "WPA2PSK", "CCMP", "1234567"],
          ]
        ) {
          equal((await s.ap.cli(...bad)).trim(), "FAIL", bad.join(" "));
        }
        equal(await Deno.readTextFile(s.ap.confPath), original);

        equal(
          (await s.ap.cli("wps_config", "NewNet", "WPA2PSK", "CCMP", "newpassphrase1")).trim(),
          "OK",
        );
        await s.ap.daemon.waitFor(/WPS-NEW-AP-SETTINGS/);
        const config = await pollConfig(s.ap.cli, /\nssid=NewNet\n/);
        match(config, /\nssid=NewNet\nwps_state=configured\n/);
        match(config, /\npassphrase=newpassphrase1\n/);
        match(config, /\nwpa=2\nkey_mgmt=WPA-PSK\s*\n/);
        const conf = await Deno.readTextFile(s.ap.confPath);
        ok(
          conf.startsWith(
            "# WPS configuration - START\nwps_state=2\nssid=NewNet\nwpa=2\n" +
              "wpa_key_mgmt=WPA-PSK\nwpa_pairwise=CCMP\nwpa_passphrase=newpassphrase1\n" +
              "auth_algs=1\n# WPS configuration - END\n",
          ),
          conf,
        );
        match(conf, /\n#WPS# ssid=TestWPS\n/);

        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        equal(cred.ssidText, "NewNet");
        equal(cred.authType, AuthType.WPA2PSK);
        equal(cred.encrType, EncrType.AES);
      });
    },
  });

  Deno.test({
    name: `With wps_cred_processing=2 wps_config's WPS-NEW-AP-SETTINGS carries a Credential ` +
      `attribute; WPAPSK/TKIP is upgraded to WPA+WPA2 with TKIP+CCMP (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, ["wps_cred_processing=2"], async (s) => {
        equal(
          (await s.ap.cli("wps_config", "Mixed", "WPAPSK", "TKIP", "mixedpassphrase")).trim(),
          "OK",
        );
        const line = await s.ap.daemon.waitFor(/WPS-NEW-AP-SETTINGS/);
        const hex = /WPS-NEW-AP-SETTINGS ([0-9a-f]+)$/.exec(line)?.[1];
        ok(hex, line);
        const attrs = parseAttributes(fromHex(hex));
        const cred = attrs.map.get(Attr.CRED)?.[0]?.value;
        ok(cred, `no Credential in ${hex}`);
        const c = credentialFromAttrs(parseAttributes(cred), "Credential");
        equal(new TextDecoder().decode(c.ssid), "Mixed");
        equal(c.authType, AuthType.WPAPSK | AuthType.WPA2PSK);
        equal(c.encrType, EncrType.TKIP | EncrType.AES);
        equal(new TextDecoder().decode(c.networkKey), "mixedpassphrase");
        await pollConfig(s.ap.cli, /\nssid=Mixed\n/);
        const conf = await Deno.readTextFile(s.ap.confPath);
        match(conf, /\nwpa=3\nwpa_key_mgmt=WPA-PSK\nwpa_pairwise=CCMP TKIP\n/);
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name:
      `wps_config reports settings before checking them: a 7-character key is announced, then ` +
      `FAIL; with wps_cred_processing=1 it is only announced, OK (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_config", "New", "WPA2PSK", "CCMP", "1234567")).trim(), "FAIL");
        await s.ap.daemon.waitFor(/WPS-NEW-AP-SETTINGS/);
        match(await s.ap.cli("get_config"), /\nssid=TestWPS\n/);
      });
      await withAp(impl, ["wps_cred_processing=1"], async (s) => {
        equal((await s.ap.cli("wps_config", "New", "WPA2PSK", "CCMP", "1234567")).trim(), "OK");
        await s.ap.daemon.waitFor(/WPS-NEW-AP-SETTINGS [0-9a-f]+/);
        match(await s.ap.cli("get_config"), /\nssid=TestWPS\n/);
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name: `wps_config answers FAIL when the config file cannot be rewritten (read-only ` +
      `directory), and the AP keeps its network (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        const dir = s.pair.dir;
        // `ip netns exec` gave the daemon a mount namespace of its own: mount inside it.
        const pid = (await run("pgrep", "-n", "-f", s.ap.confPath)).trim();
        const inDaemon = (...args: string[]) => run("nsenter", "-t", pid, "-m", "--", ...args);
        await inDaemon("mount", "--bind", dir, dir);
        try {
          await inDaemon("mount", "-o", "remount,bind,ro", dir);
          equal(
            (await s.ap.cli("wps_config", "NewNet", "WPA2PSK", "CCMP", "newpassphrase1")).trim(),
            "FAIL",
          );
        } finally {
          await inDaemon("umount", dir);
        }
        await s.ap.daemon.waitFor(/WPS-NEW-AP-SETTINGS/);
        await sleep(300);
        match(await s.ap.cli("get_config"), /\nssid=TestWPS\n/);
        // hostapd's Registrar hands out the new network nonetheless, one the AP does not run;
        // tsapd's keeps the network the AP serves.
        if (impl === "hostapd") return;
        equal((await s.ap.cli("wps_pin", "any", "12345670")).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: "12345670" });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        equal(cred.ssidText, "TestWPS");
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name: `wps_config OPEN on a wired 802.1X port: the next Enrollee gets the open network ` +
      `(${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_config", "OpenNet", "OPEN", "NONE")).trim(), "OK");
        await pollConfig(s.ap.cli, /\nssid=OpenNet\n/);
        equal((await s.ap.cli("wps_pin", "any", "12345670")).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: "12345670" });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        equal(cred.ssidText, "OpenNet");
        equal(cred.authType, AuthType.OPEN);
        equal(cred.encrType, EncrType.NONE);
      });
    },
  });
}
