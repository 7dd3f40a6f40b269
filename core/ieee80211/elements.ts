/**
 * Information elements (IEEE 802.11-2020 §9.4.2): one-byte Element ID, one-byte Length, body.
 * A small codec for the nl80211 layer's own beacons and probe handling; the AP's full element
 * codecs live in element_list.ts.
 *
 * @module
 */

/** Element IDs the nl80211 layer writes or reads (IEEE 802.11-2020 Table 9-92). */
export const ElementId = {
  SSID: 0,
  SUPPORTED_RATES: 1,
  DS_PARAMETER_SET: 3,
  TIM: 5,
  COUNTRY: 7,
  ERP: 42,
  HT_CAPABILITIES: 45,
  RSN: 48,
  EXTENDED_SUPPORTED_RATES: 50,
  HT_OPERATION: 61,
  EXTENDED_CAPABILITIES: 127,
  VENDOR_SPECIFIC: 221,
} as const;

/** One element: its ID and body. */
export interface Element {
  /** Element ID. */
  readonly id: number;
  /** Element body (without the two header bytes). */
  readonly data: Uint8Array;
}

/**
 * Splits a run of elements.
 *
 * @throws {RangeError} when an element's length runs past the input
 */
export function parseElements(bytes: Uint8Array): Element[] {
  const out: Element[] = [];
  let off = 0;
  while (off < bytes.length) {
    if (off + 2 > bytes.length) throw new RangeError(`Truncated element header at offset ${off}`);
    const id = bytes[off]!;
    const len = bytes[off + 1]!;
    if (off + 2 + len > bytes.length) {
      throw new RangeError(`Element ${id} of length ${len} overruns the input at offset ${off}`);
    }
    out.push({ id, data: bytes.subarray(off + 2, off + 2 + len) });
    off += 2 + len;
  }
  return out;
}

/**
 * Encodes one element.
 *
 * @throws {RangeError} when the body is longer than 255 bytes
 */
export function element(id: number, data: Uint8Array): Uint8Array {
  if (data.length > 255) throw new RangeError(`Element ${id} body of ${data.length} bytes > 255`);
  const out = new Uint8Array(2 + data.length);
  out[0] = id;
  out[1] = data.length;
  out.set(data, 2);
  return out;
}

/** The SSID element's body among `elements` (empty for the wildcard), or undefined. */
export function ssidOf(elements: readonly Element[]): Uint8Array | undefined {
  return elements.find((e) => e.id === ElementId.SSID)?.data;
}
