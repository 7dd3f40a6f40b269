/**
 * A readiness loop for file descriptors that Deno itself does not manage. Handlers run on the
 * main thread and read with MSG_DONTWAIT until EAGAIN. An eventfd wakes the poll whenever the
 * set of descriptors changes or the loop stops.
 *
 * The loop has two gears. Idle, one `poll(2)` runs on a worker thread (a non-blocking FFI
 * call), so Deno's event loop sleeps undisturbed. Once a descriptor has been ready, the loop
 * polls on the main thread itself for a short while ("hot"), in slices of a few milliseconds
 * with a turn of Deno's event loop between them. A WPS or 4-way exchange is a burst of frames
 * a fraction of a millisecond apart; waking the worker thread and then the event loop for each
 * of them cost about 1 ms a frame, which is more than the protocol work itself.
 *
 * A daemon can also keep the poll on the main thread all the time
 * ({@link Reactor.idleOnMainThread}): long slices that end at the next timer it knows of, with
 * a turn of the event loop after each. The first frame of an exchange then wakes the thread
 * that handles it, not a worker thread that must wake the main thread in turn: EAPOL-Start to
 * EAP-Request/Identity took 0.5 instead of 1.2 ms on the CI machine. The short hot slices are
 * then of no use, and they cost CPU just when a station needs it for its own work (15 turns of
 * the event loop in each 100 ms window, about 1.5 ms each in the qemu guest), so the loop
 * keeps the long slices while hot too and only wakes when the window closes, for
 * {@link Reactor.onIdle}. Deno work the reactor cannot see (a file write, a child process) is
 * announced with {@link Reactor.busy}; until it settles the poll goes back to the worker
 * thread, or to the hot slices, so nothing waits for a slice to end.
 *
 * @module
 */

import { setImmediate } from "node:timers";
import type { TimerDriver } from "../core/clock.ts";
import {
  check,
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  libc,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
} from "./libc.ts";

/** Called on the main thread when `fd` is readable (or has an error pending). */
export type ReadableHandler = (fd: number) => void;

/** Timing of the hot gear. */
export interface ReactorTiming {
  /** How long the loop stays on the main thread after the last ready descriptor (ms). */
  hotMs: number;
  /**
   * Longest main-thread poll between two turns of Deno's event loop (ms). After a descriptor was
   * served the first slice is 1 ms, and each quiet slice doubles up to this.
   */
  sliceMs: number;
}

/**
 * Default timing. The slice bounds how late a timer or a Deno promise (a file write, a signal)
 * can run while the loop is hot; the hot window covers the think time of a peer in the middle
 * of an exchange (a station's DH or PBKDF2 work), not the gaps between exchanges. Each turn of
 * the event loop costs CPU (under qemu TCG it showed as a tenth of the daemon's time with fixed
 * 4 ms slices), so quiet slices grow: a 100 ms window takes about 15 turns, not 25.
 */
export const DEFAULT_REACTOR_TIMING: ReactorTiming = { hotMs: 100, sliceMs: 8 };

/**
 * After a signal interrupted the main-thread poll: how many event-loop turns that wait on a
 * timer, each followed by a poll of at most SIGNAL_SLICE_MS, come before the long slices
 * resume. Deno runs a signal listener only once its event loop has waited on its own I/O
 * driver, which a timer's turn does and an immediate's does not: with immediates alone a
 * SIGHUP to an idle daemon was acted on 2.6 s late (100 ms slices); with these, in 4-10 ms.
 */
const SIGNAL_TURNS = 5;
const SIGNAL_SLICE_MS = 5;

/**
 * A signal that lands while JavaScript runs between two main-thread polls interrupts no poll, and
 * immediates' turns do not run its listener (a SIGTERM sent just after a burst of control
 * commands waited 20-29 s with 1 s idle slices). So the main-thread loop takes a timer's turn,
 * which does, whenever a poll ends with nothing to serve outside the hot window (each idle slice,
 * and the end of each exchange), and at least this often under a stream of frames. A timer's turn
 * costs about 2 ms of waiting (Deno 2.9's timer granularity), none of it inside an exchange.
 */
const TIMER_TURN_GAP_MS = 500;

/** Options of {@link Reactor.idleOnMainThread}. */
export interface IdleMainOptions {
  /** Longest main-thread poll while idle (ms). */
  sliceMs: number;
  /** When the next timer falls due (a `performance.now()` time), or undefined when none is. */
  nextDeadline: () => number | undefined;
  /**
   * Timers the loop runs itself while it polls on the main thread (a SystemClock, which
   * idleOnMainThread hands this reactor as its driver).
   */
  timers?: { drive(driver: TimerDriver): void; runDue(): void; released(): void };
}

/** A turn of Deno's event loop: timers and resolved I/O promises get to run. */
function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A turn that waits on Deno's I/O driver as well, so signal listeners run. */
function timerTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The poll loop; one per process is enough. */
export class Reactor implements TimerDriver {
  #handlers = new Map<number, ReadableHandler>();
  // Bumped on every change of #handlers: the hot loop polls every few milliseconds and rebuilds
  // its pollfd array only when the set changed.
  #version = 0;
  #wake: number;
  #running = false;
  #stopped = false;
  #loop: Promise<void> | undefined;
  #timing: ReactorTiming;
  #hotUntil = 0;
  #idleMain: IdleMainOptions | undefined;
  #busy = 0;
  #polls = 0;

  /**
   * Called once each time the hot window closes, just before the loop goes idle: the moment for
   * housekeeping that must not land inside an exchange (the daemon collects garbage there).
   * Errors are logged and ignored.
   */
  onIdle: (() => void) | undefined;

  constructor(timing: ReactorTiming = DEFAULT_REACTOR_TIMING) {
    if (!(timing.hotMs >= 0 && timing.sliceMs > 0)) {
      throw new RangeError(`Invalid reactor timing ${JSON.stringify(timing)}`);
    }
    this.#timing = { ...timing };
    this.#wake = check("eventfd", libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  }

  /**
   * Polls on the main thread when idle too, in slices of at most `sliceMs` that end at
   * `nextDeadline()` (a `performance.now()` time, or undefined when no timer is pending) so
   * the runtime's timers fire on time; while hot as well, the slice then ending no later than
   * the hot window. Deno work outside the reactor waits up to a slice unless announced with
   * {@link busy}. With `timers` the loop also runs them after each poll while it
   * {@link drivesTimers}, and releases them when it stops doing so.
   */
  idleOnMainThread(opts: IdleMainOptions): void {
    if (!(opts.sliceMs > 0)) throw new RangeError(`Invalid idle slice ${opts.sliceMs}`);
    this.#idleMain = { ...opts };
    opts.timers?.drive(this);
    this.#kick();
  }

  /**
   * Announces Deno work the reactor cannot see (file I/O, a child process, a reload): while any
   * is pending the idle poll runs on the worker thread, so its continuations run at once.
   *
   * @returns `work`, unchanged
   */
  busy<T>(work: Promise<T>): Promise<T> {
    // The poll moves off the main thread and stops running the timers: hand them back first.
    if (++this.#busy === 1) this.#idleMain?.timers?.released();
    this.#kick();
    const done = () => {
      // Wake the worker-thread poll so the loop can return to the main thread.
      if (--this.#busy === 0) this.#kick();
    };
    work.then(done, done);
    return work;
  }

  /**
   * True while the loop runs the timers of `idleOnMainThread`'s `timers` itself: it polls on the
   * main thread, waking by their next deadline, and no announced Deno work is pending.
   */
  get drivesTimers(): boolean {
    return this.#running && !this.#stopped && this.#idleMain?.timers !== undefined &&
      this.#busy === 0;
  }

  /** True while Deno work announced with {@link busy} has not settled. */
  get working(): boolean {
    return this.#busy > 0;
  }

  /** True while a descriptor was ready within the last `hotMs`. */
  get hot(): boolean {
    return this.#running && performance.now() < this.#hotUntil;
  }

  /** How many poll(2) calls the loop has made, for tests and diagnostics. */
  get polls(): number {
    return this.#polls;
  }

  /** Starts watching `fd`; replaces an earlier handler for it. */
  watch(fd: number, handler: ReadableHandler): void {
    if (this.#stopped) throw new Error("Cannot watch a descriptor on a stopped reactor");
    this.#handlers.set(fd, handler);
    this.#version++;
    this.#kick();
    if (!this.#running) {
      this.#running = true;
      this.#loop = this.#run();
    }
  }

  /** Stops watching `fd` (it is not closed). */
  unwatch(fd: number): void {
    if (this.#handlers.delete(fd)) {
      this.#version++;
      this.#kick();
    }
  }

  /** Ends the loop; resolves once the worker-thread poll has returned. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#handlers.clear();
    this.#kick();
    await this.#loop;
    libc().close(this.#wake);
  }

  #kick(): void {
    const one = new Uint8Array(8);
    one[0] = 1;
    libc().write(this.#wake, one, 8n);
  }

  async #run(): Promise<void> {
    const c = libc();
    const { hotMs, sliceMs } = this.#timing;
    let slice = 1;
    let built = -1;
    // Which handler each descriptor had when this poll began: a descriptor closed and reused
    // meanwhile (same number, new socket, new handler) must not lose its watch to the old
    // descriptor's POLLNVAL.
    let polled = new Map<number, ReadableHandler>();
    let fds: number[] = [];
    let buf = new Uint8Array(0);
    let view = new DataView(buf.buffer);
    let wasHot = false;
    let signalled = 0;
    let timerTurnAt = performance.now();
    while (!this.#stopped) {
      if (built !== this.#version) {
        built = this.#version;
        polled = new Map(this.#handlers);
        fds = [this.#wake, ...polled.keys()];
        buf = new Uint8Array(8 * fds.length);
        view = new DataView(buf.buffer);
        fds.forEach((fd, i) => {
          view.setInt32(8 * i, fd, true);
          view.setInt16(8 * i + 4, POLLIN, true);
        });
      }
      const left = this.#hotUntil - performance.now();
      const hot = left > 0;
      if (!hot && wasHot) this.#idle();
      wasHot = hot;
      const idleMain = this.#idleMain !== undefined && this.#busy === 0;
      this.#polls++;
      const n = idleMain
        ? c.poll_here(
          buf,
          BigInt(fds.length),
          this.#idleTimeout(signalled > 0 ? SIGNAL_SLICE_MS : hot ? Math.ceil(left) : Infinity),
        )
        : hot
        ? c.poll_here(buf, BigInt(fds.length), Math.max(1, Math.min(slice, Math.ceil(left))))
        : await c.poll(buf, BigInt(fds.length), -1);
      if (this.#stopped) break;
      // poll(2) on the main thread fails with EINTR when a signal arrives (Linux hands a
      // process-directed signal to the main thread first): see SIGNAL_TURNS.
      if (signalled > 0) signalled--;
      if (n < 0 && idleMain) signalled = SIGNAL_TURNS;
      const served = n > 0 && this.#dispatch(fds, view, polled);
      if (idleMain) this.#runTimers();
      if (served) {
        this.#hotUntil = performance.now() + hotMs;
        slice = 1;
      } else if (hot) {
        slice = Math.min(sliceMs, slice * 2);
      }
      // Before the next poll blocks this thread, let what the handlers started run: a promise
      // they resolved (a netlink reply someone awaits) must not wait out a whole slice. A full
      // turn, not only the microtasks: the radio's 4-way took 178 instead of 89 ms in the guest
      // when the turn after a wake from the worker thread was left to the next slice.
      const now = performance.now();
      if (
        signalled > 0 ||
        (idleMain && ((n === 0 && now >= this.#hotUntil) || now - timerTurnAt > TIMER_TURN_GAP_MS))
      ) {
        timerTurnAt = now;
        await timerTurn();
      } else if (hot || served || idleMain) await eventLoopTurn();
    }
    this.#running = false;
    this.#idleMain?.timers?.released();
  }

  #runTimers(): void {
    try {
      this.#idleMain!.timers?.runDue();
    } catch (err) {
      // Like a handler's bug: reported, and the loop goes on (the throwing timer is gone).
      console.error(`reactor: a timer threw: ${err}`);
    }
  }

  /**
   * The long slice on the main thread: up to the next timer (plus 1 ms, so it is due), and no
   * later than `capMs` (the end of the hot window).
   */
  #idleTimeout(capMs: number): number {
    const { sliceMs, nextDeadline } = this.#idleMain!;
    const at = nextDeadline();
    const timer = at === undefined ? sliceMs : Math.ceil(at - performance.now()) + 1;
    return Math.max(0, Math.min(sliceMs, timer, capMs));
  }

  #idle(): void {
    try {
      this.onIdle?.();
    } catch (err) {
      console.error(`reactor: idle hook threw: ${err}`);
    }
  }

  /** Runs the handlers of the ready descriptors; true when any of them ran. */
  #dispatch(fds: number[], view: DataView, polled: Map<number, ReadableHandler>): boolean {
    let served = false;
    for (let i = 0; i < fds.length; i++) {
      const revents = view.getInt16(8 * i + 6, true);
      if (revents === 0) continue;
      const fd = fds[i]!;
      if (fd === this.#wake) {
        libc().read(this.#wake, new Uint8Array(8), 8n);
        continue;
      }
      const handler = this.#handlers.get(fd);
      if (!handler || handler !== polled.get(fd)) continue;
      if (revents & POLLNVAL) {
        this.#handlers.delete(fd);
        this.#version++;
        continue;
      }
      if (revents & (POLLIN | POLLERR | POLLHUP)) {
        served = true;
        try {
          handler(fd);
        } catch (err) {
          // A handler's bug must not stop every other descriptor from being served.
          console.error(`reactor: handler for fd ${fd} threw: ${err}`);
        }
      }
    }
    return served;
  }
}

let shared: Reactor | undefined;

/** The process-wide reactor, created on first use. */
export function sharedReactor(): Reactor {
  shared ??= new Reactor();
  return shared;
}

/** Stops the process-wide reactor if one was created. */
export async function stopSharedReactor(): Promise<void> {
  const r = shared;
  shared = undefined;
  await r?.stop();
}
