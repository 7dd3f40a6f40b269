import { deepStrictEqual, throws } from "node:assert/strict";
import {
  channelFrequency,
  channelOfFrequency,
  frequencyChannel,
} from "../../../core/ieee80211/channel.ts";

Deno.test("channelFrequency() maps 2.4 and 5 GHz channels and rejects others", () => {
  deepStrictEqual([1, 6, 13, 14, 36, 149].map(channelFrequency), [
    2412,
    2437,
    2472,
    2484,
    5180,
    5745,
  ]);
  throws(() => channelFrequency(0), RangeError);
  throws(() => channelFrequency(15), RangeError);
});

Deno.test("channelOfFrequency() maps 2.4 and 5 GHz", () => {
  deepStrictEqual([2412, 2472, 2484, 5180, 5825].map(channelOfFrequency), [1, 13, 14, 36, 165]);
});

Deno.test("frequencyChannel() maps the 2.4 and 5 GHz channels only", () => {
  deepStrictEqual([2412, 2472, 2484, 5160, 5180, 5885].map(frequencyChannel), [
    1,
    13,
    14,
    32,
    36,
    177,
  ]);
  deepStrictEqual([2407, 2477, 5155, 5890, 5955, 58320].map(frequencyChannel), [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
});
