/**
 * Turns parsed control commands into reply bytes, independent of where the state lives: the
 * daemon passes a {@link CtrlBackend} (config/status formatters, the station table, the BSS's
 * WpsContext) and gets the `handler` that daemon/ctrl_server.ts calls for every request other
 * than ATTACH/DETACH/LEVEL.
 *
 * @module
 */

import { AuthType, EncrType } from "../wps/constants.ts";
import { checkPin } from "../wps/pin.ts";
import { type CtrlCommand, parseCommand } from "./command.ts";
import { staFirstReply, type StaInfo, staNextReply, staReply } from "./sta.ts";
import { logLevelReply, type LogSettingsControl } from "./log_level.ts";
import { type AclListControl, aclReply } from "./acl.ts";

/** `OK\n`, the default reply of a successful command. */
export const REPLY_OK = "OK\n";
/** `FAIL\n`, the reply of a failed or malformed command. */
export const REPLY_FAIL = "FAIL\n";
/**
 * `GET version`: the hostapd release whose control interface tsapd answers as (no newline, as
 * hostapd's reply). `tsapd -v` names tsapd itself.
 */
export const HOSTAPD_VERSION = "2.10";

/** `UNKNOWN COMMAND\n`, the reply to a command hostapd does not know. */
export const REPLY_UNKNOWN = "UNKNOWN COMMAND\n";

/** The WPS side of a BSS (core/wps/wps_context.ts's WpsContext has this shape). */
export interface CtrlWpsBackend {
  /** WPS_PIN; false → FAIL. `uuid` is `any` or lower-case UUID text. */
  addPin(uuid: string, pin: string, timeoutSec: number, mac?: string): boolean;
  /** WPS_PBC; false → FAIL. */
  startPbc(): boolean;
  /** WPS_CANCEL; false → FAIL. */
  cancel(): boolean;
  /** WPS_AP_PIN with its arguments; returns the whole reply text. */
  apPinCommand(args: string[]): string;
  /** The WPS_GET_STATUS text. */
  formatStatus(): string;
  /** WPS_CONFIG with Authentication and Encryption Type flags; false → FAIL. */
  configAp(ssid: Uint8Array, authType: number, encrType: number, key: Uint8Array): boolean;
}

/** Everything the per-BSS commands read or change. */
export interface CtrlBackend {
  /** The STATUS reply. */
  status(): string;
  /** The GET_CONFIG reply. */
  getConfig(): string;
  /** The station table in hostapd's order (newest first). */
  stations(): readonly StaInfo[];
  /** RELOAD; false → FAIL. */
  reload(): boolean;
  /**
   * DEAUTHENTICATE / DISASSOCIATE (the reply is OK whether or not the station is known, as in
   * hostapd); absent → UNKNOWN COMMAND.
   */
  kick?(kind: "deauth" | "disassoc", addr: Uint8Array, reason: number, tx: boolean): void;
  /** RELOAD_WPA_PSK; false → FAIL; absent → UNKNOWN COMMAND. */
  reloadWpaPsk?(): boolean;
  /** LOG_LEVEL's view of the daemon's log settings; absent → UNKNOWN COMMAND. */
  logSettings?: LogSettingsControl;
  /** TERMINATE: the daemon shuts down after this reply; absent → UNKNOWN COMMAND. */
  terminate?(): void;
  /** The accept and deny lists for ACCEPT_ACL and DENY_ACL; absent → UNKNOWN COMMAND. */
  acl?: { accept: AclListControl; deny: AclListControl };
  /** POLL_STA: polls a known station; false (unknown) → FAIL; absent → UNKNOWN COMMAND. */
  pollStation?(addr: Uint8Array): boolean;
  /**
   * SA_QUERY: sends a station an SA Query Request (a radio; nothing on a wired port). Any
   * well-formed address gets OK, as in hostapd; absent → UNKNOWN COMMAND.
   */
  saQuery?(addr: Uint8Array): void;
  /**
   * REKEY_GTK: starts a group rekey now (hostapd's test command); false where no WPA
   * authenticator runs → FAIL; absent → UNKNOWN COMMAND.
   */
  rekeyGroup?(): boolean;
  /**
   * REKEY_PTK: a new 4-way handshake with a station now (hostapd's test command); false when no
   * WPA authenticator knows the station → FAIL; absent → UNKNOWN COMMAND.
   */
  rekeyPairwise?(addr: Uint8Array): boolean;
  /** ENABLE / DISABLE of the BSS's interface; false → FAIL; absent → UNKNOWN COMMAND. */
  setEnabled?(on: boolean): boolean;
  /**
   * PMKSA: the PMKSA cache listing, hostapd's header line where a WPA authenticator runs (a PSK
   * network caches no PMKSA) and empty where none does; absent → UNKNOWN COMMAND.
   */
  pmksa?(): string;
  /** MIB: the BSS's MIB lines (empty when it has none); absent → UNKNOWN COMMAND. */
  mib?(): string;
  /** UPDATE_BEACON: rebuilds and installs the beacon (none on a wired port); false → FAIL. */
  updateBeacon?(): boolean;
  /**
   * SET: applies one config key to the running config; false (refused or invalid) → FAIL;
   * absent → UNKNOWN COMMAND.
   */
  set?(field: string, value: string): boolean;
  /** The BSS's WPS state; absent when WPS is disabled (WPS_PIN/PBC/CANCEL/AP_PIN → FAIL). */
  wps?: CtrlWpsBackend;
  /** Commands this layer does not know (null → UNKNOWN COMMAND). */
  other?(text: string): string | Uint8Array | null;
}

/** The handler signature daemon/ctrl_server.ts expects (null → `UNKNOWN COMMAND\n`). */
export type CtrlHandler = (command: string) => string | Uint8Array | null;

/** WPS_CONFIG's names as WSC Authentication and Encryption Type flags. */
const AUTH_FLAG = { OPEN: AuthType.OPEN, WPAPSK: AuthType.WPAPSK, WPA2PSK: AuthType.WPA2PSK };
const ENCR_FLAG = { NONE: EncrType.NONE, TKIP: EncrType.TKIP, CCMP: EncrType.AES };

/** WPS_GET_STATUS of a BSS without WPS: hostapd's counters start as Disabled/None. */
const WPS_STATUS_IDLE = "PBC Status: Disabled\nLast WPS result: None\n";

/**
 * Builds the request handler for one BSS.
 *
 * @param backend the BSS state
 * @returns the handler (exceptions propagate; the server turns them into FAIL)
 * @example
 * ```ts
 * import { createCtrlHandler } from "./dispatch.ts";
 * const h = createCtrlHandler({
 *   status: () => "state=ENABLED\n", getConfig: () => "", stations: () => [], reload: () => true,
 * });
 * h("PING"); // "PONG\n"
 * ```
 */
export function createCtrlHandler(backend: CtrlBackend): CtrlHandler {
  return (text) => replyFor(parseCommand(text), text, backend);
}

/**
 * The reply to one parsed command.
 *
 * @param cmd the parsed command
 * @param text the original request (for {@link CtrlBackend.other})
 * @param b the BSS state
 * @returns the reply, or null for UNKNOWN COMMAND
 */
export function replyFor(
  cmd: CtrlCommand,
  text: string,
  b: CtrlBackend,
): string | Uint8Array | null {
  const ok = (v: boolean) => v ? REPLY_OK : REPLY_FAIL;
  switch (cmd.kind) {
    case "PING":
      return "PONG\n";
    case "STATUS":
      return b.status();
    case "GET_CONFIG":
      return b.getConfig();
    case "STA_FIRST":
      return staFirstReply(b.stations());
    case "STA_NEXT":
      return staNextReply(b.stations(), cmd.addr);
    case "STA":
      return staReply(b.stations(), cmd.addr, cmd.extra);
    case "RELOAD":
      return ok(b.reload());
    case "RELOAD_WPA_PSK":
      return b.reloadWpaPsk ? ok(b.reloadWpaPsk()) : b.other?.(text) ?? null;
    case "WPS_CHECK_PIN": {
      const r = checkPin(cmd.text);
      return r.ok ? r.pin : `${r.reply}\n`;
    }
    case "WPS_PIN":
      return ok(b.wps?.addPin(cmd.uuid, cmd.pin, cmd.timeout, cmd.mac) ?? false);
    case "WPS_PBC":
      return ok(b.wps?.startPbc() ?? false);
    case "WPS_CANCEL":
      return ok(b.wps?.cancel() ?? false);
    case "WPS_AP_PIN":
      return b.wps ? b.wps.apPinCommand(apPinArgs(cmd)) : REPLY_FAIL;
    case "WPS_GET_STATUS":
      return b.wps ? b.wps.formatStatus() : WPS_STATUS_IDLE;
    case "DEAUTHENTICATE":
    case "DISASSOCIATE":
      if (!b.kick) return b.other?.(text) ?? null;
      b.kick(cmd.kind === "DEAUTHENTICATE" ? "deauth" : "disassoc", cmd.addr, cmd.reason, cmd.tx);
      return REPLY_OK;
    case "WPS_CONFIG":
      return ok(
        b.wps?.configAp(cmd.ssid, AUTH_FLAG[cmd.auth], ENCR_FLAG[cmd.encr], cmd.key) ?? false,
      );
    case "LOG_LEVEL":
      return b.logSettings ? logLevelReply(cmd.args, b.logSettings) : b.other?.(text) ?? null;
    case "RELOG":
      // hostapd reopens its -f file (after a log rotation); without one there is nothing to do.
      if (!b.logSettings) return b.other?.(text) ?? null;
      return ok(b.logSettings.reopen?.() ?? true);
    case "TERMINATE":
      if (!b.terminate) return b.other?.(text) ?? null;
      b.terminate();
      return REPLY_OK;
    case "ENABLE":
    case "DISABLE":
      return b.setEnabled ? ok(b.setEnabled(cmd.kind === "ENABLE")) : b.other?.(text) ?? null;
    case "POLL_STA":
      if (!b.pollStation) return b.other?.(text) ?? null;
      return ok(cmd.addr !== undefined && b.pollStation(cmd.addr));
    case "REKEY_GTK":
      if (!b.rekeyGroup) return b.other?.(text) ?? null;
      return ok(b.rekeyGroup());
    case "REKEY_PTK":
      if (!b.rekeyPairwise) return b.other?.(text) ?? null;
      return ok(cmd.addr !== undefined && b.rekeyPairwise(cmd.addr));
    case "SA_QUERY":
      if (!b.saQuery) return b.other?.(text) ?? null;
      if (cmd.addr !== undefined) b.saQuery(cmd.addr);
      return ok(cmd.addr !== undefined);
    case "GET":
      // hostapd also answers tls_library with its OpenSSL's build and run versions; tsapd has
      // no build-time TLS library to name, so that key FAILs like any other.
      return cmd.key === "version" ? HOSTAPD_VERSION : REPLY_FAIL;
    case "ACCEPT_ACL":
    case "DENY_ACL":
      if (!b.acl) return b.other?.(text) ?? null;
      return aclReply(cmd.sub, cmd.kind === "ACCEPT_ACL" ? b.acl.accept : b.acl.deny);
    case "MIB":
      if (!b.mib) return b.other?.(text) ?? null;
      // `MIB radius_server` is the integrated RADIUS server's, empty without one (as here).
      if (cmd.param !== undefined) return cmd.param === "radius_server" ? "" : REPLY_FAIL;
      return b.mib();
    case "PMKSA":
      return b.pmksa ? b.pmksa() : b.other?.(text) ?? null;
    case "PMKSA_FLUSH":
    case "ERP_FLUSH":
      // Nothing is cached: no PMKSA for a PSK, no ERP keys without an EAP server's ERP.
      return b.pmksa ? REPLY_OK : b.other?.(text) ?? null;
    case "SET":
      return b.set ? ok(b.set(cmd.field, cmd.value)) : b.other?.(text) ?? null;
    case "UPDATE_BEACON":
      return b.updateBeacon ? ok(b.updateBeacon()) : b.other?.(text) ?? null;
    case "INVALID":
      return REPLY_FAIL;
    case "ATTACH":
    case "DETACH":
    case "LEVEL":
    case "UNKNOWN":
      // ATTACH/DETACH/LEVEL belong to the socket layer; reaching here means no socket took them.
      return b.other?.(text) ?? null;
  }
}

/** WpsContext.apPinCommand's argument list for a parsed WPS_AP_PIN. */
function apPinArgs(cmd: CtrlCommand & { kind: "WPS_AP_PIN" }): string[] {
  switch (cmd.action) {
    case "disable":
    case "get":
      return [cmd.action];
    case "random":
      return cmd.timeout === undefined ? ["random"] : ["random", String(cmd.timeout)];
    case "set":
      return cmd.timeout === undefined ? ["set", cmd.pin] : ["set", cmd.pin, String(cmd.timeout)];
  }
}
