#!/usr/bin/env bash
# Builds (or finds cached) the mac80211_hwsim test guest: Debian's 6.1 kernel and an lz4
# initramfs with busybox-static, iw, iproute2, kmod, hostapd, wpa_supplicant, the libraries they
# and deno link, the wireless and bridge modules and the regulatory database.
#
# Kernel, busybox-static, iw and wireless-regdb come from `apt-get download` (never installed on
# the host); hostapd, wpa_supplicant, ip and kmod are the host's Debian binaries
# (tests/vm/install-deps.sh). The result is cached under $TSAPD_VM_CACHE (default
# /var/cache/tsapd-vm) in a directory named by a hash of every package version, the deno binary's
# libraries and this script, so a rebuild happens only when one of them changes.
#
# Usage: build.sh DENO_BINARY    Prints the cache directory (holding `kernel` and `initramfs`).
set -euo pipefail
DENO_BIN=$(realpath "${1:?usage: build.sh DENO_BINARY}")
CACHE=${TSAPD_VM_CACHE:-/var/cache/tsapd-vm}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$CACHE/debs"
log() { echo "vm-build: $*" >&2; }

# One build at a time: concurrent test runs share the cache.
exec 9>"$CACHE/lock"
flock 9

kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
if [ -z "$kpkg" ]; then
  apt-get update -qq >&2
  kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
fi
download=("$kpkg" busybox-static iw wireless-regdb)
host_pkgs=(hostapd wpasupplicant iproute2 kmod libnl-3-200 libnl-genl-3-200 libgmp10 libc6)
versions=""
for p in "${download[@]}"; do
  versions+="$p=$(apt-cache policy "$p" | awk '/Candidate:/{print $2}') "
done
for p in "${host_pkgs[@]}"; do
  versions+="$p=$(dpkg-query -W -f='${Version}' "$p") "
done
# ldd prints load addresses that change per run (ASLR): hash only the library paths.
key=$( (echo "$versions"; ldd "$DENO_BIN" | awk '{print $1, $3}'; cat "$0" "$HERE/guest/init") |
  sha256sum | cut -c1-16)
OUT=$CACHE/$key
if [ -s "$OUT/initramfs" ] && [ -s "$OUT/kernel" ]; then
  echo "$OUT"
  exit 0
fi
log "building guest $key ($versions)"
t0=$(date +%s)

# ---- fetch and unpack the downloaded packages ---------------------------------------------
(cd "$CACHE/debs" && for p in "${download[@]}"; do
  ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download -q "$p" >&2 2>/dev/null || apt-get download -q "$p" >&2
done)
STAGE=$(mktemp -d "$CACHE/stage.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
PKGROOT=$STAGE/pkg
ROOT=$STAGE/root
mkdir -p "$PKGROOT" "$ROOT"
for p in "${download[@]}"; do
  dpkg-deb -x "$(ls "$CACHE/debs/${p}"_*.deb | sort -V | tail -1)" "$PKGROOT"
done
KVER=$(ls "$PKGROOT/lib/modules" | sort -V | tail -1)
MODDIR=$PKGROOT/lib/modules/$KVER
# The .deb ships no modules.dep (its postinst makes it): make one to read dependencies from.
depmod -b "$PKGROOT" "$KVER"
[ -f "$PKGROOT/boot/vmlinuz-$KVER" ] || { log "no kernel in $kpkg"; exit 1; }
[ -n "$(find "$MODDIR" -name 'mac80211_hwsim.ko*' | head -1)" ] ||
  { log "$kpkg has no mac80211_hwsim module"; exit 1; }

# ---- root tree ----------------------------------------------------------------------------
cd "$ROOT"
mkdir -p bin sbin usr/bin usr/sbin etc proc sys dev run tmp var/run lib/firmware repo out \
  mnt/deno
cp "$PKGROOT/bin/busybox" bin/busybox
ln -s busybox bin/sh
: >"$STAGE/libs"
copy_bin() { # copy_bin SRC DEST: the binary and (via ldd) its libraries
  cp -L "$1" "$ROOT$2"
  ldd "$1" | awk '/=> \//{print $3} /^\t\/lib/{print $1}' >>"$STAGE/libs"
}
copy_bin /usr/sbin/hostapd /usr/sbin/hostapd
copy_bin /usr/sbin/hostapd_cli /usr/sbin/hostapd_cli
copy_bin /usr/sbin/wpa_supplicant /usr/sbin/wpa_supplicant
copy_bin /usr/sbin/wpa_cli /usr/sbin/wpa_cli
copy_bin /usr/sbin/ip /sbin/ip
copy_bin /usr/bin/kmod /sbin/kmod
# iw comes from its .deb; its libraries (libnl) are the host's, the same Debian release.
cp "$PKGROOT/sbin/iw" usr/sbin/iw
ldd usr/sbin/iw | awk '/=> \//{print $3}' >>"$STAGE/libs"
ldd "$DENO_BIN" | awk '/=> \//{print $3} /^\t\/lib/{print $1}' >>"$STAGE/libs"
# The FFI bindings dlopen libnl (and libgmp, which every Debian system has) at run time: ldd
# cannot see that, so name them.
ls /usr/lib/x86_64-linux-gnu/libnl-3.so.200* /usr/lib/x86_64-linux-gnu/libnl-genl-3.so.200* \
  /usr/lib/x86_64-linux-gnu/libgmp.so.10* /usr/lib/x86_64-linux-gnu/libc.so.6 >>"$STAGE/libs"
sort -u "$STAGE/libs" | xargs cp -L --parents -t "$ROOT" 2>/dev/null
for a in modprobe insmod rmmod lsmod depmod modinfo; do ln -s kmod "sbin/$a"; done
echo "root:x:0:0:root:/root:/bin/sh" >etc/passwd
echo "root:x:0:" >etc/group
# wireless-regdb installs its database through alternatives: take the Debian-signed one.
cp "$PKGROOT/lib/firmware/regulatory.db-debian" lib/firmware/regulatory.db
cp "$PKGROOT/lib/firmware/regulatory.db.p7s-debian" lib/firmware/regulatory.db.p7s

# ---- kernel modules: the dependency closure from modules.dep ------------------------------
want_mods() {
  printf '%s\n' "$@" | awk -F': ?' 'NR==FNR {gsub(/-/,"_"); want[$0]=1; next}
    {b=$1; sub(/.*\//,"",b); sub(/\.ko.*/,"",b); gsub(/-/,"_",b)
     if (b in want) {print $1; if ($2!="") {k=split($2,a," "); for(i=1;i<=k;i++) print a[i]}}}' \
    - "$MODDIR/modules.dep" | sort -u | (cd "$MODDIR" && cpio -pdmu --quiet "$ROOT/lib/modules/$KVER")
}
want_mods mac80211_hwsim cfg80211 mac80211 virtio_pci 9p 9pnet_virtio bridge
# cfg80211/mac80211 load ciphers by alias when keys are installed: take every crypto module.
want_mods $(find "$MODDIR/kernel/crypto" "$MODDIR/kernel/arch/x86/crypto" \
  "$MODDIR/kernel/lib/crypto" -name '*.ko*' -printf '%f\n' | sed 's/\.ko.*//')
cp "$MODDIR"/modules.builtin "$MODDIR"/modules.builtin.modinfo "$MODDIR"/modules.order \
  "lib/modules/$KVER/" 2>/dev/null || true
depmod -b "$ROOT" "$KVER"
cp "$HERE/guest/init" init
chmod +x init

# ---- pack -----------------------------------------------------------------------------------
mkdir -p "$OUT.tmp"
(cd "$ROOT" && find . -print0 | cpio --null -o -H newc --quiet -R 0:0) | lz4 -q -l -c \
  >"$OUT.tmp/initramfs"
# Boot the uncompressed vmlinux through its PVH entry: saves seconds of xz under TCG.
KERNEL=$PKGROOT/boot/vmlinuz-$KVER
off=$(grep -abo $'\xfd7zXZ\x00' "$KERNEL" | head -1 | cut -d: -f1 || true)
if [ -n "$off" ] && tail -c +$((off + 1)) "$KERNEL" | xz -dc --single-stream \
  >"$OUT.tmp/vmlinux" 2>/dev/null && readelf -n "$OUT.tmp/vmlinux" 2>/dev/null |
  grep -q 'Unknown note type: (0x00000012)'; then
  mv "$OUT.tmp/vmlinux" "$OUT.tmp/kernel"
else
  rm -f "$OUT.tmp/vmlinux"
  cp "$KERNEL" "$OUT.tmp/kernel"
fi
echo "$versions" >"$OUT.tmp/versions"
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
# Older guests (other package versions) are never used again.
find "$CACHE" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{16}' ! -path "$OUT" \
  -exec rm -rf {} +
log "built $OUT in $(($(date +%s) - t0)) s ($(du -h "$OUT/initramfs" | cut -f1) initramfs)"
echo "$OUT"
