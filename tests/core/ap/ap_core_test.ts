import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { formatMac, fromHex, toHex } from "../../../core/bytes.ts";
import { buildMgmtFrame, MgmtSubtype } from "../../../core/ieee80211/frame.ts";
import { Eid, findElement, parseElements } from "../../../core/ieee80211/element_list.ts";
import {
  parseAssocResponse,
  parseAuth,
  parseBeaconBody,
  parseReason,
} from "../../../core/ieee80211/mgmt_body.ts";
import { AkmSuite, buildRsnElement, CipherSuite, RsnCapability } from "../../../core/wpa/rsn_ie.ts";
import { buildSaQuery, parseSaQuery, SaQueryAction } from "../../../core/ap/sa_query.ts";
import { Prng } from "../../fuzz/_prng.ts";
import { extractWpsIe } from "../../../core/wps/ie.ts";
import { parseAttributes } from "../../../core/wps/attributes.ts";
import { Attr } from "../../../core/wps/constants.ts";
import { formatStaBlock } from "../../../core/ctrl/sta.ts";
import { MacAcl, parseMacAclFile } from "../../../core/ap/mac_acl.ts";
import {
  AP_RSN,
  assocFrame,
  authFrame,
  BSSID,
  type HostCall,
  leaveFrame,
  setup,
  STA1,
  STA2,
  staWpsIe,
} from "./_station.ts";

const STA3 = fromHex("020000000400");

function staRsn(
  pairwise: number = CipherSuite.CCMP,
  akm: number = AkmSuite.PSK,
  capabilities = 0,
): Uint8Array {
  return buildRsnElement({
    version: 1,
    groupCipher: CipherSuite.CCMP,
    pairwiseCiphers: [pairwise],
    akms: [akm],
    capabilities,
    pmkids: [],
  });
}

/** A WPA2-PSK CCMP element with these RSN Capabilities (MFPC, MFPR). */
const mfpRsn = (capabilities: number) => staRsn(CipherSuite.CCMP, AkmSuite.PSK, capabilities);

/** Runs auth + assoc and returns the parsed response plus the calls made. */
function join(env: ReturnType<typeof setup>, sta: Uint8Array, o: Parameters<typeof assocFrame>[1]) {
  env.ap.handleFrame(authFrame(sta));
  const auth = env.host.frames()[0]!;
  equal(parseAuth(auth.body).status, 0, "authentication accepted");
  env.host.take();
  env.ap.handleFrame(assocFrame(sta, o));
  const frames = env.host.frames();
  const calls = env.host.take();
  const resp = frames.find((f) =>
    f.subtype === MgmtSubtype.ASSOC_RESP || f.subtype === MgmtSubtype.REASSOC_RESP
  );
  return { resp: resp ? parseAssocResponse(resp.body) : undefined, frame: resp, calls };
}

Deno.test("ApCore answers open-system authentication with sequence 2 and status 0", () => {
  const env = setup();
  env.ap.handleFrame(authFrame(STA1));
  const [f] = env.host.frames();
  ok(f);
  equal(f.subtype, MgmtSubtype.AUTH);
  equal(formatMac(f.da), formatMac(STA1));
  deepStrictEqual(parseAuth(f.body), { algorithm: 0, transaction: 2, status: 0, elements: [] });
  deepStrictEqual([...env.ap.stations.get(STA1)!.flags], ["AUTH"]);
});

Deno.test("ApCore refuses shared key, unknown sequence and disabled open system", async (t) => {
  await t.step("shared key gets status 13", () => {
    const env = setup();
    env.ap.handleFrame(authFrame(STA1, 1));
    equal(parseAuth(env.host.frames()[0]!.body).status, 13);
    equal(env.ap.stations.size, 0);
  });
  await t.step("transaction 3 gets status 14", () => {
    const env = setup();
    env.ap.handleFrame(authFrame(STA1, 0, 3));
    const a = parseAuth(env.host.frames()[0]!.body);
    deepStrictEqual([a.transaction, a.status], [4, 14]);
  });
  await t.step("auth_algs=2 refuses open system with status 13", () => {
    const env = setup({ authAlgs: 2 });
    env.ap.handleFrame(authFrame(STA1));
    equal(parseAuth(env.host.frames()[0]!.body).status, 13);
  });
});

Deno.test("ApCore rejects a denied MAC with status 1 and admits accepted ones", () => {
  const deny = parseMacAclFile("02:00:00:00:02:00\n");
  const env = setup({}, {}, { acl: new MacAcl(0, [], deny) });
  env.ap.handleFrame(authFrame(STA1));
  env.ap.handleFrame(authFrame(STA2));
  const st = env.host.frames().map((f) => parseAuth(f.body).status);
  deepStrictEqual(st, [1, 0]);
  equal(env.ap.stations.get(STA1), undefined);

  const only = setup({ macaddrAcl: 1 }, {}, {
    acl: new MacAcl(1, parseMacAclFile("02:00:00:00:03:00\n")),
  });
  only.ap.handleFrame(authFrame(STA1));
  only.ap.handleFrame(authFrame(STA2));
  deepStrictEqual(only.host.frames().map((f) => parseAuth(f.body).status), [1, 0]);
  equal(only.ap.stations.get(STA2)!.vlanId, 0);
});

Deno.test("ApCore refuses a station its accept list puts on a VLAN, which tsapd does not run", () => {
  // hostapd refuses an invalid VLAN at authentication; letting the station onto the untagged
  // LAN would undo the separation the file asks for.
  for (const mode of [0, 1]) {
    const env = setup({ macaddrAcl: mode }, {}, {
      acl: new MacAcl(mode, parseMacAclFile("02:00:00:00:03:00 7\n02:00:00:00:02:00 0\n")),
    });
    env.ap.handleFrame(authFrame(STA2));
    env.ap.handleFrame(authFrame(STA1));
    deepStrictEqual(env.host.frames().map((f) => parseAuth(f.body).status), [1, 0]);
    equal(env.ap.stations.get(STA2), undefined);
  }
});

Deno.test("ApCore re-authorizes an open network's station that associates again", () => {
  // The driver replaces the kernel entry on a reassociation, unauthorized: without a new
  // SET_STATION the station's data would be dropped for good.
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 });
  join(env, STA1, {});
  env.host.take();
  env.ap.handleFrame(assocFrame(STA1, { reassoc: true }));
  const calls = env.host.take().filter((c) => c.op === "addStation" || c.op === "setAuthorized");
  deepStrictEqual(calls.map((c) => c.op === "setAuthorized" ? `auth ${c.authorized}` : c.op), [
    "addStation",
    "auth true",
  ]);
  deepStrictEqual(env.host.events, ["AP-STA-CONNECTED 02:00:00:00:02:00"]);
});

Deno.test("ApCore.setAcl() deauthenticates stations the new policy rejects", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 });
  join(env, STA1, {});
  env.ap.setAcl(new MacAcl(0, [], parseMacAclFile("02:00:00:00:02:00")));
  const [f] = env.host.frames();
  equal(f!.subtype, MgmtSubtype.DEAUTH);
  equal(parseReason(f!.body), 1);
  deepStrictEqual(env.host.events, [
    "AP-STA-CONNECTED 02:00:00:00:02:00",
    "AP-STA-DISCONNECTED 02:00:00:00:02:00",
  ]);
});

Deno.test("ApCore deauthenticates a station that associates before authenticating", () => {
  const env = setup();
  env.ap.handleFrame(assocFrame(STA1, { rsn: staRsn() }));
  const [f] = env.host.frames();
  equal(f!.subtype, MgmtSubtype.DEAUTH);
  equal(parseReason(f!.body), 6);
  equal(env.ap.stations.size, 0);
});

Deno.test("ApCore associates an RSN station, then starts the 4-way handshake", () => {
  const env = setup();
  const rsn = staRsn();
  const { resp, frame, calls } = join(env, STA1, { rsn, wmm: true });
  ok(resp && frame);
  equal(resp.status, 0);
  equal(resp.aid, 1);
  equal(frame.body[4], 0x01);
  equal(frame.body[5], 0xc0, "AID carries the two high bits");
  ok(findElement(resp.elements, Eid.SUPPORTED_RATES));
  equal(extractWpsIe(frame.body.subarray(6)), undefined, "no WPS IE for an RSN station");
  const add = calls.find((c) => c.op === "addStation");
  ok(add && add.op === "addStation");
  equal(add.aid, 1);
  equal(add.listenInterval, 10);
  equal(add.flags.wmm, true);
  const start = calls.find((c) => c.op === "startEapol");
  ok(start && start.op === "startEapol");
  equal(start.kind, "wpa");
  deepStrictEqual(start.info.rsnElement, rsn);
  deepStrictEqual(env.host.events, [], "not connected before the 4-way handshake");
  ok(env.ap.authorize(STA1, " keyid=k1"));
  deepStrictEqual(env.host.events, ["AP-STA-CONNECTED 02:00:00:00:02:00 keyid=k1"]);
  deepStrictEqual(env.host.take().filter((c) => c.op === "setAuthorized"), [
    { op: "setAuthorized", mac: "02:00:00:00:02:00", authorized: true },
  ]);
});

Deno.test("ApCore rejects RSN mismatches with the RSN status codes", async (t) => {
  const cases: [string, Parameters<typeof assocFrame>[1], number][] = [
    ["TKIP pairwise", { rsn: staRsn(CipherSuite.TKIP) }, 42],
    ["802.1X AKM", { rsn: staRsn(CipherSuite.CCMP, AkmSuite.IEEE8021X) }, 43],
    ["version-only element (default AKM 802.1X)", { rsn: Uint8Array.of(48, 2, 1, 0) }, 43],
    ["garbage element", { rsn: Uint8Array.of(48, 3, 1, 0, 0) }, 40],
  ];
  for (const [name, o, status] of cases) {
    await t.step(`${name} gives status ${status}`, () => {
      const env = setup({ wpsState: 0 });
      const { resp, calls } = join(env, STA1, o);
      equal(resp!.status, status);
      equal(calls.some((c) => c.op === "addStation"), status === 0);
    });
  }
  await t.step("no RSN element in a WPA network without WPS gives status 40", () => {
    const env = setup({ wpsState: 0 });
    const { resp } = join(env, STA1, {});
    equal(resp!.status, 40);
    equal(resp!.aid, 0);
    ok(!env.ap.stations.get(STA1)!.flags.has("ASSOC"));
  });
});

Deno.test("ApCore admits a station with a WPS IE for EAP-WSC only", () => {
  const env = setup();
  const { resp, frame, calls } = join(env, STA1, { wps: staWpsIe() });
  equal(resp!.status, 0);
  const sta = env.ap.stations.get(STA1)!;
  ok(sta.flags.has("WPS") && sta.flags.has("WPS2"));
  const start = calls.find((c) => c.op === "startEapol");
  ok(start && start.op === "startEapol");
  equal(start.kind, "wps");
  deepStrictEqual(start.info, { rsnElement: undefined, wps2: true, maybeWps: false });
  // Reference 6.4: the response carries Version 0x10, Response Type 3 and WFA Version2.
  const tlvs = extractWpsIe(frame!.body.subarray(6));
  ok(tlvs);
  const attrs = parseAttributes(tlvs).map;
  deepStrictEqual(attrs.get(Attr.VERSION)![0]!.value, Uint8Array.of(0x10));
  deepStrictEqual(attrs.get(Attr.RESPONSE_TYPE)![0]!.value, Uint8Array.of(3));
  ok(attrs.get(Attr.VENDOR_EXT));
  equal(env.host.events.length, 0, "a WPS-only station is never authorized");
  ok(
    formatStaBlock(env.ap.stationInfos()[0]!).includes(
      "flags=[AUTH][ASSOC][SHORT_PREAMBLE][WPS][WPS2]\n",
    ),
  );
});

Deno.test("ApCore flags MAYBE_WPS when neither WPS nor RSN element is present", () => {
  const env = setup();
  const { resp, frame, calls } = join(env, STA1, { wps: undefined });
  equal(resp!.status, 0);
  ok(env.ap.stations.get(STA1)!.flags.has("MAYBE_WPS"));
  ok(extractWpsIe(frame!.body.subarray(6)), "MAYBE_WPS stations get the WPS IE");
  const start = calls.find((c) => c.op === "startEapol");
  ok(start && start.op === "startEapol" && start.kind === "wps" && start.info.maybeWps);
});

Deno.test("ApCore deauthenticates 10 ms after the WPS EAP-Failure with reason 23", () => {
  const env = setup();
  join(env, STA1, { wps: staWpsIe(false) });
  ok(!env.ap.stations.get(STA1)!.flags.has("WPS2"), "WPS 1.0 IE has no Version2");
  env.ap.wpsEapFinished(STA1);
  env.clock.advance(9);
  deepStrictEqual(env.host.take(), []);
  env.clock.advance(1);
  const calls = env.host.take();
  const f = env.host.frames();
  deepStrictEqual(calls.map((c) => c.op), ["sendMgmt", "removeStation"]);
  const deauth = calls[0]!.op === "sendMgmt" ? calls[0]!.frame : undefined;
  ok(deauth);
  deepStrictEqual(Array.from(deauth.subarray(24)), [23, 0]);
  equal(f.length, 0);
  equal(env.ap.stations.size, 0);
  deepStrictEqual(env.host.events, []);
});

Deno.test("WPS_CANCEL through a real WpsContext deauthenticates WPS stations with reason 2", () => {
  const env = setup();
  join(env, STA1, { wps: staWpsIe() });
  join(env, STA2, { rsn: staRsn() });
  env.wps.cancel();
  const frames = env.host.frames();
  equal(frames.length, 1);
  equal(formatMac(frames[0]!.da), formatMac(STA1));
  equal(parseReason(frames[0]!.body), 2);
  ok(env.ap.stations.get(STA2), "the RSN station stays");
  ok(env.host.events.includes("WPS-CANCEL "));
});

Deno.test("ApCore authorizes open-network stations at association and reports departures", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 });
  const { resp, calls } = join(env, STA1, {});
  equal(resp!.status, 0);
  deepStrictEqual(env.host.events, ["AP-STA-CONNECTED 02:00:00:00:02:00"]);
  deepStrictEqual(calls.map((c) => c.op), [
    "addStation",
    "sendMgmt",
    "setAuthorized",
    "startEapol",
  ]);
  const start = calls.at(-1)!;
  ok(start.op === "startEapol" && start.kind === "none");
  env.ap.handleFrame(leaveFrame(STA1, false));
  deepStrictEqual(env.host.events.at(-1), "AP-STA-DISCONNECTED 02:00:00:00:02:00");
  deepStrictEqual(env.host.take().map((c) => c.op), ["removeStation"]);
  equal(env.ap.stations.size, 0);
});

Deno.test("ApCore keeps a disassociated station authenticated and reuses freed AIDs", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 });
  equal(join(env, STA1, {}).resp!.aid, 1);
  equal(join(env, STA2, {}).resp!.aid, 2);
  env.ap.handleFrame(leaveFrame(STA1, true, 8));
  // As hostapd: only ASSOC (and the port) go; STA shows [AUTH][SHORT_PREAMBLE].
  deepStrictEqual([...env.ap.stations.get(STA1)!.flags], ["AUTH", "SHORT_PREAMBLE"]);
  equal(env.ap.stations.get(STA1)!.aid, 0);
  deepStrictEqual(env.host.take().map((c) => c.op), ["removeStation"]);
  equal(join(env, STA3, {}).resp!.aid, 1, "the lowest free AID is handed out again");
  env.ap.handleFrame(assocFrame(STA1, {}));
  equal(parseAssocResponse(env.host.frames()[0]!.body).aid, 3);
});

Deno.test("ApCore reassociation keeps the AID and restarts the security association", () => {
  const env = setup();
  join(env, STA1, { rsn: staRsn() });
  env.ap.authorize(STA1);
  env.host.take();
  env.ap.handleFrame(assocFrame(STA1, { rsn: staRsn(), reassoc: true }));
  const [f] = env.host.frames();
  equal(f!.subtype, MgmtSubtype.REASSOC_RESP);
  equal(parseAssocResponse(f!.body).aid, 1);
  deepStrictEqual(env.host.events, [
    "AP-STA-CONNECTED 02:00:00:00:02:00",
    "AP-STA-DISCONNECTED 02:00:00:00:02:00",
  ]);
});

Deno.test("ApCore rejects a wrong SSID, missing rates and a too long listen interval", () => {
  const env = setup({ maxListenInterval: 100 });
  equal(
    join(env, STA1, { rsn: staRsn(), ssid: new TextEncoder().encode("Other") }).resp!.status,
    1,
  );
  equal(join(env, STA1, { rsn: staRsn(), rates: [] }).resp!.status, 1);
  equal(join(env, STA1, { rsn: staRsn(), listenInterval: 101 }).resp!.status, 51);
});

Deno.test("ApCore refuses new stations beyond max_num_sta with status 17", () => {
  const env = setup({ maxStations: 1 });
  env.ap.handleFrame(authFrame(STA1));
  env.ap.handleFrame(authFrame(STA2));
  deepStrictEqual(env.host.frames().map((f) => parseAuth(f.body).status), [0, 17]);
});

Deno.test("ApCore marks 802.11b-only stations NonERP and turns on ERP protection", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 });
  equal(env.ap.beacon().tail[2], 0x04, "ERP element opens the tail; Barker mode by default");
  const { calls } = join(env, STA1, { rates: [0x82, 0x84, 0x0b, 0x16], capability: 0x0001 });
  ok(calls.some((c) => c.op === "beaconChanged"));
  ok(env.ap.stations.get(STA1)!.flags.has("NonERP"));
  const b = env.ap.beacon();
  deepStrictEqual(Array.from(b.tail.subarray(0, 3)), [Eid.ERP, 1, 0x07]);
  const body = parseBeaconBody(b.head.subarray(24));
  equal(body.capability & 0x0400, 0, "short slot time off with a long-slot station");
  env.ap.handleFrame(leaveFrame(STA1, false));
  deepStrictEqual(Array.from(env.ap.beacon().tail.subarray(0, 3)), [Eid.ERP, 1, 0x04]);
});

Deno.test("ApCore flags no station NonERP in an 802.11b BSS (no ERP to protect)", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0, hwMode: "b" });
  join(env, STA1, { rates: [0x82, 0x84, 0x0b, 0x16], capability: 0x0001 });
  ok(env.ap.stations.get(STA1)!.flags.has("ASSOC"));
  ok(!env.ap.stations.get(STA1)!.flags.has("NonERP"));
});

Deno.test("ApCore with preamble=1 drops Barker mode until a long-preamble station joins", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0, shortPreamble: true });
  const erp = () => env.ap.beacon().tail[2];
  equal(erp(), 0);
  equal(parseBeaconBody(env.ap.beacon().head.subarray(24)).capability & 0x0020, 0x0020);
  join(env, STA1, {});
  equal(erp(), 0, "a short-preamble station keeps it off");
  join(env, STA2, { capability: 0x0401 });
  equal(erp(), 0x04);
  equal(parseBeaconBody(env.ap.beacon().head.subarray(24)).capability & 0x0020, 0);
});

Deno.test("ApCore.stationInfos() reports flags, AID, rates and connected_time", () => {
  const env = setup();
  join(env, STA1, { rsn: staRsn(), wmm: true });
  env.ap.authorize(STA1);
  env.clock.advance(5_500);
  const text = formatStaBlock(env.ap.stationInfos()[0]!);
  equal(
    text,
    "02:00:00:00:02:00\nflags=[AUTH][ASSOC][AUTHORIZED][SHORT_PREAMBLE][WMM]\naid=1\n" +
      "capability=0x421\nlisten_interval=10\n" +
      "supported_rates=82 84 8b 96 0c 12 18 24 30 48 60 6c\ntimeout_next=NULLFUNC POLL\n" +
      "connected_time=5\n",
  );
});

Deno.test("ApCore ignores frames for other BSSs and drops malformed ones", () => {
  const env = setup();
  const other = authFrame(STA1);
  other[16] = 0x12; // BSSID
  other[4] = 0x12; // DA
  env.ap.handleFrame(other);
  env.ap.handleFrame(new Uint8Array(10));
  const short = assocFrame(STA1).subarray(0, 26);
  env.ap.handleFrame(authFrame(STA1));
  env.host.take();
  env.ap.handleFrame(short);
  const cut = assocFrame(STA1, { rsn: AP_RSN });
  env.ap.handleFrame(cut.subarray(0, cut.length - 3));
  deepStrictEqual(env.host.take(), []);
  equal(parseElements(new Uint8Array(0)).length, 0);
});

Deno.test("ApCore with awaitAssocAck starts the port only on an acknowledged response", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 }, {}, { awaitAssocAck: true });
  const { calls } = join(env, STA1, {});
  deepStrictEqual(calls.map((c) => c.op), ["addStation", "sendMgmt"]);
  deepStrictEqual(env.host.events, []);
  const resp = calls[1]!.op === "sendMgmt" ? calls[1]!.frame : new Uint8Array();
  env.ap.txStatus(resp, true);
  deepStrictEqual(env.host.take().map((c) => c.op), ["setAuthorized", "startEapol"]);
  deepStrictEqual(env.host.events, ["AP-STA-CONNECTED 02:00:00:00:02:00"]);
  env.ap.txStatus(resp, true);
  deepStrictEqual(env.host.take(), [], "a repeated status changes nothing");

  const lost = join(env, STA2, {});
  const resp2 = lost.calls[1]!.op === "sendMgmt" ? lost.calls[1]!.frame : new Uint8Array();
  env.ap.txStatus(resp2, false);
  deepStrictEqual(env.host.take().map((c) => c.op), ["removeStation"]);
  deepStrictEqual([...env.ap.stations.get(STA2)!.flags], ["AUTH", "SHORT_PREAMBLE"]);
  equal(env.ap.stations.get(STA2)!.aid, 0);
});

Deno.test("ApCore.kick() deauthenticates or disassociates like hostapd's control commands", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 });
  join(env, STA1, {});
  join(env, STA2, {});
  env.host.take();
  env.host.events.length = 0;

  env.ap.kick("disassoc", STA1, 8, true);
  let frames = env.host.frames();
  equal(frames.length, 1);
  equal(frames[0]!.subtype, MgmtSubtype.DISASSOC);
  equal(parseReason(frames[0]!.body), 8);
  deepStrictEqual(
    [...env.ap.stations.get(STA1)!.flags],
    ["AUTH", "SHORT_PREAMBLE"],
    "still authenticated",
  );
  deepStrictEqual(env.host.events, ["AP-STA-DISCONNECTED 02:00:00:00:02:00"]);
  env.host.take();

  env.ap.kick("deauth", STA2, 2, false);
  equal(env.host.frames().length, 0, "tx=0 sends no frame");
  equal(env.ap.stations.get(STA2), undefined);
  deepStrictEqual(env.host.take().map((c) => c.op), ["removeStation"]);

  // An unknown station still gets the frame; the table is untouched.
  env.ap.kick("deauth", STA3, 3, true);
  frames = env.host.frames();
  equal(frames.length, 1);
  equal(frames[0]!.subtype, MgmtSubtype.DEAUTH);
  equal(parseReason(frames[0]!.body), 3);
  equal(env.ap.stations.size, 1);
  env.host.take();

  // The broadcast address drops every station after one broadcast frame.
  join(env, STA2, {});
  env.host.take();
  env.ap.kick("deauth", fromHex("ffffffffffff"), 2, true);
  frames = env.host.frames();
  equal(frames.length, 1);
  equal(env.ap.stations.size, 0);
});

Deno.test("ApCore.lowAck() disassociates with reason 34 only under disassoc_low_ack=1", () => {
  const off = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 });
  join(off, STA1, {});
  equal(off.ap.lowAck(STA1), false);
  ok(off.ap.stations.get(STA1)!.flags.has("ASSOC"));
  deepStrictEqual(off.host.frames(), []);

  const on = setup({ wpa: 0, rsnElement: undefined, wpsState: 0, disassocLowAck: true });
  join(on, STA1, {});
  equal(on.ap.lowAck(STA2), false, "an unknown station");
  equal(on.ap.lowAck(STA1), true);
  const frames = on.host.frames();
  deepStrictEqual(frames.map((f) => [f.subtype, parseReason(f.body)]), [[
    MgmtSubtype.DISASSOC,
    34,
  ]]);
  deepStrictEqual(on.host.events.at(-1), "AP-STA-DISCONNECTED 02:00:00:00:02:00");
  deepStrictEqual([...on.ap.stations.get(STA1)!.flags], ["AUTH", "SHORT_PREAMBLE"]);
  equal(on.ap.lowAck(STA1), false, "no longer associated");
});

Deno.test("ApCore sends a station the kernel saw data from, unassociated, away with reason 7", () => {
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0 });
  const deauths = () =>
    env.host.frames().filter((f) => f.subtype === MgmtSubtype.DEAUTH).map((f) => [
      toHex(f.da),
      parseReason(f.body),
    ]);
  // An associated station's frames are no business of this (the kernel raced its entry).
  join(env, STA1, {});
  env.host.take();
  equal(env.ap.dataFromUnknown(STA1), false);
  // One that missed its deauthentication: told once, then at most once a second.
  ok(env.ap.dataFromUnknown(STA2));
  equal(env.ap.dataFromUnknown(STA2), false);
  env.clock.advance(999);
  equal(env.ap.dataFromUnknown(STA2), false);
  env.clock.advance(1);
  ok(env.ap.dataFromUnknown(STA2));
  deepStrictEqual(deauths(), [[toHex(STA2), 7], [toHex(STA2), 7]]);
  equal(env.ap.stations.get(STA2), undefined, "no station entry made for it");
});

Deno.test("ApCore serves an HT station without WMM as non-HT, as hostapd does", () => {
  const ht = {
    capabilities: { capabilitiesInfo: 0x012c, ampduParams: 0x03, mcsSet: new Uint8Array(16) },
    secondaryOffset: 0,
  };
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0, ht });
  join(env, STA1, { ht: true, wmm: true });
  join(env, STA2, { ht: true, wmm: false });
  const flags = (mac: Uint8Array) => [...env.ap.stations.get(mac)!.flags].sort();
  ok(flags(STA1).includes("HT"));
  ok(!flags(STA2).includes("HT"), flags(STA2).join(","));
});

Deno.test("ApCore takes a VHT station on a VHT AP, and gives the kernel what the AP can use", () => {
  const ht = {
    capabilities: { capabilitiesInfo: 0x006e, ampduParams: 0x03, mcsSet: new Uint8Array(16) },
    secondaryOffset: 1,
  };
  const vht = {
    capabilities: { capabilitiesInfo: 0x30, mcsSet: fromHex("aaaa0000aaaa0000") },
    chwidth: 1 as const,
    seg0: 42,
    seg1: 0,
  };
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0, ht, vht, channel: 36 });
  const a = join(env, STA1, { ht: true, wmm: true, vht: true });
  const b = join(env, STA2, { ht: true, wmm: true });
  ok(env.ap.stations.get(STA1)!.flags.has("VHT"));
  ok(!env.ap.stations.get(STA2)!.flags.has("VHT"));
  const added = (calls: HostCall[]) =>
    calls.find((c): c is Extract<HostCall, { op: "addStation" }> => c.op === "addStation")!;
  // hostapd's answer for this station and AP over hwsim: 0x03800032.
  equal(toHex(added(a.calls).flags.vhtCapabilities!), "32008003aaaa0000aaaa0000");
  equal(added(b.calls).flags.vhtCapabilities, undefined);
  // The Association Response carries the AP's VHT Capabilities and Operation.
  const ids = a.resp!.elements.map((e) => e.id);
  ok(ids.includes(Eid.VHT_CAPABILITIES) && ids.includes(Eid.VHT_OPERATION), ids.join(","));
  // Without VHT on the AP, a VHT station is served as HT.
  const htOnly = setup({ wpa: 0, rsnElement: undefined, wpsState: 0, ht, channel: 36 });
  join(htOnly, STA1, { ht: true, wmm: true, vht: true });
  const flags = htOnly.ap.stations.get(STA1)!.flags;
  ok(flags.has("HT") && !flags.has("VHT"));
});

Deno.test("ApCore's HT Operation protects a 20 MHz, non-greenfield HT station on a 40 MHz BSS", () => {
  const ht = {
    capabilities: { capabilitiesInfo: 0x006e, ampduParams: 0x03, mcsSet: new Uint8Array(16) },
    secondaryOffset: 1,
  };
  const env = setup({ wpa: 0, rsnElement: undefined, wpsState: 0, ht, hwMode: "a", channel: 36 });
  const htOp = () => findElement(parseElements(env.ap.beacon().tail), Eid.HT_OPERATION)!.body;
  equal(toHex(htOp().subarray(1, 3)), "0500");
  // The test station's HT Capabilities Info 0x012c: neither 20/40 MHz nor greenfield.
  join(env, STA1, { ht: true, wmm: true });
  equal(toHex(htOp().subarray(1, 3)), "0506", "protection 2, non-greenfield STAs present");
  equal(env.ap.beacon().bss.htOpMode, 0x6);
  // A non-HT station raises protection to 3 (non-HT mixed).
  join(env, STA2, { wmm: true });
  equal(htOp()[2], 0x07);
});

/** An SA Query Action frame from a station, protected (as the kernel hands it up) or not. */
function saQueryFrame(sa: Uint8Array, action: number, id: Uint8Array, isProtected = true) {
  const f = buildMgmtFrame(
    { subtype: MgmtSubtype.ACTION, da: BSSID, sa, bssid: BSSID },
    buildSaQuery({ action, transactionId: id }),
  );
  if (isProtected) f[1]! |= 0x40;
  return f;
}

Deno.test("ApCore protects an MFP station's association with the SA Query procedure", () => {
  const env = setup({
    rsnElement: mfpRsn(RsnCapability.MFPC),
    wpsState: 0,
    saQuery: { retryTu: 201, maxTu: 1000 },
  });
  const first = join(env, STA1, { rsn: mfpRsn(RsnCapability.MFPC) });
  equal(first.resp?.status, 0);
  const add = first.calls.find((c) => c.op === "addStation");
  equal(add?.op === "addStation" && add.flags.mfp, true);
  ok(formatStaBlock(env.ap.stationInfos()[0]!).includes("[MFP]"));
  // A station without MFPC on the same optional-MFP BSS is served without it.
  const plain = join(env, STA2, { rsn: mfpRsn(0) });
  equal(plain.resp?.status, 0);
  const plainAdd = plain.calls.find((c) => c.op === "addStation");
  equal(plainAdd?.op === "addStation" && plainAdd.flags.mfp, false);

  // The MFP station (or someone forging it) associates again: refused for now, SA Query sent.
  const again = join(env, STA1, { rsn: mfpRsn(RsnCapability.MFPC) });
  equal(again.resp?.status, 30);
  const elems = parseElements(again.frame!.body, 6);
  deepStrictEqual(findElement(elems, 56)?.body, Uint8Array.of(3, 0xe8, 3, 0, 0));
  ok(!again.calls.some((c) => c.op === "addStation" || c.op === "removeStation"));
  // The request went out with the response.
  const req = again.calls.flatMap((c) =>
    c.op === "sendMgmt" && c.frame[0] === 0xd0 ? [parseSaQuery(c.frame.subarray(24))!] : []
  );
  equal(req.length, 1);
  equal(req[0]!.action, SaQueryAction.REQUEST);
  // The real station answers under its keys: the association stands, and the next forged
  // request starts a new query.
  env.ap.handleFrame(saQueryFrame(STA1, SaQueryAction.RESPONSE, req[0]!.transactionId));
  ok(env.ap.stations.get(STA1)!.flags.has("ASSOC"));
  equal(join(env, STA1, { rsn: mfpRsn(RsnCapability.MFPC) }).resp?.status, 30);
  // No answer for assoc_sa_query_max_timeout (retries every 201 TU): the association was lost
  // and the next request is accepted.
  env.host.take();
  env.clock.advance(1100);
  const retries = env.host.take().filter((c) => c.op === "sendMgmt" && c.frame[0] === 0xd0);
  equal(retries.length, 4);
  const last = join(env, STA1, { rsn: mfpRsn(RsnCapability.MFPC) });
  equal(last.resp?.status, 0);
  ok(last.calls.some((c) => c.op === "addStation"));

  // An SA Query Request from an associated station is answered with its transaction ID; an
  // unprotected one from an MFP station is dropped.
  env.host.take();
  env.ap.handleFrame(saQueryFrame(STA1, SaQueryAction.REQUEST, Uint8Array.of(0x12, 0x34), false));
  equal(env.host.take().length, 0);
  env.ap.handleFrame(saQueryFrame(STA1, SaQueryAction.REQUEST, Uint8Array.of(0x12, 0x34)));
  const [resp] = env.host.frames();
  deepStrictEqual(parseSaQuery(resp!.body), {
    action: SaQueryAction.RESPONSE,
    transactionId: Uint8Array.of(0x12, 0x34),
  });
  deepStrictEqual(resp!.da, STA1);
});

Deno.test("ApCore refuses a station without MFPC where the AP requires protection", () => {
  const rsn = mfpRsn;
  const env = setup({
    rsnElement: rsn(RsnCapability.MFPC | RsnCapability.MFPR),
    wpsState: 0,
  });
  equal(join(env, STA1, { rsn: rsn(0) }).resp?.status, 31);
  equal(join(env, STA2, { rsn: rsn(RsnCapability.MFPC) }).resp?.status, 0);
  // An element cut inside its group cipher suite: 40 (invalid element), no kernel entry.
  const cut = join(env, STA3, { rsn: Uint8Array.of(0x30, 4, 1, 0, 0, 0x0f) });
  equal(cut.resp?.status, 40);
  ok(!env.ap.stations.get(STA3)?.flags.has("ASSOC"));
});

Deno.test("ApCore survives 20,000 random management frames, SA Query and Action included", () => {
  const rsn = mfpRsn(RsnCapability.MFPC);
  const env = setup({ rsnElement: rsn, saQuery: { retryTu: 201, maxTu: 1000 } });
  equal(join(env, STA1, { rsn }).resp?.status, 0); // an MFP station for the SA Query paths
  const rng = new Prng(0x5a17);
  const senders = [STA1, STA2, STA3];
  for (let i = 0; i < 20000; i++) {
    const subtype = rng.chance(0.5) ? MgmtSubtype.ACTION : rng.int(16);
    const body = new Uint8Array(rng.int(48));
    for (let j = 0; j < body.length; j++) body[j] = rng.int(256);
    if (subtype === MgmtSubtype.ACTION && body.length > 0 && rng.chance(0.7)) body[0] = 8;
    if (body.length > 1 && rng.chance(0.5)) body[1] = rng.int(3);
    const f = buildMgmtFrame(
      { subtype, da: BSSID, sa: senders[rng.int(senders.length)]!, bssid: BSSID },
      body,
    );
    if (rng.chance(0.5)) f[1]! |= 0x40;
    env.ap.handleFrame(rng.chance(0.1) ? f.subarray(0, rng.int(f.length)) : f);
    if (i % 1000 === 0) env.clock.advance(rng.int(2000));
  }
  env.clock.advance(5000);
  // Whatever happened to the others, a new station still gets in.
  env.host.take();
  equal(join(env, fromHex("020000000500"), { rsn }).resp?.status, 0);
});
