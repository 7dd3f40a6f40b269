/**
 * The binary is the CLI when started as `hostapd_cli` or `tsapd_cli` (routers install it as a
 * symlink). A compiled binary cannot be built here (no denort), so the same argv[0] logic is
 * shown with the Deno binary itself started through symlinks of those names.
 */
import { equal, match } from "node:assert/strict";
import { canRunInterop } from "./_wps_netns.ts";
import { REPO, withTsapd } from "./_ap.ts";

Deno.test({
  name: "started as hostapd_cli or tsapd_cli, the program is the control client",
  ignore: !canRunInterop,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withTsapd(async (pair, ap) => {
      for (const name of ["hostapd_cli", "tsapd_cli"]) {
        const link = `${pair.dir}/${name}`;
        await Deno.symlink(Deno.execPath(), link);
        const args = ["netns", "exec", pair.apNs, link, "run", "-A", `${REPO}/cli/main.ts`];
        const run = async (...a: string[]) => {
          const out = await new Deno.Command("ip", { args: [...args, ...a], stdout: "piped" })
            .output();
          return new TextDecoder().decode(out.stdout);
        };
        equal(await run("-p", ap.ctrlDir, "-i", pair.apIf, "ping"), "PONG\n");
        match(await run("-p", ap.ctrlDir, "-i", pair.apIf, "wps_get_status"), /^PBC Status: /);
      }
    });
  },
});
