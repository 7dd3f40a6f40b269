import { deepStrictEqual, equal, notDeepStrictEqual, ok } from "node:assert/strict";
import { formatMac, fromHex } from "../../../core/bytes.ts";
import { ManualClock } from "../../../core/clock.ts";
import { WpaAuthenticator } from "../../../core/wpa/authenticator.ts";
import {
  type WpaAuthenticatorOptions,
  type WpaHost,
  WpaReason,
} from "../../../core/wpa/wpa_host.ts";
import { KeyInfo, parseEapolKey, signEapolKey } from "../../../core/wpa/eapol_key.ts";
import { passphraseToPsk, type PskConfig } from "../../../core/wpa/psk.ts";
import {
  AkmSuite,
  buildRsnElement,
  CipherSuite,
  RsnCapability,
  type RsnElement,
  RsnStatus,
} from "../../../core/wpa/rsn_ie.ts";
import { PskSupplicant } from "../../../core/wpa/supplicant.ts";

const SSID = "tsapd-lab";
const BSSID = fromHex("020000000100");
const STA1 = fromHex("020000000201");
const STA2 = fromHex("020000000202");
const AP_RSN: RsnElement = {
  version: 1,
  groupCipher: CipherSuite.CCMP,
  pairwiseCiphers: [CipherSuite.CCMP],
  akms: [AkmSuite.PSK],
  capabilities: 0,
  pmkids: [],
};
const STA_RSN = buildRsnElement(AP_RSN);
const COMMON = passphraseToPsk("correct horse battery", SSID);

/** An in-memory BSS: the authenticator, a recording host, and test supplicants. */
class Bss {
  readonly clock = new ManualClock();
  readonly events: string[] = [];
  readonly deauths: { mac: string; reason: number; at: number }[] = [];
  readonly authorized: string[] = [];
  readonly pairwiseKeys: { mac: string; tk: Uint8Array; cipher?: number }[] = [];
  readonly groupKeys: { index: number; gtk: Uint8Array; at: number; cipher?: number }[] = [];
  readonly integrityKeys: { index: number; igtk: Uint8Array; cipher: number }[] = [];
  readonly sent: { mac: string; frame: Uint8Array; at: number }[] = [];
  /** Key indexes of groupKeyRsc() reads, with how many frames were sent by then. */
  readonly rscReads: { index: number; afterFrames: number }[] = [];
  readonly queue: { mac: Uint8Array; frame: Uint8Array }[] = [];
  readonly stas = new Map<string, PskSupplicant>();
  /** Stations whose replies are swallowed (a wrong or absent peer). */
  readonly mute = new Set<string>();
  /** Replies held back instead of delivered. */
  readonly held: { mac: Uint8Array; frame: Uint8Array }[] = [];
  holdNext = false;
  /** Every reply handed to the authenticator. */
  readonly delivered: Uint8Array[] = [];
  readonly auth: WpaAuthenticator;

  constructor(options: Partial<WpaAuthenticatorOptions> = {}) {
    const host: WpaHost = {
      sendEapol: (mac, frame) => {
        this.sent.push({ mac: formatMac(mac), frame, at: this.clock.now() });
        this.queue.push({ mac, frame });
      },
      installPairwiseKey: (mac, tk, cipher) =>
        this.pairwiseKeys.push({ mac: formatMac(mac), tk, cipher }),
      installGroupKey: (index, gtk, cipher) =>
        this.groupKeys.push({ index, gtk, at: this.clock.now(), cipher }),
      installIntegrityGroupKey: (index, igtk, cipher) =>
        this.integrityKeys.push({ index, igtk, cipher }),
      authorize: (mac) => this.authorized.push(formatMac(mac)),
      deauth: (mac, reason) =>
        this.deauths.push({ mac: formatMac(mac), reason, at: this.clock.now() }),
      emit: (event) => this.events.push(event),
      groupKeyRsc: (index) => {
        this.rscReads.push({ index, afterFrames: this.sent.length });
        return Uint8Array.of(index, 0, 0, 0, 0, 0, 0x5a, 0);
      },
    };
    this.auth = new WpaAuthenticator({
      bssid: BSSID,
      rsn: AP_RSN,
      psks: { common: COMMON, entries: [] },
      host,
      clock: this.clock,
      ...options,
    });
    this.auth.start();
  }

  /** A supplicant holding `psk` that frames for `mac` go to (not yet associated). */
  supplicant(mac: Uint8Array, psk: Uint8Array): PskSupplicant {
    const sta = new PskSupplicant({
      mac,
      aa: BSSID,
      psk,
      rsnElement: STA_RSN,
      apRsnElement: this.auth.rsnElement,
    });
    this.stas.set(formatMac(mac), sta);
    return sta;
  }

  /** Associates a supplicant holding `psk` and runs the exchange to quiescence. */
  join(mac: Uint8Array, psk: Uint8Array, opts: { sha256?: boolean; rsn?: Uint8Array } = {}) {
    const rsn = opts.rsn ?? STA_RSN;
    const sta = new PskSupplicant({
      mac,
      aa: BSSID,
      psk,
      rsnElement: rsn,
      apRsnElement: this.auth.rsnElement,
      sha256: opts.sha256 ?? false,
    });
    this.stas.set(formatMac(mac), sta);
    const status = this.auth.associate(mac, rsn);
    this.pump();
    return { sta, status };
  }

  /** Delivers queued frames to the supplicants and their replies to the authenticator. */
  pump(): void {
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      const sta = this.stas.get(formatMac(item.mac));
      const reply = sta?.receive(item.frame);
      if (!reply || this.mute.has(formatMac(item.mac))) continue;
      if (this.holdNext) {
        this.holdNext = false;
        this.held.push({ mac: item.mac, frame: reply });
        continue;
      }
      this.delivered.push(reply);
      this.auth.receiveEapol(item.mac, reply);
    }
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.pump();
  }

  sentTo(mac: Uint8Array) {
    return this.sent.filter((s) => s.mac === formatMac(mac)).map((s) => ({
      ...parseEapolKey(s.frame),
      at: s.at,
    }));
  }
}

Deno.test("WpaAuthenticator authorizes a station with the right passphrase", () => {
  const bss = new Bss();
  equal(bss.groupKeys.length, 1);
  equal(bss.groupKeys[0]!.index, 1);
  const { sta, status } = bss.join(STA1, passphraseToPsk("correct horse battery", SSID));
  equal(status, RsnStatus.SUCCESS);
  deepStrictEqual(bss.events, [
    `AP-STA-CONNECTED ${formatMac(STA1)}`,
    `EAPOL-4WAY-HS-COMPLETED ${formatMac(STA1)}`,
  ]);
  deepStrictEqual(bss.authorized, [formatMac(STA1)]);
  deepStrictEqual(bss.pairwiseKeys, [
    { mac: formatMac(STA1), tk: sta.ptk!.tk, cipher: CipherSuite.CCMP },
  ]);
  deepStrictEqual(sta.gtk, bss.groupKeys[0]!.gtk);
  equal(bss.groupKeys[0]!.cipher, CipherSuite.CCMP);
  equal(sta.gtkIndex, 1);
  const frames = bss.sentTo(STA1);
  deepStrictEqual(frames.map((f) => f.replayCounter), [1n, 2n]);
  equal(frames[0]!.keyInfo, 2 | KeyInfo.PAIRWISE | KeyInfo.ACK);
  equal(frames[0]!.keyLength, 16);
  equal(frames[1]!.keyInfo, 0x13ca);
  // Msg 3/4 carries the GTK's transmit counter so the station can detect replays.
  deepStrictEqual(frames[1]!.rsc, Uint8Array.of(1, 0, 0, 0, 0, 0, 0x5a, 0));
  deepStrictEqual(frames[0]!.rsc, new Uint8Array(8));
  // The counter is read as msg 3/4 is built, not for msg 1/4.
  deepStrictEqual(bss.rscReads, [{ index: 1, afterFrames: 1 }]);
  deepStrictEqual(sta.complaints, []);
  deepStrictEqual(bss.auth.station(STA1), {
    state: "done",
    authorized: true,
    akm: AkmSuite.PSK,
    pairwise: CipherSuite.CCMP,
    groupRekeying: false,
  });
  equal(bss.auth.mibCounters.fourWayFailures, 0);
  // No retransmission once the handshake is done.
  bss.advance(60_000);
  equal(bss.sent.length, 2);
  deepStrictEqual(bss.deauths, []);
});

Deno.test("WpaAuthenticator never authorizes a wrong passphrase and deauthenticates after 4 tries", () => {
  const bss = new Bss();
  bss.join(STA1, passphraseToPsk("wrong horse battery", SSID));
  const mismatch = `AP-STA-POSSIBLE-PSK-MISMATCH ${formatMac(STA1)}`;
  deepStrictEqual(bss.events, [mismatch]);
  bss.advance(100);
  equal(bss.sentTo(STA1).length, 2);
  bss.advance(2999);
  equal(bss.sentTo(STA1).length, 4);
  deepStrictEqual(bss.deauths, []);
  bss.advance(1);
  deepStrictEqual(bss.deauths, [{ mac: formatMac(STA1), reason: 15, at: 3100 }]);
  const msg1s = bss.sentTo(STA1);
  deepStrictEqual(msg1s.map((f) => [f.replayCounter, f.at]), [[1n, 0], [2n, 100], [
    3n,
    1100,
  ], [4n, 2100]]);
  // The ANonce stays the same across retransmissions of msg 1/4.
  ok(msg1s.every((f) => f.nonce.every((b, i) => b === msg1s[0]!.nonce[i])));
  deepStrictEqual(bss.events, [mismatch, mismatch, mismatch, mismatch]);
  deepStrictEqual(bss.authorized, []);
  deepStrictEqual(bss.pairwiseKeys, []);
  equal(bss.auth.station(STA1), undefined);
  bss.advance(10_000);
  equal(bss.sent.length, 4);
  // MIB: the station's suites were selected at association, and its handshake failed once.
  deepStrictEqual(bss.auth.mibCounters, {
    akmSelected: AkmSuite.PSK,
    pairwiseSelected: CipherSuite.CCMP,
    groupSelected: CipherSuite.CCMP,
    fourWayFailures: 1,
  });
  equal(bss.auth.groupState, 2);
});

Deno.test("WpaAuthenticator reports the keyid of the wpa_psk_file entry that matched", async (t) => {
  const keyed = passphraseToPsk("guest passphrase", SSID);
  const wildcard = passphraseToPsk("wildcard passphrase", SSID);
  const wps = crypto.getRandomValues(new Uint8Array(32));
  const psks: PskConfig = {
    common: COMMON,
    entries: [
      { mac: new Uint8Array(6), psk: wildcard, keyid: "everyone" },
      { mac: STA1, psk: keyed, keyid: "guest" },
      { mac: STA2, psk: keyed, keyid: "not-for-sta1" },
      { mac: STA1, psk: wps, wps: true },
    ],
  };
  const rows: [string, Uint8Array, string][] = [
    ["per-station entry", keyed, ` keyid=guest`],
    ["wildcard entry", wildcard, ` keyid=everyone`],
    ["WPS-added entry", wps, ""],
    ["common PSK", COMMON, ""],
  ];
  for (const [name, psk, suffix] of rows) {
    await t.step(name, () => {
      const bss = new Bss({ psks });
      bss.join(STA1, psk);
      deepStrictEqual(bss.events, [
        `AP-STA-CONNECTED ${formatMac(STA1)}${suffix}`,
        `EAPOL-4WAY-HS-COMPLETED ${formatMac(STA1)}`,
      ]);
      equal(bss.auth.station(STA1)?.keyid, suffix ? suffix.slice(7) : undefined);
    });
  }
  await t.step("another station's entry does not match", () => {
    const bss = new Bss({ psks: { entries: psks.entries.slice(2, 3) } });
    bss.join(STA1, keyed);
    deepStrictEqual(bss.events, [`AP-STA-POSSIBLE-PSK-MISMATCH ${formatMac(STA1)}`]);
  });
});

Deno.test("WpaAuthenticator rekeys the group every wpa_group_rekey seconds", () => {
  const bss = new Bss({ groupRekeySeconds: 600 });
  const a = bss.join(STA1, COMMON).sta;
  const b = bss.join(STA2, COMMON).sta;
  bss.mute.add(formatMac(STA2));
  bss.advance(600_000);
  // STA1 acknowledged, STA2 has not yet: the AP keeps transmitting with the old GTK.
  equal(a.gtkIndex, 2);
  equal(bss.groupKeys.length, 1);
  ok(bss.auth.station(STA2)!.groupRekeying);
  bss.mute.delete(formatMac(STA2));
  bss.advance(500);
  equal(b.gtkIndex, 2);
  deepStrictEqual(a.gtk, b.gtk);
  deepStrictEqual(bss.groupKeys.map((g) => [g.index, g.at]), [[1, 0], [2, 600_500]]);
  deepStrictEqual(bss.groupKeys[1]!.gtk, a.gtk);
  notDeepStrictEqual(bss.groupKeys[1]!.gtk, bss.groupKeys[0]!.gtk);
  const group1 = bss.sentTo(STA1)[2]!;
  equal(
    group1.keyInfo,
    2 | KeyInfo.ACK | KeyInfo.MIC | KeyInfo.SECURE | KeyInfo.ENCRYPTED_KEY_DATA,
  );
  equal(group1.replayCounter, 3n);
  // The new GTK is not in the driver yet: it will count from zero, whatever the driver's counter
  // for its index says (that is the key two rekeys back).
  deepStrictEqual(group1.rsc, new Uint8Array(8));
  bss.advance(599_500);
  equal(a.gtkIndex, 1);
  equal(b.gtkIndex, 1);
  deepStrictEqual(bss.groupKeys.map((g) => g.index), [1, 2, 1]);
  deepStrictEqual(bss.deauths, []);
  deepStrictEqual(a.complaints, []);
});

Deno.test("wpa_strict_rekey: a GTK holder's leave brings the group rekey forward to 0.5 s", () => {
  const STA3 = Uint8Array.of(2, 0, 0, 0, 0, 9);
  const run = (strictRekey: boolean) => {
    const bss = new Bss({ groupRekeySeconds: 3600, strictRekey });
    const a = bss.join(STA1, COMMON).sta;
    bss.join(STA2, COMMON);
    bss.mute.add(formatMac(STA3));
    bss.join(STA3, COMMON); // never completes its 4-way handshake: holds no GTK
    bss.auth.disconnect(STA3);
    bss.advance(1000);
    const before = a.gtkIndex;
    bss.auth.associate(STA1, STA_RSN); // associating again is no leave
    bss.pump();
    bss.advance(1000);
    const afterReassoc = a.gtkIndex;
    bss.auth.disconnect(STA2);
    bss.advance(499);
    const at499 = a.gtkIndex;
    bss.advance(1);
    return { before, afterReassoc, at499, at500: a.gtkIndex, keys: bss.groupKeys.length };
  };
  deepStrictEqual(run(true), { before: 1, afterReassoc: 1, at499: 1, at500: 2, keys: 2 });
  deepStrictEqual(run(false), { before: 1, afterReassoc: 1, at499: 1, at500: 1, keys: 1 });
});

Deno.test("WpaAuthenticator deauthenticates a station that never answers the group handshake", () => {
  const bss = new Bss({ groupRekeySeconds: 3600 });
  bss.join(STA1, COMMON);
  bss.join(STA2, COMMON);
  bss.mute.add(formatMac(STA2));
  bss.auth.rekeyGroup();
  bss.pump();
  bss.advance(3499);
  deepStrictEqual(bss.deauths, []);
  equal(bss.groupKeys.length, 1);
  bss.advance(1);
  deepStrictEqual(bss.deauths, [{ mac: formatMac(STA2), reason: 16, at: 3500 }]);
  equal(bss.sentTo(STA2).length, 2 + 4);
  equal(bss.events.at(-1), `AP-STA-DISCONNECTED ${formatMac(STA2)}`);
  // With STA2 gone every remaining station has the new GTK, so the AP switches to it.
  deepStrictEqual(bss.groupKeys.map((g) => [g.index, g.at]), [[1, 0], [2, 3500]]);
});

Deno.test("WpaAuthenticator updates the GTK of a station whose 4-way handshake spans a rekey", () => {
  const bss = new Bss();
  const sta = bss.supplicant(STA1, COMMON);
  bss.auth.associate(STA1, STA_RSN);
  // Deliver msg 1/4 and msg 2/4 by hand, then hold msg 4/4 while the group is rekeyed.
  const msg1 = bss.queue.shift()!;
  bss.auth.receiveEapol(STA1, sta.receive(msg1.frame)!);
  const msg3 = bss.queue.shift()!;
  const msg4 = sta.receive(msg3.frame)!;
  equal(sta.gtkIndex, 1);
  bss.auth.rekeyGroup();
  equal(bss.queue.length, 0);
  bss.auth.receiveEapol(STA1, msg4);
  bss.pump();
  equal(sta.gtkIndex, 2);
  deepStrictEqual(bss.groupKeys.map((g) => g.index), [1, 2]);
  deepStrictEqual(sta.gtk, bss.groupKeys[1]!.gtk);
});

Deno.test("WpaAuthenticator rekeys the PTK after wpa_ptk_rekey without a second AP-STA-CONNECTED", () => {
  const bss = new Bss({ ptkRekeySeconds: 30 });
  const { sta } = bss.join(STA1, COMMON);
  const firstTk = sta.ptk!.tk;
  bss.advance(29_999);
  equal(bss.sent.length, 2);
  bss.advance(1);
  equal(bss.sent.length, 4);
  const mac = formatMac(STA1);
  deepStrictEqual(bss.events, [
    `AP-STA-CONNECTED ${mac}`,
    `EAPOL-4WAY-HS-COMPLETED ${mac}`,
    `EAPOL-4WAY-HS-COMPLETED ${mac}`,
  ]);
  equal(bss.pairwiseKeys.length, 2);
  deepStrictEqual(bss.pairwiseKeys[1]!.tk, sta.ptk!.tk);
  notDeepStrictEqual(sta.ptk!.tk, firstTk);
  deepStrictEqual(bss.sentTo(STA1).map((f) => f.replayCounter), [1n, 2n, 3n, 4n]);
  bss.advance(30_000);
  equal(bss.pairwiseKeys.length, 3);
});

Deno.test("WpaAuthenticator accepts msg 2/4 answering an earlier msg 1/4 but no replays", () => {
  const bss = new Bss();
  bss.holdNext = true;
  bss.join(STA1, COMMON);
  equal(bss.held.length, 1);
  // The reply to the retransmitted msg 1/4 is lost; the one to the first arrives late.
  bss.mute.add(formatMac(STA1));
  bss.advance(100);
  bss.mute.delete(formatMac(STA1));
  deepStrictEqual(bss.sentTo(STA1).map((f) => f.replayCounter), [1n, 2n]);
  const lateMsg2 = bss.held.pop()!;
  equal(parseEapolKey(lateMsg2.frame).replayCounter, 1n);
  bss.auth.receiveEapol(STA1, lateMsg2.frame);
  bss.pump();
  equal(bss.events[0], `AP-STA-CONNECTED ${formatMac(STA1)}`);
  deepStrictEqual(bss.sentTo(STA1).map((f) => f.replayCounter), [1n, 2n, 3n]);
  // Replaying msg 2/4 or msg 4/4 after completion changes nothing.
  const msg4 = bss.delivered.at(-1)!;
  equal(parseEapolKey(msg4).keyData.length, 0);
  bss.auth.receiveEapol(STA1, lateMsg2.frame);
  bss.auth.receiveEapol(STA1, msg4);
  bss.pump();
  equal(bss.sent.length, 3);
  equal(bss.events.length, 2);
  equal(bss.pairwiseKeys.length, 1);
});

Deno.test("WpaAuthenticator deauthenticates when the msg 2/4 RSN element differs", () => {
  const bss = new Bss();
  const sta = new PskSupplicant({
    mac: STA1,
    aa: BSSID,
    psk: COMMON,
    rsnElement: STA_RSN,
    apRsnElement: bss.auth.rsnElement,
  });
  sta.msg2Rsn = buildRsnElement({ ...AP_RSN, capabilities: 0x000c });
  bss.stas.set(formatMac(STA1), sta);
  bss.auth.associate(STA1, STA_RSN);
  bss.pump();
  deepStrictEqual(bss.deauths, [{
    mac: formatMac(STA1),
    reason: WpaReason.IE_IN_4WAY_DIFFERS,
    at: 0,
  }]);
  deepStrictEqual(bss.authorized, []);
  deepStrictEqual(bss.events, []);
});

Deno.test("WpaAuthenticator rejects an association RSN element it cannot serve", () => {
  const bss = new Bss();
  const tkip = buildRsnElement({ ...AP_RSN, pairwiseCiphers: [CipherSuite.TKIP] });
  equal(bss.join(STA1, COMMON, { rsn: tkip }).status, RsnStatus.PAIRWISE_CIPHER_NOT_VALID);
  const sha256 = buildRsnElement({ ...AP_RSN, akms: [AkmSuite.PSK_SHA256] });
  equal(bss.join(STA1, COMMON, { rsn: sha256 }).status, RsnStatus.AKMP_NOT_VALID);
  equal(bss.sent.length, 0);
  equal(bss.auth.station(STA1), undefined);
});

Deno.test("WpaAuthenticator runs the PSK-SHA256 AKM with AES-CMAC MICs", () => {
  const rsn = { ...AP_RSN, akms: [AkmSuite.PSK, AkmSuite.PSK_SHA256] };
  const bss = new Bss({ rsn });
  const staRsn = buildRsnElement({ ...AP_RSN, akms: [AkmSuite.PSK_SHA256] });
  const { sta } = bss.join(STA1, COMMON, { sha256: true, rsn: staRsn });
  equal(bss.events[1], `EAPOL-4WAY-HS-COMPLETED ${formatMac(STA1)}`);
  ok(bss.sentTo(STA1).every((f) => (f.keyInfo & 7) === 3));
  deepStrictEqual(bss.pairwiseKeys[0]!.tk, sta.ptk!.tk);
  equal(bss.auth.station(STA1)?.akm, AkmSuite.PSK_SHA256);
});

Deno.test("WpaAuthenticator reports AP-STA-DISCONNECTED only for authorized stations", () => {
  const bss = new Bss();
  bss.join(STA1, COMMON);
  bss.mute.add(formatMac(STA2));
  bss.join(STA2, COMMON);
  bss.auth.disconnect(STA2);
  bss.auth.disconnect(STA1);
  bss.auth.disconnect(STA1);
  deepStrictEqual(bss.events.slice(2), [`AP-STA-DISCONNECTED ${formatMac(STA1)}`]);
  deepStrictEqual(bss.deauths, []);
  // Timers of the dropped stations are gone; only the group rekey timer remains.
  equal(bss.clock.pending, 1);
});

Deno.test("WpaAuthenticator restarts the handshake on reassociation", () => {
  const bss = new Bss();
  bss.join(STA1, COMMON);
  bss.join(STA1, COMMON);
  const mac = formatMac(STA1);
  deepStrictEqual(bss.events, [
    `AP-STA-CONNECTED ${mac}`,
    `EAPOL-4WAY-HS-COMPLETED ${mac}`,
    `AP-STA-DISCONNECTED ${mac}`,
    `AP-STA-CONNECTED ${mac}`,
    `EAPOL-4WAY-HS-COMPLETED ${mac}`,
  ]);
  deepStrictEqual(bss.sentTo(STA1).map((f) => f.replayCounter), [1n, 2n, 1n, 2n]);
});

Deno.test("WpaAuthenticator.setPsks() deauthenticates stations whose PSK was removed", () => {
  const keyed = passphraseToPsk("guest passphrase", SSID);
  const entries = [{ mac: STA1, psk: keyed, keyid: "guest" }];
  const bss = new Bss({ psks: { common: COMMON, entries } });
  bss.join(STA1, keyed);
  bss.join(STA2, COMMON);
  bss.auth.setPsks({ common: COMMON, entries: [...entries] });
  deepStrictEqual(bss.deauths, []);
  bss.auth.setPsks({ common: COMMON, entries: [] });
  deepStrictEqual(bss.deauths, [{ mac: formatMac(STA1), reason: 2, at: 0 }]);
  equal(bss.events.at(-1), `AP-STA-DISCONNECTED ${formatMac(STA1)}`);
  ok(bss.auth.station(STA2)?.authorized);
});

Deno.test("WpaAuthenticator honours a station's group rekey request once per replay counter", () => {
  const bss = new Bss();
  const { sta } = bss.join(STA1, COMMON);
  bss.auth.receiveEapol(STA1, sta.request(false, 7n));
  bss.pump();
  equal(sta.gtkIndex, 2);
  bss.auth.receiveEapol(STA1, sta.request(false, 7n));
  bss.pump();
  equal(sta.gtkIndex, 2);
  const forged = sta.request(false, 8n);
  forged[90]! ^= 1;
  bss.auth.receiveEapol(STA1, forged);
  bss.pump();
  equal(sta.gtkIndex, 2);
  deepStrictEqual(bss.groupKeys.map((g) => g.index), [1, 2]);
});

Deno.test("WpaAuthenticator drops garbage and frames from unknown stations", () => {
  const bss = new Bss();
  bss.auth.receiveEapol(STA1, new Uint8Array(10));
  bss.mute.add(formatMac(STA1));
  bss.join(STA1, COMMON);
  bss.auth.receiveEapol(STA1, new Uint8Array(200));
  bss.auth.receiveEapol(STA1, fromHex("0203000401020304"));
  equal(bss.auth.station(STA1)?.state, "expectMsg2");
  deepStrictEqual(bss.events, []);
});

Deno.test("WpaAuthenticator survives random and mutated EAPOL frames in every state", () => {
  const bss = new Bss({ ptkRekeySeconds: 5 });
  const { sta } = bss.join(STA1, COMMON);
  const valid = bss.delivered.slice();
  for (let i = 0; i < 2000; i++) {
    const base = valid[i % valid.length]!;
    const frame = i % 3 === 0 ? crypto.getRandomValues(new Uint8Array(i % 200)) : base.slice();
    if (i % 3 !== 0) frame[i % frame.length]! ^= 1 << (i % 8);
    bss.auth.receiveEapol(STA1, frame);
    if (i % 500 === 0) bss.advance(5_000);
  }
  bss.advance(5_000);
  // Only genuine handshakes completed: every install matches a key the supplicant derived.
  equal(bss.auth.station(STA1)?.authorized, true);
  deepStrictEqual(bss.pairwiseKeys.at(-1)!.tk, sta.ptk!.tk);
  ok(bss.events.every((e) => !e.startsWith("AP-STA-POSSIBLE-PSK-MISMATCH")));
});

Deno.test("WpaAuthenticator runs GCMP-256 and GCMP: 32- and 16-octet TKs, the group cipher's GTK", () => {
  const rsn: RsnElement = {
    ...AP_RSN,
    groupCipher: CipherSuite.GCMP,
    pairwiseCiphers: [CipherSuite.GCMP_256, CipherSuite.GCMP],
  };
  const bss = new Bss({ rsn });
  equal(bss.groupKeys[0]!.gtk.length, 16);
  equal(bss.groupKeys[0]!.cipher, CipherSuite.GCMP);
  const cases: [Uint8Array, number, number][] = [
    [STA1, CipherSuite.GCMP_256, 32],
    [STA2, CipherSuite.GCMP, 16],
  ];
  for (const [mac, cipher, len] of cases) {
    const staRsn = buildRsnElement({ ...rsn, pairwiseCiphers: [cipher] });
    const { sta, status } = bss.join(mac, COMMON, { rsn: staRsn });
    equal(status, RsnStatus.SUCCESS);
    equal(bss.sentTo(mac)[0]!.keyLength, len, "msg 1/4 Key Length");
    const installed = bss.pairwiseKeys.find((k) => k.mac === formatMac(mac))!;
    equal(installed.cipher, cipher);
    equal(installed.tk.length, len);
    deepStrictEqual(installed.tk, sta.ptk!.tk);
    deepStrictEqual(sta.gtk, bss.groupKeys[0]!.gtk);
  }
  const big = new Bss({
    rsn: { ...rsn, groupCipher: CipherSuite.GCMP_256, pairwiseCiphers: [CipherSuite.GCMP_256] },
  });
  equal(big.groupKeys[0]!.gtk.length, 32);
});

Deno.test("a station joining during a group rekey gets the new GTK with a zero Key RSC", () => {
  const bss = new Bss({ groupRekeySeconds: 3600 });
  bss.join(STA1, COMMON);
  bss.mute.add(formatMac(STA1));
  bss.auth.rekeyGroup();
  const { sta } = bss.join(STA2, COMMON);
  const msg3 = bss.sentTo(STA2)[1]!;
  equal(sta.gtkIndex, 2);
  deepStrictEqual(msg3.rsc, new Uint8Array(8));
  // Once every station has it the key is installed, and msg 3/4 carries its counter again.
  bss.mute.delete(formatMac(STA1));
  bss.advance(500);
  deepStrictEqual(bss.groupKeys.map((g) => g.index), [1, 2]);
  const STA3 = fromHex("020000000203");
  bss.join(STA3, COMMON);
  deepStrictEqual(bss.sentTo(STA3)[1]!.rsc, Uint8Array.of(2, 0, 0, 0, 0, 0, 0x5a, 0));
});

Deno.test("WpaAuthenticator ignores a group rekey request while a rekey is under way", () => {
  const bss = new Bss({ groupRekeySeconds: 3600 });
  const a = bss.join(STA1, COMMON).sta;
  const b = bss.join(STA2, COMMON).sta;
  bss.mute.add(formatMac(STA2));
  bss.auth.rekeyGroup();
  bss.pump();
  equal(a.gtkIndex, 2);
  // STA1 asks for another rekey before STA2 has the new key: the AP must not move on to a
  // third GTK at index 1, the index it still transmits with.
  bss.auth.receiveEapol(STA1, a.request(false, 9n));
  bss.pump();
  equal(a.gtkIndex, 2);
  bss.mute.delete(formatMac(STA2));
  bss.advance(500);
  equal(b.gtkIndex, 2);
  deepStrictEqual(a.gtk, b.gtk);
  deepStrictEqual(bss.groupKeys.map((g) => g.index), [1, 2]);
  // Once the rekey is over a request is honoured again.
  bss.auth.receiveEapol(STA1, a.request(false, 10n));
  bss.pump();
  equal(a.gtkIndex, 1);
});

Deno.test("WpaAuthenticator accepts msg 4/4 sent with the WPA descriptor type, as hostapd does", () => {
  const bss = new Bss();
  const sta = bss.supplicant(STA1, COMMON);
  bss.auth.associate(STA1, STA_RSN);
  bss.auth.receiveEapol(STA1, sta.receive(bss.queue.shift()!.frame)!);
  const msg4 = sta.receive(bss.queue.shift()!.frame)!;
  msg4[4] = 254;
  // The MIC covers the descriptor type: sign again as such a station would.
  msg4.fill(0, 81, 97);
  signEapolKey(sta.ptk!.kck, msg4);
  bss.auth.receiveEapol(STA1, msg4);
  equal(bss.auth.station(STA1)?.state, "done");
  deepStrictEqual(bss.authorized, [formatMac(STA1)]);
});

Deno.test("wpa_disable_eapol_key_retries sends msg 3/4 and group msg 1/2 once, then gives up", () => {
  for (const disableKeyRetries of [false, true]) {
    const bss = new Bss({ disableKeyRetries, groupRekeySeconds: 3600 });
    // STA1 answers msg 1/4, but msg 3/4 never reaches it.
    const sta = bss.supplicant(STA1, COMMON);
    bss.auth.associate(STA1, STA_RSN);
    bss.auth.receiveEapol(STA1, sta.receive(bss.queue.shift()!.frame)!);
    bss.mute.add(formatMac(STA1));
    // Sent once, msg 3/4 is waited for 4 s (hostapd's eapol_key_timeout_no_retrans), not 100 ms.
    bss.advance(3999);
    equal(bss.deauths.length, disableKeyRetries ? 0 : 1, "deauthenticated before 4 s");
    bss.advance(1001);
    const msg3s = bss.sentTo(STA1).filter((f) => f.keyInfo & KeyInfo.INSTALL).length;
    equal(
      msg3s,
      disableKeyRetries ? 1 : 4,
      `msg 3/4 sends, retries disabled: ${disableKeyRetries}`,
    );
    equal(bss.deauths.length, 1);
    // A connected station that stops answering the group handshake.
    bss.join(STA2, COMMON);
    bss.mute.add(formatMac(STA2));
    const before = bss.sentTo(STA2).length;
    bss.auth.rekeyGroup();
    const deauths = bss.deauths.length;
    bss.advance(3999);
    equal(bss.deauths.length - deauths, disableKeyRetries ? 0 : 1, "group: deauthenticated early");
    bss.advance(1001);
    equal(bss.sentTo(STA2).length - before, disableKeyRetries ? 1 : 4, "group msg 1/2 sends");
    equal(bss.deauths.at(-1)!.mac, formatMac(STA2));
  }
});

const MFP_RSN: RsnElement = { ...AP_RSN, capabilities: RsnCapability.MFPC };

Deno.test("WpaAuthenticator gives the IGTK to a station that protects management frames", () => {
  const bss = new Bss({ rsn: MFP_RSN });
  const psk = passphraseToPsk("correct horse battery", SSID);
  equal(bss.integrityKeys.length, 1);
  const first = bss.integrityKeys[0]!;
  deepStrictEqual([first.index, first.igtk.length, first.cipher], [
    4,
    16,
    CipherSuite.BIP_CMAC_128,
  ]);
  const mfp = bss.join(STA1, psk, { rsn: buildRsnElement(MFP_RSN) });
  equal(mfp.status, RsnStatus.SUCCESS);
  deepStrictEqual(mfp.sta.igtk?.keyIndex, 4);
  deepStrictEqual(mfp.sta.igtk?.key, first.igtk);
  // The IPN is the kernel's BIP counter for index 4 (the host's groupKeyRsc), 6 octets.
  deepStrictEqual(mfp.sta.igtk?.ipn, Uint8Array.of(4, 0, 0, 0, 0, 0));
  // Msg 3/4 read both counters: the IGTK's for its IPN and the GTK's for the Key RSC.
  deepStrictEqual(bss.rscReads.map((r) => r.index).sort(), [1, 4]);
  // Optional protection: a station without MFPC joins and is not given the IGTK.
  const plain = bss.join(STA2, psk);
  equal(plain.status, RsnStatus.SUCCESS);
  equal(plain.sta.igtk, undefined);
  ok(plain.sta.gtk !== undefined);
  // A group rekey moves the IGTK to index 5 with the GTK, sent to the MFP station only.
  bss.auth.rekeyGroup();
  bss.pump();
  equal(mfp.sta.igtk?.keyIndex, 5);
  notDeepStrictEqual(mfp.sta.igtk?.key, first.igtk);
  deepStrictEqual(mfp.sta.igtk?.ipn, new Uint8Array(6));
  equal(plain.sta.igtk, undefined);
  equal(plain.sta.gtkIndex, 2);
  deepStrictEqual(bss.integrityKeys.map((k) => k.index), [4, 5]);
  deepStrictEqual(bss.integrityKeys[1]!.igtk, mfp.sta.igtk?.key);
});

Deno.test("WpaAuthenticator refuses stations against the AP's management frame policy", () => {
  const required = new Bss({
    rsn: { ...AP_RSN, capabilities: RsnCapability.MFPC | RsnCapability.MFPR },
  });
  equal(required.auth.associate(STA1, STA_RSN), RsnStatus.ROBUST_MGMT_POLICY_VIOLATION);
  equal(required.auth.associate(STA1, Uint8Array.of(0x30, 4, 1, 0, 0, 0x0f)), RsnStatus.INVALID_IE);
  equal(required.auth.station(STA1), undefined);
  equal(required.auth.associate(STA1, buildRsnElement(MFP_RSN)), RsnStatus.SUCCESS);
  const gmac = new Bss({ rsn: { ...MFP_RSN, groupMgmtCipher: CipherSuite.BIP_GMAC_256 } });
  equal(gmac.integrityKeys[0]!.igtk.length, 32);
  equal(gmac.integrityKeys[0]!.cipher, CipherSuite.BIP_GMAC_256);
  // A station naming no group management cipher means BIP-CMAC-128, not the AP's.
  equal(gmac.auth.associate(STA1, buildRsnElement(MFP_RSN)), RsnStatus.CIPHER_REJECTED_PER_POLICY);
  equal(
    gmac.auth.associate(
      STA1,
      buildRsnElement({ ...MFP_RSN, groupMgmtCipher: CipherSuite.BIP_GMAC_256 }),
    ),
    RsnStatus.SUCCESS,
  );
});
