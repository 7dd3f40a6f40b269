/**
 * Device PINs (WSC 2.0.5, 7.4.1; reference 5.3): the checksum digit, validation, hostapd's
 * WPS_CHECK_PIN answer, random PIN generation and the half split used for PSK1/PSK2.
 *
 * @module
 */

import { randomBytes } from "../bytes.ts";

/**
 * The checksum digit of a 7-digit PIN value: weights 3,1,3,1,3,1,3 from the most significant
 * digit, (10 − sum mod 10) mod 10.
 *
 * @param pin7 a value in 0..9999999
 * @returns the checksum digit
 * @throws {RangeError} when the value is out of range
 * @example
 * ```ts
 * import { pinChecksum } from "./pin.ts";
 * pinChecksum(1234567); // 0
 * ```
 */
export function pinChecksum(pin7: number): number {
  if (!Number.isInteger(pin7) || pin7 < 0 || pin7 > 9999999) {
    throw new RangeError(`Cannot compute PIN checksum of ${pin7}`);
  }
  let acc = 0;
  let v = pin7;
  for (let i = 0; i < 7; i++) {
    // The least significant digit (d7) has weight 3.
    acc += (i % 2 === 0 ? 3 : 1) * (v % 10);
    v = Math.floor(v / 10);
  }
  return (10 - (acc % 10)) % 10;
}

/** True when `pin` is 8 digits with a valid checksum. */
export function isValidPinChecksum(pin: string): boolean {
  if (!/^[0-9]{8}$/.test(pin)) return false;
  return pinChecksum(Number(pin.slice(0, 7))) === Number(pin[7]);
}

/** Result of {@link checkPin}, as hostapd's WPS_CHECK_PIN prints it. */
export type CheckPinResult =
  | { ok: true; pin: string }
  | { ok: false; reply: "FAIL" | "FAIL-CHECKSUM" };

/**
 * hostapd's WPS_CHECK_PIN: keep the digits only (so `1234-5670` works), more than 8 digits or a
 * length other than 4 or 8 → FAIL, an 8-digit PIN with a bad checksum → FAIL-CHECKSUM,
 * otherwise the digits.
 *
 * @param text the PIN as typed
 * @returns the normalized PIN or the failure reply
 * @example
 * ```ts
 * import { checkPin } from "./pin.ts";
 * checkPin("1234-5670"); // { ok: true, pin: "12345670" }
 * ```
 */
export function checkPin(text: string): CheckPinResult {
  const digits = text.replace(/[^0-9]/g, "");
  if (digits.length > 8 || (digits.length !== 4 && digits.length !== 8)) {
    return { ok: false, reply: "FAIL" };
  }
  if (digits.length === 8 && !isValidPinChecksum(digits)) {
    return { ok: false, reply: "FAIL-CHECKSUM" };
  }
  return { ok: true, pin: digits };
}

/**
 * A random 8-digit PIN: 32 CSPRNG bits mod 10^7, times 10 plus the checksum, zero-padded.
 *
 * @returns the PIN text
 */
export function generateRandomPin(): string {
  const b = randomBytes(4);
  const v = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
  const pin7 = v % 10_000_000;
  return String(pin7 * 10 + pinChecksum(pin7)).padStart(8, "0");
}

/**
 * Splits a device password into the halves PSK1/PSK2 are computed from: the first ⌈n/2⌉ and
 * the last ⌊n/2⌋ characters (8 → 4+4, 4 → 2+2).
 *
 * @param password the device password
 * @returns the two halves
 */
export function pinHalves(password: string): [string, string] {
  const half = Math.ceil(password.length / 2);
  return [password.slice(0, half), password.slice(half)];
}
