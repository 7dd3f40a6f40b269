#!/bin/sh
# Runs inside the hwsim guest (tests/vm/run.sh tests/vm/guest/ap_e2e.sh OUT), with OUT/tsapd.js
# bundled by tests/integration/ap_e2e_vm_test.ts: tsapd (driver=nl80211, WPA2-PSK + WPS) is the
# AP on wlan0; Debian's wpa_supplicant runs on wlan1 (netns sta1) and wlan2 (netns sta2).
# Scenarios, one boot: HT20 and country_code, Selected Registrar in probe responses and beacons,
# WPS PBC then WPA2-PSK with the per-device PSK and ping both ways, leave and come back, WPS PIN
# on a second station (two at once), passphrase and keyid clients, a wrong passphrase, group
# rekeying, RELOAD with a deny list, PBC overlap, a hidden SSID, an open network, 5 GHz at 40 MHz,
# DISABLE/ENABLE, a second BSS (bss=) in a bridge, GCMP-256, ap_isolate, idle and vanished
# stations (ap_max_inactivity, disassoc_low_ack), shutdown, then 2.4 GHz HT40, management frame
# protection (ieee80211w) and 802.11ac at 80 MHz against hostapd.
# Debian's hostapd runs first on the same config, for its STA reply. Prints CHECK/TIMING lines; logs
# go to /out.
. /repo/tests/vm/guest/_lib.sh
since() { echo "$(up) $1" | awk '{printf "%.2f", $1-$2}'; }
timing() { echo "TIMING $1 $(since "$2")s"; }
CLI="hostapd_cli -p /run/tsapd -i wlan0"
event_count() { grep -c "$1" /tmp/events.txt 2>/dev/null || echo 0; }
# wait_event PATTERN MIN TENTHS: until PATTERN occurs at least MIN times in the AP's events
wait_event() { wait_for "$3" sh -c "[ \$(grep -c '$1' /tmp/events.txt) -ge $2 ]"; }
start_wpas() { # start_wpas NS IF CONF
  ns "$1" wpa_supplicant -B -ddd -t -f "/tmp/wpas-$2.log" -P "/run/wpas-$2.pid" -i "$2" \
    -D nl80211 -c "$3"
}
# guest_wpas [LINE...]: wlan2's wpa_supplicant config for the second BSS, with LINEs added to
# its network block
guest_wpas() {
  {
    printf 'ctrl_interface=/run/wpas-wlan2\nfreq_list=5180\nnetwork={\n'
    printf '\tssid="tsapd-guest"\n\tpsk="guest-passphrase-2"\n\tscan_freq=5180\n'
    for l in "$@"; do printf '\t%s\n' "$l"; done
    printf '}\n'
  } >/tmp/wpas-wlan2.conf
}
stop_wpas() {
  kill "$(cat "/run/wpas-$1.pid")" 2>/dev/null
  wait_for 50 sh -c "! kill -0 $(cat "/run/wpas-$1.pid") 2>/dev/null"
}
finish() {
  kill "$(cat /run/tsapd_cli.pid)" 2>/dev/null
  [ -n "$TSAPD_PID" ] && kill "$TSAPD_PID" 2>/dev/null
  usleep 500000
  cp /tmp/ht-* /tmp/pmf-* /tmp/inactive.txt /tmp/tsapd.conf /tmp/tsapd.log /tmp/hostapd_sta.txt /tmp/tsapd_sta.txt /tmp/hostapd_status.txt /tmp/tsapd_status.txt /tmp/hostapd_mib.txt /tmp/tsapd_mib.txt /tmp/tsapd.psk /tmp/events.txt /tmp/probe_rx.txt /tmp/wpas-*.log /out/ 2>/dev/null
  dmesg >/out/dmesg.txt
  exit $status
}

hwsim_two_stations
check "mac80211_hwsim with three radios, stations in netns sta1 and sta2" $?

echo "keyid=guest 00:00:00:00:00:00 guest-passphrase-1" >/tmp/tsapd.psk
cat >/tmp/tsapd.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/tsapd
ssid=tsapd-e2e
hw_mode=g
channel=1
country_code=DE
ieee80211d=1
ieee80211n=1
wmm_enabled=1
supported_rates=60 90 120 180 240 360 480 540
basic_rates=60 120 240
preamble=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=correct-horse-battery
wpa_psk_file=/tmp/tsapd.psk
wpa_group_rekey=15
eap_server=1
wps_state=2
uuid=12345678-9abc-def0-1234-56789abcdef0
device_name=tsapd e2e
manufacturer=tsapd
model_name=e2e
model_number=1
serial_number=1
device_type=6-0050F204-1
os_version=01020300
config_methods=label virtual_display virtual_push_button keypad
H
# --- reference: Debian's hostapd on the same config, a passphrase client, its STA reply ---
psk_conf() {
  cat >/tmp/wpas-wlan2.conf <<W
ctrl_interface=/run/wpas-wlan2
freq_list=2412
network={
	ssid="tsapd-e2e"
	key_mgmt=WPA-PSK
	psk="$1"
	scan_freq=2412
}
W
}
sed 's#ctrl_interface=/run/tsapd#ctrl_interface=/run/hostapd#' /tmp/tsapd.conf >/tmp/hostapd.conf
psk_conf correct-horse-battery
hostapd -B -P /run/hostapd.pid /tmp/hostapd.conf >/tmp/hostapd.out 2>&1 &&
  start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf && wait_for 300 state_is sta2 wlan2 COMPLETED &&
  hostapd_cli -p /run/hostapd -i wlan0 sta 02:00:00:00:02:00 >/tmp/hostapd_sta.txt &&
  hostapd_cli -p /run/hostapd -i wlan0 status >/tmp/hostapd_status.txt &&
  hostapd_cli -p /run/hostapd -i wlan0 raw MIB >/tmp/hostapd_mib.txt
check "reference: hostapd serves a passphrase client" $?
stop_wpas wlan2
kill "$(cat /run/hostapd.pid)"
wait_for 50 sh -c "! kill -0 $(cat /run/hostapd.pid)"

cat >/tmp/ev.sh <<'E'
#!/bin/sh
shift
echo "$(cut -d' ' -f1 /proc/uptime) $*" >>/tmp/events.txt
E
chmod +x /tmp/ev.sh
: >/tmp/events.txt

t=$(up)
# The shipped V8 flags (cli/v8_flags.ts).
/mnt/deno/deno run -A --v8-flags=--jitless,--no-memory-reducer,--single-threaded-gc,--expose-gc \
  --no-config --no-lock --no-prompt /out/tsapd.js -dd /tmp/tsapd.conf >/tmp/tsapd.log 2>&1 &
TSAPD_PID=$!
wait_for 600 sh -c "$CLI ping | grep -q PONG"
check "tsapd answers hostapd_cli ping" $?
timing "tsapd start" "$t"
$CLI -a /tmp/ev.sh -B -P /run/tsapd_cli.pid
# The control socket answers before the driver is up: wait for AP mode.
wait_for 100 sh -c "iw dev wlan0 info | grep -q 'type AP'"
check "wlan0 is an AP" $?
wait_for 100 sh -c "iw dev wlan0 info | grep -q channel"
chan=$(iw dev wlan0 info | grep channel)
echo "wlan0: $chan"
echo "$chan" | grep -q "2412 MHz" && ! echo "$chan" | grep -q "no HT"
check "wlan0 runs HT20 (ieee80211n=1)" $?
iw reg get | grep -q "^country DE"
check "country_code=DE set the regulatory domain" $?

# --- Selected Registrar follows WPS_PBC in the probe responses (SET_BEACON for beacons) ---
scan() { ns sta1 timeout 15 iw dev wlan1 scan freq 2412 2>/dev/null; }
t=$(up)
wait_for 100 sh -c "$IP netns exec sta1 timeout 15 iw dev wlan1 scan freq 2412 | grep -q 'SSID: tsapd-e2e'"
check "a station scan finds SSID tsapd-e2e" $?
# RX-PROBE-REQUEST goes only to a monitor that attached with probe_rx_events=1.
probe_rx_monitor /run/tsapd/wlan0 /tmp/probe_rx.txt
scan >/tmp/scan0.txt
usleep 500000
kill $PRX
STA1_ADDR=$(ns sta1 cat /sys/class/net/wlan1/address)
grep -q "^<3>RX-PROBE-REQUEST sa=$STA1_ADDR signal=-[0-9][0-9]*$" /tmp/probe_rx.txt &&
  ! grep -q RX-PROBE-REQUEST /tmp/events.txt
check "RX-PROBE-REQUEST, with the signal, reaches a probe_rx_events=1 monitor only" $?
grep -q "Country: DE" /tmp/scan0.txt
check "the Country element says DE (ieee80211d=1)" $?
grep -q "Supported rates: 6.0\* 9.0 12.0\* 18.0 24.0\* 36.0 48.0 54.0 *$" /tmp/scan0.txt &&
  ! grep -q "Extended supported rates" /tmp/scan0.txt && grep -q "capability:.*ShortPreamble" /tmp/scan0.txt
check "supported_rates, basic_rates and preamble=1 (OpenWrt's defaults) shape the beacon" $?
! grep -q "Selected Registrar" /tmp/scan0.txt
check "no Selected Registrar before WPS_PBC" $?
$CLI wps_pbc | grep -q OK
check "hostapd_cli wps_pbc" $?
wait_for 50 sh -c "$IP netns exec sta1 timeout 15 iw dev wlan1 scan freq 2412 | grep -q 'Selected Registrar: 0x1'"
check "Selected Registrar after WPS_PBC" $?
wait_for 50 sh -c "$IP netns exec sta1 timeout 15 iw dev wlan1 scan freq 2412 passive | grep -q 'Selected Registrar: 0x1'"
check "Selected Registrar in beacons after WPS_PBC (SET_BEACON)" $?
timing "scans" "$t"

# --- WPS PBC, then WPA2-PSK with the per-device PSK, ping both ways ---
cat >/tmp/wpas-wlan1.conf <<W
ctrl_interface=/run/wpas-wlan1
update_config=1
freq_list=2412
device_name=Station One
W
t=$(up)
start_wpas sta1 wlan1 /tmp/wpas-wlan1.conf && wcli sta1 wlan1 wps_pbc | grep -q OK
check "wpa_supplicant wps_pbc on wlan1" $?
wait_for 300 state_is sta1 wlan1 COMPLETED && wait_event "AP-STA-CONNECTED" 1 50
check "WPS PBC gives a credential and wlan1 connects with WPA2-PSK" $?
timing "wps-pbc+connect" "$t"
grep -q "WPS-REG-SUCCESS" /tmp/events.txt
check "WPS-REG-SUCCESS event" $?
grep -q "WPS-ENROLLEE-SEEN" /tmp/events.txt
check "WPS-ENROLLEE-SEEN event from a probe request" $?
grep -q "EAPOL-4WAY-HS-COMPLETED" /tmp/events.txt
check "EAPOL-4WAY-HS-COMPLETED event" $?
# The line is written (temp file, fsync, rename) off the EAP path: allow it a moment under TCG.
t=$(up)
wait_for 30 grep -q "^wps=1 " /tmp/tsapd.psk
check "per-device PSK appended to wpa_psk_file" $?
timing "psk line after the connection" "$t"
$IP addr add 192.168.77.1/24 dev wlan0 && ns sta1 $IP addr add 192.168.77.2/24 dev wlan1
ns sta1 ping -c 2 -W 5 192.168.77.1 >/dev/null
check "ping station to AP" $?
ping -c 2 -W 5 192.168.77.2 >/dev/null
check "ping AP to station" $?
$CLI all_sta | grep -q "AUTHORIZED"
check "ALL_STA lists the authorized station" $?
$CLI raw POLL_STA "$(ns sta1 cat /sys/class/net/wlan1/address)" | grep -q OK &&
  wait_event "AP-STA-POLL-OK $(ns sta1 cat /sys/class/net/wlan1/address)" 1 50 &&
  $CLI raw POLL_STA 02:00:00:00:09:99 | grep -q FAIL
check "POLL_STA: the station acknowledges (AP-STA-POLL-OK), an unknown one FAILs" $?
$CLI all_sta | grep "^flags=" | grep -q "\[HT\]"
check "the station associated with HT" $?
ns sta2 timeout 15 iw dev wlan2 scan freq 2412 passive >/tmp/scan1.txt 2>&1 && grep -q "SSID: tsapd-e2e" /tmp/scan1.txt &&
  ! grep -q "Selected Registrar" /tmp/scan1.txt
check "beacons drop Selected Registrar after the registration" $?

# --- leave and come back ---
t=$(up)
wcli sta1 wlan1 disconnect | grep -q OK && wait_event "AP-STA-DISCONNECTED" 1 100
check "station leaves: AP-STA-DISCONNECTED" $?
wcli sta1 wlan1 reconnect | grep -q OK && wait_for 300 state_is sta1 wlan1 COMPLETED &&
  wait_event "AP-STA-CONNECTED" 2 50 && ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "station comes back, reconnects and pings" $?
timing "leave+return" "$t"

# --- hostapd_cli deauthenticate / disassociate: the station is let go with the reason given ---
t=$(up)
$CLI deauthenticate 02:00:00:00:01:00 reason=3 | grep -q OK && wait_event "AP-STA-DISCONNECTED" 2 100 &&
  wait_for 100 grep -qE "CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=3$" /tmp/wpas-wlan1.log
check "DEAUTHENTICATE reason=3 reaches the station" $?
wait_for 300 state_is sta1 wlan1 COMPLETED && wait_event "AP-STA-CONNECTED" 3 50
check "the station reconnects after DEAUTHENTICATE" $?
$CLI disassociate 02:00:00:00:01:00 reason=8 | grep -q OK && wait_event "AP-STA-DISCONNECTED" 3 100 &&
  wait_for 100 grep -qE "CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=8$" /tmp/wpas-wlan1.log
check "DISASSOCIATE reason=8 reaches the station" $?
wait_for 300 state_is sta1 wlan1 COMPLETED && wait_event "AP-STA-CONNECTED" 4 50 &&
  ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "the station reconnects after DISASSOCIATE and pings" $?
timing "deauthenticate+disassociate" "$t"

# --- WPS PIN on a second station: two stations at once ---
cat >/tmp/wpas-wlan2.conf <<W
ctrl_interface=/run/wpas-wlan2
update_config=1
freq_list=2412
device_name=Station Two
W
t=$(up)
$CLI wps_pin any 12345670 | grep -q . && start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf &&
  wcli sta2 wlan2 wps_pin any 12345670 | grep -q 12345670
check "WPS PIN started on AP and wlan2" $?
wait_for 300 state_is sta2 wlan2 COMPLETED && wait_event "AP-STA-CONNECTED" 5 50
check "WPS PIN gives wlan2 a credential and it connects with WPA2-PSK" $?
timing "wps-pin+connect" "$t"
# Written off the EAP path, like the first: the same moment allowed.
wait_for 30 sh -c '[ "$(grep -c "^wps=1 " /tmp/tsapd.psk)" -ge 2 ]'
check "a second per-device PSK in wpa_psk_file" $?
ns sta2 $IP addr add 192.168.77.3/24 dev wlan2
ping -c 1 -W 5 192.168.77.3 >/dev/null && ns sta2 ping -c 1 -W 5 192.168.77.1 >/dev/null &&
  ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "two stations at once: both ping the AP" $?
[ "$($CLI all_sta | grep -c "AUTHORIZED")" = 2 ]
check "ALL_STA lists two authorized stations" $?
$CLI sta 02:00:00:00:02:00 >/tmp/sta2.txt && grep -q "^flags=.*\[AUTHORIZED\]" /tmp/sta2.txt &&
  grep -q "^connected_time=" /tmp/sta2.txt && grep -q "^aid=[12]$" /tmp/sta2.txt
check "STA shows flags, AID and connected_time of wlan2" $?
stop_wpas wlan2
wait_event "AP-STA-DISCONNECTED" 4 100
check "wlan2 leaves when its supplicant stops" $?

# --- a passphrase client, then a wrong passphrase ---
t=$(up)
psk_conf correct-horse-battery
start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf && wait_for 300 state_is sta2 wlan2 COMPLETED &&
  wait_event "AP-STA-CONNECTED" 6 50 && ns sta2 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "a passphrase client connects and pings" $?
$CLI sta 02:00:00:00:02:00 >/tmp/tsapd_sta.txt
$CLI status >/tmp/tsapd_status.txt
$CLI raw MIB >/tmp/tsapd_mib.txt
grep -q "^dot11RSNAAuthenticationSuiteSelected=00-0f-ac-2$" /tmp/hostapd_mib.txt &&
  cmp -s /tmp/hostapd_mib.txt /tmp/tsapd_mib.txt
check "MIB equals hostapd's after a passphrase client" $?
# The same radio lines (phy, freq, HT, rates, power) as hostapd's; the station count differs here.
nosta() { grep -v '^num_sta\[' "$1"; }
grep -q "^freq=2412$" /tmp/hostapd_status.txt && [ "$(nosta /tmp/hostapd_status.txt)" = "$(nosta /tmp/tsapd_status.txt)" ]
check "STATUS equals hostapd's on the same radio" $?
rsn() { grep -E "^(flags|capability|listen_interval|supported_rates|timeout_next|dot11RSNA|wpa=|AKMSuite|hostapdWPA)" "$1"; }
[ -n "$(rsn /tmp/hostapd_sta.txt)" ] && [ "$(rsn /tmp/hostapd_sta.txt)" = "$(rsn /tmp/tsapd_sta.txt)" ]
check "STA flags, capability, rates and RSN lines equal hostapd's" $?
# The same lines in the same order (the kernel's counters differ), and the same station elements.
# (wlan2 ran WPS with tsapd before, so tsapd also shows its WPS device lines.)
keys() { sed 's/=.*//' "$1" | grep -v '^wps'; }
elems() { grep -E "^(ht_mcs_bitmask|supp_op_classes|ht_caps_info|ext_capab)=" "$1"; }
[ "$(keys /tmp/hostapd_sta.txt)" = "$(keys /tmp/tsapd_sta.txt)" ] &&
  [ "$(elems /tmp/hostapd_sta.txt | wc -l)" = 4 ] &&
  [ "$(elems /tmp/hostapd_sta.txt)" = "$(elems /tmp/tsapd_sta.txt)" ] &&
  grep -Eq "^rx_packets=[1-9]" /tmp/tsapd_sta.txt && grep -Eq "^signal=-[0-9]+$" /tmp/tsapd_sta.txt
check "STA lists hostapd's lines in its order: kernel counters and the station's elements" $?
rsn /tmp/tsapd_sta.txt | grep -q "^hostapdWPAPTKState=11$"
check "STA shows the completed 4-way handshake" $?
timing "passphrase connect" "$t"
stop_wpas wlan2
wait_event "AP-STA-DISCONNECTED" 5 100
psk_conf guest-passphrase-1
start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf && wait_for 300 state_is sta2 wlan2 COMPLETED &&
  wait_event "AP-STA-CONNECTED 02:00:00:00:02:00 keyid=guest" 1 50
check "a wpa_psk_file passphrase client connects with keyid=" $?
$CLI sta 02:00:00:00:02:00 | grep -q "^keyid=guest$"
check "STA shows the keyid= of the matched wpa_psk_file line" $?
# RELOAD_WPA_PSK (what OpenWrt sends when the PSK file changes): the keyid line goes, so its
# client is sent off with reason 2; the WPS station's per-device PSK stays, and so does it.
grep -v "^keyid=guest " /tmp/tsapd.psk >/tmp/tsapd.psk.new && mv /tmp/tsapd.psk.new /tmp/tsapd.psk
gone=$(grep -c "AP-STA-DISCONNECTED 02:00:00:00:02:00" /tmp/events.txt)
kicked() { [ "$(grep -c 'CTRL-EVENT-DISCONNECTED .*reason=2' /tmp/wpas-wlan2.log)" -gt "$1" ]; }
k=$(grep -c 'CTRL-EVENT-DISCONNECTED .*reason=2' /tmp/wpas-wlan2.log)
[ "$($CLI reload_wpa_psk)" = OK ] && wait_event "AP-STA-DISCONNECTED 02:00:00:00:02:00" $((gone + 1)) 100 &&
  wait_for 100 kicked "$k"
check "RELOAD_WPA_PSK sends off the client whose wpa_psk_file line was removed (reason 2)" $?
stop_wpas wlan2
ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null && $CLI sta "$(ns sta1 cat /sys/class/net/wlan1/address)" |
  grep -q AUTHORIZED
check "the station with a per-device PSK stays connected through RELOAD_WPA_PSK" $?
mv /tmp/tsapd.psk /tmp/tsapd.psk.keep && $CLI reload_wpa_psk | grep -q FAIL &&
  mv /tmp/tsapd.psk.keep /tmp/tsapd.psk && ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "RELOAD_WPA_PSK without the file answers FAIL and changes nothing" $?
wait_event "AP-STA-DISCONNECTED" 6 100
t=$(up)
mismatches=$(grep -c AP-STA-POSSIBLE-PSK-MISMATCH /tmp/events.txt)
psk_conf wrong-passphrase-here
start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf &&
  wait_event "AP-STA-POSSIBLE-PSK-MISMATCH" $((mismatches + 1)) 200
check "a wrong passphrase gives AP-STA-POSSIBLE-PSK-MISMATCH" $?
usleep 2000000
! state_is sta2 wlan2 COMPLETED && [ "$(event_count AP-STA-CONNECTED)" = 7 ]
check "the wrong passphrase is not let in" $?
wait_for 100 sh -c "$CLI raw MIB | grep -Eq '^dot11RSNA4WayHandshakeFailures=[1-9]'"
check "MIB counts the wrong passphrase's failed 4-way handshake" $?
timing "wrong passphrase" "$t"
stop_wpas wlan2
ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "the first station still pings at the end" $?
wait_for 200 grep -q "Group rekeying completed" /tmp/wpas-wlan1.log &&
  ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "group rekey completes with the connected station" $?

# --- RELOAD with a deny list: the driver restarts, wlan1 returns, wlan2 is refused ---
t=$(up)
ns sta2 cat /sys/class/net/wlan2/address >/tmp/deny
printf 'macaddr_acl=0\ndeny_mac_file=/tmp/deny\n' >>/tmp/tsapd.conf
$CLI reload | grep -q OK && wait_event "AP-ENABLED" 2 200
check "RELOAD restarts the AP" $?
wait_event "AP-STA-CONNECTED" 8 300 && ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "wlan1 reconnects after the reload" $?
timing "reload+reconnect" "$t"
psk_conf correct-horse-battery
start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf
usleep 8000000
! state_is sta2 wlan2 COMPLETED && [ "$(event_count AP-STA-CONNECTED)" = 8 ]
check "deny_mac_file keeps wlan2 out" $?
# As hostapd: its probes go unanswered (an Authentication found through a beacon gets status 1).
grep -q "ignore Probe Request frame from $(cat /tmp/deny) due to ACL reject" /tmp/tsapd.log
check "the denied station's probe requests are not answered" $?
stop_wpas wlan2

# --- DENY_ACL at run time: the listed station is sent off and kept out until it is deleted ---
t=$(up)
STA1_MAC=$(ns sta1 cat /sys/class/net/wlan1/address)
before=$(event_count AP-STA-CONNECTED)
$CLI raw DENY_ACL ADD_MAC "$STA1_MAC" | grep -q OK && wait_event "AP-STA-DISCONNECTED $STA1_MAC" 1 50 &&
  $CLI raw DENY_ACL SHOW | grep -q "^$STA1_MAC VLAN_ID=0$" && usleep 3000000 &&
  ! state_is sta1 wlan1 COMPLETED && [ "$(event_count AP-STA-CONNECTED)" = "$before" ]
check "DENY_ACL ADD_MAC sends the station off and keeps it out" $?
# (wlan2's MAC, from deny_mac_file, stays listed.)
$CLI raw DENY_ACL DEL_MAC "$STA1_MAC" | grep -q OK && ! $CLI raw DENY_ACL SHOW | grep -q "$STA1_MAC" &&
  wait_for 300 state_is sta1 wlan1 COMPLETED && ns sta1 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "DENY_ACL DEL_MAC lets it back in" $?
timing "deny_acl" "$t"

# --- PBC overlap: two stations push the button at once, probe requests reveal both ---
t=$(up)
# wlan2 takes part from here: off the deny list (the file, read again on RELOAD, and the running
# list), since the probes of a refused station are neither answered nor seen by WPS.
STA2_MAC=$(cat /tmp/deny)
: >/tmp/deny
$CLI raw DENY_ACL DEL_MAC "$STA2_MAC" | grep -q OK
check "DENY_ACL DEL_MAC takes wlan2 off the deny list" $?
cat >/tmp/wpas-wlan2.conf <<W
ctrl_interface=/run/wpas-wlan2
freq_list=2412
device_name=Station Two
W
start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf && wcli sta2 wlan2 wps_pbc | grep -q OK &&
  wcli sta1 wlan1 wps_pbc | grep -q OK &&
  wait_for 200 sh -c "grep 'WPS-ENROLLEE-SEEN 02:00:00:00:01:00' /tmp/events.txt | tail -1 | grep -q ' 4 1 ' &&
    grep 'WPS-ENROLLEE-SEEN 02:00:00:00:02:00' /tmp/events.txt | tail -1 | grep -q ' 4 1 '"
check "both PBC stations' probe requests seen" $?
$CLI wps_pbc >/tmp/pbc.txt; wait_event "WPS-OVERLAP-DETECTED" 1 200
check "WPS-OVERLAP-DETECTED for two PBC stations" $?
usleep 3000000
[ "$(event_count WPS-REG-SUCCESS)" = 2 ]
check "no credential under PBC overlap" $?
timing "pbc overlap" "$t"
stop_wpas wlan2

# --- ignore_broadcast_ssid=1: beacons hide the SSID, directed probes are still answered ---
echo "ignore_broadcast_ssid=1" >>/tmp/tsapd.conf
$CLI reload | grep -q OK && wait_event "AP-ENABLED" 3 200
check "RELOAD with ignore_broadcast_ssid=1" $?
grep -q "ignore_broadcast_ssid configuration forced WPS to be disabled" /tmp/tsapd.log
check "a hidden SSID turns WPS off, as hostapd does" $?
ns sta2 timeout 15 iw dev wlan2 scan flush freq 2412 passive >/tmp/scan2.txt 2>&1
grep -q "^BSS 02:00:00:00:00:00" /tmp/scan2.txt && ! grep -q "SSID: tsapd-e2e" /tmp/scan2.txt
check "hidden SSID: beacons carry no SSID" $?
wait_for 50 sh -c "$IP netns exec sta2 timeout 15 iw dev wlan2 scan flush freq 2412 ssid tsapd-e2e | grep -q 'SSID: tsapd-e2e'"
check "hidden SSID: a directed probe is answered" $?

# --- an open network (wpa=0): association alone authorizes ---
: >/tmp/deny
printf 'wpa=0\nignore_broadcast_ssid=0\n' >>/tmp/tsapd.conf
cat >/tmp/wpas-wlan2.conf <<W
ctrl_interface=/run/wpas-wlan2
freq_list=2412
network={
	ssid="tsapd-e2e"
	key_mgmt=NONE
	scan_freq=2412
}
W
t=$(up)
before=$(event_count AP-STA-CONNECTED)
$CLI reload | grep -q OK && wait_event "AP-ENABLED" 4 200 &&
  start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf && wait_for 300 state_is sta2 wlan2 COMPLETED &&
  wait_for 50 sh -c "[ \$(grep -c AP-STA-CONNECTED /tmp/events.txt) -gt $before ]"
check "open network: a station connects" $?
ns sta2 ping -c 2 -W 5 192.168.77.1 >/dev/null && ping -c 2 -W 5 192.168.77.3 >/dev/null
r=$?
check "open network: ping both ways" $r
[ $r = 0 ] || { $IP addr show wlan0; iw dev wlan0 station dump; ns sta2 $IP addr show wlan2; ns sta2 iw dev wlan2 link; }
timing "open network" "$t"
stop_wpas wlan2

# --- 5 GHz: hw_mode=a on channel 36, 40 MHz with channel 40 above (ht_capab=[HT40+]) ---
printf 'hw_mode=a\nchannel=36\nht_capab=[HT40+][SHORT-GI-20][SHORT-GI-40]\n' >>/tmp/tsapd.conf
sed -i 's/2412/5180/g' /tmp/wpas-wlan2.conf
t=$(up)
before=$(event_count AP-STA-CONNECTED)
$CLI reload | grep -q OK && wait_event "AP-ENABLED" 5 200 &&
  wait_for 100 sh -c "iw dev wlan0 info | grep -q '(5180 MHz)'"
check "RELOAD moves the AP to channel 36 (5180 MHz)" $?
start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf && wait_for 300 state_is sta2 wlan2 COMPLETED &&
  wait_for 50 sh -c "[ \$(grep -c AP-STA-CONNECTED /tmp/events.txt) -gt $before ]" &&
  ns sta2 ping -c 2 -W 5 192.168.77.1 >/dev/null
check "5 GHz: a station connects and pings" $?
iw dev wlan0 info | grep -q "width: 40 MHz, center1: 5190 MHz" &&
  $CLI status | grep -q "^secondary_channel=1$" && $CLI status | grep -q "^ht_caps_info=006e$" &&
  ns sta2 iw dev wlan2 info | grep -q "width: 40 MHz, center1: 5190 MHz"
check "ht_capab=[HT40+]: the AP and its station run 40 MHz (36 + 40)" $?
timing "5 GHz" "$t"

# --- DISABLE takes the AP down (its station loses it), ENABLE brings it back ---
t=$(up)
before=$(event_count AP-STA-CONNECTED)
$CLI disable | grep -q OK && wait_event "AP-DISABLED" 1 100 &&
  $CLI status | grep -q "^state=DISABLED$" && wait_for 200 sh -c "! $IP netns exec sta2 wpa_cli -p /run/wpas-wlan2 -i wlan2 status | grep -q wpa_state=COMPLETED"
check "DISABLE stops the AP: AP-DISABLED, state=DISABLED, the station loses it" $?
$CLI enable | grep -q OK && wait_event "AP-ENABLED" 6 200 &&
  wait_event "AP-STA-CONNECTED" $((before + 1)) 300 && ns sta2 ping -c 1 -W 5 192.168.77.1 >/dev/null
check "ENABLE brings the AP back and the station reconnects" $?
timing "disable+enable" "$t"
stop_wpas wlan2

# --- a second BSS on the radio (bss=): its own interface, address, SSID and passphrase ---
cat >>/tmp/tsapd.conf <<H
bss=wlan0_1
ctrl_interface=/run/tsapd
bridge=br-guest
ssid=tsapd-guest
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=guest-passphrase-2
H
guest_wpas
t=$(up)
GCLI="hostapd_cli -p /run/tsapd -i wlan0_1"
$CLI reload | grep -q OK && wait_for 200 sh -c "iw dev wlan0_1 info | grep -q 'type AP'" &&
  wait_for 100 sh -c "iw dev wlan0_1 info | grep -q 'ssid tsapd-guest'"
check "RELOAD with a bss= section creates wlan0_1, a second AP on the radio" $?
# hostapd gives a further BSS without bssid= the address after the previous one's.
iw dev wlan0_1 info | grep -q "addr 02:00:00:00:00:01"
check "wlan0_1 gets the address after wlan0's, as from hostapd" $?
$CLI status | grep -q "^bss\[1\]=wlan0_1$" && $GCLI status | grep -q "^ssid\[1\]=tsapd-guest$"
check "STATUS lists both BSSes; wlan0_1 has its own control socket" $?
[ "$(basename "$(readlink /sys/class/net/wlan0_1/master)")" = br-guest ]
check "bridge=: tsapd creates br-guest and makes wlan0_1 its port" $?
# The station reaches the AP's address on the bridge, through wlan0_1.
$IP addr add 192.168.78.1/24 dev br-guest && ns sta2 $IP addr add 192.168.78.3/24 dev wlan2 &&
  start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf && wait_for 300 state_is sta2 wlan2 COMPLETED &&
  wcli sta2 wlan2 status | grep -q "^bssid=02:00:00:00:00:01$" &&
  ns sta2 ping -c 2 -W 5 192.168.78.1 >/dev/null
check "a station joins the second BSS with its passphrase and pings the bridge" $?
$GCLI all_sta | grep -q "^02:00:00:00:02:00$" && ! $CLI all_sta | grep -q "^02:00:00:00:02:00$"
check "the station is in wlan0_1's table, not wlan0's" $?
timing "second BSS" "$t"
stop_wpas wlan2

# --- GCMP-256 on the second BSS: 32-octet pairwise and group keys ---
printf 'rsn_pairwise=GCMP-256\n' >>/tmp/tsapd.conf
guest_wpas pairwise=GCMP-256 group=GCMP-256
t=$(up)
$CLI reload | grep -q OK && wait_for 200 sh -c "iw dev wlan0_1 info | grep -q 'ssid tsapd-guest'" &&
  start_wpas sta2 wlan2 /tmp/wpas-wlan2.conf && wait_for 300 state_is sta2 wlan2 COMPLETED &&
  wcli sta2 wlan2 status | grep -q "^pairwise_cipher=GCMP-256$" &&
  wcli sta2 wlan2 status | grep -q "^group_cipher=GCMP-256$" &&
  ns sta2 ping -c 2 -W 5 192.168.78.1 >/dev/null
check "rsn_pairwise=GCMP-256: a station connects with GCMP-256 keys and pings" $?
$GCLI sta 02:00:00:00:02:00 | grep -q "^dot11RSNAStatsSelectedPairwiseCipher=00-0f-ac-9$"
check "STA shows the GCMP-256 pairwise cipher" $?
timing "GCMP-256" "$t"

# --- ap_isolate: two stations of one BSS reach the AP, and each other only without it ---
t=$(up)
wcli sta1 wlan1 set freq_list 2412 5180 >/dev/null
# (not $n: wcli keeps its own arguments in n)
netid=$(wcli sta1 wlan1 add_network | tail -1)
wcli sta1 wlan1 set_network "$netid" ssid '"tsapd-guest"' >/dev/null &&
  wcli sta1 wlan1 set_network "$netid" psk '"guest-passphrase-2"' >/dev/null &&
  wcli sta1 wlan1 set_network "$netid" pairwise GCMP-256 >/dev/null &&
  wcli sta1 wlan1 set_network "$netid" group GCMP-256 >/dev/null &&
  wcli sta1 wlan1 select_network "$netid" >/dev/null &&
  ns sta1 $IP addr add 192.168.78.2/24 dev wlan1 &&
  wait_for 300 sh -c "$IP netns exec sta1 wpa_cli -p /run/wpas-wlan1 -i wlan1 status | grep -q 'ssid=tsapd-guest'" &&
  wait_for 100 state_is sta1 wlan1 COMPLETED && ns sta1 ping -c 2 -W 5 192.168.78.3 >/dev/null
check "ap_isolate=0: two stations of the second BSS ping each other" $?
# Both stations come back after the reload re-creates wlan0_1 (requests after RELOAD wait for
# it, so ALL_STA is the new BSS's table).
$GCLI set ap_isolate 1 | grep -q OK && $CLI reload | grep -q OK &&
  wait_for 400 sh -c "[ \$($GCLI all_sta | grep -c AUTHORIZED) -ge 2 ]" &&
  wait_for 100 state_is sta1 wlan1 COMPLETED && wait_for 100 state_is sta2 wlan2 COMPLETED &&
  ns sta1 ping -c 2 -W 5 192.168.78.1 >/dev/null && ns sta2 ping -c 2 -W 5 192.168.78.1 >/dev/null &&
  ! ns sta1 ping -c 3 -W 2 192.168.78.3 >/dev/null
check "SET ap_isolate 1 + RELOAD: both still reach the AP, no longer each other" $?
timing "ap_isolate" "$t"
stop_wpas wlan2

# --- ap_max_inactivity: an idle station in range stays; one that vanished is polled, then
# disassociated (reason 4), deauthenticated and forgotten; it joins again once back in range ---
t=$(up)
STA1_MAC=02:00:00:00:01:00
printf 'ap_max_inactivity=2\n' >>/tmp/tsapd.conf
$CLI reload | grep -q OK && wait_for 400 sh -c "$GCLI all_sta | grep -q AUTHORIZED" &&
  wait_for 100 state_is sta1 wlan1 COMPLETED
check "RELOAD with ap_max_inactivity=2: the station is back on the second BSS" $?
# Six limits of quiet: wpa_supplicant keeps within the BSS Max Idle Period the AP advertises
# (it sends keep-alive frames), so the station stays.
ns sta1 sysctl -qw net.ipv6.conf.wlan1.disable_ipv6=1
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
  $GCLI sta $STA1_MAC | grep "^inactive_msec=" >>/tmp/inactive.txt; sleep 1
done
$GCLI all_sta | grep -q "^$STA1_MAC$" && state_is sta1 wlan1 COMPLETED &&
  ! grep -q "AP: $STA1_MAC disassociated due to inactivity" /tmp/tsapd.log
check "an idle station in range stays associated over six limits" $?
# Out of range: mac80211_hwsim delivers frames only between radios of a common group.
mount -t debugfs none /sys/kernel/debug 2>/dev/null
G=/sys/kernel/debug/ieee80211/phy1/hwsim/group
# Found out within the limit plus hostapd's 0-19 s of random slack, the 3 s poll wait and 1 s.
echo 2 >"$G" && wait_for 400 sh -c "grep -q 'AP: $STA1_MAC disassociated due to inactivity' /tmp/tsapd.log" &&
  wait_for 50 sh -c "! $GCLI all_sta | grep -q '^$STA1_MAC$'"
check "a vanished station is disassociated for inactivity and removed from the table" $?
timing "inactivity removal" "$t"
echo 1 >"$G" && wait_for 300 state_is sta1 wlan1 COMPLETED &&
  wait_for 50 sh -c "$GCLI all_sta | grep -q '^$STA1_MAC$'" && ns sta1 ping -c 1 -W 5 192.168.78.1 >/dev/null
check "back in range, the station joins again and pings" $?
timing "ap_max_inactivity" "$t"

# --- disassoc_low_ack=1: a station that stops acknowledging the AP's frames is disassociated
# (reason 34) as soon as the kernel reports the loss, long before the inactivity limit ---
t=$(up)
# Without HT: mac80211 counts no loss for aggregated frames that carry no status of their own.
printf 'ap_max_inactivity=300\ndisassoc_low_ack=1\nieee80211n=0\n' >>/tmp/tsapd.conf
$CLI reload | grep -q OK && wait_for 400 sh -c "$GCLI all_sta | grep -q AUTHORIZED" &&
  wait_for 100 state_is sta1 wlan1 COMPLETED && ns sta1 ping -c 1 -W 5 192.168.78.1 >/dev/null
check "RELOAD with disassoc_low_ack=1: the station is back and pings" $?
# Frames to the station go unacknowledged once it is out of range (50 in a row make the report).
echo 2 >"$G" && ping -q -c 150 -i 0.02 -W 1 192.168.78.2 >/dev/null 2>&1
wait_for 100 sh -c "grep -q 'AP: $STA1_MAC disconnected due to excessive missing ACKs' /tmp/tsapd.log" &&
  $GCLI sta $STA1_MAC | grep -q "^flags=\[AUTH\]" && ! $GCLI sta $STA1_MAC | grep -q "\[ASSOC\]"
check "disassoc_low_ack=1: a station that stops acknowledging is disassociated at once" $?
echo 1 >"$G" && wait_for 300 state_is sta1 wlan1 COMPLETED && ns sta1 ping -c 1 -W 5 192.168.78.1 >/dev/null
check "back in range after the low-ACK disassociation, the station joins again" $?
timing "disassoc_low_ack" "$t"

# --- a station that missed its deauthentication (DEAUTHENTICATE tx=0) keeps sending data: the
# kernel reports the frames and the AP sends it away with reason 7, so it associates again ---
t=$(up)
sent7=$(grep -c "CTRL-EVENT-DISCONNECTED .*reason=7" /tmp/wpas-wlan1.log)
told7() { [ "$(grep -c 'CTRL-EVENT-DISCONNECTED .*reason=7' /tmp/wpas-wlan1.log)" -gt "$sent7" ]; }
$GCLI raw "DEAUTHENTICATE $STA1_MAC tx=0" | grep -q OK && ns sta1 ping -q -c 3 -i 0.2 -W 1 192.168.78.1 >/dev/null 2>&1
wait_for 100 told7
check "data from a station the AP dropped silently brings a Deauthentication, reason 7" $?
wait_for 300 state_is sta1 wlan1 COMPLETED && ns sta1 ping -c 1 -W 5 192.168.78.1 >/dev/null
check "after the reason 7 the station associates again and pings" $?
timing "spurious class 3" "$t"

# --- the radio self-test (WPS and WPA station visits over an in-memory kernel) passed ---
wait_for 100 sh -c "grep -q 'self-test passed (WPS [0-9]* rounds, WPA [0-9]* rounds)' /tmp/tsapd.log" &&
  ! grep -q "self-test failed" /tmp/tsapd.log
check "the radio self-test passed (WPS and WPA visits)" $?

# --- shutdown: beaconing stops and wlan0 is a station interface again ---
kill "$TSAPD_PID" && wait_for 100 sh -c "! kill -0 $TSAPD_PID" && TSAPD_PID=
check "tsapd exits on SIGTERM" $?
iw dev wlan0 info | grep -q "type managed"
check "wlan0 restored to managed mode" $?
! iw dev wlan0_1 info >/dev/null 2>&1
check "wlan0_1, which tsapd created, is removed" $?
! $IP link show br-guest >/dev/null 2>&1
check "br-guest, which tsapd created, is removed at exit" $?
wait_for 100 sh -c "! $IP netns exec sta1 wpa_cli -p /run/wpas-wlan1 -i wlan1 status | grep -q wpa_state=COMPLETED"
check "wlan1 loses the AP" $?

# --- 2.4 GHz [HT40+]: the 20/40 MHz coexistence scan decides, as in hostapd. Each daemon in turn
# on the same config; with no neighbour both run 40 MHz, with a 20 MHz HT AP on channel 8 (wlan2,
# netns sta2) both fall back to 20 MHz. STATUS must be equal.
stop_wpas wlan2 2>/dev/null
cat >/tmp/ht.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/ht
ssid=tsapd-ht40
country_code=DE
ieee80211n=1
hw_mode=g
channel=6
ht_capab=[HT40+][SHORT-GI-20]
H
HCLI="hostapd_cli -p /run/ht -i wlan0"
# conf_run NAME CASE DAEMON: DAEMON on /tmp/NAME.conf until ENABLED; its log, STATUS and channel
# width in /tmp/NAME-CASE-DAEMON.{log,status,width}
conf_run() {
  f=/tmp/$1-$2-$3
  start_daemon "$3" "/tmp/$1.conf" "$f.log"
  pid=$!
  wait_for 300 sh -c "$HCLI status 2>/dev/null | grep -q '^state=ENABLED$'"
  $HCLI status >"$f.status" 2>&1
  iw dev wlan0 info | grep -o "width: [0-9]* MHz" >"$f.width"
  kill "$pid"; wait_for 100 sh -c "! kill -0 $pid 2>/dev/null"
}
ht_run() { conf_run ht "$@"; } # ht_run CASE DAEMON
t=$(up)
ht_run alone hostapd && ht_run alone tsapd
grep -q "width: 40 MHz" /tmp/ht-alone-tsapd.width && cmp -s /tmp/ht-alone-hostapd.width /tmp/ht-alone-tsapd.width &&
  grep -q "^secondary_channel=1$" /tmp/ht-alone-tsapd.status && cmp -s /tmp/ht-alone-hostapd.status /tmp/ht-alone-tsapd.status
check "2.4 GHz [HT40+] with no neighbour: 40 MHz after the scan, STATUS equal to hostapd's" $?
printf 'interface=wlan2\ndriver=nl80211\nssid=neighbour\ncountry_code=DE\nieee80211n=1\nhw_mode=g\nchannel=8\n' >/tmp/n.conf
ns sta2 hostapd -B -P /run/n.pid /tmp/n.conf >/tmp/n.out 2>&1 && sleep 2 &&
  ht_run neighbour hostapd && ht_run neighbour tsapd
grep -q "width: 20 MHz" /tmp/ht-neighbour-tsapd.width && cmp -s /tmp/ht-neighbour-hostapd.width /tmp/ht-neighbour-tsapd.width &&
  grep -q "^secondary_channel=0$" /tmp/ht-neighbour-tsapd.status && cmp -s /tmp/ht-neighbour-hostapd.status /tmp/ht-neighbour-tsapd.status &&
  grep -q "20/40 MHz operation not permitted on channel pri=6 sec=10" /tmp/ht-neighbour-tsapd.log
check "2.4 GHz [HT40+] next to a 20 MHz AP on channel 8: 20 MHz, STATUS equal to hostapd's" $?
kill "$(cat /run/n.pid)" 2>/dev/null
timing "ht40 coexistence" "$t"

# --- Automatic channel selection (channel=acs_survey, one scan): alone on the band both daemons
# take one of the favoured channels 1, 6 and 11 (mac80211_hwsim reports the same busy share for
# every channel, so which one follows small differences in the measured times); with a BSS on
# channel 11 (wlan2, netns sta2) tsapd takes a channel clear of it. Debian's hostapd weighs the
# survey alone and took 11 there too: reported, not checked.
cat >/tmp/acs.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/ht
ssid=tsapd-acs
ieee80211n=1
hw_mode=g
channel=acs_survey
acs_num_scans=1
H
acs_run() { # acs_run CASE DAEMON
  conf_run acs "$@"
  echo "INFO acs $1 $2: $(grep -e '^state=' -e '^channel=' "/tmp/acs-$1-$2.status" | tr '\n' ' ')"
}
t=$(up)
acs_run alone hostapd && acs_run alone tsapd
favoured() { grep -q "^state=ENABLED$" "$1" && grep -q -x -e channel=1 -e channel=6 -e channel=11 "$1"; }
favoured /tmp/acs-alone-hostapd.status && favoured /tmp/acs-alone-tsapd.status &&
  grep -q "ACS: chose channel" /tmp/acs-alone-tsapd.log &&
  grep -q "ACS-COMPLETED freq=[0-9]* channel=[0-9]*" /tmp/acs-alone-tsapd.log
check "channel=acs_survey alone on the band: channel 1, 6 or 11, as hostapd" $?
printf 'interface=wlan2\ndriver=nl80211\nssid=neighbour\nhw_mode=g\nchannel=11\n' >/tmp/n1.conf
ns sta2 hostapd -B -P /run/n1.pid /tmp/n1.conf >/tmp/n1.out 2>&1 && sleep 2 &&
  acs_run neighbour hostapd && acs_run neighbour tsapd
ch=$(sed -n 's/^channel=//p' /tmp/acs-neighbour-tsapd.status)
grep -q "^state=ENABLED$" /tmp/acs-neighbour-tsapd.status && [ "${ch:-99}" -le 6 ]
check "channel=acs_survey next to a BSS on channel 11: a channel clear of it" $?
kill "$(cat /run/n1.pid)" 2>/dev/null
timing "acs" "$t"

# --- Management frame protection (ieee80211w=1): each daemon in turn on the same config, a
# station that requires PMF (PSK-SHA256) and one without it. The STA flags, the station's view and
# the outcome of each step must equal hostapd's: SA_QUERY answered under the station's keys,
# REKEY_GTK moving the IGTK to key ID 5, an association lost without a word (out of range) that
# the AP keeps until its SA Query times out (status 30 with a comeback time, then accepted), and
# the BIP-protected broadcast Deauthentication at exit that the PMF station accepts.
stop_wpas wlan1 2>/dev/null
cat >/tmp/pmf.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/pmf
ssid=tsapd-pmf
country_code=DE
hw_mode=g
channel=1
wpa=2
wpa_key_mgmt=WPA-PSK WPA-PSK-SHA256
rsn_pairwise=CCMP
wpa_passphrase=pmf-passphrase-1
ieee80211w=1
H
PCLI="hostapd_cli -p /run/pmf -i wlan0"
pmf_wpas_conf() { # pmf_wpas_conf IF KEY_MGMT IEEE80211W [LINE]: /tmp/pmf-IF.conf
  {
    printf 'ctrl_interface=/run/wpas-%s\nfreq_list=2412\nnetwork={\n\tssid="tsapd-pmf"\n\tpsk="pmf-passphrase-1"\n\tkey_mgmt=%s\n\tieee80211w=%s\n\tscan_freq=2412\n' \
      "$1" "$2" "$3"
    [ -z "$4" ] || printf '\t%s\n' "$4"
    printf '}\n'
  } >"/tmp/pmf-$1.conf"
}
pmf_wpas_conf wlan1 WPA-PSK-SHA256 2
pmf_wpas_conf wlan2 WPA-PSK 0
S1=02:00:00:00:01:00
S2=02:00:00:00:02:00
pmf_begin() { # pmf_begin NAME DAEMON: DAEMON on /tmp/NAME.conf, both stations on /tmp/NAME-wlanN.conf
  pmf=$1
  d=$2
  o=/tmp/$pmf-$d.out
  : >"$o"
  start_daemon "$d" "/tmp/$pmf.conf" "/tmp/$pmf-$d.log"
  pid=$!
  wait_for 300 sh -c "$PCLI status 2>/dev/null | grep -q '^state=ENABLED$'"
  echo "enabled $?" >>"$o"
  $IP addr flush dev wlan0 && $IP addr add 192.168.79.1/24 dev wlan0
  ns sta1 $IP addr flush dev wlan1 && ns sta1 $IP addr add 192.168.79.2/24 dev wlan1
  for i in 1 2; do
    ns "sta$i" wpa_supplicant -B -ddd -t -f "/tmp/$pmf-$d-wlan$i.log" -P "/run/wpas-wlan$i.pid" \
      -i "wlan$i" -D nl80211 -c "/tmp/$pmf-wlan$i.conf"
  done
}
# pmf_end: stops the daemon; the PMF station must accept its (BIP-protected) broadcast
# Deauthentication; then both stations stop.
pmf_end() {
  kill "$pid" && wait_for 100 sh -c "! kill -0 $pid 2>/dev/null"
  wait_for 50 sh -c "grep -q 'CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=3$' /tmp/$pmf-$d-wlan1.log"
  echo "the PMF station accepts the protected Deauthentication at exit $?" >>"$o"
  stop_wpas wlan1
  stop_wpas wlan2
}
pmf_run() { # pmf_run DAEMON: the steps' outcomes in /tmp/pmf-DAEMON.out
  pmf_begin pmf "$1"
  wait_for 300 state_is sta1 wlan1 COMPLETED && wait_for 300 state_is sta2 wlan2 COMPLETED
  echo "both connected $?" >>"$o"
  # STA's flags, capability, rates and RSN lines (rsn() above), and MIB, for both stations.
  $PCLI sta $S1 >/tmp/pmf-sta.txt && rsn /tmp/pmf-sta.txt >>"$o"
  $PCLI sta $S2 >/tmp/pmf-sta.txt && rsn /tmp/pmf-sta.txt >>"$o"
  $PCLI raw MIB >>"$o"
  wcli sta1 wlan1 status | grep -E "^(key_mgmt|pmf|mgmt_group_cipher)=" >>"$o"
  wcli sta2 wlan2 status | grep -E "^(key_mgmt|pmf|mgmt_group_cipher)=" >>"$o"
  iw dev wlan0 station get $S1 | grep -o "MFP:.*" | tr -d '\t' | sed 's/^/sta1 /' >>"$o"
  iw dev wlan0 station get $S2 | grep -o "MFP:.*" | tr -d '\t' | sed 's/^/sta2 /' >>"$o"
  ns sta1 ping -c 2 -W 5 192.168.79.1 >/dev/null && ping -c 2 -W 5 192.168.79.2 >/dev/null
  echo "ping both ways $?" >>"$o"
  # The station's kernel answers an SA Query only under its keys; the AP logs the answer.
  if [ "$d" = hostapd ]; then pat="Received SA Query Response from $S1"; else pat="SA Query Response from $S1: no such query"; fi
  echo "sa_query $($PCLI sa_query $S1)" >>"$o"
  wait_for 50 sh -c "grep -q '$pat' /tmp/pmf-$d.log"
  echo "sa_query answered $?" >>"$o"
  echo "rekey_gtk $($PCLI raw REKEY_GTK)" >>"$o"
  wait_for 100 sh -c "grep -q 'WPA: IGTK keyid 5 pn' /tmp/pmf-$d-wlan1.log" &&
    wait_for 100 sh -c "grep -q 'WPA: Group rekeying completed' /tmp/pmf-$d-wlan2.log"
  echo "new IGTK at key ID 5 $?" >>"$o"
  ns sta1 ping -c 1 -W 5 192.168.79.1 >/dev/null
  echo "ping after rekey $?" >>"$o"
  # REKEY_PTK: a new 4-way handshake with the PMF station, which stays connected.
  n=$(grep -c "Key negotiation completed" "/tmp/pmf-$d-wlan1.log")
  echo "rekey_ptk $($PCLI raw "REKEY_PTK $S1")" >>"$o"
  wait_for 100 sh -c "[ \$(grep -c 'Key negotiation completed' /tmp/pmf-$d-wlan1.log) -gt $n ]" &&
    ns sta1 ping -c 1 -W 5 192.168.79.1 >/dev/null
  echo "new PTK, still connected $?" >>"$o"
  # Out of range until the station gives the association up; back, it is refused with status
  # 30 until the AP's SA Query (which it cannot answer) times out, then let in.
  rej=$(dmesg | grep -c "temporarily; comeback")
  echo 2 >"$G" && wait_for 400 sh -c "! $IP netns exec sta1 wpa_cli -p /run/wpas-wlan1 -i wlan1 status | grep -q wpa_state=COMPLETED"
  echo "station lost the AP $?" >>"$o"
  $PCLI sta $S1 | grep -q "^flags=.*\[ASSOC\]"
  echo "the AP keeps the silent station $?" >>"$o"
  echo 1 >"$G" && wait_for 400 state_is sta1 wlan1 COMPLETED && ns sta1 ping -c 1 -W 5 192.168.79.1 >/dev/null
  echo "back and connected $?" >>"$o"
  [ "$(dmesg | grep -c "temporarily; comeback")" -gt "$rej" ]
  echo "status 30 with a comeback time first $?" >>"$o"
  pmf_end
}
t=$(up)
pmf_run hostapd
pmf_run tsapd
grep -q "^flags=\[AUTH\]\[ASSOC\]\[AUTHORIZED\].*\[MFP\]$" /tmp/pmf-tsapd.out &&
  grep -q "^sta1 MFP:yes$" /tmp/pmf-tsapd.out && grep -q "^sta2 MFP:no$" /tmp/pmf-tsapd.out &&
  grep -q "^ping both ways 0$" /tmp/pmf-tsapd.out
check "ieee80211w=1: a PMF station ([MFP], kernel MFP) and one without it connect and ping" $?
grep -q "^sa_query answered 0$" /tmp/pmf-tsapd.out && grep -q "^new IGTK at key ID 5 0$" /tmp/pmf-tsapd.out &&
  grep -q "^ping after rekey 0$" /tmp/pmf-tsapd.out && grep -q "^new PTK, still connected 0$" /tmp/pmf-tsapd.out
check "PMF: SA_QUERY answered under the station's keys; REKEY_GTK (IGTK to key ID 5), REKEY_PTK" $?
grep -q "^back and connected 0$" /tmp/pmf-tsapd.out && grep -q "^status 30 with a comeback time first 0$" /tmp/pmf-tsapd.out &&
  grep -q "association SA Query timed out" /tmp/pmf-tsapd.log
check "PMF: a station back after a silent loss is held off (status 30, SA Query) and then let in" $?
grep -q "^the PMF station accepts the protected Deauthentication at exit 0$" /tmp/pmf-tsapd.out
check "PMF: the PMF station accepts the BIP-protected broadcast Deauthentication at exit" $?
cmp -s /tmp/pmf-hostapd.out /tmp/pmf-tsapd.out
check "PMF: every step's outcome equals hostapd's" $?
[ "$status" = 0 ] || { echo "hostapd:"; cat /tmp/pmf-hostapd.out; echo "tsapd:"; cat /tmp/pmf-tsapd.out; }
timing "pmf" "$t"

# --- ieee80211w=2 with group_mgmt_cipher=BIP-GMAC-256 (a 32-octet IGTK): the PMF station joins,
# the one without PMF stays out, and the rekeyed IGTK still protects the Deauthentication at exit.
{ grep -v -e '^ieee80211w=' -e '^wpa_key_mgmt=' /tmp/pmf.conf
  printf 'wpa_key_mgmt=WPA-PSK-SHA256\nieee80211w=2\ngroup_mgmt_cipher=BIP-GMAC-256\n'; } >/tmp/pmf2.conf
pmf_wpas_conf wlan1 WPA-PSK-SHA256 2 group_mgmt=BIP-GMAC-256
mv /tmp/pmf-wlan1.conf /tmp/pmf2-wlan1.conf
pmf_wpas_conf wlan2 "WPA-PSK WPA-PSK-SHA256" 0
mv /tmp/pmf-wlan2.conf /tmp/pmf2-wlan2.conf
pmf_required_run() { # pmf_required_run DAEMON: outcomes in /tmp/pmf2-DAEMON.out
  pmf_begin pmf2 "$1"
  wait_for 300 state_is sta1 wlan1 COMPLETED
  echo "PMF station connected $?" >>"$o"
  sleep 3
  state_is sta2 wlan2 COMPLETED
  echo "station without PMF connected $?" >>"$o"
  wcli sta1 wlan1 status | grep -E "^(key_mgmt|pmf|mgmt_group_cipher)=" >>"$o"
  iw dev wlan0 station get $S1 | grep -o "MFP:.*" | tr -d '\t' >>"$o"
  ns sta1 ping -c 2 -W 5 192.168.79.1 >/dev/null
  echo "ping $?" >>"$o"
  echo "rekey_gtk $($PCLI raw REKEY_GTK)" >>"$o"
  wait_for 100 sh -c "grep -q 'WPA: IGTK keyid 5 pn' /tmp/pmf2-$d-wlan1.log"
  echo "new IGTK at key ID 5 $?" >>"$o"
  pmf_end
}
t=$(up)
pmf_required_run hostapd
pmf_required_run tsapd
grep -q "^PMF station connected 0$" /tmp/pmf2-tsapd.out && grep -q "^station without PMF connected 1$" /tmp/pmf2-tsapd.out &&
  grep -q "^MFP:yes$" /tmp/pmf2-tsapd.out && grep -q "^ping 0$" /tmp/pmf2-tsapd.out &&
  grep -q "^new IGTK at key ID 5 0$" /tmp/pmf2-tsapd.out &&
  grep -q "^the PMF station accepts the protected Deauthentication at exit 0$" /tmp/pmf2-tsapd.out
check "ieee80211w=2, BIP-GMAC-256: only the PMF station joins; its rekeyed IGTK protects the exit" $?
cmp -s /tmp/pmf2-hostapd.out /tmp/pmf2-tsapd.out
check "ieee80211w=2: every step's outcome equals hostapd's" $?
[ "$status" = 0 ] || { echo "hostapd:"; cat /tmp/pmf2-hostapd.out; echo "tsapd:"; cat /tmp/pmf2-tsapd.out; }
timing "pmf required" "$t"

# --- 802.11ac: ieee80211ac=1 with vht_oper_chwidth=1 on channel 36 (80 MHz, centre 42). Each
# daemon in turn on the same config, one station; STATUS before the station comes and its station
# counters after, the channel width at both ends, STA's flags and HT/VHT lines, and the station's
# VHT rate must equal hostapd's.
stop_wpas wlan1 2>/dev/null
cat >/tmp/vht.conf <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/vht
ssid=tsapd-vht
country_code=US
ieee80211d=1
hw_mode=a
channel=36
ieee80211n=1
ht_capab=[HT40+][SHORT-GI-20][SHORT-GI-40]
ieee80211ac=1
vht_oper_chwidth=1
vht_oper_centr_freq_seg0_idx=42
vht_capab=[SHORT-GI-80][RXLDPC][MAX-A-MPDU-LEN-EXP3]
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=vht-passphrase-1
H
printf 'ctrl_interface=/run/wpas-wlan1\nnetwork={\n\tssid="tsapd-vht"\n\tpsk="vht-passphrase-1"\n\tscan_freq=5180\n}\n' >/tmp/vht-wlan1.conf
VCLI="hostapd_cli -p /run/vht -i wlan0"
vht_run() { # vht_run DAEMON: outcomes in /tmp/vht-DAEMON.out
  d=$1
  o=/tmp/vht-$d.out
  : >"$o"
  start_daemon "$d" /tmp/vht.conf "/tmp/vht-$d.log"
  pid=$!
  wait_for 300 sh -c "$VCLI status 2>/dev/null | grep -q '^state=ENABLED$'"
  echo "enabled $?" >>"$o"
  $VCLI status >>"$o" 2>&1
  iw dev wlan0 info | grep -o "width: .*" >>"$o"
  $IP addr flush dev wlan0 && $IP addr add 192.168.80.1/24 dev wlan0
  ns sta1 $IP addr flush dev wlan1 && ns sta1 $IP addr add 192.168.80.2/24 dev wlan1
  start_wpas sta1 wlan1 /tmp/vht-wlan1.conf
  wait_for 300 state_is sta1 wlan1 COMPLETED
  echo "connected $?" >>"$o"
  ns sta1 iw dev wlan1 info | grep -o "width: .*" >>"$o"
  $VCLI sta "$S1" | grep -E "^(flags|capability|supported_rates|rx_vht_mcs_map|tx_vht_mcs_map|ht_mcs_bitmask|vht_caps_info|ht_caps_info)=" >>"$o"
  ns sta1 ping -c 3 -W 5 192.168.80.1 >/dev/null
  echo "ping $?" >>"$o"
  # The station counters with the station on (a 5 GHz station has no short slot time bit).
  $VCLI status | grep -E "^(num_sta_|ht_op_mode=)" >>"$o"
  # The station's rate control picks VHT rates for its frames to the AP.
  ns sta1 iw dev wlan1 link | grep -q "tx bitrate:.*VHT-MCS"
  echo "station sends at VHT rates $?" >>"$o"
  stop_wpas wlan1
  kill "$pid" && wait_for 100 sh -c "! kill -0 $pid 2>/dev/null"
}
t=$(up)
vht_run hostapd
vht_run tsapd
grep -q "^width: 80 MHz, center1: 5210 MHz$" /tmp/vht-tsapd.out && grep -q "^connected 0$" /tmp/vht-tsapd.out &&
  grep -q "^flags=.*\[HT\]\[VHT\]$" /tmp/vht-tsapd.out && grep -q "^ping 0$" /tmp/vht-tsapd.out &&
  grep -q "^station sends at VHT rates 0$" /tmp/vht-tsapd.out
check "ieee80211ac=1, 80 MHz: the AP and its station run 80 MHz (centre 5210 MHz), [VHT], VHT rates" $?
grep -q "^vht_oper_chwidth=1$" /tmp/vht-tsapd.out && grep -q "^vht_caps_info=01800030$" /tmp/vht-tsapd.out &&
  grep -q "^num_sta_no_short_slot_time=1$" /tmp/vht-tsapd.out &&
  cmp -s /tmp/vht-hostapd.out /tmp/vht-tsapd.out
check "ieee80211ac=1: STATUS and its station counts, widths, STA's VHT lines, every outcome equal hostapd's" $?
[ "$status" = 0 ] || { echo "hostapd:"; cat /tmp/vht-hostapd.out; echo "tsapd:"; cat /tmp/vht-tsapd.out; }
timing "vht" "$t"

# --- 802.11ac config variants, each daemon in turn: a capability the radio lacks stops the BSS
# with hostapd's message; channel 40 with [HT40-] runs the same 80 MHz as 36 with [HT40+]. (A centre
# segment that does not hold the primary channel is not compared: hostapd then takes a random free
# 80 MHz channel through its DFS channel selection, tsapd stays on the primary's block.)
vht_variant() { # vht_variant NAME DAEMON LINES: outcome in /tmp/vhtv-NAME-DAEMON.out
  o=/tmp/vhtv-$1-$2.out
  { grep -v -e '^channel=' -e '^ht_capab=' -e '^vht_' /tmp/vht.conf; printf "$3"; } >/tmp/vhtv.conf
  if [ "$2" = hostapd ]; then
    hostapd -t /tmp/vhtv.conf >"/tmp/vhtv-$1-$2.log" 2>&1 &
  else
    /mnt/deno/deno run -A --v8-flags=--jitless,--no-memory-reducer,--single-threaded-gc,--expose-gc \
      --no-config --no-lock --no-prompt /out/tsapd.js -t /tmp/vhtv.conf >"/tmp/vhtv-$1-$2.log" 2>&1 &
  fi
  pid=$!
  wait_for 300 sh -c "$VCLI status 2>/dev/null | grep -q '^state=ENABLED$' || ! kill -0 $pid 2>/dev/null"
  if $VCLI status 2>/dev/null | grep -q '^state=ENABLED$'; then
    echo "enabled" >"$o"
    $VCLI status | grep -E "^vht_oper_" >>"$o"
    iw dev wlan0 info | grep -o "channel .*" >>"$o"
  else
    echo "not started" >"$o"
  fi
  grep -o "Driver does not support configured VHT capability.*" "/tmp/vhtv-$1-$2.log" >>"$o"
  kill "$pid" 2>/dev/null; wait_for 100 sh -c "! kill -0 $pid 2>/dev/null"
  wait_for 50 sh -c "! iw dev wlan0 info | grep -q 'type AP'"
}
t=$(up)
for d in hostapd tsapd; do
  vht_variant beamformer $d 'channel=36\nht_capab=[HT40+]\nvht_oper_chwidth=1\nvht_oper_centr_freq_seg0_idx=42\nvht_capab=[SU-BEAMFORMER]\n'
  vht_variant ch40 $d 'channel=40\nht_capab=[HT40-]\nvht_oper_chwidth=1\nvht_oper_centr_freq_seg0_idx=42\n'
done
grep -q "^not started$" /tmp/vhtv-beamformer-tsapd.out &&
  grep -q "VHT_CAP_SU_BEAMFORMER_CAPABLE" /tmp/vhtv-beamformer-tsapd.out &&
  grep -q "^channel 40 (5200 MHz), width: 80 MHz, center1: 5210 MHz$" /tmp/vhtv-ch40-tsapd.out &&
  (for v in beamformer ch40; do cmp -s "/tmp/vhtv-$v-hostapd.out" "/tmp/vhtv-$v-tsapd.out" || exit 1; done)
check "802.11ac variants (a missing capability, [HT40-] on channel 40) end as hostapd's" $?
[ "$status" = 0 ] || for f in /tmp/vhtv-*.out; do echo "$f:"; cat "$f"; done
timing "vht variants" "$t"

[ "$status" = 0 ] || {
  $IP -s link show wlan0; iw dev wlan0 station dump
  ns sta1 $IP -s link show wlan1; ns sta1 iw dev wlan1 station dump
}
finish
