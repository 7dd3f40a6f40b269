/**
 * The global control interface's command rules (daemon/global_control.ts) against a recording
 * target; tests/integration/global_ctrl_test.ts compares the same with Debian's hostapd.
 */
import { deepStrictEqual, equal } from "node:assert/strict";
import { globalCommandHandler, type GlobalControlTarget } from "../../daemon/global_control.ts";

function recorder() {
  const calls: string[] = [];
  const running = new Set(["wlan0"]);
  const target: GlobalControlTarget = {
    addInterface: (p) => {
      calls.push(`add ${p}`);
      return Promise.resolve(p.startsWith("bss_config="));
    },
    removeInterface: (i) => {
      calls.push(`remove ${i}`);
      return Promise.resolve(running.delete(i));
    },
    interfaceList: () => [...running].map((ifname) => ({ ifname, ctrlInterface: "/run/hostapd" })),
    forward: (i, c) => {
      calls.push(`forward ${i} ${c}`);
      return c === "PING" ? "PONG\n" : null;
    },
    forwardMonitor: (i, c, from) => {
      calls.push(`monitor ${i} ${c} ${from}`);
      return "OK\n";
    },
    relog: () => true,
    terminate: () => void calls.push("terminate"),
  };
  return { calls, handle: globalCommandHandler(target) };
}

Deno.test("global control: commands are matched case-sensitively, others are FAIL", () => {
  const { handle } = recorder();
  equal(handle("PING", "c"), "PONG\n");
  equal(handle("ping", "c"), "FAIL\n");
  equal(handle("STATUS", "c"), "FAIL\n");
  equal(handle("FLUSH", "c"), "OK\n");
  equal(handle("RELOG", "c"), "OK\n");
  equal(handle("INTERFACES", "c"), "wlan0\n");
  equal(handle("INTERFACES ctrl", "c"), "wlan0 ctrl_iface=/run/hostapd\n");
});

Deno.test("global control: IFNAME= reaches the BSS, or says there is no such interface", () => {
  const { calls, handle } = recorder();
  equal(handle("IFNAME=wlan0 PING", "c"), "PONG\n");
  equal(handle("IFNAME=wlan0 FOO", "c"), "UNKNOWN COMMAND\n");
  equal(handle("IFNAME=wlan9 PING", "c"), "FAIL-NO-IFNAME-MATCH\n");
  equal(handle("IFNAME=wlan0", "c"), "FAIL\n");
  equal(handle("IFNAME=wlan0 ATTACH", "/tmp/client"), "OK\n");
  deepStrictEqual(calls, [
    "forward wlan0 PING",
    "forward wlan0 FOO",
    "monitor wlan0 ATTACH /tmp/client",
  ]);
});

Deno.test("global control: ADD and REMOVE answer once the daemon is done", async () => {
  const { calls, handle } = recorder();
  equal(await handle("ADD bss_config=phy0:/etc/a.conf", "c"), "OK\n");
  equal(await handle("ADD wlan1", "c"), "FAIL\n");
  equal(await handle("REMOVE wlan0", "c"), "OK\n");
  equal(await handle("REMOVE wlan0", "c"), "FAIL\n");
  equal(handle("TERMINATE", "c"), "OK\n");
  deepStrictEqual(calls, [
    "add bss_config=phy0:/etc/a.conf",
    "add wlan1",
    "remove wlan0",
    "remove wlan0",
    "terminate",
  ]);
});
