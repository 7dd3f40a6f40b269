/**
 * LOG_LEVEL: shows or changes the daemon's debug level and timestamp setting, with hostapd
 * 2.10's parsing. The command is matched by the bare prefix `LOG_LEVEL`; with nothing after it
 * the reply is the current setting, otherwise the first word (after spaces) is a level name,
 * case-insensitive, and a second word the timestamp flag, read like C's atoi. An empty word
 * leaves its setting alone; an unknown level name changes nothing and fails.
 *
 * @module
 */

import { LogLevel } from "../log.ts";
import { atoi } from "./command.ts";

/** The daemon's log settings as LOG_LEVEL shows them. */
export interface LogSettings {
  /** The lowest level written (LogLevel; hostapd's wpa_debug_level). */
  level: number;
  /** hostapd's wpa_debug_timestamp: 0 off, any other number on. */
  timestamp: number;
}

/** Where LOG_LEVEL reads and changes the settings. */
export interface LogSettingsControl {
  /** The current settings. */
  get(): LogSettings;
  /** Applies a change; an absent field stays as it is. */
  set(change: Partial<LogSettings>): void;
  /** RELOG: reopens the log file (`-f`) under its name; false when that fails. */
  reopen?(): boolean;
}

const NAMES = Object.keys(LogLevel) as (keyof typeof LogLevel)[];

/** hostapd's debug_level_str(): the name of a level, `?` for none. */
export function logLevelName(level: number): string {
  return NAMES.find((n) => LogLevel[n] === level) ?? "?";
}

/** hostapd's str_to_debug_level(): a level by name, case-insensitive; undefined when unknown. */
export function parseLogLevelName(text: string): number | undefined {
  const name = NAMES.find((n) => n === text.toUpperCase());
  return name === undefined ? undefined : LogLevel[name];
}

/**
 * The reply to LOG_LEVEL, applying any change through `control`.
 *
 * @param args the request text after `LOG_LEVEL`
 * @returns `Current level: ...` and `Timestamp: ...` lines, `OK\n`, or `FAIL\n`
 * @example
 * ```ts
 * import { logLevelReply } from "./log_level.ts";
 * let s = { level: 3, timestamp: 0 };
 * const control = { get: () => s, set: (c: Partial<typeof s>) => (s = { ...s, ...c }) };
 * logLevelReply("", control); // "Current level: INFO\nTimestamp: 0\n"
 * logLevelReply(" debug 1", control); // "OK\n", and s is { level: 2, timestamp: 1 }
 * ```
 */
export function logLevelReply(args: string, control: LogSettingsControl): string {
  if (args === "") {
    const s = control.get();
    return `Current level: ${logLevelName(s.level)}\nTimestamp: ${s.timestamp}\n`;
  }
  const text = args.replace(/^ +/, "");
  const sp = text.indexOf(" ");
  const name = sp < 0 ? text : text.slice(0, sp);
  const stamp = sp < 0 ? "" : text.slice(sp + 1).replace(/^ +/, "");
  const change: Partial<LogSettings> = {};
  if (name !== "") {
    const level = parseLogLevelName(name);
    if (level === undefined) return "FAIL\n";
    change.level = level;
  }
  if (stamp !== "") change.timestamp = atoi(stamp);
  control.set(change);
  return "OK\n";
}
