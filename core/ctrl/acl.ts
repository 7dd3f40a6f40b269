/**
 * ACCEPT_ACL and DENY_ACL: show or change a BSS's accept and deny lists at run time, with
 * hostapd 2.10's parsing (compared with Debian's hostapd by tests/integration/ctrl_parity_test.ts):
 * `SHOW` and `CLEAR` match exactly, `ADD_MAC <addr>[ VLAN_ID=<n>]` and `DEL_MAC <addr>` by
 * prefix; a malformed address FAILs; any other sub-command is answered OK and does nothing.
 * Adding a MAC that is listed changes nothing; deleting one that is not is OK.
 *
 * @module
 */

import { atoi, formatHwaddr, parseHwaddr } from "./command.ts";

/** One list of a BSS, as the command sees it. */
export interface AclListControl {
  /** The entries in hostapd's order (by MAC). */
  entries(): readonly { mac: Uint8Array; vlanId: number }[];
  /** Adds a MAC unless it is listed. */
  add(mac: Uint8Array, vlanId: number): void;
  /** Removes a MAC if it is listed. */
  remove(mac: Uint8Array): void;
  /** Empties the list. */
  clear(): void;
  /** The list changed: stations it now turns away leave (hostapd disconnects them). */
  changed(): void;
}

/**
 * The reply to `ACCEPT_ACL <sub>` or `DENY_ACL <sub>`, applying the change.
 *
 * @param sub the text after `ACCEPT_ACL ` or `DENY_ACL `
 * @param list the list it works on
 * @returns `OK\n`, `FAIL\n`, or the SHOW lines (`<mac> VLAN_ID=<n>`, empty for no entry)
 * @example
 * ```ts
 * import { aclReply } from "./acl.ts";
 * const l: { mac: Uint8Array; vlanId: number }[] = [];
 * const list = {
 *   entries: () => l, add: (mac: Uint8Array, vlanId: number) => void l.push({ mac, vlanId }),
 *   remove: () => {}, clear: () => void (l.length = 0), changed: () => {},
 * };
 * aclReply("ADD_MAC 02:00:00:00:02:00 VLAN_ID=5", list); // "OK\n"
 * aclReply("SHOW", list); // "02:00:00:00:02:00 VLAN_ID=5\n"
 * ```
 */
export function aclReply(sub: string, list: AclListControl): string {
  if (sub === "SHOW") {
    return list.entries().map((e) => `${formatHwaddr(e.mac)} VLAN_ID=${e.vlanId}\n`).join("");
  }
  if (sub === "CLEAR") {
    list.clear();
    list.changed();
    return "OK\n";
  }
  if (sub.startsWith("ADD_MAC ") || sub.startsWith("DEL_MAC ")) {
    const arg = sub.slice(8);
    const mac = parseHwaddr(arg);
    if (!mac) return "FAIL\n";
    if (sub.startsWith("ADD_MAC ")) {
      const v = arg.indexOf(" VLAN_ID=");
      list.add(mac, v < 0 ? 0 : atoi(arg.slice(v + 9)));
    } else {
      list.remove(mac);
    }
    list.changed();
    return "OK\n";
  }
  return "OK\n";
}
