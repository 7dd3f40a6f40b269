/**
 * What the hwsim guest tests (tests/vm) need from the host.
 *
 * @module
 */

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
