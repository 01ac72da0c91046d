--TEST--
Metrics on a Client with cache, limiter and breaker: a known sequence (cache miss and hits, a 429, a 500 after retries, a timeout after a retry, a refusal, a success) gives exactly these requests, cache, retries, errors, latency counts, rate-limit window, limiter cut and breaker states
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'metrics-seq-' . getmypid() . '-' . uniqid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$metrics = new Calcom\Metrics($store);
$cache = new Calcom\SwrCache($store);
$limiter = new Calcom\RateLimiter($store, 'api', ['limit' => 6000, 'burst' => 1000, 'decrease_factor' => 0.5]);
// A threshold the sequence's failures (429: 3, 500: 1, timeout: 2) never reach.
$breaker = new Calcom\CircuitBreaker($store, 'br', 100);
$shared = ['cache' => $cache, 'limiter' => $limiter, 'breaker' => $breaker, 'metrics' => $metrics, 'limiter_wait' => 5.0];
$a = test_client($shared + ['retries' => 2]);
// A second client on the same Metrics, limiter and breaker: watched once.
$b = test_client($shared + ['retries' => 1, 'timeout' => 0.5]);
$c = test_client(['limiter_wait' => 0.0] + $shared);

function outcome(callable $f): string
{
	try {
		$f();
		return 'ok';
	} catch (Calcom\Exception $e) {
		return get_class($e) . ($e instanceof Calcom\ApiException ? ' ' . var_export($e->getStatusCode(), true) : '');
	}
}

echo 'miss: ', outcome(fn () => $a->getAvailableSlots(1001, '2025-10-01', '2025-10-01')), "\n";
echo 'hit: ', outcome(fn () => $a->getAvailableSlots(1001, '2025-10-01', '2025-10-01')), "\n";
echo 'hit: ', outcome(fn () => $a->getAvailableSlots(1001, '2025-10-01', '2025-10-01')), "\n";
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => [['status' => 429, 'reset_s' => 2]]]);
echo '429: ', outcome(fn () => $a->getAvailableSlots(1001, '2025-10-02', '2025-10-02')), "\n";
// Paused for 2 s: a client that may not wait is refused without sending.
echo 'refused: ', outcome(fn () => $c->getEventTypes()), "\n";
usleep((int) (($limiter->status()['paused_for'] + 0.1) * 1e6));
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => [500, 500, 500]]);
echo '500 x3: ', outcome(fn () => $a->getAvailableSlots(1001, '2025-10-03', '2025-10-03')), "\n";
emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'sequence' => [['sleep_ms' => 3000], ['sleep_ms' => 3000]]]);
echo 'timeout x2: ', outcome(fn () => $b->getEventTypes()), "\n";
echo 'event types: ', outcome(fn () => $a->getEventTypes()), "\n";
printf("reached Cal.com: %d slots, %d event types\n", count(emulator_requests('slots')), count(emulator_requests('event_types')));

$s = $metrics->snapshot();
echo "before the flush: unflushed {$s['unflushed']}, requests ", json_encode($s['requests']), "\n";
echo 'flush: ', $metrics->flush(), " records\n";
$s = $metrics->snapshot();
echo "unflushed: {$s['unflushed']}\n";
echo 'requests: ', json_encode($s['requests']), "\n";
echo 'cache: ', json_encode($s['cache']), ', overall hit rate ', json_encode($s['cache_hit_rate']), "\n";
echo 'retries: ', json_encode($s['retries']), "\n";
echo 'errors: ', json_encode($s['errors']), "\n";
foreach ($s['latency'] as $endpoint => $l) {
	printf("latency %s: count %d, +Inf bucket %d, p50 <= p95 <= p99: %s\n", $endpoint, $l['count'], $l['buckets']['+Inf'],
		var_export($l['p50'] <= $l['p95'] && $l['p95'] <= $l['p99'], true));
}
// Two attempts of at least 0.5 s each.
printf("the timed-out request took at least 1 s: %s\n", var_export($s['latency']['event_types']['sum'] >= 1.0, true));
$r = $s['rate_limit'];
// The current minute of the Redis clock, or the one before if it ended since the flush.
printf("window: %d attempts, %d rate limited, limit %g\n", $r['requests'] + $r['previous_requests'],
	$r['rate_limited'] + $r['previous_rate_limited'], $r['limit']);
$l = $r['limiters']['api'];
printf("limiter api: limit %g, effective %g (%s), store %s\n", $l['limit'], $l['effective_limit'], $l['reason'], $l['store']);
foreach ($s['breakers'] as $name => $br) {
	printf("breaker %s: %s, failures %d, opened %d times\n", $name, $br['state'], $br['failure_count'], $br['open_count']);
}
echo 'queues: ', json_encode($s['queues']), "\n";
$metrics->reset();
$limiter->reset();
?>
--EXPECT--
miss: ok
hit: ok
hit: ok
429: Calcom\RateLimitException 429
refused: Calcom\RateLimitException NULL
500 x3: Calcom\ApiException 500
timeout x2: Calcom\TimeoutException NULL
event types: ok
reached Cal.com: 5 slots, 3 event types
before the flush: unflushed 8, requests []
flush: 8 records
unflushed: 0
requests: {"event_types":{"200":1,"refused":1,"timeout":1},"slots":{"200":1,"429":1,"500":1}}
cache: {"slots":{"hits":2,"misses":3,"hit_rate":0.4}}, overall hit rate 0.4
retries: {"event_types":1,"slots":2}
errors: {"429":1,"5xx":1,"4xx":0,"timeout":1,"network":0,"refused":1}
latency event_types: count 2, +Inf bucket 2, p50 <= p95 <= p99: true
latency slots: count 3, +Inf bucket 3, p50 <= p95 <= p99: true
the timed-out request took at least 1 s: true
window: 8 attempts, 1 rate limited, limit 3000
limiter api: limit 6000, effective 3000 (reduced), store redis
breaker br:slots: closed, failures 4, opened 0 times
breaker br:bookings: closed, failures 0, opened 0 times
breaker br:event_types: closed, failures 0, opened 0 times
queues: []
