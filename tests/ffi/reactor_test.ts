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
import { Reactor, type ReactorTiming } from "../../ffi/reactor.ts";

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits, a millisecond at a time, until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(1);
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
      await sleep(1);
    }
  }
  await all;
  await reactor.stop();
  c.close(srv);
  c.close(cli);
  await Deno.remove(dir, { recursive: true });
  assert(got.length === 50 && got[49] === "msg49", `got ${got.length} datagrams`);
});

/** A bound datagram socket pair for the hot-gear tests. */
async function datagramPair() {
  const c = libc();
  const dir = await Deno.makeTempDir();
  const path = `${dir}/srv`;
  const srv = check("socket", c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  check("bind", c.bind(srv, sockaddrUn(path), SOCKADDR_UN_SIZE));
  const cli = check("socket", c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  const dest = sockaddrUn(path);
  return {
    srv,
    send(text: string) {
      const m = new TextEncoder().encode(text);
      assert(c.sendto(cli, m, BigInt(m.length), 0, dest, SOCKADDR_UN_SIZE) >= 0, "sendto");
    },
    drain(fd: number): number {
      const buf = new Uint8Array(256);
      let n = 0;
      while (Number(c.recvfrom(fd, buf, 256n, MSG_DONTWAIT, null, null)) >= 0) n++;
      return n;
    },
    async close() {
      c.close(srv);
      c.close(cli);
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("Reactor turns hot after a ready descriptor and cools down after hotMs", async () => {
  const p = await datagramPair();
  const reactor = new Reactor({ hotMs: 150, sliceMs: 4 });
  let got = 0;
  reactor.watch(p.srv, (fd) => got += p.drain(fd));
  await sleep(20);
  assert(!reactor.hot, "idle: the poll runs on a worker thread");
  p.send("a");
  await until(() => got >= 1);
  assert(reactor.hot, "after a datagram the loop polls on the main thread");
  await sleep(300);
  assert(!reactor.hot, "no traffic for hotMs: back to the worker thread");
  p.send("b");
  await until(() => got >= 2);
  await reactor.stop();
  await p.close();
});

Deno.test("Reactor calls onIdle once each time a hot window closes, never while hot", async () => {
  const p = await datagramPair();
  const reactor = new Reactor({ hotMs: 60, sliceMs: 4 });
  let got = 0;
  const idleAt: { got: number; hot: boolean }[] = [];
  reactor.onIdle = () => idleAt.push({ got, hot: reactor.hot });
  reactor.watch(p.srv, (fd) => got += p.drain(fd));
  await sleep(20);
  assert(idleAt.length === 0, "no idle call before the loop was ever hot");
  for (const burst of [1, 2]) {
    p.send(`a${burst}`);
    await until(() => got >= burst);
    p.send(`b${burst}`);
    await sleep(10);
    assert(idleAt.length === burst - 1, `burst ${burst}: no idle call while hot`);
    await sleep(200);
    assert(idleAt.length === burst, `burst ${burst}: ${idleAt.length} idle calls`);
  }
  assert(idleAt.every((x) => !x.hot), "the hook runs after the window closed");
  assert(idleAt[0]!.got === 2 && idleAt[1]!.got === 4, JSON.stringify(idleAt));
  // A throwing hook is reported and the loop keeps serving.
  reactor.onIdle = () => {
    throw new Error("hook failed");
  };
  p.send("c");
  await sleep(200);
  p.send("d");
  await until(() => got >= 6);
  await reactor.stop();
  await p.close();
});

Deno.test("While hot, timers and Deno's own I/O still run between slices", async () => {
  const p = await datagramPair();
  const reactor = new Reactor({ hotMs: 5_000, sliceMs: 4 });
  let got = 0;
  reactor.watch(p.srv, (fd) => got += p.drain(fd));
  p.send("a");
  await until(() => got >= 1);
  assert(reactor.hot, "hot");
  const t0 = performance.now();
  await sleep(10);
  const timerMs = performance.now() - t0;
  const t1 = performance.now();
  await Deno.readTextFile("/proc/self/status");
  const ioMs = performance.now() - t1;
  // A slice blocks for at most 4 ms, so neither waits for the 5 s hot window to end.
  assert(timerMs < 500 && ioMs < 500, `timer ${timerMs} ms, read ${ioMs} ms`);
  // A datagram sent meanwhile is still served on the main thread.
  p.send("b");
  await until(() => got >= 2);
  assert(reactor.hot, "still hot");
  const t2 = performance.now();
  await reactor.stop();
  assert(performance.now() - t2 < 500, "stop() does not wait for the hot window");
  await p.close();
});

Deno.test("A promise a handler resolves runs before the next main-thread poll blocks", async () => {
  const p = await datagramPair();
  // A long slice: were the continuation left for after the next poll, it would wait 2 s.
  const reactor = new Reactor({ hotMs: 5_000, sliceMs: 2_000 });
  let resolveReply!: () => void;
  reactor.watch(p.srv, (fd) => {
    p.drain(fd);
    resolveReply();
  });
  for (const label of ["cold", "hot"]) {
    const reply = new Promise<void>((r) => resolveReply = r);
    const t0 = performance.now();
    p.send(label);
    await reply;
    // The awaiting code runs a follow-up step, as a driver does after a netlink reply.
    await Promise.resolve();
    const ms = performance.now() - t0;
    assert(ms < 500, `${label}: the continuation ran after ${ms.toFixed(0)} ms`);
  }
  await reactor.stop();
  await p.close();
});

/**
 * A reactor in the daemon's main-thread mode over a datagram pair, with a SystemClock whose
 * timers are the only ones it knows of: the tests wait on nothing else (see clockSleep).
 */
async function mainThreadReactor(timing: ReactorTiming, idleSliceMs: number, drive = false) {
  const { SystemClock } = await import("../../core/clock.ts");
  const clock = new SystemClock();
  const p = await datagramPair();
  const reactor = new Reactor(timing);
  reactor.idleOnMainThread({
    sliceMs: idleSliceMs,
    nextDeadline: () => clock.nextDeadline(),
    ...(drive ? { timers: clock } : {}),
  });
  const clockSleep = (ms: number) => new Promise<void>((r) => clock.setTimer(ms, r));
  return { clock, p, reactor, clockSleep };
}

Deno.test("Idle on the main thread: frames served, clock timers on time, busy work not held up", async () => {
  // hotMs 0: every poll is an idle one, and a 2 s idle slice would show in every check below.
  const { clock, p, reactor, clockSleep } = await mainThreadReactor(
    { hotMs: 0, sliceMs: 4 },
    2_000,
  );
  let got = 0;
  let served: () => void = () => {};
  reactor.watch(p.srv, (fd) => {
    got += p.drain(fd);
    served();
  });
  const frame = async (text: string) => {
    const done = new Promise<void>((r) => served = r);
    const t = performance.now();
    p.send(text);
    await done;
    return performance.now() - t;
  };
  await clockSleep(50);

  // A frame arriving while the main thread sleeps in poll(2) is served at once.
  const frameMs = await frame("a");

  // A timer of the clock ends the slice when it falls due.
  const t1 = performance.now();
  await clockSleep(30);
  const timerMs = performance.now() - t1;
  assert(clock.nextDeadline() === undefined, "a fired timer is forgotten");

  // Deno I/O announced with busy() runs on the worker-thread poll, without waiting a slice.
  const t2 = performance.now();
  const read = reactor.busy(Deno.readTextFile("/proc/self/status"));
  assert(reactor.working, "announced work is reported while it runs");
  await read;
  await reactor.busy(Deno.readTextFile("/proc/self/status"));
  const busyMs = performance.now() - t2;
  assert(!reactor.working, "and no longer once it settled");

  // And the loop is back on the main thread afterwards: frames still served.
  const againMs = await frame("b");
  assert(got === 2, `${got} datagrams`);
  assert(frameMs < 500 && againMs < 500, `frames served after ${frameMs} and ${againMs} ms`);
  assert(timerMs >= 29 && timerMs < 500, `30 ms timer fired after ${timerMs.toFixed(1)} ms`);
  assert(busyMs < 500, `two announced reads took ${busyMs.toFixed(1)} ms`);
  const t3 = performance.now();
  await reactor.stop();
  assert(performance.now() - t3 < 1_000, "stop() does not wait for the idle slice");
  await p.close();
});

Deno.test("Main-thread mode driving the clock: timers on time with no runtime timer, handed back while busy", async () => {
  const { clock, p, reactor, clockSleep } = await mainThreadReactor(
    { hotMs: 50, sliceMs: 4 },
    2_000,
    true,
  );
  // Count the runtime timers the clock arms (it calls the global setTimeout when it does; the
  // reactor's own turns use a 0 ms one, not counted).
  const realSetTimeout = globalThis.setTimeout;
  let armed = 0;
  const counting = ((fn: () => void, ms?: number) => {
    if ((ms ?? 0) > 0) armed++;
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout;
  try {
    reactor.watch(p.srv, (fd) => p.drain(fd));
    assert(reactor.drivesTimers, "a running main-thread reactor drives the timers");
    globalThis.setTimeout = counting;
    const t0 = performance.now();
    await clockSleep(30);
    const ms = performance.now() - t0;
    for (let i = 0; i < 50; i++) clock.clearTimer(clock.setTimer(1_000 + i, () => {}));
    globalThis.setTimeout = realSetTimeout;
    assert(ms >= 29 && ms < 500, `30 ms timer fired after ${ms.toFixed(1)} ms`);
    assert(armed === 0, `${armed} runtime timers armed while the reactor drove the clock`);

    // Set while driven, then the loop moves to the worker thread for 400 ms of announced work:
    // the clock must take the timer back, or it fires only when the work is done.
    const t1 = performance.now();
    const fired = clockSleep(40).then(() => performance.now() - t1);
    const work = reactor.busy(new Promise((r) => setTimeout(r, 400)));
    assert(!reactor.drivesTimers, "not while announced work is pending");
    const firedMs = await fired;
    await work;
    assert(firedMs >= 39 && firedMs < 300, `40 ms timer fired after ${firedMs.toFixed(1)} ms`);
    assert(reactor.drivesTimers, "and again once it settled");
  } finally {
    globalThis.setTimeout = realSetTimeout;
    await reactor.stop();
    assert(!reactor.drivesTimers, "a stopped reactor drives nothing");
    await p.close();
  }
});

Deno.test("Main-thread mode: a signal that comes while a handler runs is acted on within the hot window", async () => {
  // Sent from the handler, the signal lands while JavaScript runs: no poll fails with EINTR,
  // and with immediates' turns alone its listener waited 15-25 idle slices.
  const { p, reactor, clockSleep } = await mainThreadReactor({ hotMs: 100, sliceMs: 4 }, 2_000);
  let sentAt = 0;
  const delays: number[] = [];
  let seen = () => {};
  const listener = () => {
    delays.push(performance.now() - sentAt);
    seen();
  };
  Deno.addSignalListener("SIGUSR2", listener);
  try {
    reactor.watch(p.srv, (fd) => {
      p.drain(fd);
      sentAt = performance.now();
      Deno.kill(Deno.pid, "SIGUSR2");
    });
    for (let i = 1; i <= 3; i++) {
      await clockSleep(300);
      // Waiting on a timer of our own would itself give the listener its turn: wait for it alone
      // (the 5 s bound is one timer, due long after the answer).
      const acted = new Promise<void>((r) => seen = r);
      p.send(`signal ${i}`);
      await Promise.race([acted, clockSleep(5_000)]);
      assert(delays.length === i, `signal ${i} not acted on within 5 s`);
      assert(delays[i - 1]! < 600, `signal ${i} acted on after ${delays[i - 1]!.toFixed(0)} ms`);
    }
  } finally {
    Deno.removeSignalListener("SIGUSR2", listener);
    await reactor.stop();
    await p.close();
  }
});

Deno.test("Main-thread mode: no short slices while hot, onIdle once when the window closes", async () => {
  // With hot slices of 2 ms, a 400 ms hot window would poll (and turn the event loop) over 50
  // times; here the poll sleeps until the window closes.
  const { p, reactor, clockSleep } = await mainThreadReactor({ hotMs: 400, sliceMs: 2 }, 5_000);
  let got = 0;
  const idleAt: number[] = [];
  reactor.onIdle = () => idleAt.push(performance.now());
  reactor.watch(p.srv, (fd) => got += p.drain(fd));
  await clockSleep(30);
  const sentAt = performance.now();
  p.send("a");
  // Waiting on the clock, which the reactor knows of, keeps this test's own wake-ups visible.
  await clockSleep(200);
  assert(got === 1 && reactor.hot, "served, and hot after the datagram");
  const before = reactor.polls;
  await clockSleep(400);
  const during = reactor.polls - before;
  assert(!reactor.hot, "the window has closed");
  assert(during <= 6, `${during} polls in 400 ms of a quiet hot window`);
  assert(idleAt.length === 1, `${idleAt.length} idle calls`);
  const idleAfter = idleAt[0]! - sentAt;
  assert(idleAfter >= 399 && idleAfter < 700, `onIdle ${idleAfter.toFixed(0)} ms after the frame`);
  await reactor.stop();
  await p.close();
});

Deno.test("SystemClock.nextDeadline() tracks pending timers only", async () => {
  const { SystemClock } = await import("../../core/clock.ts");
  const clock = new SystemClock();
  assert(clock.nextDeadline() === undefined, "none pending");
  const now = performance.now();
  const a = clock.setTimer(1_000, () => {});
  const fired = new Promise<void>((r) => clock.setTimer(5, r));
  const next = clock.nextDeadline()!;
  assert(next >= now + 4 && next < now + 100, `earliest is the 5 ms timer: ${next - now}`);
  await fired;
  const later = clock.nextDeadline()!;
  assert(later >= now + 999, "the fired one is gone");
  clock.clearTimer(a);
  assert(clock.nextDeadline() === undefined, "a cleared one is gone");
});
