import { equal, throws } from "node:assert/strict";
import { quantile, ratioText, summarize, summaryText } from "./_stats.ts";

Deno.test("quantile() interpolates between closest ranks", () => {
  const xs = [10, 1, 4, 3, 2];
  equal(quantile(xs, 0.5), 3);
  equal(quantile(xs, 0), 1);
  equal(quantile(xs, 1), 10);
  // (5 - 1) * 0.9 = 3.6: 4 + 0.6 * (10 - 4)
  equal(quantile(xs, 0.9).toFixed(9), "7.600000000");
  equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  equal(xs[0], 10, "the input is not sorted in place");
});

Deno.test("quantile() rejects no samples and a quantile outside [0, 1]", () => {
  throws(() => quantile([], 0.5), RangeError);
  throws(() => quantile([1], 1.5), RangeError);
  throws(() => quantile([1], Number.NaN), RangeError);
});

Deno.test("summarize() gives n, min, median, p90, max and mean, or null for no samples", () => {
  equal(summarize([]), null);
  const s = summarize([2, 8, 4, 6])!;
  equal(s.n, 4);
  equal(s.min, 2);
  equal(s.max, 8);
  equal(s.median, 5);
  equal(s.mean, 5);
  equal(s.p90.toFixed(1), "7.4");
});

Deno.test("ratioText() divides medians and says n/a when one is missing", () => {
  equal(ratioText(summarize([3]), summarize([2])), "1.50x");
  equal(ratioText(null, summarize([2])), "n/a");
  equal(ratioText(summarize([3]), summarize([0])), "n/a");
  equal(summaryText(null, "ms"), "no samples");
  equal(summaryText(summarize([1, 3]), "ms", 1), "median 2.0 p90 2.8 (min 1.0 max 3.0, n=2) ms");
});
