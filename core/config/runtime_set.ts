/**
 * `SET <field> <value>` on the control interface: one hostapd.conf key applied to a running
 * config, as hostapd's `hostapd_set_iface()` does (the key's parser as for a file line, then the
 * derived security fields). The running config keeps the setting as written; the whole-config
 * check, which may switch WPS off, acts when RELOAD applies it. Unlike hostapd, which checks
 * little at SET time, a change that would make that check fail is refused at once, and a
 * refused change leaves nothing behind: the key is tried on a copy first. Pure: no I/O.
 *
 * @module
 */

import { checkConfig, type ConfigCheckScope, setSecurityParams } from "./checks.ts";
import { parseConfigLine, type ParseOptions } from "./parse.ts";
import { type HostapdConfig, HostapdConfigSchema } from "./schema.ts";

/**
 * Keys that name what the daemon is attached to (the interface, its driver and control socket).
 * hostapd accepts them and then runs on inconsistently; tsapd refuses them at run time: they
 * take effect only from the file, on a restart or SIGHUP.
 */
export const SET_REFUSED_KEYS: ReadonlySet<string> = new Set([
  "interface",
  "bss",
  "driver",
  "bridge",
  "ctrl_interface",
  "ctrl_interface_group",
]);

/** One accepted SET, kept so that RELOAD applies it again on top of the file. */
export interface RuntimeSetting {
  /** The config file of the BSS. */
  readonly path: string;
  /** The BSS's interface name (its section in the file). */
  readonly ifname: string;
  /** The key as written. */
  readonly field: string;
  /** The value as written. */
  readonly value: string;
}

/** Outcome of {@link applySetting}. */
export type SettingResult =
  | { ok: true; config: HostapdConfig; notes: string[] }
  | { ok: false; error: string };

/**
 * Applies one key to a copy of `config`.
 *
 * @param config the running config (not changed)
 * @param bssIndex the BSS section the control socket belongs to
 * @param field the key as written
 * @param value the value as written (everything after the first space)
 * @param options OS hooks for the key parsers
 * @returns the changed copy and the key's INFO notes, or hostapd's error line
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * const r = parseConfig("interface=eth0\nssid=a\n", "x.conf");
 * if (r.ok) applySetting(r.config, 0, "ssid", "b"); // { ok: true, config: {..ssid "b"..}, notes: [] }
 * ```
 */
export function applySetting(
  config: HostapdConfig,
  bssIndex: number,
  field: string,
  value: string,
  options: ParseOptions = {},
): SettingResult {
  if (SET_REFUSED_KEYS.has(field)) {
    return { ok: false, error: `'${field}' cannot be changed while the daemon runs` };
  }
  const copy = structuredClone(config);
  const bss = copy.bss[bssIndex];
  if (bss === undefined) return { ok: false, error: `No BSS ${bssIndex}` };
  const notes: string[] = [];
  const err = parseConfigLine(copy, bss, field, value, 0, notes, options);
  if (err !== undefined) return { ok: false, error: err };
  for (const b of copy.bss) setSecurityParams(b, { full: false });
  const checked = checkedConfig(copy, { full: false });
  if (!checked.ok) return checked;
  // hostapd checks the whole config only when it applies it (RELOAD), where the check may also
  // switch WPS off; until then the running config keeps the setting as written.
  return { ok: true, config: copy, notes };
}

/**
 * RELOAD's check of a running config with its SETs (hostapd's `hostapd_reload_iface`, which
 * refuses an invalid updated configuration and keeps the AP as it runs).
 *
 * @returns the whole-config check's error, or undefined when the config can be applied
 */
export function reloadCheck(config: HostapdConfig): string | undefined {
  const r = checkedConfig(config);
  return r.ok ? undefined : r.error;
}

/** Outcome of {@link enableCheck}. */
export interface EnableCheck {
  /** The running config as ENABLE leaves it, whether or not the interface comes up. */
  config: HostapdConfig;
  /** Why the interface stays down; undefined when it can start. */
  error?: string;
  /** The whole-config check's INFO/ERROR lines. */
  notes: string[];
}

/**
 * ENABLE's check of a running config (hostapd's `hostapd_enable_iface`): unlike RELOAD, hostapd
 * derives the security fields again and runs the whole-config check on the running config itself,
 * so what they change (an open BSS's ciphers and AKMs set to none, WPS switched off) stays even
 * when the interface then cannot start. It cannot when the check fails, or when `wpa` is set
 * with no pairwise cipher or no AKM left (hostapd's WPA authenticator then fails to build its RSN
 * element): a BSS made open and enabled has none, and a later `SET wpa 2` gives none back.
 *
 * @param config the running config (not changed)
 * @returns the config to adopt, and the error that keeps the interface down
 */
export function enableCheck(config: HostapdConfig): EnableCheck {
  const copy = structuredClone(config);
  for (const b of copy.bss) setSecurityParams(b);
  const check = checkConfig(copy);
  if (check.error !== undefined) return { config: copy, error: check.error, notes: check.notes };
  for (const b of copy.bss) {
    const missing = b.wpa === 0
      ? undefined
      : (b.wpa & 2 ? b.rsn_pairwise : b.wpa_pairwise).length === 0
      ? "pairwise cipher"
      : b.wpa_key_mgmt.length === 0
      ? "key management type"
      : undefined;
    if (missing !== undefined) {
      return {
        config: copy,
        error: `${b.interface}: WPA initialization failed: no ${missing} configured`,
        notes: check.notes,
      };
    }
  }
  const valid = HostapdConfigSchema.safeParse(copy);
  if (!valid.success) {
    return { config: copy, error: `Internal error: ${valid.error.message}`, notes: check.notes };
  }
  return { config: copy, notes: check.notes };
}

/**
 * hostapd's config check on a copy of `config` (for a full config also the security fields
 * derived again), with what it changes (WPS switched off, Config Methods normalised) and the
 * schema's ranges.
 */
function checkedConfig(config: HostapdConfig, scope: ConfigCheckScope = {}): SettingResult {
  const copy = structuredClone(config);
  if (scope.full ?? true) { for (const b of copy.bss) setSecurityParams(b); }
  const check = checkConfig(copy, scope);
  if (check.error !== undefined) return { ok: false, error: check.error };
  const valid = HostapdConfigSchema.safeParse(copy);
  if (!valid.success) return { ok: false, error: `Internal error: ${valid.error.message}` };
  return { ok: true, config: copy, notes: check.notes };
}

/**
 * Applies the SETs made on a config's BSSes again, in order, to the same config read anew
 * (RELOAD keeps them, as hostapd's in-memory config keeps them).
 *
 * @param config the config as just read from its file
 * @param settings every SET still in force (those of other files are skipped)
 * @param options OS hooks for the key parsers
 * @returns the config with the settings, or the first one that no longer applies
 */
export function reapplySettings(
  config: HostapdConfig,
  settings: readonly RuntimeSetting[],
  options: ParseOptions = {},
): SettingResult {
  let current = config;
  for (const s of settings) {
    if (s.path !== config.path) continue;
    const index = current.bss.findIndex((b) => b.interface === s.ifname);
    if (index < 0) continue; // the file no longer has that BSS
    const r = applySetting(current, index, s.field, s.value, options);
    if (!r.ok) return { ok: false, error: `SET ${s.field} ${s.value}: ${r.error}` };
    current = r.config;
  }
  return current === config ? { ok: true, config, notes: [] } : checkedConfig(current);
}

/**
 * Copies a changed config into the running one, object by object, so that everything holding
 * the running config or one of its BSS sections sees the change.
 *
 * @param live the running config (changed)
 * @param changed a copy made by {@link applySetting} from `live`
 */
export function adoptSetting(live: HostapdConfig, changed: HostapdConfig): void {
  const sections = live.bss;
  Object.assign(live, changed, { bss: sections });
  changed.bss.forEach((b, i) => Object.assign(sections[i]!, b));
}
