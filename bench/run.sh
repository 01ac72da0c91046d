#!/usr/bin/env bash
# Runs the benchmarks side by side against a local Redis and the emulator.
#   bash bench/run.sh [queries] [latency_ms] [runs]
cd "$(dirname "$0")/.." || exit 1
exec bash tools/with-servers.sh sh -c 'php -d extension="$CALCOM_EXTENSION" bench/client_many.php "$@"' bench "$@"
