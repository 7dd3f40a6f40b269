/**
 * Test-only probe for tests/ffi/packet_socket_test.ts, run inside a private namespace with
 * `ip netns exec`: opens PacketSocket on both ends of a veth pair and prints one JSON line of
 * what each end received.
 *
 * @module
 */

import { formatMac } from "../../core/bytes.ts";
import { buildEthernet, ETH_P_PAE, PAE_GROUP_ADDR } from "../../core/eapol/ethernet.ts";
import { buildEapol, EapolType } from "../../core/eapol/frame.ts";
import { PacketSocket } from "../../ffi/packet_socket.ts";
import { stopSharedReactor } from "../../ffi/reactor.ts";

const [ifA, ifB] = Deno.args;
if (!ifA || !ifB) throw new TypeError("Usage: _packet_socket_probe.ts <ifA> <ifB>");

const result: Record<string, unknown> = {};
try {
  PacketSocket.open(`${ifA}-missing`);
} catch (err) {
  result.missing = (err as Error).name;
}
const a = PacketSocket.open(ifA);
const b = PacketSocket.open(ifB);
// A second socket on B for another EtherType, to send frames A must not deliver.
const bOther = PacketSocket.open(ifB, { etherType: 0x88b5, multicast: [] });
// The membership shows in the interface's multicast list while the socket is open.
const maddr = await new Deno.Command("ip", { args: ["maddr", "show", "dev", ifA], stdout: "piped" })
  .output();
result.maddr = new TextDecoder().decode(maddr.stdout);
const gotA: string[] = [];
const gotB: string[] = [];
a.listen((f) => gotA.push(`${formatMac(f.src)}>${formatMac(f.dst)} ${f.payload.length}`));
b.listen((f) => gotB.push(`${formatMac(f.src)}>${formatMac(f.dst)} ${f.payload.length}`));
const start = buildEapol(2, EapolType.START);
bOther.send(buildEthernet(PAE_GROUP_ADDR, b.mac, 0x88b5, new Uint8Array(46)));
b.send(buildEthernet(PAE_GROUP_ADDR, b.mac, ETH_P_PAE, start));
a.send(
  buildEthernet(b.mac, a.mac, ETH_P_PAE, buildEapol(2, EapolType.EAP_PACKET, new Uint8Array(5))),
);
for (let i = 0; i < 20; i++) {
  for (let k = 0; k < 30; k++) b.send(buildEthernet(PAE_GROUP_ADDR, b.mac, ETH_P_PAE, start));
  await new Promise((r) => setTimeout(r, 10));
}
await new Promise((r) => setTimeout(r, 300));
result.a = gotA;
result.b = gotB;
result.macA = formatMac(a.mac);
result.macB = formatMac(b.mac);
a.close();
b.close();
bOther.close();
a.close();
const after = await new Deno.Command("ip", { args: ["maddr", "show", "dev", ifA], stdout: "piped" })
  .output();
result.maddrAfter = new TextDecoder().decode(after.stdout);
try {
  a.send(start);
} catch (err) {
  result.afterClose = (err as Error).message;
}
await stopSharedReactor();
console.log(JSON.stringify(result));
