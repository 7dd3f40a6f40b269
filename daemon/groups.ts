/**
 * Group name lookup for `ctrl_interface_group` (reads /etc/group; numbers need no lookup).
 *
 * @module
 */

/** The gid of group `name`, or undefined when /etc/group has no such group. */
export function lookupGroup(name: string): number | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync("/etc/group");
  } catch {
    return undefined;
  }
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f[0] === name && f[2] !== undefined && /^\d+$/.test(f[2])) return Number(f[2]);
  }
  return undefined;
}
