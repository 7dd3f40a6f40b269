import { equal } from "node:assert/strict";
import { LogLevel } from "../../core/log.ts";
import { openSyslog, syslogSeverity } from "../../ffi/syslog.ts";
import { UnixDgramSocket } from "../../ffi/unix_dgram.ts";

Deno.test("syslogSeverity() grades lines as hostapd does: err, warning, notice, debug", () => {
  equal(syslogSeverity(LogLevel.ERROR), 3);
  equal(syslogSeverity(LogLevel.WARNING), 4);
  equal(syslogSeverity(LogLevel.INFO), 5);
  for (const l of [LogLevel.DEBUG, LogLevel.MSGDUMP, LogLevel.EXCESSIVE]) {
    equal(syslogSeverity(l), 7);
  }
});

Deno.test("openSyslog() sends RFC 3164 lines at facility daemon with the given severity", async () => {
  const dir = await Deno.makeTempDir();
  const log = UnixDgramSocket.bind(`${dir}/log`);
  try {
    const sys = openSyslog("hostapd", `${dir}/log`);
    sys.send("wlan0: AP-STA-CONNECTED 02:00:00:00:02:00", syslogSeverity(LogLevel.INFO));
    sys.send("WPS: self-test failed", syslogSeverity(LogLevel.ERROR));
    const got: string[] = [];
    for (let i = 0; i < 100 && got.length < 2; i++) {
      const d = log.receive();
      if (d) got.push(new TextDecoder().decode(d.data));
      else await new Promise((r) => setTimeout(r, 10));
    }
    equal(got[0], `<29>hostapd[${Deno.pid}]: wlan0: AP-STA-CONNECTED 02:00:00:00:02:00`);
    equal(got[1], `<27>hostapd[${Deno.pid}]: WPS: self-test failed`);
  } finally {
    log.close();
    await Deno.remove(dir, { recursive: true });
  }
});
