import { deepStrictEqual, equal, throws } from "node:assert/strict";
import {
  dropGenlCommands,
  encodeBpfProgram,
  runBpfProgram,
  SOCK_FILTER_SIZE,
} from "../../../core/netlink/event_filter.ts";
import { buildGenlMessage } from "../../../core/netlink/message.ts";

const NL80211 = 0x1c;
const NEW_STATION = 19, DEL_STATION = 20, FRAME = 59, CONTROL_PORT_FRAME_TX_STATUS = 139;

const message = (type: number, cmd: number, le = true) => {
  const m = buildGenlMessage({ type, flags: 0, seq: 0, portId: 0 }, cmd, new Uint8Array(8));
  if (!le) m.set([m[5]!, m[4]!], 4); // the same header as a big-endian host writes it
  return m;
};

Deno.test("dropGenlCommands() drops the family's listed commands and keeps everything else whole", () => {
  for (const le of [true, false]) {
    const prog = dropGenlCommands(
      NL80211,
      [NEW_STATION, DEL_STATION, CONTROL_PORT_FRAME_TX_STATUS],
      le,
    );
    for (const cmd of [NEW_STATION, DEL_STATION, CONTROL_PORT_FRAME_TX_STATUS]) {
      equal(runBpfProgram(prog, message(NL80211, cmd, le)), 0, `cmd ${cmd}`);
    }
    const frame = message(NL80211, FRAME, le);
    equal(runBpfProgram(prog, frame), frame.length);
    // Another family's message with a listed command number, an ACK/error (type 2), NLMSG_DONE.
    const other = message(0x10, NEW_STATION, le);
    equal(runBpfProgram(prog, other), other.length);
    const error = message(2, NEW_STATION, le);
    equal(runBpfProgram(prog, error), error.length);
    // A family id whose bytes are the swapped nl80211 id is not nl80211.
    const swapped = message(NL80211 << 8, NEW_STATION, le);
    equal(runBpfProgram(prog, swapped), swapped.length);
  }
});

Deno.test("dropGenlCommands() refuses what a sock_filter cannot hold", () => {
  throws(() => dropGenlCommands(NL80211, [], true), RangeError);
  throws(
    () => dropGenlCommands(NL80211, Array.from({ length: 251 }, (_, i) => i), true),
    RangeError,
  );
  throws(() => dropGenlCommands(0x10000, [1], true), RangeError);
});

Deno.test("encodeBpfProgram() lays out struct sock_filter in host byte order", () => {
  const prog = dropGenlCommands(NL80211, [NEW_STATION], true);
  const le = encodeBpfProgram(prog, true), be = encodeBpfProgram(prog, false);
  equal(le.length, prog.length * SOCK_FILTER_SIZE);
  // ldh [4]; jeq #0x1c00 (nl80211's id as BPF's big-endian load reads it) ...
  deepStrictEqual([...le.subarray(0, 16)], [
    0x28,
    0,
    0,
    0,
    4,
    0,
    0,
    0,
    0x15,
    0,
    0,
    2,
    0x00,
    0x1c,
    0,
    0,
  ]);
  deepStrictEqual([...be.subarray(8, 16)], [0, 0x15, 0, 2, 0, 0, 0x1c, 0x00]);
  // The last instruction drops: ret #0.
  deepStrictEqual([...le.subarray(le.length - 8)], [6, 0, 0, 0, 0, 0, 0, 0]);
});
