/**
 * A classic BPF socket filter for a generic netlink event socket: it drops, in the kernel, the
 * messages of one family whose command is in a given set, so that events the daemon never acts
 * on do not wake it (each wake of a JavaScript process costs far more than the message). Every
 * other message (other families, ACKs, errors, NLMSG_DONE) passes whole. Pure: the program is
 * built as bytes for SO_ATTACH_FILTER (an array of `struct sock_filter`); attaching it is the
 * FFI layer's job.
 *
 * @module
 */

/** Size of one `struct sock_filter` (u16 code, u8 jt, u8 jf, u32 k). */
export const SOCK_FILTER_SIZE = 8;

// Classic BPF opcodes (linux/filter.h, linux/bpf_common.h).
const LD_H_ABS = 0x28; // BPF_LD | BPF_H | BPF_ABS: A = be16 at k
const LD_B_ABS = 0x30; // BPF_LD | BPF_B | BPF_ABS: A = byte at k
const JEQ_K = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const RET_K = 0x06; // BPF_RET | BPF_K

/** nlmsghdr.nlmsg_type's offset; the genlmsghdr's cmd follows the 16-octet nlmsghdr. */
const NLMSG_TYPE_OFFSET = 4;
const GENL_CMD_OFFSET = 16;
/** A filter's return value: how many octets to keep (all of them, or none). */
const KEEP_ALL = 0xffffffff;
const DROP = 0;

/** One instruction of a classic BPF program. */
export interface BpfInstruction {
  /** Opcode. */
  code: number;
  /** Jump offset when the condition holds. */
  jt: number;
  /** Jump offset when it does not. */
  jf: number;
  /** Constant operand. */
  k: number;
}

/**
 * The program that drops the messages of generic netlink family `family` whose command is in
 * `commands`.
 *
 * @param family the family id (nlmsg_type of its messages)
 * @param commands the commands to drop (at most 250)
 * @param littleEndian whether the host stores nlmsg_type little-endian (BPF's halfword loads
 *   read big-endian)
 */
export function dropGenlCommands(
  family: number,
  commands: Iterable<number>,
  littleEndian: boolean,
): BpfInstruction[] {
  const cmds = [...new Set(commands)];
  if (cmds.length === 0 || cmds.length > 250) {
    throw new RangeError(`Cannot filter ${cmds.length} commands (1 to 250)`);
  }
  if (family < 0 || family > 0xffff) throw new RangeError(`Bad family id ${family}`);
  const type = littleEndian ? ((family & 0xff) << 8) | (family >> 8) : family;
  const n = cmds.length;
  // Layout: 0 load type; 1 not ours -> keep; 2 load cmd; 3..3+n-1 match -> drop; keep; drop.
  const keepAt = 3 + n, dropAt = keepAt + 1;
  const prog: BpfInstruction[] = [
    { code: LD_H_ABS, jt: 0, jf: 0, k: NLMSG_TYPE_OFFSET },
    { code: JEQ_K, jt: 0, jf: keepAt - 2, k: type },
    // Only reached for the family's own messages, which are at least nlmsghdr + genlmsghdr long.
    { code: LD_B_ABS, jt: 0, jf: 0, k: GENL_CMD_OFFSET },
  ];
  cmds.forEach((cmd, i) => {
    const at = 3 + i;
    prog.push({ code: JEQ_K, jt: dropAt - at - 1, jf: 0, k: cmd & 0xff });
  });
  prog.push({ code: RET_K, jt: 0, jf: 0, k: KEEP_ALL });
  prog.push({ code: RET_K, jt: 0, jf: 0, k: DROP });
  return prog;
}

/** The program as the kernel takes it: `struct sock_filter` entries in host byte order. */
export function encodeBpfProgram(
  prog: readonly BpfInstruction[],
  littleEndian: boolean,
): Uint8Array {
  const out = new Uint8Array(prog.length * SOCK_FILTER_SIZE);
  const view = new DataView(out.buffer);
  prog.forEach((ins, i) => {
    const at = i * SOCK_FILTER_SIZE;
    view.setUint16(at, ins.code, littleEndian);
    view.setUint8(at + 2, ins.jt);
    view.setUint8(at + 3, ins.jf);
    view.setUint32(at + 4, ins.k >>> 0, littleEndian);
  });
  return out;
}

/**
 * Runs `prog` on `packet` as the kernel does for the instructions {@link dropGenlCommands} emits
 * (an out-of-bounds load ends the program with 0, as in the kernel), so that tests can check a
 * program without a socket.
 *
 * @returns how many octets the kernel would keep (0: dropped)
 */
export function runBpfProgram(prog: readonly BpfInstruction[], packet: Uint8Array): number {
  let a = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const ins = prog[pc]!;
    switch (ins.code) {
      case LD_H_ABS:
        if (ins.k + 2 > packet.length) return 0;
        a = (packet[ins.k]! << 8) | packet[ins.k + 1]!;
        break;
      case LD_B_ABS:
        if (ins.k + 1 > packet.length) return 0;
        a = packet[ins.k]!;
        break;
      case JEQ_K:
        pc += a === ins.k ? ins.jt : ins.jf;
        break;
      case RET_K:
        return ins.k === KEEP_ALL ? packet.length : Math.min(ins.k, packet.length);
      default:
        throw new RangeError(`Unknown BPF opcode 0x${ins.code.toString(16)}`);
    }
  }
  return 0;
}
