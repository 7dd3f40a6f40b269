/**
 * The shape of one entry of the configuration key table: where the key lives (radio or BSS),
 * whether tsapd implements it, and the setter that validates a value with hostapd's messages.
 *
 * @module
 */

import type { BssConfig, RadioConfig } from "./schema.ts";

/** What tsapd does with a key hostapd knows. */
export type KeyStatus = "supported" | "ignored" | "unsupported";

/** What a setter gets: the section being filled and where the value came from. */
export interface KeyContext {
  /** The radio part of the config being built. */
  radio: RadioConfig;
  /** The BSS section the line belongs to. */
  bss: BssConfig;
  /** BSS 0: `interface=` always names it, whatever section the line is in. */
  bss0: BssConfig;
  /** 1-based line number; 0 for a control-interface `SET`. */
  line: number;
  /** INFO-level lines to report (not errors). */
  notes: string[];
  /** Resolves a group name for `ctrl_interface_group`; undefined when unknown. */
  lookupGroup?: (name: string) => number | undefined;
  /**
   * Reads a file a key names, as hostapd reads it while parsing; undefined when it cannot be
   * read. Absent: such files are not looked at here (the daemon reads them when it starts).
   */
  readFile?: (path: string) => Uint8Array | undefined;
  /** Error lines hostapd prints before the line's own error, which are not counted. */
  details: string[];
}

/**
 * Validates and stores one value (a binary string: one char per byte). Returns undefined on
 * success or the complete error line (usually `Line N: ...`).
 */
export type KeySetter = (ctx: KeyContext, value: string) => string | undefined;

/** One key of the table. */
export interface KeySpec {
  /** `supported`: validated and stored; `ignored`: accepted without effect. */
  status: Exclude<KeyStatus, "unsupported">;
  /** The setter (for ignored keys: an optional value check). */
  set?: KeySetter;
  /** Why an ignored key is harmless to ignore. */
  reason?: string;
}

/** Formats `Line N: <message>`. */
export function lineError(ctx: KeyContext, message: string): string {
  return `Line ${ctx.line}: ${message}`;
}
