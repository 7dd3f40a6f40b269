import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  logLevelName,
  logLevelReply,
  type LogSettings,
  parseLogLevelName,
} from "../../../core/ctrl/log_level.ts";
import { parseCommand } from "../../../core/ctrl/command.ts";

/** A control over plain settings, recording each change it is given. */
function control(start: LogSettings) {
  let s = { ...start };
  const changes: Partial<LogSettings>[] = [];
  return {
    get: () => ({ ...s }),
    set(c: Partial<LogSettings>) {
      changes.push(c);
      s = { ...s, ...c };
    },
    get now() {
      return s;
    },
    changes,
  };
}

Deno.test("LOG_LEVEL alone shows the level by name and the timestamp flag as a number", () => {
  assertEquals(
    logLevelReply("", control({ level: 3, timestamp: 0 })),
    "Current level: INFO\nTimestamp: 0\n",
  );
  assertEquals(
    logLevelReply("", control({ level: 0, timestamp: 7 })),
    "Current level: EXCESSIVE\nTimestamp: 7\n",
  );
  assertEquals(logLevelName(9), "?");
});

Deno.test("LOG_LEVEL parses its words as hostapd 2.10 does", async (t) => {
  const cases: Array<[string, string, LogSettings]> = [
    // [text after LOG_LEVEL, reply, settings after; starting from INFO, timestamp 0]
    [" debug", "OK\n", { level: 2, timestamp: 0 }],
    [" MsgDump 1", "OK\n", { level: 1, timestamp: 1 }],
    ["   WARNING    1", "OK\n", { level: 4, timestamp: 1 }],
    [" error 2 extra", "OK\n", { level: 5, timestamp: 2 }],
    [" excessive x", "OK\n", { level: 0, timestamp: 0 }], // atoi("x") is 0
    [" info -1", "OK\n", { level: 3, timestamp: -1 }],
    [" ", "OK\n", { level: 3, timestamp: 0 }], // nothing to change
    ["debug", "OK\n", { level: 2, timestamp: 0 }], // LOG_LEVELdebug: the bare prefix matched
    [" 2", "FAIL\n", { level: 3, timestamp: 0 }], // numbers are not level names
    [" bogus 1", "FAIL\n", { level: 3, timestamp: 0 }], // and a failure changes nothing
  ];
  for (const [args, reply, after] of cases) {
    await t.step(JSON.stringify(args), () => {
      const c = control({ level: 3, timestamp: 0 });
      assertEquals(logLevelReply(args, c), reply);
      assertEquals(c.now, after);
    });
  }
  assertEquals(parseLogLevelName("Warning"), 4);
  assertEquals(parseLogLevelName("WARN"), undefined);
});

Deno.test("parseCommand() knows LOG_LEVEL by its bare prefix, TERMINATE, UPDATE_BEACON, MIB and GET", () => {
  assertEquals(parseCommand("LOG_LEVEL"), { kind: "LOG_LEVEL", args: "" });
  assertEquals(parseCommand("LOG_LEVEL debug 1"), { kind: "LOG_LEVEL", args: " debug 1" });
  assertEquals(parseCommand("TERMINATE"), { kind: "TERMINATE" });
  assertEquals(parseCommand("UPDATE_BEACON"), { kind: "UPDATE_BEACON" });
  assertEquals(parseCommand("MIB"), { kind: "MIB" });
  assertEquals(parseCommand("GET version"), { kind: "GET", key: "version" });
  assertEquals(parseCommand("GET").kind, "UNKNOWN");
  assertEquals(parseCommand("MIB radius_server"), { kind: "MIB", param: "radius_server" });
  assertEquals(parseCommand("TERMINATE now").kind, "UNKNOWN");
  assertEquals(parseCommand("UPDATE_BEACON x").kind, "UNKNOWN");
});
