import { equal } from "node:assert/strict";
import { wpsSelfTest } from "../../daemon/self_test.ts";
import { apSettings } from "../core/wps/_peers.ts";

Deno.test("wpsSelfTest() passes when Registrar and Enrollee share the PIN", () => {
  for (let i = 0; i < 3; i++) equal(wpsSelfTest(apSettings()), true);
});

Deno.test("wpsSelfTest() fails when the Enrollee's PIN differs (the R-Hash check bites)", () => {
  equal(wpsSelfTest(apSettings(), "00000000"), false);
});
