/**
 * `SET <key> <value>` on the control socket, against Debian's wpa_supplicant (`-D wired`
 * Enrollee), on tsapd and on Debian's hostapd with the same config and steps: what a SET changes
 * at once (the file WPS writes the per-device PSK to), what RELOAD applies (the network the
 * Enrollee is given), and that SIGHUP, which reads the file afresh, drops the SETs.
 */
import { equal, match } from "node:assert/strict";
import { canRunInterop, STA_IF_MAC } from "./_wps_netns.ts";
import { credentialOf, IMPLS, pollConfig, pollFile, readOr, run, withAp } from "./_wps_interop.ts";

const ignore = !canRunInterop;
const PIN = "12345670";

for (const impl of IMPLS) {
  Deno.test({
    name: `SET ssid, wpa_passphrase and wpa_psk_file, then RELOAD: the Enrollee gets the new ` +
      `network and its PSK goes to the new file (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        const newPsk = `${s.pair.dir}/${impl}-set.psk`;
        await Deno.writeTextFile(newPsk, "");
        const set = async (k: string, v: string) => (await s.ap.cli("raw", `SET ${k} ${v}`)).trim();
        equal(await set("ssid", "NewNet"), "OK");
        equal(await set("wpa_passphrase", "short"), "FAIL");
        equal(await set("wpa_passphrase", "newpassphrase1"), "OK");
        equal(await set("wpa_psk_file", newPsk), "OK");
        equal(await set("no_such_key", "1"), "FAIL");
        const typo = "0123456789abcdef".repeat(4).slice(1) + "x";
        equal(await set("wpa_psk", typo), "FAIL");
        if (impl === "tsapd") {
          equal(s.ap.daemon.lines.some((l) => l.includes(typo)), false, "a mistyped PSK is logged");
        }
        // Shown at once, before RELOAD puts them in use.
        match(
          await s.ap.cli("get_config"),
          /^bssid=.*\nssid=NewNet\n.*passphrase=newpassphrase1\n/s,
        );
        equal((await s.ap.cli("reload")).trim(), "OK");
        await pollConfig(s.ap.cli, /psk=/);
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        equal(cred.ssidText, "NewNet");
        const line = await pollFile(newPsk, /\n$/);
        match(line, new RegExp(`^wps=1 ${STA_IF_MAC} ${cred.keyText}\n$`));
        equal(await readOr(s.ap.pskFile), "", "the file of the config keeps nothing");
      });
    },
  });

  Deno.test({
    name: `SET wpa_psk_file to a path that cannot be written: enrollment still succeeds and ` +
      `nothing is written (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        const bad = `${s.pair.dir}/no/such/dir/wps.psk`;
        equal((await s.ap.cli("raw", `SET wpa_psk_file ${bad}`)).trim(), "OK");
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        equal(cred.ssidText, "TestWPS");
        match(cred.keyText, /^[0-9a-f]{64}$/, "a per-device PSK, kept in memory");
        await s.ap.daemon.waitFor(/WPS-SUCCESS/);
        equal(await Deno.stat(bad).then(() => true, () => false), false, `${bad} exists`);
        equal(await readOr(s.ap.pskFile), "");
        match(await s.ap.cli("ping"), /^PONG/);
      });
    },
  });

  Deno.test({
    name: `RELOAD keeps what SET changed; SIGHUP reads the file afresh and drops it (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("raw", "SET ssid Kept")).trim(), "OK");
        equal((await s.ap.cli("reload")).trim(), "OK");
        match(await pollConfig(s.ap.cli, /ssid=Kept\n.*psk=/s), /ssid=Kept\n/);
        match(await s.ap.cli("status"), /\nssid\[0\]=Kept\n/);
        await run("pkill", "-HUP", "-f", s.ap.confPath);
        match(await pollConfig(s.ap.cli, /ssid=TestWPS\n/), /ssid=TestWPS\n/);
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        equal(credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000)).ssidText, "TestWPS");
      });
    },
  });
}
