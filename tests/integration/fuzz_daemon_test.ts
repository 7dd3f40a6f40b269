/**
 * The live fuzzer: a real `./tsapd` (driver=wired) on a veth in a network namespace, and in
 * the station namespace tests/fuzz/live_sender.ts playing mutated EAPOL / EAP / EAP-WSC
 * conversations from many source MACs over an AF_PACKET socket. Afterwards the daemon must
 * still answer PING through Debian's hostapd_cli, have logged no uncaught exception, and
 * enroll Debian's wpa_supplicant by PIN (WPS-SUCCESS, credential received, PSK stored).
 *
 * CI sends 3000 fuzzed frames; `FUZZ_LIVE_COUNT=100000` makes it a benchmark (frames/s are
 * printed). `FUZZ_LIVE_SEED` replays a seed.
 */
import { equal, match, ok } from "node:assert/strict";
import { AP_IF_MAC, canRunInterop, spawnInNs, STA_IF_MAC } from "./_wps_netns.ts";
import { credentialOf, readOr, run, sleep, withAp } from "./_wps_interop.ts";

const COUNT = Number(Deno.env.get("FUZZ_LIVE_COUNT") ?? 3000);
const PIN = "12345670";
const SENDER = new URL("../fuzz/live_sender.ts", import.meta.url).pathname;

Deno.test({
  name: `tsapd survives ${COUNT} live fuzzed EAPOL frames and then enrolls wpa_supplicant`,
  ignore: !canRunInterop,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const seed = Number(Deno.env.get("FUZZ_LIVE_SEED") ?? (Date.now() & 0x7fffffff));
    console.log(`live fuzz seed ${seed}`);
    await withAp("tsapd", [], async (s) => {
      // A wildcard PIN lets fuzzed Enrollees reach M3..Done. It is re-armed every 250 ms (a new
      // wildcard replaces one still unused), so that how many runs get that far, and reach a
      // WPS failure, does not hang on how fast this machine plays the frames.
      equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
      await run("ip", "-n", s.pair.staNs, "link", "set", s.pair.staIf, "promisc", "on");
      const sender = spawnInNs(s.pair.staNs, [
        Deno.execPath(),
        "run",
        "-A",
        "--quiet",
        "--no-prompt",
        SENDER,
        s.pair.staIf,
        AP_IF_MAC,
        String(COUNT),
        String(seed),
        PIN,
      ]);
      let rearm = true;
      const rearming = (async () => {
        while (rearm) {
          await sleep(250);
          if (rearm) await s.ap.cli("wps_pin", "any", PIN);
        }
      })();
      let sent: number[];
      try {
        const done = await sender.waitFor(/^DONE|^ERROR/, Math.max(120_000, COUNT * 20));
        equal(done, "DONE", sender.lines.join("\n"));
        sent = /^SENT (\d+) (\d+) (\d+) (\d+)/.exec(
          sender.lines.find((l) => l.startsWith("SENT"))!,
        )!
          .slice(1).map(Number);
      } finally {
        rearm = false;
        await rearming;
        await sender.stop();
      }
      const [fuzzed, frames, answers, ms] = sent as [number, number, number, number];
      console.log(
        `live fuzz: ${fuzzed} fuzzed of ${frames} frames in ${(ms / 1000).toFixed(1)} s ` +
          `(${Math.round(frames / (ms / 1000))} frames/s), ${answers} answers from the AP`,
      );
      ok(fuzzed >= COUNT);
      // The AP took part: it answered, and WSC conversations reached the runs.
      ok(answers > COUNT / 10, `only ${answers} answers`);
      const events = s.events();
      const wsc = events.filter((e) => e.startsWith("CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122"));
      ok(wsc.length >= 20, `only ${wsc.length} WSC runs started`);
      const fails = events.filter((e) => e.startsWith("WPS-FAIL"));
      console.log(`live fuzz: ${wsc.length} WSC runs, ${fails.length} WPS-FAIL`);
      ok(events.some((e) => e.startsWith("WPS-FAIL")), "no fuzzed run reached a WPS failure");
      equal((await s.ap.cli("ping")).trim(), "PONG");

      // A real Enrollee afterwards, with its own PIN (the fuzzers may hold the wildcard).
      equal((await s.ap.cli("wps_pin", "abcdef01-2345-6789-abcd-ef0123456789", PIN)).trim(), "OK");
      await run("ip", "-n", s.pair.staNs, "link", "set", s.pair.staIf, "promisc", "off");
      // The fuzzed Enrollees used the station's own MAC never, so no quiet window applies.
      const sta = await s.station({ enrollee: "pin", pin: PIN });
      const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 40_000));
      await sta.waitFor(/WPS-SUCCESS/, 10_000);
      equal(cred.ssidText, "TestWPS");
      equal(cred.mac, STA_IF_MAC);
      await s.ap.daemon.waitFor(new RegExp(`WPS-REG-SUCCESS ${STA_IF_MAC}`));
      await sleep(200);
      match(await readOr(s.ap.pskFile), new RegExp(`wps=1 ${STA_IF_MAC} ${cred.keyText}\n$`));
      equal((await s.ap.cli("ping")).trim(), "PONG");
      const crashes = s.ap.daemon.lines.filter((l) =>
        /Uncaught|panicked|internal error|reactor: handler/.test(l)
      );
      equal(crashes.length, 0, crashes.join("\n"));
    });
  },
});
