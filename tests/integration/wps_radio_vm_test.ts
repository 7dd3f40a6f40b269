/**
 * The AP's WPS roles over a real radio, where a WPS run ends in a rewritten hostapd.conf and a
 * restarted BSS: a qemu guest with mac80211_hwsim (tests/vm/guest/wps_radio.sh) runs Debian's
 * hostapd and then tsapd on the same configs, with Debian's wpa_supplicant as the station. An
 * unconfigured open AP (`wps_state=1`) made WPA2-PSK by its first PBC Enrollee; an external
 * Registrar (`WPS_REG` with the AP PIN) that learns the settings, one that sets new ones, wrong
 * AP PINs up to the lockout and WPS_AP_PIN random lifting it; a wildcard PIN used up, then M2D
 * for the next station until WPS_PIN; two PBC enrollments back to back; a late station's Key
 * RSC; and WPS PBC on channel 36.
 * tsapd's rewritten config, GET_CONFIG, STATUS, WPS_GET_STATUS, scan flags and events must equal
 * hostapd's. One boot takes about 80 s under TCG.
 */
import { assertGuestPassed, printGuestLogs, qemuMissing, runBundledGuest } from "./_vm.ts";

/** Checks the guest must report as passed (it prints more; none may fail). */
const REQUIRED = [
  "tsapd init: the Enrollee gets a credential and connects",
  "tsapd init: the station runs WPA2-PSK/CCMP with the AP's new passphrase",
  "tsapd init: the rewritten config's passphrase is the one the station received",
  "tsapd init: the station is still connected 2 s later",
  "tsapd learn: the external Registrar learns the settings and connects",
  "tsapd learn: the Registrar saved the AP's SSID and passphrase",
  "hostapd learn: msg 3/4 gives the later station the GTK's counter (Key RSC not zero)",
  "tsapd learn: msg 3/4 gives the later station the GTK's counter (Key RSC not zero)",
  "tsapd conf: WPS-NEW-AP-SETTINGS",
  "tsapd conf: the Registrar connects to the reconfigured AP",
  "tsapd conf: EAPOL-4WAY-HS-COMPLETED after the reload",
  "tsapd conf: the reload comes after the run's WPS-SUCCESS",
  "tsapd conf: beacons carry the new SSID, not the old",
  "tsapd wrong: a wrong AP PIN gives WPS-FAIL",
  "tsapd wrong: the config file is unchanged",
  "init: tsapd rewrites the config as hostapd does",
  "init: GET_CONFIG equals hostapd's",
  "init: WPS_GET_STATUS equals hostapd's",
  "init: the AP's events equal hostapd's",
  "learn: the AP's events equal hostapd's",
  "conf: tsapd rewrites the config as hostapd does",
  "conf: GET_CONFIG, STATUS and the station's SSID equal hostapd's",
  "conf: WPS_GET_STATUS equals hostapd's",
  "conf: the AP's events equal hostapd's",
  "wrong: WPS_GET_STATUS and the AP's events equal hostapd's",
  "tsapd lock: the third wrong AP PIN locks AP setup (WPS-AP-SETUP-LOCKED)",
  "tsapd lock: the WPS IE says AP Setup Locked",
  "tsapd lock: WPS_AP_PIN random unlocks it (WPS-AP-SETUP-UNLOCKED)",
  "tsapd lock: the WPS IE no longer says locked",
  "lock: WPS_GET_STATUS and the scanned lock equal hostapd's",
  "tsapd pin: the wildcard PIN enrolls the first station",
  "tsapd pin: the used PIN is gone from the WPS IE ([WPS] without [WPS-AUTH])",
  "tsapd pin: a station without a PIN gets M2D (WPS-PIN-NEEDED)",
  "tsapd pin: after WPS_PIN the station's retry enrolls it and it connects",
  "pin: WPS_GET_STATUS, the scan flags and the AP's events equal hostapd's",
  "tsapd pbc2: the first push-button station enrolls",
  "tsapd pbc2: the second enrolls right after it, with no overlap",
  "tsapd pbc2: no WPS-OVERLAP-DETECTED",
  "pbc2: WPS_GET_STATUS and the AP's events equal hostapd's",
  "tsapd 5ghz: the AP runs on channel 36",
  "tsapd 5ghz: WPS PBC gives a credential and the station connects",
  "tsapd 5ghz: the station runs WPA2-PSK on 5180 MHz with the AP's passphrase",
  "5ghz: WPS_GET_STATUS and the AP's events equal hostapd's",
];

const skip = qemuMissing();
if (skip) console.log(`wps_radio_vm_test: skipped: ${skip}`);

Deno.test({
  name: "Over mac80211_hwsim, tsapd's WPS self-configuration and external Registrar runs " +
    "rewrite, restart and report as Debian's hostapd does",
  ignore: skip !== undefined,
  sanitizeResources: false,
  async fn() {
    const run = await runBundledGuest(
      "tests/vm/guest/wps_radio.sh",
      300,
      printGuestLogs(["tsapd-init.log", "tsapd-learn.log", "tsapd-conf-events.txt"], 3000),
    );
    console.log(run.timings.join("\n"));
    // hostapd's own checks test the reference run (tests/vm/guest/wps_radio.sh, check()).
    assertGuestPassed(run, REQUIRED, /^CHECK hostapd /);
  },
});
