/**
 * Independent cross-check of frame encoders: writes frames into a pcap with link type 105
 * (IEEE 802.11 without radiotap) and asks Wireshark's dissector (tshark) for field values.
 * Each call uses its own temporary file, removed in a finally block.
 *
 * @module
 */

/** Whether tshark can be run here. */
export const HAVE_TSHARK: boolean = (() => {
  try {
    return new Deno.Command("tshark", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

function pcap(frames: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const global = new DataView(new ArrayBuffer(24));
  global.setUint32(0, 0xa1b2c3d4, true);
  global.setUint16(4, 2, true);
  global.setUint16(6, 4, true);
  global.setUint32(16, 65535, true);
  global.setUint32(20, 105, true); // LINKTYPE_IEEE802_11
  parts.push(new Uint8Array(global.buffer));
  frames.forEach((f, i) => {
    const rec = new DataView(new ArrayBuffer(16));
    rec.setUint32(0, 1700000000 + i, true);
    rec.setUint32(8, f.length, true);
    rec.setUint32(12, f.length, true);
    parts.push(new Uint8Array(rec.buffer), f);
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Dissects frames and returns, per frame, the requested fields (all occurrences, joined by
 * `,`), plus `_ws.malformed` and `_ws.expert.message` for dissector complaints.
 *
 * @param frames whole 802.11 frames
 * @param fields tshark field names
 * @returns one record per frame
 */
export function dissect(frames: Uint8Array[], fields: string[]): Record<string, string>[] {
  const path = Deno.makeTempFileSync({ prefix: `tsapd-ap-${Deno.pid}-`, suffix: ".pcap" });
  try {
    Deno.writeFileSync(path, pcap(frames));
    const all = [...fields, "_ws.malformed", "_ws.expert.message"];
    const args = ["-r", path, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a"];
    for (const f of all) args.push("-e", f);
    const out = new Deno.Command("tshark", { args, stdout: "piped", stderr: "piped" }).outputSync();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
    const lines = new TextDecoder().decode(out.stdout).split("\n").filter((l) => l !== "");
    return lines.map((line) => {
      const cols = line.split("\t");
      return Object.fromEntries(all.map((f, i) => [f, cols[i] ?? ""]));
    });
  } finally {
    Deno.removeSync(path);
  }
}
