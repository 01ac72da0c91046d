#!/usr/bin/env bash
# Installs what is missing, builds the extension, starts a local redis-server
# and the Cal.com emulator (tools/servers.sh), runs the given command with
# their addresses in the environment (and CALCOM_EXTENSION, the built .so),
# then stops them.
#   tools/with-servers.sh php -d extension=... script.php
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/deps.sh
bash tools/build.sh
state=$(mktemp -d /tmp/calcom-servers.XXXXXX)
trap 'bash tools/servers.sh stop "$state"; rm -rf "$state"' EXIT
bash tools/servers.sh start "$state"
# shellcheck disable=SC1091
source "$state/env"
export CALCOM_EXTENSION="$root/modules/calcom.so"
"$@"
