/**
 * Power-on self-tests. Of the WPS engine: the internal Registrar and the AP-as-Enrollee run
 * against each other in memory (throw-away contexts, no I/O) from M1 to M8, which exercises the
 * DH exchange, the KDF, every Authenticator, E-Hash/R-Hash and Encrypted Settings check in both
 * directions. Of the WPA2-PSK authenticator: one 4-way handshake against an in-memory station
 * (PTK derivation, MICs, GTK key wrap, both directions). Run a few times after start-up they also
 * bring the protocol code out of V8's interpreter before the first real station arrives, so it is
 * not served by cold code (the first 4-way after start took 44 ms from msg 2/4 to msg 3/4 in the
 * qemu guest, the later ones 3).
 *
 * @module
 */

import { ManualClock } from "../core/clock.ts";
import { WscOpCode } from "../core/eap/wsc_role.ts";
import { MsgType } from "../core/wps/constants.ts";
import { WpsContext } from "../core/wps/wps_context.ts";
import type { WpsApSettings, WpsHost } from "../core/wps/wps_settings.ts";
import { generateRandomPin } from "../core/wps/pin.ts";
import { randomBytes, timingSafeEqual } from "../core/bytes.ts";
import { WpaAuthenticator } from "../core/wpa/authenticator.ts";
import { AkmSuite, buildRsnElement, type RsnElement } from "../core/wpa/rsn_ie.ts";
import { PskSupplicant } from "../core/wpa/supplicant.ts";

const quietHost: WpsHost = {
  emit() {},
  appendPinRequest() {},
  storeDevicePsk() {},
  applyNewApSettings() {},
  selectedRegistrarChanged() {},
  deauthWpsStations() {},
  unixTime: () => 0,
};

/** The WSC Message Type of a TLV message (the second attribute: Version, then Message Type). */
function messageType(payload: Uint8Array): number {
  for (let i = 0; i + 4 <= payload.length;) {
    const type = (payload[i]! << 8) | payload[i + 1]!;
    const len = (payload[i + 2]! << 8) | payload[i + 3]!;
    if (type === 0x1022 && len === 1) return payload[i + 4]!;
    i += 4 + len;
  }
  return -1;
}

/**
 * Runs one Registrar-against-Enrollee exchange with fresh keys and a random PIN.
 *
 * @param base the BSS's WPS settings (device attributes, SSID) to run with
 * @param enrolleePin the AP PIN the Enrollee side uses (tests pass a wrong one); default: the
 *   Registrar's own random PIN
 * @returns true when both sides accepted every message from M1 to M8
 */
export function wpsSelfTest(base: WpsApSettings, enrolleePin?: string): boolean {
  const clock = new ManualClock();
  const pin = generateRandomPin();
  const regMac = randomBytes(6);
  const enrMac = randomBytes(6);
  regMac[0] = 0x02;
  enrMac[0] = 0x02;
  const registrar = new WpsContext({ ...base, bssid: regMac, wpsPsks: [] }, quietHost, clock);
  const enrollee = new WpsContext(
    {
      ...base,
      bssid: enrMac,
      uuid: randomBytes(16),
      apPin: enrolleePin ?? pin,
      apSetupLocked: 0,
      wpsPsks: [],
    },
    quietHost,
    clock,
  );
  try {
    registrar.addPin("any", pin);
    const reg = registrar.createRun("registrar", enrMac)!;
    const enr = enrollee.createRun("enrollee", regMac)!;
    reg.start();
    let msg = enr.start();
    const seen: number[] = [messageType(msg.payload)];
    let registrarTurn = true;
    for (let i = 0; i < 8; i++) {
      const step = (registrarTurn ? reg : enr).handle(msg.opCode, msg.payload);
      if (step.action !== "send" || step.message.opCode !== WscOpCode.MSG) break;
      msg = step.message;
      seen.push(messageType(msg.payload));
      registrarTurn = !registrarTurn;
    }
    reg.end("finished");
    enr.end("finished");
    // The Registrar's Credential in M8 is meant for a station, so the AP Enrollee stops there.
    const want = [MsgType.M1, MsgType.M2, MsgType.M3, MsgType.M4, MsgType.M5, MsgType.M6];
    return want.every((t, i) => seen[i] === t) && seen.includes(MsgType.M7) &&
      seen.includes(MsgType.M8);
  } finally {
    registrar.dispose();
    enrollee.dispose();
  }
}

/** A random locally administered unicast address. */
function randomMac(): Uint8Array {
  const mac = randomBytes(6);
  mac[0] = (mac[0]! & 0xfc) | 0x02;
  return mac;
}

/**
 * Runs one 4-way handshake of a throw-away authenticator with the AP's RSN settings against an
 * in-memory station, with random keys. The station's PSK comes from a per-station entry, as
 * for a WPS-enrolled device, behind a common PSK that does not match.
 *
 * @param rsn the AP's RSN element settings (AKMs decide PSK or PSK-SHA256)
 * @returns true when the station accepted msg 1/4 and 3/4, the authenticator msg 2/4 and 4/4,
 *   and both ended with the same TK and GTK
 */
export function wpaSelfTest(rsn: RsnElement): boolean {
  const bssid = randomMac();
  const sta = randomMac();
  const psk = randomBytes(32);
  const akm = rsn.akms[0]!;
  const toStation: Uint8Array[] = [];
  const installed: { tk?: Uint8Array; gtk?: Uint8Array; authorized: boolean } = {
    authorized: false,
  };
  const auth = new WpaAuthenticator({
    bssid,
    rsn,
    psks: { common: randomBytes(32), entries: [{ mac: sta, psk }] },
    host: {
      sendEapol: (_mac, frame) => toStation.push(frame),
      installPairwiseKey: (_mac, tk) => installed.tk = tk,
      installGroupKey: (_index, gtk) => installed.gtk = gtk,
      authorize: () => installed.authorized = true,
      deauth() {},
      emit() {},
    },
    clock: new ManualClock(),
  });
  const staRsn = buildRsnElement({ ...rsn, akms: [akm] });
  const station = new PskSupplicant({
    mac: sta,
    aa: bssid,
    psk,
    rsnElement: staRsn,
    apRsnElement: auth.rsnElement,
    sha256: akm === AkmSuite.PSK_SHA256,
  });
  try {
    auth.start();
    if (auth.associate(sta, staRsn) !== 0) return false;
    for (let step = 0; step < 2; step++) {
      const frame = toStation.shift();
      const reply = frame && station.receive(frame);
      if (!reply) return false;
      auth.receiveEapol(sta, reply);
    }
    const { tk, gtk } = installed;
    return installed.authorized && toStation.length === 0 && tk !== undefined &&
      gtk !== undefined && station.ptk !== undefined && station.gtk !== undefined &&
      timingSafeEqual(tk, station.ptk.tk) && timingSafeEqual(gtk, station.gtk);
  } catch {
    // A broken primitive can throw on the station side (the key unwrap's integrity check).
    return false;
  } finally {
    auth.stop();
  }
}
