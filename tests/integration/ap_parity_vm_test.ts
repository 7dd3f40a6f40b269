/**
 * Over mac80211_hwsim in the qemu guest (tests/vm/guest/ap_parity.sh), Debian's hostapd and then
 * tsapd run the same configs with Debian's wpa_supplicant as stations: an accept list (the
 * refused station's probes unanswered), beacon_int and dtim_period as the station sees them,
 * wpa_ptk_rekey, max_num_sta and wpa_strict_rekey; tsapd's outcomes must equal hostapd's. And WPA2
 * naming no cipher: hostapd runs TKIP, which Debian's wpa_supplicant cannot complete (OpenSSL 3
 * has no RC4 loaded), tsapd runs CCMP and the station connects. 802.11b with ieee80211n=1 (HT off,
 * WMM on, as the station sees the beacon and STA shows its flags). And on 5 GHz the Power Constraint
 * and Spectrum Management of local_pwr_constraint / spectrum_mgmt_required as the station sees
 * them, and the configs hostapd refuses for 802.11h and those keys; channels neither daemon starts
 * on (outside hw_mode's band, disabled by the country, an [HT40+] pair without its secondary); and
 * the global control interface (-g) adding, removing and re-adding the radio BSS; SET ssid and
 * ignore_broadcast_ssid taking effect at UPDATE_BEACON.
 * A run takes about 3 minutes under TCG.
 */
import { assertGuestPassed, printGuestLogs, qemuMissing, runBundledGuest } from "./_vm.ts";

/** Checks the guest must report as passed (it prints more; none may fail). */
const REQUIRED = [
  "tsapd acl: the AP starts",
  "tsapd acl: the accepted station's probes are answered, the refused one's are not",
  "tsapd acl: the accepted station connects",
  "tsapd acl: the station sees beacon_int=200 and dtim_period=3",
  "tsapd acl: wpa_ptk_rekey=6 rekeys the PTK while the station stays connected",
  "tsapd acl: the refused station never connects",
  "tsapd max: the first station connects",
  "tsapd max: the second is refused with status 17",
  "tsapd max: it gets in once the first has left",
  "tsapd strict: both stations connect",
  "tsapd strict: wlan2's leave gives wlan1 a new group key about 0.5 s later",
  "tsapd strict: MIB says dot11RSNAConfigGroupRekeyStrict=1",
  "acl: tsapd's outcomes equal hostapd's",
  "max: tsapd's outcomes equal hostapd's",
  "strict: tsapd's outcomes equal hostapd's",
  "tsapd nocipher: a station connects and pings the AP",
  "tsapd nocipher: CCMP is run, and the log says why",
  "tsapd bmode: the AP starts",
  "tsapd bmode: a station connects",
  "bmode: tsapd's outcomes equal hostapd's",
  "tsapd pwr: the AP starts on channel 36",
  "tsapd pwr: the station sees Power Constraint 3 dB and Spectrum Management",
  "pwr: tsapd's outcomes equal hostapd's",
  "tsapd chan: config 1 is refused with the reason",
  "tsapd chan: config 2 is refused with the reason",
  "tsapd chan: config 3 is refused with the reason",
  "chan: tsapd's outcomes equal hostapd's",
  "tsapd global: the global socket answers with no config file",
  "tsapd global: a station connects to the added BSS",
  "tsapd global: REMOVE stops the AP and the station loses it",
  "tsapd global: after ENABLE the station is back",
  "global: tsapd's outcomes equal hostapd's",
  "tsapd update: the AP starts",
  "tsapd update: a station joins the SSID set at run time",
  "update: tsapd's outcomes equal hostapd's",
];

const skip = qemuMissing();
if (skip) console.log(`ap_parity_vm_test: skipped: ${skip}`);

Deno.test({
  name: "Over mac80211_hwsim, tsapd admits stations and changes keys as Debian's hostapd does " +
    "(accept list, beacon timing, max_num_sta, wpa_ptk_rekey, wpa_strict_rekey, no cipher named)",
  ignore: skip !== undefined,
  sanitizeResources: false,
  async fn() {
    const run = await runBundledGuest(
      "tests/vm/guest/ap_parity.sh",
      400,
      printGuestLogs(
        ["tsapd-acl.log", "tsapd-max.log", "tsapd-strict.log", "tsapd-nocipher.log"],
        3000,
      ),
    );
    console.log(run.timings.join("\n"));
    // hostapd's own checks test the reference run (tests/vm/guest/ap_parity.sh, check()).
    assertGuestPassed(run, REQUIRED, /^CHECK hostapd /);
  },
});
