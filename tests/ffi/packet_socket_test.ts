/**
 * PacketSocket on a real veth pair inside a fresh, uniquely named network namespace: PAE group
 * membership, unicast delivery, EtherType filtering, no echo of the socket's own frames, and
 * draining a burst.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";

const canRun = (() => {
  try {
    return Deno.uid() === 0 && Deno.statSync("/usr/bin/ip").isFile;
  } catch {
    return false;
  }
})();

async function ip(...args: string[]): Promise<void> {
  const out = await new Deno.Command("ip", { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

Deno.test({
  name: "PacketSocket joins the PAE group, filters its EtherType and drops its own frames",
  ignore: !canRun,
  async fn() {
    const sfx = `${Deno.pid % 1_000_000}p`;
    const ns = `tsp-${sfx}`;
    const ifA = `tpa${sfx}`, ifB = `tpb${sfx}`;
    await ip("netns", "add", ns);
    try {
      await ip("-n", ns, "link", "add", ifA, "type", "veth", "peer", "name", ifB);
      await ip("-n", ns, "link", "set", ifA, "address", "02:00:00:00:0a:01");
      await ip("-n", ns, "link", "set", ifB, "address", "02:00:00:00:0b:01");
      await ip("-n", ns, "link", "set", ifA, "up");
      await ip("-n", ns, "link", "set", ifB, "up");
      const probe = new URL("./_packet_socket_probe.ts", import.meta.url).pathname;
      const out = await new Deno.Command("ip", {
        args: ["netns", "exec", ns, Deno.execPath(), "run", "-A", "--no-prompt", probe, ifA, ifB],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      ok(out.success, new TextDecoder().decode(out.stderr));
      const r = JSON.parse(text.trim().split("\n").at(-1)!);
      equal(r.missing, "RangeError");
      equal(r.macA, "02:00:00:00:0a:01");
      ok(r.maddr.includes("link  01:80:c2:00:00:03"), r.maddr);
      ok(!r.maddrAfter.includes("01:80:c2:00:00:03"), "close() leaves the group");
      // A sees B's EAPOL-Starts to the group address (1 + 600), never the 0x88b5 frame nor
      // its own unicast frame.
      equal(r.a.length, 601);
      ok(r.a.every((l: string) => l === "02:00:00:00:0b:01>01:80:c2:00:00:03 4"), r.a[0]);
      // B sees A's unicast frame only (not its own group frames).
      deepStrictEqual(r.b, ["02:00:00:00:0a:01>02:00:00:00:0b:01 9"]);
      equal(r.afterClose, "Cannot send on a closed packet socket");
    } finally {
      await ip("netns", "del", ns).catch(() => {});
    }
  },
});
