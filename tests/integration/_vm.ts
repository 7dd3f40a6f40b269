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
  let failed = true;
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
    failed = run.failed.length > 0 || run.code !== 0;
    if (failed && onFailure) onFailure(run, out);
    return run;
  } finally {
    // TSAPD_VM_KEEP=DIR keeps a failed run's result directory there, for a closer look.
    const keep = Deno.env.get("TSAPD_VM_KEEP");
    if (failed && keep) {
      Deno.mkdirSync(keep, { recursive: true });
      Deno.renameSync(out, `${keep}/${out.split("/").pop()}`);
    } else Deno.removeSync(out, { recursive: true });
  }
}

/**
 * An `onFailure` for {@link runBundledGuest}: prints the tail of the guest's console and of each
 * of `files` the guest left in its result directory (`tailChars` of each file), then the same
 * of `IMPL-STEP.log`, `IMPL-STEP-wlan1.log` and `IMPL-STEP-wlan2.log` for each step with a failed
 * `CHECK IMPL STEP: ...` line.
 */
export function printGuestLogs(
  files: readonly string[],
  tailChars: number,
): (run: GuestRun, out: string) => void {
  return (run, out) => {
    console.log(run.text.slice(-6000));
    // Each step that failed a check: the AP's log and the stations' logs of that step.
    const steps = new Set(
      run.failed.map((l) => /^CHECK (tsapd|hostapd) (\w+):/.exec(l)).filter((m) => m !== null)
        .map((m) => `${m[1]}-${m[2]}`),
    );
    const stepFiles = [...steps].flatMap((s) => [`${s}.log`, `${s}-wlan1.log`, `${s}-wlan2.log`]);
    for (const f of [...files, ...stepFiles]) {
      try {
        console.log(`--- ${f}\n${Deno.readTextFileSync(`${out}/${f}`).slice(-tailChars)}`);
      } catch {
        // not written
      }
    }
  };
}

/**
 * Asserts that a guest run passed: no `CHECK` line failed (but those matching `tolerated`, which
 * are printed), each of `required` was reported as ok, and the guest script exited 0.
 */
export function assertGuestPassed(
  run: GuestRun,
  required: readonly string[],
  tolerated?: RegExp,
): void {
  const failed = run.failed.filter((l) => !tolerated?.test(l));
  for (const l of run.failed) if (tolerated?.test(l)) console.log(`tolerated: ${l}`);
  equal(failed.length, 0, failed.join("\n"));
  for (const want of required) {
    ok(run.checks.some((l) => l === `CHECK ${want}: ok`), `missing check: ${want}`);
  }
  equal(run.code, 0);
}
