import { equal, notDeepStrictEqual, throws } from "node:assert/strict";
import { GroupKeys, GTK_LEN } from "../../../core/wpa/group_key.ts";

Deno.test("GroupKeys alternates key indices 1 and 2 with a fresh GTK each time", () => {
  const keys = new GroupKeys(Uint8Array.of(2, 0, 0, 0, 1, 0));
  equal(keys.current.keyIndex, 1);
  equal(keys.current.gtk.length, GTK_LEN);
  const seen = [keys.current.gtk.slice()];
  for (const index of [2, 1, 2]) {
    const gk = keys.rekey();
    equal(gk.keyIndex, index);
    equal(keys.current, gk);
    for (const old of seen) notDeepStrictEqual(gk.gtk, old);
    seen.push(gk.gtk.slice());
  }
});

Deno.test("GroupKeys of two BSSes share no GTK and reject a bad address", () => {
  const a = new GroupKeys(new Uint8Array(6));
  const b = new GroupKeys(new Uint8Array(6));
  notDeepStrictEqual(a.current.gtk, b.current.gtk);
  throws(() => new GroupKeys(new Uint8Array(5)), RangeError);
});
