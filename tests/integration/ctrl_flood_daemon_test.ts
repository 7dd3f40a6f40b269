/**
 * The running daemon, not just its socket layer, survives a flood of hostile control datagrams:
 * afterwards Debian's hostapd_cli still gets PONG, WPS commands still work, and a monitor that
 * attached before the flood still receives events.
 */
import { equal, ok } from "node:assert/strict";
import { CtrlClient, UnixDgramSocket } from "../../ffi/unix_dgram.ts";
import { MAX_MONITORS } from "../../daemon/ctrl_server.ts";
import { stopSharedReactor } from "../../ffi/reactor.ts";
import { canRunInterop } from "./_wps_netns.ts";
import { withAp } from "./_wps_interop.ts";
import { floodControlSocket } from "./_hostile.ts";

Deno.test({
  name: "tsapd answers PING and keeps its monitors after 10,000 hostile datagrams",
  ignore: !canRunInterop,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withAp("tsapd", [], async ({ ap, pair }) => {
      const path = `${ap.ctrlDir}/${pair.apIf}`;
      const events: string[] = [];
      const mon = CtrlClient.open(path, { clientDir: pair.dir, onEvent: (e) => events.push(e) });
      try {
        ok(await mon.attach());
        const { sent } = await floodControlSocket(path, pair.dir, 10_000);
        equal(sent, 10_000);
        equal((await ap.cli("ping")).trim(), "PONG");
        equal((await ap.cli("wps_pbc")).trim(), "OK");
        const deadline = Date.now() + 5000;
        while (!events.includes("<3>WPS-PBC-ACTIVE ") && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 20));
        }
        ok(events.includes("<3>WPS-PBC-ACTIVE "), `monitor got: ${events.slice(-5)}`);
        equal((await ap.cli("wps_cancel")).trim(), "OK");
      } finally {
        mon.close();
        await stopSharedReactor();
      }
    }),
});

Deno.test({
  name: "monitors that never read cannot starve the replies: 64 attach at most, PING still answers",
  ignore: !canRunInterop,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withAp("tsapd", [], async ({ ap, pair }) => {
      const path = `${ap.ctrlDir}/${pair.apIf}`;
      const enc = new TextEncoder();
      const silent: UnixDgramSocket[] = [];
      const me = UnixDgramSocket.bind(`${pair.dir}/me`);
      const ask = async (cmd: string, s = me): Promise<string> => {
        s.sendTo(enc.encode(cmd), path);
        const end = Date.now() + 2000;
        while (Date.now() < end) {
          const d = s.receive();
          if (d && d.data[0] !== 0x3c) return new TextDecoder().decode(d.data);
          if (!d) await new Promise((r) => setTimeout(r, 2));
        }
        return "TIMEOUT";
      };
      try {
        const replies: string[] = [];
        for (let i = 0; i < 70; i++) {
          const m = UnixDgramSocket.bind(`${pair.dir}/m${i}`);
          silent.push(m);
          replies.push(await ask("ATTACH", m));
        }
        equal(replies.filter((r) => r === "OK\n").length, MAX_MONITORS);
        equal(replies.filter((r) => r === "FAIL\n").length, 70 - MAX_MONITORS);
        // Events for every monitor, more than each one's queue holds; none of them reads.
        for (let i = 0; i < 15; i++) {
          equal(await ask("WPS_PBC"), "OK\n");
          equal(await ask("WPS_CANCEL"), "OK\n");
        }
        equal(await ask("PING"), "PONG\n");
        equal((await ap.cli("ping")).trim(), "PONG");
      } finally {
        for (const m of silent) m.close();
        me.close();
        await stopSharedReactor();
      }
    }),
});
