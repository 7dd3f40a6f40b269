import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fromHex, toHex } from "../../../core/bytes.ts";
import {
  buildAssocResponseWpsIe,
  buildBeaconWpsIe,
  buildProbeResponseWpsIe,
  extractWpsIe,
  parseProbeRequestWpsIe,
  wrapWpsIe,
} from "../../../core/wps/ie.ts";

Deno.test("buildBeaconWpsIe() writes Version, State, selected-registrar group and WFA ext in order", () => {
  const ie = buildBeaconWpsIe({
    wpsState: 2,
    selectedRegistrar: { devPasswordId: 4, configMethods: 0x0080 },
    wfa: { authorizedMacs: [fromHex("ffffffffffff")] },
  });
  equal(
    toHex(ie),
    // 49 = 4 (OUI) + 5 + 5 + 5 + 6 + 6 + 18 (WFA ext with one AuthorizedMAC).
    "dd" + "31" + "0050f204" + "104a000110" + "1044000102" + "1041000101" +
      "101200020004" + "105300020080" + "1049000e" + "00372a" + "000120" + "0106ffffffffffff",
  );
});

Deno.test("wrapWpsIe() cuts long TLV streams into 251-byte chunks that extractWpsIe() joins", () => {
  const tlvs = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
  const ie = wrapWpsIe(tlvs);
  equal(ie[1], 255);
  equal(ie.length, 600 + 3 * 6);
  deepStrictEqual(extractWpsIe(ie), tlvs);
  const withOthers = Uint8Array.from([
    0x00,
    0x03,
    0x61,
    0x62,
    0x63,
    ...ie,
    0xdd,
    0x04,
    0x00,
    0x50,
    0xf2,
    0x02,
  ]);
  deepStrictEqual(extractWpsIe(withOthers), tlvs);
});

Deno.test("buildProbeResponseWpsIe() drops PushButton bits and sends empty strings as a space", () => {
  const ie = buildProbeResponseWpsIe({
    wpsState: 2,
    uuidE: new Uint8Array(16),
    manufacturer: "",
    modelName: "M",
    modelNumber: "1",
    serialNumber: "S",
    primaryDeviceType: fromHex("00060050f2040001"),
    deviceName: "AP",
    configMethods: 0x238c,
  });
  const tlvs = extractWpsIe(ie)!;
  ok(toHex(tlvs).includes("1021000120"));
  ok(toHex(tlvs).includes("10080002210c"));
  ok(toHex(tlvs).includes("103b000103"));
});

Deno.test("buildAssocResponseWpsIe() is Version, Response Type AP and Version2", () => {
  equal(toHex(buildAssocResponseWpsIe()), "dd180050f204104a000110103b0001031049000600372a000120");
});

Deno.test("parseProbeRequestWpsIe() needs Config Methods and Device Password ID", () => {
  const tlvs = fromHex(
    "104a000110103a000101100800022388104700101234567890abcdef1234567890abcdef" +
      "1054000800010050f2040001" + "103c000103" + "101200020004" + "1049000600372a000120",
  );
  const p = parseProbeRequestWpsIe(tlvs)!;
  equal(p.configMethods, 0x2388);
  equal(p.devPasswordId, 4);
  equal(p.requestType, 1);
  equal(toHex(p.uuidE!), "1234567890abcdef1234567890abcdef");
  equal(p.wfa?.version2, 0x20);
  equal(parseProbeRequestWpsIe(fromHex("104a000110100800022388")), undefined);
});
