/**
 * The router build: `deno bundle` output run by the aarch64 Deno (the pinned
 * @deno/linux-arm64-glibc) under qemu-user, as on an ARM router. It validates configs, serves
 * the control socket, and enrolls Debian's real wpa_supplicant by PIN over a veth pair: libc
 * FFI, AF_PACKET and the WPS crypto all run on aarch64, under the shipped V8 flags (--jitless).
 * (Generic netlink does not work under qemu-user, so nl80211 is covered by the VM test instead.)
 */
import { equal, match, ok } from "node:assert/strict";
import { canRunInterop, createNetnsPair, spawnInNs, startWpaSupplicant } from "./_wps_netns.ts";
import { apConfigLines, REPO } from "./_ap.ts";
import { DAEMON_V8_FLAGS_ARG } from "../../cli/v8_flags.ts";

const QEMU = "/usr/bin/qemu-aarch64-static";
const SYSROOT = "/usr/aarch64-linux-gnu";
const haveQemu = (() => {
  try {
    return Deno.statSync(QEMU).isFile && Deno.statSync(`${SYSROOT}/lib/libgcc_s.so.1`).isFile;
  } catch {
    return false;
  }
})();

async function output(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  return { code: r.code, text };
}

Deno.test({
  name: "the bundle runs on aarch64 under qemu-user: --check, control socket and a PIN enrollment",
  ignore: !canRunInterop || !haveQemu,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "tsapd-arm-" });
    const pair = await createNetnsPair();
    try {
      const bundle = `${dir}/tsapd.js`;
      const b = await output(Deno.execPath(), [
        "bundle",
        "--quiet",
        "--config",
        `${REPO}/deno.json`,
        "--platform",
        "deno",
        "-o",
        bundle,
        `${REPO}/cli/main.ts`,
      ]);
      equal(b.code, 0, b.text);
      const armDeno = (await output("bash", [`${REPO}/tools/deno-aarch64.sh`])).text.trim();
      const env = { QEMU_LD_PREFIX: SYSROOT };
      const arch = await output(QEMU, [armDeno, "eval", "console.log(Deno.build.arch)"], env);
      equal(arch.text.trim(), "aarch64");

      const good = `${dir}/good.conf`;
      await Deno.writeTextFile(good, apConfigLines(pair, "tsapd").join("\n") + "\n");
      await Deno.writeTextFile(`${pair.dir}/tsapd.psk`, "");
      const bad = `${dir}/bad.conf`;
      await Deno.writeTextFile(bad, "interface=x\nwps_state=7\nbogus=1\n");
      // With the shipped V8 flags, as the compiled binary runs.
      const run = [armDeno, "run", "--no-config", DAEMON_V8_FLAGS_ARG, "-A", bundle];
      const okCheck = await output(QEMU, [...run, "--check", good], env);
      equal(okCheck.code, 0, okCheck.text);
      const badCheck = await output(QEMU, [...run, "--check", bad], env);
      equal(badCheck.code, 1);
      match(badCheck.text, /Line 2: invalid wps_state/);
      match(badCheck.text, /Line 3: unknown configuration item 'bogus'/);

      const daemon = spawnInNs(pair.apNs, ["env", `QEMU_LD_PREFIX=${SYSROOT}`, QEMU, ...run, good]);
      const ctrl = `${pair.dir}/tsapd-ctrl`;
      const cli = (...a: string[]) =>
        output("ip", [
          "netns",
          "exec",
          pair.apNs,
          "hostapd_cli",
          "-p",
          ctrl,
          "-i",
          pair.apIf,
          ...a,
        ]);
      try {
        let up = false;
        for (let i = 0; i < 240 && !up; i++) {
          up = (await cli("ping")).text.startsWith("PONG");
          if (!up) await new Promise((r) => setTimeout(r, 250));
        }
        ok(up, `no PONG from the aarch64 daemon:\n${daemon.lines.join("\n")}`);
        equal((await cli("wps_pin", "any", "12345670")).text.trim(), "OK");
        const sta = await startWpaSupplicant(pair, { enrollee: "pin", pin: "12345670" });
        try {
          await sta.waitFor(/WPS-SUCCESS/, 60_000);
        } finally {
          await sta.stop();
        }
        match((await cli("wps_get_status")).text, /Last WPS result: Success/);
        // The PSK file is rewritten atomically right after WSC_Done; emulation makes it slow.
        let psk = "";
        for (let i = 0; i < 100 && psk === ""; i++) {
          psk = await Deno.readTextFile(`${pair.dir}/tsapd.psk`);
          if (psk === "") await new Promise((r) => setTimeout(r, 100));
        }
        match(psk, /^wps=1 02:00:00:00:02:00 [0-9a-f]{64}\n$/);
      } finally {
        await daemon.stop();
      }
    } finally {
      await pair.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
