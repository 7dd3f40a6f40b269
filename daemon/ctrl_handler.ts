/**
 * Joins the control-command layer (core/ctrl: hostapd's matching rules and reply formats) to a
 * running BSS: its config formatters, station table and WPS state.
 *
 * @module
 */

import { formatGetConfig, formatStatus } from "../core/config/get_config.ts";
import { createCtrlHandler, type CtrlWpsBackend } from "../core/ctrl/dispatch.ts";
import type { AclListControl } from "../core/ctrl/acl.ts";
import type { AclList } from "../core/ap/mac_acl.ts";
import { formatWpaMib, NO_WPA_MIB_COUNTERS } from "../core/wpa/mib.ts";
import { countStations } from "../core/ap/station_counts.ts";
import { AP_PIN_MAX_LENGTH } from "../core/wps/ap_pin.ts";
import type { Bss } from "./bss.ts";
import type { CommandHandler, Daemon } from "./daemon.ts";

/** PMKSA's listing of an empty cache: hostapd's header line alone. */
const PMKSA_LIST_HEADER = "Index / SPA / PMKID / expiration (in seconds) / opportunistic\n";

/** Builds the command handler of one BSS. */
export function commandHandlerFor(bss: Bss, daemon: Daemon): CommandHandler {
  return createCtrlHandler({
    status() {
      // While a RELOAD replaces the BSSes this handler's one has left the list: it still
      // answers for itself (hostapd's reload leaves no such moment).
      const running = daemon.bsses.filter((b) => b.config === bss.config);
      const all = running.length > 0 ? running : [bss];
      const stations = all.map((b) => daemon.stationsOf(b));
      // The radio's lines are the interface's: its first BSS's driver tells them.
      const runtime = daemon.isDisabled(bss)
        ? { state: daemon.disabledState(bss) }
        : daemon.statusRuntime(all[0]!);
      // As hostapd's counters, over the stations of every BSS of the radio.
      const counts = runtime.countedRadio
        ? { stationCounts: countStations(stations.flat(), runtime.countedRadio) }
        : {};
      return formatStatus(
        bss.config,
        all.map((b) => b.bssid),
        stations.map((s) => s.length),
        { ...runtime, ...counts },
      );
    },
    getConfig: () => formatGetConfig(bss.bss, bss.bssid, bss.shownPsk),
    stations: () => daemon.stationsOf(bss),
    kick: (kind, addr, reason, tx) => daemon.kick(bss, kind, addr, reason, tx),
    reload() {
      if (!daemon.acceptsReload(bss)) return false;
      // The interface asked, as hostapd's RELOAD: the process's other config files run on.
      void daemon.reload({ path: bss.config.path });
      return true;
    },
    reloadWpaPsk: () => daemon.reloadWpaPsk(bss),
    ...(daemon.logSettings ? { logSettings: daemon.logSettings } : {}),
    ...(daemon.canTerminate ? { terminate: () => daemon.terminate() } : {}),
    set: (field, value) => daemon.set(bss, field, value),
    updateBeacon: () => !daemon.isDisabled(bss) && daemon.updateBeacon(bss),
    setEnabled: (on) => on ? daemon.enable(bss) : daemon.disable(bss),
    pollStation: (addr) => daemon.pollStation(bss, addr),
    saQuery: (addr) => daemon.saQuery(bss, addr),
    rekeyPairwise: (addr) => !daemon.isDisabled(bss) && daemon.rekeyPairwise(bss, addr),
    rekeyGroup: () => {
      // hostapd's wpa_auth exists whenever the BSS started with wpa set (a wired port too, with
      // nothing to rekey); a SET of wpa changes that at the next start only.
      if (!bss.startedWpa || daemon.isDisabled(bss)) return false;
      daemon.rekeyGroup(bss);
      return true;
    },
    acl: { accept: aclList(bss, daemon, "accept"), deny: aclList(bss, daemon, "deny") },
    // A PSK caches no PMKSA: the listing is the header alone where a WPA authenticator runs.
    pmksa: () => bss.startedWpa && !daemon.isDisabled(bss) ? PMKSA_LIST_HEADER : "",
    mib() {
      // hostapd prints its wpa_auth's copy of the config, taken when the BSS started.
      const started = bss.startedWpa;
      if (!started || daemon.isDisabled(bss)) return "";
      const run = daemon.wpaMibOf(bss);
      return formatWpaMib(started, run?.counters ?? NO_WPA_MIB_COUNTERS, run?.groupState);
    },
    ...(bss.wps
      ? {
        wps: wpsGroup(
          bss.wps,
          () => daemon.isDisabled(bss) || !bss.servingWps,
          () => daemon.wpsPeersOf(bss),
        ),
      }
      : {}),
  });
}

/**
 * The WPS commands of a BSS. WPS_PIN, WPS_PBC, WPS_CANCEL and WPS_AP_PIN act on every BSS that
 * shares WPS commands with it (`peers`), as hostapd's do; WPS_GET_STATUS, `WPS_AP_PIN get` and
 * WPS_CONFIG on this one. A disabled interface has no Registrar, as in hostapd: its BSS is left
 * out (the command FAILs when no BSS is left); WPS_GET_STATUS and `get` still answer, and
 * `WPS_AP_PIN disable` still clears its AP PIN.
 */
function wpsGroup(
  own: CtrlWpsBackend,
  disabled: () => boolean,
  peers: () => CtrlWpsBackend[],
): CtrlWpsBackend {
  const all = () => [...(disabled() ? [] : [own]), ...peers()];
  return {
    addPin(uuid, pin, timeoutSec, mac) {
      const targets = all();
      return targets.length > 0 && targets.every((w) => w.addPin(uuid, pin, timeoutSec, mac));
    },
    startPbc() {
      const targets = all();
      return targets.length > 0 && targets.every((w) => w.startPbc());
    },
    cancel() {
      const targets = all();
      for (const w of targets) w.cancel();
      return targets.length > 0;
    },
    apPinCommand(args) {
      if (args[0] === "get") return own.apPinCommand(args);
      // A disabled interface has no Registrar: a new PIN goes to the peers only, while `disable`
      // still clears this BSS's PIN (hostapd frees the configured string either way).
      const [first, ...rest] = args[0] === "disable" ? [own, ...peers()] : all();
      const reply = first?.apPinCommand(args);
      if (reply === "FAIL\n") return reply;
      // The same AP PIN on every BSS: a random one is drawn once, then set on the others.
      const spread = args[0] === "random" && reply ? ["set", reply, ...args.slice(1, 2)] : args;
      for (const w of rest) w.apPinCommand(spread);
      if (!disabled() || args[0] === "disable") return reply!;
      // hostapd answers from this BSS's own settings: `set` with the PIN given (if it would
      // take it), `random` with the PIN it kept.
      if (args[0] === "set") {
        return args[1] !== undefined && args[1].length <= AP_PIN_MAX_LENGTH ? args[1] : "FAIL\n";
      }
      return own.apPinCommand(["get"]);
    },
    formatStatus: () => own.formatStatus(),
    configAp: (ssid, auth, encr, key) => !disabled() && own.configAp(ssid, auth, encr, key),
  };
}

/** One of the BSS's MAC lists for ACCEPT_ACL / DENY_ACL. */
function aclList(bss: Bss, daemon: Daemon, list: AclList): AclListControl {
  return {
    entries: () => bss.acl.entries(list),
    add: (mac, vlanId) => {
      bss.acl.add(list, mac, vlanId);
      daemon.recordAclChange(bss, { list, op: "add", mac: mac.slice(), vlanId });
    },
    remove: (mac) => {
      bss.acl.remove(list, mac);
      daemon.recordAclChange(bss, { list, op: "remove", mac: mac.slice() });
    },
    clear: () => {
      bss.acl.clear(list);
      daemon.recordAclChange(bss, { list, op: "clear" });
    },
    changed: () => daemon.aclChanged(bss),
  };
}
