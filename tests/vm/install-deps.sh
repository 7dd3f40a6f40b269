#!/usr/bin/env bash
# Host packages the mac80211_hwsim VM harness (tests/vm/build.sh, tests/vm/run.sh) needs:
# qemu-system-x86 (TCG, qboot), the initramfs tools (cpio, lz4, xz, depmod, readelf) and the
# peers copied into the guest (hostapd, wpa_supplicant, iproute2, libnl). The guest kernel,
# busybox-static and iw are fetched by build.sh with `apt-get download`, never installed here.
set -euo pipefail
pkgs=(qemu-system-x86 qemu-system-data cpio lz4 xz-utils kmod binutils hostapd wpasupplicant
  iproute2 libnl-3-200 libnl-genl-3-200)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
