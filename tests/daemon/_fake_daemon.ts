/**
 * A Daemon in process on config files of its own, with a fake driver and fake control sockets:
 * commands go straight to each interface's handler, events are collected.
 *
 * @module
 */
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import type { Bss } from "../../daemon/bss.ts";
import { Daemon, type DriverInstance } from "../../daemon/daemon.ts";
import { commandHandlerFor } from "../../daemon/ctrl_handler.ts";

/** The config of one wired WPS BSS (WPA2-PSK, an AP PIN). */
export const CONF = (ifname: string, bssid: string, ctrl: string): string =>
  [
    `interface=${ifname}`,
    "driver=wired",
    `bssid=${bssid}`,
    "ssid=TestWPS",
    "wpa=2",
    "wpa_passphrase=initialpassphrase",
    "rsn_pairwise=CCMP",
    "eap_server=1",
    "wps_state=2",
    "ap_pin=12345670",
    `ctrl_interface=${ctrl}`,
  ].join("\n") + "\n";

/** How the fake driver starts: by default it always does. */
export interface FakeDaemonOptions {
  /** Called for each driver start; throw to make the start fail. */
  onDriverStart?: (bss: Bss) => void;
}

/** A started Daemon with one config file per interface name. */
export async function daemonWith(ifnames: string[], options: FakeDaemonOptions = {}) {
  const dir = await Deno.makeTempDir();
  const paths: string[] = [];
  for (const [i, ifname] of ifnames.entries()) {
    const path = `${dir}/${ifname}.conf`;
    await Deno.writeTextFile(path, CONF(ifname, `02:00:00:00:01:0${i}`, `${dir}/ctrl`));
    paths.push(path);
  }
  const handlers = new Map<string, (c: string) => string | Uint8Array | null>();
  const events: string[] = [];
  const driver: DriverInstance = {
    stop() {},
    deauthWpsStations() {},
    wpsIesChanged() {},
    stations: () => [],
    kick() {},
  };
  const d = new Daemon(paths, {
    logger: silentLogger,
    clock: new ManualClock(),
    openControl: (_dir, ifname, _group, handler) => {
      handlers.set(ifname, handler);
      return Promise.resolve({
        emit: (_level, text) => void events.push(`${ifname}: ${text}`),
        setHandler: (h) => void handlers.set(ifname, h),
        close() {},
      });
    },
    startDriver: (bss) => {
      try {
        options.onDriverStart?.(bss);
      } catch (e) {
        return Promise.reject(e);
      }
      return Promise.resolve(driver);
    },
    handlerFor: commandHandlerFor,
  });
  await d.start();
  /** A command to `ifname`'s handler, with hostapd's reply text. */
  const cli = (ifname: string, cmd: string) => {
    const r = handlers.get(ifname)!(cmd);
    return typeof r === "string"
      ? r
      : r === null
      ? "UNKNOWN COMMAND\n"
      : new TextDecoder().decode(r);
  };
  const cleanup = async () => {
    await d.stop();
    await Deno.remove(dir, { recursive: true });
  };
  return { d, cli, events, cleanup, paths };
}
