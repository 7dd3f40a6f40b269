import { deepStrictEqual, equal } from "node:assert/strict";
import { AuthorizedMacs } from "../../../core/wps/authorized_macs.ts";

const mac = (n: number) => Uint8Array.of(2, 0, 0, 0, 0, n);

Deno.test("AuthorizedMacs keeps at most 5 entries, most recent first, without duplicates", () => {
  const list = new AuthorizedMacs();
  for (let i = 1; i <= 6; i++) list.add(mac(i));
  deepStrictEqual(list.list(), [mac(6), mac(5), mac(4), mac(3), mac(2)]);
  equal(list.add(mac(4)), false);
  deepStrictEqual(list.list()[0], mac(6), "an existing entry keeps its place");
  equal(list.remove(mac(5)), true);
  deepStrictEqual(list.list(), [mac(6), mac(4), mac(3), mac(2)]);
  equal(list.remove(mac(5)), false);
});
