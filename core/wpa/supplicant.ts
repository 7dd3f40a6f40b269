/**
 * A test-only WPA2-PSK supplicant: the station side of the 4-way and group key handshakes,
 * enough to drive core/wpa's authenticator in memory. It checks what a real supplicant checks
 * (Ack/MIC bits, replay counter increase, ANonce stability, MIC, key data integrity, the AP's
 * RSN element in msg 3/4).
 *
 * @module
 */

import { randomBytes, timingSafeEqual } from "../../../core/bytes.ts";
import {
  buildEapolKey,
  KeyInfo,
  parseEapolKey,
  signEapolKey,
  verifyEapolMic,
} from "../../../core/wpa/eapol_key.ts";
import { parseKeyData, unwrapKeyData } from "../../../core/wpa/key_data.ts";
import { derivePtk, type Ptk } from "../../../core/wpa/prf.ts";

/** What the supplicant noticed about a frame it did not answer. */
export type SupplicantComplaint = "replay" | "mic" | "anonce" | "rsne" | "bits";

/** The station side of WPA2-PSK. */
export class TestSupplicant {
  readonly mac: Uint8Array;
  readonly aa: Uint8Array;
  psk: Uint8Array;
  readonly rsnElement: Uint8Array;
  readonly apRsnElement: Uint8Array;
  readonly sha256: boolean;
  /** Highest replay counter accepted so far. */
  replay = -1n;
  snonce: Uint8Array = new Uint8Array(32);
  anonce: Uint8Array | undefined;
  tptk: Ptk | undefined;
  ptk: Ptk | undefined;
  gtk: Uint8Array | undefined;
  gtkIndex: number | undefined;
  complaints: SupplicantComplaint[] = [];
  /** Rewrites the RSN element sent in msg 2/4 (to test the mismatch check). */
  msg2Rsn: Uint8Array | undefined;

  constructor(opts: {
    mac: Uint8Array;
    aa: Uint8Array;
    psk: Uint8Array;
    rsnElement: Uint8Array;
    apRsnElement: Uint8Array;
    sha256?: boolean;
  }) {
    this.mac = opts.mac;
    this.aa = opts.aa;
    this.psk = opts.psk;
    this.rsnElement = opts.rsnElement;
    this.apRsnElement = opts.apRsnElement;
    this.sha256 = opts.sha256 ?? false;
  }

  /** Handles one frame from the AP; returns the reply, or undefined when it drops it. */
  receive(frame: Uint8Array): Uint8Array | undefined {
    const key = parseEapolKey(frame);
    const info = key.keyInfo;
    const version = info & KeyInfo.VERSION_MASK;
    if (!(info & KeyInfo.ACK) || version !== (this.sha256 ? 3 : 2)) return this.#drop("bits");
    if (key.replayCounter <= this.replay) return this.#drop("replay");
    if (info & KeyInfo.PAIRWISE) {
      return info & KeyInfo.MIC ? this.#msg3(frame, key) : this.#msg1(key);
    }
    return this.#group1(frame, key);
  }

  #drop(why: SupplicantComplaint): undefined {
    this.complaints.push(why);
    return undefined;
  }

  #msg1(key: ReturnType<typeof parseEapolKey>): Uint8Array {
    this.replay = key.replayCounter;
    if (!this.anonce || !timingSafeEqual(this.anonce, key.nonce)) {
      this.anonce = key.nonce;
      this.snonce = randomBytes(32);
    }
    this.tptk = derivePtk({
      pmk: this.psk,
      aa: this.aa,
      spa: this.mac,
      anonce: key.nonce,
      snonce: this.snonce,
      sha256: this.sha256,
    });
    const frame = buildEapolKey({
      keyInfo: (key.keyInfo & KeyInfo.VERSION_MASK) | KeyInfo.PAIRWISE | KeyInfo.MIC,
      replayCounter: key.replayCounter,
      nonce: this.snonce,
      keyData: this.msg2Rsn ?? this.rsnElement,
    });
    return signEapolKey(this.tptk.kck, frame);
  }

  #msg3(frame: Uint8Array, key: ReturnType<typeof parseEapolKey>): Uint8Array | undefined {
    const tptk = this.tptk;
    if (!tptk) return this.#drop("bits");
    if (!this.anonce || !timingSafeEqual(this.anonce, key.nonce)) return this.#drop("anonce");
    if (!verifyEapolMic(tptk.kck, frame)) return this.#drop("mic");
    const need = KeyInfo.INSTALL | KeyInfo.SECURE | KeyInfo.ENCRYPTED_KEY_DATA;
    if ((key.keyInfo & need) !== need) return this.#drop("bits");
    const data = parseKeyData(unwrapKeyData(tptk.kek, key.keyData));
    const rsn = data.rsnElement;
    if (
      !rsn || rsn.length !== this.apRsnElement.length || !timingSafeEqual(rsn, this.apRsnElement)
    ) {
      return this.#drop("rsne");
    }
    if (!data.gtk) return this.#drop("bits");
    this.replay = key.replayCounter;
    this.gtk = data.gtk.key;
    this.gtkIndex = data.gtk.keyIndex;
    this.ptk = tptk;
    const reply = buildEapolKey({
      keyInfo: (key.keyInfo & KeyInfo.VERSION_MASK) | KeyInfo.PAIRWISE | KeyInfo.MIC |
        KeyInfo.SECURE,
      replayCounter: key.replayCounter,
    });
    return signEapolKey(tptk.kck, reply);
  }

  #group1(frame: Uint8Array, key: ReturnType<typeof parseEapolKey>): Uint8Array | undefined {
    const ptk = this.ptk;
    if (!ptk) return this.#drop("bits");
    if (!verifyEapolMic(ptk.kck, frame)) return this.#drop("mic");
    const data = parseKeyData(unwrapKeyData(ptk.kek, key.keyData));
    if (!data.gtk) return this.#drop("bits");
    this.replay = key.replayCounter;
    this.gtk = data.gtk.key;
    this.gtkIndex = data.gtk.keyIndex;
    const reply = buildEapolKey({
      keyInfo: (key.keyInfo & KeyInfo.VERSION_MASK) | KeyInfo.MIC | KeyInfo.SECURE,
      replayCounter: key.replayCounter,
    });
    return signEapolKey(ptk.kck, reply);
  }

  /** Builds an EAPOL-Key request (pairwise or group rekey) protected by the current PTK. */
  request(pairwise: boolean, replayCounter: bigint): Uint8Array {
    const ptk = this.ptk!;
    const frame = buildEapolKey({
      keyInfo: (this.sha256 ? 3 : 2) | KeyInfo.REQUEST | KeyInfo.MIC | KeyInfo.SECURE |
        (pairwise ? KeyInfo.PAIRWISE : 0),
      replayCounter,
    });
    return signEapolKey(ptk.kck, frame);
  }
}
