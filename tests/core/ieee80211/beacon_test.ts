import { deepStrictEqual as assertEquals, equal, throws } from "node:assert/strict";
import { buildBeacon, buildProbeResponse, Capability } from "../../../core/ieee80211/beacon.ts";
import { element, ElementId, parseElements, ssidOf } from "../../../core/ieee80211/elements.ts";
import { MgmtSubtype, parseMgmtFrame } from "../../../core/ieee80211/frame.ts";

const bssid = Uint8Array.of(2, 0, 0, 0, 0, 0);
const ssid = new TextEncoder().encode("tsapd-nl");

Deno.test("buildBeacon() head is header, fixed fields, SSID, rates and DS Parameter Set", () => {
  const { head, tail } = buildBeacon({ bssid, ssid, channel: 6, beaconInterval: 200 });
  const f = parseMgmtFrame(head);
  equal(f.subtype, MgmtSubtype.BEACON);
  assertEquals(f.da, new Uint8Array(6).fill(0xff));
  assertEquals([f.sa, f.bssid], [bssid, bssid]);
  const v = new DataView(f.body.buffer, f.body.byteOffset);
  equal(v.getUint16(8, true), 200);
  equal(v.getUint16(10, true), Capability.ESS);
  const els = parseElements(f.body.subarray(12));
  assertEquals(els.map((e) => e.id), [
    ElementId.SSID,
    ElementId.SUPPORTED_RATES,
    ElementId.DS_PARAMETER_SET,
  ]);
  assertEquals(ssidOf(els), ssid);
  assertEquals([...els[1]!.data], [0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]);
  assertEquals([...els[2]!.data], [6]);
  // The tail starts after the TIM: ERP, then the four remaining rates.
  assertEquals(parseElements(tail).map((e) => [e.id, e.data.length]), [[42, 1], [50, 4]]);
});

Deno.test("buildBeacon() hides the SSID as hostapd's ignore_broadcast_ssid does", () => {
  const empty = parseElements(
    parseMgmtFrame(buildBeacon({ bssid, ssid, channel: 1, hidden: "empty" }).head).body.subarray(
      12,
    ),
  );
  equal(ssidOf(empty)?.length, 0);
  const zeros = parseElements(
    parseMgmtFrame(buildBeacon({ bssid, ssid, channel: 1, hidden: "zeros" }).head).body.subarray(
      12,
    ),
  );
  assertEquals(ssidOf(zeros), new Uint8Array(ssid.length));
});

Deno.test("buildBeacon() appends the caller's elements to the tail and skips ERP on 5 GHz", () => {
  const rsn = element(ElementId.RSN, new Uint8Array(18));
  const { tail } = buildBeacon({
    bssid,
    ssid,
    channel: 36,
    rates: [0x8c, 0x12, 0x98],
    tailElements: rsn,
  });
  assertEquals(parseElements(tail).map((e) => e.id), [ElementId.RSN]);
});

Deno.test("buildProbeResponse() answers the station with the real SSID and the tail", () => {
  const sta = Uint8Array.of(2, 0, 0, 0, 1, 0);
  const f = parseMgmtFrame(buildProbeResponse({ bssid, ssid, channel: 1, hidden: "empty" }, sta));
  equal(f.subtype, MgmtSubtype.PROBE_RESP);
  assertEquals(f.da, sta);
  const els = parseElements(f.body.subarray(12));
  assertEquals(ssidOf(els), ssid);
  assertEquals(els.map((e) => e.id), [0, 1, 3, 42, 50]);
});

Deno.test("buildBeacon() rejects an SSID longer than 32 bytes", () => {
  throws(() => buildBeacon({ bssid, ssid: new Uint8Array(33), channel: 1 }), RangeError);
});

Deno.test("parseElements() rejects an element that overruns the body", () => {
  throws(() => parseElements(Uint8Array.of(0, 5, 1, 2)), RangeError);
  throws(() => parseElements(Uint8Array.of(0, 0, 1)), RangeError);
  throws(() => element(0, new Uint8Array(256)), RangeError);
});
