/**
 * STA, STA-FIRST and STA-NEXT: the station table as hostapd prints it. An empty table answers
 * STA-FIRST with an empty reply (hostapd's behaviour; hostapd_cli's all_sta loop stops on it).
 *
 * @module
 */

import { formatMac, parseMac } from "../core/bytes.ts";
import type { Bss } from "./bss.ts";
import type { Daemon } from "./daemon.ts";

const FAIL = "FAIL\n";

/** Formats one station block (first line the MAC, then key=value lines). */
export function formatStaBlock(bss: Bss, mac: Uint8Array): string {
  const text = formatMac(mac);
  const lines = [text, "flags=[AUTH][ASSOC]", "aid=0", "capability=0x0", "listen_interval=0"];
  lines.push("supported_rates=", "timeout_next=NULLFUNC POLL");
  const wps = bss.wps?.enrollee(text);
  if (wps) {
    lines.push(
      `wpsUuid=${wps.uuid}`,
      `wpsPrimaryDeviceType=${wps.primaryDeviceType}`,
      `wpsDeviceName=${wps.deviceName}`,
      `wpsManufacturer=${wps.manufacturer}`,
      `wpsModelName=${wps.modelName}`,
      `wpsModelNumber=${wps.modelNumber}`,
      `wpsSerialNumber=${wps.serialNumber}`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Answers a station command, or returns undefined when `cmd` is not one.
 */
export function staCommand(cmd: string, bss: Bss, daemon: Daemon): string | undefined {
  const table = () => daemon.stationsOf(bss);
  if (cmd === "STA-FIRST") {
    const first = table()[0];
    return first ? formatStaBlock(bss, first) : "";
  }
  if (cmd.startsWith("STA-NEXT ")) {
    const mac = parseMac(cmd.slice(9));
    if (!mac) return FAIL;
    const list = table();
    const i = list.findIndex((m) => formatMac(m) === formatMac(mac));
    if (i < 0) return FAIL;
    const next = list[i + 1];
    return next ? formatStaBlock(bss, next) : "";
  }
  if (cmd.startsWith("STA ")) {
    const mac = parseMac(cmd.slice(4));
    if (!mac) return FAIL;
    const found = table().find((m) => formatMac(m) === formatMac(mac));
    return found ? formatStaBlock(bss, found) : FAIL;
  }
  return undefined;
}
