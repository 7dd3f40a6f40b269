/**
 * libnl through Deno FFI: generic netlink sockets, family and multicast group resolution,
 * message building with `nla_put`, and receive with `nl_recv` (or `nl_recvmsgs` through `nl_cb`
 * callbacks where a libnl lacks it). OpenWrt's libnl-tiny is loaded when present, else Debian's
 * libnl-3 + libnl-genl-3; the TypeScript API is the same.
 *
 * Receive never blocks the event loop: the socket is non-blocking and is read from a
 * {@link sharedReactor} handler on the main thread (where Deno requires UnsafeCallbacks to run).
 * Each datagram or message is only copied out; decoding happens in TypeScript (core/netlink).
 *
 * @module
 */

import {
  buildGenlMessage,
  finishGenlMessage,
  type GenlMessage,
  NlMsgFlag,
  NlMsgType,
  parseGenlMessage,
  parseNlError,
  parseNlMessage,
  splitNlMessages,
} from "../core/netlink/message.ts";
import { type NlAttrSink, NlAttrTypedSink, NlAttrWriter } from "../core/netlink/attributes.ts";
import { attachSocketFilter, cString, HOST_LITTLE_ENDIAN, libc, POLLIN, strerror } from "./libc.ts";
import { dropGenlCommands, encodeBpfProgram } from "../core/netlink/event_filter.ts";
import { sharedReactor } from "./reactor.ts";

const P = "pointer" as const;

/** Symbols both libraries export as real functions. */
const coreSymbols = {
  nl_socket_alloc: { parameters: [], result: P },
  nl_socket_free: { parameters: [P], result: "void" },
  genl_connect: { parameters: [P], result: "i32" },
  genl_ctrl_resolve: { parameters: [P, "buffer"], result: "i32" },
  genl_ctrl_resolve_grp: { parameters: [P, "buffer", "buffer"], result: "i32" },
  nlmsg_alloc: { parameters: [], result: P },
  nlmsg_free: { parameters: [P], result: "void" },
  genlmsg_put: {
    parameters: [P, "u32", "u32", "i32", "i32", "i32", "u8", "u8"],
    result: P,
  },
  nla_put: { parameters: [P, "i32", "i32", "buffer"], result: "i32" },
  nl_send_auto_complete: { parameters: [P, P], result: "i32" },
  nl_recvmsgs: { parameters: [P, P], result: "i32" },
  nl_cb_alloc: { parameters: ["i32"], result: P },
  nl_cb_put: { parameters: [P], result: "void" },
  nl_cb_set: { parameters: [P, "i32", "i32", "function", P], result: "i32" },
  nl_cb_err: { parameters: [P, "i32", "function", P], result: "i32" },
  nl_geterror: { parameters: ["i32"], result: P },
} as const;

/** Symbols libnl-tiny keeps as inline functions in its headers; each has a fallback here. */
const optionalSymbols = {
  nl_socket_get_fd: { parameters: [P], result: "i32", optional: true },
  nl_socket_get_local_port: { parameters: [P], result: "u32", optional: true },
  nl_socket_set_nonblocking: { parameters: [P], result: "i32", optional: true },
  nl_socket_add_membership: { parameters: [P, "i32"], result: "i32", optional: true },
  nl_socket_set_buffer_size: { parameters: [P, "i32", "i32"], result: "i32", optional: true },
  nlmsg_alloc_size: { parameters: ["usize"], result: P, optional: true },
  nlmsg_hdr: { parameters: [P], result: P, optional: true },
  nla_nest_start: { parameters: [P, "i32"], result: P, optional: true },
  nla_nest_end: { parameters: [P, P], result: "i32", optional: true },
  nl_sendto: { parameters: [P, "buffer", "usize"], result: "i32", optional: true },
  nl_socket_disable_seq_check: { parameters: [P], result: "void", optional: true },
  nl_socket_set_msg_buf_size: { parameters: [P, "usize"], result: "i32", optional: true },
  nl_socket_disable_msg_peek: { parameters: [P], result: "void", optional: true },
  nl_recv: { parameters: [P, "buffer", "buffer", P], result: "i32", optional: true },
} as const;

const symbols = { ...coreSymbols, ...optionalSymbols };
type Symbols = Deno.DynamicLibrary<typeof symbols>["symbols"];

/** libnl callback kinds and types (netlink/handlers.h). */
const NL_CB_DEFAULT = 0;
const NL_CB_CUSTOM = 3;
const NL_CB_VALID = 0;
const NL_CB_FINISH = 1;
const NL_CB_ACK = 4;
const NL_CB_SEQ_CHECK = 8;
/** Callback results (netlink/handlers.h `enum nl_cb_action`). */
const NL_OK = 0;
const NL_SKIP = 1;
/** libnl's own error codes (netlink/errno.h). */
const NLE_AGAIN = 4;
/** libnl's "Timeout" (no answer to {@link NlSocket.requestNow} in time). */
const NLE_TIMEOUT = 30;
/** `struct nl_sock` and `struct nl_msg` field offsets, identical in libnl-3 and libnl-tiny. */
const NL_SOCK_FD_OFFSET = 24;
const NL_MSG_NLH_OFFSET = 48;
/** setsockopt level and options for netlink sockets (linux/netlink.h). */
const SOL_NETLINK = 270;
const NETLINK_ADD_MEMBERSHIP = 1;
const NETLINK_EXT_ACK = 11;
/**
 * Receive buffer of every read (nl_recv, or nl_recvmsgs through it): larger than any datagram
 * the kernel sends (a dump's messages are batched into at most 32 KiB), so libnl need not peek
 * at each one to size it.
 */
const NL_MSG_BUF_SIZE = 65536;
/** Size of `struct sockaddr_nl` and the offset of its nl_pid (linux/netlink.h). */
const SOCKADDR_NL_SIZE = 12;
const NLA_PID_OFFSET = 4;

interface Loaded {
  readonly name: "libnl-tiny" | "libnl-3";
  readonly sym: Symbols;
  /** Every library handle opened, kept so none is unloaded while in use. */
  readonly handles: readonly { close(): void }[];
}

let loaded: Loaded | undefined;

/**
 * Opens libnl-tiny.so when present, else libnl-3.so.200 and libnl-genl-3.so.200.
 *
 * @throws {Error} when neither can be loaded
 */
export function libnl(): Loaded {
  if (loaded) return loaded;
  try {
    const tiny = Deno.dlopen("libnl-tiny.so", symbols);
    loaded = { name: "libnl-tiny", sym: tiny.symbols, handles: [tiny] };
    return loaded;
  } catch {
    // Not OpenWrt: fall through to Debian's split libraries.
  }
  // libnl-genl-3 links libnl-3, so every core symbol resolves through it; the genl library is
  // opened with the full table and the base library only keeps the mapping alive.
  const base = Deno.dlopen("libnl-3.so.200", { nl_socket_alloc: coreSymbols.nl_socket_alloc });
  const genl = Deno.dlopen("libnl-genl-3.so.200", symbols);
  loaded = { name: "libnl-3", sym: genl.symbols, handles: [base, genl] };
  return loaded;
}

/** libnl's text for one of its own (negative) error codes. */
function nlErrorText(code: number): string {
  const p = libnl().sym.nl_geterror(code);
  return p === null ? `libnl error ${code}` : Deno.UnsafePointerView.getCString(p);
}

/** A libnl call that failed before the kernel answered (allocation, connect, resolution). */
export class LibnlError extends Error {
  /** libnl's error code (negative NLE_* value). */
  readonly code: number;

  /** Creates the error for `call` failing with libnl code `code`. */
  constructor(call: string, code: number) {
    super(`${call} failed: ${nlErrorText(code)}`);
    this.name = "LibnlError";
    this.code = code;
  }
}

/** The kernel refused a netlink command; carries the command's name and the errno. */
export class DriverError extends Error {
  /** The command's name, e.g. "NL80211_CMD_START_AP". */
  readonly command: string;
  /** The positive errno value. */
  readonly errno: number;

  /** Creates the error for `command` failing with `errno` (positive) and optional kernel text. */
  constructor(command: string, errno: number, detail?: string) {
    super(`${command} failed: ${strerror(errno)}${detail ? ` (${detail})` : ""}`);
    this.name = "DriverError";
    this.command = command;
    this.errno = errno;
  }
}

/**
 * A generic netlink request under construction, backed by libnl's `struct nl_msg`. The
 * attribute methods call `nla_put`; nests use `nla_nest_start`/`nla_nest_end`.
 */
export class NlRequest extends NlAttrTypedSink {
  #msg: Deno.PointerValue;
  /** The command's name, used in errors. */
  readonly name: string;
  /** Whether this is a dump (NLM_F_DUMP) request. */
  readonly dump: boolean;

  /**
   * Allocates a message for `cmd` of generic netlink `family`.
   *
   * @throws {LibnlError} when libnl cannot allocate or write the header
   */
  constructor(family: number, cmd: number, name: string, opts: { dump?: boolean } = {}) {
    super();
    const { sym } = libnl();
    this.name = name;
    this.dump = opts.dump ?? false;
    this.#msg = sym.nlmsg_alloc_size ? sym.nlmsg_alloc_size(65536n) : sym.nlmsg_alloc();
    if (this.#msg === null) throw new LibnlError("nlmsg_alloc", -1);
    const flags = this.dump ? NlMsgFlag.DUMP : NlMsgFlag.ACK;
    // Port and sequence 0 are NL_AUTO_PORT/NL_AUTO_SEQ: nl_send_auto_complete fills them in.
    if (sym.genlmsg_put(this.#msg, 0, 0, family, 0, flags, cmd, 0) === null) {
      this.free();
      throw new LibnlError("genlmsg_put", -1);
    }
  }

  /** The underlying `struct nl_msg *` (null once freed). */
  get pointer(): Deno.PointerValue {
    return this.#msg;
  }

  /** Appends an attribute with a raw payload. @throws {LibnlError} when the message is full */
  data(type: number, payload: Uint8Array): this {
    const rc = libnl().sym.nla_put(this.#live(), type, payload.length, payload);
    if (rc < 0) throw new LibnlError(`nla_put(${this.name}, ${type})`, rc);
    return this;
  }

  /** Appends a nested attribute whose contents `fill` writes. */
  nested(type: number, fill: (sink: NlAttrSink) => void): this {
    const sym = libnl().sym;
    if (!sym.nla_nest_start || !sym.nla_nest_end) {
      // libnl-tiny builds without the nest helpers: encode the nest in TypeScript instead.
      const w = new NlAttrWriter();
      fill(w);
      return this.data(type | 0x8000, w.bytes());
    }
    const start = sym.nla_nest_start(this.#live(), type);
    if (start === null) throw new LibnlError(`nla_nest_start(${this.name}, ${type})`, -1);
    fill(this);
    const rc = sym.nla_nest_end(this.#live(), start);
    if (rc < 0) throw new LibnlError(`nla_nest_end(${this.name}, ${type})`, rc);
    return this;
  }

  /** A copy of the message bytes (nlmsghdr through nlmsg_len). */
  bytes(): Uint8Array {
    return copyNlMsg(this.#live());
  }

  /** Frees the libnl message; safe to call twice. */
  free(): void {
    if (this.#msg !== null) libnl().sym.nlmsg_free(this.#msg);
    this.#msg = null;
  }

  #live(): NonNullable<Deno.PointerValue> {
    if (this.#msg === null) throw new TypeError(`Cannot use freed request ${this.name}`);
    return this.#msg;
  }
}

/** Copies the netlink message held by a `struct nl_msg *`. */
function copyNlMsg(msg: NonNullable<Deno.PointerValue>): Uint8Array {
  const sym = libnl().sym;
  const hdr = sym.nlmsg_hdr
    ? sym.nlmsg_hdr(msg)
    : new Deno.UnsafePointerView(msg).getPointer(NL_MSG_NLH_OFFSET);
  if (hdr === null) throw new TypeError("Cannot read a message without a header");
  const len = new Deno.UnsafePointerView(hdr).getUint32(0);
  return new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(hdr, len)).slice();
}

/** Handler for unsolicited messages (multicast events, frames sent to this socket). */
export type NlEventHandler = (msg: GenlMessage) => void;

interface Pending {
  readonly name: string;
  readonly dump: boolean;
  readonly replies: GenlMessage[];
  readonly resolve: (replies: GenlMessage[]) => void;
  readonly reject: (err: Error) => void;
}

/** A request sent without NLM_F_ACK ({@link NlSocket.postEncoded}), until it is known to be done. */
interface Posted {
  readonly name: string;
  readonly onError: (err: DriverError) => void;
}

/**
 * Most posted requests remembered per socket. A socket nothing ever arrives on (every request a
 * success) is never drained, so the oldest are let go; their errors would long have been read.
 */
const MAX_POSTED = 256;

/** Sequence numbers of {@link NlSocket.requestEncoded}: above any Unix time libnl starts from. */
const ENCODED_SEQ_FIRST = 0xc0000000;
const ENCODED_SEQ_LAST = 0xfffffff0;
let encodedSeq = ENCODED_SEQ_FIRST;

/** Sockets by id, so the process-wide callbacks can find the socket named by their arg. */
const sockets = new Map<number, NlSocket>();
let nextSocketId = 1;
let callbacks:
  | { msg: Deno.UnsafeCallback<MsgCbDef>; err: Deno.UnsafeCallback<ErrCbDef> }
  | undefined;

const msgCbDef = { parameters: [P, P], result: "i32" } as const;
const errCbDef = { parameters: [P, P, P], result: "i32" } as const;
type MsgCbDef = typeof msgCbDef;
type ErrCbDef = typeof errCbDef;

function socketOf(arg: Deno.PointerValue): NlSocket | undefined {
  return sockets.get(Number(Deno.UnsafePointer.value(arg)));
}

/** One pair of callbacks serves every socket; they only copy bytes out (no re-entry). */
function sharedCallbacks(): NonNullable<typeof callbacks> {
  callbacks ??= {
    msg: new Deno.UnsafeCallback(msgCbDef, (msg, arg) => {
      if (msg !== null) socketOf(arg)?.inbox.push(copyNlMsg(msg));
      return NL_OK;
    }),
    err: new Deno.UnsafeCallback(errCbDef, (_nla, nlerr, arg) => {
      // libnl hands us the nlmsgerr payload; its nlmsghdr sits just before it.
      if (nlerr !== null) {
        const hdr = Deno.UnsafePointer.offset(nlerr, -16);
        if (hdr !== null) {
          const len = new Deno.UnsafePointerView(hdr).getUint32(0);
          socketOf(arg)?.inbox.push(
            new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(hdr, len)).slice(),
          );
        }
      }
      return NL_SKIP;
    }),
  };
  return callbacks;
}

/** Options for {@link NlSocket.connect}. */
export interface NlSocketOptions {
  /** Receive buffer size in bytes (event sockets want more than the default). */
  readonly rcvbuf?: number;
  /**
   * Reads through nl_recvmsgs and its callbacks even where nl_recv is bound: the path of a
   * libnl without nl_recv, kept testable.
   */
  readonly readWithCallbacks?: boolean;
}

/**
 * A generic netlink socket. Requests resolve when the kernel's ACK, error or NLMSG_DONE arrives
 * through the reactor; other messages go to the {@link NlEventHandler}.
 */
export class NlSocket {
  #sk: NonNullable<Deno.PointerValue>;
  #cb: NonNullable<Deno.PointerValue>;
  #id: number;
  #fd: number;
  #nonblocking: boolean;
  #peeks = true;
  // libnl's nl_recv when it is used, else reads go through nl_recvmsgs and the callbacks.
  #nlRecv: NonNullable<Symbols["nl_recv"]> | null = null;
  // nl_recv's out-parameters: the sender's sockaddr_nl and where it puts its buffer's address.
  readonly #from = new Uint8Array(SOCKADDR_NL_SIZE);
  readonly #recvBox = new BigUint64Array(1);
  #pending = new Map<number, Pending>();
  #posted = new Map<number, Posted>();
  #watchedBy: ReturnType<typeof sharedReactor> | undefined;
  #onEvent: NlEventHandler | undefined;
  #ignore: ReadonlySet<number> | undefined;
  #closed = false;
  /** Messages the callbacks copied during the current nl_recvmsgs call. @private */
  readonly inbox: Uint8Array[] = [];

  private constructor(sk: NonNullable<Deno.PointerValue>, cb: NonNullable<Deno.PointerValue>) {
    this.#sk = sk;
    this.#cb = cb;
    this.#id = nextSocketId++;
    const sym = libnl().sym;
    this.#fd = sym.nl_socket_get_fd
      ? sym.nl_socket_get_fd(sk)
      : new Deno.UnsafePointerView(sk).getInt32(NL_SOCK_FD_OFFSET);
    this.#nonblocking = sym.nl_socket_set_nonblocking
      ? sym.nl_socket_set_nonblocking(sk) >= 0
      : false;
  }

  /**
   * Allocates a socket, connects it to NETLINK_GENERIC, makes it non-blocking, asks for
   * extended ACKs and installs the receive callbacks.
   *
   * @throws {LibnlError} when allocation or genl_connect fails
   */
  static connect(opts: NlSocketOptions = {}): NlSocket {
    const sym = libnl().sym;
    const sk = sym.nl_socket_alloc();
    if (sk === null) throw new LibnlError("nl_socket_alloc", -1);
    const rc = sym.genl_connect(sk);
    if (rc < 0) {
      sym.nl_socket_free(sk);
      throw new LibnlError("genl_connect", rc);
    }
    const cb = sym.nl_cb_alloc(NL_CB_DEFAULT);
    if (cb === null) {
      sym.nl_socket_free(sk);
      throw new LibnlError("nl_cb_alloc", -1);
    }
    const s = new NlSocket(sk, cb);
    sockets.set(s.#id, s);
    const arg = Deno.UnsafePointer.create(BigInt(s.#id));
    const { msg, err } = sharedCallbacks();
    for (const t of [NL_CB_VALID, NL_CB_FINISH, NL_CB_ACK]) {
      sym.nl_cb_set(cb, t, NL_CB_CUSTOM, msg.pointer, arg);
    }
    // Sequence numbers are matched in TypeScript; events carry 0, so libnl must not drop them.
    sym.nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, sharedSeqOk().pointer, null);
    sym.nl_cb_err(cb, NL_CB_CUSTOM, err.pointer, arg);
    // libnl's own synchronous helpers (genl_ctrl_resolve_grp) check replies against a counter
    // that the acks of requestEncoded, read through nl_recvmsgs, would put out of step.
    sym.nl_socket_disable_seq_check?.(sk);
    const one = new Uint8Array(4);
    new DataView(one.buffer).setInt32(0, 1, true);
    libc().setsockopt(s.#fd, SOL_NETLINK, NETLINK_EXT_ACK, one, 4); // best effort: text only
    // By default libnl reads each datagram twice, a MSG_PEEK for its size and then the read:
    // with a buffer large enough for any, one recvmsg a message (and one for the EAGAIN).
    if (
      sym.nl_socket_set_msg_buf_size && sym.nl_socket_disable_msg_peek &&
      sym.nl_socket_set_msg_buf_size(sk, BigInt(NL_MSG_BUF_SIZE)) >= 0
    ) {
      sym.nl_socket_disable_msg_peek(sk);
      s.#peeks = false;
    }
    s.#nlRecv = opts.readWithCallbacks ? null : sym.nl_recv ?? null;
    if (opts.rcvbuf && sym.nl_socket_set_buffer_size) {
      sym.nl_socket_set_buffer_size(sk, opts.rcvbuf, 0);
    }
    return s;
  }

  /** Posted requests not yet known to be done ({@link postEncoded}); for tests. */
  get postedCount(): number {
    return this.#posted.size;
  }

  /** The socket's file descriptor. */
  get fd(): number {
    return this.#fd;
  }

  /** Whether libnl put the socket in non-blocking mode. */
  get nonblocking(): boolean {
    return this.#nonblocking;
  }

  /** Whether replies and events are read through nl_recvmsgs callbacks rather than nl_recv. */
  get readsWithCallbacks(): boolean {
    return this.#nlRecv === null;
  }

  /** Whether libnl still peeks at each datagram before reading it (libnl-tiny, old libnl). */
  get peeks(): boolean {
    return this.#peeks;
  }

  /** The local netlink port id (0 when libnl cannot report it). */
  get portId(): number {
    const sym = libnl().sym;
    return sym.nl_socket_get_local_port ? sym.nl_socket_get_local_port(this.#sk) : 0;
  }

  /**
   * Resolves a generic netlink family name to its id (synchronous request on this socket; the
   * kernel answers inside the send, so the receive finds the reply queued).
   *
   * @throws {LibnlError} when the family does not exist
   */
  resolveFamily(name: string): number {
    this.#assertQuiet("genl_ctrl_resolve");
    const id = libnl().sym.genl_ctrl_resolve(this.#sk, cString(name));
    if (id < 0) throw new LibnlError(`genl_ctrl_resolve(${name})`, id);
    return id;
  }

  /**
   * Resolves a multicast group of a family to its group id.
   *
   * @throws {LibnlError} when the family or group does not exist
   */
  resolveGroup(family: string, group: string): number {
    this.#assertQuiet("genl_ctrl_resolve_grp");
    const id = libnl().sym.genl_ctrl_resolve_grp(this.#sk, cString(family), cString(group));
    if (id < 0) throw new LibnlError(`genl_ctrl_resolve_grp(${family}, ${group})`, id);
    return id;
  }

  /**
   * Has the kernel drop, before they are queued, the messages of generic netlink family `family`
   * whose command is in `commands`: they no longer wake the process.
   *
   * @throws {OsError} when the kernel refuses the filter
   */
  dropInKernel(family: number, commands: Iterable<number>): void {
    const prog = dropGenlCommands(family, commands, HOST_LITTLE_ENDIAN);
    attachSocketFilter(this.#fd, encodeBpfProgram(prog, HOST_LITTLE_ENDIAN));
  }

  /** Joins multicast group `group`. @throws {LibnlError} on failure */
  addMembership(group: number): void {
    const sym = libnl().sym;
    let rc: number;
    if (sym.nl_socket_add_membership) {
      rc = sym.nl_socket_add_membership(this.#sk, group);
    } else {
      const g = new Uint8Array(4);
      new DataView(g.buffer).setInt32(0, group, true);
      rc = libc().setsockopt(this.#fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g, 4) < 0 ? -1 : 0;
    }
    if (rc < 0) throw new LibnlError(`nl_socket_add_membership(${group})`, rc);
    this.#watch();
  }

  /**
   * Sets (or clears) the handler for unsolicited messages and starts receiving. Messages whose
   * generic netlink command is in `ignore` are read and dropped undecoded: an event of every
   * frame sent or station added that nobody acts on costs a decode, under emulation about
   * 0.1 to 0.3 ms, in the middle of a handshake.
   */
  onEvent(handler: NlEventHandler | undefined, ignore?: ReadonlySet<number>): void {
    this.#onEvent = handler;
    this.#ignore = ignore;
    if (handler) this.#watch();
  }

  /**
   * Sends `req` (then frees it) and resolves with every reply message: the data messages of a
   * dump, or those before the ACK.
   *
   * @throws {DriverError} (as a rejection) when the kernel answers with an error
   * @throws {LibnlError} when the send itself fails
   */
  request(req: NlRequest): Promise<GenlMessage[]> {
    if (this.#closed) throw new TypeError(`Cannot send ${req.name} on a closed socket`);
    try {
      const msg = req.pointer;
      if (msg === null) throw new TypeError(`Cannot send freed request ${req.name}`);
      const rc = libnl().sym.nl_send_auto_complete(this.#sk, msg);
      if (rc < 0) throw new LibnlError(`nl_send_auto(${req.name})`, rc);
      const seq = parseNlMessage(req.bytes()).seq;
      return this.#awaitReplies(seq, req.name, req.dump);
    } finally {
      req.free();
    }
  }

  /**
   * Sends a request whose attributes were encoded in TypeScript ({@link NlAttrWriter}) with a
   * single libnl call (`nl_sendto`), and resolves like {@link request}. This is the per-frame
   * path (EAPOL out, keys, station flags): a libnl-built message costs a 64 KiB allocation and
   * one FFI call per attribute, which under emulation took longer than the 4-way handshake's
   * crypto. Sequence numbers come from a range libnl's own counter (which starts at the Unix
   * time) does not reach.
   *
   * @param family generic netlink family id
   * @param cmd the family's command
   * @param name the command's name, for errors
   * @param attrs the encoded attributes, or a {@link genlMessageWriter} that holds them
   * @param opts `dump` for NLM_F_DUMP (else NLM_F_ACK)
   * @throws {DriverError} (as a rejection) when the kernel answers with an error
   * @throws {LibnlError} when the send itself fails
   */
  requestEncoded(
    family: number,
    cmd: number,
    name: string,
    attrs: Uint8Array | NlAttrWriter,
    opts: { dump?: boolean } = {},
  ): Promise<GenlMessage[]> {
    const dump = opts.dump ?? false;
    const seq = this.#sendEncoded(family, cmd, name, attrs, dump ? NlMsgFlag.DUMP : NlMsgFlag.ACK);
    return this.#awaitReplies(seq, name, dump);
  }

  /**
   * Sends an encoded request without NLM_F_ACK: the kernel then answers only when the command
   * fails, and `onError` gets that error. For the commands of every frame and key exchange
   * whose success nobody waits for (EAPOL out, keys, station flags): each ACK is a message to
   * receive and a wake-up of the event loop, about a millisecond apiece under emulation, taken
   * from a station that is busy with its own side of the handshake at that moment. A generic
   * netlink command runs inside the send, so its error is queued before this returns; a
   * request is forgotten once the socket has been read to the end after it was sent.
   *
   * @throws {LibnlError} when the send itself fails
   */
  postEncoded(
    family: number,
    cmd: number,
    name: string,
    attrs: Uint8Array | NlAttrWriter,
    onError: (err: DriverError) => void,
  ): void {
    const seq = this.#sendEncoded(family, cmd, name, attrs, 0);
    this.#posted.set(seq, { name, onError });
    if (this.#posted.size > MAX_POSTED) this.#posted.delete(this.#posted.keys().next().value!);
    this.#watch();
  }

  /** Builds and sends one request with {@link requestEncoded}'s sequence numbers. */
  #sendEncoded(
    family: number,
    cmd: number,
    name: string,
    attrs: Uint8Array | NlAttrWriter,
    flags: number,
  ): number {
    if (this.#closed) throw new TypeError(`Cannot send ${name} on a closed socket`);
    const seq = encodedSeq = encodedSeq >= ENCODED_SEQ_LAST ? ENCODED_SEQ_FIRST : encodedSeq + 1;
    const h = { type: family, flags: NlMsgFlag.REQUEST | flags, seq, portId: 0 };
    const msg = attrs instanceof NlAttrWriter
      ? finishGenlMessage(attrs, h, cmd)
      : buildGenlMessage(h, cmd, attrs);
    const sym = libnl().sym;
    const rc = sym.nl_sendto
      ? sym.nl_sendto(this.#sk, msg, BigInt(msg.length))
      : Number(libc().sendto(this.#fd, msg, BigInt(msg.length), 0, null, 0));
    if (rc < 0) throw new LibnlError(`nl_sendto(${name})`, sym.nl_sendto ? rc : -1);
    return seq;
  }

  /**
   * Sends a request and reads its answer at once, outside the event loop: for a control command
   * that needs the kernel's view while it builds its reply (STA's station counters), as hostapd's
   * driver asks while it formats. A generic netlink command runs inside the send, so its reply
   * and ACK are already queued when the send returns; the wait for them is bounded anyway. Only
   * on a socket that nothing else reads (never watched by the reactor, no events, nothing
   * pending); answers to an earlier request that timed out are skipped by their sequence number.
   *
   * @param timeoutMs longest wait for the ACK once the send returned
   * @returns the reply messages
   * @throws {DriverError} when the kernel answers with an error
   * @throws {LibnlError} when the send or a read fails, or no ACK comes in time (NLE_TIMEOUT)
   */
  requestNow(
    family: number,
    cmd: number,
    name: string,
    attrs: Uint8Array | NlAttrWriter,
    timeoutMs = 200,
  ): GenlMessage[] {
    if (this.#watchedBy !== undefined || this.#onEvent || this.#pending.size > 0) {
      throw new TypeError(`Cannot call requestNow(${name}) on a socket the event loop reads`);
    }
    const seq = this.#sendEncoded(family, cmd, name, attrs, NlMsgFlag.ACK);
    const replies: GenlMessage[] = [];
    const pfd = new Uint8Array(8);
    const view = new DataView(pfd.buffer);
    view.setInt32(0, this.#fd, true);
    view.setInt16(4, POLLIN, true);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // poll first, so a blocking socket (libnl-tiny) never waits past the deadline in a read.
      const left = Math.max(0, Math.ceil(deadline - performance.now()));
      view.setInt16(6, 0, true);
      if (libc().poll_here(pfd, 1n, left) <= 0) {
        throw new LibnlError(`${name}: no answer`, -NLE_TIMEOUT);
      }
      const rc = this.#nlRecv
        ? this.#recvDatagram(this.#nlRecv)
        : libnl().sym.nl_recvmsgs(this.#sk, this.#cb);
      if (rc < 0 && rc !== -NLE_AGAIN) throw new LibnlError(`nl_recv(${name})`, rc);
      for (const bytes of this.inbox.splice(0)) {
        const h = parseNlMessage(bytes);
        if (h.seq !== seq) continue;
        if (h.type === NlMsgType.ERROR) {
          const e = parseNlError(h);
          if (e.error !== 0) throw new DriverError(name, -e.error, e.message);
          return replies;
        }
        if (h.type >= 0x10) replies.push(parseGenlMessage(bytes));
      }
    }
  }

  /** The replies to the request just sent with `seq`, collected by #dispatch. */
  #awaitReplies(seq: number, name: string, dump: boolean): Promise<GenlMessage[]> {
    this.#watch();
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { name, dump, replies: [], resolve, reject });
    });
  }

  /** Stops receiving, fails pending requests, frees the socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    sharedReactor().unwatch(this.#fd);
    for (const p of this.#pending.values()) {
      p.reject(new DriverError(p.name, 103, /* ECONNABORTED */ "socket closed"));
    }
    this.#pending.clear();
    this.#posted.clear();
    sockets.delete(this.#id);
    const sym = libnl().sym;
    sym.nl_cb_put(this.#cb);
    sym.nl_socket_free(this.#sk);
  }

  #watch(): void {
    // Once per reactor: each watch() rebuilds the reactor's descriptor set and wakes its poll.
    const reactor = sharedReactor();
    if (this.#watchedBy === reactor || this.#closed) return;
    this.#watchedBy = reactor;
    reactor.watch(this.#fd, () => this.#receive());
  }

  #assertQuiet(call: string): void {
    // libnl's synchronous helpers read with their own callbacks and would eat our replies.
    if (this.#pending.size > 0) throw new TypeError(`Cannot call ${call} with requests pending`);
  }

  /** Reactor handler: reads what is queued, then dispatches outside the libnl callbacks. */
  #receive(): void {
    const sym = libnl().sym;
    // Posted before this read began: an error of theirs is in the queue being read.
    const settled = this.#posted.size > 0 ? [...this.#posted.keys()] : [];
    for (let i = 0; i < 64 && !this.#closed; i++) {
      const rc = this.#nlRecv
        ? this.#recvDatagram(this.#nlRecv)
        : sym.nl_recvmsgs(this.#sk, this.#cb);
      this.#dispatch();
      if (rc === -NLE_AGAIN) {
        for (const seq of settled) this.#posted.delete(seq);
        break;
      }
      if (!this.#nonblocking) break;
    }
  }

  /**
   * Reads one datagram with nl_recv and queues its messages; returns the bytes read or a
   * negative libnl error (-NLE_AGAIN once nothing is left). nl_recvmsgs would hand each message
   * to a callback, and a call from C back into JavaScript is dear: a netlink request's round
   * trip took 340 instead of 397 us in the qemu guest. Only the kernel (port 0) is listened to;
   * a datagram from another socket is dropped.
   */
  #recvDatagram(nlRecv: NonNullable<Symbols["nl_recv"]>): number {
    const box = this.#recvBox;
    box[0] = 0n;
    const r = nlRecv(this.#sk, this.#from, box, null);
    // 0: nothing was read (an empty datagram, or an EAGAIN older libnl reports that way).
    const n = r === 0 ? -NLE_AGAIN : r;
    const buf = Deno.UnsafePointer.create(box[0]!);
    if (buf === null) return n;
    try {
      if (n <= 0) return n;
      const fromKernel = new DataView(this.#from.buffer).getUint32(NLA_PID_OFFSET, true) === 0;
      if (!fromKernel) return n;
      const datagram = new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(buf, n)).slice();
      try {
        this.inbox.push(...splitNlMessages(datagram));
      } catch (err) {
        console.error(`libnl: dropped a malformed datagram: ${err}`);
      }
      return n;
    } finally {
      libc().free(buf);
    }
  }

  #report(posted: Posted, err: DriverError): void {
    try {
      posted.onError(err);
    } catch (e) {
      console.error(`libnl: error handler of ${posted.name} failed: ${e}`);
    }
  }

  #deliver(handler: NlEventHandler, bytes: Uint8Array): void {
    try {
      handler(parseGenlMessage(bytes));
    } catch (err) {
      // One bad event or handler bug must not drop the replies queued behind it.
      console.error(`libnl: event handler failed: ${err}`);
    }
  }

  #dispatch(): void {
    for (const bytes of this.inbox.splice(0)) {
      const h = parseNlMessage(bytes);
      const posted = h.type === NlMsgType.ERROR ? this.#posted.get(h.seq) : undefined;
      if (posted) {
        this.#posted.delete(h.seq);
        const e = parseNlError(h);
        if (e.error !== 0) this.#report(posted, new DriverError(posted.name, -e.error, e.message));
        continue;
      }
      const p = this.#pending.get(h.seq);
      if (!p || h.seq === 0) {
        const ignored = this.#ignore?.has(h.payload[0] ?? -1) ?? false;
        if (h.type >= 0x10 && this.#onEvent && !ignored) this.#deliver(this.#onEvent, bytes);
        continue;
      }
      if (h.type === NlMsgType.ERROR) {
        const e = parseNlError(h);
        this.#pending.delete(h.seq);
        if (e.error === 0) p.resolve(p.replies);
        else p.reject(new DriverError(p.name, -e.error, e.message));
      } else if (h.type === NlMsgType.DONE) {
        this.#pending.delete(h.seq);
        p.resolve(p.replies);
      } else if (h.type >= 0x10) {
        p.replies.push(parseGenlMessage(bytes));
      }
    }
  }
}

let seqOk: Deno.UnsafeCallback<MsgCbDef> | undefined;

function sharedSeqOk(): Deno.UnsafeCallback<MsgCbDef> {
  seqOk ??= new Deno.UnsafeCallback(msgCbDef, () => NL_OK);
  return seqOk;
}
