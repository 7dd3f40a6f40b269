import { equal } from "node:assert/strict";
import { parseHwaddr } from "../../../core/ctrl/command.ts";
import { fromHex } from "../../../core/bytes.ts";
import { HWSIM_STA_STATS } from "../../fixtures/radio/sta_stats.ts";
import {
  formatAllSta,
  formatStaBlock,
  staFirstReply,
  type StaInfo,
  staNextReply,
  staReply,
} from "../../../core/ctrl/sta.ts";

// The head and WPS tail of Debian hostapd 2.10's STA-FIRST reply for a wired wpa_supplicant 2.10
// Enrollee right after a PBC run (the 802.1X MIB lines in between are passed through verbatim).
const RECORDED_HEAD = "62:b3:61:aa:d8:c9\nflags=\naid=0\ncapability=0x0\nlisten_interval=0\n" +
  "supported_rates=\ntimeout_next=REMOVE\n";
const RECORDED_MIB = "dot1xPaePortNumber=0\ndot1xPaePortProtocolVersion=2\n" +
  "last_eap_type_as=0 (unknown)\nlast_eap_type_sta=254 (expanded)\n";
const RECORDED_WPS = "wpsUuid=abcdef01-2345-6789-abcd-ef0123456789\n" +
  "wpsPrimaryDeviceType=1-0050F204-1\nwpsDeviceName=TestSTA\nwpsManufacturer=StaManu\n" +
  "wpsModelName=StaModel\nwpsModelNumber=2.0\nwpsSerialNumber=1234\n";

function wiredSta(addr: string): StaInfo {
  return {
    addr: parseHwaddr(addr)!,
    flags: [],
    aid: 0,
    capability: 0,
    listenInterval: 0,
    supportedRates: new Uint8Array(),
    timeoutNext: "REMOVE",
    mib: RECORDED_MIB,
    wps: {
      uuid: "abcdef01-2345-6789-abcd-ef0123456789",
      primaryDeviceType: "1-0050F204-1",
      deviceName: "TestSTA",
      manufacturer: "StaManu",
      modelName: "StaModel",
      modelNumber: "2.0",
      serialNumber: "1234",
    },
  };
}

Deno.test("formatStaBlock() reproduces hostapd's block for a wired WPS station", () => {
  equal(formatStaBlock(wiredSta("62:b3:61:aa:d8:c9")), RECORDED_HEAD + RECORDED_MIB + RECORDED_WPS);
});

Deno.test("formatStaBlock() prints flags in hostapd's order with the PENDING_POLL quirk", () => {
  const sta: StaInfo = {
    ...wiredSta("02:00:00:00:02:00"),
    flags: new Set(["WPS", "AUTHORIZED", "PENDING_POLL", "AUTH", "ASSOC", "HT"] as const),
    aid: 1,
    capability: 0x431,
    listenInterval: 10,
    supportedRates: Uint8Array.of(0x82, 0x84, 0x8b, 0x96),
    timeoutNext: "NULLFUNC POLL",
    maxIdlePeriod: 300,
    mib: undefined,
    wps: undefined,
    tail: "connected_time=5\n",
  };
  equal(
    formatStaBlock(sta),
    "02:00:00:00:02:00\nflags=[AUTH][ASSOC][AUTHORIZED][PENDING_POLL[WPS][HT]\naid=1\n" +
      "capability=0x431\nlisten_interval=10\nsupported_rates=82 84 8b 96\n" +
      "timeout_next=NULLFUNC POLL\nmax_idle_period=300\nconnected_time=5\n",
  );
});

Deno.test("staFirstReply() is empty and staNextReply() FAILs on an empty table", () => {
  equal(staFirstReply([]), "");
  equal(staNextReply([], undefined), "FAIL\n");
  equal(staNextReply([], parseHwaddr("02:00:00:00:00:01")), "FAIL\n");
});

Deno.test("the STA-FIRST/STA-NEXT walk visits each station once and ends", () => {
  const table = ["02:00:00:00:00:03", "02:00:00:00:00:02", "02:00:00:00:00:01"].map(wiredSta);
  const seen: string[] = [];
  let reply = staFirstReply(table);
  // The loop hostapd_cli runs for all_sta: stop on FAIL; an empty reply asks `STA-NEXT `.
  for (let guard = 0; guard < 10 && !reply.startsWith("FAIL"); guard++) {
    const addr = reply.slice(0, reply.indexOf("\n") < 0 ? reply.length : reply.indexOf("\n"));
    if (addr) seen.push(addr);
    reply = staNextReply(table, parseHwaddr(addr));
  }
  equal(seen.join(","), "02:00:00:00:00:03,02:00:00:00:00:02,02:00:00:00:00:01");
  equal(formatAllSta(table), table.map(formatStaBlock).join(""));
});

Deno.test("staReply() answers FAIL for unknown, malformed and extra arguments", () => {
  const table = [wiredSta("02:00:00:00:00:01")];
  equal(staReply(table, parseHwaddr("02:00:00:00:00:01")), formatStaBlock(table[0]!));
  equal(staReply(table, parseHwaddr("02:00:00:00:00:02")), "FAIL\n");
  equal(staReply(table, undefined), "FAIL\n");
  equal(staReply(table, parseHwaddr("02:00:00:00:00:01"), "eapol"), "FAIL\n");
});

/** A recorded STA reply of tests/fixtures/radio and its WPA MIB lines. */
function recordedSta(name: string): { recorded: string; mib: string } {
  const recorded = Deno.readTextFileSync(
    new URL(`../../fixtures/radio/${name}`, import.meta.url).pathname,
  );
  const mib = recorded.slice(recorded.indexOf("dot11RSNAStatsSTAAddress"), recorded.indexOf("rx_"));
  return { recorded, mib };
}

Deno.test("formatStaBlock() reproduces hostapd's block for an HT station on a radio", () => {
  const { recorded, mib } = recordedSta("sta-ht-ch6.txt");
  // The station's HT Capabilities body: Info 0x107e, A-MPDU 0x03, MCS 0-15, the rest zero.
  const ht = new Uint8Array(26);
  ht.set([0x7e, 0x10, 0x03, 0xff, 0xff]);
  const block = formatStaBlock({
    addr: parseHwaddr("02:00:00:00:01:00")!,
    flags: ["AUTH", "ASSOC", "AUTHORIZED", "SHORT_PREAMBLE", "WMM", "HT"],
    aid: 1,
    capability: 0x431,
    listenInterval: 5,
    supportedRates: fromHex("02040b160c121824304860" + "6c"),
    timeoutNext: "NULLFUNC POLL",
    mib,
    stats: HWSIM_STA_STATS,
    tail: "connected_time=1\n",
    htCapabilities: ht,
    suppOpClasses: fromHex("5151525354737475767778797a7b7c7d7e7f808182"),
    extCapab: fromHex("04004a0201404040000120"),
  });
  equal(block, recorded);
});

Deno.test("formatStaBlock() reproduces hostapd's block for a VHT station at 80 MHz", () => {
  const { recorded, mib } = recordedSta("sta-vht-ch36.txt");
  // The station's elements as it sent them: HT Info 0x107e with MCS 0-15, VHT Info 0x038004fa
  // with MCS 0-9 on every stream both ways.
  const ht = new Uint8Array(26);
  ht.set([0x7e, 0x10, 0x1b, 0xff, 0xff]);
  const vht = fromHex("fa048003aaaa0000aaaa0000");
  const block = formatStaBlock({
    addr: parseHwaddr("02:00:00:00:01:00")!,
    flags: ["AUTH", "ASSOC", "AUTHORIZED", "WMM", "HT", "VHT"],
    aid: 1,
    capability: 0x11,
    listenInterval: 5,
    supportedRates: fromHex("0c121824304860" + "6c"),
    timeoutNext: "NULLFUNC POLL",
    mib,
    stats: {
      rxPackets: 7,
      txPackets: 5,
      rxBytes: 605n,
      txBytes: 539n,
      inactiveMs: 116,
      signal: -27,
      rxRate: { bitrate: 130, vhtMcs: 0, vhtNss: 2, shortGi: false },
      txRate: { bitrate: 60, shortGi: false },
    },
    tail: "connected_time=0\n",
    htCapabilities: ht,
    vhtCapabilities: vht,
    suppOpClasses: fromHex("80515354737475767778797a7b7c7d7e7f8081838482"),
    extCapab: fromHex("04004a0201404040000120"),
  });
  equal(block, recorded);
});

Deno.test("formatStaBlock() rate details, ACK signal, VLAN and keyid in hostapd's words", () => {
  const block = formatStaBlock({
    ...wiredSta("02:00:00:00:02:00"),
    stats: {
      rxPackets: 1,
      txPackets: 2,
      rxBytes: 2n ** 40n,
      txBytes: 3n,
      inactiveMs: 4,
      signal: -61,
      rxRate: { bitrate: 8667, vhtMcs: 9, vhtNss: 2, shortGi: true },
      txRate: { bitrate: 1300, mcs: 15, shortGi: true },
      ackSignal: -58,
    },
    vlanId: 7,
    keyid: "guest",
  });
  const tail = block.slice(block.indexOf("rx_packets="));
  equal(
    tail,
    "rx_packets=1\ntx_packets=2\nrx_bytes=1099511627776\ntx_bytes=3\ninactive_msec=4\n" +
      "signal=-61\nrx_rate_info=8667 vhtmcs 9 vhtnss 2 shortGI\ntx_rate_info=1300 mcs 15 shortGI\n" +
      "last_ack_signal=-58\nvlan_id=7\nkeyid=guest\n",
  );
});
