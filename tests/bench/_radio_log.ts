/**
 * Parses the raw files of tests/vm/guest/radio_bench.sh into per-enrollment timings. All times
 * are gettimeofday() seconds in the guest: the AP's events and the MARK lines as
 * `<epoch.us> <text>` (busybox `ts %.s` behind a `hostapd_cli -a` monitor), the station's
 * lines as `<epoch.us>: wlan1: <text>` (wpa_supplicant -t), and the AP's own log lines as
 * `<epoch.us>: wlan0: <text>` (the daemon's -t).
 *
 * @module
 */

/** One timestamped line. */
export interface Stamped {
  /** Seconds since the epoch. */
  t: number;
  /** The line without its timestamp. */
  text: string;
}

/** The timings of one WPS PBC enrollment, in milliseconds. */
export interface EnrollmentTimes {
  /** The enrollment id `<daemon>-<block>-<i>`. */
  id: string;
  /** AP `wps_pbc` (the MARK just before it) to the station's CTRL-EVENT-CONNECTED. */
  wpsToConnectedMs: number;
  /** Station's last association before CTRL-EVENT-CONNECTED to the AP's EAPOL-4WAY-HS-COMPLETED. */
  assocToHsMs: number;
  /**
   * The same to the line the AP itself logs for the event (its -t stamp), when its log was
   * given: the monitor's stamp comes only once `hostapd_cli -a` has started its action script.
   */
  assocToApLogHsMs?: number;
  /** Station's last association to its own CTRL-EVENT-CONNECTED. */
  assocToConnectedMs: number;
  /**
   * Station's WPS association to its CTRL-EVENT-EAP-STARTED (the first EAP request it got):
   * how soon the AP starts EAP after the association.
   */
  assocToEapStartMs: number;
  /**
   * Station's CTRL-EVENT-EAP-STARTED to its WPS-CRED-RECEIVED: the EAP-WSC exchange through M8
   * as the station sees it (the AP's own EAP start is not comparable: hostapd starts EAP at
   * the association, before the station has logged it).
   */
  eapStartToCredMs: number;
  /** Station associations before the credential: above 1 when a WPS run stalled and restarted. */
  wpsAssociations: number;
  /** The AP process's CPU time over the enrollment and the pause after it, when recorded. */
  apCpuMs?: number;
  /**
   * The 4-way handshake step by step as the station logs it (wpa_supplicant -d -t), when its
   * log has every line: the AP's turns and the station's own steps apart, so that a difference
   * between the daemons shows where it is.
   */
  fourWay?: FourWaySteps;
}

/** Steps of the 4-way handshake by the station's log, in milliseconds. */
export interface FourWaySteps {
  /** The AP's turn: the station's association line to its first "RX EAPOL" (msg 1/4). */
  assocToMsg1Ms: number;
  /** The station's step: msg 1/4 received to "Sending EAPOL-Key 2/4". */
  msg1ToMsg2Ms: number;
  /** The AP's turn: msg 2/4 sent to the next "RX EAPOL" (msg 3/4). */
  msg2ToMsg3Ms: number;
  /** The station's step: msg 3/4 received to "Sending EAPOL-Key 4/4". */
  msg3ToMsg4Ms: number;
  /** The AP's turn: msg 4/4 sent to the AP's own log line of EAPOL-4WAY-HS-COMPLETED. */
  msg4ToApLogMs?: number;
}

/** /proc's CPU time unit (USER_HZ), 100 on every Linux architecture tsapd runs on. */
const USER_HZ = 100;

/**
 * The AP's CPU time per enrollment from a `cpu-<daemon>-<block>.txt` file: lines
 * `<id> <ticks>` (utime + stime of the daemon process in USER_HZ ticks).
 *
 * @returns enrollment id to milliseconds
 * @throws {SyntaxError} naming a line that is not `<id> <ticks>`
 */
export function parseCpuTicks(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const m = /^(\S+) (\d+)$/.exec(line.trim());
    if (!m) throw new SyntaxError(`CPU line ${JSON.stringify(line)}: expected "<id> <ticks>"`);
    out.set(m[1]!, Number(m[2]) * 1000 / USER_HZ);
  }
  return out;
}

/** Lines `<epoch.us> <text>` (events) or `<epoch.us>: <text>` (wpa_supplicant -t). */
export function parseStamped(text: string): Stamped[] {
  const out: Stamped[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+\.\d+):? (.*)$/.exec(line);
    if (m) out.push({ t: Number(m[1]), text: m[2]! });
  }
  return out;
}

/** The events of one block split at MARK lines: enrollment id to the events after its MARK. */
export function splitAtMarks(events: Stamped[]): Map<string, { mark: number; events: Stamped[] }> {
  const out = new Map<string, { mark: number; events: Stamped[] }>();
  let current: Stamped[] | undefined;
  for (const e of events) {
    const m = /^MARK (\S+)$/.exec(e.text);
    if (m) {
      current = [];
      out.set(m[1]!, { mark: e.t, events: current });
    } else current?.push(e);
  }
  return out;
}

/**
 * The timings of enrollment `id` from the AP events after its MARK and the station's log.
 *
 * @throws {SyntaxError} naming the first missing milestone (a failed or cut-off enrollment)
 */
export function enrollmentTimes(
  id: string,
  mark: number,
  apEvents: Stamped[],
  station: Stamped[],
  apLog?: Stamped[],
): EnrollmentTimes {
  const connected = station.find((l) => / CTRL-EVENT-CONNECTED /.test(` ${l.text} `));
  if (!connected) throw new SyntaxError(`Enrollment ${id}: no CTRL-EVENT-CONNECTED`);
  // "nl80211: Associated with" is the driver layer's line; the interface's line is the event.
  const assocs = station.filter((l) => /^(?!nl80211:)\S+: Associated with /.test(l.text));
  const before = assocs.filter((l) => l.t <= connected.t);
  if (before.length === 0) throw new SyntaxError(`Enrollment ${id}: no association`);
  const last = before[before.length - 1]!;
  const hs = apEvents.find((e) => e.text.startsWith("EAPOL-4WAY-HS-COMPLETED ") && e.t >= last.t);
  if (!hs) throw new SyntaxError(`Enrollment ${id}: no EAPOL-4WAY-HS-COMPLETED`);
  const hsLog = apLog?.find((l) =>
    / EAPOL-4WAY-HS-COMPLETED /.test(` ${l.text} `) && l.t >= last.t
  );
  if (apLog && !hsLog) {
    throw new SyntaxError(`Enrollment ${id}: no EAPOL-4WAY-HS-COMPLETED in the AP's log`);
  }
  // The WPS part: the station's last EAP start and association before its credential
  // (earlier ones are retries).
  const cred = station.find((l) => / WPS-CRED-RECEIVED/.test(` ${l.text}`));
  if (!cred) throw new SyntaxError(`Enrollment ${id}: no WPS-CRED-RECEIVED`);
  const staEap = lastBefore(station, / CTRL-EVENT-EAP-STARTED /, cred.t);
  if (!staEap) throw new SyntaxError(`Enrollment ${id}: no station CTRL-EVENT-EAP-STARTED`);
  const wpsAssoc = assocs.filter((l) => l.t <= staEap.t).pop();
  if (!wpsAssoc) throw new SyntaxError(`Enrollment ${id}: no WPS association`);
  const ms = (a: number, b: number) => Math.round((b - a) * 1e6) / 1e3;
  const fourWay = fourWaySteps(station, last.t, connected.t, hsLog?.t, ms);
  return {
    id,
    wpsToConnectedMs: ms(mark, connected.t),
    assocToHsMs: ms(last.t, hs.t),
    ...(hsLog ? { assocToApLogHsMs: ms(last.t, hsLog.t) } : {}),
    assocToConnectedMs: ms(last.t, connected.t),
    assocToEapStartMs: ms(wpsAssoc.t, staEap.t),
    eapStartToCredMs: ms(staEap.t, cred.t),
    wpsAssociations: assocs.filter((l) => l.t <= cred.t).length,
    ...(fourWay ? { fourWay } : {}),
  };
}

/**
 * The 4-way's steps between the station's association line at `from` and its
 * CTRL-EVENT-CONNECTED at `to`; undefined when a line is missing (a station logging without -d).
 */
function fourWaySteps(
  station: Stamped[],
  from: number,
  to: number,
  apLogHs: number | undefined,
  ms: (a: number, b: number) => number,
): FourWaySteps | undefined {
  const lines = station.filter((l) => l.t >= from && l.t <= to);
  let i = 0;
  // The first line at or after index i that matches, in order; each search starts after the last.
  const next = (re: RegExp): Stamped | undefined => {
    while (i < lines.length) {
      const l = lines[i++]!;
      if (re.test(l.text)) return l;
    }
    return undefined;
  };
  const rx1 = next(/^\S+: RX EAPOL from /);
  const tx2 = next(/^\S+: WPA: Sending EAPOL-Key 2\/4$/);
  const rx3 = next(/^\S+: RX EAPOL from /);
  const tx4 = next(/^\S+: WPA: Sending EAPOL-Key 4\/4$/);
  if (!rx1 || !tx2 || !rx3 || !tx4) return undefined;
  return {
    assocToMsg1Ms: ms(from, rx1.t),
    msg1ToMsg2Ms: ms(rx1.t, tx2.t),
    msg2ToMsg3Ms: ms(tx2.t, rx3.t),
    msg3ToMsg4Ms: ms(rx3.t, tx4.t),
    ...(apLogHs !== undefined && apLogHs >= tx4.t ? { msg4ToApLogMs: ms(tx4.t, apLogHs) } : {}),
  };
}

/** The last line matching `re` (tested on " text ") at or before time `t`. */
function lastBefore(lines: Stamped[], re: RegExp, t: number): Stamped | undefined {
  return lines.filter((l) => l.t <= t && re.test(` ${l.text} `)).pop();
}

/** The guest's SETTLE lines per daemon: "hostapd 0.5, 0.5; tsapd 2.1, 2.3". */
export function settleText(console_: string): string {
  const by = new Map<string, string[]>();
  for (const m of console_.matchAll(/^SETTLE (\S+) \d+ ([\d.]+) s$/gm)) {
    by.set(m[1]!, [...by.get(m[1]!) ?? [], m[2]!]);
  }
  return [...by].map(([d, v]) => `${d} ${v.join(", ")}`).join("; ") || "none reported";
}
