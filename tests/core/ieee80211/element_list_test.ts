import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import {
  buildBssMaxIdlePeriod,
  buildCountry,
  buildElement,
  buildElements,
  buildErp,
  buildHtCapabilities,
  buildHtOperation,
  buildRateElements,
  buildWmmParameter,
  countrySubbands,
  Eid,
  FrameDecodeError,
  hasWmm,
  parseElements,
  readRates,
} from "../../../core/ieee80211/element_list.ts";

Deno.test("parseElements() and buildElements() round-trip an element list", () => {
  const bytes = fromHex("0007546573745750530108828" + "48b960c12182432" + "0430486" + "06c");
  const els = parseElements(bytes);
  deepStrictEqual(els.map((e) => e.id), [0, 1, 50]);
  equal(toHex(buildElements(els)), toHex(bytes));
  equal(toHex(readRates(els)!), "82848b960c121824304860" + "6c");
});

Deno.test("parseElements() rejects a truncated element and names its offset", () => {
  const bytes = fromHex("000161" + "0105828400");
  throws(() => parseElements(bytes, 36), (e: unknown) => {
    ok(e instanceof FrameDecodeError);
    equal(e.offset, 39);
    return true;
  });
  throws(() => parseElements(Uint8Array.of(0)), FrameDecodeError);
  // No strict prefix of a valid list that cuts an element parses.
  const good = fromHex("0003616263dd0400" + "50f2");
  for (let n = 1; n < good.length; n++) {
    if (n === 5) continue; // exactly the first element
    throws(() => parseElements(good.subarray(0, n)), FrameDecodeError, `prefix ${n}`);
  }
});

Deno.test("buildElement() refuses bodies over 255 octets", () => {
  throws(() => buildElement(221, new Uint8Array(256)), RangeError);
  equal(buildElement(221, new Uint8Array(255)).length, 257);
});

Deno.test("buildRateElements() splits at eight rates", () => {
  const r = buildRateElements(fromHex("82840b16"));
  equal(toHex(r.supported), "010482840b16");
  equal(r.ext.length, 0);
  const g = buildRateElements(fromHex("82848b960c12182430486" + "06c"));
  equal(toHex(g.ext), "320430486" + "06c");
});

Deno.test("buildCountry() pads to an even length (IEEE 802.11-2020 9.4.2.8)", () => {
  equal(
    toHex(buildCountry("DE", " ", [{ firstChannel: 1, channels: 13, maxPowerDbm: 20 }])),
    "0706444520010d14",
  );
  equal(
    toHex(buildCountry("US", "O", [
      { firstChannel: 1, channels: 11, maxPowerDbm: 30 },
      { firstChannel: 36, channels: 4, maxPowerDbm: 17 },
    ])),
    "070a55534f010b1e24041100",
  );
  throws(() => buildCountry("USA", " ", []), RangeError);
});

Deno.test("countrySubbands() groups consecutive channels of equal power", () => {
  const ch = (c: number, p: number) => ({ channel: c, maxPowerDbm: p });
  deepStrictEqual(countrySubbands([ch(1, 20), ch(2, 20), ch(3, 20), ch(12, 13), ch(13, 13)]), [
    { firstChannel: 1, channels: 3, maxPowerDbm: 20 },
    { firstChannel: 12, channels: 2, maxPowerDbm: 13 },
  ]);
  deepStrictEqual(countrySubbands([ch(36, 23), ch(40, 23), ch(44, 23), ch(48, 23), ch(52, 20)]), [
    { firstChannel: 36, channels: 4, maxPowerDbm: 23 },
    { firstChannel: 52, channels: 1, maxPowerDbm: 20 },
  ]);
});

Deno.test("buildWmmParameter() encodes the default EDCA set byte for byte", () => {
  // WMM spec 2.2.2 layout; AC records BE, BK, VI, VO with AIFSN 3/7/2/2, ECWmin 4/4/3/2,
  // ECWmax 10/10/4/3, TXOP 0/0/94/47.
  equal(
    toHex(buildWmmParameter()),
    "dd180050f202010100" + "00" + "03a40000" + "27a40000" + "42435e00" + "62322f00",
  );
  equal(buildWmmParameter(3, undefined, true)[8], 0x83);
  ok(hasWmm(parseElements(buildWmmParameter())));
  ok(hasWmm(parseElements(fromHex("dd070050f202000100"))), "WMM Information element");
  ok(!hasWmm(parseElements(fromHex("dd070050f204104a00"))), "WPS is not WMM");
});

Deno.test("buildBssMaxIdlePeriod() counts units of 1000 TU and clamps to 1..65535", () => {
  equal(toHex(buildBssMaxIdlePeriod(300)), "5a03240100");
  equal(toHex(buildBssMaxIdlePeriod(0)), "5a03010000");
  equal(toHex(buildBssMaxIdlePeriod(1e9)), "5a03ffff00");
});

Deno.test("ERP, HT Capabilities and HT Operation have their standard sizes", () => {
  equal(toHex(buildErp(0x07)), "2a0107");
  const ht = buildHtCapabilities({
    capabilitiesInfo: 0x016e,
    ampduParams: 0x17,
    mcsSet: fromHex("ffff0000000000000000000000000000"),
  });
  equal(ht[0], Eid.HT_CAPABILITIES);
  equal(ht[1], 26);
  equal(toHex(ht.subarray(2, 7)), "6e0117ffff");
  throws(
    () => buildHtCapabilities({ capabilitiesInfo: 0, ampduParams: 0, mcsSet: new Uint8Array(8) }),
    RangeError,
  );
  const op = buildHtOperation({ primaryChannel: 6, secondaryOffset: 1, protection: 3 });
  equal(op[1], 22);
  equal(toHex(op.subarray(2, 5)), "060503");
  equal(
    toHex(buildHtOperation({ primaryChannel: 11, secondaryOffset: 0 }).subarray(2, 5)),
    "0b0000",
  );
});
