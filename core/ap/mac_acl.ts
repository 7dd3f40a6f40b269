/**
 * MAC address access control (`macaddr_acl`, `accept_mac_file`, `deny_mac_file`): the file
 * text parser and the accept/deny decision. The daemon reads the files; this module sees text.
 *
 * File format (hostapd.conf documentation): one MAC per line, `#` comments and blank lines
 * ignored, an optional VLAN ID after the MAC, and a `-` before the MAC removing an entry added
 * earlier, in this file or in an earlier file of the same list (hostapd reads every
 * `accept_mac_file` line of a BSS into one list).
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
 * Parses the text of an accept or deny file, adding to the entries of the files before it.
 *
 * @param text the file contents
 * @param name the file name, for messages
 * @param before the list the earlier files of the same key made (not changed)
 * @returns `before` with this file's entries added and its removals applied, in order
 * @throws {SyntaxError} naming the line when a MAC or VLAN ID is malformed
 * @example
 * ```ts
 * const first = parseMacAclFile("02:00:00:00:00:01\n02:00:00:00:00:02\n", "a");
 * parseMacAclFile("-02:00:00:00:00:01\n", "b", first).length; // 1
 * ```
 */
export function parseMacAclFile(
  text: string,
  name = "MAC list",
  before: readonly MacAclEntry[] = [],
): MacAclEntry[] {
  const entries = new Map(before.map((e) => [formatMac(e.mac), e] as const));
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

/** Which of a BSS's two lists: `accept_mac_file`'s or `deny_mac_file`'s. */
export type AclList = "accept" | "deny";

/**
 * The access policy of one BSS: `macaddr_acl` with its accept and deny lists, which the
 * control interface's ACCEPT_ACL and DENY_ACL change at run time (the daemon applies the changes
 * again after RELOAD, as hostapd keeps its lists; SIGHUP drops them).
 */
export class MacAcl {
  #mode: number;
  readonly #lists: Record<AclList, Map<string, MacAclEntry>>;

  /**
   * @param mode `macaddr_acl`: 0 accept unless denied, 1 deny unless accepted
   * @param accept the accept list
   * @param deny the deny list
   */
  constructor(mode: number, accept: MacAclEntry[] = [], deny: MacAclEntry[] = []) {
    this.#mode = mode;
    const map = (l: MacAclEntry[]) => new Map(l.map((e) => [formatMac(e.mac), e] as const));
    this.#lists = { accept: map(accept), deny: map(deny) };
  }

  /** `macaddr_acl`. */
  get mode(): number {
    return this.#mode;
  }

  /** `SET macaddr_acl`: later decisions follow the new policy. */
  set mode(mode: number) {
    this.#mode = mode;
  }

  /**
   * Decides on a station: with mode 1 only accepted MACs pass, otherwise all but denied ones.
   * Accepted stations get the VLAN ID of their accept entry (0 without one).
   */
  check(mac: Uint8Array): AclDecision {
    const key = formatMac(mac);
    const accepted = this.#lists.accept.get(key);
    const vlanId = accepted?.vlanId ?? 0;
    if (this.#mode === 1) return accepted ? { accepted: true, vlanId } : { accepted: false };
    if (this.#lists.deny.has(key)) return { accepted: false };
    return { accepted: true, vlanId };
  }

  /** A list's entries in MAC order, as hostapd keeps them sorted. */
  entries(list: AclList): MacAclEntry[] {
    return [...this.#lists[list].entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => ({ mac: e.mac.slice(), vlanId: e.vlanId }));
  }

  /** Adds a MAC; one already listed keeps its entry. Returns whether it was added. */
  add(list: AclList, mac: Uint8Array, vlanId = 0): boolean {
    const key = formatMac(mac);
    if (this.#lists[list].has(key)) return false;
    this.#lists[list].set(key, { mac: mac.slice(), vlanId });
    return true;
  }

  /** Removes a MAC; returns whether it was listed. */
  remove(list: AclList, mac: Uint8Array): boolean {
    return this.#lists[list].delete(formatMac(mac));
  }

  /** Empties a list. */
  clear(list: AclList): void {
    this.#lists[list].clear();
  }
}
