/**
 * Control-interface parity: Debian's real `hostapd_cli` gets the same reply from Debian's
 * hostapd and from tsapd, both running on the same config (driver=wired, veth in a network
 * namespace). Values that must differ (a random AP PIN) are compared by shape.
 */
import { equal, match } from "node:assert/strict";
import { canRunInterop, createNetnsPair, type NetnsPair } from "./_wps_netns.ts";
import { type RunningAp, startAp } from "./_ap.ts";

const ignore = !canRunInterop;

/** A hostapd_cli command; `before` runs first (once, for both daemons). */
type Step = { args: string[]; shape?: RegExp; before?: () => Promise<void> };

/** Every command of the foundation issue, in an order that exercises the WPS state. */
/** The sub-commands run against each MAC list, in order. */
const ACL_STEPS = [
  "SHOW",
  "ADD_MAC 02:00:00:00:02:00",
  "ADD_MAC 02:00:00:00:01:00 VLAN_ID=5",
  "ADD_MAC zz",
  "ADD_MAC 02:00:00:00:02:00 VLAN_ID=7",
  "SHOW",
  "SHOWX",
  "DEL_MAC zz",
  "DEL_MAC 02:00:00:00:09:00",
  "DEL_MAC 02:00:00:00:02:00",
  "SHOW",
  "CLEARX",
  "CLEAR",
  "SHOW",
  "bogus",
];

const STEPS: Step[] = [
  { args: ["ping"] },
  { args: ["status"] },
  { args: ["get_config"] },
  { args: ["all_sta"] },
  { args: ["sta", "02:00:00:00:02:00"] },
  { args: ["raw", "STA-FIRST"] },
  { args: ["raw", "STA-NEXT", "02:00:00:00:02:00"] },
  { args: ["raw", "STA-NEXT", "zz"] },
  { args: ["wps_get_status"] },
  { args: ["wps_check_pin", "12345670"] },
  { args: ["wps_check_pin", "12345678"] },
  { args: ["wps_check_pin", "1234-5670"] },
  { args: ["wps_check_pin", "1234567"] },
  { args: ["wps_check_pin", "123456789"] },
  { args: ["wps_check_pin", "1234"] },
  { args: ["wps_pin", "any", "12345670"] },
  { args: ["wps_pin", "12345678-9abc-def0-1234-56789abcdef0", "12345670", "120"] },
  { args: ["wps_pin", "not-a-uuid", "12345670"] },
  { args: ["wps_pin", "any", "12345670", "60", "02:00:00:00:02:00"] },
  { args: ["raw", "WPS_PIN any"] },
  { args: ["raw", "WPS_PIN any 12345670 -5"] },
  { args: ["wps_pin", "any", "12345670", "4294967297"] },
  { args: ["wps_pbc"] },
  { args: ["wps_get_status"] },
  { args: ["wps_cancel"] },
  { args: ["wps_get_status"] },
  { args: ["raw", "WPS_GET_STATU"] },
  { args: ["wps_ap_pin", "random"], shape: /^\d{8}$/ },
  { args: ["wps_ap_pin", "get"], shape: /^\d{8}$/ },
  { args: ["wps_ap_pin", "set", "12345670"] },
  { args: ["wps_ap_pin", "get"] },
  { args: ["wps_ap_pin", "set", "123456789"] },
  { args: ["wps_ap_pin", "random", "0"], shape: /^\d{8}$/ },
  { args: ["wps_ap_pin", "disable"] },
  { args: ["wps_ap_pin", "get"] },
  { args: ["raw", "WPS_AP_PIN bogus"] },
  { args: ["raw", "WPS_CONFIG"] },
  { args: ["deauthenticate", "02:00:00:00:02:00"] },
  { args: ["raw", "DEAUTHENTICATE 02:00:00:00:02:00 reason=3 tx=0"] },
  { args: ["raw", "DEAUTHENTICATE zz"] },
  { args: ["raw", "DEAUTHENTICATE"] },
  { args: ["disassociate", "02:00:00:00:02:00"] },
  { args: ["raw", "DISASSOCIATE 02:00:00:00:02:0"] },
  { args: ["raw", "WPS_CONFIG 4e6"] },
  { args: ["raw", "WPS_CONFIG 4e65 WEP"] },
  { args: ["raw", "WPS_CONFIG 4e65 WPA2PSK GCMP"] },
  { args: ["wps_config", "Net", "WPA2PSK", "CCMP", "short"] },
  { args: ["reload"] },
  { args: ["ping"] },
  { args: ["raw", "FOOBAR"] },
  { args: ["raw", "ping"] },
  { args: ["raw", "LEVEL 3"] },
  { args: ["log_level"] },
  { args: ["log_level", "debug"] },
  { args: ["log_level"] },
  { args: ["raw", "LOG_LEVEL  WARNING   1"] },
  { args: ["log_level"] },
  { args: ["raw", "LOG_LEVEL  0"] }, // a number is no level name
  { args: ["raw", "LOG_LEVEL "] }, // nothing to change
  { args: ["raw", "LOG_LEVELerror"] }, // hostapd matches the bare prefix
  { args: ["log_level"] },
  { args: ["raw", "LOG_LEVEL info 0"] },
  { args: ["log_level"] },
  { args: ["raw", "MIB"] },
  { args: ["mib"] },
  { args: ["raw", "MIB x"] },
  { args: ["raw", "MIB radius_server"] },
  { args: ["raw", "UPDATE_BEACON"] },
  { args: ["raw", "UPDATE_BEACON x"] },
  // Run-time MAC lists: SHOW and CLEAR exact, sorted by MAC, an unknown sub-command is OK.
  ...["DENY_ACL", "ACCEPT_ACL"].flatMap((list) =>
    ACL_STEPS.map((sub): Step => ({ args: ["raw", `${list} ${sub}`] }))
  ),
  { args: ["raw", "DENY_ACL"] },
  { args: ["raw", "DENY_ACL "] },
  { args: ["deny_acl", "show"] },
  { args: ["raw", "GET version"] },
  { args: ["raw", "GET x"] },
  { args: ["raw", "GET "] },
  { args: ["raw", "GET"] },
  { args: ["raw", "POLL_STA 02:00:00:00:02:00"] },
  { args: ["raw", "POLL_STA zz"] },
  { args: ["raw", "POLL_STA"] },
  // SA Query answers OK for any address (a wired port sends nothing); REKEY_GTK OK with wpa set.
  { args: ["raw", "SA_QUERY 02:00:00:00:02:00"] },
  { args: ["raw", "SA_QUERY zz"] },
  { args: ["raw", "SA_QUERY"] },
  { args: ["raw", "REKEY_GTK"] },
  { args: ["raw", "REKEY_GTK x"] },
  { args: ["raw", "REKEY_PTK 02:00:00:00:02:00"] },
  { args: ["raw", "REKEY_PTK zz"] },
  // A PSK caches no PMKSA: the listing is hostapd's header alone; the flushes answer OK.
  { args: ["raw", "PMKSA"] },
  { args: ["pmksa"] },
  { args: ["raw", "PMKSA x"] },
  { args: ["pmksa_flush"] },
  { args: ["raw", "PMKSA_FLUSH x"] },
  { args: ["erp_flush"] },
  { args: ["raw", "ERP_FLUSH x"] },
  { args: ["raw", "TERMINATE x"] },
  { args: ["relog"] }, // no -f file: nothing to reopen
  { args: ["raw", "RELOG x"] },
  // A disabled interface: WPS refused, status and counters kept, MIB empty; RELOAD keeps it down.
  { args: ["wps_ap_pin", "set", "11112222", "0"] },
  { args: ["disable"] },
  { args: ["status"] },
  { args: ["wps_pbc"] },
  { args: ["wps_pin", "any", "12345670"] },
  { args: ["wps_get_status"] },
  { args: ["get_config"] },
  { args: ["all_sta"] },
  { args: ["raw", "MIB"] },
  { args: ["raw", "UPDATE_BEACON"] },
  { args: ["raw", "REKEY_GTK"] },
  { args: ["raw", "SA_QUERY 02:00:00:00:02:00"] },
  { args: ["raw", "PMKSA"] },
  { args: ["raw", "PMKSA_FLUSH"] },
  // The AP PIN of a disabled interface: its WPS is down, so a new PIN does not outlive ENABLE.
  { args: ["wps_ap_pin", "set", "87654325", "300"] },
  { args: ["wps_ap_pin", "get"] },
  { args: ["wps_ap_pin", "random", "300"] }, // the PIN it kept
  { args: ["wps_ap_pin", "disable"] },
  { args: ["reload"] },
  { args: ["status"] },
  { args: ["raw", "DISABLEx"] },
  { args: ["enable"] },
  { args: ["raw", "ENABLE"] },
  { args: ["wps_ap_pin", "get"] },
  { args: ["status"] },
  { args: ["wps_get_status"] },
  { args: ["wps_pbc"] },
  { args: ["wps_cancel"] },
  // SET: the key's parser as for a file line; shown at once, applied by RELOAD.
  { args: ["raw", "SET"] },
  { args: ["raw", "SET ssid"] },
  { args: ["raw", "SET  ssid"] },
  { args: ["raw", "SET bogus_key 1"] },
  { args: ["raw", "SET wps_state 7"] },
  { args: ["raw", "SET wpa_passphrase short"] },
  { args: ["raw", "SET ssid 123456789012345678901234567890123"] },
  { args: ["raw", "SET wps_rf_bands x"] },
  { args: ["raw", "SET deny_mac_file /nonexistent"] },
  { args: ["raw", "SET ssid NewNet"] },
  { args: ["get_config"] },
  { args: ["status"] },
  { args: ["raw", 'SET ssid2 "Quoted"'] },
  { args: ["get_config"] },
  { args: ["raw", "SET wpa_passphrase newpassphrase1"] },
  { args: ["get_config"] },
  // RELOAD_WPA_PSK derives the PSK of the SET passphrase (and the SET SSID) and re-reads the file.
  { args: ["reload_wpa_psk"] },
  { args: ["get_config"] },
  { args: ["raw", "RELOAD_WPA_PSK x"] },
  { args: ["raw", "SET wpa_psk " + "0123456789abcdef".repeat(4)] },
  { args: ["get_config"] },
  { args: ["raw", "SET ap_pin 12345670"] },
  { args: ["wps_ap_pin", "get"] },
  { args: ["raw", "SET wps_rf_bands ag"] },
  { args: ["reload"] },
  { args: ["get_config"] },
  { args: ["status"] },
  { args: ["wps_ap_pin", "get"] },
  // Management frame protection keys: GET_CONFIG's key_mgmt, and the values SET refuses.
  { args: ["raw", "SET wpa_key_mgmt WPA-PSK-SHA256 WPA-PSK"] },
  { args: ["raw", "SET ieee80211w 2"] },
  { args: ["raw", "SET group_mgmt_cipher BIP-CMAC-256"] },
  { args: ["raw", "SET group_mgmt_cipher FOO"] },
  { args: ["raw", "SET assoc_sa_query_max_timeout 0"] },
  { args: ["raw", "SET assoc_sa_query_retry_timeout 100"] },
  { args: ["get_config"] },
  { args: ["reload"] },
  { args: ["get_config"] },
  { args: ["status"] },
];

/** Runs `steps` through hostapd_cli against both daemons, each reply compared as a test step. */
async function compareReplies(
  t: Deno.TestContext,
  hostapd: RunningAp,
  tsapd: RunningAp,
  steps: Step[],
): Promise<void> {
  for (const step of steps) {
    await t.step(step.args.join(" "), async () => {
      await step.before?.();
      const want = await hostapd.cli(...step.args);
      const got = await tsapd.cli(...step.args);
      if (step.shape) {
        match(want.trim(), step.shape);
        match(got.trim(), step.shape);
      } else {
        equal(got, want);
      }
    });
  }
}

/** Both daemons on the shared config with `extra` lines, compared over `steps`. */
async function parityRun(
  t: Deno.TestContext,
  steps: Step[] | ((pair: NetnsPair) => Step[]),
  extra: string[] | ((pair: NetnsPair) => string[]) = [],
) {
  const pair = await createNetnsPair();
  let hostapd: RunningAp | undefined;
  let tsapd: RunningAp | undefined;
  try {
    const lines = typeof extra === "function" ? extra(pair) : extra;
    hostapd = await startAp(pair, "hostapd", lines);
    tsapd = await startAp(pair, "tsapd", lines);
    await compareReplies(t, hostapd, tsapd, typeof steps === "function" ? steps(pair) : steps);
  } finally {
    await tsapd?.daemon.stop();
    await hostapd?.daemon.stop();
    await pair.close();
  }
}

Deno.test({
  name: "hostapd_cli gets the same replies from tsapd as from Debian's hostapd",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: (t) => parityRun(t, STEPS),
});

/** An open AP made WPA2-PSK by SETs, in the order a script might send them, then RELOAD. */
const OPEN_TO_WPA2: Step[] = [
  { args: ["get_config"] },
  { args: ["raw", "PMKSA"] }, // no WPA authenticator: empty
  { args: ["set", "wpa", "2"] }, // no PSK yet: only RELOAD checks the whole config
  { args: ["get_config"] },
  { args: ["raw", "PMKSA"] },
  { args: ["raw", "MIB"] }, // still none: no WPA lines
  { args: ["raw", "REKEY_GTK"] }, // and nothing to rekey
  { args: ["set", "wpa_key_mgmt", "WPA-PSK"] },
  { args: ["set", "rsn_pairwise", "CCMP"] },
  { args: ["get_config"] },
  { args: ["reload"] }, // FAIL: WPA-PSK without a PSK; the AP runs on, open
  { args: ["status"] },
  { args: ["set", "wpa", "0"] }, // the lists stay while the BSS is open
  { args: ["get_config"] },
  { args: ["set", "wpa_passphrase", "12345678"] },
  { args: ["set", "wpa", "2"] },
  { args: ["reload"] },
  { args: ["get_config"] },
  { args: ["status"] },
  { args: ["raw", "PMKSA"] },
  { args: ["raw", "MIB"] },
  { args: ["raw", "REKEY_GTK"] },
  // The authenticator keeps the settings it started with until the interface starts again.
  { args: ["set", "wpa_strict_rekey", "1"] },
  { args: ["set", "wpa_group_update_count", "7"] },
  { args: ["raw", "MIB"] },
  { args: ["disable"] },
  { args: ["raw", "MIB"] },
  { args: ["enable"] },
  { args: ["raw", "MIB"] },
  { args: ["set", "wpa", "0"] },
  { args: ["raw", "MIB"] },
  { args: ["raw", "REKEY_GTK"] },
  { args: ["disable"] },
  { args: ["enable"] },
  { args: ["raw", "MIB"] },
  { args: ["raw", "PMKSA"] },
  { args: ["raw", "REKEY_GTK"] },
  { args: ["set", "wpa", "2"] },
  { args: ["disable"] },
  { args: ["enable"] },
  { args: ["raw", "MIB"] },
  { args: ["set", "ieee8021x", "1"] },
  { args: ["set", "eap_server", "0"] }, // refused only by a RELOAD's whole-config check
  { args: ["set", "eap_server", "1"] },
  { args: ["get_config"] },
];

Deno.test({
  name: "SETs turn an open AP into a WPA2-PSK one as in Debian's hostapd",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: (t) =>
    parityRun(t, OPEN_TO_WPA2, [
      "ieee8021x=__unset__",
      "wpa=__unset__",
      "wpa_key_mgmt=__unset__",
      "rsn_pairwise=__unset__",
      "wpa_passphrase=__unset__",
      "wpa_psk_file=__unset__",
    ]),
});

/**
 * ENABLE runs the whole-config check on the running config: a hidden SSID switches WPS off, so the
 * interface comes back without a Registrar (hostapd's reasoning: a station cannot find the AP by
 * its WPS IE), and what the check changed stays in GET_CONFIG.
 */
const WPS_OFF_AT_ENABLE: Step[] = [
  { args: ["raw", "SET ignore_broadcast_ssid 1"] }, // SET checks little: WPS still runs
  { args: ["wps_pbc"] },
  { args: ["wps_get_status"] },
  { args: ["disable"] },
  { args: ["enable"] },
  { args: ["get_config"] },
  { args: ["wps_pbc"] }, // no Registrar left
  { args: ["wps_pin", "any", "12345670"] },
  { args: ["wps_cancel"] },
  { args: ["wps_ap_pin", "random"] },
  { args: ["status"] },
];

Deno.test({
  name: "ENABLE's whole-config check switches WPS off for a hidden SSID, as in Debian's hostapd",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: (t) => parityRun(t, WPS_OFF_AT_ENABLE),
});

/** The shared wpa_psk_file of the PSK-list run, with `lines`. */
const pskFileOf = (pair: NetnsPair) => `${pair.dir}/shared.psk`;
const writePsk = (pair: NetnsPair, ...lines: string[]) => () =>
  Deno.writeTextFile(pskFileOf(pair), lines.map((l) => `${l}\n`).join(""));

/** GET_CONFIG's psk= follows the head of hostapd's PSK list through RELOAD_WPA_PSK and SET. */
const PSK_LIST = (pair: NetnsPair): Step[] => [
  { args: ["get_config"] }, // a per-MAC line heads the list: no psk=
  { args: ["reload_wpa_psk"], before: writePsk(pair, "00:00:00:00:00:00 for-every-station") },
  { args: ["get_config"] }, // an all-zero MAC: that line's PSK
  {
    args: ["reload_wpa_psk"],
    before: writePsk(
      pair,
      "keyid=g 00:00:00:00:00:00 guest-passphrase",
      "02:00:00:00:03:00 x1234567",
    ),
  },
  { args: ["get_config"] },
  { args: ["raw", "SET wpa_psk " + "ab".repeat(32)] }, // the list is that PSK alone
  { args: ["get_config"] },
  { args: ["raw", "SET wpa_passphrase another-passphrase"] }, // and now empty
  { args: ["get_config"] },
  { args: ["reload_wpa_psk"], before: writePsk(pair) }, // the SET passphrase, no file lines
  { args: ["get_config"] },
  { args: ["reload_wpa_psk"], before: () => Deno.remove(pskFileOf(pair)) },
  { args: ["get_config"] },
];

Deno.test({
  name: "GET_CONFIG's psk= and RELOAD_WPA_PSK follow hostapd's PSK list",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await parityRun(t, PSK_LIST, (pair) => {
      Deno.writeTextFileSync(pskFileOf(pair), "02:00:00:00:03:00 passphrase-for-three\n");
      return [`wpa_psk_file=${pskFileOf(pair)}`];
    });
  },
});
