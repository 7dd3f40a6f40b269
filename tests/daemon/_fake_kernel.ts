/**
 * A RadioBss over a fake kernel, for tests of the radio glue without a radio: management frames
 * are acknowledged when the test says so, EAPOL sent through the control port is recorded, and
 * GET_KEY answers at once with the group key's counter (which restarts at zero on NEW_KEY), or
 * fails while {@link FakeKernel.failKeyReads} is set.
 *
 * @module
 */
import { MacAcl } from "../../core/ap/mac_acl.ts";
import { stationAssoc, stationAuth } from "../../core/ap/station_frames.ts";
import { randomBytes } from "../../core/bytes.ts";
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import { NlAttrWriter } from "../../core/netlink/attributes.ts";
import { buildGenlMessage, parseGenlMessage } from "../../core/netlink/message.ts";
import { Nl80211Attr as A, Nl80211Cmd as C } from "../../core/netlink/nl80211_const.ts";
import { decodeEvent } from "../../core/netlink/nl80211_decode.ts";
import type { KeyParams } from "../../core/netlink/nl80211_params.ts";
import type { WpaAuthenticatorOptions } from "../../core/wpa/wpa_host.ts";
import { parseRsnElement } from "../../core/wpa/rsn_ie.ts";
import { PskSupplicant } from "../../core/wpa/supplicant.ts";
import {
  RadioBss,
  type RadioBssOptions,
  type StationCommands,
} from "../../daemon/drivers/radio_bss.ts";
import type { ApParams } from "../../core/ap/ap_params.ts";
import { AP_RSN, BSSID, params, SSID } from "../core/ap/_station.ts";

/** The interface index of the fake BSS. */
export const IFINDEX = 1;

/** What the fake kernel saw and how it answers. */
export class FakeKernel implements StationCommands {
  /** EAPOL frames sent through the control port, in order. */
  readonly eapol: { dest: Uint8Array; payload: Uint8Array }[] = [];
  /** Management frames sent with CMD_FRAME (probe responses included). */
  readonly mgmt: Uint8Array[] = [];
  /** Frames waiting for their TX status. */
  readonly pendingTx: Uint8Array[] = [];
  /** GET_KEY reads made, by key index. */
  readonly reads: number[] = [];
  /** GET_KEY fails (as a driver that refuses it). */
  failKeyReads = false;
  /** The group key counter per key index, as the driver counts sent group frames. */
  readonly counters = new Map<number, bigint>();

  postFrame(_ifindex: number, frame: Uint8Array): void {
    this.mgmt.push(frame);
  }
  sendFrame(_ifindex: number, frame: Uint8Array): Promise<bigint> {
    this.mgmt.push(frame);
    this.pendingTx.push(frame);
    return Promise.resolve(1n);
  }
  postNewStation(): void {}
  postSetStation(): void {}
  postDelStation(): void {}
  postNewKey(p: KeyParams): void {
    if (!p.mac) this.counters.set(p.index, 0n);
  }
  postSetDefaultKey(): void {}
  postControlPort(_ifindex: number, dest: Uint8Array, payload: Uint8Array): void {
    this.eapol.push({ dest: dest.slice(), payload });
  }
  getGroupKeyRscNow(_ifindex: number, index: number): Uint8Array | undefined {
    this.reads.push(index);
    if (this.failKeyReads) throw new Error("NL80211_CMD_GET_KEY failed: Operation not supported");
    const count = this.counters.get(index);
    if (count === undefined) return undefined;
    const rsc = new Uint8Array(8);
    new DataView(rsc.buffer).setBigUint64(0, count, true);
    return rsc;
  }

  /** EAPOL payloads sent to `mac`. */
  eapolTo(mac: Uint8Array): Uint8Array[] {
    const key = mac.join();
    return this.eapol.filter((e) => e.dest.join() === key).map((e) => e.payload);
  }
}

/** An nl80211 event as the driver's socket decodes it. */
export function nl80211Event(cmd: number, fill: (w: NlAttrWriter) => void) {
  const w = new NlAttrWriter();
  fill(w);
  return decodeEvent(
    parseGenlMessage(buildGenlMessage({ type: 0x1c, flags: 0, seq: 0, portId: 0 }, cmd, w.bytes())),
  );
}

/** Lets promise callbacks (GET_KEY replies, TX statuses) run. */
export const settle = (): Promise<unknown> => new Promise((r) => setTimeout(r, 0));

/**
 * A started WPA2-PSK RadioBss on the fake kernel, with helpers to play stations.
 *
 * @param wpa authenticator options over the defaults (msg 1/4 is not retried within 10 s)
 * @param ap AP parameters over a WPA2 BSS without WPS
 */
export function fakeRadioBss(
  wpa: Partial<WpaAuthenticatorOptions> = {},
  ap: Partial<ApParams> = {},
  extra: Partial<Pick<RadioBssOptions, "stationAssociated" | "wps" | "logger">> = {},
) {
  const kernel = new FakeKernel();
  const clock = new ManualClock();
  const psk = randomBytes(32);
  const bss = new RadioBss({
    ifindex: IFINDEX,
    ifname: "test0",
    params: params({ wpsState: 0, ...ap }),
    acl: new MacAcl(0),
    wpa: {
      bssid: BSSID,
      rsn: parseRsnElement(AP_RSN),
      psks: { common: psk, entries: [] },
      eapolVersion: 2,
      // No msg 1/4 retry within the tests' waits: the frames counted are the handshake's own.
      firstTimeoutMs: 10_000,
      groupRekeySeconds: 0,
      ...wpa,
    },
    commands: kernel,
    beaconChanged: () => {},
    emit: () => {},
    logger: silentLogger,
    clock,
    ...extra,
  });
  bss.start();
  /** A management frame from a station. */
  const frame = (f: Uint8Array) =>
    bss.onEvent(nl80211Event(C.FRAME, (w) => {
      w.u32(A.IFINDEX, IFINDEX);
      w.u32(A.WIPHY_FREQ, 2412);
      w.data(A.FRAME, f);
    }));
  /** Acknowledges every frame sent so far. */
  const ackTx = () => {
    for (const f of kernel.pendingTx.splice(0)) {
      bss.onEvent(nl80211Event(C.FRAME_TX_STATUS, (w) => {
        w.u32(A.IFINDEX, IFINDEX);
        w.u64(A.COOKIE, 1n);
        w.data(A.FRAME, f);
        w.flag(A.ACK);
      }));
    }
  };
  /** A supplicant holding the BSS's PSK. */
  const station = (mac: Uint8Array) =>
    new PskSupplicant({ mac, aa: BSSID, psk, rsnElement: AP_RSN, apRsnElement: AP_RSN });
  /** Authentication (unless a reassociation) and association with the AP's RSN element. */
  const join = (mac: Uint8Array, o: { reassoc?: boolean; wps?: Uint8Array } = {}) => {
    if (!o.reassoc) {
      frame(stationAuth(mac, BSSID));
      ackTx();
    }
    frame(stationAssoc(mac, BSSID, {
      ssid: SSID,
      wmm: true,
      listenInterval: 1,
      ...(o.wps ? { wps: o.wps } : { rsn: AP_RSN }),
      reassoc: o.reassoc ?? false,
    }));
    ackTx();
  };
  return { bss, kernel, clock, frame, ackTx, station, join };
}
