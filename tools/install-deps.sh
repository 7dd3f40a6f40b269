#!/usr/bin/env bash
# Installs what tsapd's tests and benchmarks need on a fresh Debian machine (run as root):
# Debian's hostapd, hostapd_cli and wpa_supplicant as real peers, iproute2 for network
# namespaces, tshark/dumpcap for wire timing, libnl for the nl80211 bindings, qemu-user with an
# aarch64 sysroot to run the bundle as on an ARM router, and the VM harness's packages
# (tests/vm/install-deps.sh). Deno itself comes from `make deno`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkgs="hostapd wpasupplicant iproute2 libnl-3-200 libnl-genl-3-200 procps tshark
  qemu-user-static libc6-arm64-cross libgcc-s1-arm64-cross"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
# Debian starts hostapd as a service on install; tests start their own.
systemctl disable --now hostapd >/dev/null 2>&1 || true
bash "$here/../tests/vm/install-deps.sh"
