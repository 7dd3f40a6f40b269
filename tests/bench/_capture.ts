/**
 * EAPOL timing on the wire: dumpcap in a namespace (kernel timestamps, capture filter on the
 * EAPOL EtherType), tshark to read the frames back, and per-station exchange times.
 *
 * @module
 */

import { msgTypeName } from "../../core/wps/constants.ts";
import { run, sleep } from "./_harness.ts";

/** One EAPOL frame as read back from a capture. */
export interface EapolFrame {
  /** Capture timestamp in milliseconds since the epoch (microsecond resolution). */
  ms: number;
  /** Source MAC (lower case). */
  src: string;
  /** Destination MAC (lower case). */
  dst: string;
  /** EAPOL packet type (0 EAP-Packet, 1 EAPOL-Start, ...). */
  eapolType: number;
  /** EAP code (1 Request, 2 Response, 3 Success, 4 Failure) or undefined. */
  eapCode: number | undefined;
  /** EAP type (1 Identity, 254 Expanded) or undefined. */
  eapType: number | undefined;
  /** WSC message type (0x04 M1 ... 0x0c M8, 0x0f Done) or undefined. */
  wscType: number | undefined;
}

/** A running dumpcap. */
export interface Capture {
  /** The pcapng file. */
  file: string;
  /** Stops the capture (SIGINT, so the file is complete) and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts dumpcap on `iface` in namespace `ns`, writing EAPOL frames to `file`, and waits
 * until it captures.
 *
 * @throws {Error} when dumpcap does not start within 10 s
 */
export async function startCapture(ns: string, iface: string, file: string): Promise<Capture> {
  const child = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      ns,
      "dumpcap",
      "-q",
      "-i",
      iface,
      "-f",
      "ether proto 0x888e",
      "-w",
      file,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let err = "";
  const reader = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) err += chunk;
  })();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      child.kill("SIGINT");
    } catch {
      // already gone
    }
    await child.status;
    await reader;
  };
  const deadline = Date.now() + 10_000;
  while (!err.includes("Capturing on")) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`dumpcap did not start on ${iface}: ${err.trim()}`);
    }
    await sleep(10);
  }
  return { file, stop };
}

/**
 * Reads the EAPOL frames of a capture file with tshark.
 *
 * @param file a pcap/pcapng file
 * @returns the frames in capture order
 */
export async function readEapolFrames(file: string): Promise<EapolFrame[]> {
  const out = await run(
    "tshark",
    "-r",
    file,
    "-Y",
    "eapol",
    "-T",
    "fields",
    "-e",
    "frame.time_epoch",
    "-e",
    "eth.src",
    "-e",
    "eth.dst",
    "-e",
    "eapol.type",
    "-e",
    "eap.code",
    "-e",
    "eap.type",
    "-e",
    "wps.message_type",
  );
  return parseEapolFields(out);
}

/** Parses tshark's tab-separated field rows (see readEapolFrames). */
export function parseEapolFields(text: string): EapolFrame[] {
  const num = (s: string | undefined) => {
    // A field that occurs twice in a frame comes as "a,b": the first occurrence counts.
    if (s === undefined || s === "") return undefined;
    const n = Number(s.split(",")[0]);
    return Number.isFinite(n) ? n : undefined;
  };
  const frames: EapolFrame[] = [];
  for (const line of text.split("\n")) {
    const f = line.replace(/\r$/, "").split("\t");
    if (f.length < 4 || !/^\d+\.\d+$/.test(f[0]!)) continue;
    // Seconds and fraction are split so that the fraction is not rounded twice (a double keeps about 0.25 µs at epoch scale).
    const [sec, frac] = f[0]!.split(".") as [string, string];
    frames.push({
      ms: Number(sec) * 1000 + Number(`0.${frac}`) * 1000,
      src: f[1]!.toLowerCase(),
      dst: f[2]!.toLowerCase(),
      eapolType: Number(f[3]),
      eapCode: num(f[4]),
      eapType: num(f[5]),
      wscType: num(f[6]),
    });
  }
  return frames;
}

/** Timings of one station's WSC exchange. */
export interface Exchange {
  /** The station MAC. */
  sta: string;
  /** EAPOL-Start that the AP answered, to the first EAP-Failure after it (ms). */
  startToFailureMs: number;
  /** M1 (station) to M8 (AP), in ms. */
  m1ToM8Ms: number | undefined;
  /** Capture time of that EAPOL-Start (ms since the epoch). */
  startMs: number;
  /** Capture time of the EAP-Failure. */
  failureMs: number;
  /** Whether the exchange carried WSC_Done from the station before the Failure. */
  done: boolean;
  /**
   * The AP's turnarounds: for every AP frame, the time since the station frame just before it,
   * named after the AP frame ("Identity", "Start", "M2", ..., "Failure"). Their sum is the AP's
   * share of the exchange; the rest is the station's and the wire's.
   */
  apTurnarounds: { step: string; ms: number }[];
}

/** A short name of an AP frame for turnaround tables. */
function stepName(f: EapolFrame): string {
  if (f.eapCode === 4) return "Failure";
  if (f.eapCode === 3) return "Success";
  if (f.eapType === 1) return "Identity";
  if (f.wscType !== undefined) return msgTypeName(f.wscType);
  if (f.eapType === 254) return "Start";
  return `eapol${f.eapolType}`;
}

/**
 * The WSC exchange of station `sta`: from the last EAPOL-Start before the AP's first
 * EAP-Request/Identity to it, to the first EAP-Failure after that.
 *
 * @returns the timings, or undefined when the capture lacks a complete exchange
 */
export function exchangeOf(frames: readonly EapolFrame[], sta: string): Exchange | undefined {
  const mac = sta.toLowerCase();
  const mine = frames.filter((f) => f.src === mac || f.dst === mac);
  const ident = mine.findIndex((f) => f.dst === mac && f.eapCode === 1 && f.eapType === 1);
  if (ident < 0) return undefined;
  let start: EapolFrame | undefined;
  for (let i = ident - 1; i >= 0 && start === undefined; i--) {
    if (mine[i]!.src === mac && mine[i]!.eapolType === 1) start = mine[i];
  }
  if (start === undefined) return undefined;
  const rest = mine.slice(ident);
  const failIdx = rest.findIndex((f) => f.dst === mac && f.eapCode === 4);
  if (failIdx < 0) return undefined;
  const failure = rest[failIdx]!;
  const body = rest.slice(0, failIdx);
  const m1 = body.find((f) => f.src === mac && f.wscType === 0x04);
  const m8 = body.find((f) => f.dst === mac && f.wscType === 0x0c);
  const span = [start, ...rest.slice(0, failIdx + 1)];
  const apTurnarounds: { step: string; ms: number }[] = [];
  for (let i = 1; i < span.length; i++) {
    const f = span[i]!, prev = span[i - 1]!;
    if (f.dst === mac && prev.src === mac) {
      apTurnarounds.push({ step: stepName(f), ms: f.ms - prev.ms });
    }
  }
  return {
    sta: mac,
    startToFailureMs: failure.ms - start.ms,
    m1ToM8Ms: m1 && m8 ? m8.ms - m1.ms : undefined,
    startMs: start.ms,
    failureMs: failure.ms,
    done: body.some((f) => f.src === mac && f.wscType === 0x0f),
    apTurnarounds,
  };
}
