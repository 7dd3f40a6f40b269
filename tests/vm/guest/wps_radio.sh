#!/bin/sh
# Runs inside the hwsim guest (tests/vm/run.sh tests/vm/guest/wps_radio.sh OUT), with OUT/tsapd.js
# bundled by tests/integration/wps_radio_vm_test.ts. The AP's WPS roles over the radio, where a
# WPS run ends in a rewritten config and a restarted BSS; Debian's hostapd runs each scenario
# first, then tsapd, on the same config (wlan0), with Debian's wpa_supplicant as the station
# (wlan1 in netns sta1, wlan2 in netns sta2):
#   init  an unconfigured open AP (wps_state=1): the first PBC Enrollee makes it WPA2-PSK
#   learn an external Registrar (wps_reg with the AP PIN) learns the settings and connects
#   conf  an external Registrar gives the AP new settings; it rewrites its config and restarts
#   wrong a wrong AP PIN: the run fails at M4 and nothing changes; two more lock AP setup, and
#         WPS_AP_PIN random unlocks it
#   pin   a wildcard PIN enrolls one station; the next gets M2D until WPS_PIN gives it a PIN
#   pbc2  two PBC enrollments back to back: no overlap from the first station's probe requests
#   5ghz  WPS PBC on channel 36
# tsapd's rewritten config files, GET_CONFIG, WPS_GET_STATUS and events must equal hostapd's, but
# for the generated passphrase, the control socket path, AP-ENABLED (tsapd also reports it after a
# reload) and, after the reload, EAPOL-4WAY-HS-COMPLETED: hostapd 2.10 still logs it then, but no
# longer with the interface name, and its monitors miss it. Prints CHECK lines; logs go to /out.
. /repo/tests/vm/guest/_lib.sh
# hostapd's own checks vouch for the reference run, not for tsapd: on a loaded host its 4-way
# (a resent msg 1/4 the station answers twice) can time out and the station reconnects. They
# are reported but do not fail the run (wps_radio_vm_test prints them as tolerated).
REFERENCE_TOLERATED=1
EV=/tmp/events.txt
# scan_until CMD...: scans channel 1 from wlan1 (netns sta1) into /tmp/scan.txt until CMD succeeds,
# at most 5 times. Under a slow guest a scan can collide with the station's own (it fails or
# comes back without the AP), and iw has waited for results that never came: each is bounded.
scan_until() {
  for try in 1 2 3 4 5; do
    ns sta1 timeout 15 iw dev wlan1 scan flush freq 2412 >/tmp/scan.txt 2>&1
    "$@" && return 0
    usleep 500000
  done
  return 1
}
wait_event() { wait_for "$3" sh -c "[ \$(grep -c '$1' $EV) -ge $2 ]"; }
# start_wpas NS IF: a fresh wpa_supplicant with an empty network list, after the kernel's scan
# cache is flushed (a BSS entry of the previous AP would be tried first, for up to 30 s).
start_wpas() {
  printf 'ctrl_interface=/run/wpas-%s\nupdate_config=1\nfreq_list=%s\ndevice_name=Station %s\n' \
    "$2" "$FREQ" "$2" >"/tmp/wpas-$2.conf"
  ns "$1" timeout 15 iw dev "$2" scan flush freq "$FREQ" >/dev/null 2>&1
  ns "$1" wpa_supplicant -B -ddd -t -f "/tmp/$IMPL-$2.log" -P "/run/wpas-$2.pid" -i "$2" \
    -D nl80211 -c "/tmp/wpas-$2.conf"
}
stop_wpas() {
  kill "$(cat "/run/wpas-$1.pid")" 2>/dev/null
  wait_for 50 sh -c "! kill -0 $(cat "/run/wpas-$1.pid") 2>/dev/null"
  cp "/tmp/wpas-$1.conf" "/out/$IMPL-$STEP-wpas-$1.conf"
  # The station's debug log of this step, for a failure report (the next start writes a new one).
  mv "/tmp/$IMPL-$1.log" "/out/$IMPL-$STEP-$1.log" 2>/dev/null
}
start_ap() { # start_ap CONF
  : >$EV
  AP_LOG=/out/$IMPL-$STEP.log
  sed -i "s#^ctrl_interface=.*#ctrl_interface=/run/$IMPL#" "$1"
  if [ "$IMPL" = hostapd ]; then
    hostapd -dd -t "$1" >"$AP_LOG" 2>&1 &
  else
    # The shipped V8 flags (cli/v8_flags.ts).
    /mnt/deno/deno run -A --v8-flags=--jitless,--no-memory-reducer,--single-threaded-gc,--expose-gc \
      --no-config --no-lock --no-prompt /out/tsapd.js -dd "$1" >"$AP_LOG" 2>&1 &
  fi
  AP_PID=$!
  CLI="hostapd_cli -p /run/$IMPL -i wlan0"
  wait_for 600 sh -c "$CLI ping | grep -q PONG" && $CLI -a /tmp/ev.sh -B -P /run/cli.pid &&
    wait_for 100 sh -c "iw dev wlan0 info | grep -q channel"
}
stop_ap() {
  kill "$(cat /run/cli.pid)" 2>/dev/null
  kill "$AP_PID"
  wait_for 50 sh -c "! kill -0 $AP_PID"
  cp $EV "/out/$IMPL-$STEP-events.txt"
}
# events IMPL STEP [PATTERN]: the AP's events, sorted, without the ones that differ by timing
# (and those matching PATTERN): probe requests seen, an EAP request resent because the station
# was slow to answer, and how often a station connected (the reference's reconnects on a loaded
# host, see check() above): each distinct event once
events() {
  cut -d' ' -f2- "/out/$1-$2-events.txt" | grep -v -e "^WPS-ENROLLEE-SEEN " -e "^AP-ENABLED" \
    -e "^CTRL-EVENT-EAP-RETRANSMIT " -e "${3:-^$}" | sort | uniq
}
same() { diff -u "/out/hostapd-$1" "/out/tsapd-$1" >"/out/diff-$1"; }
cat >/tmp/ev.sh <<'E'
#!/bin/sh
shift
echo "$(cut -d' ' -f1 /proc/uptime) $*" >>/tmp/events.txt
E
chmod +x /tmp/ev.sh
# ap_step NAME LINE...: begins step NAME with a fresh AP: its config (/tmp/$IMPL-NAME.conf, the
# path in $C) has the common lines, the band of $FREQ (2412: channel 1, 5180: channel 36) and
# LINEs; the AP is started on it
ap_step() {
  STEP=$1; shift
  C=/tmp/$IMPL-$STEP.conf
  case $FREQ in 5180) hw=a ch=36 ;; *) hw=g ch=1 ;; esac
  cat >"$C" <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/x
hw_mode=$hw
channel=$ch
ieee80211n=1
eap_server=1
uuid=12345678-9abc-def0-1234-56789abcdef0
device_name=tsapd radio
manufacturer=tsapd
model_name=wps-radio
model_number=1
serial_number=1
device_type=6-0050F204-1
os_version=01020300
config_methods=label virtual_display virtual_push_button keypad
H
  for l in "$@"; do echo "$l" >>"$C"; done
  start_ap "$C"
}
# The security lines of a configured WPA2-PSK AP (word-split where used).
WPA2="wps_state=2 wpa=2 wpa_key_mgmt=WPA-PSK rsn_pairwise=CCMP"
# norm FILE: a rewritten config without the control socket path and the generated passphrase
norm() { sed -e 's#^ctrl_interface=.*#ctrl_interface=#' -e 's#^wpa_passphrase=.*#wpa_passphrase=(generated)#' "$1"; }

hwsim_two_stations
check "mac80211_hwsim with three radios, stations in netns sta1 and sta2" $?
BSSID=$(cat /sys/class/net/wlan0/address)
FREQ=2412

for IMPL in hostapd tsapd; do
  t=$(up)
  # --- init: unconfigured open AP, the first PBC Enrollee configures it ---
  ap_step init ssid=wps-init wps_state=1
  check "$IMPL init: the unconfigured AP starts" $?
  $CLI wps_pbc | grep -q OK && start_wpas sta1 wlan1 && wcli sta1 wlan1 wps_pbc | grep -q OK
  check "$IMPL init: WPS_PBC on both sides" $?
  wait_for 300 state_is sta1 wlan1 COMPLETED && wait_event "AP-STA-CONNECTED" 1 50
  check "$IMPL init: the Enrollee gets a credential and connects" $?
  wcli sta1 wlan1 status >/out/$IMPL-init-sta.txt
  grep -q "^key_mgmt=WPA2-PSK" /out/$IMPL-init-sta.txt && grep -q "^pairwise_cipher=CCMP" /out/$IMPL-init-sta.txt
  check "$IMPL init: the station runs WPA2-PSK/CCMP with the AP's new passphrase" $?
  $CLI get_config | grep -v "^bssid=" | sed 's#^passphrase=.*#passphrase=(generated)#;s#^psk=.*#psk=(derived)#' \
    >/out/$IMPL-init-get_config.txt
  grep -q "^wps_state=configured" /out/$IMPL-init-get_config.txt && grep -q "^key_mgmt=WPA-PSK" /out/$IMPL-init-get_config.txt
  check "$IMPL init: GET_CONFIG says configured, WPA-PSK" $?
  # The station's saved network holds the passphrase the AP now runs with.
  pass=$(sed -n 's/^wpa_passphrase=//p' $C)
  [ -n "$pass" ] && [ ${#pass} -ge 8 ] && wcli sta1 wlan1 save_config >/dev/null &&
    grep -q "psk=\"$pass\"" /tmp/wpas-wlan1.conf
  check "$IMPL init: the rewritten config's passphrase is the one the station received" $?
  $CLI wps_get_status >/out/$IMPL-init-wps_status.txt
  norm $C >/out/$IMPL-init-rewritten.txt
  usleep 2000000
  state_is sta1 wlan1 COMPLETED
  check "$IMPL init: the station is still connected 2 s later" $?
  stop_wpas wlan1
  stop_ap
  events $IMPL init >/out/$IMPL-init-events-sorted.txt

  # --- learn: an external Registrar learns the settings with the AP PIN ---
  ap_step learn ssid=wps-reg $WPA2 wpa_passphrase=reg-passphrase-1 ap_pin=12345670
  check "$IMPL learn: the AP with ap_pin starts" $?
  start_wpas sta1 wlan1 && wcli sta1 wlan1 wps_reg "$BSSID" 12345670 | grep -q OK
  check "$IMPL learn: WPS_REG with the AP PIN" $?
  wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL learn: the external Registrar learns the settings and connects" $?
  wcli sta1 wlan1 save_config >/dev/null
  grep -q 'ssid="wps-reg"' /tmp/wpas-wlan1.conf && grep -q 'psk="reg-passphrase-1"' /tmp/wpas-wlan1.conf
  check "$IMPL learn: the Registrar saved the AP's SSID and passphrase" $?
  # Group-addressed frames (ARP requests for an absent host) advance the GTK's counter; a
  # station joining now must get it as the Key RSC in msg 3/4, not zero.
  $IP addr replace 192.168.78.1/24 dev wlan0 && ping -c 3 -W 1 192.168.78.99 >/dev/null 2>&1
  start_wpas sta2 wlan2 && id=$(wcli sta2 wlan2 add_network | tail -1) &&
    wcli sta2 wlan2 set_network "$id" ssid '"wps-reg"' >/dev/null &&
    wcli sta2 wlan2 set_network "$id" psk '"reg-passphrase-1"' >/dev/null &&
    wcli sta2 wlan2 set_network "$id" scan_freq 2412 >/dev/null &&
    wcli sta2 wlan2 enable_network "$id" >/dev/null && wait_for 300 state_is sta2 wlan2 COMPLETED
  check "$IMPL learn: a passphrase station joins while the first is connected" $?
  rsc=$(grep "WPA: RSC - hexdump" "/tmp/$IMPL-wlan2.log" | tail -1)
  echo "$IMPL: $rsc"
  [ -n "$rsc" ] && ! echo "$rsc" | grep -q "): 00 00 00 00 00 00$"
  check "$IMPL learn: msg 3/4 gives the later station the GTK's counter (Key RSC not zero)" $?
  stop_wpas wlan2
  stop_wpas wlan1
  # Let the AP's events of this step settle before the next one.
  usleep 500000
  cp $EV /out/$IMPL-learn-events.txt
  events $IMPL learn >/out/$IMPL-learn-events-sorted.txt
  : >$EV

  # --- conf: an external Registrar gives the AP new settings ---
  STEP=conf
  # SSID "wps-new", passphrase "new-passphrase-2", both in hex as WPS_REG takes them.
  start_wpas sta2 wlan2 &&
    wcli sta2 wlan2 wps_reg "$BSSID" 12345670 7770732d6e6577 WPA2PSK CCMP 6e65772d706173737068726173652d32 | grep -q OK
  check "$IMPL conf: WPS_REG with the AP PIN and new settings" $?
  wait_event "WPS-NEW-AP-SETTINGS" 1 300
  check "$IMPL conf: WPS-NEW-AP-SETTINGS" $?
  wait_for 300 state_is sta2 wlan2 COMPLETED
  check "$IMPL conf: the Registrar connects to the reconfigured AP" $?
  if [ "$IMPL" = tsapd ]; then
    wait_event "EAPOL-4WAY-HS-COMPLETED 02:00:00:00:02:00" 1 50
    check "tsapd conf: EAPOL-4WAY-HS-COMPLETED after the reload" $?
    # The reload waits for the end of the run that brought the settings (daemon/reload_gate.ts).
    awk '/wlan0: WPS-NEW-AP-SETTINGS/ { n = NR } /wlan0: WPS-SUCCESS/ && n { s = NR }
      /Reloading configuration/ && n && !r { r = NR } END { exit !(s && r > s) }' "$AP_LOG"
    check "tsapd conf: the reload comes after the run's WPS-SUCCESS" $?
  fi
  wcli sta2 wlan2 status | grep "^ssid=" >/out/$IMPL-conf-sta-ssid.txt
  $CLI status | grep -e "^ssid\[0\]=" -e "^state=" -e "^channel=" >/out/$IMPL-conf-status.txt
  $CLI get_config | grep -v "^bssid=" >/out/$IMPL-conf-get_config.txt
  $CLI wps_get_status >/out/$IMPL-conf-wps_status.txt
  norm $C >/out/$IMPL-conf-rewritten.txt
  ssid=$(cut -d= -f2 /out/$IMPL-conf-sta-ssid.txt)
  ns sta1 $IP link set wlan1 up && [ -n "$ssid" ] &&
    scan_until sh -c "grep -q 'SSID: $ssid' /tmp/scan.txt && ! grep -q 'SSID: wps-reg' /tmp/scan.txt"
  check "$IMPL conf: beacons carry the new SSID, not the old" $?
  cp /tmp/scan.txt /out/$IMPL-conf-scan.txt
  usleep 500000
  stop_wpas wlan2
  # --- wrong: a wrong AP PIN fails at M4 and changes nothing ---
  STEP=wrong
  cp $EV /out/$IMPL-conf-events.txt
  events $IMPL conf "^EAPOL-4WAY-HS-COMPLETED" >/out/$IMPL-conf-events-sorted.txt
  : >$EV
  cp $C /tmp/before-wrong.conf
  start_wpas sta1 wlan1 && wcli sta1 wlan1 wps_reg "$BSSID" 12345671 | grep -q OK &&
    wait_event "WPS-FAIL" 1 300
  check "$IMPL wrong: a wrong AP PIN gives WPS-FAIL" $?
  wait_for 50 grep -q "CTRL-EVENT-EAP-FAILURE" $EV
  usleep 500000
  $CLI wps_get_status >/out/$IMPL-wrong-wps_status.txt
  cmp -s $C /tmp/before-wrong.conf
  check "$IMPL wrong: the config file is unchanged" $?
  # --- lock: two more wrong AP PINs lock AP setup; WPS_AP_PIN random unlocks it ---
  for k in 2 3; do
    wcli sta1 wlan1 wps_cancel >/dev/null
    wcli sta1 wlan1 wps_reg "$BSSID" 12345671 >/dev/null && wait_event "WPS-FAIL" $k 300 || break
    wait_for 50 sh -c "[ \$(grep -c CTRL-EVENT-EAP-FAILURE $EV) -ge $k ]"
  done
  wait_event "WPS-AP-SETUP-LOCKED" 1 50
  check "$IMPL lock: the third wrong AP PIN locks AP setup (WPS-AP-SETUP-LOCKED)" $?
  wcli sta1 wlan1 wps_cancel >/dev/null
  scan_until grep -qi "AP setup locked: 0x01" /tmp/scan.txt
  rc=$?
  grep -i "setup locked" /tmp/scan.txt >/out/$IMPL-lock-scan.txt
  [ $rc = 0 ]
  check "$IMPL lock: the WPS IE says AP Setup Locked" $?
  $CLI wps_get_status >/out/$IMPL-lock-wps_status.txt
  $CLI wps_ap_pin random >/dev/null && wait_event "WPS-AP-SETUP-UNLOCKED" 1 50
  check "$IMPL lock: WPS_AP_PIN random unlocks it (WPS-AP-SETUP-UNLOCKED)" $?
  usleep 500000
  scan_until sh -c 'grep -q "SSID: " /tmp/scan.txt && ! grep -qi "AP setup locked: 0x01" /tmp/scan.txt'
  check "$IMPL lock: the WPS IE no longer says locked" $?
  stop_wpas wlan1
  stop_ap
  events $IMPL wrong >/out/$IMPL-wrong-events-sorted.txt

  # --- pin: a wildcard PIN enrolls one station; the next is asked for a PIN (M2D) and gets
  # through once WPS_PIN gives it one ---
  ap_step pin ssid=wps-pin $WPA2 wpa_passphrase=pin-passphrase-3
  $CLI wps_pin any 12345670 >/dev/null && start_wpas sta1 wlan1 &&
    wcli sta1 wlan1 wps_pin any 12345670 | grep -q 12345670 && wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL pin: the wildcard PIN enrolls the first station" $?
  start_wpas sta2 wlan2 && wcli sta2 wlan2 scan >/dev/null && usleep 3000000
  wcli sta2 wlan2 scan_results | grep "wps-pin" >/out/$IMPL-pin-scan.txt
  grep -q "\[WPS\]" /out/$IMPL-pin-scan.txt && ! grep -q "WPS-AUTH\|WPS-PIN" /out/$IMPL-pin-scan.txt
  check "$IMPL pin: the used PIN is gone from the WPS IE ([WPS] without [WPS-AUTH])" $?
  wcli sta2 wlan2 wps_pin any 87654325 | grep -q 87654325 && wait_event "WPS-PIN-NEEDED" 1 300
  check "$IMPL pin: a station without a PIN gets M2D (WPS-PIN-NEEDED)" $?
  $CLI wps_pin any 87654325 >/dev/null && wait_for 400 state_is sta2 wlan2 COMPLETED
  check "$IMPL pin: after WPS_PIN the station's retry enrolls it and it connects" $?
  usleep 500000
  $CLI wps_get_status >/out/$IMPL-pin-wps_status.txt
  stop_wpas wlan2
  stop_wpas wlan1
  stop_ap
  # How often the station retried before WPS_PIN came is timing (events() keeps each event once;
  # WPS-PIN-NEEDED names the retry's UUID time after time).
  events $IMPL pin "^WPS-PIN-NEEDED " >/out/$IMPL-pin-events-sorted.txt

  # --- pbc2: two push-button enrollments one right after the other; the first station's
  # leftover probe requests do not count as a second PBC session for the next one ---
  ap_step pbc2 ssid=wps-pbc2 $WPA2 wpa_passphrase=pbc-passphrase-4
  $CLI wps_pbc >/dev/null && start_wpas sta1 wlan1 && wcli sta1 wlan1 wps_pbc | grep -q OK &&
    wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL pbc2: the first push-button station enrolls" $?
  $CLI wps_pbc | grep -q OK && start_wpas sta2 wlan2 && wcli sta2 wlan2 wps_pbc | grep -q OK &&
    wait_for 300 state_is sta2 wlan2 COMPLETED
  check "$IMPL pbc2: the second enrolls right after it, with no overlap" $?
  ! grep -q "WPS-OVERLAP-DETECTED" $EV
  check "$IMPL pbc2: no WPS-OVERLAP-DETECTED" $?
  usleep 500000
  $CLI wps_get_status >/out/$IMPL-pbc2-wps_status.txt
  stop_wpas wlan2
  stop_wpas wlan1
  stop_ap
  events $IMPL pbc2 >/out/$IMPL-pbc2-events-sorted.txt

  # --- 5ghz: PBC on channel 36 (RF Bands 5 GHz in the WPS IE and M1) ---
  FREQ=5180
  ap_step 5ghz ssid=wps-5g $WPA2 wpa_passphrase=five-ghz-pass country_code=DE ieee80211d=1 &&
    iw dev wlan0 info | grep -q "5180 MHz"
  check "$IMPL 5ghz: the AP runs on channel 36" $?
  $CLI wps_pbc | grep -q OK && start_wpas sta1 wlan1 && wcli sta1 wlan1 wps_pbc | grep -q OK &&
    wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL 5ghz: WPS PBC gives a credential and the station connects" $?
  wcli sta1 wlan1 status >/tmp/sta.txt
  grep -q "^freq=5180" /tmp/sta.txt && grep -q "^key_mgmt=WPA2-PSK" /tmp/sta.txt &&
    wcli sta1 wlan1 save_config >/dev/null && grep -q 'psk="five-ghz-pass"' /tmp/wpas-wlan1.conf
  check "$IMPL 5ghz: the station runs WPA2-PSK on 5180 MHz with the AP's passphrase" $?
  usleep 500000
  $CLI wps_get_status >/out/$IMPL-5ghz-wps_status.txt
  stop_wpas wlan1
  stop_ap
  events $IMPL 5ghz >/out/$IMPL-5ghz-events-sorted.txt
  FREQ=2412
  echo "TIMING $IMPL $(echo "$(up) $t" | awk '{printf "%.1f", $1-$2}')s"
done

# --- tsapd against hostapd ---
same init-rewritten.txt
check "init: tsapd rewrites the config as hostapd does" $?
same init-get_config.txt
check "init: GET_CONFIG equals hostapd's" $?
same init-wps_status.txt
check "init: WPS_GET_STATUS equals hostapd's" $?
same init-events-sorted.txt
check "init: the AP's events equal hostapd's" $?
same learn-events-sorted.txt
check "learn: the AP's events equal hostapd's" $?
same conf-rewritten.txt
check "conf: tsapd rewrites the config as hostapd does" $?
same conf-get_config.txt && same conf-status.txt && same conf-sta-ssid.txt
check "conf: GET_CONFIG, STATUS and the station's SSID equal hostapd's" $?
# hostapd reloads 100 ms after a Registrar's new settings. In a slow guest the Registrar's WSC_Done
# comes later, and hostapd's run ends in the reload without WPS-SUCCESS or an EAP-Failure (its
# WPS_GET_STATUS keeps the learn step's result); tsapd waits up to 1 s for the run's success
# (daemon/reload_gate.ts). Then tsapd must report that success, and the rest must be equal.
if grep -q "^WPS-SUCCESS" /out/hostapd-conf-events-sorted.txt; then
  same conf-wps_status.txt
  check "conf: WPS_GET_STATUS equals hostapd's" $?
  same conf-events-sorted.txt
  check "conf: the AP's events equal hostapd's" $?
else
  echo "conf: hostapd reloaded before its run ended (no WPS-SUCCESS); that end is not compared"
  grep -q "^Last WPS result: Success" /out/tsapd-conf-wps_status.txt &&
    grep -q "^Peer Address: 02:00:00:00:02:00" /out/tsapd-conf-wps_status.txt
  check "conf: WPS_GET_STATUS equals hostapd's" $?
  grep -v -e "^WPS-SUCCESS" -e "^CTRL-EVENT-EAP-FAILURE" /out/tsapd-conf-events-sorted.txt \
    >/tmp/tsapd-conf-events-unended.txt
  grep -q "^WPS-SUCCESS" /out/tsapd-conf-events-sorted.txt &&
    diff -u /out/hostapd-conf-events-sorted.txt /tmp/tsapd-conf-events-unended.txt \
      >/out/diff-conf-events-sorted.txt
  check "conf: the AP's events equal hostapd's" $?
fi
same wrong-wps_status.txt && same wrong-events-sorted.txt
check "wrong: WPS_GET_STATUS and the AP's events equal hostapd's" $?
same pin-wps_status.txt && same pin-events-sorted.txt && same pin-scan.txt
check "pin: WPS_GET_STATUS, the scan flags and the AP's events equal hostapd's" $?
same pbc2-wps_status.txt && same pbc2-events-sorted.txt
check "pbc2: WPS_GET_STATUS and the AP's events equal hostapd's" $?
same lock-wps_status.txt && same lock-scan.txt
check "lock: WPS_GET_STATUS and the scanned lock equal hostapd's" $?
same 5ghz-wps_status.txt && same 5ghz-events-sorted.txt
check "5ghz: WPS_GET_STATUS and the AP's events equal hostapd's" $?
for f in /out/diff-*; do [ -s "$f" ] && { echo "--- $f"; cat "$f"; }; done
dmesg >/out/dmesg.txt
exit $status
