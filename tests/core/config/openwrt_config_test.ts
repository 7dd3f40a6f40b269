import { equal, ok } from "node:assert/strict";
import { parseConfig } from "../../../core/config/parse.ts";

const FIXTURE = new URL("../../fixtures/config/openwrt-hostapd-phy0.conf", import.meta.url);

Deno.test("An OpenWrt-generated radio file (two SSIDs, WPS push button, vlan_file) is accepted", () => {
  const r = parseConfig(Deno.readFileSync(FIXTURE), "hostapd-phy0.conf");
  ok(r.ok, r.ok ? "" : r.errors.join("\n"));
  const [main, guest] = r.config.bss;
  equal(r.config.bss.length, 2);
  equal(main!.interface, "phy0-ap0");
  equal(main!.wps_state, 2);
  equal(main!.wps_independent, 1);
  equal(guest!.interface, "phy0-ap1");
  equal(guest!.wps_state, 0);
  equal(new TextDecoder().decode(guest!.ssid), "OpenWrt-guest");
});

Deno.test("Optional features OpenWrt writes as 0 are accepted only while off", () => {
  const base = "interface=wlan0\nssid=x\nwpa=2\nwpa_key_mgmt=WPA-PSK\nwpa_passphrase=12345678\n";
  for (
    const key of ["tdls_prohibit", "interworking", "hs20", "mbo", "proxy_arp", "start_disabled"]
  ) {
    ok(parseConfig(`${base}${key}=0\n`, "a").ok, `${key}=0`);
    const on = parseConfig(`${base}${key}=1\n`, "a");
    ok(!on.ok && on.errors[0] === `Line 6: unsupported ${key} '1' (not implemented by tsapd)`, key);
  }
});
