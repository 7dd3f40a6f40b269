/**
 * hostapd's `driver=nl80211`: makes tsapd a real access point on a mac80211 radio. This driver
 * sets the radio up (AP mode, regulatory domain, frame registrations, START_AP), keeps the
 * beacon current (SET_BEACON) and tears it all down again; the frame path in between (the AP
 * core answering management frames, EAP-WSC for stations that came for WPS, the WPA2
 * authenticator for RSN stations) is a {@link RadioBss} whose kernel commands go out over libnl.
 * EAPOL travels over the nl80211 control port, or an AF_PACKET socket on the AP interface
 * (EtherType 0x888e) where the kernel lacks it.
 *
 * @module
 */

import { type AcsWidth, chooseChannel } from "../../core/ap/acs.ts";
import { channelFrequency, channelOfFrequency } from "../../core/ieee80211/channel.ts";
import { affectedRange24, coexistence24 } from "../../core/ap/ht_plan.ts";
import { apParamsFromConfig } from "../../core/ap/ap_params.ts";
import { formatMac } from "../../core/bytes.ts";
import type { Clock } from "../../core/clock.ts";
import { buildEthernet, ETH_P_PAE, isGroupAddress } from "../../core/eapol/ethernet.ts";
import { buildMgmtFrame, mgmtFrameControl, MgmtSubtype } from "../../core/ieee80211/frame.ts";
import { buildReason } from "../../core/ieee80211/mgmt_body.ts";
import { ReasonCode } from "../../core/ieee80211/status_codes.ts";
import { type Logger, LogLevel } from "../../core/log.ts";
import type { StaInfo } from "../../core/ctrl/sta.ts";
import type { StatusRuntime } from "../../core/config/get_config.ts";
import type { BssConfig, HostapdConfig } from "../../core/config/schema.ts";
import {
  Nl80211Attr,
  Nl80211Cmd,
  Nl80211Group,
  Nl80211Iftype,
} from "../../core/netlink/nl80211_const.ts";
import type { Nl80211Event, WiphyInfo } from "../../core/netlink/nl80211_decode.ts";
import type { BssParams } from "../../core/netlink/nl80211_params.ts";
import { buildRsnElement } from "../../core/wpa/rsn_ie.ts";
import { ifNameToIndex } from "../../ffi/libc.ts";
import { DriverError } from "../../ffi/libnl.ts";
import { type BridgePort, joinBridge } from "./bridge.ts";
import { Nl80211 } from "../../ffi/nl80211/nl80211.ts";
import { PacketSocket } from "../../ffi/packet_socket.ts";
import type { Bss } from "../bss.ts";
import type { RadioSelfTestSetup } from "../radio_self_test.ts";
import {
  beaconData,
  checkPrimaryChannel,
  countrySubbands,
  type HtSetup,
  htSetupOfWiphy,
  livePskConfig,
  rsnOfConfig,
  startApParams,
  vhtSetupOfWiphy,
} from "./nl80211_setup.ts";
import { RadioBss } from "./radio_bss.ts";
import { SA_QUERY_CATEGORY } from "../../core/ap/sa_query.ts";

/** How long the 20/40 MHz coexistence scan may take (ms); 13 passive channels take about 2 s. */
const SCAN_WAIT_MS = 10_000;

/** The secondary channel the first BSS of each wiphy settled on after its scan, by wiphy. */
const SETTLED_SECONDARY = new Map<number, 0 | 1 | -1>();

/** HT Operation's Secondary Channel Offset for a secondary channel (1 above, 3 below). */
const OFFSET_OF_SECONDARY = { 0: 0, 1: 1, [-1]: 3 } as const;

/** Management frames the AP core answers (hostapd registers the same set). */
const REGISTERED = [
  MgmtSubtype.PROBE_REQ,
  MgmtSubtype.AUTH,
  MgmtSubtype.ASSOC_REQ,
  MgmtSubtype.REASSOC_REQ,
  MgmtSubtype.DISASSOC,
  MgmtSubtype.DEAUTH,
];
const BROADCAST = new Uint8Array(6).fill(0xff);
/** Time for the reactor to drop closed descriptors before a restart opens new ones. */
const REACTOR_SETTLE_MS = 50;
/** Longest wait for one kernel request while tearing down. */
const STEP_TIMEOUT_MS = 3000;
/** Longest wait for the kernel to apply a requested regulatory domain. */
const REG_CHANGE_WAIT_MS = 2000;

/** Options of {@link Nl80211Driver.start}. */
export interface Nl80211DriverOptions {
  /** Control events without the `<3>` prefix. */
  emit: (event: string) => void;
  /** RX-PROBE-REQUEST events, for the monitors that asked for them. */
  emitProbeRx?: (event: string) => void;
  /** Debug log. */
  logger: Logger;
  /** Time and timers. */
  clock: Clock;
  /**
   * For a secondary BSS (a `bss=` section): the radio's first interface. The BSS's interface is
   * created on that wiphy with the BSS's address (removed first if one by that name exists, as
   * hostapd does) and removed again when the BSS stops.
   */
  secondaryOf?: string;
  /** The interface state while the BSS comes up (COUNTRY_UPDATE, HT_SCAN), for STATUS. */
  onState?: (state: string) => void;
}

/** Runs `ip link set dev <ifname> up|down` (the driver's only use of an external tool). */
async function setLink(ifname: string, up: boolean): Promise<void> {
  const out = await new Deno.Command("ip", {
    args: ["link", "set", "dev", ifname, up ? "up" : "down"],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`Could not set interface ${ifname} ${up ? "up" : "down"}: ${err}`);
  }
}

function isUp(ifname: string): boolean {
  try {
    return (parseInt(Deno.readTextFileSync(`/sys/class/net/${ifname}/flags`).trim(), 16) & 1) !== 0;
  } catch {
    return false;
  }
}

/** The radio BSSes of this process, for pruning a station that moves between them. */
const RUNNING = new Set<Nl80211Driver>();

/** One BSS on one nl80211 interface. */
export class Nl80211Driver {
  readonly #bss: Bss;
  readonly #o: Nl80211DriverOptions;
  readonly #ifname: string;
  #ifindex = 0;
  #nl: Nl80211 | undefined;
  #socket: PacketSocket | undefined;
  #radio: RadioBss | undefined;
  #oldIftype: number | undefined;
  /** The interface this driver created (a secondary BSS), removed at stop. */
  #created = false;
  /** The interface's port in `bridge=`, given back at stop. */
  #bridge: BridgePort | undefined;
  #started = false;
  #stopped = false;
  /** EAPOL goes through NL80211_CMD_CONTROL_PORT_FRAME rather than a packet socket. */
  #controlPort = false;
  #beaconQueued = false;
  /** The BSS parameters last sent with SET_BSS, as text, to send only changes. */
  #bssParamsSent: string | undefined;
  #regChanged: (() => void) | undefined;
  /** Resolves the 20/40 MHz coexistence scan: true when its results are ready. */
  #scanDone: ((ok: boolean) => void) | undefined;
  #beaconChain: Promise<void> = Promise.resolve();
  /** STATUS's radio lines, fixed once the AP runs. */
  #status: StatusRuntime = {};

  private constructor(bss: Bss, options: Nl80211DriverOptions) {
    this.#bss = bss;
    this.#o = options;
    this.#ifname = bss.ifname;
  }

  /**
   * Brings the BSS up: AP mode, frame registrations, START_AP, the group key, and EAPOL.
   *
   * @throws {Error} when the interface, the radio or the kernel refuses; nothing stays open
   */
  static async start(bss: Bss, options: Nl80211DriverOptions): Promise<Nl80211Driver> {
    const d = new Nl80211Driver(bss, options);
    try {
      await d.#start();
    } catch (err) {
      await d.stop();
      throw err;
    }
    return d;
  }

  /** The frame path (after start), for the control interface and tests. */
  get radio(): RadioBss | undefined {
    return this.#radio;
  }

  async #start(): Promise<void> {
    const { config, bss } = this.#bss;
    const log = this.#o.logger;
    if (bss.multi_ap !== 0) {
      // Multi-AP (EasyMesh) changes who may associate and what WPS hands out: refuse it.
      throw new Error(`${this.#ifname}: multi_ap=${bss.multi_ap} is not implemented by tsapd`);
    }
    const nl = Nl80211.open();
    this.#nl = nl;
    const ifindex = this.#o.secondaryOf !== undefined
      ? await this.#createInterface(this.#o.secondaryOf)
      : ifNameToIndex(this.#ifname);
    if (ifindex === 0) throw new Error(`Could not find interface ${this.#ifname}: No such device`);
    this.#ifindex = ifindex;
    nl.onEvent((e) => this.#onEvent(e));
    if (config.country_code && this.#o.secondaryOf === undefined) {
      await this.#setCountry(config.country_code);
    }
    const info = await nl.getInterface(ifindex);
    log.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: wiphy ${info.wiphy}, type ${info.iftype}`);
    const wiphy = (await nl.getWiphys()).find((w) => w.index === info.wiphy);
    if (!wiphy) throw new Error(`${this.#ifname}: no wiphy ${info.wiphy}`);
    if (wiphy.deviceApSme) {
      throw new Error(`${this.#ifname}: drivers with AP SME are not supported`);
    }
    if (info.iftype !== Nl80211Iftype.AP) await this.#setAp(info.iftype);
    if (!isUp(this.#ifname)) await setLink(this.#ifname, true);
    // hostapd's default channel is 0: no channel line asks for ACS too. The radio's config is
    // shared by its BSSes, so a further BSS finds the channel the first one chose.
    if (config.channel === 0) config.channel = await this.#acs(config, wiphy);
    const frequency = channelFrequency(config.channel);
    checkPrimaryChannel(config, wiphy, frequency);
    if (bss.bridge !== "") this.#bridge = await joinBridge(this.#ifname, bss.bridge, log);

    const rsn = rsnOfConfig(config, bss);
    if (rsn && ((bss.wpa & 1) || bss.rsn_pairwise.includes("TKIP"))) {
      // hostapd would also offer WPA/TKIP to old stations; tsapd runs WPA2 without TKIP.
      log.log(
        LogLevel.WARNING,
        `${this.#ifname}: WPA/TKIP not offered: WPA2 with CCMP or GCMP only`,
      );
    }
    const acl = this.#bss.acl;
    let hts: HtSetup = config.ieee80211n
      ? htSetupOfWiphy(config, wiphy, frequency)
      : { secondaryChannel: 0 };
    if (hts.scan && hts.secondaryChannel !== 0) {
      hts = await this.#coexistence(hts, config.channel, wiphy);
    }
    if (hts.note) log.log(LogLevel.INFO, `${this.#ifname}: ${hts.note}`);
    const ht = hts.ht;
    const vhts = ht && config.ieee80211ac
      ? vhtSetupOfWiphy(config, wiphy, frequency, hts.secondaryChannel)
      : undefined;
    if (vhts?.note) log.log(LogLevel.INFO, `${this.#ifname}: ${vhts.note}`);
    const params = apParamsFromConfig(config, bss, {
      bssid: this.#bss.bssid,
      ...(ht ? { ht, htSecondaryOffset: OFFSET_OF_SECONDARY[hts.secondaryChannel] } : {}),
      ...(vhts ? { vht: vhts.vht } : {}),
      ...(rsn ? { rsnElement: buildRsnElement(rsn) } : {}),
      countrySubbands: countrySubbands(wiphy.frequencies, config.channel),
    });
    const radio = new RadioBss({
      ifindex,
      ifname: this.#ifname,
      params,
      acl,
      ...(this.#bss.servingWps ? { wps: this.#bss.servingWps } : {}),
      eap: {
        fragmentSize: bss.fragment_size > 0 ? bss.fragment_size : undefined,
        eapolVersion: bss.eapol_version,
      },
      ...(rsn
        ? {
          wpa: {
            bssid: this.#bss.bssid,
            rsn,
            psks: livePskConfig(this.#bss.commonPsk()?.slice(), this.#bss.pskEntries),
            groupRekeySeconds: bss.wpa_group_rekey,
            ptkRekeySeconds: bss.wpa_ptk_rekey,
            pairwiseUpdateCount: bss.wpa_pairwise_update_count,
            groupUpdateCount: bss.wpa_group_update_count,
            disableKeyRetries: bss.wpa_disable_eapol_key_retries !== 0,
            eapolVersion: bss.eapol_version,
            strictRekey: bss.wpa_strict_rekey !== 0,
          },
        }
        : {}),
      commands: nl,
      beaconChanged: () => this.#queueBeacon(),
      emit: this.#o.emit,
      ...(this.#o.emitProbeRx ? { emitProbeRx: this.#o.emitProbeRx } : {}),
      logger: log,
      clock: this.#o.clock,
      stationAssociated: (mac) => {
        for (const other of RUNNING) if (other !== this) other.#radio?.pruneStation(mac);
      },
    });
    this.#radio = radio;
    RUNNING.add(this);

    log.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: registering frames, START_AP`);
    nl.subscribe("mlme");
    for (const st of REGISTERED) await nl.registerFrame(ifindex, mgmtFrameControl(st));
    // SA Query in AP mode is left to userspace (the kernel answers it only for a station). A
    // driver that refuses the registration still runs the AP, without answering SA Queries.
    await nl.registerFrame(
      ifindex,
      mgmtFrameControl(MgmtSubtype.ACTION),
      Uint8Array.of(SA_QUERY_CATEGORY),
    ).catch((err) =>
      log.log(LogLevel.WARNING, `nl80211: ${this.#ifname}: SA Query frames not registered: ${err}`)
    );
    // A station that missed our deauthentication (out of range, or tsapd restarted after a
    // crash) keeps sending data the kernel drops: told of it, the AP sends it away.
    await nl.registerUnexpectedFrames(ifindex).catch((err) =>
      log.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: no spurious frame reports: ${err}`)
    );
    const p = startApParams(
      ifindex,
      radio.ap.beacon(),
      frequency,
      rsn,
      !!params.ht,
      hts.secondaryChannel,
      params.vht,
    );
    try {
      await nl.startAp({ ...p, controlPortOverNl80211: true });
      this.#controlPort = true;
    } catch (err) {
      // Kernels or drivers without EAPOL over nl80211: the netdev carries it.
      if (!(err instanceof DriverError)) throw err;
      log.log(LogLevel.DEBUG, `nl80211: no control port over nl80211 (${err.message})`);
      await nl.startAp(p);
    }
    this.#started = true;
    // As hostapd does after starting the AP, whatever the value; only isolation that was
    // asked for and cannot be had stops the BSS.
    try {
      await nl.setApIsolate(ifindex, bss.ap_isolate !== 0);
    } catch (err) {
      if (bss.ap_isolate !== 0) {
        throw new Error(`${this.#ifname}: could not set ap_isolate: ${err}`);
      }
      log.log(LogLevel.DEBUG, `nl80211: SET_BSS ap_isolate=0: ${err}`);
    }
    await this.#sendBssParams(radio.ap.beacon().bss);
    if (!this.#controlPort) {
      const socket = PacketSocket.open(this.#ifname, { etherType: ETH_P_PAE });
      this.#socket = socket;
      socket.listen((f) => {
        if (!isGroupAddress(f.src)) radio.receiveEapol(f.src, f.payload);
      });
      radio.useEapolSocket((dest, eapol) => {
        try {
          socket.send(buildEthernet(dest, this.#bss.bssid, ETH_P_PAE, eapol));
        } catch (err) {
          log.log(LogLevel.WARNING, `nl80211: EAPOL to ${formatMac(dest)}: ${err}`);
        }
      });
    }
    radio.start();
    this.#status = {
      state: "ENABLED",
      phy: wiphy.name,
      freq: frequency,
      ...(config.ieee80211n ? { secondaryChannel: hts.secondaryChannel } : {}),
      ...(params.ht
        ? {
          htCapsInfo: params.ht.capabilities.capabilitiesInfo,
          htMcsSet: params.ht.capabilities.mcsSet,
        }
        : {}),
      ...(params.vht
        ? {
          vht: { chwidth: params.vht.chwidth, seg0: params.vht.seg0, seg1: params.vht.seg1 },
          vhtMcsSet: params.vht.capabilities.mcsSet,
        }
        : {}),
      rates: params.rates,
      ...(wiphy.maxTxPowerDbm.has(frequency)
        ? { maxTxPowerDbm: wiphy.maxTxPowerDbm.get(frequency)! }
        : {}),
    };
    log.log(
      LogLevel.INFO,
      `${this.#ifname}: nl80211 AP on ${frequency} MHz, BSSID ${formatMac(this.#bss.bssid)}`,
    );
  }

  /** One passive scan of `freqs`; resolves once the kernel has results, rejects on failure. */
  async #scan(freqs: readonly number[]): Promise<void> {
    const nl = this.#nl!;
    nl.subscribe(Nl80211Group.SCAN);
    let timer: number | undefined;
    try {
      const done = new Promise<boolean>((resolve) => {
        this.#scanDone = resolve;
        timer = this.#o.clock.setTimer(SCAN_WAIT_MS, () => resolve(false));
      });
      await nl.triggerScan(this.#ifindex, freqs);
      if (!(await done)) throw new Error("no results");
    } finally {
      if (timer !== undefined) this.#o.clock.clearTimer(timer);
      this.#scanDone = undefined;
    }
  }

  /**
   * Automatic channel selection: `acs_num_scans` passive scans of the usable channels of the
   * band `hw_mode` names (enabled, neither no-IR nor radar; `chanlist` narrows them), the
   * kernel's survey after each, and the BSSes found, weighed by core/ap/acs.ts. Sends
   * ACS-STARTED, then ACS-COMPLETED (or ACS-FAILED, and the BSS does not start), as hostapd.
   *
   * @returns the channel chosen
   */
  async #acs(config: HostapdConfig, wiphy: WiphyInfo): Promise<number> {
    const nl = this.#nl!;
    const log = this.#o.logger;
    const restricted = new Set(wiphy.restrictedFrequencies);
    const bands = config.hw_mode === "a"
      ? ["5"]
      : config.hw_mode === "any"
      ? ["2.4", "5"]
      : ["2.4"];
    const bandOf = (f: number) => (f < 3000 ? "2.4" : f < 5950 ? "5" : "other");
    const candidates = wiphy.frequencies.filter((f) =>
      bands.includes(bandOf(f)) && !restricted.has(f) &&
      (f !== 2484 || config.hw_mode === "b") &&
      (config.chanlist.length === 0 || config.chanlist.includes(channelOfFrequency(f)))
    );
    const width: AcsWidth = {
      secondary: config.ieee80211n ? (config.secondary_channel as -1 | 0 | 1) : 0,
      vht80: config.ieee80211n !== 0 && config.ieee80211ac !== 0 && config.vht_oper_chwidth === 1,
    };
    this.#o.onState?.("ACS");
    this.#o.emit("ACS-STARTED");
    try {
      if (candidates.length === 0) throw new Error("no usable channel in the band");
      log.log(
        LogLevel.INFO,
        `${this.#ifname}: ACS: ${config.acs_num_scans} scan(s) of ${
          candidates.map(channelOfFrequency).join(" ")
        }`,
      );
      const scans = [];
      for (let i = 0; i < config.acs_num_scans; i++) {
        await this.#scan(candidates);
        scans.push(await nl.getSurvey(this.#ifindex));
      }
      const found = await nl.getScanResults(this.#ifindex);
      const choice = chooseChannel({
        candidates,
        scans,
        bssFrequencies: found.map((b) => b.frequency),
        width,
      });
      if (!choice) throw new Error("no channel can carry the configured width");
      log.log(
        LogLevel.DEBUG,
        `${this.#ifname}: ACS: scores ${
          [...choice.scores].map(([f, s]) => `${channelOfFrequency(f)}:${s.toFixed(3)}`).join(" ")
        }`,
      );
      log.log(LogLevel.INFO, `${this.#ifname}: ACS: chose channel ${choice.channel}`);
      this.#o.emit(`ACS-COMPLETED freq=${choice.frequency} channel=${choice.channel}`);
      return choice.channel;
    } catch (err) {
      this.#o.emit("ACS-FAILED");
      throw new Error(
        `${this.#ifname}: ACS failed: ${err instanceof Error ? err.message : err}`,
      );
    }
  }

  /**
   * 2.4 GHz 40 MHz (ht_capab [HT40+]/[HT40-]): a passive scan of the affected channels, and
   * 20 MHz when a neighbour stands against 40 MHz (core/ap/ht_plan.ts coexistence24) or the
   * scan fails, as hostapd does before it starts such a BSS. A further BSS of the radio runs the
   * width its first BSS settled on.
   */
  async #coexistence(hts: HtSetup, channel: number, wiphy: WiphyInfo): Promise<HtSetup> {
    if (this.#o.secondaryOf !== undefined) {
      const settled = SETTLED_SECONDARY.get(wiphy.index);
      return settled === undefined ? hts : { ...hts, secondaryChannel: settled };
    }
    const nl = this.#nl!;
    const sec = hts.secondaryChannel === 1 ? 1 : -1;
    const [start, end] = affectedRange24(channel, sec);
    const freqs = wiphy.frequencies.filter((f) => f >= start && f <= end);
    this.#o.onState?.("HT_SCAN");
    let why: string | undefined;
    try {
      this.#o.logger.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: 20/40 MHz scan ${freqs}`);
      await this.#scan(freqs);
      why = coexistence24(channel, sec, await nl.getScanResults(this.#ifindex));
    } catch (err) {
      why = `the scan failed: ${err instanceof Error ? err.message : err}`;
    }
    const out: HtSetup = why
      ? {
        ...hts,
        secondaryChannel: 0,
        note: `20/40 MHz operation not permitted on channel pri=${channel} sec=${
          channel + 4 * sec
        } (${why}); 20 MHz`,
      }
      : hts;
    SETTLED_SECONDARY.set(wiphy.index, out.secondaryChannel);
    return out;
  }

  /**
   * country_code: asks for the country's regulatory domain unless it is in force, and waits
   * (at most 2 s) for the kernel to announce it, so the channel list read next reflects it.
   */
  async #setCountry(alpha2: string): Promise<void> {
    const nl = this.#nl!;
    const log = this.#o.logger;
    if ((await nl.getRegulatoryCountry()) === alpha2) return;
    this.#o.onState?.("COUNTRY_UPDATE");
    nl.subscribe(Nl80211Group.REG);
    let timer: number | undefined;
    const changed = new Promise<void>((resolve) => {
      this.#regChanged = resolve;
      timer = this.#o.clock.setTimer(REG_CHANGE_WAIT_MS, resolve);
    });
    try {
      await nl.requestRegulatory(alpha2);
      await changed;
      log.log(LogLevel.DEBUG, `nl80211: regulatory domain ${await nl.getRegulatoryCountry()}`);
    } catch (err) {
      // hostapd stops here; a router is better off beaconing under the old domain.
      log.log(LogLevel.ERROR, `nl80211: could not set country ${alpha2}: ${err}`);
    } finally {
      if (timer !== undefined) this.#o.clock.clearTimer(timer);
      this.#regChanged = undefined;
    }
  }

  /** Creates the interface of a secondary BSS on the wiphy of `primary`; its ifindex. */
  async #createInterface(primary: string): Promise<number> {
    const nl = this.#nl!;
    const log = this.#o.logger;
    const primaryIndex = ifNameToIndex(primary);
    if (primaryIndex === 0) throw new Error(`Could not find interface ${primary}: No such device`);
    const { wiphy } = await nl.getInterface(primaryIndex);
    const existing = ifNameToIndex(this.#ifname);
    if (existing !== 0) {
      log.log(LogLevel.DEBUG, `nl80211: removing the existing ${this.#ifname} to create it anew`);
      await nl.delInterface(existing);
    }
    const made = await nl.newInterface(wiphy, this.#ifname, Nl80211Iftype.AP, this.#bss.bssid);
    this.#created = true;
    log.log(
      LogLevel.DEBUG,
      `nl80211: created ${this.#ifname} (ifindex ${made.ifindex}) on wiphy ${wiphy} with ` +
        formatMac(this.#bss.bssid),
    );
    return made.ifindex;
  }

  /** SET_INTERFACE to AP; mac80211 refuses some changes while the interface is up. */
  async #setAp(old: number): Promise<void> {
    const nl = this.#nl!;
    try {
      await nl.setInterfaceType(this.#ifindex, Nl80211Iftype.AP);
    } catch (err) {
      if (!(err instanceof DriverError)) throw err;
      await setLink(this.#ifname, false);
      await nl.setInterfaceType(this.#ifindex, Nl80211Iftype.AP);
    }
    this.#oldIftype = old;
    this.#o.logger.log(LogLevel.DEBUG, `nl80211: ${this.#ifname} set to AP mode (was ${old})`);
  }

  /**
   * Deauthenticates everyone, stops beaconing, takes the interface out of its bridge and
   * restores its type. `exiting` (the daemon's last stop) also removes a bridge made for it.
   */
  async stop(exiting = false): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    RUNNING.delete(this);
    const nl = this.#nl;
    this.#o.logger.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: stopping`);
    this.#radio?.stop();
    this.#socket?.close();
    if (nl && this.#started) {
      const own = this.#bss.bssid;
      const deauth = buildMgmtFrame(
        { subtype: MgmtSubtype.DEAUTH, da: BROADCAST, sa: own, bssid: own },
        buildReason(ReasonCode.DEAUTH_LEAVING),
      );
      await this.#quiet("deauth all", nl.sendFrame(this.#ifindex, deauth, { noAck: true }));
      await this.#quiet("DEL_STATION all", nl.delStation(this.#ifindex));
      await this.#quiet("SET_BEACON", this.#beaconChain);
      await this.#quiet("STOP_AP", nl.stopAp(this.#ifindex));
    }
    if (nl && this.#oldIftype !== undefined) {
      await this.#quiet(
        "restore interface type",
        nl.setInterfaceType(this.#ifindex, this.#oldIftype),
      );
    }
    await this.#bridge?.leave(exiting);
    if (nl && this.#created) {
      await this.#quiet("DEL_INTERFACE", nl.delInterface(this.#ifindex));
    }
    nl?.close();
    this.#nl = undefined;
    // The shared reactor's poll still holds the closed descriptors; a socket opened before it
    // comes round could reuse a number and lose its watch to the old one's POLLNVAL.
    if (nl) await new Promise<void>((r) => this.#o.clock.setTimer(REACTOR_SETTLE_MS, r));
    this.#o.logger.log(LogLevel.DEBUG, `nl80211: ${this.#ifname}: stopped`);
  }

  /** Rebuilds the beacon after a WPS state change. */
  wpsIesChanged(): void {
    this.#radio?.wpsIesChanged();
  }

  /** UPDATE_BEACON with the BSS config as SET left it. */
  updateBeacon(bss: BssConfig): void {
    this.#radio?.updateBeacon(bss);
  }

  /** DEAUTHENTICATE / DISASSOCIATE from the control interface. */
  kick(kind: "deauth" | "disassoc", addr: Uint8Array, reason: number, tx: boolean): void {
    this.#radio?.kick(kind, addr, reason, tx);
  }

  /** WPS_CANCEL's deauthentication of WPS stations. */
  deauthWpsStations(): void {
    this.#radio?.deauthWpsStations();
  }

  /** RELOAD_WPA_PSK: the authenticator takes the BSS's new PSKs. */
  pskChanged(): void {
    this.#radio?.wpa?.setPsks(livePskConfig(this.#bss.commonPsk()?.slice(), this.#bss.pskEntries));
  }

  /** Awaits a teardown step, logging its failure; a reply that never comes stops no reload. */
  async #quiet(what: string, p: Promise<unknown>): Promise<void> {
    let timer: number | undefined;
    const late = new Promise<void>((resolve) => {
      timer = this.#o.clock.setTimer(STEP_TIMEOUT_MS, () => {
        this.#o.logger.log(LogLevel.WARNING, `nl80211: ${what}: no answer`);
        resolve();
      });
    });
    try {
      await Promise.race([p, late]);
    } catch (err) {
      this.#o.logger.log(
        LogLevel.DEBUG,
        `nl80211: ${what}: ${err instanceof Error ? err.message : err}`,
      );
    } finally {
      this.#o.clock.clearTimer(timer!);
    }
  }

  #onEvent(e: Nl80211Event): void {
    if (e.kind === "other" && e.cmd === Nl80211Cmd.REG_CHANGE) this.#regChanged?.();
    // Only this interface's scan: the "scan" group also carries other radios' scans.
    if (
      e.kind === "other" &&
      (e.cmd === Nl80211Cmd.NEW_SCAN_RESULTS || e.cmd === Nl80211Cmd.SCAN_ABORTED) &&
      e.message.attrs.u32(Nl80211Attr.IFINDEX) === this.#ifindex
    ) {
      this.#scanDone?.(e.cmd === Nl80211Cmd.NEW_SCAN_RESULTS);
    }
    if (!this.#stopped) this.#radio?.onEvent(e);
  }

  /** Coalesces beacon changes into one SET_BEACON, in order with earlier ones. */
  #queueBeacon(): void {
    if (!this.#started || this.#beaconQueued || this.#stopped) return;
    this.#beaconQueued = true;
    this.#beaconChain = this.#beaconChain.then(async () => {
      this.#beaconQueued = false;
      const radio = this.#radio;
      const nl = this.#nl;
      if (!radio || !nl || this.#stopped) return;
      const t = radio.ap.beacon();
      await this.#quiet("SET_BEACON", nl.setBeacon(beaconData(this.#ifindex, t)));
      await this.#sendBssParams(t.bss);
    });
  }

  /**
   * Tells the kernel the BSS parameters that go with the beacon (ERP protection, preamble, slot
   * time, basic rates), as hostapd does with each beacon, when they changed since last sent.
   */
  async #sendBssParams(p: BssParams): Promise<void> {
    const nl = this.#nl;
    const key = JSON.stringify({ ...p, basicRates: [...p.basicRates] });
    if (!nl || this.#stopped || key === this.#bssParamsSent) return;
    this.#bssParamsSent = key;
    await this.#quiet("SET_BSS", nl.setBssParams(this.#ifindex, p));
  }

  /** What the radio self-test copies of this BSS, once it runs. */
  selfTestSetup(): RadioSelfTestSetup | undefined {
    return this.#radio?.selfTestSetup();
  }

  /** REKEY_PTK: a new 4-way handshake with the station; false when WPA does not know it. */
  rekeyPairwise(mac: Uint8Array): boolean {
    const wpa = this.#radio?.wpa;
    if (!wpa?.station(mac)) return false;
    wpa.rekeyPairwise(mac);
    return true;
  }

  /** REKEY_GTK: a group rekey now (nothing without WPA). */
  rekeyGroup(): void {
    this.#radio?.wpa?.rekeyGroup();
  }

  /** SA_QUERY: sends the station an SA Query Request. */
  saQuery(mac: Uint8Array): void {
    this.#radio?.ap.sendSaQuery(mac);
  }

  /** POLL_STA: polls a station; false when the AP does not know it. */
  pollStation(mac: Uint8Array): boolean {
    return this.#radio?.pollStation(mac) ?? false;
  }

  /** ACCEPT_ACL / DENY_ACL changed the lists: stations they now turn away are sent off. */
  aclChanged(): void {
    this.#radio?.ap.setAcl(this.#bss.acl);
  }

  /**
   * What STATUS shows of this radio: its phy, frequency, HT capabilities, rates and power, and
   * the HT settings its station counts depend on.
   */
  statusRuntime(): StatusRuntime {
    const ap = this.#radio?.ap;
    return ap ? { ...this.#status, countedRadio: ap.countedRadio } : this.#status;
  }

  /** Stations in hostapd's table order, with WPS device info of those that registered. */
  stations(): StaInfo[] {
    return this.#radio?.stations() ?? [];
  }
}
