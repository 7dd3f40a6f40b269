import { deepStrictEqual, equal } from "node:assert/strict";
import { toHex } from "../../../core/bytes.ts";
import {
  deviceAttributes,
  formatDeviceType,
  osVersionOnWire,
  parseDeviceType,
} from "../../../core/wps/device.ts";

Deno.test("parseDeviceType() encodes hostapd's device_type text and formatDeviceType() inverts it", () => {
  equal(toHex(parseDeviceType("6-0050F204-1")!), "00060050f2040001");
  equal(toHex(parseDeviceType("1-0050F204-1")!), "00010050f2040001");
  equal(formatDeviceType(parseDeviceType("10-0050f204-5")!), "10-0050F204-5");
  for (const bad of ["6-0050F204", "70000-0050F204-1", "6-0050F2-1", "x-0050F204-1"]) {
    deepStrictEqual(parseDeviceType(bad), undefined, bad);
  }
});

Deno.test("osVersionOnWire() sets the top bit as hostapd does (01020300 -> 0x81020300)", () => {
  equal(osVersionOnWire(0x01020300), 0x81020300);
  equal(osVersionOnWire(0x81020300), 0x81020300);
  equal(
    deviceAttributes({
      deviceName: "a",
      manufacturer: "b",
      modelName: "c",
      modelNumber: "d",
      serialNumber: "e",
      primaryDeviceType: new Uint8Array(8),
      osVersion: 0,
    }).osVersion,
    0x80000000,
  );
});
