/**
 * cli/hostapd_cli.ts against Debian's real hostapd 2.10 (driver=wired in a unique namespace
 * pair): every output is compared byte for byte with Debian's own hostapd_cli on the same
 * daemon — single commands, `-a` action scripts and interactive mode fed through a pipe.
 */
import { listensOnTcp } from "./_proc_net.ts";
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import {
  canRunInterop,
  createNetnsPair,
  type NetnsPair,
  startReferenceHostapd,
} from "./_wps_netns.ts";

const ignore = !canRunInterop;
const CLI = new URL("../../cli/hostapd_cli.ts", import.meta.url).pathname;

type Out = { code: number; out: string; err: string };

async function runCli(which: "ours" | "debian", args: string[], env: Record<string, string> = {}) {
  const [cmd, pre] = which === "ours"
    ? [Deno.execPath(), ["run", "--allow-all", "--quiet", CLI]]
    : ["hostapd_cli", []];
  const out = await new Deno.Command(cmd, {
    args: [...pre, ...args],
    stdout: "piped",
    stderr: "piped",
    env,
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, out: dec.decode(out.stdout), err: dec.decode(out.stderr) } as Out;
}

async function withHostapd(fn: (pair: NetnsPair, ctrl: string, ifname: string) => Promise<void>) {
  const pair = await createNetnsPair();
  let ap: Awaited<ReturnType<typeof startReferenceHostapd>> | undefined;
  try {
    ap = await startReferenceHostapd(pair);
    await fn(pair, `${pair.dir}/hostapd-ctrl`, pair.apIf);
  } finally {
    await ap?.daemon.stop();
    await pair.close();
  }
}

const opts = { ignore, sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "hostapd_cli twin prints what Debian's hostapd_cli prints for every command",
  ...opts,
  fn: () =>
    withHostapd(async (pair, ctrl, ifname) => {
      const env = { HOME: pair.dir };
      const rows: { args: string[]; shape?: RegExp }[] = [
        { args: ["ping"] },
        { args: ["PING", "x"] },
        { args: ["pi"] },
        { args: ["wps_p"] },
        { args: ["wps_"] },
        { args: ["foobar"] },
        { args: ["status"] },
        { args: ["get_config"] },
        { args: ["sta"] },
        { args: ["sta", "02:00:00:00:02:00"] },
        { args: ["all_sta"] },
        { args: ["raw", "STA-FIRST"] },
        { args: ["raw", "STA-NEXT", "zz"] },
        { args: ["raw"] },
        { args: ["raw", "ping"] },
        { args: ["raw", "LEVEL", "3"] },
        { args: ["wps_get_status"] },
        { args: ["wps_check_pin"] },
        { args: ["wps_check_pin", "12345670"] },
        { args: ["wps_check_pin", "1234", "5670"] },
        { args: ["wps_check_pin", "12345678"] },
        { args: ["wps_check_pin", "1", "2", "3"] },
        { args: ["wps_pin"] },
        { args: ["wps_pin", "any"] },
        { args: ["wps_pin", "any", "12345670"] },
        { args: ["wps_pin", "12345678-9abc-def0-1234-56789abcdef0", "12345670", "120"] },
        { args: ["wps_pin", "not-a-uuid", "12345670"] },
        { args: ["wps_pbc"] },
        { args: ["wps_get_status"] },
        { args: ["wps_cancel"] },
        { args: ["wps_get_status"] },
        { args: ["wps_ap_pin"] },
        { args: ["wps_ap_pin", "random"], shape: /^\d{8}$/ },
        { args: ["wps_ap_pin", "set", "12345670"] },
        { args: ["wps_ap_pin", "get"] },
        { args: ["wps_ap_pin", "disable"] },
        { args: ["wps_ap_pin", "get"] },
        { args: ["reload"] },
        { args: ["interface"] },
      ];
      for (const { args, shape } of rows) {
        const full = ["-p", ctrl, "-i", ifname, ...args];
        const want = await runCli("debian", full, env);
        const got = await runCli("ours", full, env);
        if (shape) {
          match(want.out, shape);
          match(got.out, shape);
        } else {
          equal(got.out, want.out, args.join(" "));
        }
        equal(got.code, want.code, `exit status of ${args.join(" ")}`);
      }
      // Without -i both pick the first entry of the directory and say so.
      const want = await runCli("debian", ["-p", ctrl, "ping"], env);
      const got = await runCli("ours", ["-p", ctrl, "ping"], env);
      equal(got.out, want.out);
      // A missing interface is a connect error with exit status 255.
      const bad = await runCli("ours", ["-p", ctrl, "-i", "nope", "ping"], env);
      const badWant = await runCli("debian", ["-p", ctrl, "-i", "nope", "ping"], env);
      deepStrictEqual([bad.code, bad.err], [badWant.code, badWant.err]);
    }),
});

/** Starts a `-a` listener and returns a stopper that yields the action log lines. */
function actionListener(which: "ours" | "debian", ctrl: string, ifname: string, dir: string) {
  const log = `${dir}/action-${which}.log`;
  const script = `${dir}/action-${which}.sh`;
  Deno.writeTextFileSync(
    script,
    `#!/bin/sh\n{ printf 'argc=%d' "$#"; for a in "$@"; do printf ' [%s]' "$a"; done; ` +
      `printf '\\n'; } >> ${log}\n`,
  );
  Deno.chmodSync(script, 0o755);
  const [cmd, pre] = which === "ours"
    ? [Deno.execPath(), ["run", "--allow-all", "--quiet", CLI]]
    : ["hostapd_cli", []];
  const child = new Deno.Command(cmd, {
    args: [...pre, "-p", ctrl, "-i", ifname, "-a", script],
    stdout: "null",
    stderr: "null",
  }).spawn();
  return {
    pid: child.pid,
    lines: () => {
      try {
        return Deno.readTextFileSync(log).trim().split("\n");
      } catch {
        return [];
      }
    },
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      // Debian's hostapd_cli leaves its client socket behind on SIGTERM in action mode.
      if (which === "debian") await Deno.remove(`/tmp/wpa_ctrl_${child.pid}-1`).catch(() => {});
    },
  };
}

async function until(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

Deno.test({
  name: "hostapd_cli twin -a runs the action script with the same argv as Debian's hostapd_cli",
  ...opts,
  fn: () =>
    withHostapd(async (pair, ctrl, ifname) => {
      const ours = actionListener("ours", ctrl, ifname, pair.dir);
      const theirs = actionListener("debian", ctrl, ifname, pair.dir);
      try {
        // Both must be attached before the events: wait for two monitors via a probe event.
        await new Promise((r) => setTimeout(r, 1500));
        equal((await runCli("ours", ["-p", ctrl, "-i", ifname, "wps_pbc"])).out, "OK\n");
        equal((await runCli("ours", ["-p", ctrl, "-i", ifname, "wps_cancel"])).out, "OK\n");
        ok(await until(() => ours.lines().length >= 3 && theirs.lines().length >= 3));
        const want = [
          `argc=2 [${ifname}] [WPS-PBC-ACTIVE]`,
          `argc=2 [${ifname}] [WPS-TIMEOUT]`,
          `argc=2 [${ifname}] [WPS-CANCEL]`,
        ];
        deepStrictEqual(theirs.lines(), want);
        deepStrictEqual(ours.lines(), want);
      } finally {
        await ours.stop();
        await theirs.stop();
      }
      // SIGTERM removes the twin's client socket, as hostapd_cli does.
      equal(await Deno.stat(`/tmp/wpa_ctrl_${ours.pid}-1`).then(() => true, () => false), false);
    }),
});

Deno.test({
  name: "hostapd_cli twin -a (long-running, often as root) opens no debugger on SIGUSR1",
  ...opts,
  fn: () =>
    withHostapd(async (pair, ctrl, ifname) => {
      const ours = actionListener("ours", ctrl, ifname, pair.dir);
      try {
        // Past the 500 ms after which Deno would start an inspector on SIGUSR1.
        await new Promise((r) => setTimeout(r, 2_500));
        Deno.kill(ours.pid, "SIGUSR1");
        await new Promise((r) => setTimeout(r, 1_000));
        equal(listensOnTcp(ours.pid, 9229), false, "an inspector listens on 127.0.0.1:9229");
        // Still attached and acting: the next event reaches the script.
        equal((await runCli("ours", ["-p", ctrl, "-i", ifname, "wps_pbc"])).out, "OK\n");
        ok(await until(() => ours.lines().includes(`argc=2 [${ifname}] [WPS-PBC-ACTIVE]`)));
      } finally {
        await runCli("ours", ["-p", ctrl, "-i", ifname, "wps_cancel"]);
        await ours.stop();
      }
    }),
});

/** Feeds lines to an interactive session, each once the previous prompt has appeared. */
async function interactiveTranscript(
  which: "ours" | "debian",
  args: string[],
  lines: string[],
  home: string,
) {
  const [cmd, pre] = which === "ours"
    ? [Deno.execPath(), ["run", "--allow-all", "--quiet", CLI]]
    : ["hostapd_cli", []];
  const child = new Deno.Command(cmd, {
    args: [...pre, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { HOME: home },
  }).spawn();
  let out = "";
  const pump = (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) out += chunk;
  })();
  const w = child.stdin.getWriter();
  const prompts = () => out.split("> ").length - 1;
  for (const line of lines) {
    const before = prompts();
    ok(await until(() => prompts() >= 1 && out.endsWith("> ")), `no prompt in ${out}`);
    await w.write(new TextEncoder().encode(line + "\n"));
    await until(() => prompts() > before);
    // Give late events of this command time to arrive before the next line.
    await new Promise((r) => setTimeout(r, 200));
  }
  await w.close();
  await child.status;
  await pump;
  await child.stderr.cancel();
  return out.slice(out.indexOf("Interactive mode"));
}

Deno.test({
  name: "hostapd_cli twin interactive mode over a pipe matches Debian's transcript",
  ...opts,
  fn: () =>
    withHostapd(async (pair, ctrl, ifname) => {
      const lines = [
        "ping",
        "wps_pbc",
        "wps_cancel",
        "all_sta",
        "interface",
        `interface ${ifname}`,
        "wps_check_pin 1234-5670",
        "bogus x",
        "",
        "wps_get_status",
        "quit",
      ];
      const args = ["-p", ctrl, "-i", ifname];
      const lines2 = [...lines.slice(0, -1), "wps_pin any 12345670", "quit"];
      const want = await interactiveTranscript("debian", args, lines2, `${pair.dir}/home-debian`);
      await Deno.mkdir(`${pair.dir}/home-ours`);
      const got = await interactiveTranscript("ours", args, lines2, `${pair.dir}/home-ours`);
      equal(got, want);
      match(got, /<3>WPS-PBC-ACTIVE \nOK\n> <3>WPS-TIMEOUT \n<3>WPS-CANCEL \nOK\n/);
      // The history file keeps the lines typed, minus those that carry a PIN.
      const hist = await Deno.readTextFile(`${pair.dir}/home-ours/.hostapd_cli_history`);
      ok(hist.includes("wps_get_status\n") && !hist.includes("12345670"), hist);
    }),
});
