import { deepStrictEqual as assertEquals, equal } from "node:assert/strict";
import { NlAttrWriter } from "../../../core/netlink/attributes.ts";
import { buildNlMessage, parseGenlMessage } from "../../../core/netlink/message.ts";
import {
  Nl80211Attr as A,
  Nl80211BandAttr,
  Nl80211BssAttr,
  Nl80211Cmd as C,
  Nl80211CqmAttr,
  Nl80211FreqAttr,
  Nl80211Iftype,
  Nl80211KeyAttr,
  Nl80211SurveyAttr,
} from "../../../core/netlink/nl80211_const.ts";
import {
  decodeEvent,
  decodeInterface,
  decodeKeyRsc,
  decodeScanResult,
  decodeSurvey,
  mergeWiphy,
} from "../../../core/netlink/nl80211_decode.ts";

function event(cmd: number, fill: (w: NlAttrWriter) => void) {
  const w = new NlAttrWriter();
  fill(w);
  const attrs = w.bytes();
  const payload = new Uint8Array(4 + attrs.length);
  payload[0] = cmd;
  payload.set(attrs, 4);
  return parseGenlMessage(buildNlMessage({ type: 0x1c, flags: 0, seq: 0, portId: 0 }, payload));
}

Deno.test("decodeEvent() decodes a received frame with frequency and signed signal", () => {
  const e = decodeEvent(event(C.FRAME, (w) => {
    w.u32(A.IFINDEX, 4).u32(A.WIPHY_FREQ, 2412).u32(A.RX_SIGNAL_DBM, -30 >>> 0);
    w.data(A.FRAME, Uint8Array.of(0x40, 0));
  }));
  assertEquals(e, {
    kind: "frame",
    ifindex: 4,
    frequency: 2412,
    signalDbm: -30,
    frame: Uint8Array.of(0x40, 0),
  });
});

Deno.test("decodeEvent() decodes TX status with cookie and ACK flag", () => {
  const acked = decodeEvent(event(C.FRAME_TX_STATUS, (w) => {
    w.u32(A.IFINDEX, 4).u64(A.COOKIE, 77n).flag(A.ACK).data(A.FRAME, Uint8Array.of(0x50));
  }));
  equal(acked.kind === "frameTxStatus" && acked.ack && acked.cookie === 77n, true);
  const lost = decodeEvent(event(C.FRAME_TX_STATUS, (w) => w.u64(A.COOKIE, 78n)));
  equal(lost.kind === "frameTxStatus" && !lost.ack, true);
});

Deno.test("decodeEvent() decodes station additions and removals", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 1, 0);
  assertEquals(decodeEvent(event(C.NEW_STATION, (w) => w.u32(A.IFINDEX, 4).data(A.MAC, mac))), {
    kind: "newStation",
    ifindex: 4,
    mac,
  });
  equal(decodeEvent(event(C.DEL_STATION, (w) => w.data(A.MAC, mac))).kind, "delStation");
  equal(decodeEvent(event(C.CH_SWITCH_NOTIFY, () => {})).kind, "other");
});

Deno.test("decodeEvent() decodes a spurious data frame report with the sender", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 2, 0);
  assertEquals(
    decodeEvent(event(C.UNEXPECTED_FRAME, (w) => w.u32(A.IFINDEX, 4).data(A.MAC, mac))),
    { kind: "unexpectedFrame", ifindex: 4, mac },
  );
});

Deno.test("mergeWiphy() folds split-dump messages into one radio", () => {
  const first = event(C.NEW_WIPHY, (w) => {
    w.u32(A.WIPHY, 0).string(A.WIPHY_NAME, "phy0");
    w.nested(A.SUPPORTED_IFTYPES, (n) => n.flag(Nl80211Iftype.STATION).flag(Nl80211Iftype.AP));
    w.data(A.CIPHER_SUITES, Uint8Array.of(4, 0xac, 0x0f, 0));
  });
  const second = event(C.NEW_WIPHY, (w) => {
    w.u32(A.WIPHY, 0);
    w.nested(
      A.WIPHY_BANDS,
      (bands) =>
        bands.nested(0, (b) =>
          b.nested(Nl80211BandAttr.FREQS, (fs) => {
            fs.nested(
              0,
              (f) => f.u32(Nl80211FreqAttr.FREQ, 2412).u32(Nl80211FreqAttr.MAX_TX_POWER, 2000),
            );
            fs.nested(1, (f) => f.u32(Nl80211FreqAttr.FREQ, 2484).flag(Nl80211FreqAttr.DISABLED));
            fs.nested(2, (f) => f.u32(Nl80211FreqAttr.FREQ, 2467).flag(Nl80211FreqAttr.NO_IR));
            fs.nested(3, (f) => f.u32(Nl80211FreqAttr.FREQ, 5260).flag(Nl80211FreqAttr.RADAR));
          })),
    );
    w.nested(A.SUPPORTED_COMMANDS, (n) => n.u32(1, C.GET_WIPHY).u32(2, C.START_AP));
  });
  const w = mergeWiphy(second.attrs, mergeWiphy(first.attrs));
  equal(w?.name, "phy0");
  assertEquals(w?.supportedIftypes, [Nl80211Iftype.STATION, Nl80211Iftype.AP]);
  assertEquals(w?.cipherSuites, [0x000fac04]);
  assertEquals(w?.frequencies, [2412, 2467, 5260]);
  assertEquals(w?.restrictedFrequencies, [2467, 5260]);
  assertEquals(w?.maxTxPowerDbm, new Map([[2412, 20]]));
  assertEquals(w?.supportedCommands, [C.GET_WIPHY, C.START_AP]);
  equal(mergeWiphy(event(C.NEW_WIPHY, () => {}).attrs), undefined);
});

Deno.test("decodeInterface() reads name, type, MAC and wdev", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 0, 0);
  const i = decodeInterface(
    event(C.NEW_INTERFACE, (w) => {
      w.u32(A.IFINDEX, 4).string(A.IFNAME, "wlan0").u32(A.WIPHY, 0).u32(A.IFTYPE, Nl80211Iftype.AP);
      w.data(A.MAC, mac).u64(A.WDEV, 1n);
    }).attrs,
  );
  assertEquals(i, {
    ifindex: 4,
    name: "wlan0",
    wiphy: 0,
    iftype: 3,
    mac,
    wdev: 1n,
    frequency: undefined,
  });
});

Deno.test("decodeEvent() decodes a control port EAPOL frame with its sender and encryption", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 1, 0);
  const e = decodeEvent(event(C.CONTROL_PORT_FRAME, (w) => {
    w.u32(A.IFINDEX, 4).data(A.MAC, mac).u16(A.CONTROL_PORT_ETHERTYPE, 0x888e);
    w.flag(A.CONTROL_PORT_NO_ENCRYPT).data(A.FRAME, Uint8Array.of(1, 1, 0, 0));
  }));
  assertEquals(e, {
    kind: "controlPortFrame",
    ifindex: 4,
    src: mac,
    etherType: 0x888e,
    unencrypted: true,
    frame: Uint8Array.of(1, 1, 0, 0),
  });
  const enc = decodeEvent(event(C.CONTROL_PORT_FRAME, (w) => w.data(A.MAC, mac)));
  equal(enc.kind === "controlPortFrame" && !enc.unencrypted && enc.etherType === 0, true);
});

Deno.test("mergeWiphy() keeps each band's HT capabilities, later messages replacing earlier", () => {
  const mcs = new Uint8Array(16).fill(0xff);
  const band = (capa: number) =>
    event(C.NEW_WIPHY, (w) => {
      w.u32(A.WIPHY, 0);
      w.nested(A.WIPHY_BANDS, (bands) => {
        bands.nested(0, (b) => {
          b.data(Nl80211BandAttr.HT_MCS_SET, mcs).u16(Nl80211BandAttr.HT_CAPA, capa);
          b.u8(Nl80211BandAttr.HT_AMPDU_FACTOR, 3).u8(Nl80211BandAttr.HT_AMPDU_DENSITY, 6);
        });
        bands.nested(1, (b) => b.u16(Nl80211BandAttr.HT_CAPA, 0x1)); // no MCS set: not HT
      });
    });
  const w = mergeWiphy(band(0x116e).attrs, mergeWiphy(band(0x0001).attrs));
  assertEquals(w?.htBands, [{
    band: 0,
    capa: 0x116e,
    ampduFactor: 3,
    ampduDensity: 6,
    mcsSet: mcs,
  }]);
  assertEquals(mergeWiphy(event(C.NEW_WIPHY, (x) => x.u32(A.WIPHY, 1)).attrs)?.htBands, []);
});

Deno.test("mergeWiphy() reads a band's VHT capabilities and VHT-MCS set with its HT", () => {
  const mcs = new Uint8Array(16).fill(0xff);
  const vhtMcs = Uint8Array.of(0xaa, 0xaa, 0, 0, 0xaa, 0xaa, 0, 0);
  const w = mergeWiphy(
    event(C.NEW_WIPHY, (x) => {
      x.u32(A.WIPHY, 0);
      x.nested(A.WIPHY_BANDS, (bands) => {
        bands.nested(1, (b) => {
          b.data(Nl80211BandAttr.HT_MCS_SET, mcs).u16(Nl80211BandAttr.HT_CAPA, 0x107e);
          b.data(Nl80211BandAttr.VHT_MCS_SET, vhtMcs).u32(Nl80211BandAttr.VHT_CAPA, 0x038004fa);
        });
      });
    }).attrs,
  );
  equal(w?.htBands[0]?.vhtCapa, 0x038004fa);
  assertEquals(w?.htBands[0]?.vhtMcsSet, vhtMcs);
});

Deno.test("decodeEvent() decodes a PROBE_CLIENT result with and without the station's ACK", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 1, 0);
  const acked = decodeEvent(event(C.PROBE_CLIENT, (w) => {
    w.u32(A.IFINDEX, 4).data(A.MAC, mac).u64(A.COOKIE, 7n).flag(A.ACK);
  }));
  assertEquals(acked, { kind: "probeClient", ifindex: 4, mac, ack: true });
  const lost = decodeEvent(event(C.PROBE_CLIENT, (w) => w.u32(A.IFINDEX, 4).data(A.MAC, mac)));
  assertEquals(lost, { kind: "probeClient", ifindex: 4, mac, ack: false });
});

Deno.test("decodeEvent() decodes a CQM packet-loss report as lowAck, other CQM as other", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 1, 0);
  const loss = decodeEvent(event(C.NOTIFY_CQM, (w) => {
    w.u32(A.IFINDEX, 4).data(A.MAC, mac).nested(
      A.CQM,
      (c) => c.u32(Nl80211CqmAttr.PKT_LOSS_EVENT, 50),
    );
  }));
  assertEquals(loss, { kind: "lowAck", ifindex: 4, mac, lostPackets: 50 });
  // An RSSI threshold event (NL80211_ATTR_CQM_RSSI_THRESHOLD_EVENT, 3) is not a packet loss.
  const rssi = decodeEvent(event(C.NOTIFY_CQM, (w) => {
    w.u32(A.IFINDEX, 4).nested(A.CQM, (c) => c.u32(3, 1));
  }));
  equal(rssi.kind, "other");
});

Deno.test("decodeScanResult() reads a BSS's frequency and elements, Beacon IEs as a fallback", () => {
  const ies = Uint8Array.of(0, 2, 0x61, 0x62);
  const probe = event(C.GET_SCAN, (w) => {
    w.nested(A.BSS, (b) => {
      b.u32(Nl80211BssAttr.FREQUENCY, 2437).data(Nl80211BssAttr.INFORMATION_ELEMENTS, ies);
    });
  });
  assertEquals(decodeScanResult(probe.attrs), { frequency: 2437, ies });
  const beacon = event(C.GET_SCAN, (w) => {
    w.nested(
      A.BSS,
      (b) => b.u32(Nl80211BssAttr.FREQUENCY, 2412).data(Nl80211BssAttr.BEACON_IES, ies),
    );
  });
  assertEquals(decodeScanResult(beacon.attrs), { frequency: 2412, ies });
  equal(decodeScanResult(event(C.GET_SCAN, () => {}).attrs), undefined);
});

Deno.test("decodeSurvey() reads a channel's times and its signed noise floor", () => {
  const full = event(C.GET_SURVEY, (w) => {
    w.u32(A.IFINDEX, 3);
    w.nested(A.SURVEY_INFO, (s) => {
      s.u32(Nl80211SurveyAttr.FREQUENCY, 2437).u8(Nl80211SurveyAttr.NOISE, -92 & 0xff);
      s.u64(Nl80211SurveyAttr.TIME, 110n).u64(Nl80211SurveyAttr.TIME_BUSY, 13n);
      s.u64(Nl80211SurveyAttr.TIME_TX, 2n);
    });
  });
  assertEquals(decodeSurvey(full.attrs), {
    frequency: 2437,
    noiseDbm: -92,
    timeMs: 110,
    busyMs: 13,
    txMs: 2,
  });
  const bare = event(C.GET_SURVEY, (w) => {
    w.nested(A.SURVEY_INFO, (s) => s.u32(Nl80211SurveyAttr.FREQUENCY, 5180));
  });
  assertEquals(decodeSurvey(bare.attrs), { frequency: 5180 });
  equal(decodeSurvey(event(C.GET_SURVEY, () => {}).attrs), undefined);
});

Deno.test("decodeKeyRsc() reads GET_KEY's counter, nested or at the top level, as an 8-octet RSC", () => {
  const pn = Uint8Array.of(0x2a, 0x01, 0, 0, 0, 0);
  const rsc = Uint8Array.of(0x2a, 0x01, 0, 0, 0, 0, 0, 0);
  const nested = event(C.GET_KEY, (w) => {
    w.u32(A.IFINDEX, 4).nested(
      A.KEY,
      (k) => k.u8(Nl80211KeyAttr.IDX, 1).data(Nl80211KeyAttr.SEQ, pn),
    );
  });
  assertEquals(decodeKeyRsc(nested.attrs), rsc);
  const top = event(C.GET_KEY, (w) => w.u32(A.IFINDEX, 4).u8(A.KEY_IDX, 1).data(A.KEY_SEQ, pn));
  assertEquals(decodeKeyRsc(top.attrs), rsc);
  equal(decodeKeyRsc(event(C.GET_KEY, (w) => w.u32(A.IFINDEX, 4)).attrs), undefined);
});
