#!/usr/bin/env bash
# Runs the benchmarks side by side against a local Redis and the emulator:
# client_many (Client::getAvailableSlotsMany vs sequential curl), then
# limiter_breaker (RateLimiter/CircuitBreaker vs the Laravel classes), then
# swr_cache (SwrCache hits vs Cache::remember and the PHP SWR cache), then
# alternative_finder (AlternativeFinder vs the Laravel finder, best/typical/
# worst case at 300 ms per Cal.com call).
#   bash bench/run.sh [queries] [latency_ms] [runs] [iterations]
# The first three go to client_many as before, runs also to
# alternative_finder (which keeps its own 300 ms latency), iterations to
# limiter_breaker and swr_cache; each script keeps its own defaults for what
# is left out.
cd "$(dirname "$0")/.." || exit 1
# The PHP versions being replaced run on Debian's Laravel with phpredis (and
# Guzzle under Laravel's Http client, which Debian ships apart).
bash tools/deps.sh php-laravel-framework php8.2-redis php-guzzlehttp-guzzle || exit 1
# All run even if one fails; the exit status says whether any did.
exec bash tools/with-servers.sh sh -c '
	iterations=$1
	shift
	runs=${3-}
	php -d extension="$CALCOM_EXTENSION" bench/client_many.php "$@"
	first=$?
	echo
	php -d extension="$CALCOM_EXTENSION" bench/limiter_breaker.php ${iterations:+"$iterations"}
	second=$?
	echo
	php -d extension="$CALCOM_EXTENSION" bench/swr_cache.php ${iterations:+"$iterations"}
	third=$?
	echo
	php -d extension="$CALCOM_EXTENSION" bench/alternative_finder.php ${runs:+"$runs"}
	fourth=$?
	[ "$first" -eq 0 ] && [ "$second" -eq 0 ] && [ "$third" -eq 0 ] && [ "$fourth" -eq 0 ]
' bench "${4-}" "${@:1:3}"
