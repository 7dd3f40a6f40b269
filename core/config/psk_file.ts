/**
 * The `wpa_psk_file` format (reference 4.2): `[keyid=<id>] [vlanid=<n>] [wps=<0|1>] <MAC> <PSK>`
 * per line, where the PSK is 64 hex digits or an 8..63 character passphrase. Parsing stops at
 * the first bad line, as hostapd refuses the whole file. Pure: callers pass the text in.
 *
 * @module
 */

import { formatMac, toHex } from "../bytes.ts";
import { pbkdf2Sha1Psk } from "./psk.ts";
import { binaryToBytes, binaryToText, bytesToBinary, hexToBytes, parseMacPrefix } from "./_text.ts";
import { atoi } from "../c_atoi.ts";

/** hostapd reads this file with a 128-byte line buffer (127 bytes per read). */
const LINE_BUFFER = 127;

/** One line of a wpa_psk_file. */
export interface PskFileEntry {
  /** `keyid=` (at most 31 characters). */
  keyid?: string;
  /** `vlanid=` (atoi). */
  vlanid?: number;
  /** `wps=1`: the WPS Registrar may hand this PSK out. */
  wps: boolean;
  /** Station address; all zeros means any station. */
  mac: Uint8Array;
  /** The 32-octet PSK: given as hex, or derived from the passphrase when an SSID was given. */
  psk?: Uint8Array;
  /** The passphrase, when the line had one instead of 64 hex digits. */
  passphrase?: string;
}

/** Outcome of {@link parsePskFile}. */
export type PskFileResult =
  | { ok: true; entries: PskFileEntry[] }
  | { ok: false; error: string };

/**
 * Parses wpa_psk_file text with hostapd's messages.
 *
 * @param text the file content
 * @param path the file name used in messages
 * @param ssid when given, passphrase lines are turned into PSKs (PBKDF2-SHA1)
 * @returns the entries in file order, or the first error
 * @example
 * ```ts
 * const r = parsePskFile("wps=1 00:00:00:00:00:00 secret passphrase\n", "psk.txt");
 * r.ok && r.entries[0]!.passphrase; // "secret passphrase"
 * ```
 */
export function parsePskFile(
  text: string | Uint8Array,
  path: string,
  ssid?: Uint8Array,
): PskFileResult {
  const data = typeof text === "string"
    ? bytesToBinary(new TextEncoder().encode(text))
    : bytesToBinary(text);
  const entries: PskFileEntry[] = [];
  let line = 0;
  let pos = 0;
  while (pos < data.length) {
    const nl = data.indexOf("\n", pos);
    const end = Math.min(nl < 0 ? data.length : nl + 1, pos + LINE_BUFFER);
    let buf = data.slice(pos, end);
    pos = end;
    line++;
    if (buf[0] === "#") continue;
    const nul = buf.indexOf("\0");
    if (nul >= 0) buf = buf.slice(0, nul);
    if (buf.endsWith("\n")) buf = buf.slice(0, -1);
    if (buf === "") continue;
    const r = parseLine(buf, line, path, ssid);
    if (typeof r === "string") return { ok: false, error: binaryToText(r) };
    entries.push(r);
  }
  return { ok: true, entries };
}

function parseLine(
  buf: string,
  line: number,
  path: string,
  ssid: Uint8Array | undefined,
): PskFileEntry | string {
  const entry: PskFileEntry = { wps: false, mac: new Uint8Array(6) };
  let rest = buf;
  let token = "";
  for (;;) {
    rest = rest.replace(/^ +/, "");
    const sp = rest.indexOf(" ");
    token = sp < 0 ? rest : rest.slice(0, sp);
    rest = sp < 0 ? "" : rest.slice(sp + 1);
    const eq = token.indexOf("=");
    if (token === "" || eq < 0) break;
    const name = token.slice(0, eq);
    const value = token.slice(eq + 1);
    if (name === "keyid") {
      if (value.length > 31) return `Too long keyid '${value}' on line ${line} in '${path}'`;
      entry.keyid = binaryToText(value);
    } else if (name === "vlanid") {
      entry.vlanid = atoi(value);
    } else if (name === "wps") {
      entry.wps = atoi(value) !== 0;
    } else {
      return `Unrecognized '${name}=${value}' on line ${line} in '${path}'`;
    }
  }
  const mac = parseMacPrefix(token);
  if (!mac) return `Invalid MAC address '${token}' on line ${line} in '${path}'`;
  entry.mac = mac;
  if (rest === "") return `No PSK on line ${line} in '${path}'`;
  const hex = rest.length === 64 ? hexToBytes(rest, 32) : undefined;
  if (hex) {
    entry.psk = hex;
  } else if (rest.length >= 8 && rest.length < 64) {
    entry.passphrase = binaryToText(rest);
    if (ssid) entry.psk = pbkdf2Sha1Psk(binaryToBytes(rest), ssid);
  } else {
    return `Invalid PSK '${rest}' on line ${line} in '${path}'`;
  }
  return entry;
}

/**
 * The line hostapd appends after a WPS run that generated a per-device PSK.
 *
 * @param mac the Enrollee's address (6 octets)
 * @param psk the 32-octet PSK
 * @returns `wps=1 <mac> <64 lower-case hex>\n`
 * @throws {RangeError} when `mac` or `psk` has the wrong length
 * @example
 * ```ts
 * formatWpsPskLine(new Uint8Array(6), new Uint8Array(32)).startsWith("wps=1 00:00:00:00:00:00 "); // true
 * ```
 */
export function formatWpsPskLine(mac: Uint8Array, psk: Uint8Array): string {
  if (mac.length !== 6) throw new RangeError(`Cannot format PSK line: MAC length ${mac.length}`);
  if (psk.length !== 32) throw new RangeError(`Cannot format PSK line: PSK length ${psk.length}`);
  return `wps=1 ${formatMac(mac)} ${toHex(psk)}\n`;
}
