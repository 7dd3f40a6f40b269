import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import { parseMgmtFrame } from "../../../core/ieee80211/frame.ts";
import { Eid, findElement, parseElements } from "../../../core/ieee80211/element_list.ts";
import { parseBeaconBody } from "../../../core/ieee80211/mgmt_body.ts";
import {
  apCapability,
  buildAssocResponseFrame,
  buildBeaconTemplate,
  buildProbeResponse,
  initialBssState,
} from "../../../core/ap/beacon_builder.ts";
import { apParamsFromConfig, ratesForConfig, ratesForMode } from "../../../core/ap/ap_params.ts";
import { defaultBss, defaultRadio } from "../../../core/config/schema.ts";
import { extractWpsIe } from "../../../core/wps/ie.ts";
import { dissect, HAVE_TSHARK } from "./_tshark.ts";
import { AP_RSN, BSSID, params, setup, STA1 } from "./_station.ts";

const TIM = Uint8Array.of(Eid.TIM, 4, 0, 2, 0, 0);
const HT = {
  capabilities: {
    capabilitiesInfo: 0x012c,
    ampduParams: 0x03,
    mcsSet: fromHex("ffff0000000000000000000000000000"),
  },
  secondaryOffset: 0,
};

/** The beacon a driver transmits: head, TIM, tail. */
function fullBeacon(t: { head: Uint8Array; tail: Uint8Array }): Uint8Array {
  const out = new Uint8Array(t.head.length + TIM.length + t.tail.length);
  out.set(t.head);
  out.set(TIM, t.head.length);
  out.set(t.tail, t.head.length + TIM.length);
  return out;
}

Deno.test("ratesForMode() gives hostapd's rate sets with basic rates marked", () => {
  equal(toHex(ratesForMode("b", 1)), "82840b16");
  equal(toHex(ratesForMode("g", 6)), "82848b960c121824304860" + "6c");
  equal(toHex(ratesForMode("a", 36)), "8c129824b048606c");
  equal(toHex(ratesForMode("any", 149)), toHex(ratesForMode("a", 149)));
});

Deno.test("ratesForConfig() applies supported_rates and basic_rates as hostapd does", () => {
  const g = { hw_mode: "g" as const, channel: 1 };
  equal(toHex(ratesForConfig(g)), toHex(ratesForMode("g", 1)), "no lists: the mode's set");
  // OpenWrt's default (legacy_rates=0): no 802.11b rates; 6, 12 and 24 Mb/s basic.
  equal(
    toHex(ratesForConfig({
      ...g,
      supported_rates: [60, 90, 120, 180, 240, 360, 480, 540],
      basic_rates: [60, 120, 240],
    })),
    "8c129824b048606c",
  );
  // basic_rates alone re-marks the whole set; rates the band lacks are left out.
  equal(
    toHex(ratesForConfig({ ...g, basic_rates: [10, 20, 55, 110, 60] })),
    "82848b968c121824304860" + "6c",
  );
  equal(
    toHex(ratesForConfig({ hw_mode: "a", channel: 36, supported_rates: [10, 60, 540] })),
    "8c6c",
  );
  let err: unknown;
  try {
    ratesForConfig({ hw_mode: "a", channel: 36, supported_rates: [10, 20] });
  } catch (e) {
    err = e;
  }
  ok(err instanceof RangeError && /No rates remaining/.test(err.message));
});

Deno.test("ratesForConfig() lets a 0 or text rate match nothing and stops without a basic rate", () => {
  const g = { hw_mode: "g" as const, channel: 1 };
  // hostapd.conf `supported_rates=abc 10 0 20` and `basic_rates=10 0`: atoi() makes text 0.
  equal(
    toHex(ratesForConfig({ ...g, supported_rates: [0, 10, 0, 20], basic_rates: [10, 0] })),
    "8204",
  );
  equal(
    toHex(ratesForConfig({ ...g, basic_rates: [0, 20] })),
    "0284" + "0b160c121824304860" + "6c",
  );
  // hostapd_prepare_rates(): "No rates remaining in supported/basic rate sets (N,M)." and the
  // interface does not start; an empty list, or one of zeros only, leaves no (basic) rate.
  const refused: [{ supported_rates?: number[]; basic_rates?: number[] }, string][] = [
    [{ supported_rates: [] }, "(0,0)"],
    [{ supported_rates: [0] }, "(0,0)"],
    [{ basic_rates: [] }, "(12,0)"],
    [{ basic_rates: [0, 0] }, "(12,0)"],
    [{ supported_rates: [60, 90], basic_rates: [10] }, "(2,0)"],
  ];
  for (const [lists, counts] of refused) {
    let err: unknown;
    try {
      ratesForConfig({ ...g, ...lists });
    } catch (e) {
      err = e;
    }
    ok(err instanceof RangeError, JSON.stringify(lists));
    equal(err.message, `No rates remaining in supported/basic rate sets ${counts}.`, counts);
  }
});

Deno.test("buildBeaconTemplate() gives SET_BSS the basic rates, preamble, slot time and protection", () => {
  const t = buildBeaconTemplate(params({ channel: 6, shortPreamble: true }), initialBssState());
  deepStrictEqual(t.bss, {
    ctsProtection: false,
    shortPreamble: true,
    shortSlotTime: true,
    basicRates: Uint8Array.of(2, 4, 11, 22),
  });
  const busy = {
    ...initialBssState(),
    erpFlags: 0x03,
    shortSlotTime: false,
    shortPreambleStas: false,
  };
  const b = buildBeaconTemplate(params({ channel: 6, shortPreamble: true }), busy).bss;
  deepStrictEqual([b.ctsProtection, b.shortPreamble, b.shortSlotTime], [true, false, false]);
  const a = buildBeaconTemplate(
    params({ hwMode: "a", channel: 36, rates: ratesForMode("a", 36) }),
    initialBssState(),
  ).bss;
  equal(a.shortSlotTime, undefined, "no slot time outside 802.11g");
  deepStrictEqual([...a.basicRates], [12, 24, 48]);
  equal(a.htOpMode, undefined, "no HT operation mode without HT");
  // An HT BSS tells the kernel the protection its HT Operation element advertises.
  const ht = params({ channel: 6, ht: HT });
  equal(buildBeaconTemplate(ht, initialBssState()).bss.htOpMode, 0);
  equal(buildBeaconTemplate(ht, { ...initialBssState(), htProtection: 3 }).bss.htOpMode, 3);
});

Deno.test("buildBeaconTemplate() puts header, fixed fields, SSID, rates and DS in the head", () => {
  const t = buildBeaconTemplate(params({ channel: 6 }), initialBssState());
  const h = parseMgmtFrame(t.head);
  equal(h.frameControl, 0x0080);
  equal(toHex(h.da), "ffffffffffff");
  equal(toHex(h.sa), toHex(BSSID));
  const b = parseBeaconBody(h.body);
  equal(b.timestamp, 0n);
  equal(b.beaconInterval, 100);
  equal(b.capability, 0x0411, "ESS, Privacy, Short Slot Time");
  deepStrictEqual(b.elements.map((e) => e.id), [
    Eid.SSID,
    Eid.SUPPORTED_RATES,
    Eid.DS_PARAMETER_SET,
  ]);
  equal(toHex(b.elements[2]!.body), "06");
  const tail = parseElements(t.tail);
  deepStrictEqual(tail.map((e) => e.id), [
    Eid.ERP,
    Eid.EXTENDED_SUPPORTED_RATES,
    Eid.RSN,
    Eid.VENDOR_SPECIFIC,
  ]);
  deepStrictEqual(t.tail.subarray(9, 9 + AP_RSN.length), AP_RSN, "after ERP and Ext Rates");
  equal(t.dtimPeriod, 2);
  equal(t.privacy, true);
  equal(t.hiddenSsid, 0);
});

Deno.test("buildBeaconTemplate() hides the SSID as ignore_broadcast_ssid 1 and 2 ask", () => {
  const ssidOf = (n: number) => {
    const t = buildBeaconTemplate(params({ ignoreBroadcastSsid: n }), initialBssState());
    return findElement(parseBeaconBody(t.head.subarray(24)).elements, Eid.SSID)!.body;
  };
  equal(toHex(ssidOf(0)), toHex(new TextEncoder().encode("TestWPS")));
  equal(ssidOf(1).length, 0);
  equal(toHex(ssidOf(2)), "00000000000000");
  const pr = buildProbeResponse(params({ ignoreBroadcastSsid: 1 }), initialBssState(), STA1);
  const ssid = findElement(parseBeaconBody(pr.subarray(24)).elements, Eid.SSID)!.body;
  equal(new TextDecoder().decode(ssid), "TestWPS", "probe responses carry the real SSID");
});

Deno.test("buildBeaconTemplate() on 5 GHz has the DS Parameter Set but no ERP or short slot bit", () => {
  const p = params({ hwMode: "a", channel: 36, rates: ratesForMode("a", 36), wpa: 0 });
  p.rsnElement = undefined;
  const t = buildBeaconTemplate(p, initialBssState());
  const b = parseBeaconBody(t.head.subarray(24));
  // Debian's hostapd 2.10 on channel 36 (hwsim): 03 01 24 after the rates.
  deepStrictEqual(b.elements.map((e) => e.id), [
    Eid.SSID,
    Eid.SUPPORTED_RATES,
    Eid.DS_PARAMETER_SET,
  ]);
  equal(toHex(findElement(b.elements, Eid.DS_PARAMETER_SET)!.body), "24");
  equal(b.capability, 0x0001);
  deepStrictEqual(parseElements(t.tail).map((e) => e.id), [Eid.VENDOR_SPECIFIC]);
});

Deno.test("buildBeaconTemplate() at 80 MHz adds VHT elements after HT, as Debian's hostapd", () => {
  const p = params({
    hwMode: "a",
    channel: 36,
    rates: ratesForMode("a", 36),
    ht: { ...HT, secondaryOffset: 1 },
    vht: {
      capabilities: { capabilitiesInfo: 0x30, mcsSet: fromHex("aaaa0000aaaa0000") },
      chwidth: 1,
      seg0: 42,
      seg1: 0,
      maxTxPowerDbm: 23,
    },
  });
  const t = buildBeaconTemplate(p, initialBssState());
  const tail = parseElements(t.tail);
  const radio: number[] = [
    Eid.HT_CAPABILITIES,
    Eid.HT_OPERATION,
    Eid.VHT_CAPABILITIES,
    Eid.VHT_OPERATION,
    Eid.TRANSMIT_POWER_ENVELOPE,
  ];
  deepStrictEqual(tail.map((e) => e.id).filter((id) => radio.includes(id)), radio);
  // The bytes of hostapd 2.10's beacon tail on the same radio (tests/core/ap/vht_plan_test.ts).
  const body = (id: number) => toHex(findElement(tail, id)!.body);
  equal(body(Eid.VHT_CAPABILITIES), "30000000aaaa0000aaaa0000");
  equal(body(Eid.VHT_OPERATION), "012a00fcff");
  equal(body(Eid.TRANSMIT_POWER_ENVELOPE), "022e2e2e");
  equal(body(Eid.HT_OPERATION).slice(0, 4), "2405");
  // WMM comes after them, and the probe response carries the same elements.
  ok(tail.findIndex((e) => e.id === Eid.VENDOR_SPECIFIC) > tail.findIndex((e) => e.id === 195));
  const probe = parseElements(t.probeResp.subarray(24 + 12));
  ok(findElement(probe, Eid.VHT_OPERATION));
});

Deno.test("buildAssocResponseFrame() adds HT and WMM only for stations that have them", () => {
  const p = params({ ht: HT });
  const s = initialBssState();
  const plain = buildAssocResponseFrame(p, s, STA1, {
    reassoc: false,
    status: 0,
    aid: 5,
    ht: false,
    wmm: false,
    wps: false,
  });
  equal(toHex(plain.subarray(24, 30)), "1104000005c0");
  deepStrictEqual(parseElements(plain.subarray(30)).map((e) => e.id), [1, 50, 90]);
  equal(toHex(plain.subarray(-5)), "5a03240100", "BSS Max Idle Period 292 x 1.024 s (300 s)");
  const full = buildAssocResponseFrame(p, s, STA1, {
    reassoc: true,
    status: 0,
    aid: 5,
    ht: true,
    wmm: true,
    wps: false,
  });
  equal(full[0], 0x30, "Reassociation Response subtype");
  deepStrictEqual(parseElements(full.subarray(30)).map((e) => e.id), [1, 50, 45, 61, 90, 221]);
});

Deno.test("ApCore updates the beacon WPS IE on every Selected Registrar change", () => {
  const env = setup();
  const wpsAttrs = () => {
    const tlvs = extractWpsIe(env.ap.beacon().tail);
    ok(tlvs);
    return toHex(tlvs);
  };
  const idle = wpsAttrs();
  equal(idle, "104a000110" + "1044000102" + "1049000600372a000120");
  env.host.take();
  ok(env.wps.startPbc());
  ok(env.host.take().some((c) => c.op === "beaconChanged"));
  equal(
    wpsAttrs(),
    "104a000110" + "1044000102" + "1041000101" + "1012000200041053000" + "2" +
      (env.wps.selectedRegistrar().configMethods.toString(16).padStart(4, "0")) +
      "1049000e00372a000120" + "0106ffffffffffff",
  );
  env.wps.cancel();
  equal(wpsAttrs(), idle);
  ok(env.wps.addPin("any", "12345670"));
  ok(wpsAttrs().includes("1012000200001053"), "PIN: Device Password ID 0");
  env.clock.advance(120_000);
  ok(!wpsAttrs().includes("1041000101"), "Selected Registrar expires after 120 s");
});

Deno.test("apParamsFromConfig() maps hostapd.conf keys and WMM's default", () => {
  const radio = { ...defaultRadio(), hw_mode: "g" as const, channel: 11, ieee80211n: 1 };
  const bss = {
    ...defaultBss("wlan0"),
    ssid: new TextEncoder().encode("x"),
    wpa: 2,
    ignore_broadcast_ssid: 2,
  };
  const p = apParamsFromConfig(radio, bss, {
    bssid: BSSID,
    rsnElement: AP_RSN,
    ht: HT.capabilities,
  });
  equal(p.wmm, true, "wmm_enabled unset follows ieee80211n");
  equal(p.ignoreBroadcastSsid, 2);
  equal(p.channel, 11);
  deepStrictEqual(p.rsnElement, AP_RSN);
  ok(p.ht);
  equal(p.country, undefined, "no Country element without ieee80211d");
  deepStrictEqual(
    [p.maxListenInterval, p.maxInactivity, p.skipInactivityPoll, p.disassocLowAck, p.shortPreamble],
    [65535, 300, false, false, undefined],
    "hostapd's defaults",
  );
  const o = apParamsFromConfig({ ...radio, preamble: 1 }, {
    ...bss,
    max_listen_interval: 100,
    ap_max_inactivity: 60,
    skip_inactivity_poll: 1,
    disassoc_low_ack: 1,
  }, { bssid: BSSID, rsnElement: AP_RSN });
  deepStrictEqual(
    [o.maxListenInterval, o.maxInactivity, o.skipInactivityPoll, o.disassocLowAck, o.shortPreamble],
    [100, 60, true, true, true],
  );
  const d = apParamsFromConfig(
    { ...radio, ieee80211d: 1, country_code: "DE" },
    { ...bss, wmm_enabled: 0 },
    { bssid: BSSID, countrySubbands: [{ firstChannel: 1, channels: 13, maxPowerDbm: 20 }] },
  );
  equal(d.wmm, false);
  equal(d.country?.code, "DE");
  equal(d.rsnElement, undefined, "no RSN element given");
  const t = buildBeaconTemplate(d, initialBssState());
  equal(toHex(t.tail.subarray(0, 8)), "0706444520010d14");
});

Deno.test("local_pwr_constraint: a Power Constraint element after Country on 5 GHz only", () => {
  const radio = {
    ...defaultRadio(),
    ieee80211d: 1,
    country_code: "DE",
    local_pwr_constraint: 3,
  };
  const bss = defaultBss("wlan0");
  const five = apParamsFromConfig({ ...radio, hw_mode: "a", channel: 36 }, bss, {
    bssid: BSSID,
    countrySubbands: [{ firstChannel: 36, channels: 4, maxPowerDbm: 23 }],
  });
  equal(five.powerConstraintDb, 3);
  const t = buildBeaconTemplate(five, initialBssState());
  // Country (DE, one subband, no padding: 6 octets), then Power Constraint 3 dB.
  equal(toHex(t.tail.subarray(0, 11)), "0706444520240417" + "200103");
  const elements = parseElements(t.tail);
  const ids = elements.map((e) => e.id);
  equal(ids.indexOf(Eid.POWER_CONSTRAINT), ids.indexOf(Eid.COUNTRY) + 1);
  deepStrictEqual(findElement(elements, Eid.POWER_CONSTRAINT)?.body, Uint8Array.of(3));
  const probe = parseMgmtFrame(buildProbeResponse(five, initialBssState(), STA1));
  deepStrictEqual(
    findElement(parseBeaconBody(probe.body).elements, Eid.POWER_CONSTRAINT)?.body,
    Uint8Array.of(3),
  );
  const two = apParamsFromConfig({ ...radio, hw_mode: "g", channel: 1 }, bss, { bssid: BSSID });
  equal(two.powerConstraintDb, undefined);
  const noCountry = apParamsFromConfig(
    { ...radio, ieee80211d: 0, hw_mode: "a", channel: 36 },
    bss,
    { bssid: BSSID },
  );
  equal(noCountry.powerConstraintDb, undefined);
});

Deno.test("spectrum_mgmt_required sets the Spectrum Management bit with the Power Constraint", () => {
  const radio = { ...defaultRadio(), ieee80211d: 1, country_code: "DE", hw_mode: "a" as const };
  const bss = defaultBss("wlan0");
  const on = apParamsFromConfig(
    { ...radio, channel: 36, local_pwr_constraint: 3, spectrum_mgmt_required: 1 },
    bss,
    { bssid: BSSID },
  );
  equal(apCapability(on, initialBssState()) & 0x0100, 0x0100);
  const off = apParamsFromConfig({ ...radio, channel: 36, local_pwr_constraint: 3 }, bss, {
    bssid: BSSID,
  });
  equal(apCapability(off, initialBssState()) & 0x0100, 0);
  // Not on 2.4 GHz, where no Power Constraint element is sent (as Debian's hostapd).
  const two = apParamsFromConfig(
    { ...radio, hw_mode: "g", channel: 1, local_pwr_constraint: 3, spectrum_mgmt_required: 1 },
    bss,
    { bssid: BSSID },
  );
  equal(apCapability(two, initialBssState()) & 0x0100, 0);
});

Deno.test("tshark dissects the beacon, probe response and association response as built", {
  ignore: !HAVE_TSHARK,
}, () => {
  const p = params({
    channel: 6,
    ht: HT,
    country: {
      code: "US",
      environment: " ",
      subbands: [{ firstChannel: 1, channels: 11, maxPowerDbm: 30 }],
    },
  });
  const env = setup(p);
  env.wps.startPbc();
  const b = env.ap.beacon();
  const s = { ...initialBssState(), wps: undefined };
  const frames = [
    fullBeacon(b),
    b.probeResp,
    buildAssocResponseFrame(p, s, STA1, {
      reassoc: false,
      status: 0,
      aid: 3,
      ht: true,
      wmm: true,
      wps: false,
    }),
  ];
  const [beacon, probe, assoc] = dissect(frames, [
    "wlan.fc.type_subtype",
    "wlan.fixed.beacon",
    "wlan.fixed.capabilities",
    "wlan.ssid",
    "wlan.supported_rates",
    "wlan.extended_supported_rates",
    "wlan.ds.current_channel",
    "wlan.country_info.code",
    "wlan.erp_info",
    "wlan.rsn.version",
    "wlan.ht.capabilities",
    "wlan.ht.info.primarychannel",
    "wlan.wfa.ie.wme.subtype",
    "wlan.wfa.ie.wme.acp.aci_aifsn",
    "wps.version",
    "wps.wifi_protected_setup_state",
    "wps.selected_registrar",
    "wps.device_password_id",
    "wps.response_type",
    "wps.uuid_e",
    "wlan.fixed.status_code",
    "wlan.fixed.aid",
  ]);
  ok(beacon && probe && assoc);
  for (const r of [beacon, probe, assoc]) {
    equal(r["_ws.malformed"], "", "no malformed packet");
    equal(r["_ws.expert.message"], "", "no expert complaints");
  }
  equal(beacon["wlan.fc.type_subtype"], "0x0008");
  equal(beacon["wlan.fixed.beacon"], "100");
  equal(beacon["wlan.fixed.capabilities"], "0x0411");
  equal(beacon["wlan.ssid"], "54657374575053", "TestWPS in hex");
  equal(beacon["wlan.supported_rates"], "0x82,0x84,0x8b,0x96,0x0c,0x12,0x18,0x24");
  equal(beacon["wlan.extended_supported_rates"], "0x30,0x48,0x60,0x6c");
  equal(beacon["wlan.ds.current_channel"], "6");
  equal(beacon["wlan.country_info.code"], "US");
  equal(beacon["wlan.erp_info"], "0x04");
  equal(beacon["wlan.rsn.version"], "1");
  equal(beacon["wlan.ht.capabilities"], "0x012c");
  equal(beacon["wlan.ht.info.primarychannel"], "6");
  equal(beacon["wlan.wfa.ie.wme.subtype"], "1");
  equal(beacon["wlan.wfa.ie.wme.acp.aci_aifsn"], "0x03,0x27,0x42,0x62");
  equal(beacon["wps.version"], "0x10");
  equal(beacon["wps.wifi_protected_setup_state"], "0x02");
  equal(beacon["wps.selected_registrar"], "0x01");
  equal(beacon["wps.device_password_id"], "0x0004");
  equal(probe["wlan.fc.type_subtype"], "0x0005");
  equal(probe["wps.response_type"], "0x03");
  equal(probe["wps.uuid_e"], "123456789abcdef0123456789abcdef0");
  equal(assoc["wlan.fc.type_subtype"], "0x0001");
  equal(assoc["wlan.fixed.status_code"], "0x0000");
  equal(assoc["wlan.fixed.aid"], "0x0003", "tshark masks the two high bits");
  equal(toHex(frames[2]!.subarray(28, 30)), "03c0");
  equal(probe["wlan.ssid"], beacon["wlan.ssid"]);
  equal(probe["wlan.rsn.version"], "1");
  equal(assoc["wlan.wfa.ie.wme.subtype"], "1");
  equal(assoc["wlan.ht.info.primarychannel"], "6");
  equal(apCapability(p, initialBssState()), 0x0411);
});

Deno.test("vendor_elements end Beacons and Probe Responses, assocresp_elements Association Responses", () => {
  const vendor = fromHex("dd0411223344");
  const assoc = fromHex("dd03aabbcc");
  const p = params({ vendorElements: vendor, assocRespElements: assoc });
  const s = initialBssState();
  const t = buildBeaconTemplate(p, s);
  equal(toHex(t.tail.subarray(-vendor.length)), toHex(vendor));
  equal(toHex(t.beaconIes), toHex(vendor));
  equal(toHex(t.probeRespIes), toHex(vendor));
  equal(toHex(t.assocRespIes), toHex(assoc));
  const probe = buildProbeResponse(p, s, STA1);
  equal(toHex(probe.subarray(-vendor.length)), toHex(vendor));
  const resp = buildAssocResponseFrame(p, s, STA1, {
    reassoc: false,
    status: 0,
    aid: 1,
    ht: false,
    wmm: false,
    wps: false,
  });
  equal(toHex(resp.subarray(-assoc.length)), toHex(assoc));
  // From the config (parsing: parse_test.ts).
  const bss = { ...defaultBss(), vendor_elements: vendor };
  deepStrictEqual(
    apParamsFromConfig(defaultRadio(), bss, { bssid: BSSID }).vendorElements,
    vendor,
  );
});

Deno.test("ApCore.updateBeaconSettings() (UPDATE_BEACON after SET) rebuilds the beacon", () => {
  const env = setup();
  const vendor = fromHex("dd0411223344");
  const ssid = new TextEncoder().encode("Renamed");
  env.ap.updateBeaconSettings({ ssid, ignoreBroadcastSsid: 0, vendorElements: vendor });
  equal(env.host.calls.at(-1)?.op, "beaconChanged");
  equal(toHex(env.ap.beacon().tail.subarray(-vendor.length)), toHex(vendor));
  const body = env.ap.beacon().head.subarray(24 + 12);
  deepStrictEqual(Array.from(body.subarray(0, 2 + ssid.length)), [0, ssid.length, ...ssid]);
  env.ap.updateBeaconSettings({ ssid, ignoreBroadcastSsid: 2, vendorElements: new Uint8Array(0) });
  equal(env.ap.params.vendorElements, undefined, "an empty value removes them");
  const hidden = env.ap.beacon().head.subarray(24 + 12);
  deepStrictEqual(Array.from(hidden.subarray(0, 2 + ssid.length)), [
    0,
    ssid.length,
    ...ssid.map(() => 0),
  ]);
});
