/**
 * Parsing of per-BSS control-interface requests into a typed command, with hostapd's matching
 * rules: case-sensitive; some commands exact (`PING`, `WPS_PBC`), most by a prefix that ends
 * in a space (`WPS_PIN `), `RELOAD` and `WPS_GET_STATU` by a bare prefix. Numbers are read
 * like C's atoi and addresses like hostapd's hwaddr_aton (trailing text ignored), because
 * that is what Debian's hostapd 2.10 answers to (see tests/core/ctrl/command_test.ts).
 *
 * @module
 */

import { fromHex } from "../bytes.ts";
import { atoi } from "../c_atoi.ts";

export { atoi };

/** A STA address parsed from a request, or undefined when malformed (reply FAIL). */
export type ParsedMac = Uint8Array | undefined;

/** The `WPS_AP_PIN` sub-commands. */
export type ApPinAction =
  | { action: "disable" }
  | { action: "random"; timeout?: number }
  | { action: "get" }
  | { action: "set"; pin: string; timeout?: number };

/** `WPS_CONFIG` arguments, decoded from hex and matched by prefix as hostapd does. */
export interface WpsConfigArgs {
  /** The SSID octets (from at most 64 hex digits). */
  ssid: Uint8Array;
  /** Authentication: `OPEN`, `WPAPSK` or `WPA2PSK`. */
  auth: "OPEN" | "WPAPSK" | "WPA2PSK";
  /** Encryption: `NONE` (also when absent), `TKIP` or `CCMP`. */
  encr: "NONE" | "TKIP" | "CCMP";
  /** The network key octets (from at most 128 hex digits); empty when absent. */
  key: Uint8Array;
}

/** A parsed control-interface request. */
export type CtrlCommand =
  | { kind: "PING" }
  | { kind: "STATUS" }
  | { kind: "GET_CONFIG" }
  | { kind: "STA_FIRST" }
  | { kind: "STA_NEXT"; addr: ParsedMac }
  | { kind: "STA"; addr: ParsedMac; extra?: string }
  | { kind: "RELOAD" }
  | { kind: "RELOAD_WPA_PSK" }
  | { kind: "WPS_PIN"; uuid: string; pin: string; timeout: number; mac?: string }
  | { kind: "WPS_CHECK_PIN"; text: string }
  | { kind: "WPS_PBC" }
  | { kind: "WPS_CANCEL" }
  | ({ kind: "WPS_AP_PIN" } & ApPinAction)
  | { kind: "WPS_GET_STATUS" }
  | ({ kind: "WPS_CONFIG" } & WpsConfigArgs)
  | { kind: "DEAUTHENTICATE" | "DISASSOCIATE"; addr: Uint8Array; reason: number; tx: boolean }
  | { kind: "ATTACH"; params: string }
  | { kind: "DETACH" }
  | { kind: "LEVEL"; level: number }
  | { kind: "LOG_LEVEL"; args: string }
  | { kind: "TERMINATE" }
  | { kind: "RELOG" }
  | { kind: "UPDATE_BEACON" }
  | { kind: "MIB"; param?: string }
  | { kind: "ENABLE" | "DISABLE" }
  | { kind: "ACCEPT_ACL" | "DENY_ACL"; sub: string }
  | { kind: "GET"; key: string }
  | { kind: "POLL_STA"; addr: ParsedMac }
  | { kind: "SA_QUERY"; addr: ParsedMac }
  | { kind: "REKEY_GTK" }
  | { kind: "PMKSA" | "PMKSA_FLUSH" | "ERP_FLUSH" }
  | { kind: "REKEY_PTK"; addr: ParsedMac }
  | { kind: "SET"; field: string; value: string }
  | { kind: "INVALID"; command: string; reason: string }
  | { kind: "UNKNOWN"; text: string };

/** The kinds of {@link CtrlCommand}. */
export type CtrlCommandKind = CtrlCommand["kind"];

/** Commands matched by the whole request text. */
const EXACT: Record<string, CtrlCommand> = {
  "PING": { kind: "PING" },
  "STATUS": { kind: "STATUS" },
  "GET_CONFIG": { kind: "GET_CONFIG" },
  "STA-FIRST": { kind: "STA_FIRST" },
  "RELOAD_WPA_PSK": { kind: "RELOAD_WPA_PSK" },
  "WPS_PBC": { kind: "WPS_PBC" },
  "WPS_CANCEL": { kind: "WPS_CANCEL" },
  "DETACH": { kind: "DETACH" },
  "ATTACH": { kind: "ATTACH", params: "" },
  "TERMINATE": { kind: "TERMINATE" },
  "UPDATE_BEACON": { kind: "UPDATE_BEACON" },
  "MIB": { kind: "MIB" },
  "PMKSA": { kind: "PMKSA" },
  "PMKSA_FLUSH": { kind: "PMKSA_FLUSH" },
  "ERP_FLUSH": { kind: "ERP_FLUSH" },
};

/**
 * Parses one request (already cut at its first NUL, as hostapd's C strings are).
 *
 * @param text the request text
 * @returns the command; `INVALID` for a recognised command whose arguments hostapd rejects
 *   (reply `FAIL\n`), `UNKNOWN` for anything else (reply `UNKNOWN COMMAND\n` unless another
 *   layer knows it)
 * @example
 * ```ts
 * import { parseCommand } from "./command.ts";
 * parseCommand("WPS_PIN any 12345670 120"); // { kind: "WPS_PIN", uuid: "any", pin: "12345670", timeout: 120 }
 * ```
 */
export function parseCommand(text: string): CtrlCommand {
  const exact = EXACT[text];
  if (exact) return { ...exact };
  if (text.startsWith("STA-NEXT ")) return { kind: "STA_NEXT", addr: parseHwaddr(text.slice(9)) };
  if (text.startsWith("STA ")) return parseSta(text.slice(4));
  if (text.startsWith("RELOAD")) return { kind: "RELOAD" };
  // hostapd matches these two by the bare prefix too (strncmp), unlike most commands.
  if (text.startsWith("ENABLE")) return { kind: "ENABLE" };
  if (text.startsWith("DISABLE")) return { kind: "DISABLE" };
  if (text.startsWith("WPS_PIN ")) return parseWpsPin(text.slice(8));
  if (text.startsWith("WPS_CHECK_PIN ")) return { kind: "WPS_CHECK_PIN", text: text.slice(14) };
  if (text.startsWith("WPS_AP_PIN ")) return parseApPin(text.slice(11));
  if (text.startsWith("WPS_GET_STATU")) return { kind: "WPS_GET_STATUS" };
  if (text.startsWith("WPS_CONFIG ")) return parseWpsConfig(text.slice(11));
  if (text.startsWith("DEAUTHENTICATE ")) return parseKick("DEAUTHENTICATE", text.slice(15));
  if (text.startsWith("DISASSOCIATE ")) return parseKick("DISASSOCIATE", text.slice(13));
  if (text.startsWith("ATTACH ")) return { kind: "ATTACH", params: text.slice(7) };
  if (text.startsWith("LEVEL ")) return { kind: "LEVEL", level: atoi(text.slice(6)) };
  if (text.startsWith("LOG_LEVEL")) return { kind: "LOG_LEVEL", args: text.slice(9) };
  if (text.startsWith("RELOG")) return { kind: "RELOG" }; // hostapd matches the prefix alone
  if (text.startsWith("MIB ")) return { kind: "MIB", param: text.slice(4) };
  if (text.startsWith("GET ")) return { kind: "GET", key: text.slice(4) };
  if (text.startsWith("POLL_STA ")) return { kind: "POLL_STA", addr: parseHwaddr(text.slice(9)) };
  if (text.startsWith("SA_QUERY ")) return { kind: "SA_QUERY", addr: parseHwaddr(text.slice(9)) };
  if (text === "REKEY_GTK") return { kind: "REKEY_GTK" };
  if (text.startsWith("REKEY_PTK ")) {
    return { kind: "REKEY_PTK", addr: parseHwaddr(text.slice(10)) };
  }
  if (text.startsWith("ACCEPT_ACL ")) return { kind: "ACCEPT_ACL", sub: text.slice(11) };
  if (text.startsWith("DENY_ACL ")) return { kind: "DENY_ACL", sub: text.slice(9) };
  if (text.startsWith("SET ")) return parseSet(text.slice(4));
  return { kind: "UNKNOWN", text };
}

function parseSta(arg: string): CtrlCommand {
  const addr = parseHwaddr(arg);
  const sp = arg.indexOf(" ");
  return sp < 0 ? { kind: "STA", addr } : { kind: "STA", addr, extra: arg.slice(sp + 1) };
}

/** `WPS_PIN <uuid|any> <pin> [timeout [mac]]`: a malformed MAC is ignored, not refused. */
function parseWpsPin(arg: string): CtrlCommand {
  const sp = arg.indexOf(" ");
  if (sp < 0) return invalid("WPS_PIN", "Missing PIN");
  const uuidText = arg.slice(0, sp);
  const uuid = uuidText === "any" ? "any" : parseUuidPrefix(uuidText);
  if (uuid === undefined) return invalid("WPS_PIN", `Cannot parse UUID "${uuidText}"`);
  const rest = arg.slice(sp + 1);
  const sp2 = rest.indexOf(" ");
  if (sp2 < 0) return { kind: "WPS_PIN", uuid, pin: rest, timeout: 0 };
  const tail = rest.slice(sp2 + 1);
  const cmd: CtrlCommand = { kind: "WPS_PIN", uuid, pin: rest.slice(0, sp2), timeout: atoi(tail) };
  const sp3 = tail.indexOf(" ");
  if (sp3 >= 0) {
    const mac = parseHwaddr(tail.slice(sp3 + 1));
    if (mac) cmd.mac = formatHwaddr(mac);
  }
  return cmd;
}

/** `WPS_AP_PIN <disable|random [t]|get|set <pin> [t]>`; a PIN over 8 characters is refused. */
function parseApPin(arg: string): CtrlCommand {
  const sp = arg.indexOf(" ");
  const sub = sp < 0 ? arg : arg.slice(0, sp);
  const param = sp < 0 ? undefined : arg.slice(sp + 1);
  switch (sub) {
    case "disable":
      return { kind: "WPS_AP_PIN", action: "disable" };
    case "get":
      return { kind: "WPS_AP_PIN", action: "get" };
    case "random":
      return param === undefined
        ? { kind: "WPS_AP_PIN", action: "random" }
        : { kind: "WPS_AP_PIN", action: "random", timeout: atoi(param) };
    case "set": {
      if (param === undefined) return invalid("WPS_AP_PIN", "Missing PIN");
      const sp2 = param.indexOf(" ");
      const pin = sp2 < 0 ? param : param.slice(0, sp2);
      if (pin.length > 8) return invalid("WPS_AP_PIN", "PIN longer than 8 characters");
      return sp2 < 0
        ? { kind: "WPS_AP_PIN", action: "set", pin }
        : { kind: "WPS_AP_PIN", action: "set", pin, timeout: atoi(param.slice(sp2 + 1)) };
    }
    default:
      return invalid("WPS_AP_PIN", `Unknown sub-command "${sub}"`);
  }
}

/**
 * `WPS_CONFIG <ssid_hex> <auth> [<encr> [<key_hex>]]`: hex of even length (SSID up to 32
 * octets, key up to 64), auth and encr matched by their first letters as hostapd's strncmp
 * does (`WPA2PSKxyz` is WPA2PSK), no WEP.
 */
function parseWpsConfig(arg: string): CtrlCommand {
  const [ssidHex, auth, encr, key] = splitFirst(arg, 3);
  if (auth === undefined) return invalid("WPS_CONFIG", "Missing authentication type");
  const ssid = hexArg(ssidHex!, 32);
  if (!ssid) return invalid("WPS_CONFIG", "Invalid SSID hex");
  const a = auth.startsWith("OPEN")
    ? "OPEN"
    : auth.startsWith("WPAPSK")
    ? "WPAPSK"
    : auth.startsWith("WPA2PSK")
    ? "WPA2PSK"
    : undefined;
  if (!a) return invalid("WPS_CONFIG", `Unknown authentication type "${auth}"`);
  const e = encr === undefined || encr.startsWith("NONE")
    ? "NONE"
    : encr.startsWith("TKIP")
    ? "TKIP"
    : encr.startsWith("CCMP")
    ? "CCMP"
    : undefined;
  if (!e) return invalid("WPS_CONFIG", `Unknown encryption type "${encr}"`);
  const k = key === undefined ? new Uint8Array(0) : hexArg(key, 64);
  if (!k) return invalid("WPS_CONFIG", "Invalid key hex");
  return { kind: "WPS_CONFIG", ssid, auth: a, encr: e, key: k };
}

/**
 * `DEAUTHENTICATE|DISASSOCIATE <addr> [reason=<n>] [tx=0]`, searched for as hostapd does
 * (` reason=` and ` tx=0` anywhere after the address; reason 2 by default). hostapd's
 * `test=` frames (protected or not, for testing stations) are not offered: FAIL.
 */
function parseKick(kind: "DEAUTHENTICATE" | "DISASSOCIATE", arg: string): CtrlCommand {
  const addr = parseHwaddr(arg);
  if (!addr) return invalid(kind, "Invalid address");
  if (arg.includes(" test=")) return invalid(kind, "test= frames are not supported");
  const r = arg.indexOf(" reason=");
  const reason = r < 0 ? 2 : atoi(arg.slice(r + 8)) & 0xffff;
  return { kind, addr, reason, tx: !arg.includes(" tx=0") };
}

/** Splits at the first `n` spaces (hostapd's strchr chain): the last part keeps its spaces. */
function splitFirst(text: string, n: number): string[] {
  const out: string[] = [];
  let rest = text;
  for (let i = 0; i < n; i++) {
    const sp = rest.indexOf(" ");
    if (sp < 0) break;
    out.push(rest.slice(0, sp));
    rest = rest.slice(sp + 1);
  }
  out.push(rest);
  return out;
}

/** hostapd's hexstr2bin over a whole argument: even length, at most `max` octets. */
function hexArg(text: string, max: number): Uint8Array | undefined {
  if (text.length > 2 * max) return undefined;
  try {
    return fromHex(text);
  } catch {
    return undefined;
  }
}

/** `SET <field> <value>`: the field ends at the first space; the value is the rest, as is. */
function parseSet(arg: string): CtrlCommand {
  const sp = arg.indexOf(" ");
  if (sp < 0) return invalid("SET", "Missing value");
  return { kind: "SET", field: arg.slice(0, sp), value: arg.slice(sp + 1) };
}

function invalid(command: string, reason: string): CtrlCommand {
  return { kind: "INVALID", command, reason };
}

/**
 * hostapd's hwaddr_aton: six two-digit hex bytes separated by colons at the start of `text`;
 * whatever follows is ignored.
 *
 * @param text the text to read
 * @returns the 6 bytes, or undefined when malformed
 */
export function parseHwaddr(text: string): Uint8Array | undefined {
  const m =
    /^([0-9a-fA-F]{2}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})/
      .exec(text);
  if (!m) return undefined;
  return Uint8Array.from(m.slice(1), (h) => parseInt(h, 16));
}

/**
 * Formats 6 bytes as lower-case colon-separated text.
 *
 * @param mac the address
 * @returns `aa:bb:cc:dd:ee:ff`
 */
export function formatHwaddr(mac: Uint8Array): string {
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join(":");
}

/**
 * hostapd's uuid_str2bin: 8-4-4-4-12 hex digits at the start of `text` (trailing text is
 * ignored), returned in lower case.
 *
 * @param text the text to read
 * @returns the canonical UUID text, or undefined when malformed
 */
export function parseUuidPrefix(text: string): string | undefined {
  const m = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/.exec(
    text,
  );
  return m ? m[0].toLowerCase() : undefined;
}

/**
 * Decodes a request datagram the way hostapd reads it: everything up to the first NUL byte,
 * as UTF-8 (invalid sequences become U+FFFD; all commands are ASCII).
 *
 * @param data the datagram payload
 * @returns the request text
 */
export function decodeRequest(data: Uint8Array): string {
  const nul = data.indexOf(0);
  return new TextDecoder().decode(nul >= 0 ? data.subarray(0, nul) : data);
}
