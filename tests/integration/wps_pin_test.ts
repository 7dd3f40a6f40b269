/**
 * PIN enrollment of Debian's wpa_supplicant (`-D wired`, Enrollee) against tsapd, and the same
 * scenario against Debian's hostapd on the same hostapd.conf to show the expectations are
 * hostapd's behaviour: the credential the Enrollee received (decoded from
 * `WPS-CRED-RECEIVED`), the AP's events and the files the AP wrote (wpa_psk_file,
 * wps_pin_requests).
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { AuthType, EncrType } from "../../core/wps/constants.ts";
import { UnixDgramSocket } from "../../ffi/unix_dgram.ts";
import { canRunInterop, STA_IF_MAC } from "./_wps_netns.ts";
import {
  createBridge,
  credentialOf,
  IMPLS,
  onlyEvents,
  pollFile,
  readOr,
  sleep,
  STA_UUID,
  withAp,
} from "./_wps_interop.ts";

const ignore = !canRunInterop;
const PIN = "12345670";

/** The AP events of a successful PIN run (captures/pin/hostapd-events.txt). */
function successEvents(mac: string, uuid: string): string[] {
  return [
    `CTRL-EVENT-EAP-STARTED ${mac}`,
    "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
    "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
    `WPS-REG-SUCCESS ${mac} ${uuid}`,
    "WPS-SUCCESS ",
    `CTRL-EVENT-EAP-FAILURE ${mac}`,
  ];
}

/** Checks the per-device PSK file holds exactly `macs`' lines and returns their PSKs by MAC. */
async function pskLines(path: string, macs: string[]): Promise<Map<string, string>> {
  const text = await pollFile(path, new RegExp(`^([^\n]*\n){${macs.length}}$`));
  const lines = text.split("\n").filter((l) => l !== "");
  equal(lines.length, macs.length, `wpa_psk_file:\n${text}`);
  const out = new Map<string, string>();
  for (const l of lines) {
    const m = /^wps=1 ([0-9a-f:]{17}) ([0-9a-f]{64})$/.exec(l);
    ok(m, `bad wpa_psk_file line "${l}"`);
    out.set(m[1]!, m[2]!);
  }
  deepStrictEqual([...out.keys()].sort(), [...macs].sort());
  return out;
}

for (const impl of IMPLS) {
  for (const target of ["uuid", "any"] as const) {
    Deno.test({
      name: `WPS_PIN for ${target === "uuid" ? "the Enrollee's UUID" : "any"} enrolls ` +
        `wpa_supplicant with the per-device PSK written to wpa_psk_file (${impl})`,
      ignore,
      sanitizeResources: false,
      sanitizeOps: false,
      async fn() {
        await withAp(impl, [], async (s) => {
          equal(
            (await s.ap.cli("wps_pin", target === "uuid" ? STA_UUID : "any", PIN)).trim(),
            "OK",
          );
          const sta = await s.station({ enrollee: "pin", pin: PIN });
          const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
          await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-FAILURE/);
          equal(cred.ssidText, "TestWPS");
          equal(cred.authType, AuthType.WPA2PSK);
          equal(cred.encrType, EncrType.AES);
          equal(cred.mac, STA_IF_MAC);
          equal(cred.networkIndex, 1);
          match(cred.keyText, /^[0-9a-f]{64}$/);
          // The written PSK is the one handed out.
          const psks = await pskLines(s.ap.pskFile, [STA_IF_MAC]);
          equal(psks.get(STA_IF_MAC), cred.keyText);
          deepStrictEqual(s.events(), successEvents(STA_IF_MAC, STA_UUID));
          const status = await s.ap.cli("wps_get_status");
          match(status, /Last WPS result: Success/);
          match(status, new RegExp(`Peer Address: ${STA_IF_MAC}`));
          equal(await readOr(s.ap.pinRequests), "");
        });
      },
    });
  }

  Deno.test({
    name: `An Enrollee without a PIN gets WPS-PIN-NEEDED and a PIN request line, then enrolls ` +
      `after WPS_PIN on its retry (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        const before = Math.floor(Date.now() / 1000);
        const first = await s.station({ enrollee: "pin", pin: PIN });
        const needed = await s.ap.daemon.waitFor(/WPS-PIN-NEEDED/, 20_000);
        await first.waitFor(/WPS-M2D/);
        await first.waitFor(/CTRL-EVENT-EAP-FAILURE/);
        const failedAt = Date.now();
        await first.stop();
        equal(
          needed.slice(needed.indexOf("WPS-PIN-NEEDED")),
          `WPS-PIN-NEEDED ${STA_UUID} ${STA_IF_MAC} ` +
            "[TestSTA|StaManu|StaModel|2.0|1234|1-0050F204-1]",
        );
        const req = await pollFile(s.ap.pinRequests, /\n/);
        // Created as fopen("a") creates it: 0666 less the umask (it holds no secret).
        const umask = (await import("node:process")).umask();
        equal(Deno.statSync(s.ap.pinRequests).mode! & 0o777, 0o666 & ~umask);
        const fields = req.replace(/\n$/, "").split("\t");
        equal(fields.length, 9, JSON.stringify(req));
        ok(req.endsWith("\n") && req.indexOf("\n") === req.length - 1, JSON.stringify(req));
        const t = Number(fields[0]);
        ok(t >= before && t <= Math.floor(Date.now() / 1000), `time field ${fields[0]}`);
        deepStrictEqual(fields.slice(1), [
          STA_UUID,
          STA_IF_MAC,
          "TestSTA",
          "StaManu",
          "StaModel",
          "2.0",
          "1234",
          "1-0050F204-1",
        ]);
        equal(await readOr(s.ap.pskFile), "");
        equal((await s.ap.cli("wps_pin", STA_UUID, PIN)).trim(), "OK");
        // A new wpa_supplicant sends EAPOL-Start ~2 s after start; stay clear of the AP's 5 s
        // quiet window after a failed run.
        await sleep(Math.max(0, 3_500 - (Date.now() - failedAt)));
        const retry = await s.station({ enrollee: "pin", pin: PIN });
        const cred = credentialOf(await retry.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        await s.ap.daemon.waitFor(/WPS-SUCCESS/);
        const psks = await pskLines(s.ap.pskFile, [STA_IF_MAC]);
        equal(psks.get(STA_IF_MAC), cred.keyText);
        deepStrictEqual(onlyEvents(s.events(), ["WPS-"]), [
          `WPS-PIN-NEEDED ${STA_UUID} ${STA_IF_MAC} ` +
          "[TestSTA|StaManu|StaModel|2.0|1234|1-0050F204-1]",
          `WPS-REG-SUCCESS ${STA_IF_MAC} ${STA_UUID}`,
          "WPS-SUCCESS ",
        ]);
        // One request line only: the retry had a PIN.
        equal((await readOr(s.ap.pinRequests)).split("\n").length, 2);
      });
    },
  });

  for (
    const [half, apPin, msg] of [["first", "11115670", 8], ["second", "12349999", 10]] as const
  ) {
    Deno.test({
      name: `A wrong ${half} PIN half fails with msg=${msg} config_error=18 on both sides and ` +
        `writes no PSK (${impl})`,
      ignore,
      sanitizeResources: false,
      sanitizeOps: false,
      async fn() {
        await withAp(impl, [], async (s) => {
          equal((await s.ap.cli("wps_pin", "any", apPin)).trim(), "OK");
          const sta = await s.station({ enrollee: "pin", pin: PIN });
          const fail = await sta.waitFor(/WPS-FAIL/, 20_000);
          match(fail, new RegExp(`WPS-FAIL msg=${msg} config_error=18$`));
          await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-FAILURE/);
          deepStrictEqual(onlyEvents(s.events(), ["WPS-"]), [
            `WPS-FAIL msg=${msg} config_error=18`,
          ]);
          equal(sta.lines.some((l) => /WPS-CRED-RECEIVED|WPS-SUCCESS/.test(l)), false);
          const status = await s.ap.cli("wps_get_status");
          match(status, /Last WPS result: Failed/);
          match(status, new RegExp(`Peer Address: ${STA_IF_MAC}`));
          await sleep(200);
          equal(await readOr(s.ap.pskFile), "");
        });
      },
    });
  }

  Deno.test({
    name:
      `Two Enrollees with UUID-specific PINs enroll at the same time with distinct PSKs (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const uuids = [STA_UUID, "abcdef02-2345-6789-abcd-ef0123456789"];
      const pins = [PIN, "87654325"];
      let ports: Awaited<ReturnType<typeof createBridge>>["ports"] = [];
      await withAp(impl, [], async (s) => {
        for (let i = 0; i < 2; i++) {
          equal((await s.ap.cli("wps_pin", uuids[i]!, pins[i]!)).trim(), "OK");
        }
        const stas = await Promise.all(
          [0, 1].map((i) =>
            s.station({ enrollee: "pin", pin: pins[i]! }, {
              at: ports[i]!,
              uuid: uuids[i]!,
              deviceName: `TestSTA${i}`,
            })
          ),
        );
        const creds = await Promise.all(
          stas.map(async (sta) => credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000))),
        );
        for (let i = 0; i < 2; i++) {
          await s.ap.daemon.waitFor(new RegExp(`WPS-REG-SUCCESS ${ports[i]!.mac} ${uuids[i]}`));
        }
        const psks = await pskLines(s.ap.pskFile, ports.map((p) => p.mac));
        for (let i = 0; i < 2; i++) {
          equal(creds[i]!.mac, ports[i]!.mac);
          equal(creds[i]!.ssidText, "TestWPS");
          equal(psks.get(ports[i]!.mac), creds[i]!.keyText);
        }
        ok(creds[0]!.keyText !== creds[1]!.keyText, "the PSKs are per device");
        equal(onlyEvents(s.events(), ["WPS-SUCCESS"]).length, 2);
      }, async () => {
        const b = await createBridge(2);
        ports = b.ports;
        return b.pair;
      });
    },
  });
}

// Debian always has libgmp (coreutils needs it): the daemon takes its Jacobi symbol for the
// subgroup check of the Enrollee's public key (ffi/libgmp.ts).
for (const backend of ["libcrypto.so.3 + libgmp (Jacobi)", "node:crypto"]) {
  Deno.test({
    name: `WPS_PIN enrolls wpa_supplicant with ${backend} as tsapd's crypto backend`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      // The launcher passes the environment through `ip netns exec` to the daemon.
      if (backend === "node:crypto") Deno.env.set("TSAPD_CRYPTO", "node");
      try {
        await withAp(
          "tsapd",
          [],
          async (s) => {
            await s.ap.daemon.waitFor(/crypto: /);
            ok(
              s.ap.daemon.lines.some((l) => l.endsWith(`crypto: ${backend}`)),
              s.ap.daemon.lines.filter((l) => l.includes("crypto")).join("\n"),
            );
            equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
            const sta = await s.station({ enrollee: "pin", pin: PIN });
            const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
            await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-FAILURE/);
            const psks = await pskLines(s.ap.pskFile, [STA_IF_MAC]);
            equal(psks.get(STA_IF_MAC), cred.keyText);
          },
          undefined,
          ["-d"],
        );
      } finally {
        Deno.env.delete("TSAPD_CRYPTO");
      }
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name: `DISABLE takes the interface down and drops its PINs; ENABLE brings it back and a PIN ` +
      `enrolls again (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        equal((await s.ap.cli("disable")).trim(), "OK");
        await s.ap.daemon.waitFor(/AP-DISABLED/, 10_000);
        match(await s.ap.cli("status"), /^state=DISABLED\n/);
        equal((await s.ap.cli("disable")).trim(), "FAIL");
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "FAIL");
        equal((await s.ap.cli("enable")).trim(), "OK");
        // The second AP-ENABLED line: the first came at start.
        for (let i = 0; count(s.ap.daemon.lines, /AP-ENABLED/) < 2; i++) {
          if (i > 100) {
            throw new Error(`no AP-ENABLED after ENABLE:\n${s.ap.daemon.lines.join("\n")}`);
          }
          await sleep(100);
        }
        match(await s.ap.cli("status"), /^state=ENABLED\n/);
        equal((await s.ap.cli("enable")).trim(), "FAIL");
        // The PIN given before DISABLE went with the Registrar: the Enrollee needs a new one.
        const first = await s.station({ enrollee: "pin", pin: PIN });
        await s.ap.daemon.waitFor(/WPS-PIN-NEEDED/, 20_000);
        await first.waitFor(/CTRL-EVENT-EAP-FAILURE/);
        const failedAt = Date.now();
        await first.stop();
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        // Clear of the AP's quiet window after a failed run (see the PIN-needed test above).
        await sleep(Math.max(0, 3_500 - (Date.now() - failedAt)));
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        equal(cred.ssidText, "TestWPS");
        await pskLines(s.ap.pskFile, [STA_IF_MAC]);
      });
    },
  });
}

function count(lines: string[], re: RegExp): number {
  return lines.filter((l) => re.test(l)).length;
}

for (const impl of IMPLS) {
  Deno.test({
    name: `A WPS_PIN sent right behind a RELOAD reaches the reloaded Registrar (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        // Both requests are queued before the daemon reads either, as from a fast script.
        const sock = UnixDgramSocket.bind(`${s.pair.dir}/fast-client`);
        try {
          sock.connect(`${s.ap.ctrlDir}/${s.ifname}`);
          const enc = new TextEncoder();
          equal(sock.sendTo(enc.encode("RELOAD")), 0);
          equal(sock.sendTo(enc.encode(`WPS_PIN any ${PIN}`)), 0);
          const replies: string[] = [];
          for (let i = 0; replies.length < 2 && i < 500; i++) {
            const d = sock.receive();
            if (d) replies.push(new TextDecoder().decode(d.data));
            else await sleep(10);
          }
          deepStrictEqual(replies, ["OK\n", "OK\n"]);
        } finally {
          sock.close();
        }
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        equal(cred.ssidText, "TestWPS");
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name: `After a wired PIN enrollment the station is deauthenticated (no flags, timeout_next=` +
      `REMOVE) and gone from ALL_STA within 6 s (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        await sta.waitFor(/WPS-SUCCESS/, 20_000);
        await sta.stop();
        await sleep(500);
        const block = await s.ap.cli("sta", STA_IF_MAC);
        match(block, /^flags=$/m);
        match(block, /^timeout_next=REMOVE$/m);
        match(block, /^wpsDeviceName=TestSTA$/m);
        let all = "";
        for (let i = 0; i < 60; i++) {
          all = await s.ap.cli("all_sta");
          if (all === "") break;
          await sleep(100);
        }
        equal(all, "", "ALL_STA still lists the station");
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name: `without ieee8021x=1 a wired port serves no EAPOL, so nobody enrolls (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, ["ieee8021x=__unset__"], async (s) => {
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        await s.station({ enrollee: "pin", pin: PIN });
        // wpa_supplicant sends EAPOL-Start at once and again after 1 s and 2 s.
        await sleep(3_500);
        deepStrictEqual(s.events(), []);
        match(await s.ap.cli("wps_get_status"), /PBC Status: Disabled\nLast WPS result: None/);
        equal(await readOr(s.ap.pskFile), "");
      });
    },
  });
}

for (const impl of IMPLS) {
  Deno.test({
    name:
      `a PIN stays locked for a few seconds after a wrong guess, even from another MAC (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      let ports: Awaited<ReturnType<typeof createBridge>>["ports"] = [];
      await withAp(impl, [], async (s) => {
        equal((await s.ap.cli("wps_pin", STA_UUID, PIN)).trim(), "OK");
        // A guesser with the Enrollee's UUID gets the first half wrong...
        await s.station({ enrollee: "pin", pin: "11115670" }, { at: ports[0]! });
        await s.ap.daemon.waitFor(/WPS-FAIL msg=8 config_error=18/);
        // ...and comes straight back from another MAC with the right PIN: hostapd still holds
        // the PIN for the failed run's station, so it is needed again rather than used.
        await s.station({ enrollee: "pin", pin: PIN }, { at: ports[1]! });
        const mac = ports[1]!.mac;
        await s.ap.daemon.waitFor(new RegExp(`WPS-PIN-NEEDED ${STA_UUID} ${mac}`));
        equal(onlyEvents(s.events(), ["WPS-REG-SUCCESS"]).length, 0, s.events().join("\n"));
      }, async () => {
        const b = await createBridge(2);
        ports = b.ports;
        return b.pair;
      });
    },
  });
}
