/**
 * Opens a BSS's control socket (daemon/ctrl_server.ts) as the daemon's ControlEndpoint, with a
 * handler that can be swapped when a reload replaces the BSS.
 *
 * @module
 */

import type { Logger } from "../core/log.ts";
import { CtrlServer } from "./ctrl_server.ts";
import type { CommandHandler, ControlEndpoint } from "./daemon.ts";

/** Opens `<dir>/<ifname>`. */
export function openControlSocket(
  dir: string,
  ifname: string,
  group: number | undefined,
  handler: CommandHandler,
  logger: Logger,
): Promise<ControlEndpoint> {
  let current = handler;
  const server = CtrlServer.open({ dir, ifname, group, handler: (c) => current(c), logger });
  return Promise.resolve({
    emit: (level, text, probeRx) => server.emit(level, text, probeRx),
    setHandler: (h) => current = h,
    close: () => {
      server.close();
      // hostapd removes the directory once its last socket is gone (rmdir: an emptied one only).
      try {
        Deno.removeSync(dir);
      } catch {
        // other sockets still in it, or already gone
      }
    },
    hold: () => server.hold(),
    release: () => server.release(),
    monitorCommand: (command, from) => server.monitorCommand(command, from),
  });
}
