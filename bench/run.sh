#!/usr/bin/env bash
# Runs every benchmark, side by side with the PHP versions the native classes
# replace, and writes bench/REPORT.md (bench/report.php), printing a short
# summary: one line per scenario with its headline ratio.
#
#   bash bench/run.sh [queries] [latency_ms] [runs] [iterations]
#
# In order (each script's own header says exactly what it measures):
#   limiter_breaker     rate-limit check, closed-breaker call
#   swr_cache           cache fresh hit, stale hit, cold miss
#   alternative_finder  alternative search best / typical / worst case, 300 ms a Cal.com call
#   invalidation        booking-time cache invalidation (keys, round trips)
#   concurrent_search   100 concurrent cold searches (upstream calls, 429s)
#   client_many         getAvailableSlotsMany against sequential requests
# then bench/load/run.sh --json when it exists (its results go into the
# report; when it is missing or fails, the report says so).
#
# The arguments keep their old meaning: queries and latency_ms go to
# client_many, runs to client_many and alternative_finder, iterations to
# limiter_breaker and swr_cache. Environment knobs:
#   BENCH_QUICK=1      a smoke run of about 2 minutes (fewer iterations and
#                      rounds; its numbers are indicative only). The default
#                      run takes about 3-4 minutes on 2 cores, plus the load
#                      test (at least 5 rounds per scenario).
#   BENCH_LOAD=0       skip bench/load/run.sh (the report says it was skipped)
#   BENCH_ONLY="a b"   run only these scripts (names as above)
#   BENCH_REPORT=FILE  write the report there instead of bench/REPORT.md
#   BENCH_JSON_DIR=DIR keep the JSON documents there (else a temp dir, removed)
#   BENCH_TIMEOUT=S    seconds each script may take before it is stopped (900)
#   BENCH_NO_BUILD=1   do not build: use $CALCOM_EXTENSION (default
#                      modules/calcom.so) and servers started here by
#                      tools/servers.sh, instead of tools/with-servers.sh
# Exits non-zero when a script failed, a check did not hold, or the report
# could not be written. Not run in CI.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

if [ "${1-}" != "--inner" ]; then
	# The PHP versions being replaced run on Debian's Laravel with phpredis (and
	# Guzzle under Laravel's Http client, which Debian ships apart).
	bash tools/deps.sh php-laravel-framework php8.2-redis php-guzzlehttp-guzzle php8.2-fpm nginx wrk apache2-utils || exit 1
	if [ "${BENCH_NO_BUILD:-0}" = 1 ]; then
		state=$(mktemp -d /tmp/calcom-bench-servers.XXXXXX)
		trap 'bash tools/servers.sh stop "$state"; rm -rf "$state"' EXIT
		bash tools/servers.sh start "$state" || exit 1
		# shellcheck disable=SC1091
		source "$state/env"
		export CALCOM_EXTENSION=${CALCOM_EXTENSION:-$root/modules/calcom.so}
		bash "$root/bench/run.sh" --inner "$@"
		exit $?
	fi
	exec bash tools/with-servers.sh bash "$root/bench/run.sh" --inner "$@"
fi
shift

queries=${1-}
latency=${2-}
runs=${3-}
iterations=${4-}
quick=${BENCH_QUICK:-0}
[ "$quick" = 1 ] || quick=0

# Per script: its arguments, the defaults or the quick ones, the command
# line's where given.
if [ "$quick" = 1 ]; then
	lb=("${iterations:-1000}")
	swr=("${iterations:-2500}" 100)
	af=("${runs:-3}")
	inv=(5 5 10 1)
	cs=(3 100 300)
	cm=("${queries:-8}" "${latency:-100}" "${runs:-5}")
else
	lb=("${iterations:-5000}")
	swr=("${iterations:-10000}" 200)
	af=("${runs:-5}")
	inv=(5 20 10 2)
	cs=(5 100 300)
	cm=("${queries:-8}" "${latency:-100}" "${runs:-5}")
fi

json=${BENCH_JSON_DIR:-}
if [ -n "$json" ]; then
	mkdir -p "$json" || exit 1
	rm -f "$json"/*.json "$json"/load/load.json
else
	json=$(mktemp -d /tmp/calcom-bench.XXXXXX)
	trap 'rm -rf "$json"' EXIT
fi
report=${BENCH_REPORT:-$root/bench/REPORT.md}
timeout_s=${BENCH_TIMEOUT:-900}

meta=(--meta "run=$([ "$quick" = 1 ] && echo 'BENCH_QUICK=1 (smoke run: fewer iterations and rounds, numbers indicative only)' || echo default)")
meta+=(--meta "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- ext src 2>/dev/null || echo ' (ext/ or src/ changed since)')")
meta+=(--meta "load average at start=$(cut -d' ' -f1-3 /proc/loadavg)")
missing=()
failed=0
started=$(date +%s)

# run NAME ARGS...: one script, its JSON into $json/NAME.json.
run() {
	local name=$1
	shift
	if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then
		return 0
	fi
	echo
	echo "== bench/$name.php $*"
	local t0 rc
	t0=$(date +%s)
	timeout --kill-after=10 "$timeout_s" php -d extension="$CALCOM_EXTENSION" "bench/$name.php" \
		--json "$json/$name.json" "$@"
	rc=$?
	meta+=(--meta "$name=args: ${*:-none}; $(($(date +%s) - t0)) s; exit $rc")
	if [ "$rc" -ne 0 ]; then
		failed=1
		if [ ! -s "$json/$name.json" ]; then
			missing+=(--missing "bench/$name.php=$([ "$rc" -eq 124 ] && echo "stopped after ${timeout_s} s" || echo "exited $rc without results")")
		fi
	fi
}

run limiter_breaker "${lb[@]}"
run swr_cache "${swr[@]}"
run alternative_finder "${af[@]}"
run invalidation "${inv[@]}"
run concurrent_search "${cs[@]}"
run client_many "${cm[@]}"

load=()
if [ "${BENCH_LOAD:-1}" = 0 ]; then
	load=(--load-skipped "skipped (BENCH_LOAD=0)")
elif [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" load "* ]]; then
	load=(--load-skipped "skipped (BENCH_ONLY=\"$BENCH_ONLY\" does not name load)")
elif [ ! -f bench/load/run.sh ]; then
	load=(--load-skipped "bench/load/run.sh does not exist in this tree")
else
	echo
	echo "== bench/load/run.sh --json"
	t0=$(date +%s)
	mkdir -p "$json/load"
	BENCH_QUICK=$quick timeout --kill-after=10 "$timeout_s" bash bench/load/run.sh --json "$json/load/load.json" 2>&1 |
		tee "$json/load/output.log"
	rc=${PIPESTATUS[0]}
	meta+=(--meta "load=$(($(date +%s) - t0)) s; exit $rc")
	if [ "$rc" -eq 0 ] && [ -s "$json/load/load.json" ]; then
		load=(--load "$json/load/load.json")
	else
		failed=1
		# Why, in its own words: the checks it says failed.
		why=$(grep -F '[FAIL]' "$json/load/output.log" | head -5 | sed 's/^ *//' | paste -sd ';' - | cut -c1-600)
		load=(--load-skipped "bench/load/run.sh --json $([ "$rc" -eq 124 ] && echo "was stopped after ${timeout_s} s" || echo "exited $rc")$([ -s "$json/load/load.json" ] || echo ', no JSON written')${why:+: $why}")
	fi
fi

meta+=(--meta "load average at end=$(cut -d' ' -f1-3 /proc/loadavg)")
meta+=(--meta "total run time=$(($(date +%s) - started)) s")
echo
php -d extension="$CALCOM_EXTENSION" bench/report.php --out "$report" "${meta[@]}" "${missing[@]}" "${load[@]}" \
	"$json" || failed=1
exit "$failed"
