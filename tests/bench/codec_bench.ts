/**
 * Per-frame codec costs of a radio station's 4-way handshake, in microseconds per operation,
 * under the V8 flags the daemon ships with (cli/v8_flags.ts; the script runs itself again with
 * them). These are the JavaScript steps between a frame arriving and the next one leaving:
 * decoding the nl80211 event, parsing the EAPOL-Key frame, the PTK and its MIC, building msg
 * 3/4, and encoding the nl80211 commands that carry a frame or a key (libcrypto does the
 * crypto). In the qemu guest of the radio benchmark each microsecond here costs about 50.
 * There is no hostapd column: these steps are C inside hostapd, so the side-by-side numbers are
 * radio_bench.ts's.
 *
 * Usage: `deno run -A tests/bench/codec_bench.ts [--n 20000] [--rounds 5]`
 *
 * @module
 */

import { parseArgs } from "node:util";
import { DAEMON_V8_FLAGS } from "../../cli/v8_flags.ts";
import { installCryptoBackend } from "../../core/crypto/backend.ts";
import { loadLibcryptoBackend } from "../../ffi/libcrypto.ts";
import { derivePtk } from "../../core/wpa/prf.ts";
import {
  buildEapolKey,
  KeyInfo,
  parseEapolKey,
  signEapolKey,
  verifyEapolMic,
} from "../../core/wpa/eapol_key.ts";
import { buildGtkKde, wrapKeyData } from "../../core/wpa/key_data.ts";
import { concat } from "../../core/bytes.ts";
import { putControlPortFrame, putNewKey, putStation } from "../../core/netlink/nl80211_params.ts";
import {
  finishGenlMessage,
  genlMessageWriter,
  parseGenlMessage,
  splitNlMessages,
} from "../../core/netlink/message.ts";
import { decodeEvent } from "../../core/netlink/nl80211_decode.ts";
import { Nl80211Attr as A, Nl80211Cmd as C } from "../../core/netlink/nl80211_const.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    n: { type: "string", default: "20000" },
    rounds: { type: "string", default: "5" },
    child: { type: "boolean", default: false },
  },
});

if (!values.child) {
  // Measure what ships: the interpreter alone (--jitless), not the JIT this script starts with.
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--v8-flags=${DAEMON_V8_FLAGS.join(",")}`,
      new URL(import.meta.url).pathname,
      "--child",
      "--n",
      values.n,
      "--rounds",
      values.rounds,
    ],
    stdout: "inherit",
    stderr: "inherit",
  });
  Deno.exit((await child.output()).code);
}

const backend = loadLibcryptoBackend();
if (!backend) throw new Error("codec_bench needs libcrypto (as the daemon uses it)");
installCryptoBackend(backend);

const n = Number(values.n);
const rounds = Number(values.rounds);
const FAMILY = 0x1c;
const IFINDEX = 5;
const aa = Uint8Array.of(2, 0, 0, 0, 0, 0);
const spa = Uint8Array.of(2, 0, 0, 0, 1, 0);
const pmk = crypto.getRandomValues(new Uint8Array(32));
const anonce = crypto.getRandomValues(new Uint8Array(32));
const snonce = crypto.getRandomValues(new Uint8Array(32));
const gtk = crypto.getRandomValues(new Uint8Array(16));
const rsn = Uint8Array.of(
  0x30,
  20,
  1,
  0,
  0,
  0x0f,
  0xac,
  4,
  1,
  0,
  0,
  0x0f,
  0xac,
  4,
  1,
  0,
  0,
  0x0f,
  0xac,
  2,
  0,
  0,
);
const ptk = derivePtk({ pmk, aa, spa, anonce, snonce, sha256: false });
const msg2 = signEapolKey(
  ptk.kck,
  buildEapolKey({
    keyInfo: 2 | KeyInfo.PAIRWISE | KeyInfo.MIC,
    replayCounter: 1n,
    nonce: snonce,
    keyData: rsn,
  }),
);
// The kernel's event for msg 2/4 as it arrives over the control port.
const eventWriter = genlMessageWriter()
  .u32(A.IFINDEX, IFINDEX)
  .data(A.FRAME, msg2)
  .data(A.MAC, spa)
  .u16(A.CONTROL_PORT_ETHERTYPE, 0x888e);
const event = finishGenlMessage(
  eventWriter,
  { type: FAMILY, flags: 0, seq: 0, portId: 0 },
  C.CONTROL_PORT_FRAME,
);
const header = () => ({ type: FAMILY, flags: 1, seq: 0xc0000001, portId: 0 });

const cases: Array<[string, () => unknown]> = [
  ["nl80211 event: split, parse, decode", () => {
    for (const m of splitNlMessages(event)) decodeEvent(parseGenlMessage(m));
  }],
  ["EAPOL-Key: parse msg 2/4", () => parseEapolKey(msg2)],
  ["PTK: derive (PRF-384)", () => derivePtk({ pmk, aa, spa, anonce, snonce, sha256: false })],
  ["MIC: verify msg 2/4", () => verifyEapolMic(ptk.kck, msg2)],
  ["msg 3/4: GTK KDE, wrap, build, sign", () => {
    const kde = buildGtkKde({ keyIndex: 1, tx: false, key: gtk });
    const keyData = wrapKeyData(ptk.kek, concat(rsn, kde));
    const f = buildEapolKey({
      keyInfo: 2 | KeyInfo.PAIRWISE | KeyInfo.INSTALL | KeyInfo.ACK | KeyInfo.MIC |
        KeyInfo.SECURE | KeyInfo.ENCRYPTED_KEY_DATA,
      keyLength: 16,
      replayCounter: 2n,
      nonce: anonce,
      rsc: new Uint8Array(8),
      keyData,
    });
    return signEapolKey(ptk.kck, f);
  }],
  ["CONTROL_PORT_FRAME: encode", () => {
    const w = genlMessageWriter();
    putControlPortFrame(w, IFINDEX, spa, msg2, { noAck: true });
    return finishGenlMessage(w, header(), C.CONTROL_PORT_FRAME);
  }],
  ["NEW_KEY (pairwise): encode", () => {
    const w = genlMessageWriter();
    putNewKey(w, { ifindex: IFINDEX, index: 0, cipher: 0x000fac04, key: ptk.tk, mac: spa });
    return finishGenlMessage(w, header(), C.NEW_KEY);
  }],
  ["SET_STATION (authorized): encode", () => {
    const w = genlMessageWriter();
    putStation(w, { ifindex: IFINDEX, mac: spa, flags: { AUTHORIZED: true } });
    return finishGenlMessage(w, header(), C.SET_STATION);
  }],
];

/** Median over the rounds of the mean time per call, in microseconds. */
function measure(fn: () => unknown): number {
  for (let i = 0; i < Math.min(n, 1000); i++) fn();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    perCall.push((performance.now() - t0) * 1000 / n);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)]!;
}

console.log(`V8 flags: ${DAEMON_V8_FLAGS.join(",")}; ${rounds} rounds x ${n} calls; us per call`);
console.log("| step | us (median of rounds) |");
console.log("| --- | --- |");
for (const [name, fn] of cases) console.log(`| ${name} | ${measure(fn).toFixed(2)} |`);
