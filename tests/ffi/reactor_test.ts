import {
  AF_UNIX,
  check,
  Errno,
  errno,
  libc,
  MSG_DONTWAIT,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCKADDR_UN_SIZE,
  sockaddrUn,
} from "../../ffi/libc.ts";
import { Reactor } from "../../ffi/reactor.ts";

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

Deno.test("Reactor delivers datagrams to the main thread and stops cleanly", async () => {
  const c = libc();
  const dir = await Deno.makeTempDir();
  const path = `${dir}/srv`;
  const srv = check("socket", c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  check("bind", c.bind(srv, sockaddrUn(path), SOCKADDR_UN_SIZE));
  // The sender must not block the main thread: the receive queue holds only a few datagrams.
  const cli = check("socket", c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  const reactor = new Reactor();
  const got: string[] = [];
  let done!: () => void;
  const all = new Promise<void>((r) => done = r);
  reactor.watch(srv, (fd) => {
    const buf = new Uint8Array(4096);
    for (;;) {
      const n = Number(c.recvfrom(fd, buf, 4096n, MSG_DONTWAIT, null, null));
      if (n < 0) {
        assert(errno() === Errno.EAGAIN, `recvfrom errno ${errno()}`);
        break;
      }
      got.push(new TextDecoder().decode(buf.subarray(0, n)));
      if (got.length === 50) done();
    }
  });
  const dest = sockaddrUn(path);
  for (let i = 0; i < 50; i++) {
    const m = new TextEncoder().encode(`msg${i}`);
    while (c.sendto(cli, m, BigInt(m.length), 0, dest, SOCKADDR_UN_SIZE) < 0) {
      assert(errno() === Errno.EAGAIN, `sendto errno ${errno()}`);
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  await all;
  await reactor.stop();
  c.close(srv);
  c.close(cli);
  await Deno.remove(dir, { recursive: true });
  assert(got.length === 50 && got[49] === "msg49", `got ${got.length} datagrams`);
});
