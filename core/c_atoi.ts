/**
 * C's `atoi()`, which hostapd uses for numbers in its config file and control commands.
 *
 * @module
 */

/**
 * C `atoi()` as glibc does it: skip white space, optional sign, decimal digits, stop at the
 * first other char; out-of-range values saturate as `strtol` does before the int truncation.
 */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text);
  if (!m || m[2] === "") return 0;
  const digits = m[2]!.replace(/^0+(?=\d)/, "");
  if (digits.length <= 9) return m[1] === "-" ? -Number(digits) : Number(digits);
  let big = BigInt(digits);
  if (m[1] === "-") big = -big;
  const max = (1n << 63n) - 1n;
  if (big > max) big = max;
  if (big < -max - 1n) big = -max - 1n;
  return Number(BigInt.asIntN(32, big));
}
