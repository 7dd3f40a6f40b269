/**
 * tsapd as a real access point: a qemu guest with mac80211_hwsim (tests/vm/) runs tsapd with
 * driver=nl80211 on one radio and Debian's wpa_supplicant as stations on two others, each in its
 * own network namespace (tests/vm/guest/ap_e2e.sh). tsapd is bundled from this checkout into the
 * guest's result directory first. One boot (about 60 s under TCG) covers: HT20, country_code and
 * the Country element, Selected Registrar in probe responses and beacons, WPS PBC then WPA2-PSK
 * with the per-device PSK and ping both ways, leave and come back, WPS PIN on a second station
 * (two at once), a passphrase client, a wpa_psk_file keyid client, a wrong passphrase rejected,
 * group rekeying, RELOAD with a deny list, PBC overlap from two stations' probe requests, a
 * hidden SSID, an open network, 5 GHz (channel 36), DISABLE/ENABLE, a second BSS (`bss=`: its
 * own interface, address, passphrase and bridge), GCMP-256, ap_isolate, idle and vanished stations
 * (ap_max_inactivity, disassoc_low_ack), shutdown, 2.4 GHz HT40 with its coexistence scan
 * against hostapd, and automatic channel selection (channel=acs_survey) alone and next to a BSS. tsapd's STA reply is compared with that of Debian's hostapd
 * run first on the same config.
 */
import { assertGuestPassed, printGuestLogs, qemuMissing, runBundledGuest } from "./_vm.ts";

/** Every check the guest must report as passed. */
const REQUIRED = [
  "802.11ac variants (a missing capability, [HT40-] on channel 40) end as hostapd's",
  "ieee80211ac=1, 80 MHz: the AP and its station run 80 MHz (centre 5210 MHz), [VHT], VHT rates",
  "ieee80211ac=1: STATUS and its station counts, widths, STA's VHT lines, every outcome equal hostapd's",
  "reference: hostapd serves a passphrase client",
  "STA flags, capability, rates and RSN lines equal hostapd's",
  "STA shows the completed 4-way handshake",
  "tsapd answers hostapd_cli ping",
  "wlan0 is an AP",
  "wlan0 runs HT20 (ieee80211n=1)",
  "the station associated with HT",
  "country_code=DE set the regulatory domain",
  "the Country element says DE (ieee80211d=1)",
  "RELOAD with ignore_broadcast_ssid=1",
  "hidden SSID: beacons carry no SSID",
  "hidden SSID: a directed probe is answered",
  "open network: a station connects",
  "open network: ping both ways",
  "RELOAD moves the AP to channel 36 (5180 MHz)",
  "5 GHz: a station connects and pings",
  "DISABLE stops the AP: AP-DISABLED, state=DISABLED, the station loses it",
  "ENABLE brings the AP back and the station reconnects",
  "a station scan finds SSID tsapd-e2e",
  "no Selected Registrar before WPS_PBC",
  "RX-PROBE-REQUEST, with the signal, reaches a probe_rx_events=1 monitor only",
  "Selected Registrar after WPS_PBC",
  "WPS PBC gives a credential and wlan1 connects with WPA2-PSK",
  "WPS-REG-SUCCESS event",
  "WPS-ENROLLEE-SEEN event from a probe request",
  "EAPOL-4WAY-HS-COMPLETED event",
  "per-device PSK appended to wpa_psk_file",
  "ping station to AP",
  "ping AP to station",
  "ALL_STA lists the authorized station",
  "POLL_STA: the station acknowledges (AP-STA-POLL-OK), an unknown one FAILs",
  "station leaves: AP-STA-DISCONNECTED",
  "station comes back, reconnects and pings",
  "DEAUTHENTICATE reason=3 reaches the station",
  "the station reconnects after DEAUTHENTICATE",
  "DISASSOCIATE reason=8 reaches the station",
  "the station reconnects after DISASSOCIATE and pings",
  "WPS PIN gives wlan2 a credential and it connects with WPA2-PSK",
  "a second per-device PSK in wpa_psk_file",
  "two stations at once: both ping the AP",
  "ALL_STA lists two authorized stations",
  "STA shows flags, AID and connected_time of wlan2",
  "both PBC stations' probe requests seen",
  "WPS-OVERLAP-DETECTED for two PBC stations",
  "no credential under PBC overlap",
  "a hidden SSID turns WPS off, as hostapd does",
  "a passphrase client connects and pings",
  "STATUS equals hostapd's on the same radio",
  "MIB equals hostapd's after a passphrase client",
  "STA shows the keyid= of the matched wpa_psk_file line",
  "RELOAD_WPA_PSK sends off the client whose wpa_psk_file line was removed (reason 2)",
  "the station with a per-device PSK stays connected through RELOAD_WPA_PSK",
  "RELOAD_WPA_PSK without the file answers FAIL and changes nothing",
  "data from a station the AP dropped silently brings a Deauthentication, reason 7",
  "after the reason 7 the station associates again and pings",
  "MIB counts the wrong passphrase's failed 4-way handshake",
  "STA lists hostapd's lines in its order: kernel counters and the station's elements",
  "a wrong passphrase gives AP-STA-POSSIBLE-PSK-MISMATCH",
  "the wrong passphrase is not let in",
  "the first station still pings at the end",
  "Selected Registrar in beacons after WPS_PBC (SET_BEACON)",
  "beacons drop Selected Registrar after the registration",
  "a wpa_psk_file passphrase client connects with keyid=",
  "group rekey completes with the connected station",
  "RELOAD restarts the AP",
  "wlan1 reconnects after the reload",
  "deny_mac_file keeps wlan2 out",
  "the denied station's probe requests are not answered",
  "DENY_ACL ADD_MAC sends the station off and keeps it out",
  "DENY_ACL DEL_MAC lets it back in",
  "DENY_ACL DEL_MAC takes wlan2 off the deny list",
  "the radio self-test passed (WPS and WPA visits)",
  "tsapd exits on SIGTERM",
  "wlan0 restored to managed mode",
  "wlan1 loses the AP",
  "RELOAD with a bss= section creates wlan0_1, a second AP on the radio",
  "wlan0_1 gets the address after wlan0's, as from hostapd",
  "STATUS lists both BSSes; wlan0_1 has its own control socket",
  "a station joins the second BSS with its passphrase and pings the bridge",
  "bridge=: tsapd creates br-guest and makes wlan0_1 its port",
  "br-guest, which tsapd created, is removed at exit",
  "the station is in wlan0_1's table, not wlan0's",
  "wlan0_1, which tsapd created, is removed",
  "rsn_pairwise=GCMP-256: a station connects with GCMP-256 keys and pings",
  "STA shows the GCMP-256 pairwise cipher",
  "ap_isolate=0: two stations of the second BSS ping each other",
  "SET ap_isolate 1 + RELOAD: both still reach the AP, no longer each other",
  "RELOAD with ap_max_inactivity=2: the station is back on the second BSS",
  "an idle station in range stays associated over six limits",
  "a vanished station is disassociated for inactivity and removed from the table",
  "back in range, the station joins again and pings",
  "RELOAD with disassoc_low_ack=1: the station is back and pings",
  "disassoc_low_ack=1: a station that stops acknowledging is disassociated at once",
  "back in range after the low-ACK disassociation, the station joins again",
  "supported_rates, basic_rates and preamble=1 (OpenWrt's defaults) shape the beacon",
  "ht_capab=[HT40+]: the AP and its station run 40 MHz (36 + 40)",
  "2.4 GHz [HT40+] with no neighbour: 40 MHz after the scan, STATUS equal to hostapd's",
  "2.4 GHz [HT40+] next to a 20 MHz AP on channel 8: 20 MHz, STATUS equal to hostapd's",
  "channel=acs_survey alone on the band: channel 1, 6 or 11, as hostapd",
  "channel=acs_survey next to a BSS on channel 11: a channel clear of it",
  "ieee80211w=1: a PMF station ([MFP], kernel MFP) and one without it connect and ping",
  "PMF: SA_QUERY answered under the station's keys; REKEY_GTK (IGTK to key ID 5), REKEY_PTK",
  "PMF: a station back after a silent loss is held off (status 30, SA Query) and then let in",
  "PMF: the PMF station accepts the BIP-protected broadcast Deauthentication at exit",
  "PMF: every step's outcome equals hostapd's",
  "ieee80211w=2, BIP-GMAC-256: only the PMF station joins; its rekeyed IGTK protects the exit",
  "ieee80211w=2: every step's outcome equals hostapd's",
];

const skip = qemuMissing();
if (skip) console.log(`ap_e2e_vm_test: skipped: ${skip}`);

Deno.test({
  name: "tsapd with driver=nl80211 enrolls and serves Debian's wpa_supplicant over mac80211_hwsim",
  ignore: skip !== undefined,
  sanitizeResources: false,
  async fn() {
    const t0 = performance.now();
    const run = await runBundledGuest(
      "tests/vm/guest/ap_e2e.sh",
      480,
      printGuestLogs(["tsapd.log", "events.txt"], 4000),
    );
    console.log(
      `${run.timings.join("\n")}\nwall ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    assertGuestPassed(run, REQUIRED);
  },
});
