/**
 * RELOAD after SETs, in process with a fake driver: the whole-config check that RELOAD runs
 * before anything stops, and the way back when the changed config cannot start.
 */
import { deepStrictEqual, equal, match, notEqual, ok } from "node:assert/strict";
import { toHex } from "../../core/bytes.ts";
import type { Bss } from "../../daemon/bss.ts";
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

Deno.test("RELOAD restarts only the config of the interface asked; SIGHUP restarts all", async () => {
  const { d, cli, events, cleanup, paths } = await daemonWith(["fake0", "fake1"]);
  try {
    const [b0, b1] = d.bsses as [Bss, Bss];
    equal(cli("fake0", "SET ssid KeptBySet"), "OK\n");
    // The other file changes on disk; only SIGHUP (or its own RELOAD) reads it.
    await Deno.writeTextFile(paths[0]!, (await Deno.readTextFile(paths[0]!)) + "ssid=Edited\n");
    events.length = 0;
    equal(cli("fake1", "RELOAD"), "OK\n");
    for (let i = 0; i < 200 && d.bsses[1] === b1; i++) await new Promise((r) => setTimeout(r, 5));
    equal(d.bsses.length, 2);
    equal(d.bsses[0], b0, "fake0 runs on untouched");
    notEqual(d.bsses[1], b1, "fake1 restarted");
    deepStrictEqual(events, ["fake1: AP-ENABLED "]);
    match(cli("fake0", "GET_CONFIG"), /\nssid=KeptBySet\n/);
    // SIGHUP: every file afresh, SETs dropped.
    equal(await d.reload({ dropSettings: true }), true);
    notEqual(d.bsses[0], b0);
    match(cli("fake0", "GET_CONFIG"), /\nssid=Edited\n/);
  } finally {
    await cleanup();
  }
});

Deno.test("RELOAD keeps ACCEPT_ACL / DENY_ACL changes (hostapd's lists stay in memory); SIGHUP drops them", async () => {
  const { d, cli, cleanup } = await daemonWith(["fake0"]);
  try {
    equal(cli("fake0", "ACCEPT_ACL ADD_MAC 02:00:00:00:00:07 VLAN_ID=3"), "OK\n");
    equal(cli("fake0", "DENY_ACL ADD_MAC 02:00:00:00:00:08"), "OK\n");
    equal(cli("fake0", "DENY_ACL ADD_MAC 02:00:00:00:00:09"), "OK\n");
    equal(cli("fake0", "DENY_ACL DEL_MAC 02:00:00:00:00:08"), "OK\n");
    const b0 = d.bsses[0];
    equal(cli("fake0", "RELOAD"), "OK\n");
    for (let i = 0; i < 200 && d.bsses[0] === b0; i++) await new Promise((r) => setTimeout(r, 5));
    notEqual(d.bsses[0], b0, "restarted");
    equal(cli("fake0", "ACCEPT_ACL SHOW"), "02:00:00:00:00:07 VLAN_ID=3\n");
    equal(cli("fake0", "DENY_ACL SHOW"), "02:00:00:00:00:09 VLAN_ID=0\n");
    equal(await d.reload({ dropSettings: true }), true);
    equal(cli("fake0", "ACCEPT_ACL SHOW"), "");
    equal(cli("fake0", "DENY_ACL SHOW"), "");
  } finally {
    await cleanup();
  }
});

Deno.test("WPS_CONFIG on one interface applies to every config file sharing WPS", async () => {
  const { cli, events, cleanup, paths } = await daemonWith(["fake0", "fake1"]);
  try {
    const hex = (t: string) => toHex(new TextEncoder().encode(t));
    events.length = 0;
    equal(
      cli("fake0", `WPS_CONFIG ${hex("NewNet")} WPA2PSK CCMP ${hex("newpassphrase1")}`),
      "OK\n",
    );
    // Each file's reload runs on its own; wait for both.
    const applied = (ifname: string) => /\nssid=NewNet\n/.test(cli(ifname, "GET_CONFIG"));
    for (let i = 0; i < 400 && !(applied("fake0") && applied("fake1")); i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    match(cli("fake0", "GET_CONFIG"), /\nssid=NewNet\n/);
    match(cli("fake1", "GET_CONFIG"), /\nssid=NewNet\n/);
    for (const p of paths) match(await Deno.readTextFile(p), /^ssid=NewNet$/m);
    ok(events.includes("fake0: WPS-NEW-AP-SETTINGS "));
    ok(events.includes("fake1: WPS-NEW-AP-SETTINGS "));
  } finally {
    await cleanup();
  }
});
