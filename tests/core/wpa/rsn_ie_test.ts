import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import {
  AkmSuite,
  buildRsnElement,
  checkStationRsn,
  CipherSuite,
  parseRsnElement,
  RsnDecodeError,
  type RsnElement,
  RsnStatus,
} from "../../../core/wpa/rsn_ie.ts";

// The RSN element a WPA2-PSK/CCMP AP advertises (hostapd wpa=2, wpa_key_mgmt=WPA-PSK,
// rsn_pairwise=CCMP): laid out by hand from IEEE 802.11-2020 9.4.2.24.
const AP_HEX = "30140100000fac040100000fac040100000fac020000";
const AP: RsnElement = {
  version: 1,
  groupCipher: CipherSuite.CCMP,
  pairwiseCiphers: [CipherSuite.CCMP],
  akms: [AkmSuite.PSK],
  capabilities: 0,
  pmkids: [],
};

Deno.test("buildRsnElement() and parseRsnElement() agree on the WPA2-PSK element", () => {
  equal(toHex(buildRsnElement(AP)), AP_HEX);
  deepStrictEqual(parseRsnElement(fromHex(AP_HEX)), AP);
});

Deno.test("parseRsnElement() round-trips PMKIDs, several suites and a group management cipher", () => {
  const rsn: RsnElement = {
    version: 1,
    groupCipher: CipherSuite.CCMP,
    pairwiseCiphers: [CipherSuite.CCMP, CipherSuite.GCMP_256],
    akms: [AkmSuite.PSK, AkmSuite.PSK_SHA256],
    capabilities: 0x00c0,
    pmkids: [new Uint8Array(16).fill(1), new Uint8Array(16).fill(2)],
    groupMgmtCipher: CipherSuite.BIP_CMAC_128,
  };
  const bytes = buildRsnElement(rsn);
  deepStrictEqual(parseRsnElement(bytes), rsn);
  for (let cut = 2; cut < bytes.length; cut++) {
    const short = bytes.slice(0, cut);
    short[1] = cut - 2;
    // Every truncation either parses (ends on a field boundary) or is rejected as malformed.
    try {
      parseRsnElement(short);
    } catch (e) {
      equal(e instanceof RsnDecodeError, true);
    }
  }
});

Deno.test("parseRsnElement() fills the defaults of absent trailing fields", () => {
  deepStrictEqual(parseRsnElement(fromHex("30020100")), {
    version: 1,
    groupCipher: CipherSuite.CCMP,
    pairwiseCiphers: [CipherSuite.CCMP],
    akms: [AkmSuite.IEEE8021X],
    capabilities: 0,
    pmkids: [],
  });
  equal(parseRsnElement(fromHex("30060100000fac02")).groupCipher, CipherSuite.TKIP);
});

Deno.test("parseRsnElement() rejects malformed elements", async (t) => {
  const rows: [string, string][] = [
    ["WPA vendor element", "dd160050f20101000050f20201000050f20201000050f202"],
    ["length mismatch", "30150100000fac040100000fac040100000fac020000"],
    ["no version", "3000"],
    ["half a group cipher", "30040100000f"],
    ["empty pairwise list", "30080100000fac040000"],
    ["pairwise list overruns", "300a0100000fac040200000fac04"],
    ["PMKID list overruns", "30180100000fac040100000fac040100000fac0200000100aabb"],
  ];
  for (const [name, hex] of rows) {
    await t.step(name, () => throws(() => parseRsnElement(fromHex(hex)), RsnDecodeError));
  }
});

Deno.test("checkStationRsn() maps each mismatch to its 802.11 status code", async (t) => {
  const ap = {
    ...AP,
    pairwiseCiphers: [CipherSuite.CCMP],
    akms: [AkmSuite.PSK, AkmSuite.PSK_SHA256],
  };
  const sta = (o: Partial<RsnElement>) => buildRsnElement({ ...AP, ...o });
  const rows: [string, Uint8Array, number][] = [
    ["PSK", sta({}), RsnStatus.SUCCESS],
    ["PSK-SHA256", sta({ akms: [AkmSuite.PSK_SHA256] }), RsnStatus.SUCCESS],
    ["garbage", fromHex("3003010000"), RsnStatus.INVALID_IE],
    ["version 2", sta({ version: 2 }), RsnStatus.UNSUPPORTED_RSN_IE_VERSION],
    ["TKIP group", sta({ groupCipher: CipherSuite.TKIP }), RsnStatus.GROUP_CIPHER_NOT_VALID],
    [
      "TKIP pairwise",
      sta({ pairwiseCiphers: [CipherSuite.TKIP] }),
      RsnStatus.PAIRWISE_CIPHER_NOT_VALID,
    ],
    [
      "two pairwise",
      sta({ pairwiseCiphers: [CipherSuite.CCMP, CipherSuite.CCMP] }),
      RsnStatus.PAIRWISE_CIPHER_NOT_VALID,
    ],
    ["802.1X", sta({ akms: [AkmSuite.IEEE8021X] }), RsnStatus.AKMP_NOT_VALID],
    ["two AKMs", sta({ akms: [AkmSuite.PSK, AkmSuite.PSK] }), RsnStatus.AKMP_NOT_VALID],
  ];
  for (const [name, element, status] of rows) {
    await t.step(name, () => equal(checkStationRsn(ap, element), status));
  }
});
