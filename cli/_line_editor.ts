/**
 * Line input for hostapd_cli's interactive mode: on a terminal, a small line editor (cursor
 * keys, Home/End, Backspace/Delete, Ctrl-A/E/K/U/W, history on Up/Down) that can print event
 * lines above the prompt; otherwise plain lines read from stdin with the prompt written before
 * each one, as hostapd_cli does when fed through a pipe.
 *
 * @module
 * @private
 */

const enc = new TextEncoder();

/** A source of command lines. */
export interface LineSource {
  /** The next line without its newline, or null at end of input. */
  next(): Promise<string | null>;
  /** Prints `text` (ending in a newline) without corrupting the line being edited. */
  printAbove(text: string): void;
  /** Restores the terminal. */
  close(): void;
}

/** Writes all of `text` to stdout synchronously, so that output keeps its order. */
export function writeOut(text: string | Uint8Array): void {
  const b = typeof text === "string" ? enc.encode(text) : text;
  for (let off = 0; off < b.length;) off += Deno.stdout.writeSync(b.subarray(off));
}

/**
 * Opens the line source for stdin.
 *
 * @param prompt the prompt (`> `)
 * @param history earlier lines, oldest first (the caller appends new ones)
 * @returns the source
 */
export function openLineSource(prompt: string, history: string[]): LineSource {
  const reader = Deno.stdin.readable.getReader();
  const isTty = Deno.stdin.isTerminal();
  if (!isTty) return new PipeSource(prompt, reader);
  return new TtyEditor(prompt, history, reader);
}

class PipeSource implements LineSource {
  #buf = "";
  #eof = false;
  #dec = new TextDecoder();

  constructor(readonly prompt: string, readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async next(): Promise<string | null> {
    writeOut(this.prompt);
    for (;;) {
      const nl = this.#buf.indexOf("\n");
      if (nl >= 0) {
        const line = this.#buf.slice(0, nl);
        this.#buf = this.#buf.slice(nl + 1);
        return line;
      }
      if (this.#eof) {
        if (this.#buf === "") return null;
        const line = this.#buf;
        this.#buf = "";
        return line;
      }
      const r = await this.reader.read();
      if (r.done) this.#eof = true;
      else this.#buf += this.#dec.decode(r.value, { stream: true });
    }
  }

  printAbove(text: string): void {
    writeOut(text);
  }

  close(): void {
    this.reader.releaseLock();
  }
}

class TtyEditor implements LineSource {
  #line = "";
  #cursor = 0;
  #histPos = 0;
  #pending: number[] = [];
  #editing = false;

  constructor(
    readonly prompt: string,
    readonly history: string[],
    readonly reader: ReadableStreamDefaultReader<Uint8Array>,
  ) {
    Deno.stdin.setRaw(true);
  }

  #redraw(): void {
    const back = this.#line.length - this.#cursor;
    writeOut(`\r\x1b[K${this.prompt}${this.#line}${back > 0 ? `\x1b[${back}D` : ""}`);
  }

  printAbove(text: string): void {
    if (!this.#editing) return writeOut(text);
    writeOut("\r\x1b[K" + text.replaceAll("\n", "\r\n"));
    this.#redraw();
  }

  async #byte(): Promise<number | null> {
    while (this.#pending.length === 0) {
      const r = await this.reader.read();
      if (r.done) return null;
      this.#pending.push(...r.value);
    }
    return this.#pending.shift()!;
  }

  async next(): Promise<string | null> {
    this.#line = "";
    this.#cursor = 0;
    this.#histPos = this.history.length;
    this.#editing = true;
    this.#redraw();
    try {
      for (;;) {
        const b = await this.#byte();
        if (b === null) return null;
        const done = await this.#key(b);
        if (done === "eof") {
          writeOut("\r\n");
          return null;
        }
        if (done === "line") {
          writeOut("\r\n");
          return this.#line;
        }
      }
    } finally {
      this.#editing = false;
    }
  }

  async #key(b: number): Promise<"line" | "eof" | undefined> {
    const l = this.#line, c = this.#cursor;
    switch (b) {
      case 0x0d:
      case 0x0a:
        return "line";
      case 0x03: // Ctrl-C ends the program like SIGINT
        return "eof";
      case 0x04:
        if (l === "") return "eof";
        this.#set(l.slice(0, c) + l.slice(c + 1), c);
        return;
      case 0x01:
        this.#set(l, 0);
        return;
      case 0x05:
        this.#set(l, l.length);
        return;
      case 0x0b:
        this.#set(l.slice(0, c), c);
        return;
      case 0x15:
        this.#set(l.slice(c), 0);
        return;
      case 0x17: {
        const start = l.slice(0, c).replace(/\S+\s*$/, "").length;
        this.#set(l.slice(0, start) + l.slice(c), start);
        return;
      }
      case 0x08:
      case 0x7f:
        if (c > 0) this.#set(l.slice(0, c - 1) + l.slice(c), c - 1);
        return;
      case 0x1b:
        return await this.#escape();
    }
    if (b >= 0x20) this.#set(l.slice(0, c) + String.fromCharCode(b) + l.slice(c), c + 1);
  }

  async #escape(): Promise<undefined> {
    const b1 = await this.#byte();
    if (b1 !== 0x5b && b1 !== 0x4f) return;
    let b2 = await this.#byte();
    let param = "";
    while (b2 !== null && b2 >= 0x30 && b2 <= 0x39) {
      param += String.fromCharCode(b2);
      b2 = await this.#byte();
    }
    const l = this.#line, c = this.#cursor;
    switch (b2) {
      case 0x41: // Up
        if (this.#histPos > 0) this.#recall(--this.#histPos);
        break;
      case 0x42: // Down
        if (this.#histPos < this.history.length) this.#recall(++this.#histPos);
        break;
      case 0x43:
        this.#set(l, Math.min(l.length, c + 1));
        break;
      case 0x44:
        this.#set(l, Math.max(0, c - 1));
        break;
      case 0x48:
        this.#set(l, 0);
        break;
      case 0x46:
        this.#set(l, l.length);
        break;
      case 0x7e:
        if (param === "3") this.#set(l.slice(0, c) + l.slice(c + 1), c);
        else if (param === "1" || param === "7") this.#set(l, 0);
        else if (param === "4" || param === "8") this.#set(l, l.length);
        break;
    }
  }

  #recall(pos: number): void {
    const text = this.history[pos] ?? "";
    this.#set(text, text.length);
  }

  #set(line: string, cursor: number): void {
    this.#line = line;
    this.#cursor = cursor;
    this.#redraw();
  }

  close(): void {
    try {
      Deno.stdin.setRaw(false);
    } catch {
      // stdin already gone
    }
    this.reader.releaseLock();
  }
}
