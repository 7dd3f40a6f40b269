#!/bin/sh
# Runs inside the hwsim guest (tests/vm/run.sh tests/vm/guest/radio_bench.sh OUT), driven by
# tests/bench/radio_bench.ts, which bundles OUT/tsapd.js and may write OUT/bench.env (BLOCKS,
# PER_BLOCK; HOSTAPD_ARGS, TSAPD_ARGS: extra daemon options such as -dd for a diagnosis run;
# TSAPD_V8_FLAGS: V8 flags for an A/B run).
# Debian's hostapd and tsapd take turns as the AP on wlan0 with one hostapd.conf
# (driver=nl80211, WPA2-PSK, wps_state=2, wpa_psk_file): BLOCKS blocks per daemon, alternating,
# each a fresh daemon start and PER_BLOCK WPS PBC enrollments; after the first one the daemon is
# left to settle (its CPU idle) before the steady ones. Each enrollment starts a fresh
# wpa_supplicant (no network) on wlan1 in netns `sta`, writes a MARK line to the AP's event
# stream, runs `hostapd_cli wps_pbc` on the AP and `wpa_cli wps_pbc` on the station, and waits
# (bounded) for the station's COMPLETED and the AP's EAPOL-4WAY-HS-COMPLETED.
# Timestamps, all gettimeofday() in this guest: the AP's events and the MARK lines through one
# `hostapd_cli -a` monitor whose action script writes to a FIFO read by `ts %.s`; the station's
# through wpa_supplicant -t; the AP's own log lines through its -t (both daemons). Logs go to the guest's RAM first; the raw files are copied to
# OUT/radio/ for the host to parse:
#   events-<daemon>-<block>.txt   "<epoch.us> <event or MARK id>" lines
#   ap-<daemon>-<block>.log       the daemon's stdout, "<epoch.us>: wlan0: <event>" lines
#   wpas-<daemon>-<block>-<i>.log wpa_supplicant -d -t log of enrollment i
#   cpu-<daemon>-<block>.txt      "<id> <ticks>" lines: the AP process's utime+stime (all its
#                                 threads, USER_HZ ticks) over each enrollment and its pause
# Prints RUN/FAIL lines as it goes.
. /repo/tests/vm/guest/_lib.sh
BLOCKS=4
PER_BLOCK=6
HOSTAPD_ARGS=
TSAPD_ARGS=
TSAPD_V8_FLAGS=--jitless,--no-memory-reducer,--single-threaded-gc,--expose-gc
[ -f /out/bench.env ] && . /out/bench.env
ns() { $IP netns exec sta "$@"; }
CLI="hostapd_cli -p /run/ap -i wlan0"
WCLI="wpa_cli -p /run/wpas -i wlan1"
R=/out/radio
# Logs are written to the guest's RAM and copied to $R between measurements: /out is a 9p share
# whose every write is served by a qemu thread on the host, which then competes with the two
# vCPU threads for the host's cores (a station's -d log is hundreds of lines per enrollment).
L=/tmp/logs
mkdir -p $R $L

/sbin/modprobe mac80211_hwsim radios=2 && wait_for 50 $IP link show wlan1 &&
  $IP netns add sta && iw phy phy1 set netns name sta && ns $IP link set lo up &&
  ns $IP link set wlan1 up || { echo "FAIL setup hwsim"; exit 1; }

cat >/tmp/ap.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/ap
ssid=radio-bench
hw_mode=g
channel=1
wmm_enabled=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=radio-bench-passphrase
wpa_psk_file=/tmp/ap.psk
eap_server=1
wps_state=2
uuid=12345678-9abc-def0-1234-56789abcdef0
device_name=radio bench
manufacturer=tsapd
model_name=bench
model_number=1
serial_number=1
device_type=6-0050F204-1
os_version=01020300
config_methods=label virtual_display virtual_push_button keypad
H
cat >/tmp/wpas.conf <<W
ctrl_interface=/run/wpas
freq_list=2412
device_name=Bench Station
W
# The action script of the event monitor: one line per event into the timestamping FIFO.
cat >/tmp/ev.sh <<'E'
#!/bin/sh
shift
echo "$*" >/tmp/ev.fifo
echo "$*" >>/tmp/ev.plain
E
chmod +x /tmp/ev.sh

start_ap() { # start_ap DAEMON BLOCK
  : >/tmp/ap.psk
  rm -f /tmp/ev.fifo && mkfifo /tmp/ev.fifo && : >/tmp/ev.plain
  # ts buffers its output until end-of-file: the waits below read /tmp/ev.plain instead. A
  # sleeping writer keeps the FIFO open between events; killing it ends ts, which flushes.
  ts '%.s' </tmp/ev.fifo >"$L/events-$1-$2.txt" &
  TS_PID=$!
  sleep 100000 >/tmp/ev.fifo &
  HOLD_PID=$!
  if [ "$1" = hostapd ]; then
    hostapd -t $HOSTAPD_ARGS /tmp/ap.conf >"$L/ap-$1-$2.log" 2>&1 &
  else
    # By default the shipped flags (cli/v8_flags.ts).
    /mnt/deno/deno run -A --v8-flags=$TSAPD_V8_FLAGS --no-config --no-lock --no-prompt \
      /out/tsapd.js -t $TSAPD_ARGS \
      /tmp/ap.conf \
      >"$L/ap-$1-$2.log" 2>&1 &
  fi
  AP_PID=$!
  t=$(cut -d' ' -f1 /proc/uptime)
  wait_for 600 sh -c "$CLI ping | grep -q PONG" && wait_for 100 sh -c "iw dev wlan0 info | grep -q 'type AP'" ||
    { echo "FAIL $1 $2 start"; return 1; }
  echo "RUN $1 $2 started in $(echo "$(cut -d' ' -f1 /proc/uptime) $t" | awk '{printf "%.2f", $1-$2}') s"
  $CLI -a /tmp/ev.sh -B -P /run/apcli.pid
}
stop_ap() { # stop_ap DAEMON BLOCK
  kill "$(cat /run/apcli.pid)" 2>/dev/null
  kill "$AP_PID" 2>/dev/null
  wait_for 100 sh -c "! kill -0 $AP_PID" || kill -9 "$AP_PID" 2>/dev/null
  wait "$AP_PID" 2>/dev/null
  usleep 200000
  kill "$HOLD_PID" 2>/dev/null
  wait "$TS_PID" 2>/dev/null
  rm -f /run/apcli.pid
  # The radio must be back in station mode before the other daemon takes it.
  wait_for 50 sh -c "! iw dev wlan0 info | grep -q 'type AP'"
  cp "$L/events-$1-$2.txt" "$L/ap-$1-$2.log" "$R/"
}
stop_sta() {
  kill "$(cat /run/wpas.pid)" 2>/dev/null
  wait_for 50 sh -c "! kill -0 $(cat /run/wpas.pid) 2>/dev/null"
}
# The AP process's CPU time so far (utime + stime, USER_HZ ticks); comm has no spaces here.
ap_cpu() { awk '{print $14 + $15}' "/proc/$AP_PID/stat" 2>/dev/null || echo 0; }
# Waits (at most 20 s) until the AP process used at most one tick of CPU in half a second: its
# start-up work is over (tsapd's self-test warm-up; hostapd has none). Prints the time taken.
settle() { # settle DAEMON BLOCK
  t0=$(cut -d' ' -f1 /proc/uptime)
  n=40
  while [ "$n" -gt 0 ]; do
    c0=$(ap_cpu)
    usleep 500000
    [ $(($(ap_cpu) - c0)) -le 1 ] && break
    n=$((n - 1))
  done
  echo "SETTLE $1 $2 $(echo "$(cut -d' ' -f1 /proc/uptime) $t0" | awk '{printf "%.1f", $1-$2}') s"
}
enroll() { # enroll DAEMON BLOCK I
  id="$1-$2-$3"
  cpu0=$(ap_cpu)
  left=$(grep -c "AP-STA-DISCONNECTED" /tmp/ev.plain)
  hs_n=$(grep -c "EAPOL-4WAY-HS-COMPLETED" /tmp/ev.plain)
  ns wpa_supplicant -B -d -t -f "$L/wpas-$id.log" -P /run/wpas.pid -i wlan1 -D nl80211 \
    -c /tmp/wpas.conf || { echo "FAIL $id wpa_supplicant"; return 1; }
  wait_for 50 sh -c "$IP netns exec sta $WCLI ping | grep -q PONG"
  echo "MARK $id" >/tmp/ev.fifo
  $CLI wps_pbc | grep -q OK && ns $WCLI wps_pbc | grep -q OK || echo "FAIL $id wps_pbc"
  ok=0
  wait_for 300 sh -c "$IP netns exec sta $WCLI status | grep -q wpa_state=COMPLETED" &&
    wait_for 50 sh -c "[ \$(grep -c EAPOL-4WAY-HS-COMPLETED /tmp/ev.plain) -gt $hs_n ]" && ok=1
  [ $ok = 1 ] && echo "RUN $id ok" || echo "FAIL $id no connection"
  stop_sta
  cp "$L/wpas-$id.log" "$R/"
  wait_for 50 sh -c "[ \$(grep -c AP-STA-DISCONNECTED /tmp/ev.plain) -gt $left ]"
  # The AP forgets the station's PBC session only after the registration ends: a short pause
  # keeps one enrollment's tail out of the next one's time.
  usleep 300000
  echo "$id $(($(ap_cpu) - cpu0))" >>"$R/cpu-$1-$2.txt"
}

b=1
while [ "$b" -le "$BLOCKS" ]; do
  for d in hostapd tsapd; do
    if start_ap "$d" "$b"; then
      i=1
      while [ "$i" -le "$PER_BLOCK" ]; do
        enroll "$d" "$b" "$i"
        # The first enrollment meets the daemon just started; the steady ones meet it settled.
        [ "$i" = 1 ] && settle "$d" "$b"
        i=$((i + 1))
      done
    fi
    stop_ap "$d" "$b"
  done
  b=$((b + 1))
done
cat /proc/loadavg >$R/loadavg
exit 0
