import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { bssPsk, parseConfig, parseConfigLine, wpsSecurity } from "../../../core/config/mod.ts";
import { toHex } from "../../../core/bytes.ts";

const BASE = "interface=lo\ndriver=wired\n";

function errorsOf(text: string, path = "t.conf"): string[] {
  const r = parseConfig(text, path);
  if (r.ok) throw new Error("Expected the config to be refused");
  return r.errors;
}

function configOf(text: string | Uint8Array) {
  const r = parseConfig(text, "t.conf");
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r;
}

Deno.test("parseConfig() reports hostapd's line errors and the final count", () => {
  // The same file was run through Debian's hostapd 2.10; these are its exact lines.
  const text = BASE +
    "foo=bar\nnoequals\nwps_state=3\nssid=\nwpa_passphrase=short\nwpa_psk=zz\nkey =v\nssid=ok\r\n" +
    "#c=1\n  #x=1\n";
  deepStrictEqual(errorsOf(text, "a.conf"), [
    "Line 3: unknown configuration item 'foo'",
    "Line 4: invalid line 'noequals'",
    "Line 5: invalid wps_state",
    "Line 6: invalid SSID ''",
    "Line 7: invalid WPA passphrase length 5 (expected 8..63)",
    "Line 8: Invalid PSK 'zz'.",
    "Line 9: unknown configuration item 'key '",
    "Line 12: unknown configuration item '  #x'",
    "8 errors found in configuration file 'a.conf'",
  ]);
});

Deno.test("parseConfig() keeps a trailing carriage return as part of the value", () => {
  const r = configOf(BASE + "ssid=ok\r\n");
  equal(toHex(r.config.bss[0]!.ssid!), "6f6b0d");
});

Deno.test("parseConfig() treats # as a comment only in column 0", () => {
  const r = configOf(BASE + "#ssid=commented\nssid=a#b\ndevice_name=x # y\n");
  equal(r.config.bss[0]!.ssid_text, "a#b");
  equal(r.config.bss[0]!.device_name, "x # y");
});

Deno.test("parseConfig() splits at the first = only", () => {
  const r = configOf(BASE + "ssid=a=b\n");
  equal(r.config.bss[0]!.ssid_text, "a=b");
});

Deno.test("parseConfig() ends a line at a NUL byte as hostapd's C strings do", () => {
  const bytes = new TextEncoder().encode(BASE + "ssid=abc\0def\nfoo\0=1\n");
  const r = parseConfig(bytes, "n.conf");
  ok(!r.ok);
  deepStrictEqual(r.errors, [
    "Line 4: invalid line 'foo'",
    "1 errors found in configuration file 'n.conf'",
  ]);
});

Deno.test("parseConfig() splits lines longer than 4095 bytes like fgets() does", () => {
  // 4095 bytes are read first; the rest of the physical line becomes line 4.
  const text = BASE + "device_name=" + "x".repeat(4083) + "y=z\n";
  deepStrictEqual(errorsOf(text, "l.conf"), [
    "Line 3: Too long device_name",
    "Line 4: unknown configuration item 'y'",
    "2 errors found in configuration file 'l.conf'",
  ]);
});

Deno.test("parseConfig() starts a new BSS section at bss= with fresh defaults", () => {
  const r = configOf(
    BASE + "ssid=first\nwps_state=2\nbss=lo2\nssid=second\ninterface=wlan9\n",
  );
  equal(r.config.bss.length, 2);
  equal(r.config.bss[0]!.interface, "wlan9", "interface= always names BSS 0");
  equal(r.config.bss[1]!.interface, "lo2");
  equal(r.config.bss[1]!.ssid_text, "second");
  equal(r.config.bss[1]!.wps_state, 0);
});

Deno.test("parseConfig() rejects an empty bss= line", () => {
  deepStrictEqual(errorsOf(BASE + "bss=\n", "b.conf"), [
    "Line 3: invalid bss item",
    "1 errors found in configuration file 'b.conf'",
  ]);
});

Deno.test("parseConfig() accepts the ssid2 forms: quoted, hex and P-escaped", async (t) => {
  const cases: [string, string][] = [
    ['"quoted"', "71756f746564"],
    ["414243", "414243"],
    ['P"a\\x01b\\n\\101\\\\"', "6101620a415c"],
    ['P"\\xc3\\xa9"', "c3a9"],
  ];
  for (const [value, hex] of cases) {
    await t.step(value, () => {
      equal(toHex(configOf(BASE + `ssid2=${value}\n`).config.bss[0]!.ssid!), hex);
    });
  }
});

Deno.test("parseConfig() refuses malformed ssid2 values with hostapd's message", () => {
  deepStrictEqual(errorsOf(BASE + 'ssid2="abc\nssid2=abc\nssid2=""\n', "s.conf"), [
    "Line 3: invalid SSID '\"abc'",
    "Line 4: invalid SSID 'abc'",
    "Line 5: invalid SSID '\"\"'",
    "3 errors found in configuration file 's.conf'",
  ]);
});

Deno.test("parseConfig() names unsupported hostapd keys instead of ignoring them", () => {
  deepStrictEqual(errorsOf(BASE + "radius_server_clients=x\nwep_key0=123\n", "u.conf"), [
    "Line 3: unsupported configuration item 'radius_server_clients' (not implemented by tsapd)",
    "Line 4: unsupported configuration item 'wep_key0' (not implemented by tsapd)",
    "2 errors found in configuration file 'u.conf'",
  ]);
});

Deno.test("parseConfig() refuses values tsapd cannot run", () => {
  deepStrictEqual(
    errorsOf(BASE + "wpa_key_mgmt=WPA-PSK SAE\ndriver=none\nwds_sta=1\n", "v.conf"),
    [
      "Line 3: unsupported key_mgmt 'SAE' (not implemented by tsapd)",
      "Line 4: unsupported driver 'none' (not implemented by tsapd)",
      "Line 5: unsupported wds_sta '1' (not implemented by tsapd)",
      "3 errors found in configuration file 'v.conf'",
    ],
  );
});

Deno.test("parseConfig() takes hostapd's management frame protection keys and their checks", () => {
  const bss = configOf(
    BASE + "ieee80211w=2\ngroup_mgmt_cipher=BIP-GMAC-256\nassoc_sa_query_max_timeout=2000\n",
  ).config.bss[0]!;
  deepStrictEqual(
    [bss.ieee80211w, bss.group_mgmt_cipher, bss.assoc_sa_query_max_timeout],
    [2, "BIP-GMAC-256", 2000],
  );
  // hostapd reads ieee80211w with atoi() and checks nothing; these are its messages otherwise.
  deepStrictEqual(
    errorsOf(
      BASE + "ieee80211w=x\ngroup_mgmt_cipher=FOO\nassoc_sa_query_max_timeout=0\n" +
        "assoc_sa_query_retry_timeout=x\n",
      "w.conf",
    ),
    [
      "Line 4: invalid group_mgmt_cipher: FOO",
      "Line 5: invalid assoc_sa_query_max_timeout",
      "Line 6: invalid assoc_sa_query_retry_timeout",
      "3 errors found in configuration file 'w.conf'",
    ],
  );
});

Deno.test("parseConfig() reads numbers with C atoi() semantics", () => {
  const r = configOf(BASE + "wps_state=2x\nbeacon_int= 200ms\nwpa_group_rekey=-5\n");
  equal(r.config.bss[0]!.wps_state, 2);
  equal(r.config.beacon_int, 200);
  equal(r.config.bss[0]!.wpa_group_rekey, -5);
});

Deno.test("parseConfig() parses the WPS device fields", () => {
  const r = configOf(
    BASE +
      "uuid=12345678-9abc-def0-1234-56789abcdef0\ndevice_type=6-0050F204-1\nos_version=01020300\n" +
      "config_methods=label display push_button keypad\n",
  );
  const b = r.config.bss[0]!;
  equal(toHex(b.uuid!), "123456789abcdef0123456789abcdef0");
  equal(toHex(b.device_type), "00060050f2040001");
  equal(b.device_type_text, "6-0050F204-1");
  equal(b.os_version, 0x01020300);
  equal(b.config_methods, 0x018c);
  equal(b.config_methods_text, "label display push_button keypad");
});

Deno.test("parseConfig() resolves ctrl_interface_group names through the hook", () => {
  const text = BASE + "ctrl_interface_group=netdev\n";
  const r = parseConfig(text, "g.conf", { lookupGroup: (n) => n === "netdev" ? 108 : undefined });
  ok(r.ok);
  equal(r.config.bss[0]!.ctrl_interface_group, 108);
  deepStrictEqual(errorsOf(text, "g.conf"), [
    "Line 3: Invalid group 'netdev'",
    "1 errors found in configuration file 'g.conf'",
  ]);
});

Deno.test("parseConfigLine() applies a SET with line 0 in messages", () => {
  const r = configOf(BASE + "ssid=x\n");
  const bss = r.config.bss[0]!;
  equal(parseConfigLine(r.config, bss, "wps_state", "5"), "Line 0: invalid wps_state");
  equal(parseConfigLine(r.config, bss, "wps_state", "1"), undefined);
  equal(bss.wps_state, 1);
  equal(
    parseConfigLine(r.config, bss, "nope", "1"),
    "Line 0: unknown configuration item 'nope'",
  );
});

Deno.test("parseConfig() clears an earlier PSK when a later wpa_psk line is bad", () => {
  const good = "00".repeat(32);
  const errors = errorsOf(BASE + `wpa=2\nwpa_psk=${good}\nwpa_psk=bad\n`, "p.conf");
  deepStrictEqual(errors, [
    "Line 5: Invalid PSK 'bad'.",
    "WPA-PSK enabled, but PSK or passphrase is not configured.",
    "2 errors found in configuration file 'p.conf'",
  ]);
});

Deno.test("parseConfig() reads supported_rates, basic_rates and preamble", () => {
  const r = configOf(
    BASE + "supported_rates=60 90 120 180 240 360 480 540\nbasic_rates=60 120 240\npreamble=1\n",
  );
  deepStrictEqual(r.config.supported_rates, [60, 90, 120, 180, 240, 360, 480, 540]);
  deepStrictEqual(r.config.basic_rates, [60, 120, 240]);
  equal(r.config.preamble, 1);
});

Deno.test("parseConfig() reads rate lists with atoi() and no check, as hostapd does", async (t) => {
  // Debian's hostapd 2.10 accepts every one of these (hostapd_parse_intlist()).
  const cases: [string, number[]][] = [
    ["", []],
    ["abc 10", [0, 10]],
    ["10 0 20", [10, 0, 20]],
    ["60 120  240", [60, 120, 0, 240]],
    ["10 20 ", [10, 20]],
    [" ", [0]],
    ["10 -5 20", [10]],
    ["55x 110", [55, 110]],
  ];
  for (const [value, rates] of cases) {
    await t.step(`'${value}'`, () => {
      const r = configOf(BASE + `supported_rates=${value}\nbasic_rates=${value}\n`);
      deepStrictEqual(r.config.supported_rates, rates);
      deepStrictEqual(r.config.basic_rates, rates);
    });
  }
});

Deno.test("parseConfig() keeps every accept_mac_file and deny_mac_file line, in order", () => {
  const r = configOf(
    BASE + "accept_mac_file=/a1\ndeny_mac_file=/d1\naccept_mac_file=/a2\ndeny_mac_file=/d2\n" +
      "bss=wlan1\naccept_mac_file=/b1\n",
  );
  deepStrictEqual(r.config.bss[0]!.accept_mac_file, ["/a1", "/a2"]);
  deepStrictEqual(r.config.bss[0]!.deny_mac_file, ["/d1", "/d2"]);
  deepStrictEqual(r.config.bss[1]!.accept_mac_file, ["/b1"]);
  deepStrictEqual(r.config.bss[1]!.deny_mac_file, []);
  // SET runs the same setter: its file joins the list (the daemon reads it into the ACL).
  equal(parseConfigLine(r.config, r.config.bss[0]!, "accept_mac_file", "/a3"), undefined);
  deepStrictEqual(r.config.bss[0]!.accept_mac_file, ["/a1", "/a2", "/a3"]);
});

Deno.test("parseConfig() with a file reader gives hostapd's line errors for files it cannot read", () => {
  const files: Record<string, string> = {
    "/ok": "02:00:00:00:00:01\n",
    "/badmac": "02:00:00:00:00:01\nzz\n",
    "/cred": "\x10\x0e\x00\x00",
  };
  const readFile = (path: string) => {
    const text = files[path];
    return text === undefined ? undefined : new TextEncoder().encode(text);
  };
  const text = BASE + "foo=1\naccept_mac_file=/badmac\ndeny_mac_file=/nonexistent/d\n" +
    "extra_cred=/nonexistent/c\nap_settings=/nonexistent/a\nextra_cred=\n" +
    "accept_mac_file=/ok\nextra_cred=/cred\nap_settings=/cred\n";
  const r = parseConfig(text, "/tmp/r.conf", { readFile });
  ok(!r.ok);
  // Debian's hostapd 2.10 on the same file and files; the MAC parse detail is tsapd's own.
  deepStrictEqual(r.errors, [
    "Line 3: unknown configuration item 'foo'",
    "Cannot parse /badmac line 2: invalid MAC address",
    "Line 4: Failed to read accept_mac_file '/badmac'",
    "MAC list file '/nonexistent/d' not found.",
    "Line 5: Failed to read deny_mac_file '/nonexistent/d'",
    "Line 6: could not read Credentials from '/nonexistent/c'",
    "Line 7: could not read AP Settings from '/nonexistent/a'",
    "Line 8: could not read Credentials from ''",
    "6 errors found in configuration file '/tmp/r.conf'",
  ]);
  // Readable files pass; without a reader (the pure parse, SET) the files are not looked at.
  const good = BASE + "accept_mac_file=/ok\nextra_cred=/cred\nap_settings=/cred\n";
  ok(parseConfig(good, "g.conf", { readFile }).ok);
  ok(parseConfig(BASE + "accept_mac_file=/nonexistent\nextra_cred=/nonexistent\n", "n.conf").ok);
});

Deno.test("parseConfig() accepts hostapd's deprecated keys with its warning", () => {
  const r = configOf(
    BASE + "dump_file=/tmp/hostapd.dump\ndebug=0\npeerkey=0\neap_authenticator=1\n",
  );
  deepStrictEqual(r.notes, [
    "Line 3: DEPRECATED: 'dump_file' configuration variable is not used anymore",
    "Line 4: DEPRECATED: 'debug' configuration variable is not used anymore",
    "Line 5: Obsolete peerkey parameter ignored",
    "Line 6: obsolete eap_authenticator used; this has been renamed to eap_server",
  ]);
  // The old name still sets the new key.
  equal(r.config.bss[0]!.eap_server, 1);
});

Deno.test("parseConfig() accepts keys written at hostapd's default, refuses them switched on", () => {
  configOf(
    BASE + "disable_11n=0\ndisable_11ac=0\nbroadcast_deauth=1\nsae_pwe=0\nrnr=0\n" +
      "country_code=DE\nieee80211d=1\nieee80211h=1\nconfig_id=0123456789abcdef\n",
  );
  deepStrictEqual(errorsOf(BASE + "disable_11n=1\nbroadcast_deauth=0\n", "d.conf"), [
    "Line 3: unsupported disable_11n '1' (not implemented by tsapd)",
    "Line 4: unsupported broadcast_deauth '0' (not implemented by tsapd)",
    "2 errors found in configuration file 'd.conf'",
  ]);
});

Deno.test("parseConfig() switches HT off in 11b mode, as hostapd's STATUS shows", () => {
  const r = configOf(BASE + "hw_mode=b\nieee80211n=1\n");
  equal(r.config.ieee80211n, 0);
  ok(r.notes.some((n) => n.startsWith("HT (IEEE 802.11n) in 11b mode is not allowed")));
  equal(configOf(BASE + "hw_mode=g\nieee80211n=1\n").config.ieee80211n, 1);
  // WMM left unset follows the ieee80211n of the file (hostapd's beacons keep the element).
  equal(r.config.bss[0]!.wmm_enabled, 1);
  equal(configOf(BASE + "hw_mode=b\nieee80211n=1\nwmm_enabled=0\n").config.bss[0]!.wmm_enabled, 0);
  equal(configOf(BASE + "hw_mode=b\n").config.bss[0]!.wmm_enabled, -1);
});

Deno.test("parseConfig() reads country3 as hostapd's strtol(value, 16)", () => {
  const env = (v: string) => configOf(BASE + `country3=${v}\n`).config.country3.charCodeAt(0);
  equal(configOf(BASE).config.country3, " ");
  equal(env("0x49"), 0x49);
  equal(env("4f"), 0x4f);
  equal(env("0x04"), 0x04);
  equal(env("x"), 0);
});

Deno.test("parseConfig() reads vendor_elements and assocresp_elements as hex", () => {
  const r = configOf(BASE + "vendor_elements=dd0411223344\nassocresp_elements=DD03AABBCC\n");
  equal(toHex(r.config.bss[0]!.vendor_elements!), "dd0411223344");
  equal(toHex(r.config.bss[0]!.assocresp_elements!), "dd03aabbcc");
  equal(
    configOf(BASE + "vendor_elements=dd00\nvendor_elements=\n").config.bss[0]!.vendor_elements,
    undefined,
  );
  deepStrictEqual(errorsOf(BASE + "vendor_elements=dd0\nassocresp_elements=zz\n", "e.conf"), [
    "Line 3: Invalid vendor_elements 'dd0'",
    "Line 4: Invalid assocresp_elements 'zz'",
    "2 errors found in configuration file 'e.conf'",
  ]);
});

Deno.test("parseConfig() names the line of a fragment_size with no room for data", () => {
  // EAP-WSC needs 4 header bytes in a first fragment; 0 (and below) means the default 1400.
  deepStrictEqual(errorsOf(BASE + "fragment_size=4\nfragment_size=1\n", "f.conf"), [
    "Line 3: invalid fragment_size 4 (0 or at least 5)",
    "Line 4: invalid fragment_size 1 (0 or at least 5)",
    "2 errors found in configuration file 'f.conf'",
  ]);
  equal(configOf(BASE + "fragment_size=5\n").config.bss[0]!.fragment_size, 5);
  equal(configOf(BASE + "fragment_size=0\n").config.bss[0]!.fragment_size, 0);
  equal(configOf(BASE + "fragment_size=-3\n").config.bss[0]!.fragment_size, -3);
});

Deno.test("parseConfig() derives the PSK and the WPS Network Key from a passphrase's own octets", () => {
  // A passphrase that is not UTF-8 (Latin-1 é, a 0xff): hostapd hashes the octets as written.
  // The PSK is Debian's wpa_passphrase output for the same octets and SSID.
  const text = "interface=lo\ndriver=wired\nssid=latin-net\nwpa=2\nwpa_key_mgmt=WPA-PSK\n" +
    "rsn_pairwise=CCMP\nwps_state=2\neap_server=1\nwpa_passphrase=pass\xe9word\xff1\n";
  const file = Uint8Array.from(text, (c) => c.charCodeAt(0));
  const bss = configOf(file).config.bss[0]!;
  equal(
    toHex(bssPsk(bss)!),
    "73e378317ff1f04fb090321c21e9a71c8d3f76a0b4a6d8923f612a03477646b8",
  );
  equal(toHex(wpsSecurity(bss).networkKey!), "70617373e9776f7264ff31");
  // A later wpa_psk line replaces the passphrase entirely.
  const withPsk = configOf(
    Uint8Array.from(text + `wpa_psk=${"ab".repeat(32)}\n`, (c) => c.charCodeAt(0)),
  ).config.bss[0]!;
  equal(toHex(bssPsk(withPsk)!), "ab".repeat(32));
});

Deno.test("parseConfig() checks WMM and TX queue values with hostapd's messages", () => {
  // Each value below was run through Debian's hostapd 2.10; these are its lines.
  deepStrictEqual(
    errorsOf(
      BASE + "wmm_ac_be_aifs=0\nwmm_ac_be_aifs=x\nwmm_ac_bk_cwmin=16\nwmm_ac_vi_cwmax=-1\n" +
        "wmm_ac_vo_txop_limit=65536\nwme_ac_vo_acm=2\ntx_queue_data0_aifs=256\n" +
        "tx_queue_data0_cwmin=2\ntx_queue_data1_cwmax=0\n",
      "w.conf",
    ),
    [
      "Invalid AIFS value 0",
      "Line 3: invalid WMM ac item",
      "Invalid AIFS value 0",
      "Line 4: invalid WMM ac item",
      "Invalid cwMin value 16",
      "Line 5: invalid WMM ac item",
      "Invalid cwMax value -1",
      "Line 6: invalid WMM ac item",
      "Invalid txop value 65536",
      "Line 7: invalid WMM ac item",
      "Invalid acm value 2",
      "Line 8: invalid WMM ac item",
      "Invalid AIFS value 256",
      "Line 9: invalid TX queue item",
      "Invalid cwMin value 2",
      "Line 10: invalid TX queue item",
      "Invalid cwMax value 0",
      "Line 11: invalid TX queue item",
      "9 errors found in configuration file 'w.conf'",
    ],
  );
  // In range: accepted (queues 4 and up are not used, as in hostapd).
  const ok = configOf(
    BASE + "wmm_ac_be_aifs=255\nwmm_ac_vo_acm=1\nwmm_ac_vo_txop_limit=65535\n" +
      "tx_queue_data0_aifs=0\ntx_queue_data0_cwmin=3\ntx_queue_data3_cwmax=32767\n" +
      "tx_queue_data4_aifs=1\ntx_queue_data0_burst=1.5\n",
  );
  deepStrictEqual(ok.config.tx_queue_cw[3], [15, 32767]);
  // cwMin above cwMax after the whole file: one error without a line, as hostapd's check.
  deepStrictEqual(errorsOf(BASE + "wmm_ac_be_cwmin=8\nwmm_ac_be_cwmax=4\n", "c.conf"), [
    "Invalid WMM AC cwMin/cwMax values. cwMin(8) greater than cwMax(4)",
    "1 errors found in configuration file 'c.conf'",
  ]);
  deepStrictEqual(errorsOf(BASE + "tx_queue_data2_cwmin=127\n", "q.conf"), [
    "Invalid TX queue cwMin/cwMax values. cwMin(127) greater than cwMax(63)",
    "1 errors found in configuration file 'q.conf'",
  ]);
});

Deno.test("parseConfig() reads the 802.11ac keys into the radio, vht_capab lines adding up", () => {
  const c = configOf(
    "interface=wlan0\nhw_mode=a\nchannel=36\nieee80211n=1\nieee80211ac=1\n" +
      "vht_capab=[SHORT-GI-80]\nvht_capab=[RXLDPC][MAX-A-MPDU-LEN-EXP7]\nvht_oper_chwidth=1\n" +
      "vht_oper_centr_freq_seg0_idx=42\nvht_oper_centr_freq_seg1_idx=0\n",
  ).config;
  equal(c.ieee80211ac, 1);
  equal(c.vht_capab, 0x03800030);
  equal(c.vht_oper_chwidth, 1);
  equal(c.vht_oper_centr_freq_seg0_idx, 42);
  const d = configOf("interface=wlan0\n").config;
  deepStrictEqual(
    [d.ieee80211ac, d.vht_capab, d.vht_oper_chwidth, d.vht_oper_centr_freq_seg0_idx],
    [0, 0, 0, 0],
  );
});

Deno.test("parseConfig() reads the ACS keys: acs_num_scans 1..100, chanlist with ranges", () => {
  const r = configOf(BASE + "channel=acs_survey\nacs_num_scans=2\nchanlist=1 6,11-13\n");
  equal(r.config.channel, 0);
  equal(r.config.acs, true);
  equal(r.config.acs_num_scans, 2);
  deepStrictEqual(r.config.chanlist, [1, 6, 11, 12, 13]);
  const d = configOf(BASE);
  deepStrictEqual([d.config.channel, d.config.acs_num_scans, d.config.chanlist], [0, 5, []]);
  deepStrictEqual(
    errorsOf(BASE + "acs_num_scans=0\nacs_num_scans=101\nchanlist=6-1\nchanlist=x\n"),
    [
      "Line 3: invalid acs_num_scans 0 (expected 1..100)",
      "Line 4: invalid acs_num_scans 101 (expected 1..100)",
      "Line 5: invalid channel list",
      "Line 6: invalid channel list",
      "4 errors found in configuration file 't.conf'",
    ],
  );
});

Deno.test("parseConfig() checks 802.11h and the Power Constraint keys as Debian's hostapd", () => {
  const r = configOf(
    BASE + "country_code=DE\nieee80211d=1\nieee80211h=1\nlocal_pwr_constraint=3\n" +
      "spectrum_mgmt_required=1\n",
  );
  deepStrictEqual(
    [r.config.ieee80211h, r.config.local_pwr_constraint, r.config.spectrum_mgmt_required],
    [1, 3, 1],
  );
  equal(configOf(BASE).config.local_pwr_constraint, -1);
  // Each refused by Debian's hostapd 2.10 in the hwsim guest with these lines.
  const cases: [string, string][] = [
    ["ieee80211h=1\n", "Cannot enable IEEE 802.11h without IEEE 802.11d enabled"],
    ["local_pwr_constraint=3\n", "Cannot add Power Constraint element without Country element"],
    [
      "country_code=DE\nieee80211d=1\nspectrum_mgmt_required=1\n",
      "Cannot set Spectrum Management bit without Country and Power Constraint elements",
    ],
  ];
  for (const [lines, error] of cases) {
    deepStrictEqual(errorsOf(BASE + lines, "p.conf"), [
      error,
      "1 errors found in configuration file 'p.conf'",
    ]);
  }
  deepStrictEqual(errorsOf(BASE + "local_pwr_constraint=256\n", "p.conf"), [
    "Line 3: invalid local_pwr_constraint 256 (expected 0..255)",
    "1 errors found in configuration file 'p.conf'",
  ]);
});
