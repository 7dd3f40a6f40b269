/**
 * RadioBss and the group key counter in msg 3/4: the driver reads the counter with GET_KEY once
 * msg 1/4 is out, and a station's msg 2/4 that arrives before the reply has landed must wait
 * for it (the hwsim guest once saw a zero Key RSC this way). A fake kernel whose GET_KEY answers
 * when the test says so, a real PskSupplicant as the station.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { MacAcl } from "../../core/ap/mac_acl.ts";
import { stationAssoc, stationAuth } from "../../core/ap/station_frames.ts";
import { randomBytes, toHex } from "../../core/bytes.ts";
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import { NlAttrWriter } from "../../core/netlink/attributes.ts";
import { buildGenlMessage, parseGenlMessage } from "../../core/netlink/message.ts";
import { Nl80211Attr as A, Nl80211Cmd as C } from "../../core/netlink/nl80211_const.ts";
import { decodeEvent } from "../../core/netlink/nl80211_decode.ts";
import { parseEapolKey } from "../../core/wpa/eapol_key.ts";
import { parseRsnElement } from "../../core/wpa/rsn_ie.ts";
import { PskSupplicant } from "../../core/wpa/supplicant.ts";
import { RadioBss, type StationCommands } from "../../daemon/drivers/radio_bss.ts";
import { AP_RSN, BSSID, params, SSID, STA1 } from "../core/ap/_station.ts";

const IFINDEX = 1;
const RSC = Uint8Array.of(7, 0, 0, 0, 0, 0, 0, 0);

/** A kernel that acknowledges every management frame and holds GET_KEY until answer() is called. */
class Kernel implements StationCommands {
  readonly eapol: Uint8Array[] = [];
  readonly pendingTx: Uint8Array[] = [];
  readonly reads: ((rsc: Uint8Array | undefined) => void)[] = [];
  postFrame(): void {}
  sendFrame(_ifindex: number, frame: Uint8Array): Promise<bigint> {
    this.pendingTx.push(frame);
    return Promise.resolve(1n);
  }
  postNewStation(): void {}
  postSetStation(): void {}
  postDelStation(): void {}
  postNewKey(): void {}
  postSetDefaultKey(): void {}
  postControlPort(_ifindex: number, _dest: Uint8Array, payload: Uint8Array): void {
    this.eapol.push(payload);
  }
  getGroupKeyRsc(): Promise<Uint8Array | undefined> {
    return new Promise((resolve) => this.reads.push(resolve));
  }
}

/** An nl80211 event as the driver's socket decodes it. */
function event(cmd: number, fill: (w: NlAttrWriter) => void) {
  const w = new NlAttrWriter();
  fill(w);
  return decodeEvent(
    parseGenlMessage(buildGenlMessage({ type: 0x1c, flags: 0, seq: 0, portId: 0 }, cmd, w.bytes())),
  );
}

function setup() {
  const kernel = new Kernel();
  const clock = new ManualClock();
  const psk = randomBytes(32);
  const bss = new RadioBss({
    ifindex: IFINDEX,
    ifname: "test0",
    params: params({ wpsState: 0 }),
    acl: new MacAcl(0),
    wpa: {
      bssid: BSSID,
      rsn: parseRsnElement(AP_RSN),
      psks: { common: psk, entries: [] },
      eapolVersion: 2,
      // No msg 1/4 retry within the tests' waits: the frames counted are the handshake's own.
      firstTimeoutMs: 10_000,
    },
    commands: kernel,
    beaconChanged: () => {},
    emit: () => {},
    logger: silentLogger,
    clock,
  });
  bss.start();
  const sta = new PskSupplicant({
    mac: STA1,
    aa: BSSID,
    psk,
    rsnElement: AP_RSN,
    apRsnElement: AP_RSN,
  });
  const frame = (f: Uint8Array) =>
    bss.onEvent(event(C.FRAME, (w) => {
      w.u32(A.IFINDEX, IFINDEX);
      w.u32(A.WIPHY_FREQ, 2412);
      w.data(A.FRAME, f);
    }));
  const ackTx = () => {
    for (const f of kernel.pendingTx.splice(0)) {
      bss.onEvent(event(C.FRAME_TX_STATUS, (w) => {
        w.u32(A.IFINDEX, IFINDEX);
        w.u64(A.COOKIE, 1n);
        w.data(A.FRAME, f);
        w.flag(A.ACK);
      }));
    }
  };
  frame(stationAuth(STA1, BSSID));
  ackTx();
  frame(stationAssoc(STA1, BSSID, { ssid: SSID, wmm: true, listenInterval: 1, rsn: AP_RSN }));
  ackTx();
  return { bss, kernel, clock, sta };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("msg 2/4 waits for the group key counter read, and msg 3/4 carries the counter", async () => {
  const { bss, kernel, sta } = setup();
  try {
    equal(kernel.eapol.length, 1, "msg 1/4 sent after the association");
    equal(kernel.reads.length, 1, "the counter read starts with msg 1/4");
    const msg2 = sta.receive(kernel.eapol[0]!);
    ok(msg2, "the station answers msg 1/4");
    // Msg 2/4 arrives before the GET_KEY reply: it must wait for it.
    bss.receiveEapol(STA1, msg2);
    await settle();
    equal(kernel.eapol.length, 1, "msg 3/4 was sent before the counter was read");
    kernel.reads[0]!(RSC);
    await settle();
    equal(kernel.eapol.length, 2, "msg 3/4 follows once the read has landed");
    deepStrictEqual(toHex(parseEapolKey(kernel.eapol[1]!).rsc), toHex(RSC));
    ok(sta.receive(kernel.eapol[1]!), "the station accepts msg 3/4");
  } finally {
    bss.stop();
  }
});

Deno.test("a counter read that never answers holds msg 2/4 for at most a second", async () => {
  const { bss, kernel, clock, sta } = setup();
  try {
    bss.receiveEapol(STA1, sta.receive(kernel.eapol[0]!)!);
    await settle();
    equal(kernel.eapol.length, 1);
    clock.advance(999);
    equal(kernel.eapol.length, 1, "released too early");
    clock.advance(1);
    equal(kernel.eapol.length, 2, "msg 3/4 after the bound");
    // Without a counter the Key RSC is zero, as before any read.
    equal(toHex(parseEapolKey(kernel.eapol[1]!).rsc), "0000000000000000");
  } finally {
    bss.stop();
  }
});
