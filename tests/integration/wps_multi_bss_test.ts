/**
 * One daemon serving two interfaces (two hostapd.conf files, each a wired port in the same
 * namespace), on tsapd and on Debian's hostapd with the same files and steps: hostapd's WPS
 * commands reach every BSS of the process that is not `wps_independent`, and a registration on
 * one completes the Registrars of the others, so a wildcard PIN enrolls one device, not one per
 * interface.
 */
import { equal, match } from "node:assert/strict";
import { canRunInterop, createNetnsPair, spawnInNs } from "./_wps_netns.ts";
import { apConfigLines, REPO } from "./_ap.ts";
import { credentialOf, IMPLS, run, sleep, startStation } from "./_wps_interop.ts";

const ignore = !canRunInterop;
const PIN = "12345670";

for (const impl of IMPLS) {
  Deno.test({
    name: `WPS_PIN, WPS_PBC, WPS_CANCEL and WPS_AP_PIN reach both interfaces of one daemon; a ` +
      `wildcard PIN used on one is gone from the other (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const pair = await createNetnsPair();
      // A second port: AP side in the AP namespace, its peer in the station namespace.
      const apIf2 = `${pair.apIf}b`, staIf2 = `${pair.staIf}b`;
      await run(
        "ip",
        "-n",
        pair.apNs,
        "link",
        "add",
        apIf2,
        "type",
        "veth",
        "peer",
        "name",
        staIf2,
      );
      await run("ip", "-n", pair.apNs, "link", "set", staIf2, "netns", pair.staNs);
      await run("ip", "-n", pair.apNs, "link", "set", apIf2, "address", "02:00:00:00:01:01");
      await run("ip", "-n", pair.staNs, "link", "set", staIf2, "address", "02:00:00:00:02:01");
      await run("ip", "-n", pair.apNs, "link", "set", apIf2, "up");
      await run("ip", "-n", pair.staNs, "link", "set", staIf2, "up");
      const base = `${pair.dir}/${impl}`;
      const lines = apConfigLines(pair, impl);
      const conf1 = `${base}-1.conf`, conf2 = `${base}-2.conf`;
      await Deno.writeTextFile(`${base}.psk`, "");
      await Deno.writeTextFile(`${base}-2.psk`, "");
      await Deno.writeTextFile(conf1, lines.join("\n") + "\n");
      await Deno.writeTextFile(
        conf2,
        lines.map((l) =>
          l.startsWith("interface=")
            ? `interface=${apIf2}`
            : l.startsWith("wpa_psk_file=")
            ? `wpa_psk_file=${base}-2.psk`
            : l
        ).join("\n") + "\n",
      );
      const daemon = spawnInNs(
        pair.apNs,
        impl === "hostapd" ? ["hostapd", conf1, conf2] : [`${REPO}/tsapd`, conf1, conf2],
      );
      const stations: { stop(): Promise<void> }[] = [];
      const cli = (ifname: string, ...a: string[]) =>
        run(
          "ip",
          "netns",
          "exec",
          pair.apNs,
          "hostapd_cli",
          "-p",
          `${base}-ctrl`,
          "-i",
          ifname,
          ...a,
        )
          .then((s) => s.trim());
      try {
        for (const ifname of [pair.apIf, apIf2]) {
          for (let i = 0; !(await cli(ifname, "ping").catch(() => "")).startsWith("PONG"); i++) {
            if (i > 400) throw new Error(`${impl} did not answer on ${ifname}`);
            await sleep(25);
          }
        }
        // WPS_PBC on one interface starts PBC on both; WPS_CANCEL on the other stops both.
        equal(await cli(pair.apIf, "wps_pbc"), "OK");
        match(await cli(apIf2, "wps_get_status"), /^PBC Status: Active$/m);
        equal(await cli(apIf2, "wps_cancel"), "OK");
        match(await cli(pair.apIf, "wps_get_status"), /^PBC Status: Timed-out$/m);
        // One AP PIN for both.
        const apPin = await cli(pair.apIf, "wps_ap_pin", "random");
        match(apPin, /^\d{8}$/);
        equal(await cli(apIf2, "wps_ap_pin", "get"), apPin);
        equal(await cli(apIf2, "wps_ap_pin", "disable"), "OK");
        equal(await cli(pair.apIf, "wps_ap_pin", "get"), "FAIL");
        // A wildcard PIN given on the first interface enrolls a device on the second ...
        equal(await cli(pair.apIf, "wps_pin", "any", PIN), "OK");
        const first = await startStation({
          ns: pair.staNs,
          ifname: staIf2,
          dir: pair.dir,
          mode: { enrollee: "pin", pin: PIN },
        });
        stations.push(first);
        const cred = credentialOf(await first.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        equal(cred.ssidText, "TestWPS");
        await daemon.waitFor(new RegExp(`^${apIf2}: WPS-SUCCESS`));
        // ... and is then gone from the first as well: its Enrollee is asked for a PIN.
        const second = await startStation({
          ns: pair.staNs,
          ifname: pair.staIf,
          dir: pair.dir,
          mode: { enrollee: "pin", pin: PIN },
          uuid: "abcdef01-2345-6789-abcd-ef0123456780",
        });
        stations.push(second);
        await daemon.waitFor(new RegExp(`^${pair.apIf}: WPS-PIN-NEEDED`), 20_000);
        await second.waitFor(/CTRL-EVENT-EAP-FAILURE/);
        equal(second.lines.some((l) => /WPS-CRED-RECEIVED/.test(l)), false);
      } finally {
        for (const s of stations) await s.stop();
        await daemon.stop();
        await pair.close();
      }
    },
  });
}
