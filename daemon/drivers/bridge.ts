/**
 * `bridge=`: puts a BSS's interface into a Linux bridge, as hostapd's nl80211 driver does, so
 * that stations reach the LAN. A missing bridge is created (and brought up); an interface in
 * another bridge is moved. What this did is undone when the BSS stops: the interface leaves the
 * bridge it was added to, and a bridge made here is removed when the daemon exits (a reload or
 * DISABLE keeps it, with the addresses the user gave it).
 *
 * @module
 */

import { type Logger, LogLevel } from "../../core/log.ts";

/** Runs `ip link ...`; throws with ip's message on failure. */
async function ipLink(...args: string[]): Promise<void> {
  const out = await new Deno.Command("ip", {
    args: ["link", ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`ip link ${args.join(" ")}: ${err}`);
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The bridge an interface is a port of, if any. */
function masterOf(ifname: string): string | undefined {
  try {
    return Deno.readLinkSync(`/sys/class/net/${ifname}/master`).split("/").pop();
  } catch {
    return undefined;
  }
}

/** An interface's place in a bridge, to be given back with {@link BridgePort.leave}. */
export interface BridgePort {
  /** Undoes what {@link joinBridge} did; `exiting` also removes a bridge it created. */
  leave(exiting: boolean): Promise<void>;
}

/** Bridges this process created, removed at exit. */
const created = new Set<string>();

/**
 * Makes `ifname` a port of `bridge` (creating the bridge when there is none).
 *
 * @throws {Error} when `bridge` names an interface that is not a bridge, or ip fails
 */
export async function joinBridge(
  ifname: string,
  bridge: string,
  logger: Logger,
): Promise<BridgePort> {
  if (!exists(`/sys/class/net/${bridge}`)) {
    logger.log(LogLevel.INFO, `nl80211: creating bridge ${bridge}`);
    await ipLink("add", "name", bridge, "type", "bridge");
    await ipLink("set", "dev", bridge, "up");
    created.add(bridge);
  } else if (!exists(`/sys/class/net/${bridge}/bridge`)) {
    throw new Error(`Cannot add ${ifname} to ${bridge}: it is not a bridge`);
  }
  const master = masterOf(ifname);
  let added = false;
  if (master !== bridge) {
    if (master !== undefined) {
      logger.log(LogLevel.INFO, `nl80211: removing ${ifname} from bridge ${master}`);
      await ipLink("set", "dev", ifname, "nomaster");
    }
    await ipLink("set", "dev", ifname, "master", bridge);
    logger.log(LogLevel.DEBUG, `nl80211: added ${ifname} to bridge ${bridge}`);
    added = true;
  }
  return {
    async leave(exiting) {
      if (added && masterOf(ifname) === bridge) {
        await ipLink("set", "dev", ifname, "nomaster").catch(() => {});
      }
      if (exiting && created.delete(bridge)) {
        logger.log(LogLevel.DEBUG, `nl80211: removing bridge ${bridge}`);
        await ipLink("del", "dev", bridge).catch(() => {});
      }
    },
  };
}
