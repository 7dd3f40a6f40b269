/**
 * An AF_PACKET SOCK_RAW socket for one EtherType on one interface, as hostapd's wired driver
 * opens it: bound to the interface, member of the PAE group address 01:80:c2:00:00:03
 * (PACKET_ADD_MEMBERSHIP, PACKET_MR_MULTICAST), frames read without blocking through the
 * reactor (drained until EAGAIN) and sent as whole Ethernet frames.
 *
 * @module
 */

import {
  AF_PACKET,
  check,
  Errno,
  errno,
  ifNameToIndex,
  interfaceMac,
  interfaceMulticast,
  libc,
  MSG_DONTWAIT,
  OsError,
  PACKET_ADD_MEMBERSHIP,
  PACKET_MR_MULTICAST,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_RAW,
  SOL_PACKET,
} from "./libc.ts";
import { type Reactor, sharedReactor } from "./reactor.ts";
import {
  ETH_HEADER_LEN,
  ETH_P_PAE,
  type EthernetFrame,
  PAE_GROUP_ADDR,
  parseEthernet,
} from "../core/eapol/ethernet.ts";

/** `sll_pkttype` of frames this host sent (linux/if_packet.h). */
const PACKET_OUTGOING = 4;
/** Size of `struct sockaddr_ll`. */
const SOCKADDR_LL_SIZE = 20;
/** Size of `struct packet_mreq`. */
const PACKET_MREQ_SIZE = 16;
/** Receive buffer: larger than any Ethernet frame the interface can deliver. */
const RECV_BUF = 65536;

/** Options of {@link PacketSocket.open}. */
export interface PacketSocketOptions {
  /** EtherType to receive and send (default 0x888e). */
  etherType?: number;
  /** Multicast addresses to join (default the PAE group address). */
  multicast?: Uint8Array[];
  /** The reactor that reports readability (default the shared one). */
  reactor?: Reactor;
}

/** Called for each received frame of the socket's EtherType (views valid during the call). */
export type FrameHandler = (frame: EthernetFrame) => void;

function sockaddrLl(etherType: number, ifindex: number, addr?: Uint8Array): Uint8Array {
  const sa = new Uint8Array(SOCKADDR_LL_SIZE);
  const v = new DataView(sa.buffer);
  v.setUint16(0, AF_PACKET, true);
  v.setUint16(2, etherType, false); // sll_protocol is in network byte order
  v.setInt32(4, ifindex, true);
  if (addr) {
    sa[11] = addr.length;
    sa.set(addr.subarray(0, 8), 12);
  }
  return sa;
}

/** htons() of a 16-bit value on a little-endian host (the socket() protocol argument). */
function htons(v: number): number {
  return ((v & 0xff) << 8) | (v >> 8);
}

/** A raw link-layer socket for one EtherType on one interface. */
export class PacketSocket {
  /** The interface name. */
  readonly ifname: string;
  /** The interface index. */
  readonly ifindex: number;
  /** The interface's MAC address (source of sent frames). */
  readonly mac: Uint8Array;
  /** The EtherType. */
  readonly etherType: number;
  readonly #fd: number;
  readonly #reactor: Reactor;
  readonly #buf = new Uint8Array(RECV_BUF);
  readonly #from = new Uint8Array(SOCKADDR_LL_SIZE);
  readonly #fromLen = new Uint32Array(1);
  #closed = false;
  #ioctlGroups: Uint8Array[] = [];
  #dropped = 0;

  private constructor(
    ifname: string,
    ifindex: number,
    mac: Uint8Array,
    etherType: number,
    fd: number,
    reactor: Reactor,
  ) {
    this.ifname = ifname;
    this.ifindex = ifindex;
    this.mac = mac;
    this.etherType = etherType;
    this.#fd = fd;
    this.#reactor = reactor;
  }

  /**
   * Opens, binds and joins the multicast groups.
   *
   * @param ifname the interface (must exist in the caller's network namespace)
   * @param options EtherType, multicast groups, reactor
   * @throws {RangeError} when the interface does not exist
   * @throws {OsError} when a socket call fails (e.g. EPERM without CAP_NET_RAW)
   */
  static open(ifname: string, options: PacketSocketOptions = {}): PacketSocket {
    const etherType = options.etherType ?? ETH_P_PAE;
    const ifindex = ifNameToIndex(ifname);
    if (ifindex === 0) throw new RangeError(`Cannot open packet socket: no interface "${ifname}"`);
    const mac = interfaceMac(ifname);
    const c = libc();
    const fd = check(
      "socket(AF_PACKET)",
      c.socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(etherType)),
    );
    const ioctlGroups: Uint8Array[] = [];
    try {
      const sa = sockaddrLl(etherType, ifindex);
      check("bind(AF_PACKET)", c.bind(fd, sa, SOCKADDR_LL_SIZE));
      for (const group of options.multicast ?? [PAE_GROUP_ADDR]) {
        const mreq = new Uint8Array(PACKET_MREQ_SIZE);
        const v = new DataView(mreq.buffer);
        v.setInt32(0, ifindex, true);
        v.setUint16(4, PACKET_MR_MULTICAST, true);
        v.setUint16(6, group.length, true);
        mreq.set(group.subarray(0, 8), 8);
        if (c.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq, PACKET_MREQ_SIZE) === 0) {
          continue;
        }
        const code = errno();
        // Emulators (qemu-user) lack SOL_PACKET options: use the interface-wide ioctl instead.
        if (code !== Errno.ENOPROTOOPT) {
          throw new OsError("setsockopt(PACKET_ADD_MEMBERSHIP)", code);
        }
        interfaceMulticast(ifname, group, true);
        ioctlGroups.push(group);
      }
    } catch (err) {
      for (const g of ioctlGroups) dropIoctlGroup(ifname, g);
      c.close(fd);
      throw err;
    }
    const sock = new PacketSocket(
      ifname,
      ifindex,
      mac,
      etherType,
      fd,
      options.reactor ?? sharedReactor(),
    );
    sock.#ioctlGroups = ioctlGroups;
    return sock;
  }

  /** Frames dropped so far (outgoing copies, wrong EtherType, runts). */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Starts delivering received frames to `handler` through the reactor. A receive error that
   * is a state of the link, not a fault (the interface went down), goes to `onError`; the
   * socket keeps listening and serves again once the link is back.
   */
  listen(handler: FrameHandler, onError: (err: OsError) => void = () => {}): void {
    if (this.#closed) throw new Error("Cannot listen on a closed packet socket");
    this.#reactor.watch(this.#fd, () => {
      try {
        return this.#drain(handler);
      } catch (err) {
        if (!(err instanceof OsError) || err.errno !== Errno.ENETDOWN) throw err;
        onError(err);
        return 0;
      }
    });
  }

  /**
   * Receives every queued frame now (the reactor calls this when readable).
   *
   * @returns the number of frames handed to `handler`
   */
  #drain(handler: FrameHandler): number {
    const c = libc();
    let delivered = 0;
    while (!this.#closed) {
      this.#fromLen[0] = SOCKADDR_LL_SIZE;
      const n = Number(
        c.recvfrom(this.#fd, this.#buf, BigInt(RECV_BUF), MSG_DONTWAIT, this.#from, this.#fromLen),
      );
      if (n < 0) {
        const e = errno();
        if (e === Errno.EINTR) continue;
        if (e !== Errno.EAGAIN) throw new OsError("recvfrom(AF_PACKET)", e);
        break;
      }
      // A SOCK_RAW packet socket also sees this host's own transmissions.
      if (this.#from[10] === PACKET_OUTGOING || n < ETH_HEADER_LEN) {
        this.#dropped++;
        continue;
      }
      const frame = parseEthernet(this.#buf.subarray(0, n));
      if (!frame || frame.etherType !== this.etherType) {
        this.#dropped++;
        continue;
      }
      delivered++;
      handler(frame);
    }
    return delivered;
  }

  /**
   * Sends one whole Ethernet frame (header included) on the interface.
   *
   * @throws {OsError} when the kernel refuses it
   */
  send(frame: Uint8Array): void {
    if (this.#closed) throw new Error("Cannot send on a closed packet socket");
    const sa = sockaddrLl(this.etherType, this.ifindex, frame.subarray(0, 6));
    const c = libc();
    for (;;) {
      const n = Number(c.sendto(this.#fd, frame, BigInt(frame.length), 0, sa, SOCKADDR_LL_SIZE));
      if (n >= 0) return;
      const e = errno();
      if (e !== Errno.EINTR) throw new OsError("sendto(AF_PACKET)", e);
    }
  }

  /** Stops listening and closes the descriptor; later calls do nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#reactor.unwatch(this.#fd);
    libc().close(this.#fd);
    // Socket memberships end with the socket; ioctl ones must be removed by hand.
    for (const g of this.#ioctlGroups) dropIoctlGroup(this.ifname, g);
    this.#ioctlGroups = [];
  }
}

function dropIoctlGroup(ifname: string, group: Uint8Array): void {
  try {
    interfaceMulticast(ifname, group, false);
  } catch {
    // The interface may be gone already.
  }
}
