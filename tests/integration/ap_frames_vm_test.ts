/**
 * Real 802.11 frames against the AP core: a qemu guest with mac80211_hwsim (tests/vm/) runs
 * Debian's hostapd (-ddd) and wpa_supplicant through a WPS PBC registration and the WPA2
 * reconnection (tests/integration/_ap_frames_guest.sh). hostapd's log holds its beacon head and
 * tail, its WPS IEs, every management frame it received ("MLME event frame") and sent
 * ("CMD_FRAME"). The test rebuilds the same frames with core/ap from the same hostapd.conf and
 * feeds wpa_supplicant's real frames to ApCore. A run takes about 30 s under TCG.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fromHex, toHex } from "../../core/bytes.ts";
import { parseConfig } from "../../core/config/parse.ts";
import type { HostapdConfig } from "../../core/config/schema.ts";
import { Eid, type Element, parseElements } from "../../core/ieee80211/element_list.ts";
import { MgmtSubtype, parseMgmtFrame } from "../../core/ieee80211/frame.ts";
import { apParamsFromConfig } from "../../core/ap/ap_params.ts";
import { buildAuth } from "../../core/ieee80211/mgmt_body.ts";
import { setup } from "../core/ap/_station.ts";
import { qemuMissing } from "./_vm.ts";

const repo = new URL("../../", import.meta.url).pathname;
const AP = fromHex("020000000000");
const STA = fromHex("020000000100");

/** Every `<title> - hexdump(len=N): ..` of the log, in order. */
function hexdumps(log: string, title: string): Uint8Array[] {
  const re = new RegExp(`^[0-9.]+: ${title} - hexdump\\(len=\\d+\\):((?: [0-9a-f]{2})*)$`, "gm");
  return [...log.matchAll(re)].map((m) => fromHex(m[1]!.replaceAll(" ", "")));
}

/** Elements by ID, dropping those hostapd adds from driver data tsapd does not build. */
function byId(elements: Element[], skip: number[] = []): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const e of elements) {
    if (skip.includes(e.id)) continue;
    out.set(e.id, [...(out.get(e.id) ?? []), toHex(e.body)]);
  }
  return out;
}

/** Supported Operating Classes and Extended Capabilities come from the driver (not built). */
const DRIVER_ELEMENTS = [59, 127];

const skip = qemuMissing();

Deno.test({
  name: "core/ap rebuilds hostapd's frames and accepts wpa_supplicant's over mac80211_hwsim",
  ignore: skip !== undefined,
  sanitizeResources: false,
  async fn(t) {
    const out = Deno.makeTempDirSync({ prefix: `tsapd-ap-frames-${Deno.pid}-` });
    try {
      const run = await new Deno.Command("bash", {
        args: [`${repo}tests/vm/run.sh`, "tests/integration/_ap_frames_guest.sh", out],
        env: { TSAPD_VM_TIMEOUT: "300" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const console = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
      const failed = console.split("\n").filter((l) => l.startsWith("CHECK ") && !/: ok$/.test(l));
      equal(run.code, 0, `guest failed:\n${failed.join("\n")}\n${console.slice(-3000)}`);
      const log = Deno.readTextFileSync(`${out}/hostapd.log`);
      const events = Deno.readTextFileSync(`${out}/events.txt`).split("\n");
      const conf = parseConfig(Deno.readTextFileSync(`${out}/hostapd.conf`), "hostapd.conf");
      ok(conf.ok);
      await check(t, log, events, conf.config);
    } finally {
      Deno.removeSync(out, { recursive: true });
    }
  },
});

async function check(
  t: Deno.TestContext,
  log: string,
  events: string[],
  config: HostapdConfig,
): Promise<void> {
  const heads = hexdumps(log, "nl80211: Beacon head");
  const tails = hexdumps(log, "nl80211: Beacon tail");
  const rx = hexdumps(log, "nl80211: MLME event frame").filter((f) =>
    toHex(f.subarray(10, 16)) === toHex(STA)
  );
  const tx = hexdumps(log, "CMD_FRAME");
  ok(heads.length >= 2 && tails.length >= 2, "beacon set twice (start, WPS_PBC)");
  const rsn = parseElements(tails[0]!).find((e) => e.id === Eid.RSN)!;
  const params = apParamsFromConfig(config, config.bss[0]!, {
    bssid: AP,
    rsnElement: Uint8Array.of(Eid.RSN, rsn.body.length, ...rsn.body),
    countrySubbands: [{ firstChannel: 1, channels: 13, maxPowerDbm: 20 }],
  });
  const env = setup(params, { bssid: AP, ssid: params.ssid });

  await t.step("the beacon head is byte-identical", () => {
    equal(toHex(env.ap.beacon().head), toHex(heads[0]!));
  });
  await t.step("the beacon tail elements match, idle and under PBC", () => {
    deepStrictEqual(
      byId(parseElements(env.ap.beacon().tail)),
      byId(parseElements(tails[0]!), DRIVER_ELEMENTS),
    );
    env.wps.startPbc();
    deepStrictEqual(
      byId(parseElements(env.ap.beacon().tail)),
      byId(parseElements(tails[1]!), DRIVER_ELEMENTS),
    );
  });
  await t.step("the Probe Response and Association Response WPS IEs match", () => {
    const [probeIes] = hexdumps(log, "nl80211: proberesp_ies");
    const [assocIes] = hexdumps(log, "nl80211: assocresp_ies");
    const mine = env.ap.beacon();
    equal(toHex(mine.assocRespIes), toHex(assocIes!.subarray(10)), "after Extended Capabilities");
    env.wps.cancel();
    equal(toHex(env.ap.beacon().probeRespIes), toHex(probeIes!.subarray(10)));
    env.wps.startPbc();
  });

  const probe = rx.find((f) => parseMgmtFrame(f).subtype === MgmtSubtype.PROBE_REQ)!;
  await t.step("a real WPS probe request gives hostapd's WPS-ENROLLEE-SEEN text", () => {
    ok(probe);
    env.host.take();
    env.host.events.length = 0;
    env.ap.handleFrame(probe);
    const seen = env.host.events.find((e) => e.startsWith("WPS-ENROLLEE-SEEN"));
    ok(seen);
    ok(events.includes(seen), `${seen} not among ${events.join(" | ")}`);
  });
  await t.step("the probe response matches hostapd's element for element", () => {
    const sent = env.host.take().find((c) => c.op === "sendMgmt");
    ok(sent?.op === "sendMgmt");
    const mine = parseMgmtFrame(sent.frame);
    const theirs = parseMgmtFrame(tx.find((f) => f[0] === 0x50)!);
    equal(toHex(mine.body.subarray(0, 12)), toHex(theirs.body.subarray(0, 12)));
    deepStrictEqual(
      byId(parseElements(mine.body.subarray(12))),
      byId(parseElements(theirs.body.subarray(12)), DRIVER_ELEMENTS),
    );
  });

  const assocs = rx.filter((f) => parseMgmtFrame(f).subtype === MgmtSubtype.ASSOC_REQ);
  const auth = rx.find((f) => parseMgmtFrame(f).subtype === MgmtSubtype.AUTH)!;
  const assocResps = tx.filter((f) => f[0] === 0x10);
  await t.step("authentication gets hostapd's exact response", () => {
    env.host.take();
    env.ap.handleFrame(auth);
    const [mine] = env.host.take();
    ok(mine?.op === "sendMgmt");
    equal(toHex(mine.frame), toHex(tx.find((f) => f[0] === 0xb0)!));
    equal(toHex(mine.frame.subarray(24)), toHex(buildAuth(0, 2, 0)));
  });
  await t.step("the WPS association request admits for EAP-WSC with hostapd's response", () => {
    env.ap.handleFrame(assocs[0]!);
    const calls = env.host.take();
    const start = calls.find((c) => c.op === "startEapol");
    ok(start?.op === "startEapol" && start.kind === "wps" && start.info.wps2);
    const mine = calls.find((c) => c.op === "sendMgmt");
    ok(mine?.op === "sendMgmt");
    const theirs = parseMgmtFrame(assocResps[0]!);
    const m = parseMgmtFrame(mine.frame);
    equal(
      toHex(m.body.subarray(0, 6)),
      toHex(theirs.body.subarray(0, 6)),
      "capability, status, AID",
    );
    deepStrictEqual(
      byId(parseElements(m.body.subarray(6))),
      byId(parseElements(theirs.body.subarray(6)), DRIVER_ELEMENTS),
    );
  });
  await t.step("the deauthentication after the EAP-Failure is hostapd's", () => {
    env.ap.wpsEapFinished(STA);
    env.clock.advance(10);
    const [mine] = env.host.take();
    ok(mine?.op === "sendMgmt");
    const theirs = tx.find((f) => f[0] === 0xc0 && toHex(f.subarray(4, 10)) === toHex(STA));
    if (theirs) {
      equal(toHex(mine.frame), toHex(theirs));
      return;
    }
    // A race in the recording: wpa_supplicant left (deauthentication or disassociation) before
    // hostapd's deauthentication timer fired, so hostapd had nothing to send. Ours still goes
    // to the station as a deauthentication.
    ok(rx.some((f) => f[0] === 0xc0 || f[0] === 0xa0), "neither side deauthenticated");
    equal(mine.frame[0], 0xc0);
    equal(toHex(mine.frame.subarray(4, 10)), toHex(STA));
  });
  await t.step("the RSN association request passes the RSN check with hostapd's response", () => {
    env.ap.handleFrame(auth);
    env.host.take();
    env.ap.handleFrame(assocs[1]!);
    const calls = env.host.take();
    const start = calls.find((c) => c.op === "startEapol");
    ok(start?.op === "startEapol" && start.kind === "wpa" && start.info.rsnElement);
    const mine = calls.find((c) => c.op === "sendMgmt");
    ok(mine?.op === "sendMgmt");
    const theirs = parseMgmtFrame(assocResps[1]!);
    const m = parseMgmtFrame(mine.frame);
    equal(toHex(m.body.subarray(0, 6)), toHex(theirs.body.subarray(0, 6)));
    deepStrictEqual(
      byId(parseElements(m.body.subarray(6))),
      byId(parseElements(theirs.body.subarray(6)), DRIVER_ELEMENTS),
    );
  });
}
