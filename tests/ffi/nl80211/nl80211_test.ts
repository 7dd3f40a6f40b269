/**
 * Nl80211 on the host kernel. Without cfg80211 loaded (containers, CI) opening must fail with a
 * LibnlError naming the resolution; with it, the wiphy and interface dumps must decode. The full
 * AP path runs under mac80211_hwsim in tests/integration/nl80211_vm_test.ts.
 */
import { equal, ok } from "node:assert/strict";
import { LibnlError } from "../../../ffi/libnl.ts";
import { Nl80211 } from "../../../ffi/nl80211/nl80211.ts";
import { stopSharedReactor } from "../../../ffi/reactor.ts";

Deno.test("Nl80211.open() reports a kernel without nl80211 or dumps its wiphys", async () => {
  let nl: Nl80211;
  try {
    nl = Nl80211.open();
  } catch (err) {
    ok(err instanceof LibnlError, String(err));
    ok(err.message.startsWith("genl_ctrl_resolve(nl80211) failed:"), err.message);
    return;
  }
  try {
    ok(nl.family >= 16);
    const wiphys = await nl.getWiphys();
    for (const w of wiphys) ok(w.name.length > 0);
    const ifs = await nl.getInterfaces();
    for (const i of ifs) equal(typeof i.name, "string");
  } finally {
    nl.close();
    await stopSharedReactor();
  }
});
