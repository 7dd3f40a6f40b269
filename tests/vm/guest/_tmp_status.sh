#!/bin/sh
wait_for() { n=$1; shift; while [ "$n" -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; usleep 100000; n=$((n - 1)); done; return 1; }
IP=/sbin/ip
export HOME=/tmp DENO_DIR=/tmp/deno-dir NO_COLOR=1 DENO_NO_UPDATE_CHECK=1
ns() { n=$1; shift; $IP netns exec "$n" "$@"; }
/sbin/modprobe mac80211_hwsim radios=2 && wait_for 50 $IP link show wlan1
$IP netns add sta && iw phy phy1 set netns name sta && ns sta $IP link set lo up && ns sta $IP link set wlan1 up
cat >/tmp/ap.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/ap
ssid=tsapd-status
hw_mode=g
channel=6
ieee80211n=1
wmm_enabled=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=correct-horse-battery
eap_server=1
wps_state=2
H
cat >/tmp/wpas.conf <<W
ctrl_interface=/run/wpas
network={
	ssid="tsapd-status"
	key_mgmt=WPA-PSK
	psk="correct-horse-battery"
	scan_freq=2437
}
W
CLI="hostapd_cli -p /run/ap -i wlan0"
run() { # run NAME CMD...
  name=$1; shift
  "$@" >/out/$name.out 2>&1 &
  pid=$!
  wait_for 600 sh -c "$CLI ping | grep -q PONG"
  wait_for 100 sh -c "$CLI status | grep -q state=ENABLED"
  sleep 1
  $CLI status >/out/$name-status0.txt
  ns sta wpa_supplicant -B -P /run/wpas.pid -i wlan1 -D nl80211 -c /tmp/wpas.conf
  wait_for 300 sh -c "$IP netns exec sta wpa_cli -p /run/wpas -i wlan1 status | grep -q wpa_state=COMPLETED"
  sleep 1
  $CLI status >/out/$name-status1.txt
  $CLI get_config >/out/$name-getconfig.txt
  $CLI all_sta >/out/$name-allsta.txt
  $CLI raw MIB >/out/$name-mib.txt
  kill "$(cat /run/wpas.pid)"; sleep 1
  kill $pid; wait_for 50 sh -c "! kill -0 $pid"
}
run hostapd hostapd /tmp/ap.conf
run tsapd /mnt/deno/deno run -A --v8-flags=--jitless,--no-memory-reducer,--single-threaded-gc,--expose-gc --no-config --no-lock --no-prompt /out/tsapd.js /tmp/ap.conf
echo 0 > /out/rc
