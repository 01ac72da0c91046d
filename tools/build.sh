#!/usr/bin/env bash
# Builds modules/calcom.so in the source tree with developer warnings as
# errors. Reconfigures only when config.m4 changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f Makefile ] || [ config.m4 -nt Makefile ]; then
	phpize >/dev/null
	./configure --enable-calcom --enable-calcom-dev >/dev/null
fi
make -j"$(nproc)" >/dev/null
test -f modules/calcom.so
