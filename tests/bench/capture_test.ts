import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { type EapolFrame, exchangeOf, parseEapolFields, readEapolFrames } from "./_capture.ts";

const CAPTURES = new URL("../fixtures/wired/captures", import.meta.url).pathname;
const haveCaptures = (() => {
  try {
    return Deno.statSync(`${CAPTURES}/pin/cap.pcapng`).isFile &&
      Deno.statSync("/usr/bin/tshark").isFile;
  } catch {
    return false;
  }
})();

const STA = "02:00:00:00:02:00", AP = "02:00:00:00:01:00", PAE = "01:80:c2:00:00:03";

/** A frame at `ms` (defaults for the rest). */
function frame(ms: number, f: Partial<EapolFrame>): EapolFrame {
  return {
    ms,
    src: STA,
    dst: PAE,
    eapolType: 0,
    eapCode: undefined,
    eapType: undefined,
    wscType: undefined,
    ...f,
  };
}

Deno.test("parseEapolFields() reads tshark rows, keeps microseconds and the first repeated value", () => {
  const rows = parseEapolFields(
    [
      `1795575868.002802431\t${STA}\t${PAE}\t1\t\t\t`,
      `1795575868.054296848\t${AP}\t${STA}\t0\t1\t254\t0x0c,0x0c`,
      "garbage line",
      "",
    ].join("\n"),
  );
  equal(rows.length, 2);
  equal(rows[0]!.eapolType, 1);
  equal(rows[0]!.eapCode, undefined);
  equal(rows[1]!.wscType, 0x0c);
  equal(rows[1]!.eapType, 254);
  // Epoch milliseconds in a double keep about 0.25 µs: microseconds are exact.
  equal((rows[1]!.ms - rows[0]!.ms).toFixed(3), "51.494");
});

Deno.test("exchangeOf() starts at the EAPOL-Start the AP answered and ends at the first Failure", () => {
  const frames = [
    frame(0, { eapolType: 1 }), // lost: the AP was not listening yet
    frame(1000, { eapolType: 1 }),
    frame(1002, { src: AP, dst: STA, eapCode: 1, eapType: 1 }),
    frame(1004, { eapCode: 2, eapType: 254, wscType: 0x04 }),
    frame(1010, { src: AP, dst: STA, eapCode: 1, eapType: 254, wscType: 0x0c }),
    frame(1012, { eapCode: 2, eapType: 254, wscType: 0x0f }),
    frame(1013, { src: AP, dst: STA, eapCode: 4 }),
    frame(2000, { src: AP, dst: STA, eapCode: 4 }),
    frame(1005, { src: "02:00:00:00:09:09", eapolType: 1 }),
  ];
  const x = exchangeOf(frames, STA.toUpperCase())!;
  equal(x.startToFailureMs, 13);
  equal(x.m1ToM8Ms, 6);
  equal(x.done, true);
  // Each AP frame timed from the station frame just before it, named after the AP frame.
  deepStrictEqual(x.apTurnarounds, [
    { step: "Identity", ms: 2 },
    { step: "M8", ms: 6 },
    { step: "Failure", ms: 1 },
  ]);
  equal(exchangeOf(frames, "02:00:00:00:09:09"), undefined);
  equal(exchangeOf(frames.slice(0, 6), STA), undefined, "no Failure yet");
});

Deno.test({
  name: "exchangeOf() times hostapd's recorded PIN run and marks a NACKed run as not done",
  ignore: !haveCaptures,
  async fn() {
    const pin = exchangeOf(await readEapolFrames(`${CAPTURES}/pin/cap.pcapng`), STA)!;
    // Frame times in the capture: Start .002802431, M1 .013193221, M8 .054296848,
    // Failure .059868077.
    equal(pin.startToFailureMs.toFixed(3), "57.066");
    equal(pin.m1ToM8Ms!.toFixed(3), "41.104");
    ok(pin.done);
    const wrong = exchangeOf(await readEapolFrames(`${CAPTURES}/wrongpin/cap.pcapng`), STA)!;
    equal(wrong.done, false);
    equal(wrong.m1ToM8Ms, undefined);
  },
});
