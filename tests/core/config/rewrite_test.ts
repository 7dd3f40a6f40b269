import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { bssPsk, parseConfig, rewriteConfig, WpsAuth, WpsEncr } from "../../../core/config/mod.ts";
import { toHex } from "../../../core/bytes.ts";

const enc = new TextEncoder();
const CTX = { hw_mode: "g", wps_cred_add_sae: 0, ieee80211w: 0 };
const OLD = [
  "interface=lo",
  "driver=wired",
  "eap_server=1",
  "ssid=OldNet",
  "wps_state=1",
  "auth_algs=3",
  "wpa=1",
  "wpa_pairwise=TKIP",
  "wpa_passphrase=oldpassphrase",
  "device_name=AP",
  "bss=lo2",
  "ssid=Second",
  "",
].join("\n");

Deno.test("rewriteConfig() writes the WPS block and comments out replaced first-BSS lines", () => {
  const r = rewriteConfig(OLD, {
    ssid: enc.encode("NewNet"),
    authType: WpsAuth.WPA2PSK,
    encrType: WpsEncr.AES,
    networkKey: enc.encode("new passphrase"),
  }, CTX);
  ok(r.ok);
  equal(
    r.text,
    [
      "# WPS configuration - START",
      "wps_state=2",
      "ssid=NewNet",
      "wpa=2",
      "wpa_key_mgmt=WPA-PSK",
      "wpa_pairwise=CCMP",
      "wpa_passphrase=new passphrase",
      "auth_algs=1",
      "# WPS configuration - END",
      "interface=lo",
      "driver=wired",
      "eap_server=1",
      "#WPS# ssid=OldNet",
      "#WPS# wps_state=1",
      "#WPS# auth_algs=3",
      "#WPS# wpa=1",
      "#WPS# wpa_pairwise=TKIP",
      "#WPS# wpa_passphrase=oldpassphrase",
      "device_name=AP",
      "bss=lo2",
      "ssid=Second",
      "",
    ].join("\n"),
  );
});

Deno.test("rewriteConfig() output re-parses with the new settings", () => {
  const psk = "0123456789abcdef".repeat(4);
  const r = rewriteConfig(OLD, {
    ssid: new Uint8Array([0x41, 0x0a, 0x42]),
    authType: WpsAuth.WPA2PSK | WpsAuth.WPAPSK,
    encrType: WpsEncr.AES | WpsEncr.TKIP,
    networkKey: enc.encode(psk),
  }, CTX);
  ok(r.ok);
  ok(r.text.includes("ssid2=410a42\n"), "a control byte forces the hex form");
  const p = parseConfig(r.bytes, "new.conf");
  ok(p.ok, p.ok ? "" : p.errors.join("\n"));
  const b = p.config.bss[0]!;
  equal(toHex(b.ssid!), "410a42");
  equal(b.wps_state, 2);
  equal(b.wpa, 3);
  deepStrictEqual(b.wpa_key_mgmt, ["WPA-PSK"]);
  deepStrictEqual(b.wpa_pairwise, ["CCMP", "TKIP"]);
  equal(toHex(bssPsk(b)!), psk);
  equal(b.wpa_passphrase, undefined);
  equal(b.auth_algs, 1);
  equal(p.config.bss[1]!.ssid_text, "Second", "lines after bss= are kept");
});

Deno.test("rewriteConfig() adds SAE and PMF when wps_cred_add_sae is set", () => {
  const r = rewriteConfig("ieee80211w=0\n", {
    ssid: enc.encode("N"),
    authType: WpsAuth.WPA2PSK,
    encrType: WpsEncr.AES,
    networkKey: enc.encode("passphrase"),
  }, { ...CTX, wps_cred_add_sae: 1 });
  ok(r.ok);
  ok(r.text.includes("wpa_key_mgmt=WPA-PSK SAE\nieee80211w=1\nsae_require_mfp=1\n"));
  ok(r.text.endsWith("#WPS# ieee80211w=0\n"));
});

Deno.test("rewriteConfig() writes an open network without WPA lines", () => {
  const r = rewriteConfig("wpa=2\n", {
    ssid: enc.encode("Open"),
    authType: WpsAuth.OPEN,
    encrType: WpsEncr.NONE,
    networkKey: new Uint8Array(0),
  }, CTX);
  ok(r.ok);
  equal(
    r.text,
    "# WPS configuration - START\nwps_state=2\nssid=Open\nauth_algs=1\n" +
      "# WPS configuration - END\n#WPS# wpa=2\n",
  );
});

Deno.test("rewriteConfig() refuses keys that would inject lines or are malformed", async (t) => {
  const cases: [string, Uint8Array][] = [
    ["newline in passphrase", enc.encode("pass\nwpa=0")],
    ["short key", enc.encode("short")],
    ["64 non-hex", enc.encode("z".repeat(64))],
  ];
  for (const [name, key] of cases) {
    await t.step(name, () => {
      const r = rewriteConfig("", {
        ssid: enc.encode("N"),
        authType: WpsAuth.WPA2PSK,
        encrType: WpsEncr.AES,
        networkKey: key,
      }, CTX);
      ok(!r.ok);
    });
  }
});
