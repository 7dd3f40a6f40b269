/**
 * A readiness loop for file descriptors that Deno itself does not manage. One `poll(2)` runs on
 * a worker thread (a non-blocking FFI call), so the event loop never blocks; when a descriptor
 * becomes readable its handler runs on the main thread and reads with MSG_DONTWAIT until
 * EAGAIN. An eventfd wakes the poll whenever the set of descriptors changes or the loop stops.
 *
 * @module
 */

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

/** The poll loop; one per process is enough. */
export class Reactor {
  #handlers = new Map<number, ReadableHandler>();
  #wake: number;
  #running = false;
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor() {
    this.#wake = check("eventfd", libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  }

  /** Starts watching `fd`; replaces an earlier handler for it. */
  watch(fd: number, handler: ReadableHandler): void {
    if (this.#stopped) throw new Error("Cannot watch a descriptor on a stopped reactor");
    this.#handlers.set(fd, handler);
    this.#kick();
    if (!this.#running) {
      this.#running = true;
      this.#loop = this.#run();
    }
  }

  /** Stops watching `fd` (it is not closed). */
  unwatch(fd: number): void {
    if (this.#handlers.delete(fd)) this.#kick();
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
    const drain = new Uint8Array(8);
    while (!this.#stopped) {
      // Which handler each descriptor had when this poll began: a descriptor closed and reused
      // meanwhile (same number, new socket, new handler) must not lose its watch to the old
      // descriptor's POLLNVAL.
      const polled = new Map(this.#handlers);
      const fds = [this.#wake, ...polled.keys()];
      const buf = new Uint8Array(8 * fds.length);
      const view = new DataView(buf.buffer);
      fds.forEach((fd, i) => {
        view.setInt32(8 * i, fd, true);
        view.setInt16(8 * i + 4, POLLIN, true);
      });
      const n = await c.poll(buf, BigInt(fds.length), -1);
      if (this.#stopped) break;
      if (n <= 0) continue;
      for (let i = 0; i < fds.length; i++) {
        const revents = view.getInt16(8 * i + 6, true);
        if (revents === 0) continue;
        const fd = fds[i]!;
        if (fd === this.#wake) {
          c.read(this.#wake, drain, 8n);
          continue;
        }
        const handler = this.#handlers.get(fd);
        if (!handler || handler !== polled.get(fd)) continue;
        if (revents & POLLNVAL) {
          this.#handlers.delete(fd);
          continue;
        }
        if (revents & (POLLIN | POLLERR | POLLHUP)) {
          try {
            handler(fd);
          } catch (err) {
            // A handler's bug must not stop every other descriptor from being served.
            console.error(`reactor: handler for fd ${fd} threw: ${err}`);
          }
        }
      }
    }
    this.#running = false;
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
