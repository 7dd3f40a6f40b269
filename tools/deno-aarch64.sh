#!/usr/bin/env bash
# Fetches the aarch64 Deno of the pinned version (the @deno/linux-arm64-glibc package of
# tools/deno/package-lock.json, integrity-checked) into tools/deno-aarch64/, so the bundle can be
# run as on an ARM router under qemu-user. Prints the binary's path.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/deno-aarch64"
bin="$dest/package/deno"
if [ ! -x "$bin" ]; then
  lock="$here/deno/package-lock.json"
  want=$(node -e 'const l=require(process.argv[1]);const p=l.packages["node_modules/@deno/linux-arm64-glibc"];console.log(p.version+" "+p.integrity)' "$lock")
  version=${want%% *}
  integrity=${want#* }
  mkdir -p "$dest"
  (cd "$dest" && npm pack --silent "@deno/linux-arm64-glibc@$version" >/dev/null)
  tgz="$dest/deno-linux-arm64-glibc-$version.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    echo "deno-aarch64: integrity mismatch for $tgz" >&2
    rm -f "$tgz"
    exit 1
  fi
  tar -xzf "$tgz" -C "$dest"
  rm -f "$tgz"
fi
echo "$bin"
