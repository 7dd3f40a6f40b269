import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fromHex, utf8 } from "../../../core/bytes.ts";
import { AuthType, ConfigMethod, EncrType } from "../../../core/wps/constants.ts";
import {
  type EnrolleeCaps,
  negotiateTypes,
  normaliseApSettings,
  randomPassphrase,
  selectCredential,
} from "../../../core/wps/wps_settings.ts";
import { apSettings } from "./_peers.ts";

const caps: EnrolleeCaps = {
  authFlags: AuthType.OPEN | AuthType.WPAPSK | AuthType.WPA2PSK,
  encrFlags: EncrType.NONE | EncrType.TKIP | EncrType.AES,
  configMethods: ConfigMethod.DISPLAY,
  manufacturer: "m",
  modelName: "n",
  mac: fromHex("020000000200"),
};

Deno.test("negotiateTypes() adds WPA2PSK for WPA2+WPAPSK and assumes ours when nothing matches", () => {
  const s = apSettings({ authTypes: AuthType.WPA2PSK | AuthType.WPAPSK });
  equal(
    negotiateTypes(s, AuthType.WPA2 | AuthType.WPAPSK, EncrType.AES).auth,
    AuthType.WPA2PSK | AuthType.WPAPSK,
  );
  deepStrictEqual(negotiateTypes(s, AuthType.SHARED, EncrType.WEP), {
    auth: AuthType.WPA2PSK | AuthType.WPAPSK,
    encr: EncrType.AES,
  });
});

Deno.test("selectCredential() prefers WPA2PSK/AES and falls back to TKIP for WPAPSK", () => {
  const s = apSettings({
    authTypes: AuthType.WPA2PSK | AuthType.WPAPSK,
    encrTypes: EncrType.AES | EncrType.TKIP,
    encrTypesWpa: EncrType.TKIP,
  });
  const c = selectCredential(s, caps)!;
  equal(c.authType, AuthType.WPA2PSK);
  equal(c.encrType, EncrType.AES);
  const w = selectCredential(s, { ...caps, authFlags: AuthType.WPAPSK })!;
  equal(w.authType, AuthType.WPAPSK);
  equal(w.encrType, EncrType.TKIP);
});

Deno.test("selectCredential() gives an open network an empty key and NONE", () => {
  const s = apSettings({ authTypes: AuthType.OPEN, encrTypes: EncrType.NONE, networkKey: null });
  const c = selectCredential(s, caps)!;
  deepStrictEqual([c.authType, c.encrType, c.networkKey.length], [AuthType.OPEN, EncrType.NONE, 0]);
  equal(c.newDevicePsk, null);
});

Deno.test("selectCredential() hex-encodes the PSK for Apple AirPort devices", () => {
  const psk = new Uint8Array(32).fill(1);
  const s = apSettings({ psk });
  const c = selectCredential(s, { ...caps, manufacturer: "AppleInc", modelName: "AirPort" })!;
  equal(new TextDecoder().decode(c.networkKey), "initialpassphrase", "needs 'Apple ' prefix");
  const a = selectCredential(s, { ...caps, manufacturer: "Apple ", modelName: "AirPort Express" })!;
  equal(new TextDecoder().decode(a.networkKey), "01".repeat(32));
});

Deno.test("randomPassphrase() is 22 base64 characters without padding", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const p = new TextDecoder().decode(randomPassphrase());
    ok(/^[A-Za-z0-9+/]{22}$/.test(p), p);
    seen.add(p);
  }
  equal(seen.size, 50);
});

Deno.test("normaliseApSettings() strips a trailing NUL and rejects bad keys", () => {
  const ssid = utf8("n");
  const ok1 = normaliseApSettings(ssid, AuthType.WPA2PSK, EncrType.AES, utf8("passphrase\0"));
  equal(typeof ok1 !== "string" && new TextDecoder().decode(ok1.networkKey), "passphrase");
  equal(normaliseApSettings(ssid, AuthType.WPA2PSK, EncrType.AES, utf8("short")), "key");
  equal(normaliseApSettings(ssid, AuthType.WPA2PSK, EncrType.AES, utf8("x".repeat(64))), "key");
  equal(normaliseApSettings(ssid, AuthType.WPA2PSK, EncrType.AES, utf8("a".repeat(65))), "key");
  equal(normaliseApSettings(ssid, AuthType.WPA2PSK, EncrType.AES, utf8("pass\x7fphrase")), "key");
  equal(normaliseApSettings(ssid, AuthType.OPEN, EncrType.WEP, utf8("12345")), "wep");
  equal(normaliseApSettings(ssid, AuthType.OPEN, 0x10, new Uint8Array(0)), "encryption");
  const hex = normaliseApSettings(ssid, AuthType.WPA2PSK, EncrType.AES, utf8("aB".repeat(32)));
  ok(typeof hex !== "string");
  const open = normaliseApSettings(ssid, AuthType.OPEN, EncrType.NONE, new Uint8Array(0));
  ok(typeof open !== "string" && open.authType === AuthType.OPEN);
});
