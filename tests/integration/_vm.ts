/**
 * What the hwsim guest tests (tests/vm) need from the host.
 *
 * @module
 */

import { equal, ok } from "node:assert/strict";

/** Why the qemu guest cannot run here, or undefined when qemu-system-x86_64 is installed. */
export function qemuMissing(): string | undefined {
  for (const dir of ["/usr/bin", "/usr/local/bin"]) {
    try {
      Deno.statSync(`${dir}/qemu-system-x86_64`);
      return undefined;
    } catch {
      // keep looking
    }
  }
  return "qemu-system-x86_64 is not installed (run tests/vm/install-deps.sh)";
}

/** What a guest script run by {@link runBundledGuest} reported. */
export interface GuestRun {
  /** The guest script's exit status (124: timeout). */
  code: number;
  /** Console output, stdout then stderr. */
  text: string;
  /** The `CHECK <name>: ok|FAIL` lines. */
  checks: string[];
  /** The `CHECK` lines that did not end in `: ok`. */
  failed: string[];
  /** The `TIMING`, `HOST:` and `GUEST: exit` lines. */
  timings: string[];
}

/**
 * Bundles tsapd from this checkout into a fresh result directory (as `tsapd.js`), boots the hwsim
 * guest on `script` (tests/vm/run.sh) and collects what it printed. `onFailure` may read the
 * result directory before it is removed (logs the guest left there).
 */
export async function runBundledGuest(
  script: string,
  timeoutS: number,
  onFailure?: (run: GuestRun, out: string) => void,
): Promise<GuestRun> {
  const repo = new URL("../../", import.meta.url).pathname;
  const out = Deno.makeTempDirSync({ prefix: `tsapd-vm-${Deno.pid}-` });
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  try {
    const bundle = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--quiet", "--platform", "deno", "-o", `${out}/tsapd.js`, "cli/main.ts"],
      cwd: repo,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (bundle.code !== 0) throw new Error(`deno bundle failed: ${decode(bundle.stderr)}`);
    const r = await new Deno.Command("bash", {
      args: [`${repo}tests/vm/run.sh`, script, out],
      env: { TSAPD_VM_TIMEOUT: String(timeoutS) },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = decode(r.stdout) + decode(r.stderr);
    const lines = text.split("\n").map((l) => l.trimEnd());
    const checks = lines.filter((l) => l.startsWith("CHECK "));
    const run: GuestRun = {
      code: r.code,
      text,
      checks,
      failed: checks.filter((l) => !/: ok$/.test(l)),
      timings: lines.filter((l) => /TIMING|HOST:|GUEST: exit/.test(l)),
    };
    if ((run.failed.length > 0 || run.code !== 0) && onFailure) onFailure(run, out);
    return run;
  } finally {
    Deno.removeSync(out, { recursive: true });
  }
}

/**
 * An `onFailure` for {@link runBundledGuest}: prints the tail of the guest's console and of each
 * of `files` the guest left in its result directory (`tailChars` of each file).
 */
export function printGuestLogs(
  files: readonly string[],
  tailChars: number,
): (run: GuestRun, out: string) => void {
  return (run, out) => {
    console.log(run.text.slice(-6000));
    for (const f of files) {
      try {
        console.log(`--- ${f}\n${Deno.readTextFileSync(`${out}/${f}`).slice(-tailChars)}`);
      } catch {
        // not written
      }
    }
  };
}

/**
 * Asserts that a guest run passed: no `CHECK` line failed, each of `required` was reported as
 * ok, and the guest script exited 0.
 */
export function assertGuestPassed(run: GuestRun, required: readonly string[]): void {
  equal(run.failed.length, 0, run.failed.join("\n"));
  for (const want of required) {
    ok(run.checks.some((l) => l === `CHECK ${want}: ok`), `missing check: ${want}`);
  }
  equal(run.code, 0);
}
