import { deepStrictEqual, equal, ok } from "node:assert/strict";
import {
  normalizeConfigMethods,
  parseConfig,
  WPS_DISABLE_NOTES,
  WpsAuth,
  WpsEncr,
  wpsSecurity,
} from "../../../core/config/mod.ts";

const BASE = "interface=lo\ndriver=wired\nssid=t\neap_server=1\n";

function parsed(text: string) {
  const r = parseConfig(BASE + text, "c.conf");
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return { bss: r.config.bss[0]!, notes: r.notes };
}

Deno.test("checkConfig() disables WPS with ignore_broadcast_ssid and says why", () => {
  const { bss, notes } = parsed("wps_state=2\nignore_broadcast_ssid=1\n");
  equal(bss.wps_state, 0);
  deepStrictEqual(notes, [WPS_DISABLE_NOTES.ignoreBroadcastSsid]);
  equal(notes[0], "WPS: ignore_broadcast_ssid configuration forced WPS to be disabled");
});

Deno.test("checkConfig() disables WPS for WPA1-only and TKIP-only WPA2", async (t) => {
  for (const sec of ["wpa=1\nwpa_pairwise=TKIP\n", "wpa=2\nwpa_pairwise=TKIP\n"]) {
    await t.step(sec.replaceAll("\n", " "), () => {
      const { bss, notes } = parsed(`wps_state=2\nwpa_passphrase=12345678\n${sec}`);
      equal(bss.wps_state, 0);
      deepStrictEqual(notes, [
        "WPS: WPA/TKIP configuration without WPA2/CCMP/GCMP forced WPS to be disabled",
      ]);
    });
  }
});

Deno.test("checkConfig() keeps WPS for mixed mode with CCMP in rsn_pairwise", () => {
  const { bss, notes } = parsed(
    "wps_state=2\nwpa=3\nwpa_pairwise=TKIP\nrsn_pairwise=CCMP\nwpa_passphrase=12345678\n",
  );
  equal(bss.wps_state, 2);
  deepStrictEqual(notes, []);
});

Deno.test("setSecurityParams() copies wpa_pairwise into an unset rsn_pairwise", () => {
  const { bss } = parsed("wpa=2\nwpa_pairwise=CCMP\nwpa_passphrase=12345678\n");
  deepStrictEqual(bss.rsn_pairwise, ["CCMP"]);
  equal(bss.wpa_group, "CCMP");
  equal(bss.wpa_group_rekey, 86400);
});

Deno.test("a radio BSS that names no cipher runs CCMP, a wired one keeps hostapd's TKIP", async (t) => {
  const sec = "wps_state=2\nwpa=2\nwpa_passphrase=12345678\n";
  await t.step("driver=nl80211", () => {
    const r = parseConfig(`interface=wlan0\nssid=t\n${sec}`, "r.conf");
    if (!r.ok) throw new Error(r.errors.join("\n"));
    const bss = r.config.bss[0]!;
    deepStrictEqual([bss.wpa_pairwise, bss.rsn_pairwise, bss.wpa_group], [
      ["CCMP"],
      ["CCMP"],
      "CCMP",
    ]);
    equal(bss.wpa_group_rekey, 86400);
    equal(bss.wps_state, 2);
    deepStrictEqual(r.notes, [
      "wlan0: no wpa_pairwise or rsn_pairwise: CCMP (hostapd's default, TKIP, is not run)",
    ]);
  });
  await t.step("driver=wired, as Debian's hostapd", () => {
    const { bss, notes } = parsed(sec);
    deepStrictEqual([bss.wpa_pairwise, bss.rsn_pairwise, bss.wpa_group], [
      ["TKIP"],
      ["TKIP"],
      "TKIP",
    ]);
    equal(bss.wps_state, 0);
    deepStrictEqual(notes, [WPS_DISABLE_NOTES.tkip]);
  });
  await t.step("TKIP named on a radio stays TKIP (the driver then refuses it)", () => {
    const r = parseConfig(`interface=wlan0\nssid=t\n${sec}rsn_pairwise=TKIP\n`, "r.conf");
    if (!r.ok) throw new Error(r.errors.join("\n"));
    deepStrictEqual(r.config.bss[0]!.rsn_pairwise, ["TKIP"]);
    equal(r.config.bss[0]!.wps_state, 0);
  });
  await t.step("an open radio BSS gets no note", () => {
    const r = parseConfig("interface=wlan0\nssid=t\n", "r.conf");
    ok(r.ok);
    deepStrictEqual(r.notes, []);
  });
});

Deno.test("setSecurityParams() picks TKIP as group cipher when any BSS cipher is TKIP", () => {
  const { bss } = parsed("wpa=3\nwpa_pairwise=CCMP TKIP\nwpa_passphrase=12345678\n");
  equal(bss.wpa_group, "TKIP");
  equal(bss.wpa_group_rekey, 600);
});

Deno.test("checkConfig() refuses WPA-PSK without any key", () => {
  const r = parseConfig(BASE + "wpa=2\n", "k.conf");
  ok(!r.ok);
  deepStrictEqual(r.errors, [
    "WPA-PSK enabled, but PSK or passphrase is not configured.",
    "1 errors found in configuration file 'k.conf'",
  ]);
  ok(parseConfig(BASE + "wpa=2\nwpa_psk_file=/x\n", "k.conf").ok);
});

Deno.test("checkConfig() refuses 802.1X without an EAP server", () => {
  const r = parseConfig("interface=lo\nieee8021x=1\n", "e.conf");
  ok(!r.ok);
  equal(r.errors[0], "Invalid IEEE 802.1X configuration (no EAP authenticator configured).");
});

Deno.test("checkConfig() refuses 802.11d without a country code", () => {
  const r = parseConfig("interface=lo\nieee80211d=1\n", "d.conf");
  ok(!r.ok);
  equal(r.errors[0], "Cannot enable IEEE 802.11d without setting the country_code");
});

Deno.test("normalizeConfigMethods() adds the virtual bits WPS 2.0 needs", () => {
  equal(normalizeConfigMethods(0x0008), 0x2008);
  equal(normalizeConfigMethods(0x0080), 0x0280);
  equal(normalizeConfigMethods(0x4008 | 0x0480), 0x4008 | 0x0480);
  const { bss } = parsed("wps_state=2\nconfig_methods=label display push_button keypad\n");
  equal(bss.config_methods, 0x018c | 0x2000 | 0x0200);
});

Deno.test("wpsSecurity() derives WPA2-PSK/AES and the passphrase as network key", () => {
  const { bss } = parsed("wps_state=2\nwpa=2\nrsn_pairwise=CCMP\nwpa_passphrase=secret123\n");
  const s = wpsSecurity(bss);
  equal(s.authTypes, WpsAuth.WPA2PSK);
  equal(s.encrTypes, WpsEncr.AES);
  equal(new TextDecoder().decode(s.networkKey), "secret123");
  equal(s.perDevicePsk, false);
  equal(s.pskAvailable, true);
});

Deno.test("wpsSecurity() uses per-device PSKs when wpa_psk_file is set", () => {
  const { bss } = parsed(
    "wps_state=2\nwpa=2\nrsn_pairwise=CCMP\nwpa_passphrase=secret123\nwpa_psk_file=/f\n",
  );
  const s = wpsSecurity(bss);
  equal(s.networkKey, undefined);
  equal(s.perDevicePsk, true);
  equal(s.pskAvailable, true, "the passphrase still yields a PSK");
});

Deno.test("wpsSecurity() hands out wpa_psk as 64 lower-case hex digits", () => {
  const { bss } = parsed(
    `wps_state=2\nwpa=3\nwpa_pairwise=CCMP TKIP\nwpa_psk=${"AB".repeat(32)}\n`,
  );
  const s = wpsSecurity(bss);
  equal(new TextDecoder().decode(s.networkKey), "ab".repeat(32));
  equal(s.authTypes, WpsAuth.WPA2PSK | WpsAuth.WPAPSK);
  equal(s.encrTypes, WpsEncr.AES | WpsEncr.TKIP);
  equal(s.encrTypesRsn, WpsEncr.AES | WpsEncr.TKIP);
});

Deno.test("wpsSecurity() offers a secure credential from an unconfigured open AP", () => {
  const { bss } = parsed("wps_state=1\n");
  const s = wpsSecurity(bss);
  equal(s.apAuthTypes, WpsAuth.OPEN);
  equal(s.apEncrTypes, WpsEncr.NONE);
  equal(s.authTypes, WpsAuth.WPA2PSK | WpsAuth.WPAPSK);
  equal(s.encrTypes, WpsEncr.AES | WpsEncr.TKIP);
});
