/**
 * MAC address access control (`macaddr_acl`, `accept_mac_file`, `deny_mac_file`): the file
 * text parser and the accept/deny decision. The daemon reads the files; this module sees text.
 *
 * File format (hostapd.conf documentation): one MAC per line, `#` comments and blank lines
 * ignored, an optional VLAN ID after the MAC, and a `-` before the MAC removing an entry added
 * earlier in the same file.
 *
 * @module
 */

import { formatMac, parseMac } from "../bytes.ts";

/** One accept/deny entry. */
export interface MacAclEntry {
  /** The address. */
  mac: Uint8Array;
  /** VLAN ID, 0 for none. */
  vlanId: number;
}

/**
 * Parses the text of an accept or deny file.
 *
 * @param text the file contents
 * @param name the file name, for messages
 * @returns the entries in file order after removals
 * @throws {SyntaxError} naming the line when a MAC or VLAN ID is malformed
 */
export function parseMacAclFile(text: string, name = "MAC list"): MacAclEntry[] {
  const entries = new Map<string, MacAclEntry>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") return;
    const remove = line.startsWith("-");
    const fields = (remove ? line.slice(1).trim() : line).split(/\s+/);
    const mac = parseMac(fields[0] ?? "");
    if (!mac) throw new SyntaxError(`Cannot parse ${name} line ${i + 1}: invalid MAC address`);
    const key = formatMac(mac);
    if (remove) {
      entries.delete(key);
      return;
    }
    let vlanId = 0;
    if (fields[1] !== undefined) {
      if (!/^\d+$/.test(fields[1]) || Number(fields[1]) > 4094) {
        throw new SyntaxError(`Cannot parse ${name} line ${i + 1}: invalid VLAN ID`);
      }
      vlanId = Number(fields[1]);
    }
    entries.set(key, { mac, vlanId });
  });
  return [...entries.values()];
}

/** The outcome of an ACL check. */
export type AclDecision = { accepted: true; vlanId: number } | { accepted: false };

/** The access policy of one BSS. */
export class MacAcl {
  readonly #mode: number;
  readonly #accept: Map<string, MacAclEntry>;
  readonly #deny: Set<string>;

  /**
   * @param mode `macaddr_acl`: 0 accept unless denied, 1 deny unless accepted, 2 (RADIUS,
   *   which tsapd does not have) behaves like 0 after the two lists
   * @param accept the accept list
   * @param deny the deny list
   */
  constructor(mode: number, accept: MacAclEntry[] = [], deny: MacAclEntry[] = []) {
    this.#mode = mode;
    this.#accept = new Map(accept.map((e) => [formatMac(e.mac), e]));
    this.#deny = new Set(deny.map((e) => formatMac(e.mac)));
  }

  /**
   * Decides whether a station may authenticate.
   *
   * @param mac the station address
   * @returns accepted with the VLAN ID of its accept entry, or rejected
   */
  check(mac: Uint8Array): AclDecision {
    const key = formatMac(mac);
    const vlanId = this.#accept.get(key)?.vlanId ?? 0;
    if (this.#mode === 1) {
      return this.#accept.has(key) ? { accepted: true, vlanId } : { accepted: false };
    }
    if (this.#deny.has(key)) return { accepted: false };
    return { accepted: true, vlanId };
  }
}
