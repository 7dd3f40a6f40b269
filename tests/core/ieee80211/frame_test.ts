import { deepStrictEqual as assertEquals, equal, throws } from "node:assert/strict";
import {
  buildMgmtFrame,
  mgmtFrameControl,
  MgmtSubtype,
  parseMgmtFrame,
} from "../../../core/ieee80211/frame.ts";

const sta = Uint8Array.of(2, 0, 0, 0, 1, 0);
const ap = Uint8Array.of(2, 0, 0, 0, 0, 0);

Deno.test("mgmtFrameControl() gives the Frame Control values nl80211 registrations use", () => {
  // IEEE 802.11-2020 Table 9-1: type 0, subtype in bits 4-7
  equal(mgmtFrameControl(MgmtSubtype.PROBE_REQ), 0x0040);
  equal(mgmtFrameControl(MgmtSubtype.AUTH), 0x00b0);
  equal(mgmtFrameControl(MgmtSubtype.ACTION), 0x00d0);
  equal(mgmtFrameControl(MgmtSubtype.ASSOC_REQ), 0x0000);
});

Deno.test("parseMgmtFrame() reads back what buildMgmtFrame() wrote", () => {
  const f = buildMgmtFrame(
    { subtype: MgmtSubtype.AUTH, da: ap, sa: sta, bssid: ap },
    Uint8Array.of(0, 0, 1, 0, 0, 0),
  );
  const p = parseMgmtFrame(f);
  equal(p.subtype, MgmtSubtype.AUTH);
  assertEquals([p.da, p.sa, p.bssid], [ap, sta, ap]);
  assertEquals([...p.body], [0, 0, 1, 0, 0, 0]);
});

Deno.test("parseMgmtFrame() decodes a probe request as mac80211_hwsim delivers it", () => {
  // Header of a wildcard probe request from 02:00:00:00:01:00, sequence number 5.
  const f = Uint8Array.of(
    0x40,
    0x00,
    0x00,
    0x00,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0x02,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0x50,
    0x00,
    0x00,
    0x00,
  );
  const p = parseMgmtFrame(f);
  equal(p.subtype, MgmtSubtype.PROBE_REQ);
  equal(p.seq, 5);
  assertEquals(p.sa, sta);
  assertEquals([...p.body], [0, 0]);
});

Deno.test("parseMgmtFrame() rejects short and non-management frames", () => {
  throws(() => parseMgmtFrame(new Uint8Array(23)), RangeError);
  const data = new Uint8Array(24);
  data[0] = 0x08; // type 2 (data)
  throws(() => parseMgmtFrame(data), { name: "RangeError", message: /not management/ });
});

Deno.test("buildMgmtFrame() rejects an address that is not six bytes", () => {
  throws(
    () =>
      buildMgmtFrame({ subtype: 4, da: ap, sa: new Uint8Array(5), bssid: ap }, new Uint8Array(0)),
    RangeError,
  );
});
