#!/usr/bin/env bash
# Demo of the main job: tsapd serves WPS on one end of a veth pair (driver=wired) and Debian's
# real wpa_supplicant enrolls by PIN on the other end; hostapd_cli drives tsapd. Everything
# lives in two network namespaces made here and removed at exit.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
sfx=$$
ap=tsapd-demo-ap-$sfx
sta=tsapd-demo-sta-$sfx
dir=$(mktemp -d /tmp/tsapd-demo.XXXXXX)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  ip netns del "$sta" 2>/dev/null || true
  ip netns del "$ap" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
ip netns add "$ap"
ip netns add "$sta"
ip -n "$ap" link add dap$sfx type veth peer name dsta$sfx
ip -n "$ap" link set dsta$sfx netns "$sta"
ip -n "$ap" link set dap$sfx up
ip -n "$sta" link set dsta$sfx up
: >"$dir/psk"
cat >"$dir/hostapd.conf" <<CONF
interface=dap$sfx
driver=wired
ieee8021x=1
ctrl_interface=$dir/ctrl
eap_server=1
ssid=tsapd-demo
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=demo-passphrase
wpa_psk_file=$dir/psk
wps_state=2
device_name=tsapd demo AP
config_methods=label display push_button keypad
CONF
cat >"$dir/wpas.conf" <<CONF
ctrl_interface=$dir/wpas-ctrl
ap_scan=0
network={
	key_mgmt=IEEE8021X
	eap=WSC
	identity="WFA-SimpleConfig-Enrollee-1-0"
	phase1="pin=12345670"
	eapol_flags=0
}
CONF
echo "== starting tsapd"
ip netns exec "$ap" "$here/tsapd" -t "$dir/hostapd.conf" &
pids="$pids $!"
for _ in $(seq 100); do
  ip netns exec "$ap" hostapd_cli -p "$dir/ctrl" -i dap$sfx ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done
cli() { ip netns exec "$ap" hostapd_cli -p "$dir/ctrl" -i dap$sfx "$@"; }
echo "== hostapd_cli wps_pin any 12345670: $(cli wps_pin any 12345670)"
echo "== starting wpa_supplicant (enrollee)"
ip netns exec "$sta" wpa_supplicant -D wired -i dsta$sfx -c "$dir/wpas.conf" >"$dir/wpas.log" 2>&1 &
pids="$pids $!"
for _ in $(seq 200); do
  grep -q "WPS-SUCCESS\|WPS-FAIL" "$dir/wpas.log" && break
  sleep 0.1
done
grep -E "WPS-(SUCCESS|FAIL|CRED)" "$dir/wpas.log" || true
echo "== hostapd_cli wps_get_status"
cli wps_get_status
echo "== wpa_psk_file after enrollment"
cat "$dir/psk"
grep -q WPS-SUCCESS "$dir/wpas.log"
