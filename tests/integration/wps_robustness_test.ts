/**
 * Robustness of the running daemon: hundreds of random and mutated EAPOL frames sent from the
 * station namespace with a raw packet socket (random bytes, lying EAPOL/EAP/EAP-WSC headers,
 * fragments announcing 64 KiB, mutated recorded M1/M3/M5/M7/WSC_Done, some inside real
 * conversations with the Registrar, from many source MACs), after which the daemon still
 * answers its control socket and enrolls a real wpa_supplicant. Run against Debian's hostapd
 * too, so the traffic is shown to be survivable by the reference.
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { randomBytes } from "../../core/bytes.ts";
import { canRunInterop, STA_IF_MAC } from "./_wps_netns.ts";
import { credentialOf, IMPLS, pollFile, run, sleep, withAp } from "./_wps_interop.ts";
import { startRawPeer } from "./_wps_raw_peer.ts";

const ignore = !canRunInterop;
const PIN = "12345670";
const FRAMES = 600;

for (const impl of IMPLS) {
  Deno.test({
    name: `After ${FRAMES} malformed EAPOL frames the daemon still enrolls a real Enrollee ` +
      `(${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      // A fresh seed per run, printed; WPS_FUZZ_SEED=<n> replays a failing one.
      const seed = Number(
        Deno.env.get("WPS_FUZZ_SEED") ?? new DataView(randomBytes(4).buffer).getUint32(0),
      );
      console.log(`fuzz seed ${seed}`);
      await withAp(impl, [], async (s) => {
        // A wildcard PIN is active, so mutated M1s reach deep into the Registrar.
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        const peer = startRawPeer(s.pair.staNs, [
          "fuzz",
          s.pair.staIf,
          String(FRAMES),
          String(seed),
        ]);
        try {
          const done = await peer.waitFor(/^DONE|^ERROR/, 90_000);
          equal(done, "DONE", peer.lines.join("\n"));
          const sent = Number(
            /^SENT (\d+)/.exec(peer.lines.find((l) => l.startsWith("SENT"))!)![1],
          );
          ok(sent >= FRAMES * 0.9, `sent ${sent}`);
        } finally {
          await peer.stop();
        }
        equal((await s.ap.cli("ping")).trim(), "PONG");
        // Conversations reached the Registrar (the fuzz was not all dropped at the door).
        ok(
          s.events().filter((e) => e.startsWith("CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122"))
            .length >= 5,
          s.events().slice(0, 20).join("\n"),
        );
        // The mutated M1s may have used up the wildcard PIN: add a PIN for the real Enrollee.
        equal(
          (await s.ap.cli("wps_pin", "abcdef01-2345-6789-abcd-ef0123456789", PIN)).trim(),
          "OK",
        );
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 30_000));
        equal(cred.ssidText, "TestWPS");
        equal(cred.mac, STA_IF_MAC);
        await s.ap.daemon.waitFor(new RegExp(`WPS-REG-SUCCESS ${STA_IF_MAC}`));
        match(
          await pollFile(s.ap.pskFile, /wps=1/),
          new RegExp(`wps=1 ${STA_IF_MAC} ${cred.keyText}\n$`),
        );
        equal((await s.ap.cli("ping")).trim(), "PONG");
        const crashes = s.ap.daemon.lines.filter((l) =>
          /Uncaught|panicked|reactor: handler/.test(l)
        );
        equal(crashes.length, 0, crashes.join("\n"));
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name:
      `A PBC Enrollee that vanishes after M2 gets two resends of M2 5 s apart, then a timeout ` +
      `with hostapd's events (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_pbc")).trim(), "OK");
        const peer = startRawPeer(s.pair.staNs, ["m1", s.pair.staIf, "pbc", "17000"]);
        try {
          match(await peer.waitFor(/^GOT M2|^ERROR/, 20_000), /^GOT M2 op=4/);
          // A wired station has no association: no flags while its run goes on.
          match(await s.ap.cli("raw", `STA ${STA_IF_MAC}`), /\nflags=\n/);
          for (let i = 0; i < 200 && !s.events().some((e) => e.includes("TIMEOUT-FAILURE")); i++) {
            await sleep(100);
          }
          const eap = s.events().filter((e) => e.startsWith("CTRL-EVENT-EAP-"));
          deepStrictEqual(eap.map((e) => e.replace(/ .*/, "")), [
            "CTRL-EVENT-EAP-STARTED",
            "CTRL-EVENT-EAP-PROPOSED-METHOD",
            "CTRL-EVENT-EAP-PROPOSED-METHOD",
            "CTRL-EVENT-EAP-RETRANSMIT",
            "CTRL-EVENT-EAP-RETRANSMIT",
            "CTRL-EVENT-EAP-RETRANSMIT",
            "CTRL-EVENT-EAP-TIMEOUT-FAILURE",
          ]);
          equal((await s.ap.cli("ping")).trim(), "PONG");
          // The timed-out station is sent away as after an EAP-Failure, and forgotten 5 s on.
          await sleep(500);
          match(await s.ap.cli("raw", `STA ${STA_IF_MAC}`), /\ntimeout_next=REMOVE\n/);
          await sleep(5_000);
          equal((await s.ap.cli("raw", `STA ${STA_IF_MAC}`)).trim(), "FAIL");
        } finally {
          await peer.stop();
        }
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name:
      `A station silent after EAPOL-Start gets the Identity request again after 3 s, then 6 s ` +
      `(${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        // hostapd backs off 3, 6, 12, 20, 20 s (requests at 0, 3, 9, 21, 41, 61 s); the first
        // three show it in 11 s.
        const peer = startRawPeer(s.pair.staNs, ["start", s.pair.staIf, "11000"]);
        try {
          equal(await peer.waitFor(/^DONE|^ERROR/, 20_000), "DONE", peer.lines.join("\n"));
          const at = peer.lines.flatMap((l) => {
            const m = /^IDENTITY REQUEST \d+ id=\d+ at=(\d+)$/.exec(l);
            return m ? [Number(m[1])] : [];
          });
          equal(at.length, 3, peer.lines.join("\n"));
          [0, 3000, 9000].forEach((want, i) => {
            ok(Math.abs(at[i]! - want) < 500, `request ${i + 1} at ${at[i]} ms, not ${want}`);
          });
          equal(s.events().filter((e) => e.startsWith("CTRL-EVENT-EAP-RETRANSMIT")).length, 2);
        } finally {
          await peer.stop();
        }
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name: `WPS_CANCEL during a wired run leaves the run going: the station stays and gets M2 ` +
      `again (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_pbc")).trim(), "OK");
        const peer = startRawPeer(s.pair.staNs, ["m1", s.pair.staIf, "pbc", "8000"]);
        try {
          match(await peer.waitFor(/^GOT M2|^ERROR/, 20_000), /^GOT M2 op=4/);
          equal((await s.ap.cli("wps_cancel")).trim(), "OK");
          // hostapd deauthenticates only stations that associated for WPS; a wired port has
          // none, so the conversation goes on.
          match(await s.ap.cli("raw", "STA-FIRST"), new RegExp(`^${STA_IF_MAC}\n`));
          await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-RETRANSMIT/, 8_000);
        } finally {
          await peer.stop();
        }
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name:
      `A link that goes down and up is logged, not a fault, and the port enrolls again (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        await run("ip", "-n", s.pair.apNs, "link", "set", s.pair.apIf, "down");
        await sleep(300);
        await run("ip", "-n", s.pair.apNs, "link", "set", s.pair.apIf, "up");
        await sleep(300);
        equal((await s.ap.cli("wps_pin", "any", "12345670")).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: "12345670" });
        await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000);
        if (impl === "tsapd") {
          ok(!s.ap.daemon.lines.some((l) => l.includes("threw")), s.ap.daemon.lines.join("\n"));
        }
      });
    },
  });
}
