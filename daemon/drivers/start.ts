/**
 * Picks and starts the driver named by `driver=` for a BSS, and presents it to the daemon as a
 * DriverInstance (station table for the control interface, WPS_CANCEL, IE updates).
 *
 * @module
 */

import { parseMac } from "../../core/bytes.ts";
import type { Clock } from "../../core/clock.ts";
import type { StaInfo } from "../../core/ctrl/sta.ts";
import { type Logger, LogLevel } from "../../core/log.ts";
import type { Bss } from "../bss.ts";
import type { DriverInstance, EventEmitter } from "../daemon.ts";
import { Nl80211Driver } from "./nl80211.ts";
import { WiredDriver } from "./wired.ts";

/** Starts the BSS's driver. */
export function startDriver(
  bss: Bss,
  emit: EventEmitter,
  logger: Logger,
  clock: Clock,
  onState?: (state: string) => void,
): Promise<DriverInstance> {
  switch (bss.config.driver) {
    case "wired":
      return Promise.resolve(startWired(bss, emit, logger, clock));
    case "nl80211":
      return startNl80211(bss, emit, logger, clock, onState);
  }
}

function startWired(
  bss: Bss,
  emit: EventEmitter,
  logger: Logger,
  clock: Clock,
): DriverInstance {
  const driver = new WiredDriver();
  const event = (text: string) => {
    logger.log(LogLevel.INFO, `${bss.ifname}: ${text}`);
    emit(LogLevel.INFO, text);
  };
  driver.start(bss.ifname, {
    runFactory: (role, peer) => bss.servingWps?.createRun(role, peer) ?? null,
    emit: event,
    fragmentSize: bss.bss.fragment_size > 0 ? bss.bss.fragment_size : undefined,
    eapolVersion: bss.bss.eapol_version,
    ieee8021x: bss.bss.ieee8021x !== 0,
    logger,
    clock,
  });
  // A wired port has no association to end and no management frames: forgetting a station
  // ends its WPS run.
  const forgetAll = () => {
    for (const s of driver.stations()) {
      const mac = parseMac(s.mac);
      if (mac) driver.removeStation(mac);
    }
  };
  return {
    stop: () => driver.stop(),
    deauthWpsStations() {
      // hostapd's WPS_CANCEL deauthenticates the stations that associated for WPS alone; a
      // wired port has no association, so a run in progress goes on.
    },
    wpsIesChanged() {
      // Wired ports carry no beacons.
    },
    kick(_kind, addr) {
      if (addr[0] === 0xff) forgetAll();
      else driver.removeStation(addr);
    },
    stations(): StaInfo[] {
      const out: StaInfo[] = [];
      // Newest first, as hostapd's station list; a wired station has no flags (no association).
      for (const s of driver.stations().sort((a, b) => b.added - a.added)) {
        const addr = parseMac(s.mac);
        if (!addr) continue;
        const wps = bss.wps?.device(s.mac);
        out.push({
          addr,
          flags: [],
          aid: 0,
          capability: 0,
          listenInterval: 0,
          supportedRates: new Uint8Array(0),
          timeoutNext: s.leaving ? "REMOVE" : "NULLFUNC POLL",
          ...(wps ? { wps } : {}),
        });
      }
      return out;
    },
  };
}

async function startNl80211(
  bss: Bss,
  emit: EventEmitter,
  logger: Logger,
  clock: Clock,
  onState?: (state: string) => void,
): Promise<DriverInstance> {
  const driver = await Nl80211Driver.start(bss, {
    ...(onState ? { onState } : {}),
    emit: (text) => {
      logger.log(LogLevel.INFO, `${bss.ifname}: ${text}`);
      emit(LogLevel.INFO, text);
    },
    emitProbeRx: (text) => emit(LogLevel.INFO, text, true),
    logger,
    clock,
    ...(secondaryOf(bss) !== undefined ? { secondaryOf: secondaryOf(bss) } : {}),
  });
  return {
    stop: (exiting) => driver.stop(exiting),
    deauthWpsStations: () => driver.deauthWpsStations(),
    kick: (kind, addr, reason, tx) => driver.kick(kind, addr, reason, tx),
    wpsIesChanged: () => driver.wpsIesChanged(),
    updateBeacon: (config) => driver.updateBeacon(config),
    stations: () => driver.stations(),
    selfTestSetup: () => driver.selfTestSetup(),
    statusRuntime: () => driver.statusRuntime(),
    aclChanged: () => driver.aclChanged(),
    pollStation: (mac) => driver.pollStation(mac),
    saQuery: (mac) => driver.saQuery(mac),
    rekeyGroup: () => driver.rekeyGroup(),
    rekeyPairwise: (mac) => driver.rekeyPairwise(mac),
    wpaMib: () => driver.radio?.wpaMib(),
    pskChanged: () => driver.pskChanged(),
  };
}

/** The radio's first interface when `bss` is a further `bss=` section of its config. */
function secondaryOf(bss: Bss): string | undefined {
  const first = bss.config.bss[0];
  return first && first !== bss.bss ? first.interface : undefined;
}
