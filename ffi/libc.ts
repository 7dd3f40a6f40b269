/**
 * libc through Deno FFI: the socket calls the daemon needs and Deno does not offer (datagram
 * UNIX sockets that send while a receive is pending, AF_PACKET), plus errno handling.
 *
 * Only this file opens libc; other ffi/ modules import its symbols.
 *
 * @module
 */

/** Address and protocol families, socket types and flags (Linux values). */
export const AF_UNIX = 1;
/** IPv4 family (used for the interface ioctl socket). */
export const AF_INET = 2;
/** Link-layer packet family. */
export const AF_PACKET = 17;
/** Datagram socket type. */
export const SOCK_DGRAM = 2;
/** Raw socket type. */
export const SOCK_RAW = 3;
/** Socket flag: non-blocking. */
export const SOCK_NONBLOCK = 0o4000;
/** Socket flag: close-on-exec. */
export const SOCK_CLOEXEC = 0o2000000;
/** recv/send flag: do not block. */
export const MSG_DONTWAIT = 0x40;
/** recv flag: report the real length of a truncated datagram. */
export const MSG_TRUNC = 0x20;
/** poll events. */
export const POLLIN = 0x001;
/** poll: error condition. */
export const POLLERR = 0x008;
/** poll: hang up. */
export const POLLHUP = 0x010;
/** poll: invalid fd. */
export const POLLNVAL = 0x020;
/** eventfd flags. */
export const EFD_NONBLOCK = 0o4000;
/** eventfd: close-on-exec. */
export const EFD_CLOEXEC = 0o2000000;
/** setsockopt level for sockets. */
export const SOL_SOCKET = 1;
/** SO_RCVBUF. */
export const SO_RCVBUF = 8;
/** SO_SNDBUF. */
export const SO_SNDBUF = 7;
/** SO_SNDBUFFORCE (CAP_NET_ADMIN: above net.core.wmem_max). */
export const SO_SNDBUFFORCE = 32;
/** setsockopt level for packet sockets. */
export const SOL_PACKET = 263;
/** PACKET_ADD_MEMBERSHIP. */
export const PACKET_ADD_MEMBERSHIP = 1;
/** PACKET_MR_MULTICAST. */
export const PACKET_MR_MULTICAST = 0;
/** ioctl: get the hardware address of an interface. */
export const SIOCGIFHWADDR = 0x8927;
/** ioctl: add a link-layer multicast address to an interface's filter. */
export const SIOCADDMULTI = 0x8931;
/** ioctl: remove a link-layer multicast address from an interface's filter. */
export const SIOCDELMULTI = 0x8932;

/** errno values the daemon reacts to. */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EBADF: 9,
  EAGAIN: 11,
  EACCES: 13,
  EEXIST: 17,
  EINVAL: 22,
  EMSGSIZE: 90,
  ENETDOWN: 100,
  ENOPROTOOPT: 92,
  EADDRINUSE: 98,
  ECONNREFUSED: 111,
} as const;

const symbols = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  recvfrom: {
    parameters: ["i32", "buffer", "usize", "i32", "buffer", "buffer"],
    result: "isize",
  },
  close: { parameters: ["i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
  // The same poll(2) on the calling (main) thread: blocks JavaScript for at most its timeout.
  poll_here: { name: "poll", parameters: ["buffer", "u64", "i32"], result: "i32" },
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  signal: { parameters: ["i32", "pointer"], result: "pointer" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
  if_nametoindex: { parameters: ["buffer"], result: "u32" },
  unlink: { parameters: ["buffer"], result: "i32" },
  strerror: { parameters: ["i32"], result: "pointer" },
  __errno_location: { parameters: [], result: "pointer" },
  // Releases what a C library allocated for us (libnl's nl_recv buffer).
  free: { parameters: ["pointer"], result: "void" },
} as const;

type LibC = Deno.DynamicLibrary<typeof symbols>["symbols"];

let lib: LibC | undefined;

/** The libc symbols, opened on first use. */
export function libc(): LibC {
  lib ??= Deno.dlopen("libc.so.6", symbols).symbols;
  return lib;
}

/** The calling thread's errno (valid right after a failed synchronous call). */
export function errno(): number {
  const p = libc().__errno_location();
  return p === null ? 0 : new Deno.UnsafePointerView(p).getInt32();
}

/** The C library's text for an errno value. */
export function strerror(code: number): string {
  const p = libc().strerror(code);
  return p === null ? `errno ${code}` : Deno.UnsafePointerView.getCString(p);
}

/** A failed libc call, with the call's name and errno. */
export class OsError extends Error {
  /** The errno value. */
  readonly errno: number;

  /** Creates the error for `call` failing with `code`. */
  constructor(call: string, code: number) {
    super(`${call} failed: ${strerror(code)}`);
    this.name = "OsError";
    this.errno = code;
  }
}

/** Throws an OsError for `call` when `result` is negative; otherwise returns it. */
export function check<T extends number | bigint>(call: string, result: T): T {
  if (result < 0) throw new OsError(call, errno());
  return result;
}

/** setsockopt: attach a classic BPF program (struct sock_fprog) to a socket. */
const SO_ATTACH_FILTER = 26;

/** Whether this host stores integers little-endian (what `struct sock_filter` needs). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Attaches a classic BPF socket filter to `fd` (SO_ATTACH_FILTER; the kernel copies the program).
 *
 * @param program `struct sock_filter` entries in host byte order (core/netlink/event_filter.ts)
 * @throws {OsError} when the kernel refuses it
 */
export function attachSocketFilter(fd: number, program: Uint8Array): void {
  // struct sock_fprog on a 64-bit host: u16 len, padding, then the pointer at offset 8.
  const fprog = new Uint8Array(16);
  const view = new DataView(fprog.buffer);
  view.setUint16(0, program.length / 8, HOST_LITTLE_ENDIAN);
  const ptr = Deno.UnsafePointer.of(program as Uint8Array<ArrayBuffer>);
  view.setBigUint64(8, BigInt(Deno.UnsafePointer.value(ptr)), HOST_LITTLE_ENDIAN);
  check(
    "setsockopt(SO_ATTACH_FILTER)",
    libc().setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, 16),
  );
}

/** A NUL-terminated C string. */
export function cString(text: string): Uint8Array {
  const b = new TextEncoder().encode(text);
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}

/** Size of `struct sockaddr_un` on Linux. */
export const SOCKADDR_UN_SIZE = 110;

/**
 * Builds a `struct sockaddr_un` for a filesystem path.
 *
 * @throws {RangeError} when the path does not fit sun_path (107 bytes plus NUL)
 */
export function sockaddrUn(path: string): Uint8Array {
  const p = new TextEncoder().encode(path);
  if (p.length > 107) throw new RangeError(`Cannot bind "${path}": path too long for sun_path`);
  const sa = new Uint8Array(SOCKADDR_UN_SIZE);
  new DataView(sa.buffer).setUint16(0, AF_UNIX, true);
  sa.set(p, 2);
  return sa;
}

/** Reads the path out of a `struct sockaddr_un` of length `len` ("" for unnamed). */
export function sockaddrUnPath(sa: Uint8Array, len: number): string {
  const body = sa.subarray(2, Math.max(2, Math.min(len, sa.length)));
  const nul = body.indexOf(0);
  return new TextDecoder().decode(nul >= 0 ? body.subarray(0, nul) : body);
}

/** The ifindex of a network interface, or 0 when it does not exist. */
export function ifNameToIndex(name: string): number {
  return libc().if_nametoindex(cString(name));
}

/**
 * Adds (or removes) a link-layer multicast address on an interface with SIOCADDMULTI /
 * SIOCDELMULTI, the older interface-wide way that hostapd's wired driver also falls back to.
 *
 * @throws {OsError} when the ioctl fails
 */
export function interfaceMulticast(name: string, group: Uint8Array, add: boolean): void {
  const c = libc();
  const fd = check("socket", c.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  try {
    const ifr = new Uint8Array(40);
    ifr.set(new TextEncoder().encode(name).subarray(0, 15));
    // ifr_hwaddr: sa_family AF_UNSPEC (0), then the address in sa_data.
    ifr.set(group.subarray(0, 14), 18);
    const op = add ? SIOCADDMULTI : SIOCDELMULTI;
    check(add ? "ioctl(SIOCADDMULTI)" : "ioctl(SIOCDELMULTI)", c.ioctl(fd, BigInt(op), ifr));
  } finally {
    c.close(fd);
  }
}

/**
 * Reads the MAC address of interface `name` (SIOCGIFHWADDR).
 *
 * @throws {OsError} when the interface does not exist
 */
export function interfaceMac(name: string): Uint8Array {
  const c = libc();
  const fd = check("socket", c.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  try {
    const ifr = new Uint8Array(40);
    ifr.set(new TextEncoder().encode(name).subarray(0, 15));
    check("ioctl(SIOCGIFHWADDR)", c.ioctl(fd, BigInt(SIOCGIFHWADDR), ifr));
    return ifr.slice(18, 24);
  } finally {
    c.close(fd);
  }
}

/**
 * argv[0] exactly as the process was started (glibc's `program_invocation_name`): for a
 * compiled binary reached through a `hostapd_cli` symlink this is that name, which neither
 * Deno.execPath() (symlinks resolved) nor Deno.args carries.
 */
export function programInvocationName(): string {
  const lib = Deno.dlopen("libc.so.6", { program_invocation_name: { type: "pointer" } });
  try {
    const slot = lib.symbols.program_invocation_name;
    const p = slot === null ? null : new Deno.UnsafePointerView(slot).getPointer();
    return p === null ? "" : Deno.UnsafePointerView.getCString(p);
  } finally {
    lib.close();
  }
}
