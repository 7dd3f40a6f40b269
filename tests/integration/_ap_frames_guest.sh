#!/bin/sh
# Runs inside the hwsim guest (tests/vm/run.sh tests/integration/_ap_frames_guest.sh OUT):
# Debian's hostapd (WPA2-PSK + WPS, -ddd) on wlan0 and wpa_supplicant (-ddd) on wlan1 in netns
# "sta" run a WPS PBC registration and the WPA2 reconnection that follows, so hostapd's debug log
# records its beacon head/tail, WPS IEs and every received management frame ("nl80211: Frame
# event" hexdumps). hostapd_cli -a records the control events. Everything is copied to /out for
# tests/integration/ap_frames_vm_test.ts.
. /repo/tests/vm/guest/_lib.sh
ns() { $IP netns exec sta "$@"; }

/sbin/modprobe mac80211_hwsim radios=2 && wait_for 50 $IP link show wlan1
check "mac80211_hwsim loaded" $?
$IP netns add sta && iw phy phy1 set netns name sta && ns $IP link set lo up
check "phy1 moved to netns sta" $?

cat >/tmp/hostapd.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/hostapd
ssid=TestWPS
hw_mode=g
channel=1
country_code=DE
ieee80211d=1
wmm_enabled=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=initialpassphrase
eap_server=1
wps_state=2
uuid=12345678-9abc-def0-1234-56789abcdef0
device_name=TestAP
manufacturer=TestManu
model_name=TestModel
model_number=1.0
serial_number=0001
device_type=6-0050F204-1
os_version=01020300
config_methods=label virtual_display virtual_push_button keypad
vendor_elements=dd0411223344
assocresp_elements=dd05001122aabb
H
cat >/tmp/wpas.conf <<W
ctrl_interface=/run/wpa_supplicant
update_config=1
freq_list=2412
device_name=Phone 1
W
# hostapd_cli -a runs "<script> <ifname> <event text>" through the shell: keep the text.
cat >/tmp/ev.sh <<'E'
#!/bin/sh
shift
echo "$*" >>/tmp/events.txt
E
chmod +x /tmp/ev.sh

hostapd -B -ddd -t -f /tmp/hostapd.log -P /run/hostapd.pid /tmp/hostapd.conf &&
  wait_for 100 sh -c "hostapd_cli -p /run/hostapd -i wlan0 status | grep -q state=ENABLED"
check "hostapd enabled" $?
hostapd_cli -p /run/hostapd -i wlan0 -a /tmp/ev.sh -B -P /run/hostapd_cli.pid
ns wpa_supplicant -B -ddd -t -f /tmp/wpas.log -P /run/wpas.pid -i wlan1 -D nl80211 -c /tmp/wpas.conf
check "wpa_supplicant started" $?
t=$(up)
hostapd_cli -p /run/hostapd -i wlan0 wps_pbc >/dev/null &&
  ns wpa_cli -p /run/wpa_supplicant -i wlan1 wps_pbc >/dev/null &&
  wait_for 600 sh -c "grep -q AP-STA-CONNECTED /tmp/events.txt"
check "WPS PBC then WPA2-PSK connection" $?
echo "GUEST: TIMING wps+connect $(echo "$(up) $t" | awk '{printf "%.2f", $1-$2}')s"
usleep 500000
kill "$(cat /run/wpas.pid)" 2>/dev/null
usleep 500000
kill "$(cat /run/hostapd_cli.pid)" "$(cat /run/hostapd.pid)" 2>/dev/null
wait_for 50 sh -c "! kill -0 $(cat /run/hostapd.pid)"
cp /tmp/hostapd.conf /tmp/hostapd.log /tmp/wpas.log /tmp/events.txt /out/ 2>/dev/null
exit $status
