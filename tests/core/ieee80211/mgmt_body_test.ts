import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import { buildElement, Eid, FrameDecodeError } from "../../../core/ieee80211/element_list.ts";
import {
  buildAssocRequest,
  buildAssocResponse,
  buildAuth,
  buildBeaconBody,
  buildReason,
  parseAssocRequest,
  parseAssocResponse,
  parseAuth,
  parseBeaconBody,
  parseReason,
} from "../../../core/ieee80211/mgmt_body.ts";
import { buildMgmtFrame, MgmtSubtype } from "../../../core/ieee80211/frame.ts";
import { dissect, HAVE_TSHARK } from "../ap/_tshark.ts";

const AP = fromHex("020000000100");
const STA = fromHex("020000000200");
const SSID_EL = buildElement(Eid.SSID, new TextEncoder().encode("net"));

Deno.test("buildAuth() lays out algorithm, sequence and status little-endian", () => {
  // IEEE 802.11-2020 9.3.3.12: Algorithm Number, Transaction Sequence, Status Code.
  equal(toHex(buildAuth(0, 1, 0)), "000001000000");
  equal(toHex(buildAuth(1, 2, 13)), "010002000d00");
  deepStrictEqual(parseAuth(fromHex("000002000000")), {
    algorithm: 0,
    transaction: 2,
    status: 0,
    elements: [],
  });
  const withChallenge = parseAuth(fromHex("01000200000010" + "02abcd"));
  deepStrictEqual(withChallenge.elements.map((e) => [e.id, toHex(e.body)]), [[16, "abcd"]]);
  const sae = parseAuth(fromHex("030001000000" + "1300ffee"));
  equal(sae.elements[0]!.id, -1, "SAE fields stay one raw block");
});

Deno.test("(Re)Association Request round-trips with and without Current AP", () => {
  const assoc = buildAssocRequest({ capability: 0x0431, listenInterval: 10 }, SSID_EL);
  equal(toHex(assoc.subarray(0, 4)), "31040a00");
  const a = parseAssocRequest(assoc, false);
  deepStrictEqual([a.capability, a.listenInterval, a.currentAp], [0x0431, 10, undefined]);
  equal(toHex(a.rawElements), toHex(SSID_EL));
  const re = buildAssocRequest({ capability: 1, listenInterval: 3, currentAp: AP }, SSID_EL);
  const r = parseAssocRequest(re, true);
  equal(toHex(r.currentAp!), toHex(AP));
  deepStrictEqual(r.elements.map((e) => e.id), [0]);
  throws(
    () =>
      buildAssocRequest({ capability: 1, listenInterval: 1, currentAp: AP.subarray(1) }, SSID_EL),
    RangeError,
  );
});

Deno.test("(Re)Association Response sets the AID's two high bits and strips them on parse", () => {
  const b = buildAssocResponse({ capability: 0x0411, status: 0, aid: 2007 }, new Uint8Array(0));
  equal(toHex(b), "11040000d7c7");
  deepStrictEqual(parseAssocResponse(b), {
    capability: 0x0411,
    status: 0,
    aid: 2007,
    elements: [],
  });
  equal(
    toHex(buildAssocResponse({ capability: 1, status: 17, aid: 0 }, new Uint8Array(0))),
    "010011000000",
  );
  throws(
    () => buildAssocResponse({ capability: 1, status: 0, aid: 2008 }, new Uint8Array(0)),
    RangeError,
  );
});

Deno.test("Beacon body and reason codes round-trip", () => {
  const body = buildBeaconBody({
    timestamp: 0x0102030405060708n,
    beaconInterval: 100,
    capability: 0x11,
  }, SSID_EL);
  equal(toHex(body.subarray(0, 12)), "080706050403020164001100");
  const p = parseBeaconBody(body);
  deepStrictEqual([p.timestamp, p.beaconInterval, p.capability], [0x0102030405060708n, 100, 0x11]);
  equal(parseReason(buildReason(23)), 23);
  equal(toHex(buildReason(0x1234)), "3412");
});

Deno.test("Body parsers reject every strict prefix of their fixed fields", () => {
  const cases: [string, Uint8Array, (b: Uint8Array) => unknown][] = [
    ["auth", buildAuth(0, 1, 0), parseAuth],
    [
      "assoc",
      buildAssocRequest({ capability: 1, listenInterval: 1 }, new Uint8Array(0)),
      (b) => parseAssocRequest(b, false),
    ],
    [
      "reassoc",
      buildAssocRequest({ capability: 1, listenInterval: 1, currentAp: AP }, new Uint8Array(0)),
      (b) => parseAssocRequest(b, true),
    ],
    [
      "assoc resp",
      buildAssocResponse({ capability: 1, status: 0, aid: 1 }, new Uint8Array(0)),
      parseAssocResponse,
    ],
    [
      "beacon",
      buildBeaconBody({ timestamp: 0n, beaconInterval: 100, capability: 1 }, new Uint8Array(0)),
      parseBeaconBody,
    ],
    ["reason", buildReason(1), parseReason],
  ];
  for (const [name, full, parse] of cases) {
    parse(full);
    for (let n = 0; n < full.length; n++) {
      throws(() => parse(full.subarray(0, n)), FrameDecodeError, `${name} prefix ${n}`);
    }
  }
});

Deno.test("Body parsers throw only FrameDecodeError on random input", () => {
  const parsers = [
    parseAuth,
    (b: Uint8Array) => parseAssocRequest(b, false),
    (b: Uint8Array) => parseAssocRequest(b, true),
    parseAssocResponse,
    parseBeaconBody,
    parseReason,
  ];
  let decoded = 0;
  for (let i = 0; i < 3000; i++) {
    const b = crypto.getRandomValues(new Uint8Array(Math.floor(Math.random() * 40)));
    for (const parse of parsers) {
      try {
        parse(b);
        decoded++;
      } catch (e) {
        ok(e instanceof FrameDecodeError, String(e));
      }
    }
  }
  ok(decoded > 0);
});

Deno.test("tshark dissects station frames built with these codecs field by field", {
  ignore: !HAVE_TSHARK,
}, () => {
  const f = (subtype: number, body: Uint8Array, da = AP, sa = STA) =>
    buildMgmtFrame({ subtype, da, sa, bssid: AP }, body);
  const rates = buildElement(Eid.SUPPORTED_RATES, [0x82, 0x84, 0x8b, 0x96]);
  const els = new Uint8Array([...SSID_EL, ...rates]);
  const frames = [
    f(MgmtSubtype.AUTH, buildAuth(0, 1, 0)),
    f(MgmtSubtype.ASSOC_REQ, buildAssocRequest({ capability: 0x0431, listenInterval: 10 }, els)),
    f(
      MgmtSubtype.REASSOC_REQ,
      buildAssocRequest({ capability: 0x0021, listenInterval: 5, currentAp: AP }, els),
    ),
    f(MgmtSubtype.DEAUTH, buildReason(23), STA, AP),
    f(MgmtSubtype.DISASSOC, buildReason(8)),
    f(
      MgmtSubtype.ASSOC_RESP,
      buildAssocResponse({ capability: 0x0401, status: 42, aid: 0 }, rates),
      STA,
      AP,
    ),
  ];
  const rows = dissect(frames, [
    "wlan.fc.type_subtype",
    "wlan.da",
    "wlan.sa",
    "wlan.bssid",
    "wlan.fixed.auth.alg",
    "wlan.fixed.auth_seq",
    "wlan.fixed.status_code",
    "wlan.fixed.capabilities",
    "wlan.fixed.listen_ival",
    "wlan.fixed.current_ap",
    "wlan.fixed.reason_code",
    "wlan.ssid",
    "wlan.supported_rates",
  ]);
  const pick = (i: number, ...keys: string[]) => keys.map((k) => rows[i]![k]);
  for (const r of rows) {
    equal(`${r["_ws.malformed"]}${r["_ws.expert.message"]}`, "", "clean dissection");
  }
  deepStrictEqual(
    pick(
      0,
      "wlan.fc.type_subtype",
      "wlan.fixed.auth.alg",
      "wlan.fixed.auth_seq",
      "wlan.fixed.status_code",
    ),
    ["0x000b", "0", "0x0001", "0x0000"],
  );
  deepStrictEqual(pick(0, "wlan.da", "wlan.sa", "wlan.bssid"), [
    "02:00:00:00:01:00",
    "02:00:00:00:02:00",
    "02:00:00:00:01:00",
  ]);
  deepStrictEqual(
    pick(
      1,
      "wlan.fc.type_subtype",
      "wlan.fixed.capabilities",
      "wlan.fixed.listen_ival",
      "wlan.ssid",
      "wlan.supported_rates",
    ),
    ["0x0000", "0x0431", "0x000a", "6e6574", "0x82,0x84,0x8b,0x96"],
  );
  deepStrictEqual(
    pick(
      2,
      "wlan.fc.type_subtype",
      "wlan.fixed.capabilities",
      "wlan.fixed.listen_ival",
      "wlan.fixed.current_ap",
    ),
    ["0x0002", "0x0021", "0x0005", "02:00:00:00:01:00"],
  );
  deepStrictEqual(pick(3, "wlan.fc.type_subtype", "wlan.fixed.reason_code", "wlan.da"), [
    "0x000c",
    "0x0017",
    "02:00:00:00:02:00",
  ]);
  deepStrictEqual(pick(4, "wlan.fc.type_subtype", "wlan.fixed.reason_code"), ["0x000a", "0x0008"]);
  deepStrictEqual(
    pick(5, "wlan.fc.type_subtype", "wlan.fixed.status_code", "wlan.fixed.capabilities"),
    ["0x0001", "0x002a", "0x0401"],
  );
});
