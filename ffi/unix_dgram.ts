/**
 * Non-blocking AF_UNIX SOCK_DGRAM sockets for the control interface: the server end bound at
 * `<ctrl_interface>/<ifname>` and the wpa_ctrl-style client end bound at
 * `/tmp/wpa_ctrl_<pid>-<n>`. Deno's own datagram API cannot send while a receive is pending,
 * so everything goes through libc and the shared poll reactor.
 *
 * @module
 */

import {
  AF_UNIX,
  check,
  Errno,
  errno,
  libc,
  MSG_DONTWAIT,
  MSG_TRUNC,
  OsError,
  SO_SNDBUF,
  SO_SNDBUFFORCE,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCKADDR_UN_SIZE,
  sockaddrUn,
  sockaddrUnPath,
  SOL_SOCKET,
} from "./libc.ts";
import { sharedReactor } from "./reactor.ts";

/** Largest request hostapd accepts (its receive buffer is 4096 bytes with a NUL). */
export const MAX_REQUEST = 4095;

/** Receive buffer size: big enough to learn the real size of any datagram (with MSG_TRUNC). */
const RECV_BUFFER = 65536;

/** One received datagram. */
export interface Datagram {
  /** The payload (only the first 64 KiB when `size` is larger). */
  data: Uint8Array;
  /** The datagram's real size (larger than `data.length` when it was truncated). */
  size: number;
  /** The sender's bound path ("" for an unbound sender). */
  from: string;
}

/** A non-blocking AF_UNIX datagram socket. */
export class UnixDgramSocket {
  /** The file descriptor (-1 once closed). */
  fd: number;
  /** The path this socket is bound to, if any (unlinked by close()). */
  readonly path: string | undefined;
  #buf = new Uint8Array(RECV_BUFFER);
  #from = new Uint8Array(SOCKADDR_UN_SIZE);
  #fromLen = new Uint32Array(1);
  #watched = false;

  private constructor(fd: number, path: string | undefined) {
    this.fd = fd;
    this.path = path;
  }

  /**
   * Creates a socket bound to `path`.
   *
   * @param path the filesystem path (at most 107 bytes)
   * @returns the bound socket
   * @throws {OsError} when socket or bind fails (errno EADDRINUSE when the path exists)
   * @throws {RangeError} when the path does not fit sun_path
   */
  static bind(path: string): UnixDgramSocket {
    const sa = sockaddrUn(path);
    const c = libc();
    const fd = check("socket", c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (c.bind(fd, sa, SOCKADDR_UN_SIZE) < 0) {
      const code = errno();
      c.close(fd);
      throw new OsError("bind", code);
    }
    return new UnixDgramSocket(fd, path);
  }

  /**
   * Whether a server is listening at `path`: a connect that is refused (or finds no file)
   * means a stale socket file.
   *
   * @param path the socket path
   * @returns true when connect succeeds
   */
  static probe(path: string): boolean {
    const c = libc();
    const fd = check("socket", c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    try {
      return c.connect(fd, sockaddrUn(path), SOCKADDR_UN_SIZE) === 0;
    } finally {
      c.close(fd);
    }
  }

  /**
   * Connects the socket to `path`, so that send() goes there and only its datagrams arrive.
   *
   * @throws {OsError} when connect fails (ENOENT, ECONNREFUSED)
   */
  connect(path: string): void {
    check("connect", libc().connect(this.fd, sockaddrUn(path), SOCKADDR_UN_SIZE));
  }

  /**
   * Raises the send buffer: what this socket has sent stays charged to it until each receiver
   * reads it. Forced past `net.core.wmem_max` where the process may (root), else capped there.
   *
   * @param bytes the buffer size to ask for
   * @returns true when the forced size was taken
   */
  setSendBuffer(bytes: number): boolean {
    const v = new Uint8Array(new Int32Array([bytes]).buffer);
    const c = libc();
    if (c.setsockopt(this.fd, SOL_SOCKET, SO_SNDBUFFORCE, v, 4) === 0) return true;
    c.setsockopt(this.fd, SOL_SOCKET, SO_SNDBUF, v, 4);
    return false;
  }

  /**
   * Sends one datagram without blocking, to `to` or (when omitted) to the connected peer.
   *
   * @returns 0 on success, else the errno (EAGAIN when the peer's queue is full)
   */
  sendTo(data: Uint8Array, to?: string): number {
    const c = libc();
    const dest = to === undefined ? null : sockaddrUn(to);
    const r = c.sendto(
      this.fd,
      data,
      BigInt(data.length),
      MSG_DONTWAIT,
      dest,
      dest === null ? 0 : SOCKADDR_UN_SIZE,
    );
    return r < 0 ? errno() : 0;
  }

  /**
   * Receives one datagram without blocking.
   *
   * @returns the datagram, or null when none is queued
   * @throws {OsError} for errors other than EAGAIN (ECONNREFUSED when the peer went away)
   */
  receive(): Datagram | null {
    this.#fromLen[0] = SOCKADDR_UN_SIZE;
    const n = Number(
      libc().recvfrom(
        this.fd,
        this.#buf,
        BigInt(RECV_BUFFER),
        MSG_DONTWAIT | MSG_TRUNC,
        this.#from,
        new Uint8Array(this.#fromLen.buffer),
      ),
    );
    if (n < 0) {
      const code = errno();
      if (code === Errno.EAGAIN || code === Errno.EINTR) return null;
      throw new OsError("recvfrom", code);
    }
    return {
      data: this.#buf.slice(0, Math.min(n, RECV_BUFFER)),
      size: n,
      from: sockaddrUnPath(this.#from, this.#fromLen[0]!),
    };
  }

  /**
   * Calls `onReadable` on the main thread whenever datagrams are queued (shared reactor).
   *
   * @param onReadable reads with receive() until it returns null
   */
  watch(onReadable: () => void): void {
    sharedReactor().watch(this.fd, () => onReadable());
    this.#watched = true;
  }

  /** Stops watching, closes the descriptor and unlinks the bound path. Idempotent. */
  close(): void {
    if (this.fd < 0) return;
    if (this.#watched) sharedReactor().unwatch(this.fd);
    libc().close(this.fd);
    this.fd = -1;
    if (this.path !== undefined) unlinkPath(this.path);
  }
}

/** Removes a filesystem path, ignoring a missing file. */
export function unlinkPath(path: string): void {
  const p = new TextEncoder().encode(path + "\0");
  libc().unlink(p);
}

/** The reply of a request that timed out (wpa_ctrl_request's -2). */
export class CtrlTimeoutError extends Error {
  /** Creates the error for `command`. */
  constructor(command: string) {
    super(`Command "${command}" timed out`);
    this.name = "CtrlTimeoutError";
  }
}

/** Options of {@link CtrlClient.open}. */
export interface CtrlClientOptions {
  /** Directory for the client's own socket (hostapd_cli -s); default /tmp. */
  clientDir?: string;
  /** Called with every unsolicited message (text starting with `<` or `IFNAME=`). */
  onEvent?: (text: string) => void;
  /** Called when receiving fails (e.g. ECONNREFUSED after the server went away). */
  onError?: (err: OsError) => void;
}

let clientCounter = 0;

/**
 * A wpa_ctrl-style client: bound to `<dir>/wpa_ctrl_<pid>-<n>`, connected to the server,
 * one request at a time with a 10 s reply timeout; events that arrive meanwhile go to onEvent.
 */
export class CtrlClient {
  /** The underlying socket. */
  readonly socket: UnixDgramSocket;
  /** The server path. */
  readonly server: string;
  /** Event callback (may be replaced at any time). */
  onEvent: ((text: string) => void) | undefined;
  /** Receive-error callback. */
  onError: ((err: OsError) => void) | undefined;
  #pending: ((d: Uint8Array | Error) => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(socket: UnixDgramSocket, server: string, opts: CtrlClientOptions) {
    this.socket = socket;
    this.server = server;
    this.onEvent = opts.onEvent;
    this.onError = opts.onError;
  }

  /**
   * Opens a client connected to the server socket at `server`.
   *
   * @throws {OsError} when the server socket cannot be reached (ENOENT, ECONNREFUSED)
   */
  static open(server: string, opts: CtrlClientOptions = {}): CtrlClient {
    const dir = opts.clientDir ?? "/tmp";
    let sock: UnixDgramSocket | undefined;
    for (let tries = 0; !sock; tries++) {
      const path = `${dir}/wpa_ctrl_${Deno.pid}-${++clientCounter}`;
      try {
        sock = UnixDgramSocket.bind(path);
      } catch (err) {
        // A leftover file from an earlier process with the same pid: remove it once, as wpa_ctrl.
        if (!(err instanceof OsError) || err.errno !== Errno.EADDRINUSE || tries > 0) throw err;
        unlinkPath(path);
        clientCounter--;
      }
    }
    try {
      Deno.chmodSync(sock.path!, 0o660);
      sock.connect(server);
    } catch (err) {
      sock.close();
      throw err;
    }
    const client = new CtrlClient(sock, server, opts);
    sock.watch(() => client.#drain());
    return client;
  }

  #drain(): void {
    for (;;) {
      let d: Datagram | null;
      try {
        d = this.socket.receive();
      } catch (err) {
        if (!(err instanceof OsError)) throw err;
        const p = this.#pending;
        this.#pending = undefined;
        if (p) p(err);
        else this.onError?.(err);
        return;
      }
      if (d === null) return;
      const isEvent = d.data[0] === 0x3c || startsWithText(d.data, "IFNAME=");
      if (isEvent || !this.#pending) {
        // A reply with no request waiting (a late answer after a timeout) is dropped like one.
        if (isEvent) this.onEvent?.(new TextDecoder().decode(d.data));
        continue;
      }
      const p = this.#pending;
      this.#pending = undefined;
      p(d.data);
    }
  }

  /**
   * Sends `command` and waits for its reply datagram.
   *
   * @param command the request text or bytes
   * @param timeoutMs how long to wait for the reply (default 10 s, as wpa_ctrl)
   * @returns the reply bytes
   * @throws {CtrlTimeoutError} when no reply arrives in time
   * @throws {OsError} when sending or receiving fails
   */
  request(command: string | Uint8Array, timeoutMs = 10_000): Promise<Uint8Array> {
    const run = () => this.#request(command, timeoutMs);
    const p = this.#queue.then(run, run);
    this.#queue = p.catch(() => {});
    return p;
  }

  async #request(command: string | Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    if (this.socket.fd < 0) throw new OsError("send", Errno.EBADF);
    const data = typeof command === "string" ? new TextEncoder().encode(command) : command;
    const label = typeof command === "string" ? command : `${data.length} bytes`;
    const sendDeadline = Date.now() + 5_000;
    for (;;) {
      const code = this.socket.sendTo(data);
      if (code === 0) break;
      if (code !== Errno.EAGAIN || Date.now() > sendDeadline) throw new OsError("send", code);
      await new Promise((r) => setTimeout(r, 1));
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const reply = await new Promise<Uint8Array | Error>((resolve) => {
        this.#pending = resolve;
        timer = setTimeout(() => {
          this.#pending = undefined;
          resolve(new CtrlTimeoutError(label));
        }, timeoutMs);
      });
      if (reply instanceof Error) throw reply;
      return reply;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends ATTACH (or DETACH) and reports whether the reply was exactly `OK\n`.
   *
   * @param attach true for ATTACH, false for DETACH
   */
  async attach(attach = true): Promise<boolean> {
    const r = await this.request(attach ? "ATTACH" : "DETACH");
    return r.length === 3 && startsWithText(r, "OK\n");
  }

  /** Closes the socket and removes its file. */
  close(): void {
    const p = this.#pending;
    this.#pending = undefined;
    this.socket.close();
    p?.(new OsError("recv", Errno.EBADF));
  }
}

function startsWithText(data: Uint8Array, prefix: string): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (data[i] !== prefix.charCodeAt(i)) return false;
  }
  return true;
}
