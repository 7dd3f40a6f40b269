/**
 * Power-on self-test of the WPS engine: the internal Registrar and the AP-as-Enrollee run
 * against each other in memory (throw-away contexts, no I/O) from M1 to M8, which exercises the
 * DH exchange, the KDF, every Authenticator, E-Hash/R-Hash and Encrypted Settings check in both
 * directions. A radio BSS runs the same exchange inside a whole station visit instead
 * (daemon/radio_self_test.ts), with the 4-way handshake as a second kind of visit. Run a few
 * times after start-up the self-tests also compile the protocol code to bytecode and settle its
 * inline caches before the first real station arrives, so it is not served by cold code
 * (cli/daemon_main.ts says how many rounds, cli/v8_flags.ts why V8 runs without its JIT).
 *
 * @module
 */

import { ManualClock } from "../core/clock.ts";
import { WscOpCode } from "../core/eap/wsc_role.ts";
import { MsgType } from "../core/wps/constants.ts";
import { WpsContext } from "../core/wps/wps_context.ts";
import type { WpsApSettings, WpsHost } from "../core/wps/wps_settings.ts";
import { generateRandomPin } from "../core/wps/pin.ts";
import { randomBytes } from "../core/bytes.ts";

/** A WPS host that ignores everything: the self-tests' contexts write nothing anywhere. */
export const quietWpsHost: WpsHost = {
  emit() {},
  appendPinRequest() {},
  storeDevicePsk() {},
  applyNewApSettings() {},
  selectedRegistrarChanged() {},
  deauthWpsStations() {},
  unixTime: () => 0,
};

/** The WSC Message Type of a TLV message (the second attribute: Version, then Message Type). */
export function messageType(payload: Uint8Array): number {
  for (let i = 0; i + 4 <= payload.length;) {
    const type = (payload[i]! << 8) | payload[i + 1]!;
    const len = (payload[i + 2]! << 8) | payload[i + 3]!;
    if (type === 0x1022 && len === 1) return payload[i + 4]!;
    i += 4 + len;
  }
  return -1;
}

/** A random locally administered unicast address. */
export function randomMac(): Uint8Array {
  const mac = randomBytes(6);
  mac[0] = (mac[0]! & 0xfc) | 0x02;
  return mac;
}

/**
 * A Registrar and an Enrollee context on throw-away copies of the BSS's WPS settings, with quiet
 * hosts and a clock of their own. The Registrar holds a fresh random PIN for `any`; the Enrollee
 * (the AP-as-Enrollee code, which sends the messages a station sends, M1 to WSC_Done) uses it as
 * its AP PIN, or `enrolleePin`. The caller disposes of both.
 *
 * @param base the BSS's WPS settings
 * @param registrarMac the Registrar's (AP's) address
 * @param enrolleeMac the Enrollee's (station's) address, the MAC Address of its M1
 */
export function selfTestContexts(
  base: WpsApSettings,
  registrarMac: Uint8Array,
  enrolleeMac: Uint8Array,
  enrolleePin?: string,
): { registrar: WpsContext; enrollee: WpsContext } {
  const clock = new ManualClock();
  const pin = generateRandomPin();
  const registrar = new WpsContext(
    { ...base, bssid: registrarMac, wpsPsks: [] },
    quietWpsHost,
    clock,
  );
  const enrollee = new WpsContext(
    {
      ...base,
      bssid: enrolleeMac,
      uuid: randomBytes(16),
      apPin: enrolleePin ?? pin,
      apSetupLocked: 0,
      wpsPsks: [],
    },
    quietWpsHost,
    clock,
  );
  registrar.addPin("any", pin);
  return { registrar, enrollee };
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
  const regMac = randomMac();
  const enrMac = randomMac();
  const { registrar, enrollee } = selfTestContexts(base, regMac, enrMac, enrolleePin);
  try {
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
