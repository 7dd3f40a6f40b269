/**
 * Private text helpers of the config parser. hostapd works on bytes, so the parser keeps every
 * line as a "binary string" (one UTF-16 code unit per byte, 0..255) and converts at the edges.
 *
 * @module
 * @private
 */

/** Turns bytes into a binary string (one char per byte). */
export function bytesToBinary(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

/** Turns a binary string back into bytes; chars above 255 are truncated to their low byte. */
export function binaryToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

const utf8Decoder = new TextDecoder();

/** Decodes a binary string as UTF-8 (lossy) for display fields. */
export function binaryToText(text: string): string {
  return utf8Decoder.decode(binaryToBytes(text));
}

/** Encodes a JS string as UTF-8 and returns it as a binary string. */
export function textToBinary(text: string): string {
  return bytesToBinary(new TextEncoder().encode(text));
}

/** hostapd's `hexstr2bin()`: reads exactly `len` bytes of hex from the start; rest ignored. */
export function hexToBytes(text: string, len: number): Uint8Array | undefined {
  if (text.length < 2 * len) return undefined;
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const hi = hexNibble(text.charCodeAt(2 * i));
    const lo = hexNibble(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexNibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Decodes the `P"..."` escapes (`\\ \" \n \r \t \e \xHH \ooo`) into at most `max` bytes. */
export function printfDecode(text: string, max: number): string {
  let out = "";
  let i = 0;
  while (i < text.length && out.length < max) {
    const c = text[i]!;
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    i++;
    const e = text[i];
    const simple: Record<string, string> = {
      "\\": "\\",
      '"': '"',
      n: "\n",
      r: "\r",
      t: "\t",
      e: "\x1b",
    };
    if (e === undefined) break;
    if (simple[e] !== undefined) {
      out += simple[e];
      i++;
    } else if (e === "x") {
      i++;
      const hi = hexNibble(text.charCodeAt(i));
      const lo = hexNibble(text.charCodeAt(i + 1));
      if (hi >= 0 && lo >= 0) {
        out += String.fromCharCode((hi << 4) | lo);
        i += 2;
      } else if (hi >= 0) {
        out += String.fromCharCode(hi);
        i++;
      }
    } else if (e >= "0" && e <= "7") {
      let v = e.charCodeAt(0) - 0x30;
      i++;
      for (let k = 0; k < 2 && text[i] !== undefined && text[i]! >= "0" && text[i]! <= "7"; k++) {
        v = v * 8 + text.charCodeAt(i) - 0x30;
        i++;
      }
      out += String.fromCharCode(v & 0xff);
    }
    // Any other escaped char: the backslash is dropped and the char is kept as it is.
  }
  return out;
}

/**
 * The string value forms hostapd shares with wpa_supplicant (`ssid2`, backhaul SSID):
 * `"text"`, `P"escaped"` or an even-length hex string. Returns undefined when malformed.
 */
export function parseStringValue(value: string): string | undefined {
  if (value.startsWith('"')) {
    const body = value.slice(1);
    const end = body.lastIndexOf('"');
    if (end < 0 || end !== body.length - 1) return undefined;
    return body.slice(0, end);
  }
  if (value.startsWith('P"')) {
    const body = value.slice(2);
    const end = body.lastIndexOf('"');
    if (end < 0 || end !== body.length - 1) return undefined;
    return printfDecode(body.slice(0, end), end);
  }
  if (value.length % 2 !== 0) return undefined;
  const bytes = hexToBytes(value, value.length / 2);
  return bytes ? bytesToBinary(bytes) : undefined;
}

/** hostapd's `printf_encode()`: printable ASCII kept, the rest escaped (`\\x%02x`). */
export function printfEncode(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    switch (b) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 0x1b:
        out += "\\e";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      default:
        out += b >= 32 && b <= 126
          ? String.fromCharCode(b)
          : "\\x" + b.toString(16).padStart(2, "0");
    }
  }
  return out;
}

/** hostapd's `uuid_str2bin()`: the 8-4-4-4-12 hex shape at the start; trailing text ignored. */
export function parseUuid(text: string): Uint8Array | undefined {
  const m = /^([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})/
    .exec(text);
  if (!m) return undefined;
  return hexToBytes(m.slice(1).join(""), 16);
}

/** Formats 16 UUID bytes as lower-case 8-4-4-4-12 text. */
export function formatUuid(uuid: Uint8Array): string {
  const h = Array.from(uuid, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** hostapd's `hwaddr_aton()`: `aa:bb:cc:dd:ee:ff` at the start; trailing text is ignored. */
export function parseMacPrefix(text: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}/.test(text)) return undefined;
  return hexToBytes(text.slice(0, 17).replaceAll(":", ""), 6);
}
