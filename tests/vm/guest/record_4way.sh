#!/bin/sh
# Runs inside the hwsim guest (tests/vm/run.sh tests/vm/guest/record_4way.sh OUT): Debian's
# hostapd (driver=nl80211, WPA2-PSK/CCMP, known passphrase) with `-dd -K` on wlan0 and Debian's
# wpa_supplicant (also `-dd -K`) on wlan1 in netns `sta`, one association. Both debug logs go to
# OUT (hostapd.log, wpas.log) for tests/fixtures/wpa/record_hostapd_handshake.ts to extract the
# four EAPOL-Key frames and the keys from. Prints CHECK lines.
. /repo/tests/vm/guest/_lib.sh
ns() { $IP netns exec sta "$@"; }

/sbin/modprobe mac80211_hwsim radios=2 && wait_for 50 $IP link show wlan1
check "mac80211_hwsim with two radios" $?
$IP netns add sta && iw phy phy1 set netns name sta && ns $IP link set lo up &&
  ns $IP link set wlan1 up
check "phy1 moved to netns sta" $?

cat >/tmp/hostapd.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/hostapd
ssid=tsapd-4way
hw_mode=g
channel=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=recorded-handshake-passphrase
H
cat >/tmp/wpas.conf <<W
ctrl_interface=/run/wpas
freq_list=2412
network={
	ssid="tsapd-4way"
	key_mgmt=WPA-PSK
	proto=RSN
	pairwise=CCMP
	group=CCMP
	psk="recorded-handshake-passphrase"
	scan_freq=2412
}
W

hostapd -dd -K -t -f /tmp/hostapd.log -P /run/hostapd.pid -B /tmp/hostapd.conf
wait_for 100 sh -c "hostapd_cli -p /run/hostapd -i wlan0 ping | grep -q PONG"
check "hostapd answers ping" $?
ns wpa_supplicant -B -dd -K -t -f /tmp/wpas.log -P /run/wpas.pid -i wlan1 -D nl80211 \
  -c /tmp/wpas.conf
wait_for 300 sh -c "$IP netns exec sta wpa_cli -p /run/wpas -i wlan1 status | grep -q wpa_state=COMPLETED"
check "wpa_supplicant completes the 4-way handshake" $?
usleep 500000
kill "$(cat /run/wpas.pid)" "$(cat /run/hostapd.pid)" 2>/dev/null
usleep 500000
cp /tmp/hostapd.log /tmp/wpas.log /tmp/hostapd.conf /tmp/wpas.conf /out/
ns cat /sys/class/net/wlan1/address >/out/sta_addr
cat /sys/class/net/wlan0/address >/out/ap_addr
exit $status
