/**
 * The per-BSS control commands: hostapd 2.10's matching rules (exact names, or a name and a
 * space for commands with arguments) and replies, answered from the BSS's state.
 *
 * @module
 */

import { formatGetConfig, formatStatus } from "../core/config/get_config.ts";
import { bssPsk } from "../core/config/psk.ts";
import { checkPin } from "../core/wps/pin.ts";
import type { Bss } from "./bss.ts";
import type { CommandHandler, Daemon } from "./daemon.ts";
import { staCommand } from "./sta_commands.ts";

const OK = "OK\n";
const FAIL = "FAIL\n";

/** hostapd's atoi: leading digits, 0 when none. */
function atoi(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** Builds the command handler of one BSS. */
export function commandHandlerFor(bss: Bss, daemon: Daemon): CommandHandler {
  return (cmd) => {
    switch (cmd) {
      case "PING":
        return "PONG\n";
      case "STATUS": {
        const all = daemon.bsses.filter((b) => b.config === bss.config);
        return formatStatus(
          bss.config,
          all.map((b) => b.bssid),
          all.map((b) => daemon.stationsOf(b).length),
        );
      }
      case "GET_CONFIG":
        return formatGetConfig(bss.bss, bss.bssid, bssPsk(bss.bss));
      case "RELOAD":
      case "RELOAD_CONFIG":
        void daemon.reload();
        return OK;
      case "WPS_PBC":
        return bss.wps?.startPbc() ? OK : FAIL;
      case "WPS_CANCEL":
        return bss.wps?.cancel() ? OK : FAIL;
    }
    const sta = staCommand(cmd, bss, daemon);
    if (sta !== undefined) return sta;
    if (cmd.startsWith("WPS_PIN ")) return wpsPin(bss, cmd.slice(8));
    if (cmd.startsWith("WPS_CHECK_PIN ")) {
      const r = checkPin(cmd.slice(14));
      return r.ok ? r.pin : `${r.reply}\n`;
    }
    if (cmd.startsWith("WPS_AP_PIN ")) {
      if (!bss.wps) return FAIL;
      return bss.wps.apPinCommand(cmd.slice(11).split(" "));
    }
    // hostapd compares only the first 13 characters ("WPS_GET_STATU").
    if (cmd.startsWith("WPS_GET_STATU")) {
      return bss.wps?.formatStatus() ?? "PBC Status: Disabled\nLast WPS result: None\n";
    }
    return null;
  };
}

/** `WPS_PIN <uuid|any> <pin> [<timeout> [<addr>]]`, split as hostapd does. */
function wpsPin(bss: Bss, args: string): string {
  if (!bss.wps) return FAIL;
  const sp = args.indexOf(" ");
  if (sp < 0) return FAIL;
  const uuid = args.slice(0, sp);
  let pin = args.slice(sp + 1);
  let timeout = 0;
  let mac: string | undefined;
  const t = pin.indexOf(" ");
  if (t >= 0) {
    const rest = pin.slice(t + 1);
    pin = pin.slice(0, t);
    timeout = atoi(rest);
    const m = rest.indexOf(" ");
    if (m >= 0) mac = rest.slice(m + 1);
  }
  return bss.wps.addPin(uuid, pin, timeout, mac) ? OK : FAIL;
}
