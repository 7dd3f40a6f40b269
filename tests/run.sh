#!/usr/bin/env bash
# The project's whole test command: format, lint and type checks, then every test under tests/
# (unit tests with known-answer vectors, and interop tests against Debian's hostapd,
# hostapd_cli and wpa_supplicant in network namespaces). Last line: `N passed, N failed`.
set -u
cd "$(dirname "$0")/.."
DENO=${DENO:-tools/deno/node_modules/.bin/deno}
pass=0
fail=0
gate() {
  local name=$1
  shift
  if "$@"; then
    echo "gate $name: ok"
    pass=$((pass + 1))
  else
    echo "gate $name: FAILED"
    fail=$((fail + 1))
  fi
}
gate fmt "$DENO" fmt --check
gate lint "$DENO" lint
gate check "$DENO" check mod.ts cli/main.ts tests/
out=$(mktemp)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(tests/ core/ mod.ts)
# --doc also runs every JSDoc @example of the core as a test.
NO_COLOR=1 "$DENO" test --doc --allow-all --no-prompt "${targets[@]}" 2>&1 | tee "$out"
summary=$(grep -E '^(ok|FAILED) \| [0-9]+ passed' "$out" | tail -n 1)
if [ -n "$summary" ]; then
  p=$(sed -E 's/.*\| ([0-9]+) passed.*/\1/' <<<"$summary")
  f=$(sed -E 's/.*\| ([0-9]+) failed.*/\1/' <<<"$summary")
  pass=$((pass + p))
  fail=$((fail + f))
else
  echo "deno test printed no summary"
  fail=$((fail + 1))
fi
rm -f "$out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
