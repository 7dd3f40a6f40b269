/**
 * Group keys of one BSS: a GMK from the CSPRNG and GTKs derived from it per IEEE 802.11-2020
 * 12.7.1.5 (PRF-128(GMK, "Group key expansion", AA || GNonce)), alternating between key
 * indices 1 and 2 as the group key state machine's GN/GM do.
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
}

/** The GMK and current GTK of one BSS. */
export class GroupKeys {
  readonly #aa: Uint8Array;
  readonly #gmk: Uint8Array;
  readonly #gtkLen: number;
  #current: GroupKey;

  /**
   * Draws a fresh GMK and derives the first GTK at key index 1.
   *
   * @param aa the authenticator address (BSSID)
   * @param gtkLen the group cipher's key length (32 for GCMP-256 and CCMP-256)
   */
  constructor(aa: Uint8Array, gtkLen = GTK_LEN) {
    assertBytes(aa, 6, "AA");
    this.#aa = aa.slice();
    this.#gtkLen = gtkLen;
    this.#gmk = randomBytes(32);
    this.#current = { keyIndex: 1, gtk: this.#derive() };
  }

  /** The GTK in use (GN) and its index. */
  get current(): GroupKey {
    return this.#current;
  }

  /** Replaces the GTK by a new one at the other index (1 ↔ 2) and returns it. */
  rekey(): GroupKey {
    const old = this.#current;
    this.#current = { keyIndex: old.keyIndex === 1 ? 2 : 1, gtk: this.#derive() };
    wipe(old.gtk);
    return this.#current;
  }

  /** Zeroes the GMK and GTK (best effort). */
  wipe(): void {
    wipe(this.#gmk, this.#current.gtk);
  }

  #derive(): Uint8Array {
    // A random GNonce per GTK keeps GTKs unrelated even if the GMK were reused.
    const gnonce = randomBytes(32);
    return prfSha1(this.#gmk, "Group key expansion", concat(this.#aa, gnonce), this.#gtkLen);
  }
}
