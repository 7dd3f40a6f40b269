import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { appendLinesAtomic, FileWriteQueue, writeFileAtomic } from "../../daemon/files.ts";

function lines(path: string): string[] {
  return Deno.readTextFileSync(path).split("\n").slice(0, -1);
}

Deno.test("appendLinesAtomic adds whole lines and repairs a missing final newline", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/psk`;
  await appendLinesAtomic(path, ["a"]);
  Deno.writeTextFileSync(path, "a\nb", { append: false });
  await appendLinesAtomic(path, ["c\n", "d"]);
  equal(Deno.readTextFileSync(path), "a\nb\nc\nd\n");
  deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["psk"], "no temporary left");
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("writeFileAtomic keeps the old file's mode", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/conf`;
  Deno.writeTextFileSync(path, "old\n", { mode: 0o640 });
  Deno.chmodSync(path, 0o640);
  await writeFileAtomic(path, new TextEncoder().encode("new\n"));
  equal(Deno.readTextFileSync(path), "new\n");
  equal(Deno.statSync(path).mode! & 0o777, 0o640);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("FileWriteQueue writes lines queued before a rewrite starts in one rewrite, in order", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/psk`;
  const q = new FileWriteQueue();
  const done = [];
  for (let i = 0; i < 40; i++) done.push(q.appendLine(path, `line ${i}`, () => {}));
  await Promise.all(done);
  deepStrictEqual(lines(path), Array.from({ length: 40 }, (_, i) => `line ${i}`));
  equal(q.appendRewrites, 1);
  await q.appendLine(path, "later", () => {});
  equal(lines(path).at(-1), "later");
  equal(q.appendRewrites, 2);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("FileWriteQueue: a job queued between appends keeps its place", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/f`;
  const q = new FileWriteQueue();
  void q.appendLine(path, "1", () => {});
  void q.appendLine(path, "2", () => {});
  void q.enqueue(path, () => writeFileAtomic(path, new TextEncoder().encode("reset\n")), () => {});
  await q.appendLine(path, "3", () => {});
  await q.drain();
  deepStrictEqual(lines(path), ["reset", "3"]);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("FileWriteQueue reports a failed rewrite to every line of its batch", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/missing-dir/psk`;
  const q = new FileWriteQueue();
  const errors: string[] = [];
  const done = ["a", "b", "c"].map((l) =>
    q.appendLine(path, l, (err) => errors.push(`${l}: ${(err as Error).name}`))
  );
  await Promise.all(done);
  deepStrictEqual(errors.sort(), ["a: NotFound", "b: NotFound", "c: NotFound"]);
  ok(q.appendRewrites >= 1);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("FileWriteQueue batches the lines that arrive while a rewrite runs", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/psk`;
  const q = new FileWriteQueue();
  const first = q.appendLine(path, "a", () => {});
  while (q.appendRewrites < 1) await Promise.resolve();
  const rest = ["b", "c", "d"].map((l) => q.appendLine(path, l, () => {}));
  await Promise.all([first, ...rest]);
  deepStrictEqual(lines(path), ["a", "b", "c", "d"]);
  equal(q.appendRewrites, 2);
  Deno.removeSync(dir, { recursive: true });
});
