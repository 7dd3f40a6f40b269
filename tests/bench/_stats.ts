/**
 * Order statistics and ratio formatting for the benchmarks: medians and 90th percentiles of
 * samples, and the tsapd/hostapd ratio of two medians.
 *
 * @module
 */

/** Summary of one sample set. */
export interface Summary {
  /** Number of samples. */
  n: number;
  /** Smallest sample. */
  min: number;
  /** Median (mean of the two middle samples for an even count). */
  median: number;
  /** 90th percentile (linear interpolation between closest ranks). */
  p90: number;
  /** Largest sample. */
  max: number;
  /** Arithmetic mean. */
  mean: number;
}

/**
 * The `q` quantile of `samples` with linear interpolation between closest ranks (the
 * "R-7" definition used by numpy and spreadsheets).
 *
 * @param samples the values (not modified)
 * @param q the quantile in [0, 1]
 * @returns the quantile
 * @throws {RangeError} when `samples` is empty or `q` is outside [0, 1]
 */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new RangeError("Cannot take a quantile of no samples");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile ${q} is outside [0, 1]`);
  const s = [...samples].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * Summarizes `samples`.
 *
 * @param samples the values
 * @returns the summary, or null when there are no samples
 */
export function summarize(samples: readonly number[]): Summary | null {
  if (samples.length === 0) return null;
  return {
    n: samples.length,
    min: Math.min(...samples),
    median: quantile(samples, 0.5),
    p90: quantile(samples, 0.9),
    max: Math.max(...samples),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/**
 * The ratio `a / b` of two medians as text ("1.23x"), or "n/a" when either is missing or
 * `b` is zero.
 */
export function ratioText(a: Summary | null, b: Summary | null): string {
  const r = ratioCell(a, b);
  return r === "n/a" ? r : `${r}x`;
}

/** A results-table ratio cell: `a / b` of the medians ("1.23"), or "n/a". */
export function ratioCell(a: Summary | null | undefined, b: Summary | null | undefined): string {
  return !a || !b || b.median === 0 ? "n/a" : (a.median / b.median).toFixed(2);
}

/** A results-table cell: "8.1 / 9.4" (median / p90), or "n/a". */
export function medianP90Cell(s: Summary | null | undefined, digits: number): string {
  return s ? `${s.median.toFixed(digits)} / ${s.p90.toFixed(digits)}` : "n/a";
}

/**
 * One line for a summary: `median 8.12 p90 9.40 (min 7.9 max 12.0, n=20) ms`.
 *
 * @param s the summary (null prints "no samples")
 * @param unit the unit suffix
 * @param digits decimals
 */
export function summaryText(s: Summary | null, unit: string, digits = 2): string {
  if (s === null) return "no samples";
  const f = (x: number) => x.toFixed(digits);
  return `median ${f(s.median)} p90 ${f(s.p90)} (min ${f(s.min)} max ${
    f(s.max)
  }, n=${s.n}) ${unit}`;
}
