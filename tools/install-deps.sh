#!/usr/bin/env bash
# Installs what tsapd's tests and benchmarks need on a fresh Debian machine (run as root):
# Debian's hostapd, hostapd_cli and wpa_supplicant as real peers, iproute2 for network
# namespaces, libnl for the nl80211 bindings. Deno itself comes from `make deno`.
set -eu
pkgs="hostapd wpasupplicant iproute2 libnl-3-200 libnl-genl-3-200 procps"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
# Debian starts hostapd as a service on install; tests start their own.
systemctl disable --now hostapd >/dev/null 2>&1 || true
