/**
 * End-to-end nl80211 test in a qemu guest with mac80211_hwsim (tests/vm/): Debian's hostapd and
 * wpa_supplicant connect with WPA2-PSK (harness sanity), then the project's libnl/nl80211
 * bindings list the radios, run an open AP "tsapd-nl" with START_AP, receive the station's probe
 * requests as frame events, answer them with CMD_FRAME, and the station's scan sees the SSID.
 * Builds (once, cached) the guest from Debian packages; a run takes about 30-60 s under TCG.
 */
import { equal, ok } from "node:assert/strict";
import { qemuMissing } from "./_vm.ts";

const repo = new URL("../../", import.meta.url).pathname;

const skip = qemuMissing();
if (skip) console.log(`nl80211_vm_test: skipped: ${skip}`);

Deno.test({
  name: "the hwsim guest runs hostapd/wpa_supplicant and an AP driven by the nl80211 bindings",
  ignore: skip !== undefined,
  sanitizeResources: false,
  async fn() {
    const t0 = performance.now();
    const out = await new Deno.Command("bash", {
      args: [`${repo}tests/vm/run.sh`, "tests/vm/guest/nl80211_suite.sh"],
      env: { TSAPD_VM_TIMEOUT: "300" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    const checks = text.split("\n").filter((l) => l.startsWith("CHECK "));
    const failed = checks.filter((l) => !/: ok\b/.test(l));
    const timings = text.split("\n").filter((l) => /TIMING|HOST:|GUEST: exit/.test(l));
    console.log(`${timings.join("\n")}\nwall ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (failed.length > 0 || out.code !== 0) console.log(text);
    equal(failed.length, 0, failed.join("\n"));
    for (
      const want of [
        "two hwsim wiphys",
        "wlan1 listed with its MAC",
        "hostapd/wpa_supplicant WPA2-PSK connect and ping",
        "START_AP accepted",
        "station scan sees SSID tsapd-nl",
        "probe request event from the station",
        "probe responses sent with CMD_FRAME",
      ]
    ) ok(checks.some((l) => l.startsWith(`CHECK ${want}: ok`)), `missing check: ${want}`);
    equal(out.code, 0);
  },
});
