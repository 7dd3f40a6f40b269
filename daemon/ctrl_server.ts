/**
 * The per-BSS control interface: an AF_UNIX datagram socket at `<ctrl_interface>/<ifname>`
 * that answers each request with one datagram to the sender's address, keeps the list of
 * attached monitors (ATTACH/DETACH/LEVEL) and sends them events as `<level>TEXT`
 * (reference §2.1-2.2). Every other command goes to the handler from core/ctrl/dispatch.ts.
 *
 * @module
 */

import { type CtrlCommand, decodeRequest, parseCommand } from "../core/ctrl/command.ts";
import { type Logger, LogLevel, silentLogger } from "../core/log.ts";
import { Errno, OsError } from "../ffi/libc.ts";
import { MAX_REQUEST, UnixDgramSocket, unlinkPath } from "../ffi/unix_dgram.ts";

/**
 * Request handler: the reply text or bytes, or null for `UNKNOWN COMMAND\n`. A promised reply
 * (the global interface's ADD and REMOVE) holds the requests after it until it is sent.
 */
export type CtrlRequestHandler = (
  command: string,
  from: string,
) => string | Uint8Array | null | Promise<string>;

/** Options of {@link CtrlServer.open}. */
export interface CtrlServerOptions {
  /** The `ctrl_interface` directory. */
  dir: string;
  /** The BSS interface name (the socket's file name). */
  ifname: string;
  /** `ctrl_interface_group`: a group name (looked up in /etc/group) or a numeric gid. */
  group?: string | number;
  /** Handles every command except ATTACH, DETACH and LEVEL. */
  handler: CtrlRequestHandler;
  /** Whether LEVEL sets a monitor's level (default); hostapd's global socket has no LEVEL. */
  level?: boolean;
  /** Debug log. */
  logger?: Logger;
  /** The group database to resolve names in (default /etc/group; for tests). */
  groupFile?: string;
}

/** Consecutive send failures after which a monitor is dropped (hostapd drops after >10). */
const MAX_MONITOR_ERRORS = 10;

/**
 * Attached monitors at most, and the socket's send buffer. A datagram sent to a monitor that
 * does not read stays charged to this socket (the kernel queues up to net.unix.max_dgram_qlen,
 * 10, per receiver), and once the buffer is full no reply goes out to anyone: 30 silent monitors
 * filled the default 208 KiB. 64 monitors x 11 datagrams of about 1 KiB fit in 4 MiB many
 * times over, so replies always have room. hostapd sets no limit, and stops entirely instead.
 */
export const MAX_MONITORS = 64;
const CTRL_SEND_BUFFER = 4 << 20;

/** A monitor attached with ATTACH. */
interface Monitor {
  level: number;
  errors: number;
  probeRxEvents: boolean;
}

/** A control-socket startup failure. */
export class CtrlServerError extends Error {
  /** Creates the error with `message`. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CtrlServerError";
  }
}

/** The control socket of one BSS. */
export class CtrlServer {
  /** The socket path `<dir>/<ifname>`. */
  readonly path: string;
  #sock: UnixDgramSocket;
  #handler: CtrlRequestHandler;
  #log: Logger;
  #monitors = new Map<string, Monitor>();
  #encoder = new TextEncoder();
  /** Requests kept for later while held ({@link hold}); undefined when answering at once. */
  #held: { data: Uint8Array; from: string }[] | undefined;

  #level: boolean;

  private constructor(
    sock: UnixDgramSocket,
    handler: CtrlRequestHandler,
    log: Logger,
    level: boolean,
  ) {
    this.#sock = sock;
    this.#level = level;
    this.path = sock.path!;
    this.#handler = handler;
    this.#log = log;
  }

  /**
   * Creates the directory (mode 0770 before umask, as hostapd's mkdir), binds the socket
   * (taking over a stale socket file), applies the group and mode 0770, and starts serving.
   *
   * @param opts directory, interface, group and handler
   * @returns the running server
   * @throws {CtrlServerError} when the socket is in use by a live process, the group is
   *   unknown, or the directory or socket cannot be set up
   */
  static open(opts: CtrlServerOptions): CtrlServer {
    const log = opts.logger ?? silentLogger;
    const gid = opts.group === undefined ? undefined : resolveGroup(opts.group, opts.groupFile);
    try {
      Deno.mkdirSync(opts.dir, { mode: 0o770 });
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) {
        throw new CtrlServerError(`Cannot create ctrl_interface directory "${opts.dir}"`, {
          cause: err,
        });
      }
    }
    if (gid !== undefined) Deno.chownSync(opts.dir, null, gid);
    const path = `${opts.dir}/${opts.ifname}`;
    const sock = bindTakingOver(path, log);
    try {
      if (gid !== undefined) Deno.chownSync(path, null, gid);
      Deno.chmodSync(path, 0o770);
    } catch (err) {
      sock.close();
      throw new CtrlServerError(`Cannot set the mode of "${path}"`, { cause: err });
    }
    sock.setSendBuffer(CTRL_SEND_BUFFER);
    const server = new CtrlServer(sock, opts.handler, log, opts.level ?? true);
    sock.watch(() => server.#drain());
    return server;
  }

  /** How many monitors are attached. */
  get monitorCount(): number {
    return this.#monitors.size;
  }

  /**
   * Sends `<level>text` to every monitor whose level is at most `level`, without blocking.
   * A monitor is dropped at once when its socket is gone (ENOENT, ECONNREFUSED) and after
   * more than 10 consecutive failures otherwise.
   *
   * @param level the event level (3 = INFO for all WPS/AP events)
   * @param text the event text
   * @param probeRx true for RX-PROBE-REQUEST, sent only to monitors that asked for it
   * @param prefix before the level (the global interface's `IFNAME=<ifname> `)
   */
  emit(level: number, text: string, probeRx = false, prefix = ""): void {
    if (this.#monitors.size === 0 || this.#sock.fd < 0) return;
    const data = this.#encoder.encode(`${prefix}<${level}>${text}`);
    for (const [addr, m] of [...this.#monitors]) {
      if (level < m.level || (probeRx && !m.probeRxEvents)) continue;
      const code = this.#sock.sendTo(data, addr);
      if (code === 0) {
        m.errors = 0;
        continue;
      }
      m.errors++;
      this.#log.log(LogLevel.DEBUG, `CTRL_IFACE monitor send failed: ${addr}: errno ${code}`);
      if (code === Errno.ENOENT || code === Errno.ECONNREFUSED || m.errors > MAX_MONITOR_ERRORS) {
        this.#monitors.delete(addr);
        this.#log.log(LogLevel.DEBUG, `CTRL_IFACE monitor ${addr} dropped`);
      }
    }
  }

  /** Stops serving, closes the socket and removes its file. Idempotent. */
  close(): void {
    this.#monitors.clear();
    this.#sock.close();
  }

  #drain(): void {
    for (;;) {
      let d;
      try {
        d = this.#sock.receive();
      } catch (err) {
        // recvfrom errors on an unconnected datagram socket are transient; keep serving.
        this.#log.log(LogLevel.ERROR, `CTRL_IFACE recvfrom failed: ${err}`);
        return;
      }
      if (d === null) return;
      if (d.from === "") continue; // nowhere to send a reply
      // hostapd reads at most its buffer's worth and answers what it read (a longer request
      // gets UNKNOWN COMMAND or FAIL, not silence that leaves the client waiting).
      const data = d.size > MAX_REQUEST ? d.data.subarray(0, MAX_REQUEST) : d.data;
      if (this.#held) {
        // Bounded, like the socket's own queue; a client whose request is dropped times out.
        if (this.#held.length < MAX_HELD) this.#held.push({ data, from: d.from });
        continue;
      }
      this.#answer(data, d.from);
    }
  }

  /** Keeps requests unanswered, in order, until {@link release}. */
  hold(): void {
    this.#held ??= [];
  }

  /** Answers the held requests in order, then the ones that come as they come. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    while (held.length > 0) {
      const r = held.shift()!;
      this.#answer(r.data, r.from);
      // A promised reply holds again: the rest wait behind it, in order. (#answer may have set
      // #held, which the compiler cannot see.)
      const again = this.#held as { data: Uint8Array; from: string }[] | undefined;
      if (again) {
        again.unshift(...held);
        return;
      }
    }
  }

  #answer(data: Uint8Array, from: string): void {
    const reply = this.#process(decodeRequest(data), from);
    if (reply instanceof Promise) {
      this.hold();
      void reply.catch((err) => {
        this.#log.log(LogLevel.ERROR, `CTRL_IFACE command failed: ${err}`);
        return "FAIL\n";
      }).then((text) => {
        this.#send(text, from);
        this.release();
      });
      return;
    }
    this.#send(reply, from);
  }

  #send(reply: string | Uint8Array, from: string): void {
    if (this.#sock.fd < 0) return;
    const bytes = typeof reply === "string" ? this.#encoder.encode(reply) : reply;
    const code = this.#sock.sendTo(bytes, from);
    if (code !== 0) {
      this.#log.log(LogLevel.DEBUG, `CTRL_IFACE sendto ${from} failed: errno ${code}`);
    }
  }

  #process(text: string, from: string): string | Uint8Array | Promise<string> {
    this.#log.log(LogLevel.MSGDUMP, `RX ctrl_iface - ${JSON.stringify(text)}`);
    const cmd = parseCommand(text);
    const own = cmd.kind === "LEVEL" && !this.#level ? undefined : this.#monitorCommand(cmd, from);
    if (own !== undefined) return own;
    try {
      return this.#handler(text, from) ?? "UNKNOWN COMMAND\n";
    } catch (err) {
      this.#log.log(LogLevel.ERROR, `CTRL_IFACE command ${JSON.stringify(text)} failed: ${err}`);
      return "FAIL\n";
    }
  }

  /**
   * ATTACH, DETACH or LEVEL for a monitor at `from` (the global interface's `IFNAME=<ifname>
   * ATTACH` attaches its client here); undefined for other commands.
   */
  monitorCommand(text: string, from: string): string | undefined {
    return this.#monitorCommand(parseCommand(text), from);
  }

  /** ATTACH / DETACH / LEVEL, keyed by the sender's path; undefined for other commands. */
  #monitorCommand(cmd: CtrlCommand, from: string): string | undefined {
    switch (cmd.kind) {
      case "ATTACH": {
        const probe = /(?:^| )probe_rx_events=1(?: |$)/.test(cmd.params);
        const m = this.#monitors.get(from);
        if (m) m.probeRxEvents = probe;
        else if (this.#monitors.size >= MAX_MONITORS) return "FAIL\n";
        else this.#monitors.set(from, { level: LogLevel.INFO, errors: 0, probeRxEvents: probe });
        this.#log.log(LogLevel.DEBUG, `CTRL_IFACE monitor attached ${from}`);
        return "OK\n";
      }
      case "DETACH":
        return this.#monitors.delete(from) ? "OK\n" : "FAIL\n";
      case "LEVEL": {
        const m = this.#monitors.get(from);
        if (!m) return "FAIL\n";
        m.level = cmd.level;
        return "OK\n";
      }
      default:
        return undefined;
    }
  }
}

/** Most requests kept while held (a reload takes well under a second). */
const MAX_HELD = 256;

/** Binds `path`; when the file exists, takes it over if nobody answers a connect. */
function bindTakingOver(path: string, log: Logger): UnixDgramSocket {
  try {
    return UnixDgramSocket.bind(path);
  } catch (err) {
    if (!(err instanceof OsError) || err.errno !== Errno.EADDRINUSE) {
      throw new CtrlServerError(`Cannot bind control socket "${path}"`, { cause: err });
    }
  }
  log.log(LogLevel.DEBUG, "ctrl_iface bind(PF_UNIX) failed: Address already in use");
  if (UnixDgramSocket.probe(path)) {
    throw new CtrlServerError(
      "ctrl_iface exists and seems to be in use - cannot override it",
    );
  }
  log.log(LogLevel.DEBUG, `Successfully replaced leftover ctrl_iface socket '${path}'`);
  unlinkPath(path);
  try {
    return UnixDgramSocket.bind(path);
  } catch (err) {
    throw new CtrlServerError(`Cannot bind control socket "${path}"`, { cause: err });
  }
}

/**
 * Resolves `ctrl_interface_group`: a number is a gid; a name is looked up in the group file.
 *
 * @param group the configured value
 * @param groupFile the group database (default /etc/group)
 * @returns the gid
 * @throws {CtrlServerError} when the name is not found
 */
export function resolveGroup(group: string | number, groupFile = "/etc/group"): number {
  if (typeof group === "number") return group;
  if (/^[0-9]+$/.test(group)) return Number(group);
  let text = "";
  try {
    text = Deno.readTextFileSync(groupFile);
  } catch (err) {
    throw new CtrlServerError(`Cannot read "${groupFile}"`, { cause: err });
  }
  for (const line of text.split("\n")) {
    const [name, , gid] = line.split(":");
    if (name === group && gid !== undefined && /^[0-9]+$/.test(gid)) return Number(gid);
  }
  throw new CtrlServerError(`Unknown ctrl_interface_group "${group}"`);
}
