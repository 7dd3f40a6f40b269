/**
 * Guest-side check of the libnl/nl80211 bindings, run by nl80211_suite.sh inside the hwsim VM.
 *
 *   deno run -A nl80211_ap.ts inventory   lists wiphys and interfaces (both radios present)
 *   deno run -A nl80211_ap.ts ap          wlan0 → AP mode, START_AP "tsapd-nl", probe requests
 *                                          answered through CMD_FRAME, station scan sees the SSID
 *
 * Prints `CHECK <name>: ok|FAIL <detail>` lines and `TIMING` lines; exits non-zero on a failure.
 *
 * @module
 */

import { buildBeacon, buildProbeResponse } from "../../../core/ieee80211/beacon.ts";
import { mgmtFrameControl, MgmtSubtype, parseMgmtFrame } from "../../../core/ieee80211/frame.ts";
import { parseElements, ssidOf } from "../../../core/ieee80211/elements.ts";
import { Nl80211Cmd, Nl80211Iftype } from "../../../core/netlink/nl80211_const.ts";
import type { Nl80211Event } from "../../../core/netlink/nl80211_decode.ts";
import { DriverError, libnl } from "../../../ffi/libnl.ts";
import { Nl80211 } from "../../../ffi/nl80211/nl80211.ts";
import { stopSharedReactor } from "../../../ffi/reactor.ts";

const t0 = performance.now();
let failures = 0;

function check(name: string, ok: boolean, detail = ""): void {
  console.log(`CHECK ${name}: ${ok ? "ok" : "FAIL"}${detail ? ` ${detail}` : ""}`);
  if (!ok) failures++;
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(":");
}

async function sh(cmd: string, ...args: string[]): Promise<{ ok: boolean; out: string }> {
  const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const td = new TextDecoder();
  return { ok: r.success, out: td.decode(r.stdout) + td.decode(r.stderr) };
}

async function sysMac(ifname: string): Promise<string> {
  return (await Deno.readTextFile(`/sys/class/net/${ifname}/address`)).trim();
}

async function inventory(nl: Nl80211): Promise<void> {
  const wiphys = await nl.getWiphys();
  console.log(`wiphys: ${wiphys.map((w) => `${w.index}:${w.name}`).join(" ")}`);
  check("two hwsim wiphys", wiphys.length === 2, `(${wiphys.length})`);
  const w0 = wiphys.find((w) => w.index === 0);
  check("wiphy supports AP", !!w0?.supportedIftypes.includes(Nl80211Iftype.AP));
  check("wiphy has 2412 MHz", !!w0?.frequencies.includes(2412));
  check("wiphy lists START_AP", !!w0?.supportedCommands.includes(Nl80211Cmd.START_AP));
  const ifs = await nl.getInterfaces();
  for (const name of ["wlan0", "wlan1"]) {
    const i = ifs.find((x) => x.name === name);
    const mac = await sysMac(name);
    check(`${name} listed with its MAC`, !!i && hex(i.mac) === mac, `${i && hex(i.mac)} / ${mac}`);
  }
}

async function ap(nl: Nl80211): Promise<void> {
  const ifindex = Number((await Deno.readTextFile("/sys/class/net/wlan0/ifindex")).trim());
  const bssid = Uint8Array.from((await sysMac("wlan0")).split(":").map((x) => parseInt(x, 16)));
  const staMac =
    (await sh("/sbin/ip", "netns", "exec", "sta", "cat", "/sys/class/net/wlan1/address"))
      .out.trim();

  await sh("/sbin/ip", "link", "set", "wlan0", "down");
  await nl.setInterfaceType(ifindex, Nl80211Iftype.AP);
  await sh("/sbin/ip", "link", "set", "wlan0", "up");
  const info = await nl.getInterface(ifindex);
  check("SET_INTERFACE made wlan0 an AP", info.iftype === Nl80211Iftype.AP, `(${info.iftype})`);

  const events: Nl80211Event[] = [];
  const probes: Uint8Array[] = [];
  const ssid = new TextEncoder().encode("tsapd-nl");
  const beaconParams = { bssid, ssid, channel: 1 };
  let responses = 0;
  nl.onEvent((e) => {
    events.push(e);
    if (e.kind !== "frame") return;
    const f = parseMgmtFrame(e.frame);
    if (f.subtype !== MgmtSubtype.PROBE_REQ) return;
    probes.push(f.sa);
    const want = ssidOf(parseElements(f.body));
    if (want && want.length > 0 && new TextDecoder().decode(want) !== "tsapd-nl") return;
    nl.sendFrame(ifindex, buildProbeResponse(beaconParams, f.sa), { noAck: true })
      .then(() => responses++, (err) => console.log(`probe response failed: ${err}`));
  });
  nl.subscribe("mlme");
  for (const st of [MgmtSubtype.PROBE_REQ, MgmtSubtype.AUTH, MgmtSubtype.ASSOC_REQ]) {
    await nl.registerFrame(ifindex, mgmtFrameControl(st));
  }
  check("REGISTER_FRAME for probe/auth/assoc", true);

  const { head, tail } = buildBeacon(beaconParams);
  const tStart = performance.now();
  await nl.startAp({
    ifindex,
    head,
    tail,
    beaconInterval: 100,
    dtimPeriod: 2,
    ssid,
    frequency: 2412,
  });
  console.log(`TIMING START_AP ${(performance.now() - tStart).toFixed(1)} ms`);
  check("START_AP accepted", true);

  try {
    await nl.startAp({ ifindex, head, tail, beaconInterval: 100, dtimPeriod: 2, ssid });
    check("second START_AP fails with DriverError", false, "(accepted)");
  } catch (err) {
    const ok = err instanceof DriverError && err.command === "NL80211_CMD_START_AP";
    check("second START_AP fails with DriverError", ok, `(${err})`);
  }

  let seen = false;
  const tScan = performance.now();
  for (let i = 0; i < 8 && !seen; i++) {
    const r = await sh(
      "/sbin/ip",
      "netns",
      "exec",
      "sta",
      "iw",
      "dev",
      "wlan1",
      "scan",
      "freq",
      "2412",
    );
    seen = r.out.includes("SSID: tsapd-nl");
    if (!seen) console.log(`scan ${i + 1}: not yet (${r.ok ? "ok" : r.out.trim()})`);
  }
  console.log(`TIMING scan found SSID after ${(performance.now() - tScan).toFixed(0)} ms`);
  check("station scan sees SSID tsapd-nl", seen);
  const fromSta = probes.filter((sa) => hex(sa) === staMac).length;
  check("probe request event from the station", fromSta > 0, `(${fromSta} of ${probes.length})`);
  check("probe responses sent with CMD_FRAME", responses > 0, `(${responses})`);
  console.log(`events: ${events.map((e) => e.kind).join(",")}`);

  await nl.stopAp(ifindex);
  check("STOP_AP accepted", true);
}

const mode = Deno.args[0] ?? "inventory";
console.log(`libnl: ${libnl().name}`);
const nl = Nl80211.open();
try {
  if (mode === "inventory") await inventory(nl);
  else await ap(nl);
} catch (err) {
  check(`${mode} ran to the end`, false, `${err instanceof Error ? err.stack : err}`);
} finally {
  nl.close();
  await stopSharedReactor();
}
console.log(`TIMING deno ${mode} ${(performance.now() - t0).toFixed(0)} ms`);
Deno.exit(failures === 0 ? 0 : 1);
