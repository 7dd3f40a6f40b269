/**
 * Probe Request handling (IEEE 802.11-2020 11.1.4.3.4; reference 7.4): which requests the AP
 * answers, and what a request's WPS IE feeds: the `WPS-ENROLLEE-SEEN` event and PBC session
 * overlap detection.
 *
 * @module
 */

import { formatMac } from "../bytes.ts";
import { buildElements, Eid, type Element, findElement } from "../ieee80211/element_list.ts";
import { DevPasswordId } from "../wps/constants.ts";
import { formatDeviceType } from "../wps/device.ts";
import { extractWpsIe, parseProbeRequestWpsIe, type ProbeRequestWps } from "../wps/ie.ts";
import { formatUuid } from "../wps/uuid.ts";

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Whether a Probe Request gets a response: it must carry an SSID element that is either the
 * wildcard (unless the SSID is hidden) or the AP's SSID, or an SSID List naming the AP's SSID.
 *
 * @param elements the request's elements
 * @param ssid the AP's SSID
 * @param hidden ignore_broadcast_ssid is not 0
 * @returns true to answer
 */
export function probeWantsUs(elements: Element[], ssid: Uint8Array, hidden: boolean): boolean {
  const el = findElement(elements, Eid.SSID);
  if (!el) return false;
  if (el.body.length === 0) {
    if (!hidden) return true;
  } else if (sameBytes(el.body, ssid)) {
    return true;
  }
  const list = findElement(elements, Eid.SSID_LIST);
  if (!list) return false;
  for (let pos = 0; pos + 2 <= list.body.length;) {
    const len = list.body[pos + 1]!;
    const name = list.body.subarray(pos + 2, pos + 2 + len);
    if (list.body[pos] === Eid.SSID && sameBytes(name, ssid)) return true;
    pos += 2 + len;
  }
  return false;
}

/**
 * Reads the WPS part of a Probe Request the way hostapd does before counting it: a non-empty
 * SSID that is not the AP's makes the request irrelevant; a request without Config Methods or
 * Device Password ID does not count.
 *
 * @param elements the request's elements
 * @param ssid the AP's SSID
 * @returns the WPS fields, or undefined
 * @throws {WscDecodeError} when the WPS TLVs are malformed
 */
export function probeWps(elements: Element[], ssid: Uint8Array): ProbeRequestWps | undefined {
  const el = findElement(elements, Eid.SSID);
  if (el && el.body.length > 0 && !sameBytes(el.body, ssid)) return undefined;
  const raw = buildElements(elements);
  const tlvs = extractWpsIe(raw);
  return tlvs ? parseProbeRequestWpsIe(tlvs) : undefined;
}

/**
 * The `WPS-ENROLLEE-SEEN` line for a request carrying UUID-E, Primary Device Type and Request
 * Type (reference 3): `<mac> <uuid> <type> 0x<methods> <pw id> <request type> [<name>]`.
 *
 * @param mac the source address
 * @param wps the request's WPS fields
 * @returns the event text, or undefined when a required attribute is missing
 */
export function formatEnrolleeSeen(mac: Uint8Array, wps: ProbeRequestWps): string | undefined {
  if (!wps.uuidE || !wps.primaryDeviceType || wps.requestType === undefined) return undefined;
  if (wps.uuidE.length !== 16 || wps.primaryDeviceType.length !== 8) return undefined;
  return `WPS-ENROLLEE-SEEN ${formatMac(mac)} ${formatUuid(wps.uuidE)} ` +
    `${formatDeviceType(wps.primaryDeviceType)} 0x${wps.configMethods.toString(16)} ` +
    `${wps.devPasswordId} ${wps.requestType} [${wps.deviceName ?? ""}]`;
}

/**
 * Whether the request is a PBC session announcement (Device Password ID 4 with UUID-E).
 *
 * @param wps the request's WPS fields
 * @returns the UUID-E to record, or undefined
 */
export function pbcSessionUuid(wps: ProbeRequestWps): Uint8Array | undefined {
  if (wps.devPasswordId !== DevPasswordId.PUSHBUTTON || !wps.uuidE) return undefined;
  return wps.uuidE.length === 16 ? wps.uuidE : undefined;
}
