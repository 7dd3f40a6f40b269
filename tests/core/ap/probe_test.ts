import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fromHex, toHex, utf8 } from "../../../core/bytes.ts";
import { Eid, findElement, parseElements } from "../../../core/ieee80211/element_list.ts";
import { parseBeaconBody } from "../../../core/ieee80211/mgmt_body.ts";
import { MgmtSubtype } from "../../../core/ieee80211/frame.ts";
import { formatEnrolleeSeen, probeWantsUs } from "../../../core/ap/probe.ts";
import { buildElement } from "../../../core/ieee80211/element_list.ts";
import { extractWpsIe, parseProbeRequestWpsIe } from "../../../core/wps/ie.ts";
import { parseAttributes } from "../../../core/wps/attributes.ts";
import { Attr } from "../../../core/wps/constants.ts";
import { BSSID, probeFrame, probeWpsIe, setup, SSID, STA1, STA2 } from "./_station.ts";

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
