/**
 * nl80211 over libnl: typed commands for an AP driver and the event stream it listens to.
 *
 * Two sockets, as hostapd keeps them: a command socket for requests, and an event socket that
 * joins multicast groups ("mlme" by default) and owns the management-frame registrations, since
 * the kernel delivers a registered frame only to the socket that registered it.
 *
 * @module
 */

import type { NlAttrSink } from "../../core/netlink/attributes.ts";
import { type GenlMessage, genlMessageWriter } from "../../core/netlink/message.ts";
import {
  decodeEvent,
  decodeInterface,
  decodeKeyRsc,
  decodeScanResult,
  decodeSurvey,
  type InterfaceInfo,
  mergeWiphy,
  type Nl80211Event,
  type ScanResult,
  type SurveyInfo,
  type WiphyInfo,
} from "../../core/netlink/nl80211_decode.ts";
import {
  NL80211_GENL_NAME,
  Nl80211Attr as A,
  Nl80211Cmd as C,
  nl80211CommandName,
  Nl80211Group,
} from "../../core/netlink/nl80211_const.ts";
import {
  type BeaconData,
  type BssParams,
  type ControlPortTxOptions,
  type FrameTxOptions,
  type KeyParams,
  putApIsolate,
  putBeaconData,
  putBssParams,
  putControlPortFrame,
  putDelStation,
  putFrame,
  putGetGroupKey,
  putNewInterface,
  putNewKey,
  putRegisterFrame,
  putReqSetReg,
  putSetDefaultKey,
  putSetInterfaceType,
  putStartAp,
  putStation,
  putStationAddr,
  putTriggerScan,
  type StartApParams,
  type StationParams,
} from "../../core/netlink/nl80211_params.ts";
import { DriverError, NlRequest, NlSocket } from "../libnl.ts";
import { decodeStationStats, type StationStats } from "../../core/netlink/station_stats.ts";
import { Errno } from "../libc.ts";

/** Options of the commands each association and key exchange sends (see #run). */
const PER_STATION = { encoded: true } as const;

/** Where the kernel's error for a posted command goes (see {@link Nl80211.postNewKey} & co). */
export type NlErrorHandler = (err: DriverError) => void;

/** Receive buffer of the event socket: frames arrive in bursts during scans. */
const EVENT_RCVBUF = 512 * 1024;

/**
 * Events the AP comes by in every association and handshake but does not act on: the kernel's
 * echo of the stations it adds and removes, and the TX status of each EAPOL frame (requested by
 * mac80211 even with DONT_WAIT_FOR_ACK). A socket filter drops them in the kernel, so that they
 * do not wake the daemon (a wake costs a JavaScript process far more than the message); where
 * the filter cannot be attached they are dropped before they are decoded.
 */
const UNUSED_EVENTS: ReadonlySet<number> = new Set([
  C.NEW_STATION,
  C.DEL_STATION,
  C.CONTROL_PORT_FRAME_TX_STATUS,
]);

/** Handler for decoded nl80211 events. */
export type Nl80211EventHandler = (event: Nl80211Event) => void;

/** An open nl80211 connection. */
export class Nl80211 {
  readonly #cmd: NlSocket;
  #events: NlSocket | undefined;
  /** For {@link getStationNow}: a socket the event loop never reads. */
  #query: NlSocket | undefined;
  #handler: Nl80211EventHandler | undefined;
  readonly #joined = new Set<string>();
  /** The nl80211 generic netlink family id. */
  readonly family: number;

  private constructor(cmd: NlSocket, family: number) {
    this.#cmd = cmd;
    this.family = family;
  }

  /**
   * Connects and resolves the nl80211 family.
   *
   * @throws {LibnlError} when libnl cannot connect or the kernel has no nl80211 (no cfg80211)
   */
  static open(): Nl80211 {
    const cmd = NlSocket.connect();
    try {
      return new Nl80211(cmd, cmd.resolveFamily(NL80211_GENL_NAME));
    } catch (err) {
      cmd.close();
      throw err;
    }
  }

  /**
   * Sends one command on `sock` and returns its replies. The message is built by libnl
   * (NlRequest), or, with `encoded`, in TypeScript and sent with one libnl call: the commands of
   * every association and EAPOL frame take that path (see NlSocket.requestEncoded).
   */
  #run(
    cmd: number,
    fill: (s: NlAttrSink) => void,
    opts: { dump?: boolean; sock?: NlSocket; encoded?: boolean } = {},
  ): Promise<GenlMessage[]> {
    const sock = opts.sock ?? this.#cmd;
    if (opts.encoded) {
      const w = genlMessageWriter();
      fill(w);
      return sock.requestEncoded(this.family, cmd, nl80211CommandName(cmd), w, opts);
    }
    const req = new NlRequest(this.family, cmd, nl80211CommandName(cmd), opts);
    try {
      fill(req);
    } catch (err) {
      req.free();
      throw err;
    }
    return sock.request(req);
  }

  /** Sends one command encoded in TypeScript without asking for an ACK (see NlSocket.postEncoded). */
  #post(
    cmd: number,
    fill: (s: NlAttrSink) => void,
    opts: { onError: NlErrorHandler; sock?: NlSocket },
  ): void {
    const w = genlMessageWriter();
    fill(w);
    const sock = opts.sock ?? this.#cmd;
    sock.postEncoded(this.family, cmd, nl80211CommandName(cmd), w, opts.onError);
  }

  /** Every wiphy (radio), from a split dump merged per wiphy. */
  async getWiphys(): Promise<WiphyInfo[]> {
    const msgs = await this.#run(C.GET_WIPHY, (s) => s.flag(A.SPLIT_WIPHY_DUMP), { dump: true });
    const byIndex = new Map<number, WiphyInfo>();
    for (const m of msgs) {
      const idx = m.attrs.u32(A.WIPHY);
      if (idx === undefined) continue;
      const w = mergeWiphy(m.attrs, byIndex.get(idx));
      if (w) byIndex.set(idx, w);
    }
    return [...byIndex.values()];
  }

  /** Every wireless interface in this network namespace. */
  async getInterfaces(): Promise<InterfaceInfo[]> {
    const msgs = await this.#run(C.GET_INTERFACE, () => {}, { dump: true });
    return msgs.map((m) => decodeInterface(m.attrs));
  }

  /** One interface by ifindex. @throws {DriverError} (ENODEV) when it is not a wireless one */
  async getInterface(ifindex: number): Promise<InterfaceInfo> {
    const msgs = await this.#run(C.GET_INTERFACE, (s) => s.u32(A.IFINDEX, ifindex));
    const m = msgs[0];
    if (!m) throw new TypeError(`NL80211_CMD_GET_INTERFACE returned nothing for ${ifindex}`);
    return decodeInterface(m.attrs);
  }

  /** The regulatory domain's country (NL80211_CMD_GET_REG), e.g. "DE", or "00" for world. */
  async getRegulatoryCountry(): Promise<string | undefined> {
    const msgs = await this.#run(C.GET_REG, () => {});
    return msgs[0]?.attrs.string(A.REG_ALPHA2);
  }

  /**
   * Asks for a country's regulatory domain (NL80211_CMD_REQ_SET_REG); the kernel applies it
   * asynchronously and announces it with REG_CHANGE on the "regulatory" group.
   */
  async requestRegulatory(alpha2: string): Promise<void> {
    await this.#run(C.REQ_SET_REG, (s) => putReqSetReg(s, alpha2));
  }

  /** Changes an interface's type (e.g. Nl80211Iftype.AP); the interface must be down. */
  async setInterfaceType(ifindex: number, iftype: number): Promise<void> {
    await this.#run(C.SET_INTERFACE, (s) => putSetInterfaceType(s, ifindex, iftype));
  }

  /**
   * Creates an interface on a wiphy (NL80211_CMD_NEW_INTERFACE) and returns it as the kernel
   * made it. @throws {DriverError} (ENFILE) when the name is taken
   */
  async newInterface(
    wiphy: number,
    ifname: string,
    iftype: number,
    mac: Uint8Array,
  ): Promise<InterfaceInfo> {
    const msgs = await this.#run(
      C.NEW_INTERFACE,
      (s) => putNewInterface(s, wiphy, ifname, iftype, mac),
    );
    const m = msgs[0];
    if (!m) throw new TypeError(`NL80211_CMD_NEW_INTERFACE returned nothing for ${ifname}`);
    return decodeInterface(m.attrs);
  }

  /** Removes an interface (NL80211_CMD_DEL_INTERFACE). */
  async delInterface(ifindex: number): Promise<void> {
    await this.#run(C.DEL_INTERFACE, (s) => s.u32(A.IFINDEX, ifindex));
  }

  /**
   * Starts beaconing (NL80211_CMD_START_AP). With `controlPortOverNl80211` the request goes on
   * the event socket, which then owns the AP and receives its "controlPortFrame" events.
   */
  async startAp(p: StartApParams): Promise<void> {
    const own = p.controlPortOverNl80211 ? { sock: this.#eventSocket() } : {};
    await this.#run(C.START_AP, (s) => putStartAp(s, p), own);
  }

  /**
   * Sends an EAPOL frame (no Ethernet header) over the control port of an AP started with
   * `controlPortOverNl80211` (NL80211_CMD_CONTROL_PORT_FRAME) without NLM_F_ACK and with
   * DONT_WAIT_FOR_ACK; only a refusal comes back, to `onError`. (mac80211 in Linux 6.1 still
   * sends NL80211_CMD_CONTROL_PORT_FRAME_TX_STATUS, which arrives as an "other" event.)
   */
  postControlPort(
    ifindex: number,
    dest: Uint8Array,
    payload: Uint8Array,
    opts: Omit<ControlPortTxOptions, "noAck">,
    onError: NlErrorHandler,
  ): void {
    const o = { ...opts, noAck: true };
    this.#post(C.CONTROL_PORT_FRAME, (s) => putControlPortFrame(s, ifindex, dest, payload, o), {
      onError,
      sock: this.#eventSocket(),
    });
  }

  /** Replaces the beacon and extra elements of a running AP (NL80211_CMD_SET_BEACON). */
  async setBeacon(p: BeaconData): Promise<void> {
    await this.#run(C.SET_BEACON, (s) => putBeaconData(s, p));
  }

  /**
   * Starts a passive scan of `frequencies` (NL80211_CMD_TRIGGER_SCAN); NEW_SCAN_RESULTS or
   * SCAN_ABORTED follows on the "scan" group.
   */
  async triggerScan(ifindex: number, frequencies: readonly number[]): Promise<void> {
    await this.#run(C.TRIGGER_SCAN, (s) => putTriggerScan(s, ifindex, frequencies));
  }

  /** The BSSes the last scans found (NL80211_CMD_GET_SCAN dump). */
  async getScanResults(ifindex: number): Promise<ScanResult[]> {
    const msgs = await this.#run(C.GET_SCAN, (s) => s.u32(A.IFINDEX, ifindex), { dump: true });
    return msgs.flatMap((m) => decodeScanResult(m.attrs) ?? []);
  }

  /** What the radio measured on each channel, most recently while scanning (GET_SURVEY dump). */
  async getSurvey(ifindex: number): Promise<SurveyInfo[]> {
    const msgs = await this.#run(C.GET_SURVEY, (s) => s.u32(A.IFINDEX, ifindex), { dump: true });
    return msgs.flatMap((m) => decodeSurvey(m.attrs) ?? []);
  }

  /** Sets ERP protection, preamble, slot time and basic rates (NL80211_CMD_SET_BSS). */
  async setBssParams(ifindex: number, p: BssParams): Promise<void> {
    await this.#run(C.SET_BSS, (s) => putBssParams(s, ifindex, p));
  }

  /** Sets `ap_isolate` on a running AP (NL80211_CMD_SET_BSS). */
  async setApIsolate(ifindex: number, isolate: boolean): Promise<void> {
    await this.#run(C.SET_BSS, (s) => putApIsolate(s, ifindex, isolate));
  }

  /** Stops the AP (NL80211_CMD_STOP_AP). */
  async stopAp(ifindex: number): Promise<void> {
    await this.#run(C.STOP_AP, (s) => s.u32(A.IFINDEX, ifindex));
  }

  /**
   * Asks for "unexpectedFrame" events: data frames from stations the kernel has no entry for
   * (hostapd's spurious class 3 registration), on the socket that receives frames.
   */
  async registerUnexpectedFrames(ifindex: number): Promise<void> {
    await this.#run(C.UNEXPECTED_FRAME, (s) => s.u32(A.IFINDEX, ifindex), {
      sock: this.#eventSocket(),
    });
  }

  /**
   * Asks for management frames of `frameType` (a Frame Control value, see mgmtFrameControl)
   * whose body starts with `match`; they arrive as "frame" events.
   */
  async registerFrame(ifindex: number, frameType: number, match?: Uint8Array): Promise<void> {
    await this.#run(C.REGISTER_FRAME, (s) => putRegisterFrame(s, ifindex, frameType, match), {
      sock: this.#eventSocket(),
    });
  }

  /**
   * Transmits a management frame; resolves with the cookie that its "frameTxStatus" event
   * carries (0n when `noAck` asked for no status).
   */
  async sendFrame(ifindex: number, frame: Uint8Array, opts: FrameTxOptions = {}): Promise<bigint> {
    const msgs = await this.#run(C.FRAME, (s) => putFrame(s, ifindex, frame, opts), {
      sock: this.#eventSocket(),
      encoded: true,
    });
    return msgs[0]?.attrs.u64(A.COOKIE) ?? 0n;
  }

  /**
   * Transmits a management frame (a probe response) without waiting for its TX status; only a
   * refusal comes back, to `onError`. Unless `expectAck`, the frame is sent without ACK and so
   * without retries (a wildcard probe's answer, as hostapd sends it).
   */
  postFrame(ifindex: number, frame: Uint8Array, onError: NlErrorHandler, expectAck = false): void {
    this.#post(C.FRAME, (s) => putFrame(s, ifindex, frame, { noAck: !expectAck }), {
      onError,
      sock: this.#eventSocket(),
    });
  }

  // The per-station commands are posted: sent without NLM_F_ACK, so a success costs no reply
  // (see NlSocket.postEncoded); a failure reaches `onError`.

  /** Adds an associated station (NL80211_CMD_NEW_STATION). */
  postNewStation(p: StationParams, onError: NlErrorHandler): void {
    this.#post(C.NEW_STATION, (s) => putStation(s, p), { onError });
  }

  /** Changes a station, e.g. its AUTHORIZED flag (NL80211_CMD_SET_STATION). */
  postSetStation(p: StationParams, onError: NlErrorHandler): void {
    this.#post(C.SET_STATION, (s) => putStation(s, p), { onError });
  }

  /** Removes one station (NL80211_CMD_DEL_STATION). */
  postDelStation(ifindex: number, mac: Uint8Array, onError: NlErrorHandler): void {
    this.#post(C.DEL_STATION, (s) => putDelStation(s, ifindex, mac), { onError });
  }

  /** Removes one station, or all when `mac` is omitted (NL80211_CMD_DEL_STATION). */
  async delStation(ifindex: number, mac?: Uint8Array, reasonCode?: number): Promise<void> {
    await this.#run(C.DEL_STATION, (s) => putDelStation(s, ifindex, mac, reasonCode), PER_STATION);
  }

  /**
   * A station's counters and rates (NL80211_CMD_GET_STATION), read at once for a control
   * command's reply (see NlSocket.requestNow).
   *
   * @returns the counters, or undefined when the kernel has no such station
   * @throws {DriverError} for any other refusal
   */
  getStationNow(ifindex: number, mac: Uint8Array): StationStats | undefined {
    const w = genlMessageWriter();
    putStationAddr(w, ifindex, mac);
    this.#query ??= NlSocket.connect();
    try {
      const msgs = this.#query.requestNow(this.family, C.GET_STATION, "NL80211_CMD_GET_STATION", w);
      return msgs[0] ? decodeStationStats(msgs[0].attrs) : undefined;
    } catch (err) {
      if (err instanceof DriverError && err.errno === Errno.ENOENT) return undefined;
      throw err;
    }
  }

  /**
   * Polls a station with a null data frame (NL80211_CMD_PROBE_CLIENT); whether it acknowledged
   * comes back as a "probeClient" event on the MLME group.
   */
  postProbeClient(ifindex: number, mac: Uint8Array, onError: NlErrorHandler): void {
    this.#post(C.PROBE_CLIENT, (s) => putStationAddr(s, ifindex, mac), {
      onError,
      sock: this.#eventSocket(),
    });
  }

  /** Installs a pairwise or group key (NL80211_CMD_NEW_KEY). */
  postNewKey(p: KeyParams, onError: NlErrorHandler): void {
    this.#post(C.NEW_KEY, (s) => putNewKey(s, p), { onError });
  }

  /**
   * The transmit counter of the group key at `index` as an 8-octet Key RSC
   * (NL80211_CMD_GET_KEY), read at once as an EAPOL-Key frame that carries it is built (see
   * NlSocket.requestNow); undefined when the kernel reports none.
   *
   * @throws {DriverError} when the kernel refuses the read
   */
  getGroupKeyRscNow(ifindex: number, index: number): Uint8Array | undefined {
    const w = genlMessageWriter();
    putGetGroupKey(w, ifindex, index);
    this.#query ??= NlSocket.connect();
    const msgs = this.#query.requestNow(this.family, C.GET_KEY, "NL80211_CMD_GET_KEY", w);
    return msgs[0] ? decodeKeyRsc(msgs[0].attrs) : undefined;
  }

  /**
   * Makes group key `index` the default transmit key, or with `mgmt` IGTK `index` the default
   * management key (NL80211_CMD_SET_KEY).
   */
  postSetDefaultKey(
    ifindex: number,
    index: number,
    onError: NlErrorHandler,
    mgmt = false,
  ): void {
    this.#post(C.SET_KEY, (s) => putSetDefaultKey(s, ifindex, index, mgmt), { onError });
  }

  /**
   * Joins an nl80211 multicast group on the event socket (idempotent).
   *
   * @throws {LibnlError} when the group does not exist
   */
  subscribe(group: string = Nl80211Group.MLME): void {
    if (this.#joined.has(group)) return;
    const id = this.#cmd.resolveGroup(NL80211_GENL_NAME, group);
    this.#eventSocket().addMembership(id);
    this.#joined.add(group);
  }

  /** Sets the handler for decoded events (frames, TX status, stations, others). */
  onEvent(handler: Nl80211EventHandler | undefined): void {
    this.#handler = handler;
    this.#eventSocket();
  }

  /** Closes both sockets; pending requests fail. */
  close(): void {
    this.#events?.close();
    this.#events = undefined;
    this.#query?.close();
    this.#query = undefined;
    this.#cmd.close();
  }

  #eventSocket(): NlSocket {
    if (!this.#events) {
      const s = NlSocket.connect({ rcvbuf: EVENT_RCVBUF });
      try {
        s.dropInKernel(this.family, UNUSED_EVENTS);
      } catch {
        // A kernel without socket filters: they are still dropped undecoded, after the wake.
      }
      s.onEvent((msg) => {
        if (msg.header.type === this.family) this.#handler?.(decodeEvent(msg));
      }, UNUSED_EVENTS);
      this.#events = s;
    }
    return this.#events;
  }
}
