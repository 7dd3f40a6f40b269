/**
 * The logging port of the core: levels as hostapd numbers them, hex dumps, and key dumps that
 * only appear when the operator asked for them (hostapd's `-K`).
 *
 * @module
 */

import { toHex } from "./bytes.ts";

/** hostapd's debug levels (wpa_debug.h). */
export const LogLevel = {
  EXCESSIVE: 0,
  MSGDUMP: 1,
  DEBUG: 2,
  INFO: 3,
  WARNING: 4,
  ERROR: 5,
} as const;

/** One of {@link LogLevel}'s values. */
export type LogLevelValue = typeof LogLevel[keyof typeof LogLevel];

/** Where log lines go. Implementations decide the threshold and the sink. */
export interface Logger {
  /** Writes one line at `level`. */
  log(level: LogLevelValue, message: string): void;
  /** Writes `title - hexdump(len=N): ..` at `level`. */
  hexdump(level: LogLevelValue, title: string, data: Uint8Array): void;
  /** Like hexdump, but for secrets: shown only with `-K`, else `[REMOVED]`. */
  keydump(level: LogLevelValue, title: string, data: Uint8Array): void;
}

/** A logger that drops everything (the default for library users and unit tests). */
export const silentLogger: Logger = {
  log() {},
  hexdump() {},
  keydump() {},
};

/** Options of {@link createLineLogger}. */
export interface LineLoggerOptions {
  /** Lowest level written. */
  level: LogLevelValue;
  /** Prefix lines with `seconds.micros: ` (hostapd's `-t`). */
  timestamps: boolean;
  /** Show key material in keydump (hostapd's `-K`). */
  showKeys: boolean;
  /** The sink for finished lines, with the level each was logged at. */
  write: (line: string, level: LogLevelValue) => void;
}

/**
 * A logger that formats lines like hostapd's debug output. `opts.level` and `opts.timestamps`
 * are read for every line, so changing them (LOG_LEVEL) takes effect at once.
 */
export function createLineLogger(opts: LineLoggerOptions): Logger {
  const emit = (level: LogLevelValue, text: string) => {
    if (level < opts.level) return;
    if (opts.timestamps) {
      // Microseconds, as hostapd prints them: Date.now() alone has only milliseconds.
      const usTotal = Math.floor((performance.timeOrigin + performance.now()) * 1000);
      const us = String(usTotal % 1_000_000).padStart(6, "0");
      opts.write(`${Math.floor(usTotal / 1_000_000)}.${us}: ${text}`, level);
    } else {
      opts.write(text, level);
    }
  };
  return {
    log: emit,
    hexdump(level, title, data) {
      if (level < opts.level) return;
      emit(level, `${title} - hexdump(len=${data.length}): ${spacedHex(data)}`);
    },
    keydump(level, title, data) {
      if (level < opts.level) return;
      const body = opts.showKeys ? spacedHex(data) : "[REMOVED]";
      emit(level, `${title} - hexdump(len=${data.length}): ${body}`);
    },
  };
}

function spacedHex(data: Uint8Array): string {
  return toHex(data).replace(/(..)(?!$)/g, "$1 ");
}
