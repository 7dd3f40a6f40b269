/**
 * The radio self-test: one station's visit to a throw-away copy of a running BSS's frame path
 * (daemon/drivers/radio_bss.ts: AP core, EAP-WSC server, WPA2 authenticator, the glue between
 * them), over an in-memory kernel that encodes every command with the nl80211 codecs the driver
 * sends with, and hands the station's frames in as the kernel's events, through the same
 * decoders the driver reads with. Nothing reaches the radio, the daemon's stations, its WPS
 * state or its files.
 *
 * A visit is a Probe Request, Open System Authentication, an Association Request (acknowledged,
 * as mac80211 reports it), then either a WPS registration with a PIN over EAP-WSC ("wps") or
 * the 4-way handshake with a per-device PSK ("wpa"), and the station's leaving. As a check it
 * proves the codecs and the cores agree end to end; repeated after start-up it is the warm-up of
 * the whole frame path, so a station's first frames do not meet code V8 has never run
 * (daemon/self_test.ts).
 *
 * @module
 */

import type { ApParams } from "../core/ap/ap_params.ts";
import { MacAcl } from "../core/ap/mac_acl.ts";
import {
  stationAssoc,
  stationAssocWpsIe,
  stationAuth,
  stationLeave,
  stationProbe,
  stationProbeWpsIe,
} from "../core/ap/station_frames.ts";
import { WPS_DISCONNECT_DELAY_MS } from "../core/ap/ap_core.ts";
import { randomBytes, timingSafeEqual } from "../core/bytes.ts";
import { ManualClock } from "../core/clock.ts";
import { WscOpCode, type WscOutgoing } from "../core/eap/wsc_role.ts";
import { WscSupplicant } from "../core/eap/wsc_supplicant.ts";
import { ETH_P_PAE } from "../core/eapol/ethernet.ts";
import { MgmtSubtype, parseMgmtFrame } from "../core/ieee80211/frame.ts";
import { silentLogger } from "../core/log.ts";
import { type NlAttrSink, NlAttrWriter } from "../core/netlink/attributes.ts";
import {
  buildGenlMessage,
  type GenlMessage,
  NlMsgFlag,
  parseGenlMessage,
  parseNlMessage,
} from "../core/netlink/message.ts";
import { Nl80211Attr as A, Nl80211Cmd as C } from "../core/netlink/nl80211_const.ts";
import { decodeEvent, type Nl80211Event } from "../core/netlink/nl80211_decode.ts";
import {
  type ControlPortTxOptions,
  type KeyParams,
  putControlPortFrame,
  putDelStation,
  putFrame,
  putNewKey,
  putSetDefaultKey,
  putStation,
  type StationParams,
} from "../core/netlink/nl80211_params.ts";
import { AkmSuite, buildRsnElement, type RsnElement } from "../core/wpa/rsn_ie.ts";
import { PskSupplicant } from "../core/wpa/supplicant.ts";
import { MsgType } from "../core/wps/constants.ts";
import type { WpsContext } from "../core/wps/wps_context.ts";
import type { WpsApSettings } from "../core/wps/wps_settings.ts";
import { RadioBss, type StationCommands } from "./drivers/radio_bss.ts";
import { messageType, randomMac, selfTestContexts } from "./self_test.ts";

/** What the self-test copies from a running radio BSS. */
export interface RadioSelfTestSetup {
  /** The AP core's parameters (the BSSID is replaced by a random one). */
  params: ApParams;
  /** The BSS's WPS settings, when WPS is on. */
  wps?: WpsApSettings;
  /** The BSS's RSN settings, when WPA2 is on. */
  rsn?: RsnElement;
  /** EAPOL protocol version and EAP-WSC fragment size of the BSS. */
  eap: { fragmentSize?: number; eapolVersion: number };
}

/** What the station does after associating. */
export type RadioVisit = "wps" | "wpa";

/** Any generic netlink family id above the reserved ones: nothing is sent. */
const FAMILY = 0x1c;
const IFINDEX = 1;
/** A frame's frequency and signal, as mac80211_hwsim reports them. */
const FREQUENCY = 2412;
const SIGNAL_DBM = -30;

/** A kernel event on the AP's nl80211 socket, as the driver's libnl handler meets it. */
function kernelEvent(cmd: number, fill: (s: NlAttrSink) => void): Nl80211Event {
  const w = new NlAttrWriter();
  fill(w);
  const bytes = buildGenlMessage({ type: FAMILY, flags: 0, seq: 0, portId: 0 }, cmd, w.bytes());
  // The socket's dispatch reads the header first (replies and errors), then decodes.
  if (parseNlMessage(bytes).type !== FAMILY) throw new TypeError("not an nl80211 event");
  return decodeEvent(parseGenlMessage(bytes));
}

/**
 * The kernel side of {@link StationCommands}: each command encoded as NlSocket sends it, then
 * parsed as the kernel would; management frames sent for a TX status are acknowledged.
 */
class MemoryKernel implements StationCommands {
  /** Every command so far, as the kernel parsed it. */
  readonly commands: GenlMessage[] = [];
  /** TX status events not yet delivered to the AP. */
  readonly txStatus: Nl80211Event[] = [];
  #seq = 0;
  #cookie = 0n;

  #request(cmd: number, fill: (s: NlAttrSink) => void): void {
    const w = new NlAttrWriter();
    fill(w);
    const h = { type: FAMILY, flags: NlMsgFlag.REQUEST, seq: ++this.#seq, portId: 0 };
    this.commands.push(parseGenlMessage(buildGenlMessage(h, cmd, w.bytes())));
  }

  postFrame(ifindex: number, frame: Uint8Array): void {
    this.#request(C.FRAME, (s) => putFrame(s, ifindex, frame, { noAck: true }));
  }

  sendFrame(ifindex: number, frame: Uint8Array): Promise<bigint> {
    this.#request(C.FRAME, (s) => putFrame(s, ifindex, frame));
    const cookie = ++this.#cookie;
    this.txStatus.push(kernelEvent(C.FRAME_TX_STATUS, (s) => {
      s.u32(A.IFINDEX, ifindex);
      s.u64(A.COOKIE, cookie);
      s.data(A.FRAME, frame);
      s.flag(A.ACK);
    }));
    return Promise.resolve(cookie);
  }

  postNewStation(p: StationParams): void {
    this.#request(C.NEW_STATION, (s) => putStation(s, p));
  }

  postSetStation(p: StationParams): void {
    this.#request(C.SET_STATION, (s) => putStation(s, p));
  }

  postDelStation(ifindex: number, mac: Uint8Array): void {
    this.#request(C.DEL_STATION, (s) => putDelStation(s, ifindex, mac));
  }

  postNewKey(p: KeyParams): void {
    this.#request(C.NEW_KEY, (s) => putNewKey(s, p));
  }

  postSetDefaultKey(ifindex: number, index: number): void {
    this.#request(C.SET_KEY, (s) => putSetDefaultKey(s, ifindex, index));
  }

  postControlPort(
    ifindex: number,
    dest: Uint8Array,
    payload: Uint8Array,
    opts: Omit<ControlPortTxOptions, "noAck">,
  ): void {
    const o = { ...opts, noAck: true };
    this.#request(C.CONTROL_PORT_FRAME, (s) => putControlPortFrame(s, ifindex, dest, payload, o));
  }

  /** The commands since the last call. */
  take(): GenlMessage[] {
    return this.commands.splice(0);
  }
}

/** The station's EAPOL side: EAP-WSC or the 4-way handshake. */
type EapolPeer = (eapol: Uint8Array) => Uint8Array[];

/** One visit in flight: the AP under test, its kernel and the station. */
class Visit {
  readonly clock = new ManualClock();
  readonly kernel = new MemoryKernel();
  readonly events: string[] = [];
  readonly bss: RadioBss;
  readonly sta: Uint8Array;
  readonly bssid: Uint8Array;
  readonly ssid: Uint8Array;
  /** Management frames the AP sent to the station, by subtype. */
  readonly frames: { subtype: number; body: Uint8Array }[] = [];
  /** Commands other than frames and EAPOL, in order. */
  readonly station: GenlMessage[] = [];
  eapol: EapolPeer = () => [];

  constructor(
    setup: RadioSelfTestSetup,
    addr: { bssid: Uint8Array; sta: Uint8Array },
    wps: WpsContext | undefined,
    psk?: Uint8Array,
  ) {
    this.bssid = addr.bssid;
    this.sta = addr.sta;
    this.ssid = setup.params.ssid;
    const rsn = setup.rsn;
    this.bss = new RadioBss({
      ifindex: IFINDEX,
      ifname: "self-test",
      params: { ...setup.params, bssid: this.bssid },
      acl: new MacAcl(0),
      ...(wps ? { wps } : {}),
      eap: setup.eap,
      ...(rsn && psk
        ? {
          wpa: {
            bssid: this.bssid,
            rsn,
            psks: { common: randomBytes(32), entries: [{ mac: this.sta, psk }] },
            eapolVersion: setup.eap.eapolVersion,
          },
        }
        : {}),
      commands: this.kernel,
      beaconChanged: () => {},
      emit: (e) => this.events.push(e),
      logger: silentLogger,
      clock: this.clock,
    });
    this.bss.start();
    this.kernel.take(); // the group key
  }

  /** A management frame from the station, then everything it sets off. */
  send(frame: Uint8Array): void {
    this.bss.onEvent(kernelEvent(C.FRAME, (s) => {
      s.u32(A.IFINDEX, IFINDEX);
      s.u32(A.WIPHY_FREQ, FREQUENCY);
      s.u32(A.RX_SIGNAL_DBM, SIGNAL_DBM >>> 0);
      s.data(A.FRAME, frame);
    }));
    this.pump();
  }

  /** Delivers what the AP sent until it has nothing more to say (bounded). */
  pump(): void {
    for (let turn = 0; turn < 64; turn++) {
      const cmds = this.kernel.take();
      const status = this.kernel.txStatus.splice(0);
      if (cmds.length === 0 && status.length === 0) return;
      for (const m of cmds) this.#toStation(m);
      for (const e of status) this.bss.onEvent(e);
    }
    throw new Error("the AP and the station kept talking");
  }

  #toStation(m: GenlMessage): void {
    const frame = m.attrs.data(A.FRAME);
    if (m.cmd === C.FRAME && frame) {
      const f = parseMgmtFrame(frame);
      this.frames.push({ subtype: f.subtype, body: f.body });
    } else if (m.cmd === C.CONTROL_PORT_FRAME && frame) {
      for (const reply of this.eapol(frame)) {
        this.bss.onEvent(kernelEvent(C.CONTROL_PORT_FRAME, (s) => {
          s.u32(A.IFINDEX, IFINDEX);
          s.data(A.MAC, this.sta);
          s.u16(A.CONTROL_PORT_ETHERTYPE, ETH_P_PAE);
          s.flag(A.CONTROL_PORT_NO_ENCRYPT);
          s.data(A.FRAME, reply);
        }));
      }
    } else {
      this.station.push(m);
    }
  }

  /** Probe, authentication and association; true when the AP accepted each. */
  join(assocIe: { wps?: Uint8Array; rsn?: Uint8Array }, probeWps?: Uint8Array): boolean {
    this.send(stationProbe(this.sta, { ssid: this.ssid, ...(probeWps ? { wps: probeWps } : {}) }));
    if (!this.frames.some((f) => f.subtype === MgmtSubtype.PROBE_RESP)) return false;
    this.send(stationAuth(this.sta, this.bssid));
    // Listen interval 1: within any max_listen_interval.
    const assoc = { ssid: this.ssid, wmm: true, listenInterval: 1, ...assocIe };
    this.send(stationAssoc(this.sta, this.bssid, assoc));
    const resp = this.frames.find((f) => f.subtype === MgmtSubtype.ASSOC_RESP);
    // Status Code after Capability Information; 0 is success.
    return resp !== undefined && resp.body[2] === 0 && resp.body[3] === 0 &&
      this.#sent(C.NEW_STATION);
  }

  /** The station leaves; true when the AP removed its kernel entry. */
  leave(): boolean {
    this.send(stationLeave(this.sta, this.bssid, false));
    return this.#sent(C.DEL_STATION);
  }

  #sent(cmd: number): boolean {
    return this.station.some((m) => m.cmd === cmd);
  }

  /** The last command `cmd` the AP sent for the station. */
  last(cmd: number): GenlMessage | undefined {
    return this.station.findLast((m) => m.cmd === cmd);
  }
}

/** A WPS registration with a PIN: the station's Enrollee against the AP's Registrar. */
function wpsVisit(setup: RadioSelfTestSetup, settings: WpsApSettings): boolean {
  const addr = { bssid: randomMac(), sta: randomMac() };
  const { registrar, enrollee } = selfTestContexts(settings, addr.bssid, addr.sta);
  const v = new Visit(setup, addr, registrar);
  try {
    const run = enrollee.createRun("enrollee", v.bssid);
    if (!run) return false;
    const supplicant = new WscSupplicant(v.sta, {
      receive: (m: WscOutgoing) => {
        if (m.opCode === WscOpCode.START) return run.start();
        const step = run.handle(m.opCode, m.payload);
        return step.action === "send" ? step.message : null;
      },
    }, { fragmentSize: setup.eap.fragmentSize ?? 1400 });
    v.eapol = (eapol) => supplicant.onFrame(eapol);
    const uuid = randomBytes(16);
    if (!v.join({ wps: stationAssocWpsIe() }, stationProbeWpsIe({ uuid, pwId: 0 }))) {
      return false;
    }
    // WPS 2.0: the AP asked for the identity itself; the conversation ran to its end.
    const seen = supplicant.received.map((m) => messageType(m.payload));
    const want = [MsgType.M2, MsgType.M4, MsgType.M6, MsgType.M8];
    if (!want.every((t) => seen.includes(t)) || supplicant.result !== "failure") return false;
    // The AP lets the station go shortly after the EAP-Failure.
    v.clock.advance(WPS_DISCONNECT_DELAY_MS + 1);
    v.pump();
    run.end("finished");
    return v.frames.some((f) => f.subtype === MgmtSubtype.DEAUTH) &&
      v.last(C.DEL_STATION) !== undefined;
  } finally {
    v.bss.stop();
    registrar.dispose();
    enrollee.dispose();
  }
}

/** The 4-way handshake with a per-device PSK, then the station leaves. */
function wpaVisit(setup: RadioSelfTestSetup, rsn: RsnElement): boolean {
  const psk = randomBytes(32);
  const v = new Visit(setup, { bssid: randomMac(), sta: randomMac() }, undefined, psk);
  try {
    const akm = rsn.akms[0]!;
    const staRsn = buildRsnElement({ ...rsn, akms: [akm] });
    const station = new PskSupplicant({
      mac: v.sta,
      aa: v.bssid,
      psk,
      rsnElement: staRsn,
      apRsnElement: v.bss.wpa!.rsnElement,
      sha256: akm === AkmSuite.PSK_SHA256,
    });
    v.eapol = (eapol) => {
      const reply = station.receive(eapol);
      return reply ? [reply] : [];
    };
    if (!v.join({ rsn: staRsn })) return false;
    const key = v.last(C.NEW_KEY)?.attrs.data(A.KEY_DATA);
    const authorized = v.last(C.SET_STATION) !== undefined;
    const ok = key !== undefined && station.ptk !== undefined &&
      timingSafeEqual(key, station.ptk.tk) && authorized &&
      v.events.some((e) => e.startsWith("EAPOL-4WAY-HS-COMPLETED "));
    return v.leave() && ok && v.events.some((e) => e.startsWith("AP-STA-DISCONNECTED "));
  } finally {
    v.bss.stop();
  }
}

/**
 * Runs one station visit through a throw-away copy of a radio BSS's frame path.
 *
 * @param setup what the running BSS is made of (see RadioBss.selfTestSetup)
 * @param visit "wps": a PIN registration over EAP-WSC (needs `setup.wps`); "wpa": the 4-way
 *   handshake with a per-device PSK behind a common PSK that does not match (needs `setup.rsn`)
 * @returns true when every step gave what the station and the kernel expect
 */
export function radioSelfTest(setup: RadioSelfTestSetup, visit: RadioVisit): boolean {
  try {
    if (visit === "wps") return setup.wps !== undefined && wpsVisit(setup, setup.wps);
    return setup.rsn !== undefined && wpaVisit(setup, setup.rsn);
  } catch {
    // A broken primitive can throw on the station side (the key unwrap's integrity check), and a
    // visit that goes wrong must fail the self-test, not escape into the daemon's timer.
    return false;
  }
}
