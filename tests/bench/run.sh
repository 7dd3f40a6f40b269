#!/usr/bin/env bash
# Runs every benchmark (Debian's hostapd and tsapd side by side, alternating), prints a
# summary table and appends it to tests/bench/RESULTS.md. Needs root (network namespaces).
# Options go to every benchmark: e.g. `tests/bench/run.sh --only hostapd`,
# `--tsapd-cmd "/path/to/tsapd"`. Iterations: STARTUP_N (20), PIN_N (20), MANY_N (7 rounds).
# BENCH_RESULTS=/tmp/x.md appends a trial run there instead of to RESULTS.md.
set -u
cd "$(dirname "$0")/../.."
DENO=${DENO:-tools/deno/node_modules/.bin/deno}
out=$(mktemp -d /tmp/tsapd-bench-XXXXXX)
trap 'rm -rf "$out"' EXIT
status=0
bench() {
  local name=$1 n=$2
  shift 2
  echo "== $name"
  timeout 900 "$DENO" run -A "tests/bench/${name}_bench.ts" --n "$n" --json "$out/$name.json" "$@" ||
    { echo "$name bench failed"; status=1; }
}
bench startup "${STARTUP_N:-20}" "$@"
bench pin "${PIN_N:-20}" "$@"
bench many "${MANY_N:-7}" "$@"
echo "== summary"
"$DENO" run -A tests/bench/report.ts "$out" || status=1
# The repository's fmt gate covers markdown too.
"$DENO" fmt -q "${BENCH_RESULTS:-tests/bench/RESULTS.md}" || status=1
exit $status
