/**
 * A tiny raw control-socket client for the benchmarks: one AF_UNIX datagram socket through
 * ffi/libc.ts, polled every millisecond, so that measuring launch-to-PONG does not include the
 * start-up of a `hostapd_cli` process per attempt.
 *
 * @module
 */

import {
  AF_UNIX,
  check,
  errno,
  libc,
  MSG_DONTWAIT,
  OsError,
  POLLIN,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCKADDR_UN_SIZE,
  sockaddrUn,
} from "../../ffi/libc.ts";

/** An unanswered request after the deadline. */
export class ProbeTimeoutError extends Error {
  /** Creates the error for `what` after `ms` milliseconds. */
  constructor(what: string, ms: number) {
    super(`No reply to ${what} within ${ms} ms`);
    this.name = "ProbeTimeoutError";
  }
}

/** A client socket bound to its own path (the server replies to the sender's address). */
export class CtrlProbe {
  readonly #fd: number;
  readonly #path: string;
  #connected = false;
  #buf = new Uint8Array(4096);
  #pfd = new Uint8Array(8);

  /**
   * Binds a client socket at `clientPath` (removed again by close()).
   *
   * @throws {OsError} when socket or bind fails
   */
  constructor(clientPath: string) {
    const c = libc();
    const fd = check("socket", c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (c.bind(fd, sockaddrUn(clientPath), SOCKADDR_UN_SIZE) < 0) {
      const code = errno();
      c.close(fd);
      throw new OsError("bind", code);
    }
    this.#fd = fd;
    this.#path = clientPath;
    const dv = new DataView(this.#pfd.buffer);
    dv.setInt32(0, fd, true);
    dv.setInt16(4, POLLIN, true);
  }

  /** Connects to `server`; false while it does not exist or nobody listens. */
  #connect(server: string): boolean {
    if (this.#connected) return true;
    this.#connected = libc().connect(this.#fd, sockaddrUn(server), SOCKADDR_UN_SIZE) === 0;
    return this.#connected;
  }

  /** Waits up to `ms` for a datagram; returns its text or null. */
  async #receive(ms: number): Promise<string | null> {
    this.#pfd[6] = 0;
    this.#pfd[7] = 0;
    const r = await libc().poll(this.#pfd, 1n, ms);
    if (r <= 0) return null;
    const n = Number(libc().recvfrom(this.#fd, this.#buf, 4096n, MSG_DONTWAIT, null, null));
    if (n < 0) {
      // The server went away (ECONNREFUSED) or nothing queued: reconnect next time.
      this.#connected = false;
      return null;
    }
    return new TextDecoder().decode(this.#buf.subarray(0, n));
  }

  /**
   * Sends PING to `server` every `intervalMs` (connecting as soon as the socket exists) until
   * a PONG arrives.
   *
   * @param server the daemon's control socket path
   * @param timeoutMs overall limit
   * @param intervalMs poll period
   * @returns performance.now() when the PONG arrived
   * @throws {ProbeTimeoutError} when no PONG arrives in time
   */
  async waitForPong(server: string, timeoutMs = 30_000, intervalMs = 1): Promise<number> {
    const ping = new TextEncoder().encode("PING");
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (!this.#connect(server)) {
        await new Promise((r) => setTimeout(r, intervalMs));
        continue;
      }
      if (libc().sendto(this.#fd, ping, BigInt(ping.length), MSG_DONTWAIT, null, 0) < 0) {
        // Stale socket file or full queue: try again after the interval.
        this.#connected = false;
        await new Promise((r) => setTimeout(r, intervalMs));
        continue;
      }
      const reply = await this.#receive(intervalMs);
      if (reply?.startsWith("PONG")) return performance.now();
    }
    throw new ProbeTimeoutError("PING", timeoutMs);
  }

  /**
   * Sends one request and waits for its reply (events, which start with `<`, are skipped).
   *
   * @throws {ProbeTimeoutError} when no reply arrives in time
   */
  async request(server: string, command: string, timeoutMs = 5_000): Promise<string> {
    if (!this.#connect(server)) throw new OsError("connect", errno());
    // Late replies to earlier PINGs would otherwise be taken for this request's reply.
    while (Number(libc().recvfrom(this.#fd, this.#buf, 4096n, MSG_DONTWAIT, null, null)) >= 0);
    const data = new TextEncoder().encode(command);
    check("sendto", libc().sendto(this.#fd, data, BigInt(data.length), 0, null, 0));
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const reply = await this.#receive(Math.max(1, Math.ceil(deadline - performance.now())));
      if (reply !== null && !reply.startsWith("<")) return reply;
    }
    throw new ProbeTimeoutError(command, timeoutMs);
  }

  /** Closes the socket and removes its path. */
  close(): void {
    libc().close(this.#fd);
    libc().unlink(new TextEncoder().encode(this.#path + "\0"));
  }
}
