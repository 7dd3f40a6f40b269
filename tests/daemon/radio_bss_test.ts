/**
 * RadioBss, the glue between the nl80211 events and the AP and WPA cores, over a fake kernel
 * (tests/daemon/_fake_kernel.ts) with real PskSupplicants as stations: the group key counter that
 * msg 3/4 carries (read from the kernel as it is built), a refused read, the counter of a GTK not
 * yet installed, and a reassociation that switches a station from WPA2 to WPS.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { stationAssocWpsIe } from "../../core/ap/station_frames.ts";
import { toHex } from "../../core/bytes.ts";
import { parseEapolKey } from "../../core/wpa/eapol_key.ts";
import { BSSID, STA1 } from "../core/ap/_station.ts";
import { fakeRadioBss, settle } from "./_fake_kernel.ts";
import { ManualClock } from "../../core/clock.ts";
import { WpsContext } from "../../core/wps/wps_context.ts";
import { quietWpsHost as quietHost } from "../../daemon/self_test.ts";
import { parseAttributes } from "../../core/wps/attributes.ts";
import { Attr } from "../../core/wps/constants.ts";
import { extractWpsIe } from "../../core/wps/ie.ts";
import { apSettings } from "../core/wps/_peers.ts";
import { SSID } from "../core/ap/_station.ts";

/** A BSS with STA1 associated and its msg 1/4 sent. */
function setup() {
  const radio = fakeRadioBss();
  radio.join(STA1);
  return { ...radio, sta: radio.station(STA1) };
}

Deno.test("msg 3/4 carries the group key counter, read from the kernel as it is built", async () => {
  const { bss, kernel, sta } = setup();
  try {
    equal(kernel.eapol.length, 1, "msg 1/4 sent after the association");
    deepStrictEqual(kernel.reads, [], "nothing read for msg 1/4");
    const msg2 = sta.receive(kernel.eapol[0]!.payload);
    ok(msg2, "the station answers msg 1/4");
    // The GTK sent 7 group frames between msg 1/4 and msg 2/4.
    kernel.counters.set(1, 7n);
    bss.receiveEapol(STA1, msg2);
    equal(kernel.eapol.length, 2, "msg 3/4 sent in the same turn as msg 2/4 came");
    deepStrictEqual(kernel.reads, [1]);
    deepStrictEqual(toHex(parseEapolKey(kernel.eapol[1]!.payload).rsc), "0700000000000000");
    ok(sta.receive(kernel.eapol[1]!.payload), "the station accepts msg 3/4");
    await settle();
  } finally {
    bss.stop();
  }
});

Deno.test("a counter read the driver refuses gives msg 3/4 a zero Key RSC, and a log line", () => {
  const lines: string[] = [];
  const { bss, kernel, sta } = (() => {
    const radio = fakeRadioBss({}, {}, {
      logger: { log: (_l, m) => lines.push(m), hexdump() {}, keydump() {} },
    });
    radio.join(STA1);
    return { ...radio, sta: radio.station(STA1) };
  })();
  try {
    kernel.counters.set(1, 7n);
    kernel.failKeyReads = true;
    bss.receiveEapol(STA1, sta.receive(kernel.eapol[0]!.payload)!);
    equal(kernel.eapol.length, 2, "msg 3/4 sent all the same");
    equal(toHex(parseEapolKey(kernel.eapol[1]!.payload).rsc), "0000000000000000");
    ok(sta.receive(kernel.eapol[1]!.payload), "the station accepts msg 3/4");
    ok(
      lines.some((l) => l.includes("GET_KEY group") && l.includes("not supported")),
      lines.join("\n"),
    );
  } finally {
    bss.stop();
  }
});

Deno.test("group msg 1/2 carries a zero Key RSC for a GTK the driver does not have yet", async () => {
  const { bss, kernel, station, join } = fakeRadioBss();
  try {
    const sta = station(STA1);
    join(STA1);
    // The first GTK (index 1) has sent 1000 group frames when msg 3/4 reads its counter.
    kernel.counters.set(1, 1000n);
    for (let i = 0; i < 2; i++) {
      const reply = sta.receive(kernel.eapol.at(-1)!.payload)!;
      bss.receiveEapol(STA1, reply);
      await settle();
    }
    equal(bss.wpa!.station(STA1)?.state, "done");
    // Two rekeys: the second comes back to index 1 with a new key that will count from zero.
    const rsc: string[] = [];
    for (const round of [1, 2]) {
      bss.wpa!.rekeyGroup();
      const msg1 = kernel.eapol.at(-1)!.payload;
      rsc.push(toHex(parseEapolKey(msg1).rsc));
      bss.receiveEapol(STA1, sta.receive(msg1)!);
      await settle();
      equal(sta.gtkIndex, round === 1 ? 2 : 1);
    }
    deepStrictEqual(rsc, ["0000000000000000", "0000000000000000"]);
  } finally {
    bss.stop();
  }
});

Deno.test("a WPA2 station that reassociates for WPS leaves no handshake behind", async () => {
  const { bss, kernel, clock, station, join } = fakeRadioBss({}, { wpsState: 2 });
  try {
    const sta = station(STA1);
    join(STA1);
    for (let i = 0; i < 2; i++) {
      bss.receiveEapol(STA1, sta.receive(kernel.eapol.at(-1)!.payload)!);
      await settle();
    }
    equal(bss.wpa!.station(STA1)?.state, "done");
    join(STA1, { reassoc: true, wps: stationAssocWpsIe() });
    equal(bss.wpa!.station(STA1), undefined, "the old 4-way's station entry is gone");
    const before = kernel.eapolTo(STA1).filter((f) => f[1] === 3).length;
    kernel.mgmt.length = 0;
    bss.wpa!.rekeyGroup();
    clock.advance(5000);
    await settle();
    equal(kernel.eapolTo(STA1).filter((f) => f[1] === 3).length, before, "no EAPOL-Key sent");
    equal(kernel.mgmt.filter((f) => f[0]! >> 4 === 12).length, 0, "no deauthentication");
  } finally {
    bss.stop();
  }
});

Deno.test("a station that associates with another BSS of the process is pruned here", async () => {
  // Two BSSes wired as the nl80211 driver wires them: an association on one prunes the other.
  const bsses: ReturnType<typeof fakeRadioBss>[] = [];
  const prune = (from: number) => (mac: Uint8Array) =>
    bsses.forEach((b, i) => i !== from && b.bss.pruneStation(mac));
  bsses.push(fakeRadioBss({}, {}, { stationAssociated: prune(0) }));
  bsses.push(fakeRadioBss({}, {}, { stationAssociated: prune(1) }));
  const [a, b] = bsses as [ReturnType<typeof fakeRadioBss>, ReturnType<typeof fakeRadioBss>];
  try {
    a.join(STA1);
    ok(a.bss.ap.stations.get(STA1)?.flags.has("ASSOC"));
    a.kernel.mgmt.length = 0;
    b.join(STA1);
    await settle();
    ok(b.bss.ap.stations.get(STA1)?.flags.has("ASSOC"), "associated with the second BSS");
    ok(!a.bss.ap.stations.get(STA1)?.flags.has("ASSOC"), "still associated with the first");
    const disassoc = a.kernel.mgmt.find((f) => f[0]! >> 4 === 10);
    ok(disassoc, "no Disassociation from the first BSS");
    equal(disassoc[24], 1, "reason 1");
    equal(a.bss.wpa!.station(STA1), undefined, "the first BSS's handshake is gone");
  } finally {
    a.bss.stop();
    b.bss.stop();
  }
});

Deno.test("wps_rf_bands for 2.4 and 5 GHz makes the radio's WPS IEs dual-band, as hostapd's", () => {
  for (const rfBands of [0x01, 0x03]) {
    const clock = new ManualClock();
    const wps = new WpsContext(apSettings({ bssid: BSSID, ssid: SSID, rfBands }), quietHost, clock);
    const { bss } = fakeRadioBss({}, { wpsState: 2 }, { wps });
    try {
      const rfAttr = (ie: Uint8Array) => parseAttributes(extractWpsIe(ie)!).map.get(Attr.RF_BANDS);
      const beacon = () => bss.ap.beacon();
      equal(rfAttr(beacon().beaconIes)?.[0]?.value[0], rfBands === 3 ? 3 : undefined);
      equal(rfAttr(beacon().probeRespIes)?.[0]?.value[0], rfBands === 3 ? 3 : undefined);
      // Under PBC the beacon carries the AP's UUID so Enrollees count it once across bands.
      wps.startPbc();
      bss.wpsIesChanged();
      const uuid = parseAttributes(extractWpsIe(beacon().beaconIes)!).map.get(Attr.UUID_E);
      equal(uuid !== undefined, rfBands === 3);
    } finally {
      bss.stop();
    }
  }
});
