# tsapd build and test entry points. Everything is installed by the project's own files:
# Deno from the npm registry (tools/deno), peers from Debian's packages (tools/install-deps.sh).
DENO := tools/deno/node_modules/.bin/deno
# The V8 flags are the shipped ones, explained in cli/v8_flags.ts (a test keeps them equal).
PERMS := --v8-flags=--jitless,--no-memory-reducer,--single-threaded-gc,--expose-gc --allow-ffi --allow-read --allow-write --allow-env --allow-run --allow-sys

.PHONY: all deno deps check test ci demo unit bench compile bundle clean

all: deno check

deno: $(DENO)

$(DENO): tools/deno/package.json tools/deno/package-lock.json
	cd tools/deno && npm ci --no-audit --no-fund --loglevel=error
	@touch $(DENO)

deps:
	bash tools/install-deps.sh

check: deno
	$(DENO) fmt --check
	$(DENO) lint
	$(DENO) check mod.ts cli/main.ts tests/

test: deno
	bash tests/run.sh

# What CI runs: install everything, then the whole test suite.
ci: deps deno
	bash tests/run.sh

# Starts tsapd on a veth pair and enrolls Debian's wpa_supplicant by WPS PIN.
demo: deps deno
	bash tools/demo.sh

unit: deno
	$(DENO) test --allow-all tests/core

bench: deno
	bash tests/bench/run.sh

# Single binaries for routers. `deno compile` fetches the denort runtime for the target; where that
# host is out of reach, point DENORT_BIN at a local denort of the same Deno version.
compile: deno
	$(DENO) compile $(PERMS) --target aarch64-unknown-linux-gnu -o dist/tsapd-aarch64 cli/main.ts
	$(DENO) compile $(PERMS) --target x86_64-unknown-linux-gnu -o dist/tsapd-x86_64 cli/main.ts

# One JavaScript file that any Deno 2.9 runs (used to check the aarch64 build under qemu-user).
bundle: deno
	mkdir -p dist
	$(DENO) bundle --platform deno -o dist/tsapd.js cli/main.ts

clean:
	rm -rf dist
