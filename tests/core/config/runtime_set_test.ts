import { deepStrictEqual, equal, notEqual, ok } from "node:assert/strict";
import { parseConfig } from "../../../core/config/parse.ts";
import type { HostapdConfig } from "../../../core/config/schema.ts";
import {
  adoptSetting,
  applySetting,
  enableCheck,
  reapplySettings,
  type RuntimeSetting,
  SET_REFUSED_KEYS,
} from "../../../core/config/runtime_set.ts";

const BASE = [
  "interface=eth0",
  "ssid=Home",
  "driver=wired",
  "wps_state=2",
  "ieee8021x=1",
  "wpa_passphrase=home-passphrase",
  "eap_server=1",
  "wpa_pairwise=CCMP",
  "wpa_key_mgmt=WPA-PSK",
  "wpa=2",
  "",
].join("\n");

function config(text = BASE, path = "/etc/a.conf"): HostapdConfig {
  const r = parseConfig(text, path);
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.config;
}

const text = (b?: Uint8Array) => new TextDecoder().decode(b);

Deno.test("applySetting() changes a copy with the key's own parser and leaves the input alone", () => {
  const live = config();
  const r = applySetting(live, 0, "ssid", "NewNet");
  ok(r.ok);
  equal(text(r.config.bss[0]!.ssid), "NewNet");
  equal(text(live.bss[0]!.ssid), "Home");
  // The parser's own side effects come along: a passphrase drops a wpa_psk.
  const p = applySetting(live, 0, "wpa_psk", "00".repeat(32));
  ok(p.ok);
  equal(p.config.bss[0]!.wpa_passphrase, undefined);
  deepStrictEqual(p.config.bss[0]!.wpa_psk, new Uint8Array(32));
});

Deno.test("applySetting() refuses bad keys and values with hostapd's line-0 message", () => {
  const live = config();
  const before = structuredClone(live);
  const cases: [string, string, RegExp][] = [
    ["bogus_key", "1", /^Line 0: unknown configuration item 'bogus_key'$/],
    ["wps_state", "7", /^Line 0: invalid wps_state$/],
    ["wpa_passphrase", "short", /^Line 0: invalid WPA passphrase length 5/],
    ["ssid", "", /^Line 0: invalid SSID ''$/],
    ["", "ssid", /unknown configuration item ''/],
  ];
  for (const [k, v, re] of cases) {
    const r = applySetting(live, 0, k, v);
    ok(!r.ok, `${k}=${v} accepted`);
    ok(re.test(r.error), `${k}=${v}: ${r.error}`);
  }
  deepStrictEqual(live, before);
});

Deno.test("applySetting() refuses what the daemon is attached to; RELOAD's check waits", () => {
  const live = config();
  for (const k of SET_REFUSED_KEYS) {
    const r = applySetting(live, 0, k, "x");
    ok(!r.ok && /cannot be changed while the daemon runs/.test(r.error), k);
  }
  // 802.1X with no EAP server fails hostapd's whole-config check, which only RELOAD runs: SET
  // answers OK (Debian's hostapd 2.10 does), the RELOAD refuses it.
  const setting = { path: "/etc/a.conf", ifname: "eth0", field: "eap_server", value: "0" };
  ok(applySetting(live, 0, setting.field, setting.value).ok);
  const r = reapplySettings(config(), [setting]);
  ok(!r.ok);
  equal(r.error, "Invalid IEEE 802.1X configuration (no EAP authenticator configured).");
});

Deno.test("applySetting() keeps a setting as written; the check's WPS switch-off waits for RELOAD", () => {
  const r = applySetting(config(), 0, "ignore_broadcast_ssid", "1");
  ok(r.ok);
  equal(r.config.bss[0]!.ignore_broadcast_ssid, 1);
  equal(r.config.bss[0]!.wps_state, 2, "WPS still shown as configured until RELOAD");
  const reloaded = reapplySettings(config(), [
    { path: "/etc/a.conf", ifname: "eth0", field: "ignore_broadcast_ssid", value: "1" },
  ]);
  ok(reloaded.ok);
  equal(reloaded.config.bss[0]!.wps_state, 0);
  ok(reloaded.notes.some((n) => /ignore_broadcast_ssid/.test(n)), reloaded.notes.join("\n"));
});

Deno.test("applySetting() keeps an open BSS's cipher lists, so SETs can turn it into WPA2", () => {
  const open = config("interface=eth0\nssid=Open\ndriver=wired\nwps_state=2\neap_server=1\n");
  equal(open.bss[0]!.wpa, 0);
  deepStrictEqual(open.bss[0]!.wpa_key_mgmt, [], "a full config clears an open BSS's lists");
  // Both orders hostapd takes: lists before `wpa`, and `wpa` first (no PSK yet: no error).
  const orders = [
    ["wpa_key_mgmt WPA-PSK", "rsn_pairwise CCMP", "wpa_passphrase 12345678", "wpa 2"],
    ["wpa 2", "wpa_key_mgmt WPA-PSK", "rsn_pairwise CCMP", "wpa_passphrase 12345678"],
  ];
  for (const order of orders) {
    const settings: RuntimeSetting[] = [];
    let live = open;
    for (const line of order) {
      const [field, value] = line.split(" ") as [string, string];
      const r = applySetting(live, 0, field, value);
      ok(r.ok, `${order.join(", ")}: SET ${line}: ${r.ok ? "" : r.error}`);
      live = r.config;
      settings.push({ path: "/etc/a.conf", ifname: "eth0", field, value });
    }
    const reloaded = reapplySettings(open, settings);
    ok(reloaded.ok, order.join(", "));
    const b = reloaded.config.bss[0]!;
    deepStrictEqual([b.wpa, b.wpa_key_mgmt, b.rsn_pairwise, b.wpa_group, b.wps_state], [
      2,
      ["WPA-PSK"],
      ["CCMP"],
      "CCMP",
      2,
    ]);
  }
  // The other way round: RELOAD of a BSS whose wpa was SET to 0 drops its lists.
  const off = reapplySettings(config(), [
    { path: "/etc/a.conf", ifname: "eth0", field: "wpa", value: "0" },
  ]);
  ok(off.ok);
  deepStrictEqual([off.config.bss[0]!.rsn_pairwise, off.config.bss[0]!.wpa_group], [[], "NONE"]);
});

Deno.test("reapplySettings() applies a file's SETs in order to its own BSS only", () => {
  const two = config(BASE + "bss=eth1\nssid=Second\n");
  const settings: RuntimeSetting[] = [
    { path: "/etc/a.conf", ifname: "eth1", field: "ssid", value: "First" },
    { path: "/etc/a.conf", ifname: "eth1", field: "ssid", value: "Last" },
    { path: "/etc/other.conf", ifname: "eth0", field: "ssid", value: "Other" },
    { path: "/etc/a.conf", ifname: "gone0", field: "ssid", value: "Gone" },
  ];
  const r = reapplySettings(two, settings);
  ok(r.ok);
  equal(text(r.config.bss[0]!.ssid), "Home");
  equal(text(r.config.bss[1]!.ssid), "Last");
  const none = reapplySettings(two, []);
  ok(none.ok);
  equal(none.config, two);
});

Deno.test("reapplySettings() fails with the SET that no longer fits the file", () => {
  // Accepted while the file had no 802.1X; the file now enables it, which needs the EAP server.
  const without = config(BASE.replace("ieee8021x=1\n", ""));
  const setting = { path: "/etc/a.conf", ifname: "eth0", field: "eap_server", value: "0" };
  ok(applySetting(without, 0, setting.field, setting.value).ok);
  const r = reapplySettings(config(), [setting]);
  ok(!r.ok);
  equal(r.error, "Invalid IEEE 802.1X configuration (no EAP authenticator configured).");
});

Deno.test("adoptSetting() changes the running config in place, keeping every object", () => {
  const live = config();
  const section = live.bss[0]!;
  const r = applySetting(live, 0, "ssid", "NewNet");
  ok(r.ok);
  adoptSetting(live, r.config);
  equal(live.bss[0], section);
  equal(text(section.ssid), "NewNet");
  notEqual(live, r.config);
});

Deno.test("enableCheck() derives an open BSS's ciphers again and keeps them when WPA comes back", () => {
  const live = config();
  const open = applySetting(live, 0, "wpa", "0");
  ok(open.ok);
  // SET keeps the lists while the BSS is open; ENABLE clears them, as hostapd's full derivation.
  deepStrictEqual(open.config.bss[0]!.wpa_key_mgmt, ["WPA-PSK"]);
  const enabled = enableCheck(open.config);
  equal(enabled.error, undefined);
  deepStrictEqual(enabled.config.bss[0]!.wpa_key_mgmt, []);
  deepStrictEqual(enabled.config.bss[0]!.rsn_pairwise, []);
  equal(enabled.config.bss[0]!.wpa_group, "NONE");
  deepStrictEqual(open.config.bss[0]!.wpa_key_mgmt, ["WPA-PSK"]); // the input is left alone
  // wpa=2 again on those lists: no pairwise cipher, so the authenticator cannot start, and the
  // check has switched WPS off on the config ENABLE leaves behind.
  const again = applySetting(enabled.config, 0, "wpa", "2");
  ok(again.ok);
  const refused = enableCheck(again.config);
  ok(refused.error?.includes("no pairwise cipher"), refused.error);
  equal(refused.config.bss[0]!.wps_state, 0);
  // With the lists SET again the interface can start.
  let fixed = again.config;
  for (const [k, v] of [["rsn_pairwise", "CCMP"], ["wpa_key_mgmt", "WPA-PSK"]] as const) {
    const r = applySetting(fixed, 0, k, v);
    ok(r.ok);
    fixed = r.config;
  }
  equal(enableCheck(fixed).error, undefined);
});

Deno.test("enableCheck() fails on what RELOAD's whole-config check refuses", () => {
  let live = config("interface=eth0\nssid=Open\ndriver=wired\n");
  // An open BSS made WPA2-PSK by SETs, which check little: no PSK yet.
  for (const [k, v] of [["wpa", "2"], ["wpa_key_mgmt", "WPA-PSK"], ["rsn_pairwise", "CCMP"]]) {
    const r = applySetting(live, 0, k!, v!);
    ok(r.ok);
    live = r.config;
  }
  equal(enableCheck(live).error, "WPA-PSK enabled, but PSK or passphrase is not configured.");
});
