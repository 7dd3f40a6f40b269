/**
 * Debian's wpa_supplicant as an external Registrar (identity WFA-SimpleConfig-Registrar-1-0,
 * `phase1="pin=<AP PIN> new_ssid=<hex> new_auth=… new_encr=… new_key=<hex>"`) against tsapd
 * as the Enrollee, and the same against Debian's hostapd on the same hostapd.conf: new AP
 * settings rewrite the config file (atomically) and take effect after the reload; wrong AP
 * PINs lock AP setup after the third failure, a locked AP refuses Registrars at M2, and
 * WPS_AP_PIN set unlocks it. The lockout schedule itself is unit-tested with a ManualClock in
 * tests/core/wps/ap_pin_test.ts.
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { fromHex, fromUtf8 } from "../../core/bytes.ts";
import { parseAttributes } from "../../core/wps/attributes.ts";
import { Attr, AuthType, EncrType } from "../../core/wps/constants.ts";
import { credentialFromAttrs } from "../../core/wps/credential.ts";
import { canRunInterop, STA_IF_MAC } from "./_wps_netns.ts";
import { IMPLS, listDir, onlyEvents, pollConfig, run, withAp } from "./_wps_interop.ts";
import { apConfigLines } from "./_ap.ts";

const ignore = !canRunInterop;
const AP_PIN = "12345670";
const MAC5 = "02:00:00:00:02:05";
const NEW = { ssid: "NewNet", auth: "WPA2PSK", encr: "CCMP", key: "newpassphrase1" };
/** Lines hostapd comments out with `#WPS# ` when it applies new settings (reference 5.10). */
const REPLACED =
  /^(ssid2?|auth_algs|wep_default_key|wep_key\d*|wps_state|wpa|wpa_psk|wpa_pairwise|rsn_pairwise|wpa_key_mgmt|wpa_passphrase)=/;

for (const impl of IMPLS) {
  Deno.test({
    name: `An external Registrar with the AP PIN applies new settings: WPS-NEW-AP-SETTINGS, ` +
      `the config rewritten in place and reloaded (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [`ap_pin=${AP_PIN}`], async (s) => {
        const original = await Deno.readTextFile(s.ap.confPath);
        const er = await s.station({ registrar: AP_PIN, newSettings: NEW });
        await er.waitFor(/WPS-SUCCESS/, 20_000);
        await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-FAILURE/);
        deepStrictEqual(s.events(), [
          `CTRL-EVENT-EAP-STARTED ${STA_IF_MAC}`,
          "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
          "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
          "WPS-NEW-AP-SETTINGS ",
          "WPS-SUCCESS ",
          `CTRL-EVENT-EAP-FAILURE ${STA_IF_MAC}`,
        ]);
        const config = await pollConfig(s.ap.cli, /ssid=NewNet/);
        match(config, /^bssid=02:00:00:00:01:00\nssid=NewNet\nwps_state=configured\n/);
        match(config, /\npassphrase=newpassphrase1\n/);
        match(
          config,
          /\nwpa=2\nkey_mgmt=WPA-PSK\s*\ngroup_cipher=CCMP\nrsn_pairwise_cipher=CCMP\n/,
        );
        // The rewritten file: hostapd's WPS block, then the old file with replaced keys
        // commented out.
        const expected = [
          "# WPS configuration - START",
          "wps_state=2",
          "ssid=NewNet",
          "wpa=2",
          "wpa_key_mgmt=WPA-PSK",
          "wpa_pairwise=CCMP",
          "wpa_passphrase=newpassphrase1",
          "auth_algs=1",
          "# WPS configuration - END",
          ...original.replace(/\n$/, "").split("\n").map((l) =>
            REPLACED.test(l) ? `#WPS# ${l}` : l
          ),
          "",
        ].join("\n");
        equal(await Deno.readTextFile(s.ap.confPath), expected);
        ok(expected.includes("#WPS# ssid=TestWPS\n") && expected.includes("#WPS# wps_state=2"));
        // Written aside and renamed: no `-new` or temporary file is left behind.
        const files = (await listDir(s.pair.dir)).filter((f) => f.startsWith(impl));
        deepStrictEqual(files, [`${impl}-ctrl`, `${impl}.conf`, `${impl}.psk`]);
        // In per-device PSK mode the AP-Enrollee hands the ER a fresh PSK in M7 and stores it.
        match(
          await Deno.readTextFile(s.ap.pskFile),
          new RegExp(`^wps=1 ${STA_IF_MAC} [0-9a-f]{64}\n$`),
        );
        // The ER's own view of the run.
        ok(er.lines.some((l) => l.includes("WPS-CRED-RECEIVED")), er.lines.join("\n"));
      });
    },
  });

  Deno.test({
    name: `With wps_cred_processing=2 WPS-NEW-AP-SETTINGS carries the received AP Settings ` +
      `and the config is still rewritten (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [`ap_pin=${AP_PIN}`, "wps_cred_processing=2"], async (s) => {
        const er = await s.station({ registrar: AP_PIN, newSettings: NEW });
        await er.waitFor(/WPS-SUCCESS/, 20_000);
        const line = await s.ap.daemon.waitFor(/WPS-NEW-AP-SETTINGS/);
        const hex = /WPS-NEW-AP-SETTINGS ([0-9a-f]+)$/.exec(line)?.[1];
        ok(hex, line);
        const attrs = parseAttributes(fromHex(hex));
        const c = credentialFromAttrs(attrs, "AP Settings");
        equal(fromUtf8(c.ssid), NEW.ssid);
        equal(fromUtf8(c.networkKey), NEW.key);
        equal(c.authType, AuthType.WPA2PSK);
        equal(c.encrType, EncrType.AES);
        // The decrypted settings end with their Key Wrap Authenticator (reference 3).
        equal(attrs.list.at(-1)?.type, Attr.KEY_WRAP_AUTH);
        match(await pollConfig(s.ap.cli, /ssid=NewNet/), /\nssid=NewNet\n/);
        match(await Deno.readTextFile(s.ap.confPath), /^# WPS configuration - START\n/);
      });
    },
  });

  Deno.test({
    name: `Wrong AP PINs lock AP setup at the third failure, a locked AP refuses the ER at M2 ` +
      `with config_error 15, and WPS_AP_PIN set unlocks it (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [`ap_pin=${AP_PIN}`], async (s) => {
        // A fresh station MAC per attempt: a MAC whose run just failed is kept quiet for a while.
        const attempt = async (i: number, pin: string, done: RegExp) => {
          const mac = `02:00:00:00:02:${i.toString(16).padStart(2, "0")}`;
          await run("ip", "-n", s.pair.staNs, "link", "set", s.pair.staIf, "address", mac);
          const er = await s.station({ registrar: pin });
          try {
            return await er.waitFor(done, 20_000);
          } finally {
            await er.waitFor(/CTRL-EVENT-EAP-FAILURE/).catch(() => {});
            await er.stop();
          }
        };
        const wpsEvents = () => onlyEvents(s.events(), ["WPS-"]);
        for (let i = 1; i <= 3; i++) {
          match(await attempt(i, "11115670", /WPS-FAIL/), /WPS-FAIL msg=8 config_error=18$/);
          await s.ap.daemon.waitFor(new RegExp(`CTRL-EVENT-EAP-FAILURE 02:00:00:00:02:0${i}`));
          if (i < 3) equal(wpsEvents().filter((e) => e.startsWith("WPS-AP-SETUP")).length, 0);
        }
        deepStrictEqual(wpsEvents(), [
          "WPS-FAIL msg=8 config_error=18",
          "WPS-FAIL msg=8 config_error=18",
          "WPS-AP-SETUP-LOCKED ",
          "WPS-FAIL msg=8 config_error=18",
        ]);
        // Locked: even the right AP PIN is refused when the ER sends M2.
        match(await attempt(4, AP_PIN, /WPS-FAIL/), /WPS-FAIL msg=5 config_error=15$/);
        await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-FAILURE 02:00:00:00:02:04/);
        equal(wpsEvents().length, 4, "no AP-side event for the refused ER");
        equal((await s.ap.cli("wps_ap_pin", "set", AP_PIN)).trim(), AP_PIN);
        await s.ap.daemon.waitFor(/WPS-AP-SETUP-UNLOCKED/, 5_000);
        equal(wpsEvents().at(-1), "WPS-AP-SETUP-UNLOCKED ");
        equal(
          await Deno.readTextFile(s.ap.confPath),
          apConfigLines(s.pair, impl, [`ap_pin=${AP_PIN}`]).join("\n") + "\n",
          "failed Registrars change nothing",
        );
        // Unlocked: the right AP PIN configures the AP again.
        await run("ip", "-n", s.pair.staNs, "link", "set", s.pair.staIf, "address", MAC5);
        const er = await s.station({ registrar: AP_PIN, newSettings: NEW });
        await er.waitFor(/WPS-SUCCESS/, 20_000);
        await s.ap.daemon.waitFor(/WPS-NEW-AP-SETTINGS/);
        match(await pollConfig(s.ap.cli, /ssid=NewNet/), /\nssid=NewNet\n/);
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name: `ap_setup_locked=1 undone by WPS_AP_PIN set stays undone across RELOAD: the ER ` +
      `configures the AP (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [`ap_pin=${AP_PIN}`, "ap_setup_locked=1"], async (s) => {
        equal((await s.ap.cli("wps_ap_pin", "set", AP_PIN, "0")).trim(), AP_PIN);
        await s.ap.daemon.waitFor(/WPS-AP-SETUP-UNLOCKED/);
        equal((await s.ap.cli("reload")).trim(), "OK");
        // hostapd reads ap_setup_locked only at start: the file's 1 does not lock it again.
        const er = await s.station({ registrar: AP_PIN, newSettings: NEW });
        await er.waitFor(/WPS-SUCCESS/, 20_000);
        await s.ap.daemon.waitFor(/WPS-NEW-AP-SETTINGS/);
        match(await pollConfig(s.ap.cli, /ssid=NewNet/), /\nssid=NewNet\n/);
        equal(onlyEvents(s.events(), ["WPS-AP-SETUP-UNLOCKED"]).length, 1);
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name: `An ER configures a port that runs 802.1X without WPA (M7 offers type 0, no key) ` +
      `(${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const noWpa = ["wpa", "wpa_key_mgmt", "rsn_pairwise", "wpa_passphrase", "wpa_psk_file"]
        .map((k) => `${k}=__unset__`);
      await withAp(impl, [...noWpa, `ap_pin=${AP_PIN}`], async (s) => {
        const er = await s.station({ registrar: AP_PIN, newSettings: NEW });
        await er.waitFor(/WPS-SUCCESS/, 20_000);
        await s.ap.daemon.waitFor(/WPS-SUCCESS/);
        ok(s.events().includes("WPS-NEW-AP-SETTINGS "), s.events().join("\n"));
        const config = await pollConfig(s.ap.cli, /ssid=NewNet/);
        match(config, /\nssid=NewNet\n/);
        match(config, /\npassphrase=newpassphrase1\n/);
      });
    },
  });
}
