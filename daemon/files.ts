/**
 * Files the daemon writes: wpa_psk_file entries, the PIN request log and a rewritten
 * hostapd.conf. Every write goes to a temporary file in the same directory, is fsynced and then
 * renamed over the target, so a crash or power cut leaves either the old or the new file, never
 * a torn line. And the files it reads besides its config: the MAC access lists, and the check
 * that the files a config names can be read (hostapd reads them while it parses).
 *
 * The writes are synchronous, as hostapd's are. A rewrite is a dozen system calls (0.7 ms with
 * both fsyncs on ext4 here); made as Deno's asynchronous calls, each one a round trip through a
 * worker thread, the rewrite of wpa_psk_file after a WPS enrollment took about 90 ms in the qemu
 * guest, all of it across the station's reconnect and 4-way handshake, with the event loop kept
 * awake for it. The queue still runs a write after the task that asked for it (the reply frame
 * goes out first), and lines asked for within one task share a rewrite.
 *
 * @module
 */

import { MacAcl, type MacAclEntry, parseMacAclFile } from "../core/ap/mac_acl.ts";
import type { BssConfig } from "../core/config/schema.ts";

/** The kernel's limit on symbolic links followed in one lookup (Linux MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

function dirOf(path: string): string {
  return path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";
}

/**
 * The file that open(2) of `path` reaches: symbolic links in the last component followed, a
 * dangling one to the file it would create. (Links among the directories need no resolving: the
 * temporary file and the rename go through them to the same directory.)
 *
 * @throws {Error} for a loop of links, as open(2) fails with ELOOP
 */
export function resolveWriteTarget(path: string): string {
  let current = path;
  for (let i = 0; i <= MAX_SYMLINKS; i++) {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(current);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return current;
      throw err;
    }
    if (!info.isSymlink) return current;
    const link = Deno.readLinkSync(current);
    current = link.startsWith("/") ? link : `${dirOf(current)}/${link}`;
  }
  throw new Error(`Cannot resolve '${path}': too many levels of symbolic links`);
}

/**
 * Replaces `path` with `data` atomically (write temp, fsync, rename, fsync the directory).
 * Keeps the old file's mode and, where the process may (as root), its owner and group.
 * A symbolic link at `path` is replaced itself; appendLinesAtomic resolves links first.
 */
export function writeFileAtomic(path: string, data: Uint8Array, newFileMode = 0o600): void {
  const dir = dirOf(path);
  const tmp = `${path}.tsapd-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.tmp`;
  let old: Deno.FileInfo | undefined;
  try {
    old = Deno.statSync(path);
  } catch {
    old = undefined;
  }
  const mode = old?.mode ?? undefined;
  // A new file gets `newFileMode` less the umask, as open(2) gives it.
  const f = Deno.openSync(tmp, { write: true, createNew: true, mode: mode ?? newFileMode });
  try {
    let off = 0;
    while (off < data.length) off += f.writeSync(data.subarray(off));
    f.syncSync();
  } finally {
    f.close();
  }
  try {
    const uid = old?.uid ?? null;
    const gid = old?.gid ?? null;
    if (uid !== null && gid !== null) {
      // An unprivileged daemon cannot give the file away; it then becomes the daemon's own, as
      // any rewrite by rename makes it.
      try {
        Deno.chownSync(tmp, uid, gid);
      } catch {
        // Not ours to give away.
      }
    }
    // After chown, which clears set-id bits.
    if (mode !== undefined) Deno.chmodSync(tmp, mode & 0o7777);
    Deno.renameSync(tmp, path);
  } catch (err) {
    try {
      Deno.removeSync(tmp);
    } catch {
      // Gone already, or the directory refuses; the error that matters is `err`.
    }
    throw err;
  }
  syncDirectory(dir);
}

/**
 * Appends whole lines to `path` atomically: the file is rewritten with the lines added, so a
 * reader never sees half of one. A missing final newline of the old content is repaired first.
 *
 * hostapd appends with fopen("a"), which follows a symbolic link; so does this: the link's
 * target is rewritten and the link kept. A plain O_APPEND write would also follow the link and
 * keep the inode, but a power cut during it can leave half a line in wpa_psk_file, which then
 * fails to load at all; the rename keeps the rule that no file the daemon writes is left torn.
 * Only where the file cannot be replaced is it appended to in place.
 */
export function appendLinesAtomic(
  path: string,
  lines: readonly string[],
  newFileMode = 0o600,
): void {
  const target = resolveWriteTarget(path);
  let old = new Uint8Array(0);
  try {
    old = Deno.readFileSync(target);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  const add = new TextEncoder().encode(
    lines.map((line) => line.endsWith("\n") ? line : `${line}\n`).join(""),
  );
  const needsNl = old.length > 0 && old[old.length - 1] !== 0x0a;
  const out = new Uint8Array(old.length + (needsNl ? 1 : 0) + add.length);
  out.set(old);
  if (needsNl) out[old.length] = 0x0a;
  out.set(add, old.length + (needsNl ? 1 : 0));
  try {
    writeFileAtomic(target, out, newFileMode);
  } catch (err) {
    // The file cannot be replaced but may still be appended to (a single-file bind mount, an
    // append-only file, a directory the daemon may not write): hostapd's append works there,
    // so does this one, as one write of whole lines, then fsync.
    if (!appendInPlace(target, out.subarray(old.length))) throw err;
  }
}

/** Appends `data` to an existing `path` with one O_APPEND write; false when that fails too. */
function appendInPlace(path: string, data: Uint8Array): boolean {
  let f: Deno.FsFile;
  try {
    f = Deno.openSync(path, { append: true });
  } catch {
    return false;
  }
  try {
    let off = 0;
    while (off < data.length) off += f.writeSync(data.subarray(off));
    f.syncSync();
    return true;
  } catch {
    return false;
  } finally {
    f.close();
  }
}

function syncDirectory(dir: string): void {
  try {
    const d = Deno.openSync(dir, { read: true });
    try {
      d.syncSync();
    } finally {
      d.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  }
}

/** Lines waiting for one rewrite of their file, and who to tell if it fails. */
interface AppendBatch {
  lines: string[];
  onErrors: ((err: unknown) => void)[];
}

/**
 * Serialises writes per path, so two quick appends cannot race and lose one line. Lines appended
 * before their rewrite starts (within the task that asked for the first of them) go out together
 * in one rewrite, which reads and writes the whole file and waits for two fsyncs, the slow part on
 * a router's flash.
 */
export class FileWriteQueue {
  #tails = new Map<string, Promise<void>>();
  #batches = new Map<string, AppendBatch>();
  #rewrites = 0;

  /** How many append batches have been written so far (for tests and diagnostics). */
  get appendRewrites(): number {
    return this.#rewrites;
  }

  /**
   * Runs the synchronous `job` after every earlier job for `path`, once the current task is over
   * (so the event loop never waits on it); errors go to `onError`.
   */
  enqueue(path: string, job: () => void, onError: (err: unknown) => void): Promise<void> {
    // Lines appended after this job must not overtake it in a batch queued before it.
    this.#batches.delete(path);
    const prev = this.#tails.get(path) ?? Promise.resolve();
    const next = prev.then(job).catch(onError);
    this.#tails.set(path, next);
    void next.then(() => {
      if (this.#tails.get(path) === next) this.#tails.delete(path);
    });
    return next;
  }

  /**
   * Appends `line` to `path` after every earlier job for it, atomically (appendLinesAtomic),
   * together with the other lines queued before that rewrite starts. A failed rewrite is
   * reported to the `onError` of each of its lines.
   */
  appendLine(
    path: string,
    line: string,
    onError: (err: unknown) => void,
    newFileMode = 0o600,
  ): Promise<void> {
    const waiting = this.#batches.get(path);
    if (waiting) {
      waiting.lines.push(line);
      waiting.onErrors.push(onError);
      return this.#tails.get(path)!;
    }
    const batch: AppendBatch = { lines: [line], onErrors: [onError] };
    const done = this.enqueue(path, () => {
      // From here on new lines start the next batch.
      if (this.#batches.get(path) === batch) this.#batches.delete(path);
      this.#rewrites++;
      return appendLinesAtomic(path, batch.lines, newFileMode);
    }, (err) => {
      for (const report of batch.onErrors) report(err);
    });
    this.#batches.set(path, batch);
    return done;
  }

  /** Resolves when every queued write has finished. */
  async drain(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all([...this.#tails.values()]);
  }
}

/**
 * Reads `accept_mac_file` and `deny_mac_file` into the access policy of `macaddr_acl`: each
 * key's files in config order into one list, as hostapd does.
 *
 * @throws {Error} when a named file cannot be read or parsed
 */
export async function loadMacAcl(bss: BssConfig): Promise<MacAcl> {
  const read = async (paths: readonly string[], what: string) => {
    let list: MacAclEntry[] = [];
    for (const path of paths) {
      let text: string;
      try {
        text = await Deno.readTextFile(path);
      } catch {
        throw new Error(`Could not read ${what} '${path}'`);
      }
      list = parseMacAclFile(text, path, list);
    }
    return list;
  };
  const accept = await read(bss.accept_mac_file, "accept_mac_file");
  const deny = await read(bss.deny_mac_file, "deny_mac_file");
  return new MacAcl(bss.macaddr_acl, accept, deny);
}

/**
 * Reads a file a config key names while the config is parsed (ParseOptions.readFile), as
 * hostapd does for `accept_mac_file`, `deny_mac_file`, `extra_cred` and `ap_settings`.
 *
 * @param path the file
 * @returns its bytes, or undefined when it cannot be read
 */
export function readNamedFile(path: string): Uint8Array | undefined {
  try {
    return Deno.readFileSync(path);
  } catch {
    return undefined;
  }
}
