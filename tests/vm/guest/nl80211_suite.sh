#!/bin/sh
# Runs inside the hwsim guest (tests/vm/run.sh tests/vm/guest/nl80211_suite.sh):
#   1. mac80211_hwsim with two radios; the deno bindings list both wiphys and interfaces
#   2. harness sanity: Debian's hostapd (WPA2-PSK, wlan0) and wpa_supplicant (wlan1, netns "sta")
#      connect and ping
#   3. the deno bindings run an open AP "tsapd-nl" on wlan0 (nl80211_ap.ts ap)
# Prints CHECK lines; exit status 0 only when every step passed. Logs are copied to /out.
. /repo/tests/vm/guest/_lib.sh
log() { echo "GUEST[$(up)]: $*"; }
since() { echo "$(up) $1" | awk '{printf "%.2f", $1-$2}'; }
ns() { $IP netns exec sta "$@"; }
fail() { echo "CHECK $1: FAIL"; status=1; }
ok() { echo "CHECK $1: ok"; }
DENO="/mnt/deno/deno run -A --no-config --no-lock --no-prompt"
T=/repo/tests/vm/guest/nl80211_ap.ts

/sbin/modprobe mac80211_hwsim radios=2 || { fail "modprobe mac80211_hwsim"; exit 1; }
wait_for 50 $IP link show wlan1 || { fail "wlan1 appeared"; exit 1; }
ok "mac80211_hwsim loaded"

t=$(up)
$DENO $T inventory || status=1
log "TIMING deno inventory (incl. startup) $(since "$t")s"

$IP netns add sta && iw phy phy1 set netns name sta && ns $IP link set lo up ||
  { fail "phy1 moved to netns sta"; exit 1; }

cat >/tmp/hostapd.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/hostapd
ssid=tsapd-vm-psk
hw_mode=g
channel=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=correct-horse-battery
H
cat >/tmp/wpas.conf <<W
ctrl_interface=/run/wpa_supplicant
freq_list=2412
network={
	ssid="tsapd-vm-psk"
	key_mgmt=WPA-PSK
	psk="correct-horse-battery"
	scan_freq=2412
}
W
t=$(up)
hostapd -B -t -f /tmp/hostapd.log -P /run/hostapd.pid /tmp/hostapd.conf &&
  wait_for 100 sh -c "hostapd_cli -p /run/hostapd -i wlan0 status | grep -q state=ENABLED" &&
  ns wpa_supplicant -B -t -f /tmp/wpas.log -P /run/wpas.pid -i wlan1 -D nl80211 -c /tmp/wpas.conf &&
  wait_for 300 sh -c "$IP netns exec sta wpa_cli -p /run/wpa_supplicant -i wlan1 status | grep -q wpa_state=COMPLETED" &&
  $IP addr add 192.168.77.1/24 dev wlan0 && ns $IP addr add 192.168.77.2/24 dev wlan1 &&
  ns ping -c 2 -W 5 192.168.77.1 >/dev/null && ok "hostapd/wpa_supplicant WPA2-PSK connect and ping" ||
  fail "hostapd/wpa_supplicant WPA2-PSK connect and ping"
log "TIMING hostapd+wpa_supplicant PSK phase $(since "$t")s"
kill "$(cat /run/wpas.pid)" "$(cat /run/hostapd.pid)" 2>/dev/null
wait_for 50 sh -c "! kill -0 $(cat /run/hostapd.pid) && ! kill -0 $(cat /run/wpas.pid)"
$IP addr flush dev wlan0
ns $IP addr flush dev wlan1
ns $IP link set wlan1 up || fail "wlan1 up in netns sta"

t=$(up)
$DENO $T ap || status=1
log "TIMING deno ap (incl. startup) $(since "$t")s"

cp /tmp/hostapd.log /tmp/wpas.log /out/ 2>/dev/null
dmesg >/out/dmesg.txt
exit $status
