/**
 * A control-socket monitor for the hwsim guest that attaches with `ATTACH probe_rx_events=1`,
 * which hostapd_cli cannot send and keep: prints each datagram it receives (the ATTACH reply
 * first) until `SECONDS` have passed.
 *
 * Usage (guest): `deno run -A --unstable-net probe_rx_monitor.ts CTRL_SOCKET SECONDS`
 *
 * @module
 */

const ctrl = Deno.args[0];
const seconds = Number(Deno.args[1] ?? 10);
if (!ctrl || !(seconds > 0)) {
  console.error("usage: probe_rx_monitor.ts CTRL_SOCKET SECONDS");
  Deno.exit(2);
}
const path = `/tmp/probe-rx-${Deno.pid}`;
const conn = Deno.listenDatagram({ path, transport: "unixpacket" });
const decoder = new TextDecoder();
await conn.send(new TextEncoder().encode("ATTACH probe_rx_events=1"), {
  path: ctrl,
  transport: "unixpacket",
});
const timer = setTimeout(() => conn.close(), seconds * 1000);
try {
  for (;;) {
    const [data] = await conn.receive();
    console.log(decoder.decode(data).trimEnd());
  }
} catch {
  // closed by the timer
}
clearTimeout(timer);
Deno.removeSync(path);
