#!/usr/bin/env bash
# The demo: builds the extension and runs demo/demo.php against a local Redis
# and the Cal.com emulator, both started (and stopped) here.
cd "$(dirname "$0")/.." || exit 1
exec bash tools/with-servers.sh sh -c 'php -n -d extension="$CALCOM_EXTENSION" demo/demo.php'
