import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fromHex, toHex, utf8 } from "../../../core/bytes.ts";
import { Eid, findElement, parseElements } from "../../../core/ieee80211/element_list.ts";
import { parseBeaconBody } from "../../../core/ieee80211/mgmt_body.ts";
import { buildMgmtFrame, MgmtSubtype } from "../../../core/ieee80211/frame.ts";
import { formatEnrolleeSeen, probeWantsUs } from "../../../core/ap/probe.ts";
import { buildElement } from "../../../core/ieee80211/element_list.ts";
import { extractWpsIe, parseProbeRequestWpsIe } from "../../../core/wps/ie.ts";
import { parseAttributes } from "../../../core/wps/attributes.ts";
import { Attr } from "../../../core/wps/constants.ts";
import { MacAcl, parseMacAclFile } from "../../../core/ap/mac_acl.ts";
import { authFrame, BSSID, probeFrame, probeWpsIe, setup, SSID, STA1, STA2 } from "./_station.ts";

const UUID1 = fromHex("11112222333344445555666677778888");
const UUID2 = fromHex("99990000aaaabbbbccccddddeeeeffff");

Deno.test("ApCore answers wildcard and directed probes with its Probe Response", () => {
  const env = setup();
  env.ap.handleFrame(probeFrame(STA1));
  env.ap.handleFrame(probeFrame(STA2, { ssid: SSID, da: BSSID }));
  const frames = env.host.frames();
  equal(frames.length, 2);
  for (const [f, sta] of [[frames[0]!, STA1], [frames[1]!, STA2]] as const) {
    equal(f.frameControl, 0x0050);
    equal(toHex(f.da), toHex(sta));
    const b = parseBeaconBody(f.body);
    equal(toHex(findElement(b.elements, Eid.SSID)!.body), toHex(SSID));
    const tlvs = extractWpsIe(f.body.subarray(12));
    ok(tlvs);
    const attrs = parseAttributes(tlvs).map;
    deepStrictEqual(attrs.get(Attr.RESPONSE_TYPE)![0]!.value, Uint8Array.of(3));
    equal(new TextDecoder().decode(attrs.get(Attr.DEV_NAME)![0]!.value), "TestAP");
  }
});

Deno.test("ApCore sends only a broadcast wildcard probe's response without ACK, as hostapd", () => {
  const env = setup();
  env.ap.handleFrame(probeFrame(STA1));
  env.ap.handleFrame(probeFrame(STA1, { ssid: SSID }));
  env.ap.handleFrame(probeFrame(STA1, { da: BSSID }));
  env.ap.handleFrame(probeFrame(STA1, { ssid: SSID, da: BSSID }));
  deepStrictEqual(
    env.host.calls.flatMap((c) => c.op === "sendMgmt" ? [c.noAck] : []),
    [true, false, false, false],
  );
});

Deno.test("ApCore ignores probes for other SSIDs and, when hidden, wildcard probes", () => {
  const env = setup();
  env.ap.handleFrame(probeFrame(STA1, { ssid: utf8("Other") }));
  equal(env.host.frames().length, 0);
  const hidden = setup({ ignoreBroadcastSsid: 1 });
  hidden.ap.handleFrame(probeFrame(STA1));
  equal(hidden.host.frames().length, 0);
  hidden.ap.handleFrame(probeFrame(STA1, { ssid: SSID }));
  equal(hidden.host.frames().length, 1);
  const otherBss = setup();
  otherBss.ap.handleFrame(probeFrame(STA1, { da: fromHex("020000009900") }));
  equal(otherBss.host.frames().length, 0);
});

Deno.test("probeWantsUs() accepts an SSID List that names the AP", () => {
  const list = buildElement(Eid.SSID_LIST, buildElement(Eid.SSID, SSID));
  const els = parseElements(new Uint8Array([...buildElement(Eid.SSID, utf8("x")), ...list]));
  ok(probeWantsUs(els, SSID, true));
  ok(!probeWantsUs(parseElements(buildElement(Eid.SUPPORTED_RATES, [2])), SSID, false));
});

Deno.test("ApCore emits WPS-ENROLLEE-SEEN for a WPS Probe Request", () => {
  const env = setup();
  env.ap.handleFrame(probeFrame(STA1, {
    wps: probeWpsIe({ uuid: UUID1, pwId: 0, name: "Phone 1", methods: 0x4388 }),
  }));
  deepStrictEqual(env.host.events, [
    "WPS-ENROLLEE-SEEN 02:00:00:00:02:00 11112222-3333-4444-5555-666677778888 1-0050F204-1 " +
    "0x4388 0 1 [Phone 1]",
  ]);
  env.ap.handleFrame(
    probeFrame(STA1, { wps: probeWpsIe({ uuid: UUID1, pwId: 4, methods: 0x80 }) }),
  );
  equal(
    env.host.events[1],
    "WPS-ENROLLEE-SEEN 02:00:00:00:02:00 11112222-3333-4444-5555-666677778888 1-0050F204-1 " +
      "0x80 4 1 []",
  );
});

Deno.test("ApCore skips WPS probes naming another SSID", () => {
  const env = setup();
  env.ap.handleFrame(
    probeFrame(STA1, { ssid: utf8("Other"), wps: probeWpsIe({ uuid: UUID1, pwId: 4 }) }),
  );
  deepStrictEqual(env.host.events, []);
});

Deno.test("ApCore ignores the probes of a station its MAC ACL refuses, WPS included, as hostapd", () => {
  const pbc = (uuid: Uint8Array) => probeWpsIe({ uuid, pwId: 4 });
  for (
    const acl of [
      new MacAcl(1, parseMacAclFile("02:00:00:00:03:00\n")),
      new MacAcl(0, [], parseMacAclFile("02:00:00:00:02:00\n")),
    ]
  ) {
    const env = setup({}, {}, { acl });
    env.ap.handleFrame(probeFrame(STA1, { wps: pbc(UUID1) }));
    env.ap.handleFrame(probeFrame(STA1, { ssid: SSID, da: BSSID }));
    equal(env.host.frames().length, 0, "no Probe Response to the refused station");
    deepStrictEqual(env.host.events, [], "no WPS-ENROLLEE-SEEN for it");
    env.ap.handleFrame(probeFrame(STA2, { wps: pbc(UUID2) }));
    equal(env.host.frames().length, 1, "the accepted station is answered");
    ok(!env.wps.pbc.overlap(null), "the refused station's PBC probe made no overlap");
  }
});

Deno.test("no_probe_resp_if_max_sta=1 leaves a full BSS's broadcast probes from others unanswered", () => {
  const answered = (noProbeRespIfMaxSta: boolean) => {
    const env = setup({ maxStations: 1, noProbeRespIfMaxSta });
    env.ap.handleFrame(authFrame(STA1));
    const sent = () => env.host.take().filter((c) => c.op === "sendMgmt").length;
    sent();
    const out = [];
    env.ap.handleFrame(probeFrame(STA2, { wps: probeWpsIe({ uuid: UUID2, pwId: 4 }) }));
    out.push(sent());
    env.ap.handleFrame(probeFrame(STA2, { ssid: SSID, da: BSSID }));
    out.push(sent());
    env.ap.handleFrame(probeFrame(STA1));
    out.push(sent());
    return { out, seen: env.host.events.filter((e) => e.startsWith("WPS-ENROLLEE-SEEN")).length };
  };
  deepStrictEqual(answered(true), { out: [0, 1, 1], seen: 1 }, "broadcast from STA2 only dropped");
  deepStrictEqual(answered(false), { out: [1, 1, 1], seen: 1 });
});

Deno.test("ApCore reports each probe it answers as RX-PROBE-REQUEST, with the signal", () => {
  const env = setup({}, {}, { acl: new MacAcl(0, [], parseMacAclFile("02:00:00:00:03:00\n")) });
  env.ap.handleFrame(probeFrame(STA1), -42);
  env.ap.handleFrame(probeFrame(STA1, { ssid: utf8("Other") }), -40);
  env.ap.handleFrame(probeFrame(STA2), -41);
  env.ap.handleFrame(probeFrame(STA1, { ssid: SSID, da: BSSID }));
  deepStrictEqual(env.host.probeRx, [
    "RX-PROBE-REQUEST sa=02:00:00:00:02:00 signal=-42",
    "RX-PROBE-REQUEST sa=02:00:00:00:02:00 signal=0",
  ], "not for another SSID nor a refused station; a missing signal is 0");
  deepStrictEqual(env.host.events, [], "not among the ordinary events");
});

Deno.test("ApCore, as hostapd, leaves unanswered a probe without rates or sent on another 2.4 GHz channel", () => {
  const probe = (elements: Uint8Array[]) =>
    buildMgmtFrame(
      { subtype: MgmtSubtype.PROBE_REQ, da: BSSID, sa: STA1, bssid: BSSID },
      Uint8Array.from(elements.flatMap((e) => [...e])),
    );
  const ssid = buildElement(Eid.SSID, SSID);
  const rates = buildElement(Eid.SUPPORTED_RATES, [0x82, 0x84, 0x8b, 0x96]);
  const ds = (channel: number) => buildElement(Eid.DS_PARAMETER_SET, [channel]);
  const answers = (over: Parameters<typeof setup>[0], elements: Uint8Array[]) => {
    const env = setup(over);
    env.ap.handleFrame(probe(elements));
    return env.host.frames().length;
  };
  equal(answers({}, [ssid, rates]), 1);
  equal(answers({}, [ssid]), 0, "no Supported Rates");
  equal(answers({}, [ssid, rates, ds(1)]), 1, "the AP's channel (1)");
  equal(answers({}, [ssid, rates, ds(6)]), 0, "sent on channel 6");
  equal(answers({ hwMode: "a", channel: 36 }, [ssid, rates, ds(40)]), 1, "5 GHz: not checked");
});

Deno.test("formatEnrolleeSeen() needs UUID-E, Primary Device Type and Request Type", () => {
  const wps = parseProbeRequestWpsIe(extractWpsIe(probeWpsIe({ uuid: UUID1, pwId: 0 }))!)!;
  ok(formatEnrolleeSeen(STA1, wps));
  equal(formatEnrolleeSeen(STA1, { ...wps, requestType: undefined }), undefined);
  equal(formatEnrolleeSeen(STA1, { ...wps, uuidE: undefined }), undefined);
  equal(formatEnrolleeSeen(STA1, { ...wps, primaryDeviceType: undefined }), undefined);
});

Deno.test("PBC probes from two Enrollees make a real WpsContext detect the overlap", () => {
  const env = setup();
  env.ap.handleFrame(probeFrame(STA1, { wps: probeWpsIe({ uuid: UUID1, pwId: 4 }) }));
  deepStrictEqual(env.wpsEvents, []);
  ok(!env.wps.pbc.overlap(null), "one Enrollee is no overlap");
  env.ap.handleFrame(probeFrame(STA2, { wps: probeWpsIe({ uuid: UUID2, pwId: 4 }) }));
  deepStrictEqual(env.wpsEvents, ["WPS-OVERLAP-DETECTED "]);
  equal(env.wps.startPbc(), false, "WPS_PBC is refused during an overlap");
  const pin = setup();
  pin.ap.handleFrame(probeFrame(STA1, { wps: probeWpsIe({ uuid: UUID1, pwId: 0 }) }));
  pin.ap.handleFrame(probeFrame(STA2, { wps: probeWpsIe({ uuid: UUID2, pwId: 0 }) }));
  deepStrictEqual(pin.wpsEvents, [], "PIN probes are not PBC sessions");
});

Deno.test("ApCore probe responses follow the Selected Registrar state", () => {
  const env = setup();
  const sr = () => {
    env.host.take();
    env.ap.handleFrame(probeFrame(STA1));
    const f = env.host.frames()[0]!;
    const attrs = parseAttributes(extractWpsIe(f.body.subarray(12))!).map;
    return attrs.get(Attr.SELECTED_REGISTRAR)?.[0]?.value[0];
  };
  equal(sr(), undefined);
  env.wps.startPbc();
  equal(sr(), 1);
  env.clock.advance(120_000);
  equal(sr(), undefined, "the PBC walk time ended");
});

Deno.test("ApCore drops probes with a truncated element without answering", () => {
  const env = setup();
  const f = probeFrame(STA1);
  env.ap.handleFrame(Uint8Array.of(...f, Eid.SSID, 5, 1));
  deepStrictEqual(env.host.take(), []);
});

Deno.test("ApCore's cached Probe Response equals a fresh build for every station and state", () => {
  const env = setup();
  const probe = (sta: Uint8Array) => {
    env.host.take();
    env.ap.handleFrame(probeFrame(sta));
    return env.host.frames()[0]!;
  };
  const a = probe(STA1), b = probe(STA2);
  equal(toHex(a.da), toHex(STA1));
  equal(toHex(b.da), toHex(STA2), "the cached frame is readdressed, not reused as sent");
  equal(toHex(a.body), toHex(b.body));
  env.wps.startPbc();
  const c = probe(STA1);
  ok(toHex(c.body) !== toHex(a.body), "a WPS state change rebuilds the response");
  equal(toHex(probe(STA2).body), toHex(c.body));
});

Deno.test("ApCore answers a Probe Request whose WPS IE is malformed, ignoring the WPS part", () => {
  const env = setup();
  // A Primary Device Type of 7 octets: hostapd's WPS parser fails, the request is still answered.
  const tlvs = fromHex(
    "104a000110" + "103a000100" + "100800024288" + "10470010" + "11".repeat(16) +
      "10540007" + "00010050f20400" + "101200020004",
  );
  const ie = Uint8Array.of(0xdd, 4 + tlvs.length, 0x00, 0x50, 0xf2, 0x04, ...tlvs);
  env.ap.handleFrame(probeFrame(STA1, { wps: ie }));
  const frames = env.host.frames();
  equal(frames.length, 1);
  equal(frames[0]!.subtype, MgmtSubtype.PROBE_RESP);
  deepStrictEqual(env.wpsEvents, []);
});
