import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { defaultBss, defaultRadio } from "../../../core/config/schema.ts";
import type { HostapdConfig } from "../../../core/config/schema.ts";
import { passphraseToPsk } from "../../../core/wpa/psk.ts";
import { bssPsk } from "../../../core/config/psk.ts";
import { AkmSuite, CipherSuite } from "../../../core/wpa/rsn_ie.ts";
import { pskCandidates } from "../../../core/wpa/psk.ts";
import { Nl80211ChannelType, Nl80211WpaVersion } from "../../../core/netlink/nl80211_const.ts";
import type { PskFileEntry } from "../../../core/config/psk_file.ts";
import {
  checkPrimaryChannel,
  countrySubbands,
  htSetupOfWiphy,
  livePskConfig,
  rsnOfConfig,
  startApParams,
  wpaStationMib,
} from "../../../daemon/drivers/nl80211_setup.ts";
import { loadMacAcl } from "../../../daemon/files.ts";

function wpa2(extra: Partial<ReturnType<typeof defaultBss>> = {}): HostapdConfig {
  const bss = {
    ...defaultBss("wlan0"),
    ssid: new TextEncoder().encode("net"),
    wpa: 2,
    wpa_key_mgmt: ["WPA-PSK"],
    rsn_pairwise: ["CCMP"],
    ...extra,
  };
  return { ...defaultRadio(), bss: [bss] } as HostapdConfig;
}

Deno.test("countrySubbands() groups the radio's channels of the operating band in runs", () => {
  const freqs = [2412, 2417, 2422, 2427, 2432, 2437, 2442, 2447, 2452, 2457, 2462, 5180, 5200];
  deepStrictEqual(countrySubbands(freqs, 1), [{ firstChannel: 1, channels: 11, maxPowerDbm: 20 }]);
  deepStrictEqual(countrySubbands(freqs, 36), [{ firstChannel: 36, channels: 2, maxPowerDbm: 20 }]);
  deepStrictEqual(countrySubbands([2412, 2422], 1).map((s) => s.firstChannel), [1, 3]);
});

Deno.test("rsnOfConfig() builds hostapd's WPA2-PSK CCMP element, with replay counters for WMM", () => {
  const c = wpa2();
  const plain = rsnOfConfig(c, c.bss[0]!)!;
  deepStrictEqual(plain.akms, [AkmSuite.PSK]);
  deepStrictEqual(plain.pairwiseCiphers, [CipherSuite.CCMP]);
  equal(plain.groupCipher, CipherSuite.CCMP);
  equal(plain.capabilities, 0);
  const w = wpa2({ wmm_enabled: 1, wpa_key_mgmt: ["WPA-PSK", "WPA-PSK-SHA256"] });
  const wmm = rsnOfConfig(w, w.bss[0]!)!;
  equal(wmm.capabilities, 0x000c);
  deepStrictEqual(wmm.akms, [AkmSuite.PSK, AkmSuite.PSK_SHA256]);
  const open = wpa2({ wpa: 0 });
  equal(rsnOfConfig(open, open.bss[0]!), undefined);
  const eap = wpa2({ wpa_key_mgmt: ["WPA-EAP"] });
  throws(() => rsnOfConfig(eap, eap.bss[0]!), RangeError);
  const tkip = wpa2({ rsn_pairwise: ["TKIP"] });
  throws(() => rsnOfConfig(tkip, tkip.bss[0]!), RangeError);
  // GCMP and the 256-bit ciphers, in hostapd's order; the group cipher as hostapd picks it.
  const gcmp = wpa2({ rsn_pairwise: ["GCMP-256", "GCMP"] });
  deepStrictEqual(rsnOfConfig(gcmp, gcmp.bss[0]!)!.pairwiseCiphers, [
    CipherSuite.GCMP_256,
    CipherSuite.GCMP,
  ]);
  equal(rsnOfConfig(gcmp, gcmp.bss[0]!)!.groupCipher, CipherSuite.GCMP);
  const big = wpa2({ rsn_pairwise: ["CCMP-256"] });
  equal(rsnOfConfig(big, big.bss[0]!)!.groupCipher, CipherSuite.CCMP_256);
  // WPA without WPA2 would beacon "privacy" with nothing a station could join by.
  const wpa1 = wpa2({ wpa: 1, wpa_pairwise: ["TKIP"] });
  throws(() => rsnOfConfig(wpa1, wpa1.bss[0]!), /wpa=1/);
  const mixed = wpa2({ wpa: 3, wpa_pairwise: ["TKIP", "CCMP"] });
  deepStrictEqual(rsnOfConfig(mixed, mixed.bss[0]!)!.pairwiseCiphers, [CipherSuite.CCMP]);
});

Deno.test("livePskConfig() sees wpa_psk_file entries added after it was made", () => {
  const c = wpa2({ wpa_passphrase: "correct-horse" });
  const entries: PskFileEntry[] = [];
  const psks = livePskConfig(bssPsk(c.bss[0]!), entries);
  const sta = Uint8Array.of(2, 0, 0, 0, 1, 0);
  deepStrictEqual(psks.common, passphraseToPsk("correct-horse", "net"));
  equal(pskCandidates(psks, sta).length, 1);
  entries.push({ wps: true, mac: sta, psk: new Uint8Array(32).fill(7), keyid: "k" });
  entries.push({ wps: false, mac: new Uint8Array(6), passphrase: "no-psk-derived" });
  const c2 = pskCandidates(psks, sta);
  equal(c2.length, 2);
  equal(c2[0]!.keyid, "k");
  equal(c2[0]!.psk[0], 7);
});

Deno.test("loadMacAcl() reads the accept and deny files and names a missing one", async () => {
  const dir = Deno.makeTempDirSync({ prefix: `tsapd-acl-${Deno.pid}-` });
  try {
    Deno.writeTextFileSync(`${dir}/deny`, "02:00:00:00:01:00\n");
    const c = wpa2({ deny_mac_file: [`${dir}/deny`] });
    const acl = await loadMacAcl(c.bss[0]!);
    equal(acl.check(Uint8Array.of(2, 0, 0, 0, 1, 0)).accepted, false);
    equal(acl.check(Uint8Array.of(2, 0, 0, 0, 2, 0)).accepted, true);
    const missing = wpa2({ accept_mac_file: [`${dir}/none`], macaddr_acl: 1 });
    await loadMacAcl(missing.bss[0]!).then(
      () => ok(false, "resolved"),
      (e: Error) => ok(e.message.includes(`${dir}/none`)),
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("startApParams() carries the template, channel and WPA2 security to START_AP", () => {
  const c = wpa2();
  const rsn = rsnOfConfig(c, c.bss[0]!)!;
  const t = {
    head: Uint8Array.of(0x80),
    tail: Uint8Array.of(0x30),
    probeResp: new Uint8Array(0),
    beaconIes: Uint8Array.of(0xdd),
    probeRespIes: Uint8Array.of(0xdd, 1),
    assocRespIes: Uint8Array.of(0xdd, 2),
    beaconInterval: 100,
    dtimPeriod: 2,
    hiddenSsid: 1,
    ssid: c.bss[0]!.ssid!,
    privacy: true,
    bss: { ctsProtection: false, shortPreamble: false, basicRates: Uint8Array.of(2, 4) },
  };
  const p = startApParams(7, t, 2412, rsn);
  equal(p.ifindex, 7);
  equal(p.frequency, 2412);
  equal(p.channelType, Nl80211ChannelType.NO_HT);
  equal(p.hiddenSsid, 1);
  equal(p.privacy, true);
  equal(p.wpaVersions, Nl80211WpaVersion.V2);
  deepStrictEqual(p.akmSuites, [AkmSuite.PSK]);
  deepStrictEqual(p.iesAssocResp, Uint8Array.of(0xdd, 2));
  const open = startApParams(7, { ...t, privacy: false }, 2437, undefined, true);
  equal(open.wpaVersions, undefined);
  equal(open.channelType, Nl80211ChannelType.HT20);
  equal(startApParams(7, t, 5180, rsn, true, 1).channelType, Nl80211ChannelType.HT40PLUS);
  equal(startApParams(7, t, 5200, rsn, true, -1).channelType, Nl80211ChannelType.HT40MINUS);
  equal(startApParams(7, t, 5180, rsn, false, 1).channelType, Nl80211ChannelType.NO_HT);
});

Deno.test("htSetupOfWiphy() applies ht_capab with the band's A-MPDU parameters and MCS set", () => {
  const mcsSet = Uint8Array.from({ length: 16 }, (_, i) => i);
  const wiphy = {
    index: 0,
    name: "phy0",
    supportedIftypes: [],
    frequencies: [2412, 2417, 2432, 2437, 5180, 5200, 5220],
    cipherSuites: [],
    supportedCommands: [],
    deviceApSme: false,
    htBands: [
      { band: 0, capa: 0x1072, ampduFactor: 3, ampduDensity: 6, mcsSet },
      { band: 1, capa: 0x1072, ampduFactor: 3, ampduDensity: 6, mcsSet },
    ],
    maxTxPowerDbm: new Map(),
    restrictedFrequencies: [],
  };
  const plain = { ht_capab: 0x000c, secondary_channel: 0, channel: 1, noscan: 0 };
  const ht = htSetupOfWiphy(plain, wiphy, 2412);
  equal(ht.ht!.capabilitiesInfo, 0x000c, "hostapd's default: SM Power Save disabled");
  equal(ht.ht!.ampduParams, 3 | (6 << 2));
  deepStrictEqual(ht.ht!.mcsSet, mcsSet);
  equal(ht.secondaryChannel, 0);
  const ht40 = { ht_capab: 0x006e, secondary_channel: 1, channel: 36, noscan: 0 };
  const a = htSetupOfWiphy(ht40, wiphy, 5180);
  deepStrictEqual([a.ht!.capabilitiesInfo, a.secondaryChannel, a.note], [0x006e, 1, undefined]);
  // 2.4 GHz: 40 MHz subject to the coexistence scan; with noscan=1, 40 MHz outright.
  const g = htSetupOfWiphy({ ...ht40, channel: 1 }, wiphy, 2412);
  deepStrictEqual([g.ht!.capabilitiesInfo, g.secondaryChannel, g.scan], [0x006e, 1, true]);
  const n = htSetupOfWiphy({ ...ht40, channel: 1, noscan: 1 }, wiphy, 2412);
  deepStrictEqual([n.secondaryChannel, n.scan], [1, undefined]);
  throws(() => htSetupOfWiphy({ ...ht40, ht_capab: 0x006f }, wiphy, 5180), /\[LDPC\]/);
  const across = htSetupOfWiphy({ ...ht40, channel: 40 }, wiphy, 5200);
  deepStrictEqual([across.secondaryChannel, across.note], [
    0,
    "HT40 channel pair (40, 44) not allowed; fallback to 20 MHz",
  ]);
  equal(htSetupOfWiphy(plain, { ...wiphy, htBands: [] }, 2412).ht, undefined);
});

Deno.test("wpaStationMib() writes hostapd's RSN lines with the PTK and group states", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 2, 0);
  const done = {
    state: "done",
    authorized: true,
    akm: AkmSuite.PSK,
    pairwise: CipherSuite.CCMP,
    groupRekeying: false,
  } as const;
  equal(
    wpaStationMib(mac, done),
    // As Debian's hostapd 2.10 answered STA for a WPA2-PSK CCMP station (hwsim guest).
    "dot11RSNAStatsSTAAddress=02:00:00:00:02:00\n" +
      "dot11RSNAStatsVersion=1\n" +
      "dot11RSNAStatsSelectedPairwiseCipher=00-0f-ac-4\n" +
      "dot11RSNAStatsTKIPLocalMICFailures=0\n" +
      "dot11RSNAStatsTKIPRemoteMICFailures=0\n" +
      "wpa=2\n" +
      "AKMSuiteSelector=00-0f-ac-2\n" +
      "hostapdWPAPTKState=11\n" +
      "hostapdWPAPTKGroupState=0\n",
  );
  const mid = wpaStationMib(mac, {
    ...done,
    state: "expectMsg4",
    akm: AkmSuite.PSK_SHA256,
    pairwise: CipherSuite.GCMP_256,
    groupRekeying: true,
  });
  ok(mid.includes("AKMSuiteSelector=00-0f-ac-6\n"));
  ok(mid.includes("dot11RSNAStatsSelectedPairwiseCipher=00-0f-ac-9\n"));
  ok(mid.includes("hostapdWPAPTKState=10\n"));
  ok(mid.includes("hostapdWPAPTKGroupState=1\n"));
});

Deno.test("checkPrimaryChannel() refuses what Debian's hostapd would not start on", () => {
  // World regulatory domain: 12 and 13 no-IR, 36 no-IR, 52 radar; 14 disabled.
  const wiphy = {
    frequencies: [2412, 2437, 2467, 2472, 5180, 5260],
    restrictedFrequencies: [2467, 2472, 5180, 5260],
  };
  const ok6 = { hw_mode: "g" as const, channel: 6 };
  checkPrimaryChannel(ok6, wiphy, 2437);
  checkPrimaryChannel({ hw_mode: "any", channel: 1 }, wiphy, 2412);
  throws(
    () => checkPrimaryChannel({ hw_mode: "a", channel: 1 }, wiphy, 2412),
    /^Error: Could not determine operating frequency: channel 1 is not in hw_mode=a$/,
  );
  throws(() => checkPrimaryChannel({ hw_mode: "g", channel: 36 }, wiphy, 5180), /operating/);
  throws(() => checkPrimaryChannel({ hw_mode: "b", channel: 14 }, wiphy, 2484), /is disabled$/);
  for (const [channel, mhz] of [[13, 2472], [12, 2467]] as const) {
    throws(
      () => checkPrimaryChannel({ hw_mode: "g", channel }, wiphy, mhz),
      new RegExp(`channel ${channel} \\(${mhz} MHz\\) is not allowed for an AP here`),
    );
  }
  throws(() => checkPrimaryChannel({ hw_mode: "a", channel: 52 }, wiphy, 5260), /radar/);
});
