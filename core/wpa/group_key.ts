/**
 * Group keys of one BSS: a GMK from the CSPRNG and GTKs derived from it per IEEE 802.11-2020
 * 12.7.1.5 (PRF-128(GMK, "Group key expansion", AA || GNonce)), alternating between key
 * indices 1 and 2 as the group key state machine's GN/GM do. With management frame protection
 * an IGTK goes with each GTK: drawn from the CSPRNG (12.7.1.6), at key index 4 or 5.
 *
 * @module
 */

import { assertBytes, concat, randomBytes, wipe } from "../bytes.ts";
import { prfSha1 } from "./prf.ts";

/** GTK length for CCMP-128 and GCMP-128 (the default). */
export const GTK_LEN = 16;

/** One group temporal key and its key index. */
export interface GroupKey {
  /** Key ID 1 or 2. */
  keyIndex: number;
  /** The GTK. */
  gtk: Uint8Array;
  /** The IGTK of the same generation, when the BSS protects management frames. */
  igtk?: IntegrityGroupKey;
}

/** One integrity group temporal key (BIP) and its key index. */
export interface IntegrityGroupKey {
  /** Key ID 4 or 5. */
  keyIndex: number;
  /** The IGTK. */
  key: Uint8Array;
}

/** The GMK and current GTK of one BSS. */
export class GroupKeys {
  readonly #aa: Uint8Array;
  readonly #gmk: Uint8Array;
  readonly #gtkLen: number;
  readonly #igtkLen: number | undefined;
  #current: GroupKey;

  /**
   * Draws a fresh GMK and derives the first GTK at key index 1.
   *
   * @param aa the authenticator address (BSSID)
   * @param gtkLen the group cipher's key length (32 for GCMP-256 and CCMP-256)
   * @param igtkLen the group management cipher's key length; without it no IGTK
   */
  constructor(aa: Uint8Array, gtkLen = GTK_LEN, igtkLen?: number) {
    assertBytes(aa, 6, "AA");
    this.#aa = aa.slice();
    this.#gtkLen = gtkLen;
    this.#igtkLen = igtkLen;
    this.#gmk = randomBytes(32);
    this.#current = this.#generation(1, 4);
  }

  /** The GTK in use (GN) and its index. */
  get current(): GroupKey {
    return this.#current;
  }

  /**
   * Replaces the GTK by a new one at the other index (1 ↔ 2), and the IGTK likewise (4 ↔ 5),
   * and returns them.
   */
  rekey(): GroupKey {
    const old = this.#current;
    this.#current = this.#generation(
      old.keyIndex === 1 ? 2 : 1,
      old.igtk?.keyIndex === 4 ? 5 : 4,
    );
    wipe(old.gtk);
    if (old.igtk) wipe(old.igtk.key);
    return this.#current;
  }

  /** Zeroes the GMK, GTK and IGTK (best effort). */
  wipe(): void {
    wipe(this.#gmk, this.#current.gtk);
    if (this.#current.igtk) wipe(this.#current.igtk.key);
  }

  #generation(keyIndex: number, igtkIndex: number): GroupKey {
    const gk: GroupKey = { keyIndex, gtk: this.#derive() };
    if (this.#igtkLen !== undefined) {
      gk.igtk = { keyIndex: igtkIndex, key: randomBytes(this.#igtkLen) };
    }
    return gk;
  }

  #derive(): Uint8Array {
    // A random GNonce per GTK keeps GTKs unrelated even if the GMK were reused.
    const gnonce = randomBytes(32);
    return prfSha1(this.#gmk, "Group key expansion", concat(this.#aa, gnonce), this.#gtkLen);
  }
}
