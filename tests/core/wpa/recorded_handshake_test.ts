/**
 * core/wpa against a 4-way handshake recorded from Debian's hostapd (`-dd -K`) and
 * wpa_supplicant over mac80211_hwsim (tests/fixtures/wpa/hostapd_handshake.json, recorded by
 * tests/fixtures/wpa/record_hostapd_handshake.ts): the PMK from the passphrase, the PTK from
 * PMK + addresses + nonces, the MICs of the four frames, the GTK key data of msg 3/4, the codec
 * byte for byte, and the authenticator replaying hostapd's side of the handshake.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { formatMac, fromHex, parseMac, toHex } from "../../../core/bytes.ts";
import { ManualClock } from "../../../core/clock.ts";
import { WpaAuthenticator } from "../../../core/wpa/authenticator.ts";
import {
  buildEapolKey,
  computeEapolMic,
  KeyInfo,
  parseEapolKey,
  verifyEapolMic,
} from "../../../core/wpa/eapol_key.ts";
import { parseKeyData, unwrapKeyData } from "../../../core/wpa/key_data.ts";
import { derivePtk } from "../../../core/wpa/prf.ts";
import { passphraseToPsk } from "../../../core/wpa/psk.ts";
import { parseRsnElement } from "../../../core/wpa/rsn_ie.ts";
import type { WpaHost } from "../../../core/wpa/wpa_host.ts";

const rec = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/wpa/hostapd_handshake.json", import.meta.url)),
) as Record<string, string>;
const hex = (name: string): Uint8Array => {
  const v = rec[name];
  if (v === undefined) throw new TypeError(`Fixture has no ${name}`);
  return fromHex(v);
};
const mac = (name: string): Uint8Array => {
  const m = parseMac(rec[name] ?? "");
  if (m === undefined) throw new TypeError(`Fixture has no address ${name}`);
  return m;
};
const AA = mac("aa"), SPA = mac("spa");
const MSGS = [hex("msg1"), hex("msg2"), hex("msg3"), hex("msg4")];

Deno.test("passphraseToPsk() gives the PMK hostapd logged", () => {
  equal(toHex(passphraseToPsk(rec.passphrase!, rec.ssid!)), rec.pmk);
});

Deno.test("derivePtk() reproduces hostapd's PTK, KCK, KEK and TK from PMK, addresses and nonces", () => {
  const ptk = derivePtk({
    pmk: hex("pmk"),
    aa: AA,
    spa: SPA,
    anonce: hex("anonce"),
    snonce: hex("snonce"),
  });
  equal(toHex(ptk.kck), rec.kck);
  equal(toHex(ptk.kek), rec.kek);
  equal(toHex(ptk.tk), rec.tk);
  equal(toHex(ptk.kck) + toHex(ptk.kek) + toHex(ptk.tk), rec.ptk);
});

Deno.test("parseEapolKey() then buildEapolKey() round-trips the four recorded frames byte for byte", () => {
  for (const frame of MSGS) {
    const k = parseEapolKey(frame);
    deepStrictEqual(buildEapolKey(k), frame);
  }
});

Deno.test("parseEapolKey() reads the recorded frames' key information, counters and nonces", () => {
  const [m1, m2, m3, m4] = MSGS.map((m) => parseEapolKey(m));
  const { PAIRWISE, ACK, MIC, SECURE, INSTALL, ENCRYPTED_KEY_DATA } = KeyInfo;
  equal(m1!.keyInfo, 2 | PAIRWISE | ACK);
  equal(m2!.keyInfo, 2 | PAIRWISE | MIC);
  equal(m3!.keyInfo, 2 | PAIRWISE | ACK | MIC | SECURE | INSTALL | ENCRYPTED_KEY_DATA);
  equal(m4!.keyInfo, 2 | PAIRWISE | MIC | SECURE);
  deepStrictEqual([m1!.replayCounter, m2!.replayCounter, m3!.replayCounter, m4!.replayCounter], [
    1n,
    1n,
    2n,
    2n,
  ]);
  equal(toHex(m1!.nonce), rec.anonce);
  equal(toHex(m2!.nonce), rec.snonce);
  equal(toHex(m3!.nonce), rec.anonce);
  deepStrictEqual(m1!.mic, new Uint8Array(16));
});

Deno.test("verifyEapolMic() accepts the MICs of msgs 2/4, 3/4 and 4/4 with the recorded KCK", () => {
  const kck = hex("kck");
  for (const i of [1, 2, 3]) {
    ok(verifyEapolMic(kck, MSGS[i]!), `msg ${i + 1}/4`);
    deepStrictEqual(computeEapolMic(kck, MSGS[i]!), parseEapolKey(MSGS[i]!).mic);
  }
});

Deno.test("verifyEapolMic() rejects a recorded frame with one Key Data bit flipped", () => {
  const m2 = MSGS[1]!.slice();
  m2[m2.length - 1]! ^= 1;
  ok(!verifyEapolMic(hex("kck"), m2));
  const wrongKck = hex("kck");
  wrongKck[0]! ^= 0x80;
  ok(!verifyEapolMic(wrongKck, MSGS[3]!));
});

Deno.test("unwrapKeyData() opens msg 3/4's key data with the KEK: the AP's RSN element and the GTK", () => {
  const plain = unwrapKeyData(hex("kek"), parseEapolKey(MSGS[2]!).keyData);
  equal(toHex(plain), rec.msg3KeyDataPlain);
  const kd = parseKeyData(plain);
  equal(toHex(kd.rsnElement!), rec.apRsnElement);
  equal(toHex(kd.gtk!.key), rec.gtk);
  equal(kd.gtk!.keyIndex, 1);
  equal(kd.gtk!.tx, false);
  // Msg 2/4's Key Data is not wrapped: the station's RSN element in the clear.
  const m2 = parseEapolKey(MSGS[1]!);
  equal(m2.keyInfo & KeyInfo.ENCRYPTED_KEY_DATA, 0);
  deepStrictEqual(parseKeyData(m2.keyData).rsnElement, m2.keyData);
});

/**
 * Runs `fn` with crypto.getRandomValues serving `fixed` to the first request of its length:
 * the authenticator has no ANonce parameter, and its ANonce is its only random draw then.
 */
function withNextRandom<T>(fixed: Uint8Array, fn: () => T): T {
  const real = crypto.getRandomValues.bind(crypto);
  let used = false;
  const fake = <A extends ArrayBufferView | null>(array: A): A => {
    if (!used && array instanceof Uint8Array && array.length === fixed.length) {
      used = true;
      array.set(fixed);
      return array;
    }
    return real(array as Uint8Array) as unknown as A;
  };
  crypto.getRandomValues = fake as typeof crypto.getRandomValues;
  try {
    return fn();
  } finally {
    crypto.getRandomValues = real as typeof crypto.getRandomValues;
  }
}

Deno.test("WpaAuthenticator with the recorded ANonce sends hostapd's msg 1/4 and accepts the recorded msgs 2/4 and 4/4", () => {
  const clock = new ManualClock();
  const sent: Uint8Array[] = [];
  const installed: string[] = [];
  const authorized: string[] = [];
  const events: string[] = [];
  let gtk: Uint8Array = new Uint8Array(0);
  const host: WpaHost = {
    sendEapol: (_mac, frame) => sent.push(frame),
    installPairwiseKey: (mac, tk) => installed.push(`${formatMac(mac)} ${toHex(tk)}`),
    installGroupKey: (_index, key) => gtk = key,
    authorize: (mac) => authorized.push(formatMac(mac)),
    deauth: (mac, reason) => events.push(`deauth ${formatMac(mac)} ${reason}`),
    emit: (event) => events.push(event),
  };
  const auth = new WpaAuthenticator({
    bssid: AA,
    rsn: parseRsnElement(hex("apRsnElement")),
    psks: { common: passphraseToPsk(rec.passphrase!, rec.ssid!), entries: [] },
    host,
    clock,
  });
  auth.start();
  try {
    // The station's RSN element is the Key Data of its msg 2/4.
    const staRsn = parseEapolKey(MSGS[1]!).keyData;
    equal(withNextRandom(hex("anonce"), () => auth.associate(SPA, staRsn)), 0);
    equal(sent.length, 1);
    deepStrictEqual(sent[0], MSGS[0], "msg 1/4 equals hostapd's byte for byte");

    auth.receiveEapol(SPA, MSGS[1]!);
    equal(sent.length, 2, "msg 3/4 follows the recorded msg 2/4");
    const m3 = parseEapolKey(sent[1]!);
    ok(verifyEapolMic(hex("kck"), sent[1]!), "msg 3/4 is signed with the recorded KCK");
    equal(m3.keyInfo, parseEapolKey(MSGS[2]!).keyInfo);
    equal(m3.replayCounter, 2n);
    equal(toHex(m3.nonce), rec.anonce);
    const kd = parseKeyData(unwrapKeyData(hex("kek"), m3.keyData));
    equal(toHex(kd.rsnElement!), rec.apRsnElement);
    deepStrictEqual(kd.gtk!.key, gtk, "its own GTK, wrapped with the recorded KEK");
    deepStrictEqual(installed, [], "no key before msg 4/4");

    auth.receiveEapol(SPA, MSGS[3]!);
    deepStrictEqual(installed, [`${rec.spa} ${rec.tk}`]);
    deepStrictEqual(authorized, [rec.spa]);
    ok(events.some((e) => e === `EAPOL-4WAY-HS-COMPLETED ${rec.spa}`), events.join("\n"));
    equal(auth.station(SPA)?.state, "done");
  } finally {
    auth.stop();
  }
});
