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
# check NAME RC: prints `CHECK NAME: ok` or `CHECK NAME: FAIL` (and the script fails)
check() { if [ "$2" = 0 ]; then echo "CHECK $1: ok"; else echo "CHECK $1: FAIL"; status=1; fi; }
# Deno in the guest: no home, a writable cache, no colours, no update check.
export HOME=/tmp DENO_DIR=/tmp/deno-dir NO_COLOR=1 DENO_NO_UPDATE_CHECK=1
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
