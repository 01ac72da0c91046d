#!/usr/bin/env bash
# Runs the benchmarks side by side against a local Redis and the emulator.
#   bash bench/run.sh [args for client_many.php]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/deps.sh
bash tools/build.sh
state=$(mktemp -d /tmp/calcom-bench.XXXXXX)
trap 'bash tools/servers.sh stop "$state"; rm -rf "$state"' EXIT
bash tools/servers.sh start "$state"
# shellcheck disable=SC1091
source "$state/env"
php -d extension="$root/modules/calcom.so" bench/client_many.php "$@"
