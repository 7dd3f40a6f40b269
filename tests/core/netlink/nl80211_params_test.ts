import { deepStrictEqual as assertEquals, equal, throws } from "node:assert/strict";
import { NlAttrs, NlAttrWriter } from "../../../core/netlink/attributes.ts";
import {
  AkmSuite,
  CipherSuite,
  Nl80211Attr as A,
  nl80211CommandName,
  Nl80211KeyType,
  Nl80211StaFlag,
} from "../../../core/netlink/nl80211_const.ts";
import {
  putApIsolate,
  putBssParams,
  putControlPortFrame,
  putDelStation,
  putFrame,
  putGetGroupKey,
  putNewInterface,
  putNewKey,
  putRegisterFrame,
  putReqSetReg,
  putStartAp,
  putStation,
  putTriggerScan,
  staFlagUpdate,
} from "../../../core/netlink/nl80211_params.ts";

function written(fill: (w: NlAttrWriter) => void): NlAttrs {
  const w = new NlAttrWriter();
  fill(w);
  return new NlAttrs(w.bytes());
}

function u32s(b: Uint8Array | undefined): number[] {
  const v = new DataView(b!.buffer, b!.byteOffset, b!.byteLength);
  return Array.from({ length: b!.length / 4 }, (_, i) => v.getUint32(4 * i, true));
}

const ssid = new TextEncoder().encode("tsapd");

Deno.test("putStartAp() writes the beacon, SSID, timing and WPA2-PSK security", () => {
  const a = written((w) =>
    putStartAp(w, {
      ifindex: 5,
      head: Uint8Array.of(0x80, 0),
      tail: Uint8Array.of(0x32, 1, 0x6c),
      ies: Uint8Array.of(0xdd, 0),
      iesProbeResp: Uint8Array.of(0xdd, 1, 1),
      iesAssocResp: Uint8Array.of(0xdd, 1, 2),
      beaconInterval: 100,
      dtimPeriod: 2,
      ssid,
      privacy: true,
      wpaVersions: 2,
      akmSuites: [AkmSuite.PSK],
      pairwiseCiphers: [CipherSuite.CCMP],
      groupCipher: CipherSuite.CCMP,
      frequency: 2412,
    })
  );
  equal(a.u32(A.IFINDEX), 5);
  assertEquals([...a.data(A.BEACON_HEAD)!], [0x80, 0]);
  assertEquals([...a.data(A.BEACON_TAIL)!], [0x32, 1, 0x6c]);
  assertEquals([...a.data(A.IE_PROBE_RESP)!], [0xdd, 1, 1]);
  assertEquals([...a.data(A.IE_ASSOC_RESP)!], [0xdd, 1, 2]);
  equal(a.u32(A.BEACON_INTERVAL), 100);
  equal(a.u32(A.DTIM_PERIOD), 2);
  equal(new TextDecoder().decode(a.data(A.SSID)), "tsapd");
  equal(a.u32(A.HIDDEN_SSID), 0);
  equal(a.u32(A.AUTH_TYPE), 0);
  equal(a.has(A.PRIVACY), true);
  assertEquals(u32s(a.data(A.AKM_SUITES)), [0x000fac02]);
  assertEquals(u32s(a.data(A.CIPHER_SUITES_PAIRWISE)), [0x000fac04]);
  equal(a.u32(A.CIPHER_SUITE_GROUP), 0x000fac04);
  equal(a.u32(A.WIPHY_FREQ), 2412);
  equal(a.u32(A.WIPHY_CHANNEL_TYPE), 0);
});

Deno.test("putStartAp() leaves out security attributes of an open BSS", () => {
  const a = written((w) =>
    putStartAp(w, {
      ifindex: 1,
      head: new Uint8Array(0),
      tail: new Uint8Array(0),
      beaconInterval: 100,
      dtimPeriod: 1,
      ssid,
    })
  );
  for (const t of [A.PRIVACY, A.AKM_SUITES, A.CIPHER_SUITE_GROUP, A.WIPHY_FREQ, A.IE]) {
    equal(a.has(t), false, `attribute ${t}`);
  }
});

Deno.test("putStartAp() sends 80 MHz as width and centre, without a channel type", () => {
  const base = {
    ifindex: 1,
    head: new Uint8Array(0),
    tail: new Uint8Array(0),
    beaconInterval: 100,
    dtimPeriod: 2,
    ssid,
    frequency: 5180,
  };
  const vht = written((w) => putStartAp(w, { ...base, channelWidth: 3, centerFreq1: 5210 }));
  equal(vht.u32(A.WIPHY_FREQ), 5180);
  equal(vht.u32(A.CHANNEL_WIDTH), 3);
  equal(vht.u32(A.CENTER_FREQ1), 5210);
  // The kernel takes a channel type over a width: it must not be there too.
  equal(vht.has(A.WIPHY_CHANNEL_TYPE), false);
  const ht40 = written((w) => putStartAp(w, { ...base, channelType: 3 }));
  equal(ht40.u32(A.WIPHY_CHANNEL_TYPE), 3);
  equal(ht40.has(A.CHANNEL_WIDTH), false);
});

Deno.test("putStation() passes a VHT station's capabilities", () => {
  const vht = Uint8Array.of(0x32, 0, 0x80, 3, 0xaa, 0xaa, 0, 0, 0xaa, 0xaa, 0, 0);
  const a = written((w) =>
    putStation(w, { ifindex: 3, mac: Uint8Array.of(2, 0, 0, 0, 1, 0), vhtCapability: vht })
  );
  assertEquals([...a.data(A.VHT_CAPABILITY)!], [...vht]);
});

Deno.test("putStartAp() rejects an empty or over-long SSID", () => {
  const base = {
    ifindex: 1,
    head: new Uint8Array(0),
    tail: new Uint8Array(0),
    beaconInterval: 100,
    dtimPeriod: 1,
  };
  throws(() => putStartAp(new NlAttrWriter(), { ...base, ssid: new Uint8Array(0) }), RangeError);
  throws(() => putStartAp(new NlAttrWriter(), { ...base, ssid: new Uint8Array(33) }), RangeError);
});

Deno.test("staFlagUpdate() sets mask and set bits of struct nl80211_sta_flag_update", () => {
  const b = staFlagUpdate({ AUTHORIZED: true, WME: false });
  const v = new DataView(b.buffer);
  const auth = 1 << Nl80211StaFlag.AUTHORIZED;
  const wme = 1 << Nl80211StaFlag.WME;
  equal(v.getUint32(0, true), auth | wme);
  equal(v.getUint32(4, true), auth);
});

Deno.test("putStation() writes AID, listen interval, rates, capability and flags", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 1, 0);
  const a = written((w) =>
    putStation(w, {
      ifindex: 3,
      mac,
      aid: 1,
      listenInterval: 10,
      supportedRates: Uint8Array.of(0x82, 0x84),
      capability: 0x0431,
      flags: { ASSOCIATED: true },
    })
  );
  assertEquals([...a.data(A.MAC)!], [...mac]);
  equal(a.u16(A.STA_AID), 1);
  equal(a.u16(A.STA_LISTEN_INTERVAL), 10);
  assertEquals([...a.data(A.STA_SUPPORTED_RATES)!], [0x82, 0x84]);
  equal(a.u16(A.STA_CAPABILITY), 0x0431);
  equal(a.data(A.STA_FLAGS2)?.length, 8);
  throws(() => putStation(new NlAttrWriter(), { ifindex: 3, mac: new Uint8Array(5) }), RangeError);
});

Deno.test("putNewKey() marks a key pairwise when it names a station, else group", () => {
  const key = new Uint8Array(16).fill(7);
  const pw = written((w) =>
    putNewKey(w, { ifindex: 3, index: 0, cipher: CipherSuite.CCMP, key, mac: new Uint8Array(6) })
  );
  equal(pw.u32(A.KEY_TYPE), Nl80211KeyType.PAIRWISE);
  equal(pw.has(A.MAC), true);
  const gr = written((w) =>
    putNewKey(w, { ifindex: 3, index: 1, cipher: CipherSuite.CCMP, key, seq: new Uint8Array(6) })
  );
  equal(gr.u32(A.KEY_TYPE), Nl80211KeyType.GROUP);
  equal(gr.u8(A.KEY_IDX), 1);
  equal(gr.data(A.KEY_SEQ)?.length, 6);
  equal(gr.has(A.MAC), false);
});

Deno.test("putRegisterFrame(), putFrame() and putDelStation() write their attributes", () => {
  const r = written((w) => putRegisterFrame(w, 4, 0x0040));
  equal(r.u16(A.FRAME_TYPE), 0x0040);
  equal(r.data(A.FRAME_MATCH)?.length, 0);
  const f = written((w) =>
    putFrame(w, 4, Uint8Array.of(0x50, 0), { noAck: true, frequency: 2412 })
  );
  equal(f.has(A.DONT_WAIT_FOR_ACK), true);
  equal(f.u32(A.WIPHY_FREQ), 2412);
  assertEquals([...f.data(A.FRAME)!], [0x50, 0]);
  const d = written((w) => putDelStation(w, 4, undefined, 3));
  equal(d.has(A.MAC), false);
  equal(d.u16(A.REASON_CODE), 3);
});

Deno.test("nl80211CommandName() names known commands and numbers unknown ones", () => {
  equal(nl80211CommandName(15), "NL80211_CMD_START_AP");
  equal(nl80211CommandName(250), "NL80211_CMD_250");
});

Deno.test("putStartAp() asks for EAPOL over nl80211 with the socket as the AP's owner", () => {
  const base = {
    ifindex: 5,
    head: Uint8Array.of(0x80, 0),
    tail: new Uint8Array(0),
    beaconInterval: 100,
    dtimPeriod: 2,
    ssid,
  };
  const a = written((w) => putStartAp(w, { ...base, controlPortOverNl80211: true }));
  equal(a.has(A.CONTROL_PORT_OVER_NL80211) && a.has(A.SOCKET_OWNER), true);
  const b = written((w) => putStartAp(w, base));
  equal(b.has(A.CONTROL_PORT_OVER_NL80211) || b.has(A.SOCKET_OWNER), false);
});

Deno.test("putControlPortFrame() writes the payload, destination, EtherType and flags", () => {
  const dest = Uint8Array.of(2, 0, 0, 0, 1, 0);
  const a = written((w) =>
    putControlPortFrame(w, 5, dest, Uint8Array.of(2, 0, 0, 0), { noEncrypt: true })
  );
  equal(a.u32(A.IFINDEX), 5);
  assertEquals(a.data(A.MAC), dest);
  assertEquals(a.data(A.FRAME), Uint8Array.of(2, 0, 0, 0));
  equal(a.u16(A.CONTROL_PORT_ETHERTYPE), 0x888e);
  equal(a.has(A.CONTROL_PORT_NO_ENCRYPT), true);
  equal(a.has(A.DONT_WAIT_FOR_ACK), false);
  const b = written((w) => putControlPortFrame(w, 5, dest, new Uint8Array(4), { noAck: true }));
  equal(b.has(A.CONTROL_PORT_NO_ENCRYPT), false);
  equal(b.has(A.DONT_WAIT_FOR_ACK), true);
  throws(() => putControlPortFrame(new NlAttrWriter(), 5, new Uint8Array(5), new Uint8Array(4)));
});

Deno.test("putReqSetReg() writes the country and rejects malformed codes", () => {
  equal(written((w) => putReqSetReg(w, "DE")).string(A.REG_ALPHA2), "DE");
  equal(written((w) => putReqSetReg(w, "00")).string(A.REG_ALPHA2), "00");
  for (const bad of ["de", "D", "DEU", "0A"]) {
    throws(() => putReqSetReg(new NlAttrWriter(), bad), RangeError);
  }
});

Deno.test("putNewInterface() names the wiphy, the interface, its type and address", () => {
  const a = written((w) => putNewInterface(w, 3, "wlan0_1", 3, Uint8Array.of(2, 0, 0, 0, 0, 1)));
  equal(a.u32(A.WIPHY), 3);
  equal(a.string(A.IFNAME), "wlan0_1");
  equal(a.u32(A.IFTYPE), 3);
  assertEquals([...a.data(A.MAC)!], [2, 0, 0, 0, 0, 1]);
});

Deno.test("putApIsolate() writes SET_BSS's AP_ISOLATE as a u8 for both values", () => {
  const on = written((w) => putApIsolate(w, 4, true));
  equal(on.u32(A.IFINDEX), 4);
  assertEquals([...on.data(A.AP_ISOLATE)!], [1]);
  assertEquals([...written((w) => putApIsolate(w, 4, false)).data(A.AP_ISOLATE)!], [0]);
});

Deno.test("putBssParams() writes SET_BSS's protection, preamble, slot time and basic rates", () => {
  const g = written((w) =>
    putBssParams(w, 4, {
      ctsProtection: true,
      shortPreamble: false,
      shortSlotTime: true,
      basicRates: Uint8Array.of(12, 24, 48),
    })
  );
  equal(g.u32(A.IFINDEX), 4);
  assertEquals([...g.data(A.BSS_CTS_PROT)!], [1]);
  assertEquals([...g.data(A.BSS_SHORT_PREAMBLE)!], [0]);
  assertEquals([...g.data(A.BSS_SHORT_SLOT_TIME)!], [1]);
  assertEquals([...g.data(A.BSS_BASIC_RATES)!], [12, 24, 48]);
  const a = written((w) =>
    putBssParams(w, 4, { ctsProtection: false, shortPreamble: true, basicRates: Uint8Array.of(12) })
  );
  equal(a.has(A.BSS_SHORT_SLOT_TIME), false, "no slot time outside 802.11g");
  equal(a.has(A.BSS_HT_OPMODE), false, "no HT operation mode for a non-HT BSS");
  const ht = written((w) =>
    putBssParams(w, 4, {
      ctsProtection: false,
      shortPreamble: true,
      basicRates: Uint8Array.of(12),
      htOpMode: 3,
    })
  );
  assertEquals([...ht.data(A.BSS_HT_OPMODE)!], [3, 0]);
});

Deno.test("putTriggerScan() lists the frequencies to scan, passive (no SSIDs)", () => {
  const a = written((w) => putTriggerScan(w, 4, [2422, 2427]));
  equal(a.u32(A.IFINDEX), 4);
  assertEquals(
    a.nested(A.SCAN_FREQUENCIES)!.all().map((
      [k, v],
    ) => [k, new DataView(v.buffer, v.byteOffset).getUint32(0, true)]),
    [[1, 2422], [2, 2427]],
  );
  equal(a.has(45), false, "no NL80211_ATTR_SCAN_SSIDS");
});

Deno.test("putGetGroupKey() asks for the group key at an index (no MAC)", () => {
  const a = written((w) => putGetGroupKey(w, 7, 2));
  equal(a.u32(A.IFINDEX), 7);
  equal(a.u8(A.KEY_IDX), 2);
  equal(a.has(A.MAC), false);
});
