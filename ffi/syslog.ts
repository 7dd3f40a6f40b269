/**
 * `-s`: log lines to the local syslog daemon over /dev/log (RFC 3164 framing), without blocking.
 *
 * @module
 */

import { LogLevel } from "../core/log.ts";
import {
  AF_UNIX,
  libc,
  MSG_DONTWAIT,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCKADDR_UN_SIZE,
  sockaddrUn,
} from "./libc.ts";

/** A connection to syslog. */
export interface SyslogSink {
  /**
   * Sends one line at facility daemon with `severity` (RFC 5424: 3 err, 4 warning, 5 notice,
   * 7 debug); dropped when syslog is not running.
   */
  send(line: string, severity: number): void;
}

/**
 * The syslog severity of a log level, as hostapd maps them: errors err, warnings warning,
 * INFO (events such as AP-STA-CONNECTED) notice, the debug levels debug.
 */
export function syslogSeverity(level: number): number {
  return level >= LogLevel.ERROR
    ? 3
    : level >= LogLevel.WARNING
    ? 4
    : level >= LogLevel.INFO
    ? 5
    : 7;
}

/** Opens /dev/log; lines are silently dropped when nothing listens there. */
export function openSyslog(tag: string, path = "/dev/log"): SyslogSink {
  const c = libc();
  const fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const addr = sockaddrUn(path);
  const enc = new TextEncoder();
  return {
    send(line, severity) {
      if (fd < 0) return;
      // Facility daemon (3): <24 + severity>.
      const msg = enc.encode(`<${24 + severity}>${tag}[${Deno.pid}]: ${line}`);
      c.sendto(fd, msg, BigInt(msg.length), MSG_DONTWAIT, addr, SOCKADDR_UN_SIZE);
    },
  };
}
