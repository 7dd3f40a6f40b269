/**
 * Joins the control-command layer (core/ctrl: hostapd's matching rules and reply formats) to a
 * running BSS: its config formatters, station table and WPS state.
 *
 * @module
 */

import { formatGetConfig, formatStatus } from "../core/config/get_config.ts";
import { bssPsk } from "../core/config/psk.ts";
import { createCtrlHandler } from "../core/ctrl/dispatch.ts";
import { formatWpaMib, NO_WPA_MIB_COUNTERS } from "../core/wpa/mib.ts";
import type { Bss } from "./bss.ts";
import type { CommandHandler, Daemon } from "./daemon.ts";

/** Builds the command handler of one BSS. */
export function commandHandlerFor(bss: Bss, daemon: Daemon): CommandHandler {
  return createCtrlHandler({
    status() {
      const all = daemon.bsses.filter((b) => b.config === bss.config);
      return formatStatus(
        bss.config,
        all.map((b) => b.bssid),
        all.map((b) => daemon.stationsOf(b).length),
        // The radio's lines are the interface's: its first BSS's driver tells them.
        daemon.statusRuntime(all[0] ?? bss),
      );
    },
    getConfig: () => formatGetConfig(bss.bss, bss.bssid, bssPsk(bss.bss)),
    stations: () => daemon.stationsOf(bss),
    kick: (kind, addr, reason, tx) => daemon.kick(bss, kind, addr, reason, tx),
    reload() {
      void daemon.reload();
      return true;
    },
    ...(daemon.logSettings ? { logSettings: daemon.logSettings } : {}),
    ...(daemon.canTerminate ? { terminate: () => daemon.terminate() } : {}),
    updateBeacon: () => daemon.updateBeacon(bss),
    mib() {
      // hostapd's wpa_auth exists whenever wpa is set, on a wired port too (with no station).
      const b = bss.bss;
      if (b.wpa === 0) return "";
      const run = daemon.wpaMibOf(bss);
      return formatWpaMib(
        {
          wpa: b.wpa,
          preauth: false, // rsn_preauth is for WPA-EAP, which tsapd does not offer
          strictRekey: b.wpa_strict_rekey !== 0,
          groupUpdateCount: b.wpa_group_update_count,
          pairwiseUpdateCount: b.wpa_pairwise_update_count,
          groupCipher: b.wpa_group,
        },
        run?.counters ?? NO_WPA_MIB_COUNTERS,
        run?.groupState,
      );
    },
    wps: bss.wps,
  });
}
