/** What /proc shows of a process's sockets, for tests that check what a daemon listens on. */

/**
 * Whether process `pid` has a TCP socket listening on `port` (IPv4, as its network namespace sees
 * it: /proc/<pid>/net/tcp, state 0A).
 */
export function listensOnTcp(pid: number | string, port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return Deno.readTextFileSync(`/proc/${pid}/net/tcp`).split("\n").slice(1).some((l) => {
    // Columns: sl local_address rem_address st ...
    const [, local, , st] = l.trim().split(/\s+/);
    return local?.endsWith(hex) === true && st === "0A";
  });
}
