import { deepStrictEqual, equal, throws } from "node:assert/strict";
import {
  enrollmentTimes,
  parseCpuTicks,
  parseStamped,
  settleText,
  splitAtMarks,
} from "./_radio_log.ts";

// Shapes of real lines from tests/vm/guest/radio_bench.sh (busybox ts, wpa_supplicant -t).
const EVENTS = `1000.000000 MARK hostapd-1-1
1000.100000 WPS-PBC-ACTIVE
1000.900000 CTRL-EVENT-EAP-STARTED 02:00:00:00:01:00
1001.300000 WPS-REG-SUCCESS 02:00:00:00:01:00 572cf82f-c957-5653-9b16-b5cfb298abf1
1002.000000 AP-STA-CONNECTED 02:00:00:00:01:00
1002.050000 EAPOL-4WAY-HS-COMPLETED 02:00:00:00:01:00
1002.400000 AP-STA-DISCONNECTED 02:00:00:00:01:00
1005.000000 MARK hostapd-1-2
1005.500000 EAPOL-4WAY-HS-COMPLETED 02:00:00:00:01:00
`;
const STATION =
  `1000.200000: wlan1: Trying to associate with 02:00:00:00:00:00 (SSID='radio-bench' freq=2412 MHz)
1000.300000: nl80211: Associated with 02:00:00:00:00:00
1000.310000: wlan1: Associated with 02:00:00:00:00:00
1000.500000: wlan1: Associated with 02:00:00:00:00:00
1000.950000: wlan1: CTRL-EVENT-EAP-STARTED EAP authentication started
1001.250000: wlan1: WPS-CRED-RECEIVED 
1001.900000: nl80211: Associated with 02:00:00:00:00:00
1001.910000: wlan1: Associated with 02:00:00:00:00:00
1002.080000: wlan1: CTRL-EVENT-CONNECTED - Connection to 02:00:00:00:00:00 completed [id=0 id_str=]
not a stamped line
`;

Deno.test("parseStamped() reads both timestamp styles and skips other lines", () => {
  const ev = parseStamped(EVENTS), sta = parseStamped(STATION);
  equal(ev.length, 9);
  deepStrictEqual(ev[1], { t: 1000.1, text: "WPS-PBC-ACTIVE" });
  equal(sta.length, 9);
  equal(sta[2]!.text, "wlan1: Associated with 02:00:00:00:00:00");
});

Deno.test("splitAtMarks() gives each enrollment the events after its MARK only", () => {
  const marks = splitAtMarks(parseStamped(EVENTS));
  deepStrictEqual([...marks.keys()], ["hostapd-1-1", "hostapd-1-2"]);
  equal(marks.get("hostapd-1-1")!.mark, 1000);
  equal(marks.get("hostapd-1-1")!.events.length, 6);
  deepStrictEqual(marks.get("hostapd-1-2")!.events.map((e) => e.t), [1005.5]);
});

Deno.test("enrollmentTimes() measures from the last association and the WPS one, not the driver's lines", () => {
  const at = splitAtMarks(parseStamped(EVENTS)).get("hostapd-1-1")!;
  deepStrictEqual(enrollmentTimes("hostapd-1-1", at.mark, at.events, parseStamped(STATION)), {
    id: "hostapd-1-1",
    wpsToConnectedMs: 2080,
    assocToHsMs: 140,
    assocToConnectedMs: 170,
    assocToEapStartMs: 450,
    eapStartToCredMs: 300,
    wpsAssociations: 2,
  });
});

// The AP's stdout under -t: an earlier enrollment's line, then this one's (after its association).
const AP_LOG = `1000.950000: wlan0: EAPOL-4WAY-HS-COMPLETED 02:00:00:00:01:00
1001.990000: wlan0: AP-STA-CONNECTED 02:00:00:00:01:00
1001.995000: wlan0: EAPOL-4WAY-HS-COMPLETED 02:00:00:00:01:00
`;

Deno.test("enrollmentTimes() takes the AP's own log line of the 4-way after the association", () => {
  const at = splitAtMarks(parseStamped(EVENTS)).get("hostapd-1-1")!;
  const t = enrollmentTimes("x", at.mark, at.events, parseStamped(STATION), parseStamped(AP_LOG));
  equal(t.assocToApLogHsMs, 85);
  equal(t.assocToHsMs, 140);
  throws(
    () => enrollmentTimes("x", at.mark, at.events, parseStamped(STATION), parseStamped("")),
    /x: no EAPOL-4WAY-HS-COMPLETED in the AP's log/,
  );
});

Deno.test("enrollmentTimes() names the missing milestone of a failed enrollment", () => {
  const at = splitAtMarks(parseStamped(EVENTS)).get("hostapd-1-1")!;
  const cut = (pattern: string) =>
    parseStamped(STATION.split("\n").filter((l) => !l.includes(pattern)).join("\n"));
  throws(
    () => enrollmentTimes("x", at.mark, at.events, cut("CTRL-EVENT-CONNECTED")),
    /no CTRL-EVENT-CONNECTED/,
  );
  throws(
    () => enrollmentTimes("x", at.mark, at.events, cut("WPS-CRED-RECEIVED")),
    /no WPS-CRED-RECEIVED/,
  );
  const noHs = at.events.filter((e) => !e.text.startsWith("EAPOL-4WAY"));
  throws(
    () => enrollmentTimes("x", at.mark, noHs, parseStamped(STATION)),
    /no EAPOL-4WAY-HS-COMPLETED/,
  );
});

Deno.test("parseCpuTicks() turns USER_HZ ticks per enrollment into milliseconds", () => {
  const cpu = parseCpuTicks("hostapd-1-1 12\ntsapd-1-2 0\n\n");
  deepStrictEqual([...cpu], [["hostapd-1-1", 120], ["tsapd-1-2", 0]]);
  throws(() => parseCpuTicks("tsapd-1-1 -3\n"), /CPU line "tsapd-1-1 -3"/);
  throws(() => parseCpuTicks("tsapd-1-1\n"), SyntaxError);
});

Deno.test("settleText() lists each daemon's settling times in the order the guest printed them", () => {
  const console_ =
    "RUN hostapd 1 started in 0.50 s\nSETTLE hostapd 1 0.5 s\nSETTLE tsapd 1 3.1 s\n" +
    "noise SETTLE tsapd 9 9.9 s\nSETTLE hostapd 2 0.6 s\nSETTLE tsapd 2 2.9 s\n";
  equal(settleText(console_), "hostapd 0.5, 0.6; tsapd 3.1, 2.9");
  equal(settleText("RUN tsapd 1 started in 1.6 s\n"), "none reported");
});

// The 4-way part of a station's -d -t log (real line shapes), after its last association.
const STATION_4WAY = `1000.100000: wlan1: Associated with 02:00:00:00:00:00
1000.200000: wlan1: CTRL-EVENT-EAP-STARTED EAP authentication started
1000.250000: wlan1: WPS-CRED-RECEIVED 
1001.000000: nl80211: Associated with 02:00:00:00:00:00
1001.001000: wlan1: Associated with 02:00:00:00:00:00
1001.003000: wlan1: RX EAPOL from 02:00:00:00:00:00
1001.003500: wlan1: WPA: RX message 1 of 4-Way Handshake from 02:00:00:00:00:00 (ver=2)
1001.006000: wlan1: WPA: Sending EAPOL-Key 2/4
1001.010000: wlan1: RX EAPOL from 02:00:00:00:00:00
1001.012500: wlan1: WPA: Sending EAPOL-Key 4/4
1001.030000: wlan1: CTRL-EVENT-CONNECTED - Connection to 02:00:00:00:00:00 completed [id=0 id_str=]
`;
const EVENTS_4WAY = `1000.000000 MARK tsapd-1-2
1001.020000 EAPOL-4WAY-HS-COMPLETED 02:00:00:00:01:00
`;

Deno.test("enrollmentTimes() splits the 4-way into the AP's turns and the station's steps", () => {
  const at = splitAtMarks(parseStamped(EVENTS_4WAY)).get("tsapd-1-2")!;
  const sta = parseStamped(STATION_4WAY);
  const apLog = parseStamped("1001.015000: wlan0: EAPOL-4WAY-HS-COMPLETED 02:00:00:00:01:00\n");
  deepStrictEqual(enrollmentTimes("x", at.mark, at.events, sta, apLog).fourWay, {
    assocToMsg1Ms: 2,
    msg1ToMsg2Ms: 3,
    msg2ToMsg3Ms: 4,
    msg3ToMsg4Ms: 2.5,
    msg4ToApLogMs: 2.5,
  });
  // Without the AP's log, the last turn is unknown; the others stay.
  const noLog = enrollmentTimes("x", at.mark, at.events, sta).fourWay!;
  equal(noLog.msg4ToApLogMs, undefined);
  equal(noLog.msg2ToMsg3Ms, 4);
  // A station log without -d has no EAPOL lines: no steps, and the other times still come.
  const plain = parseStamped(
    STATION_4WAY.split("\n").filter((l) => !/EAPOL/.test(l)).join("\n"),
  );
  const t = enrollmentTimes("x", at.mark, at.events, plain, apLog);
  equal(t.fourWay, undefined);
  equal(t.assocToHsMs, 19);
});
