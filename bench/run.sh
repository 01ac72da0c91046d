#!/usr/bin/env bash
# Runs the benchmarks side by side against a local Redis and the emulator:
# client_many (Client::getAvailableSlotsMany vs sequential curl), then
# limiter_breaker (RateLimiter/CircuitBreaker vs the Laravel classes), then
# swr_cache (SwrCache hits vs Cache::remember and the PHP SWR cache).
#   bash bench/run.sh [queries] [latency_ms] [runs] [iterations]
# The first three go to client_many as before, iterations to limiter_breaker
# and swr_cache; each script keeps its own defaults for what is left out.
cd "$(dirname "$0")/.." || exit 1
# The PHP versions being replaced run on Debian's Laravel with phpredis.
bash tools/deps.sh php-laravel-framework php8.2-redis || exit 1
# All run even if one fails; the exit status says whether any did.
exec bash tools/with-servers.sh sh -c '
	iterations=$1
	shift
	php -d extension="$CALCOM_EXTENSION" bench/client_many.php "$@"
	first=$?
	echo
	php -d extension="$CALCOM_EXTENSION" bench/limiter_breaker.php ${iterations:+"$iterations"}
	second=$?
	echo
	php -d extension="$CALCOM_EXTENSION" bench/swr_cache.php ${iterations:+"$iterations"}
	third=$?
	[ "$first" -eq 0 ] && [ "$second" -eq 0 ] && [ "$third" -eq 0 ]
' bench "${4-}" "${@:1:3}"
