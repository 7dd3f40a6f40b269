import { equal, ok, throws } from "node:assert/strict";
import { formatMac, fromHex, toHex } from "../../../core/bytes.ts";
import {
  buildEthernet,
  ETH_P_PAE,
  isGroupAddress,
  isPaeGroupAddress,
  PAE_GROUP_ADDR,
  parseEthernet,
} from "../../../core/eapol/ethernet.ts";

// Frame 1 of /work/shared/examples/wired/captures/pin/cap.pcapng: EAPOL-Start to the PAE group.
const CAPTURED_START = "0180c200000302000000020088 8e02010000".replace(/ /g, "");

Deno.test("parseEthernet() splits a captured EAPOL-Start", () => {
  const f = parseEthernet(fromHex(CAPTURED_START))!;
  equal(formatMac(f.dst), "01:80:c2:00:00:03");
  equal(formatMac(f.src), "02:00:00:00:02:00");
  equal(f.etherType, ETH_P_PAE);
  equal(toHex(f.payload), "02010000");
  ok(isPaeGroupAddress(f.dst));
  ok(isGroupAddress(f.dst));
  ok(!isGroupAddress(f.src));
});

Deno.test("parseEthernet() returns undefined for a frame shorter than the header", () => {
  equal(parseEthernet(new Uint8Array(13)), undefined);
});

Deno.test("buildEthernet() rebuilds the captured frame", () => {
  const f = parseEthernet(fromHex(CAPTURED_START))!;
  equal(toHex(buildEthernet(PAE_GROUP_ADDR, f.src, ETH_P_PAE, f.payload)), CAPTURED_START);
});

Deno.test("buildEthernet() rejects bad addresses and EtherTypes", () => {
  throws(() => buildEthernet(new Uint8Array(5), PAE_GROUP_ADDR, 1, new Uint8Array()), RangeError);
  throws(
    () => buildEthernet(PAE_GROUP_ADDR, PAE_GROUP_ADDR, 0x10000, new Uint8Array()),
    RangeError,
  );
});
