/**
 * The RSN element (IEEE 802.11-2020 9.4.2.24): parse and build, the AP's element for its
 * beacons, and the checks applied to a station's (Re)Association Request element.
 *
 * @module
 */

/** Element ID of the RSN element. */
export const RSN_ELEMENT_ID = 48;

/** Cipher suite selectors, OUI 00-0F-AC (IEEE 802.11-2020 Table 9-149), as 32-bit numbers. */
export const CipherSuite = {
  USE_GROUP: 0x000fac00,
  WEP40: 0x000fac01,
  TKIP: 0x000fac02,
  CCMP: 0x000fac04,
  WEP104: 0x000fac05,
  BIP_CMAC_128: 0x000fac06,
  GCMP: 0x000fac08,
  GCMP_256: 0x000fac09,
  CCMP_256: 0x000fac0a,
  BIP_GMAC_128: 0x000fac0b,
  BIP_GMAC_256: 0x000fac0c,
  BIP_CMAC_256: 0x000fac0d,
} as const;

/** Bits of the RSN Capabilities field (IEEE 802.11-2020 9.4.2.24.4) that tsapd sets or reads. */
export const RsnCapability = {
  /** Management Frame Protection Required. */
  MFPR: 0x0040,
  /** Management Frame Protection Capable. */
  MFPC: 0x0080,
} as const;

/**
 * The IGTK length of a group management (BIP) cipher.
 *
 * @throws {RangeError} for a suite that is not a BIP cipher
 */
export function integrityKeyLength(cipher: number): number {
  switch (cipher) {
    case CipherSuite.BIP_CMAC_128:
    case CipherSuite.BIP_GMAC_128:
      return 16;
    case CipherSuite.BIP_CMAC_256:
    case CipherSuite.BIP_GMAC_256:
      return 32;
    default:
      throw new RangeError(`Cannot use group management cipher suite ${cipher.toString(16)}`);
  }
}

/**
 * The temporal key length of a data cipher (IEEE 802.11-2020 Table 12-8): the TK of a PTK and
 * the GTK are this long.
 *
 * @throws {RangeError} for a cipher tsapd does not run (TKIP, WEP)
 * @example
 * ```ts
 * temporalKeyLength(CipherSuite.GCMP_256); // 32
 * ```
 */
export function temporalKeyLength(cipher: number): number {
  switch (cipher) {
    case CipherSuite.CCMP:
    case CipherSuite.GCMP:
      return 16;
    case CipherSuite.CCMP_256:
    case CipherSuite.GCMP_256:
      return 32;
    default:
      throw new RangeError(`Cannot use cipher suite ${cipher.toString(16)}`);
  }
}

/** AKM suite selectors, OUI 00-0F-AC (IEEE 802.11-2020 Table 9-151), as 32-bit numbers. */
export const AkmSuite = {
  IEEE8021X: 0x000fac01,
  PSK: 0x000fac02,
  PSK_SHA256: 0x000fac06,
  SAE: 0x000fac08,
} as const;

/** 802.11 status codes for a rejected RSN element (IEEE 802.11-2020 Table 9-50). */
export const RsnStatus = {
  SUCCESS: 0,
  INVALID_IE: 40,
  GROUP_CIPHER_NOT_VALID: 41,
  PAIRWISE_CIPHER_NOT_VALID: 42,
  AKMP_NOT_VALID: 43,
  UNSUPPORTED_RSN_IE_VERSION: 44,
  INVALID_RSN_IE_CAPAB: 45,
  /** The station does not protect management frames where the AP requires it. */
  ROBUST_MGMT_POLICY_VIOLATION: 31,
  /** The station's group management cipher is not the AP's. */
  CIPHER_REJECTED_PER_POLICY: 46,
} as const;

/** A decoded RSN element; absent trailing fields take the defaults of 9.4.2.24.1. */
export interface RsnElement {
  /** Always 1. */
  version: number;
  /** Group data cipher suite (default CCMP). */
  groupCipher: number;
  /** Pairwise cipher suites (default [CCMP]). */
  pairwiseCiphers: number[];
  /** AKM suites (default [802.1X]). */
  akms: number[];
  /** RSN Capabilities field (default 0). */
  capabilities: number;
  /** PMKIDs, 16 octets each. */
  pmkids: Uint8Array[];
  /** Group management cipher suite, when present. */
  groupMgmtCipher?: number;
}

/** Raised for an RSN element that cannot be decoded. */
export class RsnDecodeError extends SyntaxError {
  /** @param message what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "RsnDecodeError";
  }
}

/**
 * Decodes a whole RSN element (ID, Length and body).
 *
 * @throws {RsnDecodeError} when the element is malformed
 */
export function parseRsnElement(element: Uint8Array): RsnElement {
  if (element.length < 2 || element[0] !== RSN_ELEMENT_ID) {
    throw new RsnDecodeError("Cannot parse RSN element: wrong element ID");
  }
  if (element[1]! + 2 !== element.length) {
    throw new RsnDecodeError(`Cannot parse RSN element: length ${element[1]} mismatches`);
  }
  const body = element.subarray(2);
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let off = 0;
  const need = (n: number, what: string) => {
    if (off + n > body.length) throw new RsnDecodeError(`Cannot parse RSN element: short ${what}`);
  };
  need(2, "version");
  const out: RsnElement = {
    version: dv.getUint16(0, true),
    groupCipher: CipherSuite.CCMP,
    pairwiseCiphers: [CipherSuite.CCMP],
    akms: [AkmSuite.IEEE8021X],
    capabilities: 0,
    pmkids: [],
  };
  off = 2;
  if (off === body.length) return out;
  need(4, "group cipher");
  out.groupCipher = dv.getUint32(off);
  off += 4;
  if (off === body.length) return out;
  out.pairwiseCiphers = readSuites();
  if (off === body.length) return out;
  out.akms = readSuites();
  if (off === body.length) return out;
  need(2, "capabilities");
  out.capabilities = dv.getUint16(off, true);
  off += 2;
  if (off === body.length) return out;
  need(2, "PMKID count");
  const n = dv.getUint16(off, true);
  off += 2;
  need(16 * n, "PMKID list");
  for (let i = 0; i < n; i++) out.pmkids.push(body.slice(off + 16 * i, off + 16 * i + 16));
  off += 16 * n;
  if (off === body.length) return out;
  need(4, "group management cipher");
  out.groupMgmtCipher = dv.getUint32(off);
  off += 4;
  // Later amendments may append fields; they do not concern WPA2-Personal.
  return out;

  function readSuites(): number[] {
    need(2, "suite count");
    const count = dv.getUint16(off, true);
    off += 2;
    if (count === 0) throw new RsnDecodeError("Cannot parse RSN element: empty suite list");
    need(4 * count, "suite list");
    const list: number[] = [];
    for (let i = 0; i < count; i++) list.push(dv.getUint32(off + 4 * i));
    off += 4 * count;
    return list;
  }
}

/**
 * Encodes an RSN element: all fields through RSN Capabilities, then the PMKID list when it is
 * not empty or a group management cipher follows.
 *
 * @throws {RangeError} when the element would exceed 255 octets
 */
export function buildRsnElement(rsn: RsnElement): Uint8Array {
  const withPmkids = rsn.pmkids.length > 0 || rsn.groupMgmtCipher !== undefined;
  const len = 2 + 4 + 2 + 4 * rsn.pairwiseCiphers.length + 2 + 4 * rsn.akms.length + 2 +
    (withPmkids ? 2 + 16 * rsn.pmkids.length : 0) + (rsn.groupMgmtCipher !== undefined ? 4 : 0);
  if (len > 255) throw new RangeError(`Cannot build RSN element: length ${len}`);
  const out = new Uint8Array(2 + len);
  const dv = new DataView(out.buffer);
  out[0] = RSN_ELEMENT_ID;
  out[1] = len;
  let off = 2;
  dv.setUint16(off, rsn.version, true);
  dv.setUint32(off + 2, rsn.groupCipher);
  off += 6;
  for (const list of [rsn.pairwiseCiphers, rsn.akms]) {
    dv.setUint16(off, list.length, true);
    off += 2;
    for (const s of list) {
      dv.setUint32(off, s);
      off += 4;
    }
  }
  dv.setUint16(off, rsn.capabilities, true);
  off += 2;
  if (withPmkids) {
    dv.setUint16(off, rsn.pmkids.length, true);
    off += 2;
    for (const p of rsn.pmkids) {
      if (p.length !== 16) throw new RangeError(`Cannot build RSN element: PMKID ${p.length}`);
      out.set(p, off);
      off += 16;
    }
  }
  if (rsn.groupMgmtCipher !== undefined) dv.setUint32(off, rsn.groupMgmtCipher);
  return out;
}

/**
 * The group management cipher an element names or implies: absent, BIP-CMAC-128 (9.4.2.24.1),
 * and none at all when the element does not say MFPC.
 */
export function groupMgmtCipherOf(rsn: RsnElement): number | undefined {
  if (!(rsn.capabilities & RsnCapability.MFPC)) return undefined;
  return rsn.groupMgmtCipher ?? CipherSuite.BIP_CMAC_128;
}

/**
 * Whether a station whose element `sta` the AP accepted protects its management frames with
 * the AP (both say MFPC).
 */
export function usesMfp(ap: RsnElement, sta: RsnElement): boolean {
  return (ap.capabilities & sta.capabilities & RsnCapability.MFPC) !== 0;
}

/**
 * Checks a station's RSN element from its (Re)Association Request against the AP's: same
 * version and group cipher, exactly one pairwise cipher and one AKM, both offered by the AP;
 * MFPC when the AP requires management frame protection (MFPR), and when both protect them,
 * the AP's group management cipher.
 *
 * @returns an {@link RsnStatus} code, 0 when the element is acceptable
 */
export function checkStationRsn(ap: RsnElement, staElement: Uint8Array): number {
  let sta: RsnElement;
  try {
    sta = parseRsnElement(staElement);
  } catch {
    return RsnStatus.INVALID_IE;
  }
  return checkStationRsnElement(ap, sta);
}

/**
 * {@link checkStationRsn} for an element already parsed.
 *
 * @returns an {@link RsnStatus} code, 0 when the element is acceptable
 */
export function checkStationRsnElement(ap: RsnElement, sta: RsnElement): number {
  if (sta.version !== 1) return RsnStatus.UNSUPPORTED_RSN_IE_VERSION;
  if (sta.groupCipher !== ap.groupCipher) return RsnStatus.GROUP_CIPHER_NOT_VALID;
  if (sta.pairwiseCiphers.length !== 1 || !ap.pairwiseCiphers.includes(sta.pairwiseCiphers[0]!)) {
    return RsnStatus.PAIRWISE_CIPHER_NOT_VALID;
  }
  if (sta.akms.length !== 1 || !ap.akms.includes(sta.akms[0]!)) return RsnStatus.AKMP_NOT_VALID;
  if ((ap.capabilities & RsnCapability.MFPR) && !(sta.capabilities & RsnCapability.MFPC)) {
    return RsnStatus.ROBUST_MGMT_POLICY_VIOLATION;
  }
  if (usesMfp(ap, sta) && groupMgmtCipherOf(sta) !== groupMgmtCipherOf(ap)) {
    return RsnStatus.CIPHER_REJECTED_PER_POLICY;
  }
  return RsnStatus.SUCCESS;
}
