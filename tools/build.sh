#!/usr/bin/env bash
# Builds modules/calcom.so in the source tree with developer warnings as
# errors. Reconfigures only when config.m4 changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f Makefile ] || [ config.m4 -nt Makefile ]; then
	# Debian's phpize warns about its own obsolete macros: show output only on failure.
	log=$(mktemp)
	if ! { phpize && ./configure --enable-calcom --enable-calcom-dev; } >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		exit 1
	fi
	rm -f "$log"
fi
make -j"$(nproc)" >/dev/null
test -f modules/calcom.so
