/**
 * Channel numbers and centre frequencies of 20 MHz channels on 2.4 and 5 GHz (IEEE 802.11-2020
 * Annex E).
 *
 * @module
 */

/**
 * The centre frequency of a 20 MHz channel: 2.4 GHz channels 1-14, 5 GHz channels 32-177.
 *
 * @param channel the channel number
 * @returns the frequency in MHz
 * @throws {RangeError} for a channel number outside both bands
 * @example
 * ```ts
 * channelFrequency(1); // 2412
 * channelFrequency(36); // 5180
 * ```
 */
export function channelFrequency(channel: number): number {
  if (channel === 14) return 2484;
  if (channel >= 1 && channel <= 13) return 2407 + 5 * channel;
  if (channel >= 32 && channel <= 177) return 5000 + 5 * channel;
  throw new RangeError(`Cannot map channel ${channel} to a frequency`);
}

/**
 * The channel number of a frequency below 5 GHz (2.4 GHz numbering) or above (5 GHz numbering),
 * without checking that the frequency is a channel of either band.
 *
 * @example
 * ```ts
 * channelOfFrequency(2484); // 14
 * channelOfFrequency(5180); // 36
 * ```
 */
export function channelOfFrequency(mhz: number): number {
  if (mhz === 2484) return 14;
  return mhz < 5000 ? (mhz - 2407) / 5 : (mhz - 5000) / 5;
}

/** The channel number of a 2.4 or 5 GHz frequency, or undefined for another band. */
export function frequencyChannel(mhz: number): number | undefined {
  const known = mhz === 2484 || (mhz >= 2412 && mhz <= 2472) || (mhz >= 5160 && mhz <= 5885);
  return known ? channelOfFrequency(mhz) : undefined;
}
