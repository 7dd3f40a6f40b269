/**
 * The running daemon, not just its socket layer, survives a flood of hostile control datagrams:
 * afterwards Debian's hostapd_cli still gets PONG, WPS commands still work, and a monitor that
 * attached before the flood still receives events.
 */
import { equal, ok } from "node:assert/strict";
import { CtrlClient } from "../../ffi/unix_dgram.ts";
import { stopSharedReactor } from "../../ffi/reactor.ts";
import { canRunInterop, createNetnsPair } from "./_wps_netns.ts";
import { startAp } from "./_ap.ts";
import { floodControlSocket } from "./_hostile.ts";

Deno.test({
  name: "tsapd answers PING and keeps its monitors after 10,000 hostile datagrams",
  ignore: !canRunInterop,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const pair = await createNetnsPair();
    const ap = await startAp(pair, "tsapd");
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
      await ap.daemon.stop();
      await pair.close();
    }
  },
});
