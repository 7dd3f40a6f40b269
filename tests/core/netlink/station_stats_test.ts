import { deepStrictEqual as assertEquals, equal } from "node:assert/strict";
import { NlAttrs, type NlAttrSink, NlAttrWriter } from "../../../core/netlink/attributes.ts";
import {
  Nl80211Attr as A,
  Nl80211RateInfo as R,
  Nl80211StaInfo as S,
} from "../../../core/netlink/nl80211_const.ts";
import { decodeStationStats } from "../../../core/netlink/station_stats.ts";
import { HWSIM_STA_STATS } from "../../fixtures/radio/sta_stats.ts";

/** A GET_STATION reply's attributes with `fill` writing NL80211_ATTR_STA_INFO. */
function reply(fill: (w: NlAttrSink) => void): NlAttrs {
  const w = new NlAttrWriter().u32(A.IFINDEX, 3).data(A.MAC, Uint8Array.of(2, 0, 0, 0, 1, 0));
  w.nested(A.STA_INFO, fill);
  return new NlAttrs(w.bytes());
}

Deno.test("decodeStationStats() reads what mac80211_hwsim reports for an HT station", () => {
  const stats = decodeStationStats(reply((n) => {
    n.u32(S.INACTIVE_TIME, 276).u32(S.RX_BYTES, 848).u32(S.TX_BYTES, 524);
    n.u64(S.RX_BYTES64, 848n).u64(S.TX_BYTES64, 524n);
    n.u8(S.SIGNAL, 0xe2); // -30 dBm, an s8 in a u8
    n.nested(S.TX_BITRATE, (r) => r.u16(R.BITRATE, 10).u32(R.BITRATE32, 10));
    n.u32(S.RX_PACKETS, 9).u32(S.TX_PACKETS, 5);
    n.nested(S.RX_BITRATE, (r) => r.u16(R.BITRATE, 130).u32(R.BITRATE32, 130).u8(R.MCS, 1));
  }));
  assertEquals(stats, HWSIM_STA_STATS);
});

Deno.test("decodeStationStats() prefers both 64-bit byte counters, BITRATE32, and reads VHT", () => {
  const stats = decodeStationStats(reply((n) => {
    n.u32(S.RX_BYTES, 1).u32(S.TX_BYTES, 2).u64(S.RX_BYTES64, 2n ** 33n).u64(S.TX_BYTES64, 5n);
    n.nested(S.RX_BITRATE, (r) => {
      r.u16(R.BITRATE, 0xffff).u32(R.BITRATE32, 86670).u8(R.VHT_MCS, 9).u8(R.VHT_NSS, 2);
      r.flag(R.SHORT_GI);
    });
    n.u8(S.ACK_SIGNAL, 0xc6);
  }))!;
  equal(stats.rxBytes, 2n ** 33n);
  equal(stats.txBytes, 5n);
  assertEquals(stats.rxRate, { bitrate: 86670, vhtMcs: 9, vhtNss: 2, shortGi: true });
  equal(stats.txRate, undefined);
  equal(stats.ackSignal, -58);
  // One 64-bit counter alone is not trusted: hostapd keeps both 32-bit ones then.
  const half = decodeStationStats(reply((n) => {
    n.u32(S.RX_BYTES, 1).u32(S.TX_BYTES, 2).u64(S.RX_BYTES64, 7n);
  }))!;
  assertEquals([half.rxBytes, half.txBytes], [1n, 2n]);
});

Deno.test("decodeStationStats() is undefined for a reply without station information", () => {
  equal(decodeStationStats(new NlAttrs(new NlAttrWriter().u32(A.IFINDEX, 3).bytes())), undefined);
});
