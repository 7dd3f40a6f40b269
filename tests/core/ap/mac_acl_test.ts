import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { formatMac, fromHex, parseMac } from "../../../core/bytes.ts";
import { MacAcl, parseMacAclFile } from "../../../core/ap/mac_acl.ts";

const mac = (t: string) => parseMac(t)!;

Deno.test("parseMacAclFile() reads MACs, VLAN IDs, comments and removals", () => {
  const text = [
    "# accept list",
    "00:11:22:33:44:55",
    "00:11:22:33:44:66 3",
    "",
    "  AA:BB:CC:DD:EE:FF\t12  # trailing comment",
    "-00:11:22:33:44:55",
  ].join("\n");
  const list = parseMacAclFile(text, "hostapd.accept");
  deepStrictEqual(list.map((e) => [formatMac(e.mac), e.vlanId]), [
    ["00:11:22:33:44:66", 3],
    ["aa:bb:cc:dd:ee:ff", 12],
  ]);
});

Deno.test("parseMacAclFile() rejects malformed lines naming the line", () => {
  throws(() => parseMacAclFile("00:11:22:33:44\n", "deny"), {
    name: "SyntaxError",
    message: "Cannot parse deny line 1: invalid MAC address",
  });
  throws(() => parseMacAclFile("\n00:11:22:33:44:55 x\n", "deny"), {
    message: "Cannot parse deny line 2: invalid VLAN ID",
  });
  throws(() => parseMacAclFile("00:11:22:33:44:55 4095"), SyntaxError);
});

Deno.test("MacAcl.check() applies macaddr_acl 0 and 1", () => {
  const accept = parseMacAclFile("02:00:00:00:00:01 5\n");
  const deny = parseMacAclFile("02:00:00:00:00:02\n");
  const open = new MacAcl(0, accept, deny);
  deepStrictEqual(open.check(mac("02:00:00:00:00:01")), { accepted: true, vlanId: 5 });
  equal(open.check(mac("02:00:00:00:00:02")).accepted, false);
  deepStrictEqual(open.check(mac("02:00:00:00:00:03")), { accepted: true, vlanId: 0 });
  const strict = new MacAcl(1, accept, deny);
  equal(strict.check(mac("02:00:00:00:00:01")).accepted, true);
  equal(strict.check(mac("02:00:00:00:00:03")).accepted, false);
});

Deno.test("MacAcl lists change at run time: entries in MAC order, a listed MAC kept as it was", () => {
  const a = fromHex("020000000100"), b = fromHex("020000000200");
  const acl = new MacAcl(0, [], [{ mac: b, vlanId: 0 }]);
  equal(acl.check(b).accepted, false);
  equal(acl.add("deny", a, 5), true);
  equal(acl.add("deny", a, 7), false); // already listed: VLAN 5 stays, as in hostapd
  deepStrictEqual(acl.entries("deny").map((e) => [formatMac(e.mac), e.vlanId]), [
    ["02:00:00:00:01:00", 5],
    ["02:00:00:00:02:00", 0],
  ]);
  equal(acl.check(a).accepted, false);
  equal(acl.remove("deny", a), true);
  equal(acl.remove("deny", a), false);
  equal(acl.check(a).accepted, true);
  acl.clear("deny");
  equal(acl.check(b).accepted, true);
  // Mode 1: only the accept list lets in, with its VLAN.
  const strict = new MacAcl(1);
  equal(strict.check(a).accepted, false);
  strict.add("accept", a, 9);
  deepStrictEqual(strict.check(a), { accepted: true, vlanId: 9 });
  equal(strict.mode, 1);
});
