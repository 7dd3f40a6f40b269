/**
 * The hostapd.conf rewrite after the AP receives new settings through WPS (reference 5.10):
 * a `# WPS configuration - START` ... `END` block first, then the old file with the replaced
 * keys of the first BSS commented out as `#WPS# <line>`. Pure: text in, text out; the caller
 * writes `<conf>-new` and renames it.
 *
 * @module
 */

import { toHex } from "../bytes.ts";
import { WpsAuth, WpsEncr } from "./checks.ts";
import { binaryToBytes, binaryToText, bytesToBinary, textToBinary } from "./_text.ts";

/** The new settings, as carried by a WPS Credential / AP Settings. */
export interface NewApSettings {
  /** SSID octets (1..32). */
  ssid: Uint8Array;
  /** WPS Authentication Type bits (reference 5.11.5). */
  authType: number;
  /** WPS Encryption Type bits. */
  encrType: number;
  /** Network Key: an 8..63 octet passphrase or 64 hex digits; empty for open networks. */
  networkKey: Uint8Array;
}

/** Settings of the running BSS that change what is written. */
export interface RewriteContext {
  /** The radio's hw_mode: `ad` (60 GHz) writes GCMP instead of CCMP. */
  hw_mode: string;
  /** `wps_cred_add_sae`: also enable SAE for a WPA2-PSK passphrase credential. */
  wps_cred_add_sae: number;
  /** The current `ieee80211w`; 0 makes SAE turn PMF on as optional. */
  ieee80211w: number;
}

/** Outcome of {@link rewriteConfig}. */
export type RewriteResult =
  | { ok: true; text: string; bytes: Uint8Array }
  | { ok: false; error: string };

/** Line prefixes (first BSS only) that the new block replaces. */
const REPLACED = [
  "ssid=",
  "ssid2=",
  "auth_algs=",
  "wep_default_key=",
  "wep_key",
  "wps_state=",
  "wpa=",
  "wpa_psk=",
  "wpa_pairwise=",
  "rsn_pairwise=",
  "wpa_key_mgmt=",
  "wpa_passphrase=",
];

/**
 * Produces the new config file text.
 *
 * @param oldText the current file content
 * @param settings the received settings
 * @param ctx the running BSS's hw_mode, wps_cred_add_sae and ieee80211w
 * @returns the new content, or an error when the settings cannot be written safely
 * @example
 * ```ts
 * const r = rewriteConfig("interface=wlan0\nssid=old\n", {
 *   ssid: new TextEncoder().encode("new"), authType: 0x20, encrType: 0x08,
 *   networkKey: new TextEncoder().encode("passphrase1"),
 * }, { hw_mode: "g", wps_cred_add_sae: 0, ieee80211w: 0 });
 * r.ok && r.text.includes("#WPS# ssid=old\n"); // true
 * ```
 */
export function rewriteConfig(
  oldText: string | Uint8Array,
  settings: NewApSettings,
  ctx: RewriteContext,
): RewriteResult {
  const { ssid, authType, encrType, networkKey } = settings;
  if (ssid.length < 1 || ssid.length > 32) {
    return { ok: false, error: `Cannot write SSID of length ${ssid.length}` };
  }
  const block: string[] = ["# WPS configuration - START", "wps_state=2"];
  const printable = ssid.every((b) => b >= 32 && b < 127);
  block.push(printable ? `ssid=${bytesToBinary(ssid)}` : `ssid2=${toHex(ssid)}`);
  const rsn = (authType & (WpsAuth.WPA2 | WpsAuth.WPA2PSK)) !== 0;
  const wpa1 = (authType & (WpsAuth.WPA | WpsAuth.WPAPSK)) !== 0;
  const wpa = rsn && wpa1 ? 3 : rsn ? 2 : wpa1 ? 1 : 0;
  let pmfChanged = false;
  if (wpa) {
    const keyText = bytesToBinary(networkKey);
    const passphrase = networkKey.length >= 8 && networkKey.length < 64;
    if (!passphrase && networkKey.length !== 64) {
      return { ok: false, error: `Cannot write network key of length ${networkKey.length}` };
    }
    // The key is written raw into a line-based file: a control char could inject config lines.
    if (!networkKey.every((b) => b >= 32 && b < 127)) {
      return { ok: false, error: "Cannot write network key with a control or non-ASCII octet" };
    }
    if (!passphrase && !/^[0-9a-fA-F]{64}$/.test(keyText)) {
      return { ok: false, error: "Cannot write a 64-character network key that is not hex" };
    }
    block.push(`wpa=${wpa}`);
    const akm: string[] = [];
    if (authType & (WpsAuth.WPA2 | WpsAuth.WPA)) akm.push("WPA-EAP");
    if (authType & (WpsAuth.WPA2PSK | WpsAuth.WPAPSK)) akm.push("WPA-PSK");
    const sae = ctx.wps_cred_add_sae !== 0 && (authType & WpsAuth.WPA2PSK) !== 0 && passphrase;
    if (sae) akm.push("SAE");
    block.push(`wpa_key_mgmt=${akm.join(" ")}`);
    if (sae && ctx.ieee80211w === 0) {
      block.push("ieee80211w=1");
      pmfChanged = true;
    }
    if (sae) block.push("sae_require_mfp=1");
    const ciphers: string[] = [];
    if (encrType & WpsEncr.AES) ciphers.push(ctx.hw_mode === "ad" ? "GCMP" : "CCMP");
    if (encrType & WpsEncr.TKIP) ciphers.push("TKIP");
    block.push(`wpa_pairwise=${ciphers.join(" ")}`);
    block.push(passphrase ? `wpa_passphrase=${keyText}` : `wpa_psk=${keyText}`);
  }
  block.push("auth_algs=1", "# WPS configuration - END");
  let out = block.join("\n") + "\n";
  const replaced = pmfChanged ? [...REPLACED, "ieee80211w="] : REPLACED;
  const old = typeof oldText === "string" ? textToBinary(oldText) : bytesToBinary(oldText);
  let multiBss = false;
  for (const line of fgetsLines(old)) {
    if (line.startsWith("bss=")) multiBss = true;
    const drop = !multiBss && replaced.some((p) => line.startsWith(p));
    out += drop ? `#WPS# ${line}` : line;
  }
  return { ok: true, text: binaryToText(out), bytes: binaryToBytes(out) };
}

/** Splits like successive `fgets()` calls with hostapd's 4096-byte buffer. */
function fgetsLines(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = Math.min(nl < 0 ? text.length : nl + 1, pos + 4095);
    out.push(text.slice(pos, end));
    pos = end;
  }
  return out;
}
