/**
 * Loads the recorded hostapd/wpa_supplicant exchanges (tests/fixtures/wps/{pin,pbc}.json,
 * made by tests/fixtures/wps/record.sh) and names the values the tests use.
 *
 * @module
 */

import { fromHex } from "../../../core/bytes.ts";

/** One recorded WSC message. */
export interface RecordedMessage {
  from: "registrar" | "enrollee";
  opCode: number;
  name: string;
  bytes: Uint8Array;
}

/** A recorded exchange with both sides' key logs. */
export interface Recording {
  mode: string;
  devicePassword: string;
  apMac: Uint8Array;
  enrolleeMac: Uint8Array;
  messages: RecordedMessage[];
  /** Message by name (M1..M8, WSC_Done). */
  msg(name: string): Uint8Array;
  /** The n-th hexdump titled `WPS: <title>` in hostapd's (registrar) log. */
  reg(title: string, n?: number): Uint8Array;
  /** The n-th hexdump titled `WPS: <title>` in wpa_supplicant's (enrollee) log. */
  enr(title: string, n?: number): Uint8Array;
}

interface RawFixture {
  mode: string;
  devicePassword: string;
  apMac: string;
  enrolleeMac: string;
  messages: { from: "registrar" | "enrollee"; opCode: number; name: string; hex: string }[];
  registrarLog: Record<string, string[]>;
  enrolleeLog: Record<string, string[]>;
}

/** Reads a recording by mode ("pin" or "pbc"). */
export function loadRecording(mode: "pin" | "pbc"): Recording {
  const url = new URL(`../../fixtures/wps/${mode}.json`, import.meta.url);
  const raw = JSON.parse(Deno.readTextFileSync(url)) as RawFixture;
  const mac = (s: string) => fromHex(s.replaceAll(":", ""));
  const messages = raw.messages.map((m) => ({ ...m, bytes: fromHex(m.hex) }));
  const pick = (log: Record<string, string[]>, side: string) => (title: string, n = 0) => {
    const v = log[`WPS: ${title}`]?.[n];
    if (v === undefined) throw new Error(`fixture ${mode} lacks ${side} "${title}" #${n}`);
    return fromHex(v);
  };
  return {
    mode: raw.mode,
    devicePassword: raw.devicePassword,
    apMac: mac(raw.apMac),
    enrolleeMac: mac(raw.enrolleeMac),
    messages,
    msg(name) {
      const m = messages.find((x) => x.name === name);
      if (!m) throw new Error(`fixture ${mode} lacks message ${name}`);
      return m.bytes;
    },
    reg: pick(raw.registrarLog, "registrar"),
    enr: pick(raw.enrolleeLog, "enrollee"),
  };
}
