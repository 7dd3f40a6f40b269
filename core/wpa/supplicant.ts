/**
 * The station side of the WPA2-PSK 4-way and group key handshakes, enough to drive the
 * authenticator in memory: the daemon's power-on self-test runs one against it, and the tests
 * use it as a peer. It checks what a real supplicant checks (Ack/MIC bits, replay counter
 * increase, ANonce stability, MIC, key data integrity, the AP's RSN element in msg 3/4).
 *
 * @module
 */

import { randomBytes, timingSafeEqual } from "../bytes.ts";
import {
  buildEapolKey,
  KeyInfo,
  parseEapolKey,
  signEapolKey,
  verifyEapolMic,
} from "./eapol_key.ts";
import { type IgtkKde, parseKeyData, unwrapKeyData } from "./key_data.ts";
import { derivePtk, type Ptk } from "./prf.ts";

/** What the supplicant noticed about a frame it did not answer. */
export type SupplicantComplaint = "replay" | "mic" | "anonce" | "rsne" | "bits";

/** The station side of WPA2-PSK. */
export class PskSupplicant {
  /** Station address (SPA). */
  readonly mac: Uint8Array;
  /** Authenticator address (the BSSID). */
  readonly aa: Uint8Array;
  /** The PMK (the PSK). */
  psk: Uint8Array;
  /** The station's RSN element, sent in msg 2/4. */
  readonly rsnElement: Uint8Array;
  /** The AP's RSN element, expected in msg 3/4. */
  readonly apRsnElement: Uint8Array;
  /** PSK-SHA256 AKM (key descriptor version 3) rather than PSK. */
  readonly sha256: boolean;
  /** Highest replay counter accepted so far. */
  replay = -1n;
  /** The SNonce of the current handshake. */
  snonce: Uint8Array = new Uint8Array(32);
  /** The ANonce of msg 1/4. */
  anonce: Uint8Array | undefined;
  /** PTK derived for msg 2/4, before msg 3/4 confirmed it. */
  tptk: Ptk | undefined;
  /** PTK in use after msg 3/4. */
  ptk: Ptk | undefined;
  /** The GTK received in msg 3/4 or group msg 1/2. */
  gtk: Uint8Array | undefined;
  /** Its key index. */
  gtkIndex: number | undefined;
  /** The IGTK KDE of the last msg 3/4 or group msg 1/2, when the AP sent one. */
  igtk: IgtkKde | undefined;
  /** Why each unanswered frame was dropped. */
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
      // Msg 1/4's Key Length is the pairwise cipher's TK length (16, or 32 for 256-bit ones).
      tkLen: key.keyLength === 32 ? 32 : 16,
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
    this.igtk = data.igtk;
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
    this.igtk = data.igtk;
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
