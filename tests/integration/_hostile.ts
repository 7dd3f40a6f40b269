/**
 * Hostile control-socket traffic for flood tests: random bytes, oversized (up to 64 KiB) and
 * empty datagrams, partial commands, embedded NULs and malformed addresses, in a fixed rotation.
 *
 * @module
 */

import { UnixDgramSocket } from "../../ffi/unix_dgram.ts";

const enc = new TextEncoder();
const PARTIAL = ["WPS_PIN", "WPS_PIN ", "WPS_AP_PIN set", "STA-NEXT ", "LEVEL ", "ATTACH"];
const BIG = new Uint8Array(65536).fill(0x41);

/** The i-th hostile datagram. */
export function hostileDatagram(i: number): Uint8Array {
  switch (i % 6) {
    case 0:
      return crypto.getRandomValues(new Uint8Array(1 + (i % 4000)));
    case 1:
      return i % 60 === 1 ? BIG : new Uint8Array(4096 + (i % 100));
    case 2:
      return new Uint8Array(0);
    case 3:
      return enc.encode(PARTIAL[i % PARTIAL.length]!);
    case 4:
      return enc.encode(`WPS_PIN any \0${"\0".repeat(i % 7)}x`);
    default:
      return enc.encode(`STA ${"zz:".repeat(i % 50)}`);
  }
}

/**
 * Sends `count` hostile datagrams to the control socket at `path` from a socket bound in
 * `dir`, waiting whenever the server's queue is full, and reads whatever replies come back.
 *
 * @returns how many datagrams were sent and how many replies arrived
 */
export async function floodControlSocket(
  path: string,
  dir: string,
  count: number,
): Promise<{ sent: number; replies: number }> {
  const flood = UnixDgramSocket.bind(`${dir}/flood-${Deno.pid}`);
  let sent = 0, replies = 0;
  const drain = () => {
    while (flood.receive() !== null) replies++;
  };
  try {
    for (let i = 0; i < count; i++) {
      const d = hostileDatagram(i);
      while (flood.sendTo(d, path) !== 0) {
        // The server's queue is full: let it run the queue down.
        drain();
        await new Promise((r) => setTimeout(r, 1));
      }
      sent++;
      if (i % 200 === 0) drain();
    }
    drain();
  } finally {
    flood.close();
  }
  return { sent, replies };
}
