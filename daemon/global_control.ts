/**
 * hostapd's global control interface (`-g <path>`; OpenWrt's `/var/run/hostapd/global`): one
 * socket for the whole process that adds and removes interfaces (`ADD`, `REMOVE`, `FLUSH`),
 * lists them (`INTERFACES`), passes `IFNAME=<ifname> <command>` to a BSS's own commands, and
 * sends its monitors every BSS's events as `IFNAME=<ifname> <level>TEXT` (reference §2.1-2.2).
 *
 * @module
 */

import { basename, dirname } from "node:path";
import type { Logger } from "../core/log.ts";
import { type CtrlRequestHandler, CtrlServer } from "./ctrl_server.ts";
import type { InterfaceEntry } from "./daemon.ts";

/** What the global interface acts on (the Daemon). */
export interface GlobalControlTarget {
  /** `ADD <params>`: true once the interface runs (or waits for ENABLE). */
  addInterface(params: string): Promise<boolean>;
  /** `REMOVE <ifname>`: true when it was there and is gone. */
  removeInterface(ifname: string): Promise<boolean>;
  /** `INTERFACES`: the BSSes in order. */
  interfaceList(): InterfaceEntry[];
  /** `IFNAME=`: a BSS's reply (null: unknown command), undefined when no BSS has the name. */
  forward(ifname: string, command: string): string | Uint8Array | null | undefined;
  /** `IFNAME=<ifname> ATTACH|DETACH|LEVEL`: the client at `from` as a monitor of that BSS. */
  forwardMonitor(ifname: string, command: string, from: string): string;
  /** `RELOG`: reopens the log file; false when that failed. */
  relog(): boolean;
  /** `TERMINATE`: the process shuts down once the reply is out. */
  terminate(): void;
}

/** Commands a BSS's socket server answers itself (for the client that sent them). */
const MONITOR_COMMANDS = /^(?:ATTACH|DETACH|LEVEL)(?: |$)/;

/**
 * The global interface's commands. They are matched case-sensitively; anything else is `FAIL`
 * (not the BSS sockets' `UNKNOWN COMMAND`), as hostapd answers. ATTACH and DETACH are the
 * socket server's. FLUSH, which clears hostapd's test state only, has nothing to clear here.
 *
 * @param target the daemon
 * @returns the request handler for {@link CtrlServer}
 */
export function globalCommandHandler(target: GlobalControlTarget): CtrlRequestHandler {
  const ok = (done: boolean) => (done ? "OK\n" : "FAIL\n");
  return (command, from) => {
    if (command.startsWith("IFNAME=")) {
      const space = command.indexOf(" ");
      if (space < 0) return "FAIL\n";
      const ifname = command.slice("IFNAME=".length, space);
      const rest = command.slice(space + 1);
      const known = target.interfaceList().some((e) => e.ifname === ifname);
      if (!known) return "FAIL-NO-IFNAME-MATCH\n";
      if (MONITOR_COMMANDS.test(rest)) return target.forwardMonitor(ifname, rest, from);
      return target.forward(ifname, rest) ?? "UNKNOWN COMMAND\n";
    }
    if (command === "PING") return "PONG\n";
    if (command.startsWith("ADD ")) return target.addInterface(command.slice(4)).then(ok);
    if (command.startsWith("REMOVE ")) return target.removeInterface(command.slice(7)).then(ok);
    if (command === "FLUSH") return "OK\n";
    if (command === "RELOG") return ok(target.relog());
    if (command.startsWith("INTERFACES")) {
      const ctrl = command.slice("INTERFACES".length).includes("ctrl");
      return target.interfaceList().map((e) =>
        ctrl ? `${e.ifname} ctrl_iface=${e.ctrlInterface ?? ""}\n` : `${e.ifname}\n`
      ).join("");
    }
    if (command === "TERMINATE") {
      target.terminate();
      return "OK\n";
    }
    return "FAIL\n";
  };
}

/**
 * Opens the global socket at `path` (its directory made as the BSS sockets' are) and serves
 * `target` on it.
 *
 * @param path the `-g` argument
 * @param target the daemon
 * @param logger debug log
 * @returns the server; its `emit` takes the `IFNAME=<ifname> ` prefix
 * @throws {CtrlServerError} when the socket cannot be set up
 */
export function openGlobalControl(
  path: string,
  target: GlobalControlTarget,
  logger: Logger,
): CtrlServer {
  return CtrlServer.open({
    dir: dirname(path),
    ifname: basename(path),
    handler: globalCommandHandler(target),
    logger,
    level: false,
  });
}
