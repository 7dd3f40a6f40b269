import { deepStrictEqual, equal } from "node:assert/strict";
import { buildWpsIes } from "../../../core/ap/wps_ies.ts";
import { parseAttributes } from "../../../core/wps/attributes.ts";
import { Attr } from "../../../core/wps/constants.ts";
import { context } from "../wps/_peers.ts";

/** The WSC attributes of a WPS vendor element (one chunk: DD len 00 50 F2 04 TLVs). */
function attrsOf(ie: Uint8Array) {
  return parseAttributes(ie.subarray(6, 2 + ie[1]!)).map;
}

Deno.test("buildWpsIes() carries wps_application_ext in Beacons and Probe Responses only", () => {
  const ext = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
  const { ctx } = context({ applicationExt: ext });
  const ies = buildWpsIes(ctx);
  deepStrictEqual(attrsOf(ies.beacon).get(Attr.APPLICATION_EXT)?.[0]?.value, ext);
  deepStrictEqual(attrsOf(ies.probeResp).get(Attr.APPLICATION_EXT)?.[0]?.value, ext);
  equal(attrsOf(ies.assocResp).has(Attr.APPLICATION_EXT), false);
  equal(attrsOf(buildWpsIes(context().ctx).beacon).has(Attr.APPLICATION_EXT), false);
});
