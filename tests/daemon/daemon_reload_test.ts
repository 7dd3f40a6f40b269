/**
 * RELOAD after SETs, in process with a fake driver: the whole-config check that RELOAD runs
 * before anything stops, and the way back when the changed config cannot start.
 */
import { equal, match } from "node:assert/strict";
import { daemonWith } from "./_fake_daemon.ts";

Deno.test("RELOAD of a config that SETs left invalid answers FAIL and the AP runs on", async () => {
  const { d, cli, cleanup } = await daemonWith(["fake0"]);
  try {
    const bss = d.bsses[0]!;
    // hostapd accepts each SET (no PSK check before the whole config is applied)...
    equal(cli("fake0", "SET eap_server 0"), "OK\n");
    equal(cli("fake0", "SET ieee8021x 1"), "OK\n");
    // ...and RELOAD's check refuses the result: nothing is torn down.
    equal(cli("fake0", "RELOAD"), "FAIL\n");
    equal(d.bsses[0], bss, "the running BSS was replaced");
    match(cli("fake0", "STATUS"), /^state=ENABLED\n/);
    equal(cli("fake0", "SET eap_server 1"), "OK\n");
    equal(cli("fake0", "RELOAD"), "OK\n");
    await d.reload();
    equal(d.bsses[0]!.bss.ieee8021x, 1, "the SETs are in force after the RELOAD");
  } finally {
    await cleanup();
  }
});

Deno.test("a RELOAD whose SET config cannot start goes back to the config as it ran", async () => {
  const { d, cli, cleanup } = await daemonWith(["fake0"], {
    onDriverStart: (bss) => {
      if (new TextDecoder().decode(bss.bss.ssid) === "Refused") throw new Error("refused");
    },
  });
  try {
    equal(cli("fake0", "SET ssid Refused"), "OK\n");
    equal(cli("fake0", "RELOAD"), "OK\n");
    await d.reload();
    equal(d.bsses.length, 1, "the old config runs again");
    match(cli("fake0", "GET_CONFIG"), /\nssid=TestWPS\n/);
    match(cli("fake0", "STATUS"), /\nssid\[0\]=TestWPS\n/);
    // The SET is still in force: the next RELOAD fails the same way and comes back again.
    equal(await d.reload(), false);
    equal(d.bsses.length, 1);
  } finally {
    await cleanup();
  }
});
