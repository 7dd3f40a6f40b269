#!/bin/sh
# Runs inside the hwsim guest (tests/vm/run.sh tests/vm/guest/ap_parity.sh OUT), with OUT/tsapd.js
# bundled by tests/integration/ap_parity_vm_test.ts. hostapd.conf keys that shape who gets in and
# when keys change, each run first by Debian's hostapd, then by tsapd, on the same config (wlan0),
# with Debian's wpa_supplicant on wlan1 (netns sta1) and wlan2 (netns sta2):
#   acl     macaddr_acl=1 with an accept list naming wlan1, beacon_int=200, dtim_period=3 and
#           wpa_ptk_rekey=6: wlan1 connects and sees the beacon timing; wlan2's probe requests are
#           not answered (no RX-PROBE-REQUEST for it on a probe_rx_events=1 monitor) and it never
#           connects; wlan1's PTK is rekeyed every 6 s while it stays connected
#   max     max_num_sta=1: wlan2 is refused with status 17 while wlan1 is in, and gets in after
#   strict  wpa_strict_rekey=1: when wlan2 leaves, wlan1 gets a new group key about 0.5 s later
#   nocipher WPA2 naming neither wpa_pairwise nor rsn_pairwise: hostapd runs its default, TKIP,
#           whose msg 3/4 (key data under RC4) Debian's wpa_supplicant cannot read with OpenSSL 3
#           ("WPA: RC4 failed"); tsapd, which runs no TKIP, runs CCMP, and wlan1 connects and pings
#           the AP. Reported for hostapd, checked for tsapd; not an outcome to compare.
#   bmode   hw_mode=b with ieee80211n=1: HT goes, WMM (which follows the file's ieee80211n) stays
#           in the beacon and the station's flags, and no station is flagged NonERP in 11b
#   pwr     5 GHz with ieee80211d/h, local_pwr_constraint=3 and spectrum_mgmt_required=1: the
#           beacon's capability and Power Constraint as the station's scan shows them; and the
#           three configs hostapd refuses for these keys (802.11h without 802.11d, a Power
#           Constraint without a Country element, the Spectrum Management bit without either)
#   chan    channels neither daemon may start on: channel 1 with hw_mode=a, channel 13 with
#           country US (disabled there), [HT40+] on channel 11 (no channel 15); and channel 9
#           with [HT40+] and country DE, which both start
#   global  hostapd -g with no config: the BSS added (ADD bss_config=), a station in, REMOVE, added
#           again (ADD <ifname> config=) and ENABLEd, TERMINATE: every reply and the radio's state
#   update  SET ssid, then UPDATE_BEACON: beacons and probe responses carry the new SSID and a
#           station joins it (the PSK given as wpa_psk, which the SSID does not change); SET
#           ignore_broadcast_ssid 1 and UPDATE_BEACON hide it; RELOAD keeps both SETs and a
#           DENY_ACL ADD_MAC
# Each outcome tsapd gives must equal hostapd's. Prints CHECK lines; logs go to /out.
. /repo/tests/vm/guest/_lib.sh
# hostapd's checks vouch for the reference run, not for tsapd: reported, but they do not fail the
# run (ap_parity_vm_test tolerates them; a reference that went wrong shows in the outcome diff).
REFERENCE_TOLERATED=1
# seconds since the epoch with microseconds: wpa_supplicant's -t stamps
now() { date +%s.%N | cut -c1-17; }
EV=/tmp/events.txt
cat >/tmp/ev.sh <<'E'
#!/bin/sh
shift
echo "$*" >>/tmp/events.txt
E
chmod +x /tmp/ev.sh
for i in 1 2; do
  cat >"/tmp/wpas-wlan$i.conf" <<W
ctrl_interface=/run/wpas-wlan$i
freq_list=2412
network={
	ssid="parity"
	key_mgmt=WPA-PSK
	psk="parity-passphrase"
	scan_freq=2412
}
W
done
# start_wpas N: wpa_supplicant on wlanN after a passive scan long enough to hear a beacon has
# flushed the kernel's scan cache: both daemons run on one BSSID, and an entry holding the
# previous AP's beacon would be used for the association (mac80211 takes the DTIM period from it)
start_wpas() {
  ns "sta$1" timeout 15 iw dev "wlan$1" scan freq 2412 duration 300 flush passive >/dev/null 2>&1
  ns "sta$1" wpa_supplicant -B -dd -t -f "/tmp/$IMPL-$STEP-wlan$1.log" -P "/run/wpas-wlan$1.pid" \
    -i "wlan$1" -D nl80211 -c "/tmp/wpas-wlan$1.conf"
}
stop_wpas() {
  kill "$(cat "/run/wpas-wlan$1.pid")" 2>/dev/null
  wait_for 50 sh -c "! kill -0 $(cat "/run/wpas-wlan$1.pid") 2>/dev/null"
}
# ap_step NAME LINE...: a fresh AP on the common WPA2-PSK lines (with CIPHER_LINE) and LINEs
CIPHER_LINE=rsn_pairwise=CCMP
ap_step() {
  STEP=$1; shift
  C=/tmp/$IMPL-$STEP.conf
  cat >"$C" <<H
interface=wlan0
driver=nl80211
ctrl_interface=/run/$IMPL
ssid=parity
${HW_MODE_LINE:-hw_mode=g}
channel=1
wpa=2
wpa_key_mgmt=WPA-PSK
$CIPHER_LINE
${PASS_LINE:-wpa_passphrase=parity-passphrase}
H
  for l in "$@"; do echo "$l" >>"$C"; done
  : >$EV
  AP_LOG=/out/$IMPL-$STEP.log
  start_daemon "$IMPL" "$C" "$AP_LOG"
  AP_PID=$!
  CLI="hostapd_cli -p /run/$IMPL -i wlan0"
  wait_for 600 sh -c "$CLI ping | grep -q PONG" && $CLI -a /tmp/ev.sh -B -P /run/cli.pid &&
    wait_for 100 sh -c "iw dev wlan0 info | grep -q 'type AP'"
  check "$IMPL $STEP: the AP starts" $?
}
# stop_daemon PID: stops an AP daemon and waits until wlan0 is no longer an AP
stop_daemon() {
  kill "$1"
  wait_for 50 sh -c "! kill -0 $1"
  wait_for 50 sh -c "! iw dev wlan0 info | grep -q 'type AP'"
}
stop_ap() {
  kill "$(cat /run/cli.pid)" 2>/dev/null
  stop_daemon "$AP_PID"
  cp $EV "/out/$IMPL-$STEP-events.txt"
  cp /tmp/$IMPL-$STEP-wlan*.log /out/ 2>/dev/null
}
# beacon_ssid: the SSID wlan1 hears in the AP's beacons (a passive scan)
beacon_ssid() {
  for try in 1 2 3; do
    ns sta1 timeout 15 iw dev wlan1 scan freq 2412 duration 300 flush passive >/tmp/bscan.txt 2>&1
    grep -q "^BSS" /tmp/bscan.txt && break
  done
  grep "SSID:" /tmp/bscan.txt | tr -s ' \t' ' ' | tr '\n' '|'
}
# probed_ssid SSID: the SSID of the AP's answer to wlan1's probe request for SSID
probed_ssid() {
  for try in 1 2 3; do
    ns sta1 timeout 15 iw dev wlan1 scan freq 2412 flush ssid "$1" >/tmp/bscan.txt 2>&1
    grep -q "^BSS" /tmp/bscan.txt && break
  done
  grep "SSID:" /tmp/bscan.txt | tr -s ' \t' ' ' | tr '\n' '|'
}
PSK_HEX=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
# outcome STEP TEXT: records one outcome of this implementation, to be compared with the other's
outcome() { echo "$2" >>"/out/$IMPL-$1-outcome.txt"; }

hwsim_two_stations
check "mac80211_hwsim with three radios, stations in netns sta1 and sta2" $?
STA1=$(ns sta1 cat /sys/class/net/wlan1/address)
STA2=$(ns sta2 cat /sys/class/net/wlan2/address)
echo "$STA1" >/tmp/accept

for IMPL in hostapd tsapd; do
  # --- acl: an accept list, beacon timing, PTK rekeying ---
  ap_step acl macaddr_acl=1 accept_mac_file=/tmp/accept beacon_int=200 dtim_period=3 wpa_ptk_rekey=6
  probe_rx_monitor "/run/$IMPL/wlan0" "/out/$IMPL-acl-probe-rx.txt"
  for i in 1 2; do ns "sta$i" timeout 15 iw dev "wlan$i" scan flush freq 2412 ssid parity >/dev/null 2>&1; done
  usleep 500000
  kill $PRX
  grep -q "RX-PROBE-REQUEST sa=$STA1 " "/out/$IMPL-acl-probe-rx.txt" &&
    ! grep -q "RX-PROBE-REQUEST sa=$STA2 " "/out/$IMPL-acl-probe-rx.txt"
  check "$IMPL acl: the accepted station's probes are answered, the refused one's are not" $?
  outcome acl "probes answered: $(grep -o 'sa=[0-9a-f:]*' "/out/$IMPL-acl-probe-rx.txt" | sort -u | tr '\n' ' ')"
  start_wpas 1
  start_wpas 2
  wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL acl: the accepted station connects" $?
  ns sta1 iw dev wlan1 link >"/out/$IMPL-acl-link.txt"
  grep -q "beacon int:[[:space:]]*200$" "/out/$IMPL-acl-link.txt" &&
    grep -q "dtim period:[[:space:]]*3$" "/out/$IMPL-acl-link.txt"
  check "$IMPL acl: the station sees beacon_int=200 and dtim_period=3" $?
  outcome acl "link: $(grep -E 'beacon int|dtim period' "/out/$IMPL-acl-link.txt" | tr -s ' \t' ' ' | tr '\n' ' ')"
  usleep 14000000
  n=$(grep -c "WPA: Key negotiation completed" "/tmp/$IMPL-acl-wlan1.log")
  [ "$n" -ge 3 ] && state_is sta1 wlan1 COMPLETED
  check "$IMPL acl: wpa_ptk_rekey=6 rekeys the PTK while the station stays connected" $?
  ! state_is sta2 wlan2 COMPLETED && ! grep -q "AP-STA-CONNECTED $STA2" $EV
  check "$IMPL acl: the refused station never connects" $?
  # Each distinct event once (how many 4-way handshakes fit in the wait is timing), without
  # AP-ENABLED, which tsapd's monitor sees and hostapd's (attached after it) does not.
  outcome acl "events: $(grep -v '^AP-ENABLED' $EV | sed "s/$STA1/STA1/g; s/$STA2/STA2/g" | sort -u | tr '\n' '|')"
  stop_wpas 1
  stop_wpas 2
  stop_ap

  # --- max: max_num_sta=1 ---
  ap_step max max_num_sta=1
  start_wpas 1
  wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL max: the first station connects" $?
  start_wpas 2
  wait_for 150 grep -q "CTRL-EVENT-AUTH-REJECT .* status_code=17" "/tmp/$IMPL-max-wlan2.log"
  check "$IMPL max: the second is refused with status 17" $?
  outcome max "second station: $(grep -o 'CTRL-EVENT-AUTH-REJECT .* status_code=[0-9]*' "/tmp/$IMPL-max-wlan2.log" | sort -u)"
  stop_wpas 1
  wait_for 300 state_is sta2 wlan2 COMPLETED
  check "$IMPL max: it gets in once the first has left" $?
  stop_wpas 2
  stop_ap

  # --- strict: wpa_strict_rekey=1 ---
  ap_step strict wpa_strict_rekey=1
  start_wpas 1
  start_wpas 2
  wait_for 300 state_is sta1 wlan1 COMPLETED && wait_for 300 state_is sta2 wlan2 COMPLETED
  check "$IMPL strict: both stations connect" $?
  before=$(grep -c "WPA: Group rekeying completed" "/tmp/$IMPL-strict-wlan1.log")
  t0=$(now)
  stop_wpas 2
  wait_for 50 grep -q "WPA: Group rekeying completed" "/tmp/$IMPL-strict-wlan1.log"
  at=$(grep "WPA: Group rekeying completed" "/tmp/$IMPL-strict-wlan1.log" | head -1 | cut -d: -f1)
  # The new group key comes 0.5 s after the AP drops the station: between 0.3 and 3 s after the
  # supplicant was told to stop.
  [ "$before" = 0 ] && [ -n "$at" ] &&
    awk -v a="$at" -v b="$t0" 'BEGIN { d = a - b; exit !(d > 0.3 && d < 3) }'
  check "$IMPL strict: wlan2's leave gives wlan1 a new group key about 0.5 s later" $?
  echo "TIMING $IMPL strict rekey after the leave: $(awk -v a="$at" -v b="$t0" 'BEGIN { printf "%.2f", a - b }') s"
  $CLI mib | grep -q "^dot11RSNAConfigGroupRekeyStrict=1$"
  check "$IMPL strict: MIB says dot11RSNAConfigGroupRekeyStrict=1" $?
  outcome strict "group rekeys of wlan1: $(grep -c 'WPA: Group rekeying completed' "/tmp/$IMPL-strict-wlan1.log")"
  stop_wpas 1
  stop_ap

  # --- nocipher: WPA2 that names no cipher ---
  CIPHER_LINE=
  ap_step nocipher
  CIPHER_LINE=rsn_pairwise=CCMP
  $IP addr add 192.168.60.1/24 dev wlan0 2>/dev/null
  ns sta1 $IP addr add 192.168.60.2/24 dev wlan1 2>/dev/null
  start_wpas 1
  if [ "$IMPL" = tsapd ]; then
    wait_for 300 state_is sta1 wlan1 COMPLETED && ns sta1 ping -c 1 -W 2 192.168.60.1 >/dev/null
    check "tsapd nocipher: a station connects and pings the AP" $?
    wcli sta1 wlan1 status | grep -q "^pairwise_cipher=CCMP$" &&
      grep -q "no wpa_pairwise or rsn_pairwise: CCMP" "$AP_LOG"
    check "tsapd nocipher: CCMP is run, and the log says why" $?
  else
    wait_for 100 grep -q "WPA: RC4 failed" "/tmp/$IMPL-nocipher-wlan1.log"
    echo "INFO hostapd nocipher: $(wcli sta1 wlan1 status | grep -e '^wpa_state=' -e '^pairwise_cipher=' | tr '\n' ' ')$(grep -c 'WPA: RC4 failed' "/tmp/$IMPL-nocipher-wlan1.log") x 'WPA: RC4 failed'"
  fi
  stop_wpas 1
  $IP addr flush dev wlan0
  ns sta1 $IP addr flush dev wlan1
  stop_ap

  # --- bmode: 802.11b with ieee80211n=1 ---
  HW_MODE_LINE=hw_mode=b
  ap_step bmode ieee80211n=1
  HW_MODE_LINE=
  start_wpas 1
  wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL bmode: a station connects" $?
  for try in 1 2 3; do
    ns sta1 timeout 15 iw dev wlan1 scan freq 2412 ssid parity >/tmp/bmode.scan 2>&1
    grep -q "Supported rates" /tmp/bmode.scan && break
  done
  outcome bmode "beacon: $(grep -e 'Supported rates' -e 'HT capabilities' -e 'WMM:' -e 'Capabilities:.*PTKSA' /tmp/bmode.scan | tr -s ' \t' ' ' | tr '\n' '|')"
  outcome bmode "sta: $($CLI all_sta | grep '^flags=')"
  outcome bmode "status: $($CLI status | grep -e '^ieee80211n=' -e '^supported_rates=' | tr '\n' ' ')"
  stop_wpas 1
  stop_ap

  # --- pwr: 802.11h and the Power Constraint keys on 5 GHz ---
  five="interface=wlan0\ndriver=nl80211\nctrl_interface=/run/$IMPL\nssid=pwr\ncountry_code=DE\nhw_mode=a\nchannel=36\n"
  printf "${five}ieee80211d=1\nieee80211h=1\nlocal_pwr_constraint=3\nspectrum_mgmt_required=1\n" >/tmp/pwr.conf
  start_daemon "$IMPL" /tmp/pwr.conf "/out/$IMPL-pwr.log"
  AP_PID=$!
  CLI="hostapd_cli -p /run/$IMPL -i wlan0"
  wait_for 600 sh -c "$CLI status | grep -q '^state=ENABLED$'"
  check "$IMPL pwr: the AP starts on channel 36" $?
  for try in 1 2 3; do
    ns sta1 timeout 15 iw dev wlan1 scan flush freq 5180 ssid pwr >/tmp/pwr.scan 2>&1
    grep -q "Power constraint" /tmp/pwr.scan && break
  done
  grep -q "Power constraint: 3 dB" /tmp/pwr.scan && grep -q "capability:.*SpectrumMgmt" /tmp/pwr.scan
  check "$IMPL pwr: the station sees Power Constraint 3 dB and Spectrum Management" $?
  outcome pwr "beacon: $(grep -e 'capability:' -e 'Power constraint' /tmp/pwr.scan | tr -s ' \t' ' ' | tr '\n' '|')"
  stop_daemon "$AP_PID"
  k=0 # (wait_for counts in n)
  for bad in "ieee80211h=1" "local_pwr_constraint=3" "ieee80211d=1\nspectrum_mgmt_required=1"; do
    k=$((k + 1))
    printf "${five}${bad}\n" >/tmp/pwr-bad.conf
    start_daemon "$IMPL" /tmp/pwr-bad.conf "/out/$IMPL-pwr-bad$k.log"
    pid=$!
    wait_for 600 sh -c "! kill -0 $pid"
    outcome pwr "refused $k: $(grep -o -e 'Cannot .*' -e '[0-9]* errors found.*' "/out/$IMPL-pwr-bad$k.log" | tr '\n' '|')"
  done

  # --- chan: channels a BSS cannot start on ---
  k=0
  for lines in "hw_mode=a\nchannel=1" "hw_mode=g\nchannel=13\ncountry_code=US" \
    "hw_mode=g\nchannel=11\nieee80211n=1\nht_capab=[HT40+]" \
    "hw_mode=g\nchannel=9\nieee80211n=1\nht_capab=[HT40+]\ncountry_code=DE"; do
    k=$((k + 1))
    printf "interface=wlan0\ndriver=nl80211\nctrl_interface=/run/$IMPL\nssid=chan\n${lines}\n" >/tmp/chan.conf
    start_daemon "$IMPL" /tmp/chan.conf "/out/$IMPL-chan$k.log"
    pid=$!
    wait_for 600 sh -c "$CLI status | grep -q '^state=ENABLED$' || ! kill -0 $pid"
    if kill -0 "$pid" 2>/dev/null; then
      outcome chan "config $k: started, $($CLI status | grep -e '^channel=' -e '^secondary_channel=' | tr '\n' ' ')"
      stop_daemon "$pid"
    else
      outcome chan "config $k: did not start"
      [ "$IMPL" = tsapd ] && { grep -q "Could not" "/out/$IMPL-chan$k.log"; check "tsapd chan: config $k is refused with the reason" $?; }
    fi
  done

  # --- update: SET ssid / ignore_broadcast_ssid, then UPDATE_BEACON (before global, so the
  # hidden SSID's scan entries are not what the other daemon's acl step associates through) ---
  PASS_LINE=wpa_psk=$PSK_HEX
  ap_step update
  PASS_LINE=
  outcome update "before: $(beacon_ssid)"
  outcome update "SET ssid: $($CLI set ssid parity2), UPDATE_BEACON: $($CLI update_beacon)"
  outcome update "beacon: $(beacon_ssid), probe for parity2: $(probed_ssid parity2)"
  # (a hex PSK: one derived from a passphrase would follow the SSID, not the AP's key)
  cp /tmp/wpas-wlan1.conf /tmp/wpas-wlan1.saved
  sed -i "s/ssid=\"parity\"/ssid=\"parity2\"/; s/psk=\"parity-passphrase\"/psk=$PSK_HEX/" /tmp/wpas-wlan1.conf
  start_wpas 1
  wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL update: a station joins the SSID set at run time" $?
  stop_wpas 1
  mv /tmp/wpas-wlan1.saved /tmp/wpas-wlan1.conf
  outcome update "SET ignore_broadcast_ssid: $($CLI set ignore_broadcast_ssid 1), UPDATE_BEACON: $($CLI update_beacon)"
  outcome update "beacon: $(beacon_ssid), STATUS: $($CLI status | grep '^ssid')"
  outcome update "DENY_ACL ADD_MAC: $($CLI raw DENY_ACL ADD_MAC "$STA2")"
  outcome update "RELOAD: $($CLI reload)"
  wait_for 300 sh -c "$CLI status 2>/dev/null | grep -q '^state=ENABLED$'"
  outcome update "beacon after RELOAD: $(beacon_ssid), deny list: $($CLI raw DENY_ACL SHOW | sed "s/$STA2/STA2/")"
  stop_ap

  # --- global: the BSS added, removed and added again through the global control interface ---
  STEP=global
  C=/tmp/$IMPL-global.conf
  printf "interface=wlan0\ndriver=nl80211\nctrl_interface=/run/$IMPL\nssid=parity\nhw_mode=g\nchannel=1\nwpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=parity-passphrase\n" >"$C"
  if [ "$IMPL" = hostapd ]; then
    hostapd -dd -t -g "/run/$IMPL-g/global" >"/out/$IMPL-global.log" 2>&1 &
  else
    /mnt/deno/deno run -A --v8-flags=--jitless,--no-memory-reducer,--single-threaded-gc,--expose-gc \
      --no-config --no-lock --no-prompt /out/tsapd.js -dd -t -g "/run/$IMPL-g/global" >"/out/$IMPL-global.log" 2>&1 &
  fi
  pid=$!
  G="hostapd_cli -p /run/$IMPL-g -i global raw"
  wait_for 600 sh -c "$G PING | grep -q PONG"
  check "$IMPL global: the global socket answers with no config file" $?
  outcome global "ADD bss_config: $($G ADD "bss_config=phy0:$C")"
  wait_for 300 sh -c "$G IFNAME=wlan0 STATUS | grep -q '^state=ENABLED$'"
  outcome global "status: $($G IFNAME=wlan0 STATUS | grep -e '^state=' -e '^phy=' -e '^channel=' -e '^ssid' | tr '\n' ' ')"
  outcome global "interfaces: $($G INTERFACES ctrl | sed "s/$IMPL/IMPL/")"
  start_wpas 1
  wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL global: a station connects to the added BSS" $?
  outcome global "REMOVE: $($G REMOVE wlan0)"
  wait_for 100 sh -c "! iw dev wlan0 info | grep -q 'type AP'" && wait_for 100 sh -c "! state_is sta1 wlan1 COMPLETED"
  check "$IMPL global: REMOVE stops the AP and the station loses it" $?
  outcome global "after REMOVE: interfaces [$($G INTERFACES)], wlan0 $(iw dev wlan0 info | grep -o 'type .*'), ctrl dir $(ls /run/$IMPL 2>/dev/null | wc -l) entries"
  outcome global "ADD config=: $($G ADD wlan0 "config=$C"), $($G IFNAME=wlan0 STATUS | grep '^state='), ENABLE $($G IFNAME=wlan0 ENABLE)"
  wait_for 300 state_is sta1 wlan1 COMPLETED
  check "$IMPL global: after ENABLE the station is back" $?
  outcome global "TERMINATE: $($G TERMINATE)"
  wait_for 100 sh -c "! kill -0 $pid"
  outcome global "exited: $?, global dir left: $(ls -d /run/$IMPL-g 2>/dev/null | wc -l)"
  stop_wpas 1
  wait_for 50 sh -c "! iw dev wlan0 info | grep -q 'type AP'"

done

for s in acl max strict bmode pwr chan global update; do
  diff -u "/out/hostapd-$s-outcome.txt" "/out/tsapd-$s-outcome.txt" >"/out/diff-$s.txt"
  check "$s: tsapd's outcomes equal hostapd's" $?
done
cat /out/diff-*.txt
exit $status
