--TEST--
Metrics::watch(): a limiter, breakers and queues (also one on a Client with these Metrics) appear in snapshot() with their live state, queue depths per priority follow enqueues, watching twice adds nothing, a wrong argument is a TypeError; reset() deletes the counters in Redis and the records not flushed yet
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
require __DIR__ . '/../lib/prometheus.inc';
$prefix = 'metrics-watch-' . getmypid() . '-' . uniqid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$raw = new RawRedis(redis_port());
$m = new Calcom\Metrics($store, 'w');

$s = $m->snapshot();
echo 'nothing watched: limiters ', json_encode($s['rate_limit']['limiters']), ', limit ', json_encode($s['rate_limit']['limit']),
	', breakers ', json_encode($s['breakers']), ', queues ', json_encode($s['queues']), "\n";

$limiter = new Calcom\RateLimiter($store, 'lim', ['limit' => 60, 'burst' => 20]);
$breaker = new Calcom\CircuitBreaker($store, 'svc', 2);
$plain = new Calcom\Client('cal_test_0123456789abcdef');
$queue = new Calcom\RequestQueue($store, $plain, ['name' => 'jobs']);
echo 'watch() returns the object: ', var_export($m->watch($limiter, $breaker, $queue) === $m, true), "\n";
echo 'watch() without arguments: ', var_export($m->watch() === $m, true), "\n";
// The same components again, and other objects of the same names: nothing new.
$m->watch($limiter, $breaker, $queue);
$m->watch(new Calcom\RateLimiter($store, 'lim'), new Calcom\CircuitBreaker($store, 'svc'));
// A queue on a Client with these Metrics is watched by itself.
$watched = new Calcom\Client('cal_test_0123456789abcdef', ['metrics' => $m]);
$other = new Calcom\RequestQueue($store, $watched, ['name' => 'other']);

foreach ([[$limiter, new stdClass()], [42], ['lim'], [null], [$plain]] as $args) {
	try {
		$m->watch(...$args);
		echo "accepted\n";
	} catch (TypeError $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}

$limiter->tryAcquire(5);
$breaker->recordFailure(500);
$breaker->recordFailure(500);
$queue->enqueue('GET', '/slots', ['eventTypeId' => 1001], Calcom\RateLimiter::PRIORITY_CRITICAL);
$queue->enqueue('GET', '/slots', ['eventTypeId' => 1001], Calcom\RateLimiter::PRIORITY_HIGH);
$queue->enqueue('GET', '/slots', ['eventTypeId' => 1001], Calcom\RateLimiter::PRIORITY_LOW);
$queue->enqueue('GET', '/event-types', [], Calcom\RateLimiter::PRIORITY_LOW);
$other->enqueue('GET', '/event-types', []);

$s = $m->snapshot();
echo 'limiters: ', implode(', ', array_keys($s['rate_limit']['limiters'])), ', window limit ', $s['rate_limit']['limit'], "\n";
$l = $s['rate_limit']['limiters']['lim'];
printf("  lim: limit %g, effective %g, capacity %g, 5 of 20 tokens taken (1 a second back): %s, %s, store %s\n", $l['limit'], $l['effective_limit'],
	$l['capacity'], var_export($l['tokens'] >= 15.0 && $l['tokens'] < 20.0, true), $l['reason'], $l['store']);
echo 'breakers: ', implode(', ', array_keys($s['breakers'])), "\n";
$b = $s['breakers']['svc'];
printf("  svc: %s, failures %d, opened %d times, retry in (0, 60]: %s, store %s\n", $b['state'], $b['failure_count'],
	$b['open_count'], var_export($b['seconds_until_retry'] > 0 && $b['seconds_until_retry'] <= 60, true), $b['store']);
echo 'queues: ', implode(', ', array_keys($s['queues'])), "\n";
foreach ($s['queues'] as $name => $q) {
	echo "  $name: depth {$q['depth']}, ready ", json_encode($q['ready']), ", delayed {$q['delayed']}, running {$q['running']}\n";
}

// Watched once each: a second entry would repeat its series.
$p = prometheus_parse($m->prometheus());
foreach (['calcom_rate_limit_tokens', 'calcom_breaker_state', 'calcom_queue_depth'] as $family) {
	echo "$family: ", count($p['families'][$family]['samples']), " samples\n";
}

echo "-- reset\n";
$m->record('slots', 200, 0.1);
$m->record('slots', 429, 0.1);
echo 'flushed: ', $m->flush(), "\n";
$m->record('slots', 500, 0.1);
$keys = $raw->cmd('KEYS', $prefix . 'metrics:*');
sort($keys);
echo 'keys: ', json_encode(array_map(fn ($k) => substr($k, strlen($prefix)), $keys)), "\n";
$s = $m->snapshot();
echo 'before: requests ', json_encode($s['requests']), ', unflushed ', $s['unflushed'], "\n";
$m->reset();
echo 'keys after: ', json_encode($raw->cmd('KEYS', $prefix . 'metrics:*')), "\n";
$s = $m->snapshot();
echo 'after: requests ', json_encode($s['requests']), ', latency ', json_encode($s['latency']), ', errors ',
	json_encode(array_filter($s['errors'])), ', window ', $s['rate_limit']['requests'] + $s['rate_limit']['previous_requests'],
	', unflushed ', $s['unflushed'], "\n";
echo 'flush after reset: ', $m->flush(), "\n";
echo 'still watched: ', count($s['rate_limit']['limiters']), ' limiter, ', count($s['breakers']), ' breaker, ', count($s['queues']), " queues\n";
$limiter->reset();
$breaker->reset();
?>
--EXPECT--
nothing watched: limiters [], limit null, breakers [], queues []
watch() returns the object: true
watch() without arguments: true
TypeError: Calcom\Metrics::watch(): Argument #2 must be of type Calcom\RateLimiter|Calcom\CircuitBreaker|Calcom\RequestQueue, stdClass given
TypeError: Calcom\Metrics::watch(): Argument #1 must be of type Calcom\RateLimiter|Calcom\CircuitBreaker|Calcom\RequestQueue, int given
TypeError: Calcom\Metrics::watch(): Argument #1 must be of type Calcom\RateLimiter|Calcom\CircuitBreaker|Calcom\RequestQueue, string given
TypeError: Calcom\Metrics::watch(): Argument #1 must be of type Calcom\RateLimiter|Calcom\CircuitBreaker|Calcom\RequestQueue, null given
TypeError: Calcom\Metrics::watch(): Argument #1 must be of type Calcom\RateLimiter|Calcom\CircuitBreaker|Calcom\RequestQueue, Calcom\Client given
limiters: lim, window limit 60
  lim: limit 60, effective 60, capacity 20, 5 of 20 tokens taken (1 a second back): true, normal, store redis
breakers: svc
  svc: open, failures 2, opened 1 times, retry in (0, 60]: true, store redis
queues: jobs, other
  jobs: depth 4, ready {"critical":1,"high":1,"normal":0,"low":2}, delayed 0, running 0
  other: depth 1, ready {"critical":0,"high":0,"normal":1,"low":0}, delayed 0, running 0
calcom_rate_limit_tokens: 1 samples
calcom_breaker_state: 3 samples
calcom_queue_depth: 8 samples
-- reset
flushed: 2
keys: ["metrics:{w}:counters","metrics:{w}:window"]
before: requests {"slots":{"200":1,"429":1}}, unflushed 1
keys after: []
after: requests [], latency [], errors [], window 0, unflushed 0
flush after reset: 0
still watched: 1 limiter, 1 breaker, 2 queues
