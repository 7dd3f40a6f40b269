/**
 * The configuration key table: every key hostapd 2.10 knows is classified as supported (validated
 * and stored), ignored (accepted, harmless, see keys_ignored.ts) or unsupported (a precise error);
 * anything else is unknown, as in hostapd.
 *
 * @module
 */

import { AP_KEYS } from "./keys_ap.ts";
import {
  DEPRECATED_KEYS,
  deprecatedSpec,
  HE_REASON,
  IGNORED_KEYS,
  IGNORED_PREFIXES,
  ignoredSpec,
  OFF_ONLY_KEYS,
  offOnlySpec,
  prefixSpec,
} from "./keys_ignored.ts";
import { WPS_KEYS } from "./keys_wps.ts";
import { HOSTAPD_KEYS } from "./known_keys.ts";
import type { KeySpec, KeyStatus } from "./key_spec.ts";

export type { KeyContext, KeySetter, KeySpec, KeyStatus } from "./key_spec.ts";

/** Supported keys: AP/WPA (reference 1.2) and WPS (1.3). `bss` is handled by the parser. */
export const SUPPORTED_KEYS: Readonly<Record<string, KeySpec>> = { ...AP_KEYS, ...WPS_KEYS };

/** Supported keys that OpenWrt's patched hostapd adds (upstream hostapd 2.10 does not know them). */
export const OPENWRT_SUPPORTED_KEYS: readonly string[] = ["noscan"];

/** How a key name is classified. */
export type KeyClass = KeyStatus | "unknown";

/**
 * Looks up the table entry for a key.
 *
 * @param key the key exactly as written (no trimming)
 * @returns the entry, `"unsupported"` for a hostapd key tsapd refuses, or undefined if unknown
 */
export function lookupKey(key: string): KeySpec | "unsupported" | undefined {
  if (Object.hasOwn(SUPPORTED_KEYS, key)) return SUPPORTED_KEYS[key];
  if (Object.hasOwn(IGNORED_KEYS, key)) return ignoredSpec(IGNORED_KEYS[key]!);
  if (Object.hasOwn(OFF_ONLY_KEYS, key)) return offOnlySpec(key, OFF_ONLY_KEYS[key]!);
  if (Object.hasOwn(DEPRECATED_KEYS, key)) return deprecatedSpec(key, DEPRECATED_KEYS[key]!);
  for (const p of IGNORED_PREFIXES) {
    if (!key.startsWith(p.prefix)) continue;
    return prefixSpec(p, key);
  }
  if (key.startsWith("he_") && HOSTAPD_KEYS.has(key)) return ignoredSpec(HE_REASON);
  if (HOSTAPD_KEYS.has(key)) return "unsupported";
  return undefined;
}

/**
 * Classifies a key name.
 *
 * @example
 * ```ts
 * classifyKey("wps_state"); // "supported"
 * classifyKey("wmm_ac_be_aifs"); // "ignored"
 * classifyKey("radius_server_clients"); // "unsupported"
 * classifyKey("no_such_key"); // "unknown"
 * ```
 */
export function classifyKey(key: string): KeyClass {
  if (key === "bss") return "supported";
  const spec = lookupKey(key);
  if (spec === undefined) return "unknown";
  return spec === "unsupported" ? "unsupported" : spec.status;
}

/** Why an ignored key is harmless, or undefined when the key is not ignored. */
export function ignoreReason(key: string): string | undefined {
  const spec = lookupKey(key);
  return spec !== undefined && spec !== "unsupported" && spec.status === "ignored"
    ? spec.reason
    : undefined;
}
