import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  appendLinesAtomic,
  FileWriteQueue,
  loadMacAcl,
  writeFileAtomic,
} from "../../daemon/files.ts";
import { parseConfig } from "../../core/config/parse.ts";
import { formatMac } from "../../core/bytes.ts";

function lines(path: string): string[] {
  return Deno.readTextFileSync(path).split("\n").slice(0, -1);
}

Deno.test("appendLinesAtomic adds whole lines and repairs a missing final newline", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/psk`;
  appendLinesAtomic(path, ["a"]);
  Deno.writeTextFileSync(path, "a\nb", { append: false });
  appendLinesAtomic(path, ["c\n", "d"]);
  equal(Deno.readTextFileSync(path), "a\nb\nc\nd\n");
  deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["psk"], "no temporary left");
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("writeFileAtomic keeps the old file's mode", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/conf`;
  Deno.writeTextFileSync(path, "old\n", { mode: 0o640 });
  Deno.chmodSync(path, 0o640);
  writeFileAtomic(path, new TextEncoder().encode("new\n"));
  equal(Deno.readTextFileSync(path), "new\n");
  equal(Deno.statSync(path).mode! & 0o777, 0o640);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("appendLinesAtomic appends to a symbolic link's target and keeps the link, mode and owner", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${dir}/real`);
    const target = `${dir}/real/psk`;
    Deno.writeTextFileSync(target, "00:00:00:00:00:00 passphrase\n");
    Deno.chmodSync(target, 0o640);
    const asRoot = Deno.uid() === 0;
    if (asRoot) Deno.chownSync(target, 65534, 65534);
    // hostapd.psk -> psk-link -> real/psk (relative), and a dangling link for a new file.
    Deno.symlinkSync(`${dir}/real/psk`, `${dir}/psk-link`);
    Deno.symlinkSync("psk-link", `${dir}/hostapd.psk`);
    Deno.symlinkSync("real/new", `${dir}/pins`);
    const q = new FileWriteQueue();
    await q.appendLine(`${dir}/hostapd.psk`, "wps=1 02:00:00:00:00:01 " + "ab".repeat(32), () => {
      ok(false, "append failed");
    });
    appendLinesAtomic(`${dir}/pins`, ["pin request"]);
    ok(Deno.lstatSync(`${dir}/hostapd.psk`).isSymlink, "link kept");
    ok(Deno.lstatSync(`${dir}/pins`).isSymlink, "dangling link kept");
    deepStrictEqual(lines(target), [
      "00:00:00:00:00:00 passphrase",
      "wps=1 02:00:00:00:00:01 " + "ab".repeat(32),
    ]);
    deepStrictEqual(lines(`${dir}/real/new`), ["pin request"]);
    const st = Deno.statSync(target);
    equal(st.mode! & 0o7777, 0o640);
    if (asRoot) deepStrictEqual([st.uid, st.gid], [65534, 65534]);
    deepStrictEqual([...Deno.readDirSync(`${dir}/real`)].map((e) => e.name).sort(), [
      "new",
      "psk",
    ], "no temporary left");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
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

Deno.test("FileWriteQueue batches the lines that arrive while an earlier job of the file waits", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/psk`;
  const q = new FileWriteQueue();
  const order: string[] = [];
  const job = q.enqueue(path, () => {
    order.push(`job, ${q.appendRewrites} rewrites`);
  }, () => {});
  const lines1 = ["a", "b", "c"].map((l) => q.appendLine(path, l, () => {}));
  equal(q.appendRewrites, 0);
  await Promise.all([job, ...lines1]);
  deepStrictEqual(order, ["job, 0 rewrites"]);
  deepStrictEqual(lines(path), ["a", "b", "c"]);
  equal(q.appendRewrites, 1);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("FileWriteQueue writes after the task that asked, not within it", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/psk`;
  const q = new FileWriteQueue();
  const done = q.appendLine(path, "a", () => {});
  // The caller (a frame handler) sends its reply before the file is touched.
  throws(() => Deno.statSync(path), Deno.errors.NotFound);
  await done;
  deepStrictEqual(lines(path), ["a"]);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("loadMacAcl() reads every accept_mac_file and deny_mac_file line into one list, in order", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    // hostapd_config_read_maclist() appends each file to the same list; `-MAC` removes from it.
    Deno.writeTextFileSync(`${dir}/deny1`, "02:00:00:00:00:01\n02:00:00:00:00:02\n");
    Deno.writeTextFileSync(`${dir}/deny2`, "02:00:00:00:00:03\n-02:00:00:00:00:01\n");
    Deno.writeTextFileSync(`${dir}/accept1`, "02:00:00:00:00:0a 5\n");
    Deno.writeTextFileSync(`${dir}/accept2`, "02:00:00:00:00:0b\n");
    const r = parseConfig(
      `interface=wlan0\nssid=x\ndeny_mac_file=${dir}/deny1\ndeny_mac_file=${dir}/deny2\n` +
        `accept_mac_file=${dir}/accept1\naccept_mac_file=${dir}/accept2\n`,
      "a.conf",
    );
    if (!r.ok) throw new Error(r.errors.join("\n"));
    const acl = await loadMacAcl(r.config.bss[0]!);
    deepStrictEqual(acl.entries("deny").map((e) => formatMac(e.mac)), [
      "02:00:00:00:00:02",
      "02:00:00:00:00:03",
    ]);
    deepStrictEqual(acl.entries("accept").map((e) => [formatMac(e.mac), e.vlanId]), [
      ["02:00:00:00:00:0a", 5],
      ["02:00:00:00:00:0b", 0],
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name: "appendLinesAtomic appends in place to a file that cannot be renamed over (a bind mount)",
  ignore: Deno.uid() !== 0,
  async fn() {
    const dir = Deno.makeTempDirSync();
    const outside = `${dir}/outside.psk`;
    const path = `${dir}/psk`;
    Deno.writeTextFileSync(outside, "wps=1 02:00:00:00:00:01 " + "a".repeat(64));
    Deno.writeTextFileSync(path, "");
    // A container's `-v file:file`: rename(2) onto the mount point fails with EBUSY.
    const mount = await new Deno.Command("mount", { args: ["--bind", outside, path] }).output();
    ok(mount.success, new TextDecoder().decode(mount.stderr));
    try {
      appendLinesAtomic(path, ["wps=1 02:00:00:00:00:02 " + "b".repeat(64)]);
      deepStrictEqual(lines(outside), [
        "wps=1 02:00:00:00:00:01 " + "a".repeat(64),
        "wps=1 02:00:00:00:00:02 " + "b".repeat(64),
      ]);
      deepStrictEqual(
        [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
        ["outside.psk", "psk"],
        "no temporary left",
      );
    } finally {
      await new Deno.Command("umount", { args: [path] }).output();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("appendLinesAtomic creates a new file 0600 unless told (the umask applies)", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    appendLinesAtomic(`${dir}/psk`, ["a"]);
    equal(Deno.statSync(`${dir}/psk`).mode! & 0o777, 0o600);
    appendLinesAtomic(`${dir}/pin-req`, ["a"], 0o666);
    const umask = (await import("node:process")).umask();
    equal(Deno.statSync(`${dir}/pin-req`).mode! & 0o777, 0o666 & ~umask);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
