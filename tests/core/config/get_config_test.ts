import { countStations } from "../../../core/ap/station_counts.ts";
import { equal, ok } from "node:assert/strict";
import { bssPsk, formatGetConfig, formatStatus, parseConfig } from "../../../core/config/mod.ts";
import { fromHex } from "../../../core/bytes.ts";
import { ratesForMode } from "../../../core/ap/ap_params.ts";

const EXAMPLES = new URL("../../fixtures/wired/", import.meta.url).pathname;
const BSSID = fromHex("020000000100");

/** The reply bodies recorded with `cat -A` in ctrl-replies.txt (`$` marks each line end). */
function recorded(section: string): string {
  const text = Deno.readTextFileSync(EXAMPLES + "captures/ctrl/ctrl-replies.txt");
  const start = text.indexOf(`=== ${section}\n`) + section.length + 5;
  const body = text.slice(start, text.indexOf("[rc=", start));
  return body.replaceAll("$\n", "\n");
}

function wiredConfig() {
  const r = parseConfig(Deno.readFileSync(EXAMPLES + "hostapd.conf"), "hostapd.conf");
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.config;
}

Deno.test("formatGetConfig() matches hostapd 2.10's GET_CONFIG reply byte for byte", () => {
  const bss = wiredConfig().bss[0]!;
  const reply = formatGetConfig(bss, BSSID, bssPsk(bss));
  equal(reply, recorded("get_config"));
  // strace of the same reply: recvfrom(...) = 222, so key_mgmt has no trailing space.
  equal(new TextEncoder().encode(reply).length, 222);
  ok(reply.includes("\nkey_mgmt=WPA-PSK\n"));
});

Deno.test("formatStatus() matches hostapd 2.10's STATUS reply for the wired driver", () => {
  const reply = formatStatus(wiredConfig(), BSSID, 0);
  equal(reply, recorded("status"));
  equal(reply.length, 459, "strace recorded a 459-byte reply");
});

Deno.test("formatGetConfig() escapes a non-printable SSID like wpa_ssid_txt", () => {
  const r = parseConfig('ssid2=P"a\\n\\"\\x7f"\nwps_state=2\n', "s.conf");
  ok(r.ok);
  const reply = formatGetConfig(r.config.bss[0]!, BSSID);
  ok(reply.includes('\nssid=a\\n\\"\\x7f\n'));
  ok(reply.includes("\nwps_state=configured\n"));
  ok(!reply.includes("wpa="));
});

/** A config of tests/fixtures/radio, and hwsim's HT MCS set (two spatial streams). */
function radioFixture(name: string) {
  const dir = new URL("../../fixtures/radio/", import.meta.url).pathname;
  const r = parseConfig(Deno.readFileSync(dir + name), name);
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const mcsSet = new Uint8Array(16);
  mcsSet.set([0xff, 0xff]);
  return { dir, config: r.config, mcsSet };
}

Deno.test("formatStatus() adds hostapd's VHT lines for an 802.11ac AP at 80 MHz", () => {
  const { dir, config, mcsSet } = radioFixture("hostapd-vht-ch36.conf");
  const reply = formatStatus(config, fromHex("020000000000"), 1, {
    state: "ENABLED",
    phy: "phy0",
    freq: 5180,
    secondaryChannel: 1,
    htCapsInfo: 0x006e,
    htMcsSet: mcsSet,
    vht: { chwidth: 1, seg0: 42, seg1: 0 },
    vhtMcsSet: fromHex("aaaa0000aaaa0000"),
    rates: ratesForMode("a", 36),
    maxTxPowerDbm: 23,
    // The one station hostapd counted: a 5 GHz station announces neither short slot time nor
    // short preamble; HT with greenfield and 40 MHz.
    stationCounts: countStations([{
      flags: ["AUTH", "ASSOC", "AUTHORIZED", "WMM", "HT", "VHT"],
      capability: 0x0011,
      htCapabilities: Uint8Array.of(0x7e, 0x10),
    }], { ht: true, fortyMhz: true, band24: false }),
  });
  equal(reply, Deno.readTextFileSync(dir + "status-vht-ch36.txt"));
});

Deno.test("formatStatus() adds the radio lines hostapd 2.10 prints for an nl80211 AP", () => {
  const { dir, config, mcsSet } = radioFixture("hostapd-ht-ch6.conf");
  // hwsim's 2.4 GHz band: two spatial streams, rates in the driver's order, 20 dBm in the world
  // domain; the AP announces HT Capabilities Info 0x000c (SM power save disabled).
  const reply = formatStatus(config, fromHex("020000000000"), 1, {
    state: "ENABLED",
    phy: "phy0",
    freq: 2437,
    htCapsInfo: 0x000c,
    htMcsSet: mcsSet,
    rates: ratesForMode("g", 6),
    maxTxPowerDbm: 20,
  });
  equal(reply, Deno.readTextFileSync(dir + "status-ht-ch6.txt"));
  // Without HT the two HT lines go; without a band (wired) all four.
  const noHt = formatStatus(config, fromHex("020000000000"), 1, {
    phy: "phy0",
    freq: 2437,
    rates: ratesForMode("g", 6),
    maxTxPowerDbm: 20,
  });
  ok(!noHt.includes("ht_caps_info=") && !noHt.includes("ht_mcs_bitmask="));
  ok(noHt.includes("\nsupported_rates=02 04 0b 16 0c 12 18 24 30 48 60 6c\nmax_txpower=20\n"));
});
