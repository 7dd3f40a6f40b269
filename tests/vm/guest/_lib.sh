# Shell helpers every hwsim guest script sources (`. /repo/tests/vm/guest/_lib.sh`): the guest
# runs scripts from the read-only /repo mount (tests/vm/guest/init).
# up: seconds since boot
up() { cut -d' ' -f1 /proc/uptime; }
# wait_for TENTHS CMD...: runs CMD every 0.1 s until it succeeds, at most TENTHS times
wait_for() {
  n=$1; shift
  while [ "$n" -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; usleep 100000; n=$((n - 1)); done
  return 1
}
IP=/sbin/ip
status=0
# check NAME RC: prints `CHECK NAME: ok` or `CHECK NAME: FAIL` (and the script fails). With
# REFERENCE_TOLERATED=1 a failed `CHECK hostapd ...` (the reference run of a script that runs
# Debian's hostapd and tsapd side by side) is reported but does not fail the script.
check() {
  if [ "$2" = 0 ]; then echo "CHECK $1: ok"; else
    echo "CHECK $1: FAIL"
    case "$1" in "hostapd "*) [ -n "${REFERENCE_TOLERATED:-}" ] || status=1 ;; *) status=1 ;; esac
  fi
}
# Deno in the guest: no home, a writable cache, no colours, no update check.
export HOME=/tmp DENO_DIR=/tmp/deno-dir NO_COLOR=1 DENO_NO_UPDATE_CHECK=1
# start_daemon IMPL CONF LOG: Debian's hostapd or tsapd (/out/tsapd.js, with the shipped V8 flags
# of cli/v8_flags.ts) on CONF with -dd -t, in the background, output to LOG; $! is its pid
start_daemon() {
  if [ "$1" = hostapd ]; then
    hostapd -dd -t "$2" >"$3" 2>&1 &
  else
    /mnt/deno/deno run -A --v8-flags=--jitless,--no-memory-reducer,--single-threaded-gc,--expose-gc \
      --no-config --no-lock --no-prompt /out/tsapd.js -dd -t "$2" >"$3" 2>&1 &
  fi
}
# probe_rx_monitor CTRL OUT: a monitor on control socket CTRL that attached with
# probe_rx_events=1 (probe_rx_monitor.ts), writing what it receives to OUT, in the background for
# up to 60 s with its pid in PRX; returns once it is attached
probe_rx_monitor() {
  /mnt/deno/deno run -A --unstable-net --no-config --no-lock /repo/tests/vm/guest/probe_rx_monitor.ts \
    "$1" 60 >"$2" 2>&1 &
  PRX=$!
  wait_for 300 grep -q "^OK$" "$2"
}
# For the two-station scripts (hwsim_two_stations): a command in netns N, wpa_cli on station
# interface I in netns N, and whether that station's wpa_state is STATE.
ns() { n=$1; shift; $IP netns exec "$n" "$@"; }
wcli() { n=$1; i=$2; shift 2; ns "$n" wpa_cli -p "/run/wpas-$i" -i "$i" "$@"; }
state_is() { wcli "$1" "$2" status | grep -q "wpa_state=$3"; }
# hwsim_two_stations: three hwsim radios, wlan0 left for the AP; phy1 and phy2 go to network
# namespaces sta1 and sta2 with lo, wlan1 and wlan2 up. Fails unless all of it worked.
hwsim_two_stations() {
  /sbin/modprobe mac80211_hwsim radios=3 && wait_for 50 $IP link show wlan2 || return 1
  for i in 1 2; do
    $IP netns add "sta$i" && iw phy "phy$i" set netns name "sta$i" &&
      $IP netns exec "sta$i" $IP link set lo up && $IP netns exec "sta$i" $IP link set "wlan$i" up ||
      return 1
  done
}
