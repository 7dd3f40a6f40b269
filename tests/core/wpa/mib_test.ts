import { equal, ok } from "node:assert/strict";
import { parseConfig } from "../../../core/config/mod.ts";
import {
  formatWpaMib,
  NO_WPA_MIB_COUNTERS,
  suiteSelectorText,
  type WpaMibConfig,
} from "../../../core/wpa/mib.ts";
import { AkmSuite, CipherSuite } from "../../../core/wpa/rsn_ie.ts";

const DIR = new URL("../../fixtures/radio/", import.meta.url).pathname;

function mibConfig(): WpaMibConfig {
  const r = parseConfig(Deno.readFileSync(DIR + "hostapd-ht-ch6.conf"), "hostapd-ht-ch6.conf");
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const b = r.config.bss[0]!;
  return {
    wpa: b.wpa,
    preauth: false,
    strictRekey: b.wpa_strict_rekey !== 0,
    groupUpdateCount: b.wpa_group_update_count,
    pairwiseUpdateCount: b.wpa_pairwise_update_count,
    groupCipher: b.wpa_group,
  };
}

Deno.test("formatWpaMib() matches hostapd 2.10's MIB after a WPA2-PSK station joined", () => {
  const mib = formatWpaMib(mibConfig(), {
    akmSelected: AkmSuite.PSK,
    pairwiseSelected: CipherSuite.CCMP,
    groupSelected: CipherSuite.CCMP,
    fourWayFailures: 0,
  });
  equal(mib, Deno.readTextFileSync(DIR + "mib-ht-ch6.txt"));
});

Deno.test("formatWpaMib() before any station, with TKIP as group cipher and counters", () => {
  const mib = formatWpaMib(
    { ...mibConfig(), wpa: 3, strictRekey: true, groupCipher: "TKIP" },
    { ...NO_WPA_MIB_COUNTERS, fourWayFailures: 3 },
    1,
  );
  ok(mib.includes("\ndot11RSNAConfigGroupRekeyStrict=1\n"));
  ok(mib.includes("\ndot11RSNAConfigGroupCipherSize=256\n"));
  ok(mib.includes("\ndot11RSNAAuthenticationSuiteSelected=00-00-00-0\n"));
  ok(mib.includes("\ndot11RSNA4WayHandshakeFailures=3\n"));
  ok(mib.endsWith("\nhostapdWPAGroupState=1\n"));
  equal(suiteSelectorText(AkmSuite.PSK_SHA256), "00-0f-ac-6");
});
