#!/usr/bin/env bash
# Boots the hwsim test guest (built and cached by build.sh) under qemu TCG and runs one guest
# script from this repository inside it.
#
# Usage: run.sh GUEST_SCRIPT [RESULT_DIR]
#   GUEST_SCRIPT  path relative to the repository root, e.g. tests/vm/guest/nl80211_suite.sh
#   RESULT_DIR    directory shared read-write as /out (default: a fresh temporary one, removed)
# Env: DENO (default tools/deno/node_modules/.bin/deno), TSAPD_VM_TIMEOUT (s, default 300),
#      TSAPD_VM_CACHE, SMP (2), MEM (1024), ACCEL (tcg,thread=multi; kvm where /dev/kvm works).
# The console goes to stdout; the exit status is the guest script's (124 on timeout).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SCRIPT=${1:?usage: run.sh GUEST_SCRIPT [RESULT_DIR]}
DENO_BIN=$(realpath "${DENO:-$REPO/tools/deno/node_modules/.bin/deno}")
TIMEOUT=${TSAPD_VM_TIMEOUT:-300}
t0=$(date +%s.%N)
GUEST=$(bash "$REPO/tests/vm/build.sh" "$DENO_BIN")
t1=$(date +%s.%N)
echo "HOST: guest image $GUEST ready in $(awk -v a="$t1" -v b="$t0" 'BEGIN{printf "%.1f", a-b}') s"

work=$(mktemp -d "/tmp/tsapd-vm.$$.XXXXXX")
OUT=${2:-$work/out}
mkdir -p "$OUT" "$work/deno"
trap 'rm -rf "$work"' EXIT
# Share only the deno binary, not the directory it lives in.
ln "$DENO_BIN" "$work/deno/deno" 2>/dev/null || cp "$DENO_BIN" "$work/deno/deno"
rm -f "$OUT/rc"
BIOS=/usr/share/qemu/qboot.rom
[ -f "$BIOS" ] || BIOS=
set +e
timeout "$TIMEOUT" qemu-system-x86_64 -accel "${ACCEL:-tcg,thread=multi}" -cpu max \
  -m "${MEM:-1024}" -smp "${SMP:-2}" -kernel "$GUEST/kernel" -initrd "$GUEST/initramfs" \
  -append "console=ttyS0 quiet panic=-1 tsapd.script=$SCRIPT" ${BIOS:+-bios "$BIOS"} \
  -nographic -no-reboot -nic none \
  -virtfs "local,path=$REPO,mount_tag=repo,security_model=none,readonly=on" \
  -virtfs "local,path=$work/deno,mount_tag=deno,security_model=none,readonly=on" \
  -virtfs "local,path=$OUT,mount_tag=out,security_model=none" </dev/null 2>&1
qrc=$?
set -e
t2=$(date +%s.%N)
echo "HOST: qemu exited $qrc after $(awk -v a="$t2" -v b="$t1" 'BEGIN{printf "%.1f", a-b}') s"
[ "$qrc" = 124 ] && exit 124
[ -s "$OUT/rc" ] || exit 125
exit "$(cat "$OUT/rc")"
