/**
 * What the Enrollee receives under other settings, against tsapd and Debian's hostapd on the
 * same hostapd.conf: EAP-WSC fragmentation at fragment_size=100 on both sides (checked on the
 * wire with tshark), and the shared passphrase as the Network Key when no wpa_psk_file is set.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { AuthType, EncrType } from "../../core/wps/constants.ts";
import { AP_IF_MAC, canRunInterop, type Daemon, spawnInNs, STA_IF_MAC } from "./_wps_netns.ts";
import { credentialOf, IMPLS, pollFile, readOr, sleep, STA_UUID, withAp } from "./_wps_interop.ts";

const ignore = !canRunInterop;
const PIN = "12345670";

/** `src eap.len wsc-op-code` of each EAP-WSC frame in a capture. */
async function wscFrames(path: string): Promise<string[][]> {
  const out = await new Deno.Command("tshark", {
    args: ["-r", path, "-Y", "eap.type == 254", "-T", "fields", "-e", "eth.src", "-e", "eap.len"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout).trim().split("\n").filter((l) => l !== "").map((
    l,
  ) => l.split("\t"));
}

for (const impl of IMPLS) {
  Deno.test({
    name: `fragment_size=100 on both sides fragments every long message and still enrolls ` +
      `(${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, ["fragment_size=100"], async (s) => {
        const cap = `${s.pair.dir}/frag.pcapng`;
        let tshark: Daemon | undefined = spawnInNs(s.pair.apNs, [
          "tshark",
          "-q",
          "-i",
          s.pair.apIf,
          "-w",
          cap,
        ]);
        try {
          await tshark.waitFor(/Capturing on/, 15_000);
          equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
          const sta = await s.station({ enrollee: "pin", pin: PIN }, { fragmentSize: 100 });
          const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
          await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-FAILURE/);
          equal(cred.ssidText, "TestWPS");
          equal(cred.mac, STA_IF_MAC);
          equal(await pollFile(s.ap.pskFile, /\n/), `wps=1 ${STA_IF_MAC} ${cred.keyText}\n`);
          // Give dumpcap time to write the last frames before it is stopped.
          await sleep(500);
          await tshark.stop();
          tshark = undefined;
          const f = await wscFrames(cap);
          const fromAp = f.filter((x) => x[0] === AP_IF_MAC).map((x) => Number(x[1]));
          const fromSta = f.filter((x) => x[0] === STA_IF_MAC).map((x) => Number(x[1]));
          // 12-byte expanded header + Op-Code/Flags (+2 length) + at most 100 bytes of data.
          ok(Math.max(...fromAp) <= 114, `AP EAP lengths ${fromAp}`);
          ok(Math.max(...fromSta) <= 114, `station EAP lengths ${fromSta}`);
          // M2 (~400 bytes) alone needs 4+ fragments; each needs a WSC_FRAG_ACK (length 14).
          ok(fromSta.filter((n) => n === 14).length >= 4, `station FRAG_ACKs: ${fromSta}`);
          ok(fromAp.filter((n) => n === 14).length >= 4, `AP FRAG_ACKs: ${fromAp}`);
          ok(f.length >= 30, `${f.length} EAP-WSC frames`);
        } finally {
          await tshark?.stop();
        }
      });
    },
  });

  Deno.test({
    name: `Without wpa_psk_file the credential carries the configured passphrase (${impl})`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      await withAp(impl, ["wpa_psk_file=__unset__"], async (s) => {
        equal((await s.ap.cli("wps_pin", "any", PIN)).trim(), "OK");
        const sta = await s.station({ enrollee: "pin", pin: PIN });
        const cred = credentialOf(await sta.waitFor(/WPS-CRED-RECEIVED/, 20_000));
        await s.ap.daemon.waitFor(/CTRL-EVENT-EAP-FAILURE/);
        deepStrictEqual(
          {
            ssid: cred.ssidText,
            auth: cred.authType,
            encr: cred.encrType,
            key: cred.keyText,
            mac: cred.mac,
          },
          {
            ssid: "TestWPS",
            auth: AuthType.WPA2PSK,
            encr: EncrType.AES,
            key: "initialpassphrase",
            mac: STA_IF_MAC,
          },
        );
        ok(s.events().includes(`WPS-REG-SUCCESS ${STA_IF_MAC} ${STA_UUID}`));
        await sleep(200);
        // startAp created the (unconfigured) file empty; nothing may be added to it.
        equal(await readOr(s.ap.pskFile), "");
      });
    },
  });
}
