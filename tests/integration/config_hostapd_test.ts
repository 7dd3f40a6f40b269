/**
 * Interop: Debian's real hostapd 2.10 and tsapd's config loading (loadConfigs(), which
 * `tsapd --check` and the daemon's start use: parseConfig() reading the files a config names)
 * read the same malformed files and must report the same `Line N:` errors and error count.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { silentLogger } from "../../core/log.ts";
import { loadConfigs } from "../../daemon/daemon.ts";

const FIXTURES = new URL("../fixtures/config/", import.meta.url);
const HOSTAPD = "/usr/sbin/hostapd";
const haveHostapd = (() => {
  try {
    return Deno.statSync(HOSTAPD).isFile;
  } catch {
    return false;
  }
})();

/**
 * Base files both programs accept. interface/driver are forced to lo/wired and control sockets
 * dropped, so a file that happens to be valid makes hostapd fail at driver start (lo is not
 * Ethernet) before it creates anything.
 */
function bases(): [string, string][] {
  const prep = (text: string) =>
    "interface=lo\ndriver=wired\n" +
    text.split("\n").filter((l) => !/^(interface|driver|ctrl_interface(_group)?)=/.test(l))
      .join("\n");
  const debian = Deno.readTextFileSync(new URL("debian-hostapd.conf", FIXTURES))
    .split("\n").filter((l) => l !== "" && !l.startsWith("#")).join("\n") + "\n";
  return [
    ["debian", prep(debian)],
    [
      "wired",
      prep(Deno.readTextFileSync(new URL("../fixtures/wired/hostapd.conf", import.meta.url))),
    ],
    ["legacy", prep(Deno.readTextFileSync(new URL("openwrt-legacy.conf", FIXTURES)))],
    ["mixed", prep(Deno.readTextFileSync(new URL("openwrt-mixed-psk.conf", FIXTURES)))],
  ];
}

/** Faults of the common kinds, as lines to insert. */
const FAULTS = [
  "noequals",
  "foo=bar",
  "key =value",
  "wps_state=7",
  "wps_state=-1",
  "ssid=",
  `ssid=${"s".repeat(33)}`,
  "ssid2=abc",
  'ssid2="unterminated',
  "wpa_passphrase=short",
  `wpa_passphrase=${"p".repeat(64)}`,
  "wpa_psk=zz",
  `wpa_psk=${"0".repeat(63)}`,
  "wpa_key_mgmt=WPA-PSK\r",
  "wpa_key_mgmt=",
  "wpa_pairwise=FOO",
  "wpa_pairwise=NONE",
  "hw_mode=x",
  "country_code=us",
  "eapol_version=3",
  "uuid=1234",
  "os_version=zz",
  `device_name=${"d".repeat(33)}`,
  "wps_rf_bands=x",
  "beacon_int=5",
  "dtim_period=0",
  "macaddr_acl=3",
  "auth_algs=0",
  "driver=foo",
  "bss=",
  `device_name=${"x".repeat(5000)}`,
  `device_name=${"x".repeat(4083)}y=z`,
  "foo\0=1",
  "ssid=ab\0cd",
  // Files hostapd reads while it parses: a missing or malformed one is an error of its line.
  "accept_mac_file=/nonexistent/accept",
  "deny_mac_file=/nonexistent/deny",
  `accept_mac_file=${new URL("mac-list-bad.acl", FIXTURES).pathname}`,
  `deny_mac_file=${new URL("mac-list.acl", FIXTURES).pathname}`,
  "extra_cred=/nonexistent/cred",
  "extra_cred=",
  "ap_settings=/nonexistent/aps",
  // WMM and TX queue values (ignored by tsapd, checked as hostapd checks them).
  "wmm_ac_be_aifs=0",
  "wme_ac_vo_acm=2",
  "wmm_ac_vi_cwmin=5", // above VI's default cwMax (4): refused after the whole file
  "wmm_ac_xx_aifs=1",
  "tx_queue_data0_cwmin=2",
  "tx_queue_data2_cwmin=127",
  "tx_queue_data0_foo=1",
  // Management frame protection.
  "group_mgmt_cipher=FOO",
  "group_mgmt_cipher=",
  "assoc_sa_query_max_timeout=0",
  "assoc_sa_query_retry_timeout=x",
  `ap_settings=${new URL("mac-list.acl", FIXTURES).pathname}`,
];

/** Lines both programs accept: hostapd's unused queues only get a DEPRECATED note. */
const ACCEPTED = [
  "tx_queue_data4_aifs=1",
  "tx_queue_beacon_aifs=1",
  "wmm_ac_vo_txop_limit=65535",
  "ieee80211w=2",
  "ieee80211w=7",
  "group_mgmt_cipher=BIP-GMAC-256",
  "wpa_key_mgmt=WPA-PSK WPA-PSK-SHA256",
];

const counted = (lines: string[], path: string) =>
  lines.filter((l) => /^Line \d+: |^\d+ errors found/.test(l))
    .map((l) => l.replace(`'${path}'`, "'t.conf'"));

/** Both programs' counted error lines for the same file: [hostapd's, tsapd's]. */
async function runBoth(text: string, tag: string): Promise<[string[], string[]]> {
  const dir = await Deno.makeTempDir({ prefix: `tsapd-cfg-${Deno.pid}-${tag}-` });
  try {
    const path = `${dir}/t.conf`;
    await Deno.writeTextFile(path, text);
    const out = await new Deno.Command(HOSTAPD, {
      args: [path],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(5000),
    }).output();
    const r = await loadConfigs([path], silentLogger);
    return [
      counted(new TextDecoder().decode(out.stdout).split("\n"), path),
      r.ok ? [] : counted(r.errors, path),
    ];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Inserts `faults` after deterministic line positions of `base`. */
function inject(base: string, faults: string[], salt: number): string {
  const lines = base.split("\n");
  faults.forEach((f, i) => {
    const at = 2 + ((salt * 7 + i * 13) % Math.max(1, lines.length - 2));
    lines.splice(at, 0, f);
  });
  return lines.join("\n");
}

Deno.test({
  name: "loadConfigs() and Debian's hostapd report the same errors for malformed files",
  ignore: !haveHostapd,
  async fn() {
    const cases: [string, string][] = [];
    for (const [name, base] of bases()) {
      cases.push([`${name}-clean`, base]);
      FAULTS.forEach((f, i) => cases.push([`${name}-${i}`, inject(base, [f], i)]));
      ACCEPTED.forEach((f, i) => cases.push([`${name}-accepted${i}`, inject(base, [f], i)]));
      for (let k = 0; k < 3; k++) {
        const pick = [0, 1, 2].map((j) => FAULTS[(k * 5 + j * 11) % FAULTS.length]!);
        cases.push([`${name}-multi${k}`, inject(base, pick, k + 3)]);
      }
    }
    let compared = 0;
    // Two at a time: the machine has two cores and other engineers run tests too.
    for (let i = 0; i < cases.length; i += 2) {
      await Promise.all(
        cases.slice(i, i + 2).map(async ([tag, text]) => {
          const [expected, actual] = await runBoth(text, tag);
          deepStrictEqual(actual, expected, tag);
          if (expected.length > 0) compared++;
        }),
      );
    }
    // Four faults are errors in no file or not in every base (a readable MAC list, an SSID cut
    // at its NUL, an ap_settings file that parses, a WMM value a base's own line overrides).
    ok(compared >= (FAULTS.length - 4) * 4, `only ${compared} malformed files compared`);
  },
});
