import { deepStrictEqual, throws } from "node:assert/strict";
import { secondaryBssid } from "../../../core/ap/bss_address.ts";
import { formatMac, parseMac } from "../../../core/bytes.ts";

const mac = (s: string) => parseMac(s)!;
const radio = mac("02:00:00:00:00:00");

Deno.test("secondaryBssid() takes the previous BSS's address plus one, as hostapd does", () => {
  // Seen from Debian's hostapd on hwsim: wlan0 02:00:00:00:00:00, then bss=wlan0_1 without
  // bssid= got 02:00:00:00:00:01.
  deepStrictEqual(formatMac(secondaryBssid(undefined, radio, radio, [])), "02:00:00:00:00:01");
  deepStrictEqual(
    formatMac(secondaryBssid(undefined, mac("02:00:00:00:00:ff"), radio, [])),
    "02:00:00:00:01:00",
  );
  deepStrictEqual(
    formatMac(secondaryBssid(undefined, mac("ff:ff:ff:ff:ff:ff"), radio, [])),
    "00:00:00:00:00:00",
  );
});

Deno.test("secondaryBssid() steps over addresses other sections configure", () => {
  const taken = [mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02")];
  deepStrictEqual(formatMac(secondaryBssid(undefined, radio, radio, taken)), "02:00:00:00:00:03");
  // An all-zero bssid= counts as unset.
  deepStrictEqual(
    formatMac(secondaryBssid(new Uint8Array(6), radio, radio, taken)),
    "02:00:00:00:00:03",
  );
});

Deno.test("secondaryBssid() uses bssid= when set, but never the radio's own address", () => {
  deepStrictEqual(
    formatMac(secondaryBssid(mac("02:00:00:00:00:77"), radio, radio, [])),
    "02:00:00:00:00:77",
  );
  throws(
    () => secondaryBssid(mac("02:00:00:00:00:00"), radio, radio, []),
    /MAC address of the radio/,
  );
});
