/**
 * `-s`: log lines to the local syslog daemon over /dev/log (RFC 3164 framing), without blocking.
 *
 * @module
 */

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
  /** Sends one line at facility daemon, severity info; dropped when syslog is not running. */
  send(line: string): void;
}

/** Opens /dev/log; lines are silently dropped when nothing listens there. */
export function openSyslog(tag: string, path = "/dev/log"): SyslogSink {
  const c = libc();
  const fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const addr = sockaddrUn(path);
  const enc = new TextEncoder();
  return {
    send(line) {
      if (fd < 0) return;
      // Facility daemon (3), severity info (6): <30>.
      const msg = enc.encode(`<30>${tag}[${Deno.pid}]: ${line}`);
      c.sendto(fd, msg, BigInt(msg.length), MSG_DONTWAIT, addr, SOCKADDR_UN_SIZE);
    },
  };
}
