/**
 * hostapd.conf parsing with hostapd's line rules (reference 1.1): `#` only in column 0 starts a
 * comment, nothing is trimmed, the first `=` splits key and value, every bad line is an error and
 * all errors are counted; `bss=` starts a further BSS section. Pure: callers pass the text in.
 *
 * @module
 */

import { checkConfig, defaultCiphersWithoutTkip, setSecurityParams } from "./checks.ts";
import { lookupKey } from "./keys.ts";
import type { KeyContext } from "./key_spec.ts";
import {
  type BssConfig,
  defaultBss,
  defaultRadio,
  type HostapdConfig,
  HostapdConfigSchema,
} from "./schema.ts";
import { binaryToText, bytesToBinary, textToBinary } from "./_text.ts";

/** hostapd reads lines with `fgets()` into a 4096-byte buffer: at most 4095 bytes per read. */
const LINE_BUFFER = 4095;

/** Outcome of {@link parseConfig}. */
export type ConfigParseResult =
  | { ok: true; config: HostapdConfig; notes: string[] }
  | { ok: false; errors: string[] };

/** Hooks for the parts of parsing that need the operating system. */
export interface ParseOptions {
  /** Resolves a group name (`ctrl_interface_group=netdev`); numbers need no lookup. */
  lookupGroup?: (name: string) => number | undefined;
  /**
   * Reads a file that a key names (`accept_mac_file`, `deny_mac_file`, `extra_cred`,
   * `ap_settings`); undefined when it cannot be read. hostapd reads these while it parses, so a
   * missing one is an error of its line. Without the hook the files are not looked at.
   */
  readFile?: (path: string) => Uint8Array | undefined;
}

/**
 * Parses hostapd.conf text.
 *
 * @param text the file's content (bytes, or a string that is encoded as UTF-8)
 * @param path the file name used in the final error line
 * @param options OS hooks
 * @returns the config and INFO notes, or every error line plus hostapd's final count line
 * @example
 * ```ts
 * const r = parseConfig("interface=wlan0\nssid=test\n", "hostapd.conf");
 * r.ok; // true
 * ```
 */
export function parseConfig(
  text: string | Uint8Array,
  path: string,
  options: ParseOptions = {},
): ConfigParseResult {
  const data = typeof text === "string" ? textToBinary(text) : bytesToBinary(text);
  const config = newConfig(path);
  const errors: string[] = [];
  let errorCount = 0;
  const notes: string[] = [];
  let bss = config.bss[0]!;
  let line = 0;
  let pos = 0;
  while (pos < data.length) {
    // One fgets(): up to and including '\n', or LINE_BUFFER bytes, whichever comes first.
    const nl = data.indexOf("\n", pos);
    const end = Math.min(nl < 0 ? data.length : nl + 1, pos + LINE_BUFFER);
    let chunk = data.slice(pos, end);
    pos = end;
    line++;
    if (chunk[0] === "#") continue;
    // C string semantics: a NUL ends the line; then the first '\n' is cut.
    const nul = chunk.indexOf("\0");
    if (nul >= 0) chunk = chunk.slice(0, nul);
    if (chunk.endsWith("\n")) chunk = chunk.slice(0, -1);
    if (chunk === "") continue;
    const eq = chunk.indexOf("=");
    if (eq < 0) {
      errors.push(`Line ${line}: invalid line '${chunk}'`);
      errorCount++;
      continue;
    }
    const key = chunk.slice(0, eq);
    const value = chunk.slice(eq + 1);
    if (key === "bss") {
      if (value === "") {
        errors.push(`Line ${line}: invalid bss item`);
        errorCount++;
        continue;
      }
      bss = defaultBss(binaryToText(value.slice(0, 16)));
      config.bss.push(bss);
      continue;
    }
    const details: string[] = [];
    const err = fillLine(config, bss, key, value, line, notes, options, details);
    if (err !== undefined) {
      errors.push(...details, err);
      errorCount++;
    }
  }
  notes.push(...defaultCiphersWithoutTkip(config));
  for (const b of config.bss) setSecurityParams(b);
  const check = checkConfig(config);
  notes.push(...check.notes);
  if (check.error !== undefined) {
    errors.push(check.error);
    errorCount++;
  }
  if (errorCount > 0) {
    const shown = errors.map(binaryToText);
    shown.push(`${errorCount} errors found in configuration file '${path}'`);
    return { ok: false, errors: shown };
  }
  const valid = HostapdConfigSchema.safeParse(config);
  if (!valid.success) {
    // Setters keep every field in range, so this only trips on a bug in this module.
    return {
      ok: false,
      errors: [`Internal error in config for '${path}': ${valid.error.message}`],
    };
  }
  return { ok: true, config, notes };
}

/**
 * Applies one `key=value` to a config, as hostapd's `hostapd_config_fill()` does for a file line
 * or for `SET <key> <value>` on the control interface (line 0). Does not run the whole-config
 * checks; call {@link setSecurityParams} / {@link checkConfig} afterwards when needed.
 *
 * @param config the config to change
 * @param bss the BSS section the setting belongs to (one of `config.bss`)
 * @param key the key exactly as written
 * @param value the value exactly as written
 * @param line the line number for messages (0 for SET)
 * @param notes receives INFO notes
 * @param options OS hooks
 * @returns undefined on success, else the error line (without the uncounted detail lines a
 *   file-reading key may print before it in a file's error list)
 * @example
 * ```ts
 * const r = parseConfig("interface=wlan0\n", "x.conf");
 * if (r.ok) parseConfigLine(r.config, r.config.bss[0]!, "wps_state", "5"); // "Line 0: invalid wps_state"
 * ```
 */
export function parseConfigLine(
  config: HostapdConfig,
  bss: BssConfig,
  key: string,
  value: string,
  line = 0,
  notes: string[] = [],
  options: ParseOptions = {},
): string | undefined {
  const err = fillLine(
    config,
    bss,
    textToBinary(key),
    textToBinary(value),
    line,
    notes,
    options,
  );
  return err === undefined ? undefined : binaryToText(err);
}

function fillLine(
  config: HostapdConfig,
  bss: BssConfig,
  key: string,
  value: string,
  line: number,
  notes: string[],
  options: ParseOptions,
  details: string[] = [],
): string | undefined {
  const spec = lookupKey(key);
  if (spec === undefined) return `Line ${line}: unknown configuration item '${key}'`;
  if (spec === "unsupported") {
    return `Line ${line}: unsupported configuration item '${key}' (not implemented by tsapd)`;
  }
  if (!spec.set) return undefined;
  const ctx: KeyContext = {
    radio: config,
    bss,
    bss0: config.bss[0] ?? bss,
    line,
    notes,
    details,
  };
  if (options.lookupGroup) ctx.lookupGroup = options.lookupGroup;
  if (options.readFile) ctx.readFile = options.readFile;
  return spec.set(ctx, value);
}

function newConfig(path: string): HostapdConfig {
  return { ...defaultRadio(), path, bss: [defaultBss()] };
}
