/**
 * The global control interface (`-g`), side by side: Debian's hostapd and then tsapd start with
 * no config file and a global socket, and Debian's `hostapd_cli -i global raw ...` adds the
 * wired BSS (`ADD bss_config=`), runs WPS PBC through `IFNAME=`, with Debian's wpa_supplicant
 * enrolling over the veth, removes it, adds it again for ENABLE (`ADD <ifname> config=`), and
 * terminates the daemon. Every reply, and the events a monitor of the global socket receives
 * (`IFNAME=<ifname> <3>...`), must equal hostapd's.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { type NetnsPair, pairTest, run, spawnInNs, startWpaSupplicant } from "./_wps_netns.ts";
import { apConfigLines, type ApImpl, REPO } from "./_ap.ts";
import { CtrlClient } from "../../ffi/unix_dgram.ts";

/** One implementation's transcript: each request with its reply, and the global events. */
interface Transcript {
  replies: string[];
  events: string[];
}

async function until(what: string, fn: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function transcript(pair: NetnsPair, impl: ApImpl): Promise<Transcript> {
  const conf = `${pair.dir}/${impl}.conf`;
  await Deno.writeTextFile(`${pair.dir}/${impl}.psk`, "");
  await Deno.writeTextFile(conf, apConfigLines(pair, impl).join("\n") + "\n");
  const gdir = `${pair.dir}/${impl}-global`;
  const daemon = spawnInNs(pair.apNs, [
    impl === "hostapd" ? "hostapd" : `${REPO}/tsapd`,
    "-g",
    `${gdir}/global`,
  ]);
  const global = (...a: string[]) =>
    run("ip", "netns", "exec", pair.apNs, "hostapd_cli", "-p", gdir, "-i", "global", "raw", ...a);
  const bss = (...a: string[]) =>
    run("ip", "netns", "exec", pair.apNs, "hostapd_cli", "-p", `${pair.dir}/${impl}-ctrl`, ...[
      "-i",
      pair.apIf,
      ...a,
    ]);
  const t: Transcript = { replies: [], events: [] };
  const ask = async (...a: string[]) => {
    const reply = await global(...a);
    t.replies.push(`${a.join(" ")} -> ${reply}`.replaceAll(impl, "IMPL"));
    return reply;
  };
  let monitor: CtrlClient | undefined;
  try {
    await until(`${impl}'s global socket`, async () => {
      try {
        return (await global("PING")).startsWith("PONG");
      } catch {
        return false;
      }
    });
    monitor = CtrlClient.open(`${gdir}/global`, {
      clientDir: pair.dir,
      onEvent: (e) => t.events.push(e.replaceAll(pair.apIf, "IF")),
    });
    ok(await monitor.attach());
    await ask("INTERFACES");
    await ask("ping");
    await ask(`IFNAME=${pair.apIf}`, "PING");
    await ask(`ADD bss_config=${pair.apIf}:${conf}`);
    await ask("INTERFACES", "ctrl");
    await ask(`ADD bss_config=${pair.apIf}:${conf}`);
    await ask(`IFNAME=${pair.apIf}`, "PING");
    await ask(`IFNAME=nosuch0`, "PING");
    equal((await bss("ping")).trim(), "PONG", "the BSS's own socket answers too");
    await ask(`IFNAME=${pair.apIf}`, "WPS_PBC");
    const sta = await startWpaSupplicant(pair, { enrollee: "pbc" });
    try {
      await sta.waitFor(/WPS-SUCCESS/, 30_000);
      await until(
        "WPS-SUCCESS on the global socket",
        () => Promise.resolve(t.events.some((e) => e.startsWith("IFNAME=IF <3>WPS-SUCCESS"))),
      );
    } finally {
      await sta.stop();
    }
    await ask(`IFNAME=${pair.apIf}`, "WPS_GET_STATUS");
    await ask("REMOVE nosuch0");
    await ask(`REMOVE ${pair.apIf}`);
    await ask("INTERFACES");
    await ask(`ADD ${pair.apIf} config=${conf}`);
    const status = await global(`IFNAME=${pair.apIf}`, "STATUS");
    t.replies.push(`STATUS after ADD: ${status.split("\n")[0]}`);
    await ask(`IFNAME=${pair.apIf}`, "ENABLE");
    await until(
      "ENABLED",
      async () => (await global(`IFNAME=${pair.apIf}`, "STATUS")).startsWith("state=ENABLED"),
    );
    await ask(`IFNAME=${pair.apIf}`, "ENABLE");
    await ask(`ADD ${pair.apIf}`);
    await ask(`ADD nosuch0 config=${pair.dir}/missing.conf`);
    await ask("FLUSH");
    await ask("RELOG");
    await ask("LEVEL 2");
    await ask("BOGUS");
    await ask("INTERFACES");
    monitor.close();
    monitor = undefined;
    await ask("TERMINATE");
    await until(`${impl} to remove its global socket`, async () => {
      try {
        await Deno.stat(`${gdir}/global`);
        return false;
      } catch {
        return true;
      }
    });
  } finally {
    monitor?.close();
    await daemon.stop();
  }
  return t;
}

pairTest(
  "The global control interface (-g) adds, serves and removes a BSS as hostapd's does",
  async (pair) => {
    const want = await transcript(pair, "hostapd");
    const got = await transcript(pair, "tsapd");
    deepStrictEqual(got.replies, want.replies);
    // The same events; tsapd answers ENABLE before its AP-ENABLED, hostapd after, so the order
    // is not compared.
    deepStrictEqual([...got.events].sort(), [...want.events].sort());
    ok(want.events.includes("IFNAME=IF <3>WPS-SUCCESS "), want.events.join("\n"));
  },
);
