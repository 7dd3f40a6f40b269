/**
 * daemon/ctrl_server.ts against real clients: Debian's `hostapd_cli` (request/reply, all_sta,
 * action mode), a wpa_ctrl-style client from ffi/unix_dgram.ts, stale-socket takeover, modes,
 * and a flood of hostile datagrams.
 */
import { floodControlSocket } from "./_hostile.ts";
import { equal, match, ok, rejects, throws } from "node:assert/strict";
import { createCtrlHandler } from "../../core/ctrl/dispatch.ts";
import { CtrlServer, CtrlServerError, resolveGroup } from "../../daemon/ctrl_server.ts";
import { CtrlClient, UnixDgramSocket } from "../../ffi/unix_dgram.ts";
import { stopSharedReactor } from "../../ffi/reactor.ts";
import { context } from "../core/wps/_peers.ts";

const haveCli = (() => {
  try {
    return Deno.statSync("/usr/sbin/hostapd_cli").isFile;
  } catch {
    return false;
  }
})();

const opts = { sanitizeOps: false, sanitizeResources: false };

/** A server on a fresh temp dir with the real dispatcher and WpsContext. */
async function withServer(
  fn: (s: CtrlServer, dir: string, ifname: string, events: string[]) => Promise<void>,
  handler?: (c: string) => string | Uint8Array | null,
) {
  const dir = await Deno.makeTempDir({ prefix: `tsctl-${Deno.pid}-` });
  const ifname = "tsv0";
  const { ctx, rec } = context();
  const h = handler ?? createCtrlHandler({
    status: () => "state=ENABLED\n",
    getConfig: () => "bssid=02:00:00:00:01:00\nssid=TestWPS\n",
    stations: () => [],
    reload: () => true,
    wps: ctx,
  });
  const server = CtrlServer.open({ dir: `${dir}/ctrl`, ifname, handler: h });
  try {
    await fn(server, `${dir}/ctrl`, ifname, rec.events);
  } finally {
    server.close();
    ctx.dispose();
    await stopSharedReactor();
    await Deno.remove(dir, { recursive: true });
  }
}

async function hostapdCli(dir: string, ifname: string, ...args: string[]) {
  const out = await new Deno.Command("hostapd_cli", {
    args: ["-p", dir, "-i", ifname, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, out: new TextDecoder().decode(out.stdout) };
}

Deno.test({
  name: "CtrlServer answers Debian's hostapd_cli byte for byte",
  ignore: !haveCli,
  ...opts,
  fn: () =>
    withServer(async (_s, dir, ifname) => {
      const rows: [string[], string][] = [
        [["ping"], "PONG\n"],
        [["wps_check_pin", "1234-5670"], "12345670"],
        [["wps_check_pin", "12345678"], "FAIL-CHECKSUM\n"],
        [["wps_pin", "any", "12345670"], "OK\n"],
        [["wps_get_status"], "PBC Status: Disabled\nLast WPS result: None\n"],
        [["wps_pbc"], "OK\n"],
        [["wps_get_status"], "PBC Status: Active\nLast WPS result: None\n"],
        [["wps_cancel"], "OK\n"],
        [["wps_ap_pin", "set", "12345670"], "12345670"],
        [["wps_ap_pin", "get"], "12345670"],
        [["sta", "02:00:00:00:00:01"], "FAIL\n"],
        [["all_sta"], ""],
        [["raw", "STA-FIRST"], ""],
        [["raw", "ping"], "UNKNOWN COMMAND\n"],
        [["raw", "LEVEL", "3"], "FAIL\n"],
        [["raw", "DETACH"], "FAIL\n"],
        [["foobar"], "Unknown command 'foobar'\n"],
      ];
      for (const [args, want] of rows) {
        const r = await hostapdCli(dir, ifname, ...args);
        equal(r.out, want, args.join(" "));
        equal(r.code, 0);
      }
    }),
});

Deno.test({
  name: "CtrlServer creates the directory and a 0770 socket owned by ctrl_interface_group",
  ignore: Deno.uid() !== 0,
  ...opts,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: `tsctl-${Deno.pid}-` });
    const server = CtrlServer.open({
      dir: `${dir}/ctrl`,
      ifname: "tsv1",
      group: "daemon",
      handler: () => null,
    });
    try {
      const gid = resolveGroup("daemon");
      const d = Deno.statSync(`${dir}/ctrl`);
      const s = Deno.statSync(`${dir}/ctrl/tsv1`);
      equal(d.gid, gid);
      equal(s.gid, gid);
      equal(s.mode! & 0o777, 0o770);
      // mkdir(0770) minus the umask, as hostapd (Debian's hostapd leaves 0750 under umask 022).
      equal(d.mode! & 0o707, 0o700);
      ok(s.isSocket);
    } finally {
      server.close();
      await stopSharedReactor();
      await Deno.remove(dir, { recursive: true });
    }
    equal(resolveGroup("0"), 0);
    equal(resolveGroup(27), 27);
    throws(() => resolveGroup("no-such-group-tsapd"), CtrlServerError);
  },
});

Deno.test({
  name: "CtrlServer takes over a stale socket file but refuses a live one",
  ...opts,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: `tsctl-${Deno.pid}-` });
    try {
      // A stale file: bound, then closed without unlink (as after a crash).
      const stale = UnixDgramSocket.bind(`${dir}/tsv2`);
      Deno.renameSync(`${dir}/tsv2`, `${dir}/tsv2.keep`);
      stale.close();
      Deno.renameSync(`${dir}/tsv2.keep`, `${dir}/tsv2`);
      const server = CtrlServer.open({
        dir,
        ifname: "tsv2",
        handler: (c) => c === "PING" ? "PONG\n" : null,
      });
      try {
        throws(
          () => CtrlServer.open({ dir, ifname: "tsv2", handler: () => null }),
          (e: Error) =>
            e instanceof CtrlServerError &&
            e.message === "ctrl_iface exists and seems to be in use - cannot override it",
        );
        const c = CtrlClient.open(server.path, { clientDir: dir });
        equal(new TextDecoder().decode(await c.request("PING")), "PONG\n");
        c.close();
      } finally {
        server.close();
      }
      ok(!(await Deno.stat(`${dir}/tsv2`).then(() => true, () => false)), "close() unlinks");
    } finally {
      await stopSharedReactor();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "CtrlServer sends events to attached monitors at their level and drops dead ones",
  ...opts,
  fn: () =>
    withServer(async (server, dir, ifname) => {
      const path = `${dir}/${ifname}`;
      const got: string[] = [];
      const a = CtrlClient.open(path, { clientDir: dir, onEvent: (e) => got.push(e) });
      const b = CtrlClient.open(path, { clientDir: dir });
      ok(await a.attach());
      ok(await b.attach());
      equal(server.monitorCount, 2);
      equal(new TextDecoder().decode(await b.request("LEVEL 2")), "OK\n");
      b.close(); // its socket file disappears: the next event drops it (ENOENT)
      server.emit(3, "WPS-PBC-ACTIVE ");
      equal(server.monitorCount, 1);
      server.emit(2, "debug only");
      server.emit(3, "RX-PROBE-REQUEST sa=02:00:00:00:00:09", true);
      equal(new TextDecoder().decode(await a.request("PING")), "PONG\n");
      equal(got.join("|"), "<3>WPS-PBC-ACTIVE ");
      ok(await a.attach(false));
      equal(server.monitorCount, 0);
      equal(new TextDecoder().decode(await a.request("DETACH")), "FAIL\n");
      a.close();
    }),
});

Deno.test({
  name: "CtrlServer turns handler exceptions into FAIL and keeps serving",
  ...opts,
  fn: () =>
    withServer(async (_s, dir, ifname) => {
      const c = CtrlClient.open(`${dir}/${ifname}`, { clientDir: dir });
      equal(new TextDecoder().decode(await c.request("BOOM")), "FAIL\n");
      equal(new TextDecoder().decode(await c.request("PING")), "PONG\n");
      equal(new TextDecoder().decode(await c.request("OTHER")), "UNKNOWN COMMAND\n");
      c.close();
    }, (cmd) => {
      if (cmd === "BOOM") throw new Error("handler bug");
      return cmd === "PING" ? "PONG\n" : null;
    }),
});

Deno.test({
  name: "CtrlClient times out when the server does not answer",
  ...opts,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: `tsctl-${Deno.pid}-` });
    const mute = UnixDgramSocket.bind(`${dir}/mute`);
    const c = CtrlClient.open(`${dir}/mute`, { clientDir: dir });
    try {
      await rejects(c.request("PING", 200), /timed out/);
    } finally {
      c.close();
      mute.close();
      await stopSharedReactor();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "CtrlServer survives 10,000 hostile datagrams, then answers PING and delivers events",
  ...opts,
  fn: () =>
    withServer(async (server, dir, ifname) => {
      const path = `${dir}/${ifname}`;
      const events: string[] = [];
      const mon = CtrlClient.open(path, { clientDir: dir, onEvent: (e) => events.push(e) });
      ok(await mon.attach());
      const { sent, replies } = await floodControlSocket(path, dir, 10_000);
      equal(sent, 10_000);
      const c = CtrlClient.open(path, { clientDir: dir });
      equal(new TextDecoder().decode(await c.request("PING")), "PONG\n");
      server.emit(3, "WPS-SUCCESS ");
      equal(new TextDecoder().decode(await mon.request("PING")), "PONG\n");
      ok(events.includes("<3>WPS-SUCCESS "), `events: ${events.slice(-3)}`);
      match(String(replies), /^[0-9]+$/);
      c.close();
      mon.close();
    }),
});

Deno.test({
  name: "CtrlServer answers a request longer than 4095 bytes from its first 4095, as hostapd",
  ...opts,
  fn: () =>
    withServer(async (_server, dir, ifname) => {
      // Debian's hostapd replies UNKNOWN COMMAND to 4096- and 5000-byte junk; a client that
      // gets no reply at all waits out its timeout.
      const c = CtrlClient.open(`${dir}/${ifname}`, { clientDir: dir });
      for (const size of [4096, 5000, 65000]) {
        const reply = await c.request("X".repeat(size));
        equal(new TextDecoder().decode(reply), "UNKNOWN COMMAND\n", `${size} bytes`);
      }
      equal(new TextDecoder().decode(await c.request("PING")), "PONG\n");
      c.close();
    }),
});
