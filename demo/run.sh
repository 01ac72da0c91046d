#!/usr/bin/env bash
# The demo: installs what is missing, builds the extension, starts a local
# redis-server and the Cal.com emulator, runs demo/demo.php, stops them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/deps.sh
bash tools/build.sh
state=$(mktemp -d /tmp/calcom-demo.XXXXXX)
trap 'bash tools/servers.sh stop "$state"; rm -rf "$state"' EXIT
bash tools/servers.sh start "$state"
# shellcheck disable=SC1091
source "$state/env"
php -n -d extension="$root/modules/calcom.so" demo/demo.php
