#!/bin/sh
. /repo/tests/vm/guest/_lib.sh
hwsim_two_stations
STA1=$(ns sta1 cat /sys/class/net/wlan1/address)
for IMPL in hostapd tsapd; do
  O=/out/$IMPL.out; : >$O
  C=/tmp/$IMPL.conf
  : >/tmp/empty
  printf "interface=wlan0\ndriver=nl80211\nctrl_interface=/run/$IMPL\nssid=rt\nhw_mode=g\nchannel=1\nwpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=runtime-pass\nmacaddr_acl=1\naccept_mac_file=/tmp/empty\n" >$C
  start_daemon $IMPL $C /out/$IMPL.log
  pid=$!
  CLI="hostapd_cli -p /run/$IMPL -i wlan0"
  wait_for 600 sh -c "$CLI status 2>/dev/null | grep -q '^state=ENABLED$'"
  printf "ctrl_interface=/run/wpas-wlan1\nnetwork={\n\tssid=\"rt\"\n\tpsk=\"runtime-pass\"\n\tscan_freq=2412\n}\n" >/tmp/w1.conf
  ns sta1 iw dev wlan1 scan flush freq 2412 >/dev/null 2>&1
  ns sta1 wpa_supplicant -B -dd -t -f /out/$IMPL-wlan1.log -P /run/w1.pid -i wlan1 -D nl80211 -c /tmp/w1.conf
  wait_for 80 state_is sta1 wlan1 COMPLETED; echo "1 refused (1=yes): $?" >>$O
  echo "2 add: $($CLI raw ACCEPT_ACL ADD_MAC $STA1) show: $($CLI raw ACCEPT_ACL SHOW | tr '\n' ' ')" >>$O
  wait_for 300 state_is sta1 wlan1 COMPLETED; echo "3 in after ADD_MAC (0=yes): $?" >>$O
  echo "4 sta-first: $($CLI raw STA-FIRST | grep -e '^flags' -e '^[0-9a-f:]*$' | sed "s/$STA1/STA1/" | tr '\n' ' ')" >>$O
  echo "5 sta-next: [$($CLI raw STA-NEXT $STA1)]" >>$O
  echo "6 poll: $($CLI raw POLL_STA $STA1)" >>$O
  sleep 1; echo "7 poll-ok in log: $(grep -c AP-STA-POLL-OK /out/$IMPL.log)" >>$O
  echo "8 set pass: $($CLI set wpa_passphrase runtime-pass2) reload: $($CLI reload)" >>$O
  wait_for 300 sh -c "$CLI status 2>/dev/null | grep -q '^state=ENABLED$'"
  sleep 3
  echo "9 old-pass station after reload: $(wcli sta1 wlan1 status | grep wpa_state) acl: $($CLI raw ACCEPT_ACL SHOW | tr '\n' ' ')" >>$O
  kill "$(cat /run/w1.pid)"; wait_for 50 sh -c "! kill -0 $(cat /run/w1.pid)"
  sed -i 's/runtime-pass"/runtime-pass2"/' /tmp/w1.conf
  ns sta1 wpa_supplicant -B -dd -t -f /out/$IMPL-wlan1b.log -P /run/w1.pid -i wlan1 -D nl80211 -c /tmp/w1.conf
  wait_for 300 state_is sta1 wlan1 COMPLETED; echo "10 new-pass station (0=in): $?" >>$O
  echo "11 clear: $($CLI raw ACCEPT_ACL CLEAR)" >>$O
  wait_for 100 sh -c "! state_is sta1 wlan1 COMPLETED"; echo "12 sent off after CLEAR (0=yes): $?" >>$O
  echo "13 set acl 0: $($CLI set macaddr_acl 0)" >>$O
  wait_for 200 state_is sta1 wlan1 COMPLETED; echo "14 in after macaddr_acl 0 (0=yes): $?" >>$O
  echo "15 deauth: $($CLI deauthenticate $STA1 reason=5)" >>$O
  sleep 1; echo "16 sta log reason: $(grep -o 'CTRL-EVENT-DISCONNECTED.*reason=[0-9]*' /out/$IMPL-wlan1b.log | sed 's/bssid=[^ ]* //' | sort -u | tr '\n' ' ')" >>$O
  kill "$(cat /run/w1.pid)"; wait_for 50 sh -c "! kill -0 $(cat /run/w1.pid)"
  kill $pid; wait_for 50 sh -c "! kill -0 $pid"; wait_for 50 sh -c "! iw dev wlan0 info | grep -q 'type AP'"
done
echo "=== runtime2"; diff /out/hostapd.out /out/tsapd.out && echo SAME; cat /out/hostapd.out
echo 0 > /out/rc
