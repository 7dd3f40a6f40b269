import { deepStrictEqual, equal, ok } from "node:assert/strict";
import {
  classifyKey,
  HOSTAPD_KEYS,
  IGNORED_KEYS,
  parseConfig,
  SUPPORTED_KEYS,
} from "../../../core/config/mod.ts";
import { ignoreReason, OPENWRT_SUPPORTED_KEYS } from "../../../core/config/keys.ts";

const FIXTURES = new URL("../../fixtures/config/", import.meta.url);
const debian = Deno.readTextFileSync(new URL("debian-hostapd.conf", FIXTURES));

/** Every `key=` or `#key=` that Debian's annotated hostapd.conf mentions. */
function debianKeys(): string[] {
  return [...new Set([...debian.matchAll(/^#?([a-zA-Z0-9_]+)=/gm)].map((m) => m[1]!))].sort();
}

const WPS_KEYS = [
  "wps_state",
  "wps_independent",
  "ap_setup_locked",
  "uuid",
  "wps_pin_requests",
  "device_name",
  "manufacturer",
  "model_name",
  "model_number",
  "serial_number",
  "device_type",
  "os_version",
  "config_methods",
  "pbc_in_m1",
  "ap_pin",
  "skip_cred_build",
  "extra_cred",
  "wps_cred_processing",
  "wps_cred_add_sae",
  "ap_settings",
  "upnp_iface",
  "friendly_name",
  "manufacturer_url",
  "model_description",
  "model_url",
  "upc",
  "wps_rf_bands",
  "wps_application_ext",
  "multi_ap_backhaul_ssid",
  "multi_ap_backhaul_wpa_psk",
  "multi_ap_backhaul_wpa_passphrase",
  "eap_server",
  "fragment_size",
]; // deno-fmt-ignore

const AP_PSK_KEYS = [
  "interface", "bridge", "driver", "ctrl_interface", "ctrl_interface_group", "ssid", "ssid2",
  "utf8_ssid", "hw_mode", "channel", "country_code", "ieee80211d", "beacon_int", "dtim_period",
  "ignore_broadcast_ssid", "macaddr_acl", "accept_mac_file", "deny_mac_file", "auth_algs", "wpa",
  "wpa_passphrase", "wpa_psk", "wpa_psk_file", "wpa_key_mgmt", "wpa_pairwise", "rsn_pairwise",
  "wpa_group_rekey", "wpa_ptk_rekey", "wpa_gmk_rekey", "eapol_version", "ieee8021x",
  "ieee80211n", "wmm_enabled", "logger_syslog", "logger_stdout",
]; // deno-fmt-ignore

Deno.test("classifyKey() classifies every key of Debian's annotated hostapd.conf as recorded", () => {
  // The recorded table was reviewed by hand; a change to it must be deliberate.
  const recorded = Deno.readTextFileSync(new URL("debian-key-classes.txt", FIXTURES))
    .trim().split("\n").map((l) => l.split(" ") as [string, string]);
  const keys = debianKeys();
  deepStrictEqual(keys, recorded.map(([k]) => k));
  for (const [key, cls] of recorded) equal(classifyKey(key), cls, key);
});

Deno.test("classifyKey() accepts every WPS and AP/WPA-PSK key", () => {
  for (const k of [...WPS_KEYS, ...AP_PSK_KEYS]) equal(classifyKey(k), "supported", k);
});

Deno.test("classifyKey() calls unknown exactly the keys Debian's hostapd 2.10 does not know", () => {
  // Measured: these are the keys of the annotated file that hostapd 2.10 itself rejects.
  const unknown = debianKeys().filter((k) => classifyKey(k) === "unknown");
  deepStrictEqual(unknown, [
    "allow_cross_connection",
    "eap_teap_auth",
    "eap_teap_id",
    "eap_teap_pac_no_inner",
    "eap_teap_separate_result",
    "manage_p2p",
    "pasn_comeback_after",
    "pasn_groups",
  ]); // deno-fmt-ignore
  for (const k of unknown) ok(!HOSTAPD_KEYS.has(k));
});

Deno.test("every supported or ignored key is a hostapd key or a documented OpenWrt extension", () => {
  const openwrt = Object.entries(IGNORED_KEYS).filter(([, r]) => r.startsWith("OpenWrt"))
    .map(([k]) => k).concat(OPENWRT_SUPPORTED_KEYS);
  for (const k of [...Object.keys(SUPPORTED_KEYS), ...Object.keys(IGNORED_KEYS)]) {
    ok(HOSTAPD_KEYS.has(k) || openwrt.includes(k), k);
  }
});

Deno.test("ignoreReason() gives a reason for every ignored key", () => {
  for (const k of debianKeys().filter((k) => classifyKey(k) === "ignored")) {
    const reason = ignoreReason(k);
    ok(reason !== undefined && reason.length > 10, k);
  }
});

Deno.test("parseConfig() accepts Debian's annotated hostapd.conf as shipped", () => {
  const r = parseConfig(debian, "hostapd.conf");
  ok(r.ok, r.ok ? "" : r.errors.join("\n"));
  equal(r.config.bss[0]!.ssid_text, "test");
  equal(r.config.hw_mode, "g");
});

Deno.test("parseConfig() accepts the commented-out WPS examples of Debian's file", () => {
  const start = debian.indexOf("##### Wi-Fi Protected Setup");
  const section = debian.slice(start, debian.indexOf("\n#####", start + 1));
  const lines = section.split("\n").filter((l) => /^#[a-z_0-9]+=/.test(l)).map((l) => l.slice(1));
  ok(lines.length >= 30);
  const text = "interface=wlan0\nssid=test\nwpa=2\nwpa_passphrase=12345678\nrsn_pairwise=CCMP\n" +
    lines.join("\n") + "\n";
  const r = parseConfig(text, "wps.conf");
  ok(r.ok, r.ok ? "" : r.errors.join("\n"));
  const b = r.config.bss[0]!;
  equal(b.wps_state, 2);
  equal(b.ap_pin, "12345670");
  equal(b.device_name, "Wireless AP");
  equal(b.wps_rf_bands, 0x03);
  equal(b.multi_ap_backhaul_wpa_passphrase, "secret passphrase");
  equal(new TextDecoder().decode(b.multi_ap_backhaul_ssid!), "backhaul");
  // label virtual_display virtual_push_button keypad
  equal(b.config_methods, 0x0004 | 0x2008 | 0x0280 | 0x0100);
});

Deno.test("parseConfig() accepts the OpenWrt-style fixtures", async (t) => {
  for (const name of ["psk2-wps", "multi-bss", "mixed-psk", "legacy"]) {
    await t.step(name, () => {
      const text = Deno.readFileSync(new URL(`openwrt-${name}.conf`, FIXTURES));
      const r = parseConfig(text, name);
      ok(r.ok, r.ok ? "" : r.errors.join("\n"));
      ok(r.config.bss.every((b) => b.eap_server === 1));
      ok(r.config.bss[0]!.wps_state === 2);
    });
  }
});

Deno.test("parseConfig() keeps OpenWrt's bss= sections apart", () => {
  const r = parseConfig(
    Deno.readFileSync(new URL("openwrt-multi-bss.conf", FIXTURES)),
    "multi",
  );
  ok(r.ok);
  deepStrictEqual(r.config.bss.map((b) => [b.interface, b.bridge, b.wpa, b.wps_state]), [
    ["wlan1", "br-lan", 2, 2],
    ["wlan1-1", "br-guest", 0, 1],
  ]);
  equal(r.config.bss[0]!.ap_pin, "12345670");
  equal(r.config.hw_mode, "a");
});

Deno.test("parseConfig() decodes OpenWrt's P-escaped UTF-8 SSID", () => {
  const r = parseConfig(Deno.readFileSync(new URL("openwrt-mixed-psk.conf", FIXTURES)), "m");
  ok(r.ok);
  equal(r.config.bss[0]!.ssid_text, "Café net");
  equal(r.config.acs, true);
});
