/**
 * Regenerates tests/fuzz/corpus.json: every EAPOL frame (EtherType 0x888e) of the real
 * hostapd / wpa_supplicant captures in /work/shared/examples/wired/captures/{pin,pbc,frag,
 * wrongpin}/cap.pcapng, as hex of the Ethernet payload, with its direction. Needs tshark.
 *
 * Run: `deno run -A tests/fuzz/extract_corpus.ts [captures-dir]`
 *
 * @module
 */

const dir = Deno.args[0] ?? "/work/shared/examples/wired/captures";
const STATION = "020000000200";
const frames: { capture: string; from: "station" | "ap"; hex: string }[] = [];
for (const capture of ["pin", "pbc", "frag", "wrongpin"]) {
  const out = new Deno.Command("tshark", {
    args: ["-r", `${dir}/${capture}/cap.pcapng`, "-T", "json", "-x"],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  if (!out.success) throw new Error(`tshark failed on ${capture}`);
  const text = new TextDecoder().decode(out.stdout);
  for (const m of text.matchAll(/"frame_raw":\s*\[\s*"([0-9a-f]+)"/g)) {
    const raw = m[1]!;
    if (raw.slice(24, 28) !== "888e") continue;
    frames.push({
      capture,
      from: raw.slice(12, 24) === STATION ? "station" : "ap",
      hex: raw.slice(28),
    });
  }
}
const url = new URL("./corpus.json", import.meta.url);
Deno.writeTextFileSync(url, JSON.stringify({ source: dir, frames }, null, 1) + "\n");
console.log(`${frames.length} frames written to ${url.pathname}`);
