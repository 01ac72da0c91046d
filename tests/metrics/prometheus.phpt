--TEST--
Metrics::prometheus(): after a varied sequence of records with a watched limiter, three breakers (closed, open, half-open) and a queue, the exposition passes the strict parser and every sample matches snapshot(): requests, cache, retries, errors, histogram buckets/_sum/_count, window, limiter, breaker one-hot, queue depths
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
require __DIR__ . '/../lib/prometheus.inc';
$prefix = 'metrics-prom-' . getmypid() . '-' . uniqid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$m = new Calcom\Metrics($store, 'prom');

$m->record('slots', 200, 0.004);
$m->record('slots', 200, 0.03);
$m->record('slots', 200, 0.7);
$m->record('slots', 429, 0.02);
$m->record('slots', 503, 1.2, false, 2);
$m->record('slots', 200, 0.0, true);
$m->record('slots', 200, 0.0, true);
$m->record('bookings', 201, 0.6);
$m->record('bookings', 409, 0.1);
$m->record('bookings', 'refused', 0.0);
$m->record('bookings', 'timeout', 12.0, false, 1);
$m->record('event_types', 'network', 0.001);
$limiter = new Calcom\RateLimiter($store, 'lim', ['limit' => 600]);
$closed = new Calcom\CircuitBreaker($store, 'closed_one');
$open = new Calcom\CircuitBreaker($store, 'open_one', 1);
$open->recordFailure(500);
$half = new Calcom\CircuitBreaker($store, 'half_one', 1, 1);
$half->recordFailure(500);
$queue = new Calcom\RequestQueue($store, new Calcom\Client('cal_test_0123456789abcdef'), ['name' => 'jobs']);
$m->watch($limiter, $closed, $open, $half, $queue);
$queue->enqueue('GET', '/slots', ['eventTypeId' => 1001], Calcom\RateLimiter::PRIORITY_HIGH);
$queue->enqueue('GET', '/slots', ['eventTypeId' => 1001]);
$queue->enqueue('GET', '/event-types', []);
$queue->enqueue('GET', '/slots', ['eventTypeId' => 1002], Calcom\RateLimiter::PRIORITY_LOW);
// Past half_one's recovery timeout (1 s): half-open.
usleep(1300000);
// The window is the current minute of the Redis clock: not near its end.
$t = $store->time();
if (fmod($t, 60) > 45) {
	usleep((int) ((60 - fmod($t, 60) + 0.2) * 1e6));
}
echo 'flushed: ', $m->flush(), "\n";

$snap = $m->snapshot();
$text = $m->prometheus();
try {
	$p = prometheus_parse($text);
	echo "parsed\n";
} catch (RuntimeException $e) {
	echo 'parse error: ', $e->getMessage(), "\n";
	$p = ['families' => []];
}
foreach ($p['families'] as $name => $f) {
	printf("%-36s %-9s %2d samples\n", $name, $f['type'], count($f['samples']));
}

// Every number of the snapshot, as the samples it should be.
$want = [];
foreach ($snap['requests'] as $ep => $statuses) {
	foreach ($statuses as $status => $n) {
		$want[] = ['calcom_requests_total', ['endpoint' => $ep, 'status' => (string) $status], $n];
	}
}
foreach ($snap['cache'] as $ep => $c) {
	$want[] = ['calcom_cache_hits_total', ['endpoint' => $ep], $c['hits']];
	$want[] = ['calcom_cache_hit_ratio', ['endpoint' => $ep], $c['hit_rate']];
}
foreach ($snap['retries'] as $ep => $n) {
	$want[] = ['calcom_retries_total', ['endpoint' => $ep], $n];
}
foreach ($snap['errors'] as $type => $n) {
	$want[] = ['calcom_errors_total', ['type' => (string) $type], $n];
}
foreach ($snap['latency'] as $ep => $l) {
	foreach ($l['buckets'] as $le => $n) {
		$want[] = ['calcom_request_duration_seconds_bucket', ['endpoint' => $ep, 'le' => (string) $le], $n];
	}
	$want[] = ['calcom_request_duration_seconds_sum', ['endpoint' => $ep], $l['sum']];
	$want[] = ['calcom_request_duration_seconds_count', ['endpoint' => $ep], $l['count']];
}
$r = $snap['rate_limit'];
$want[] = ['calcom_rate_limit_window_requests', [], $r['requests']];
$want[] = ['calcom_rate_limit_window_429', [], $r['rate_limited']];
foreach ($r['limiters'] as $name => $l) {
	$want[] = ['calcom_rate_limit_effective_limit', ['limiter' => (string) $name], $l['effective_limit']];
	$want[] = ['calcom_rate_limit_tokens', ['limiter' => (string) $name], $l['tokens']];
}
foreach ($snap['breakers'] as $name => $b) {
	foreach (['closed', 'open', 'half_open'] as $state) {
		$want[] = ['calcom_breaker_state', ['breaker' => (string) $name, 'state' => $state], $b['state'] === $state ? 1 : 0];
	}
}
foreach ($snap['queues'] as $name => $q) {
	foreach ($q['ready'] as $priority => $n) {
		$want[] = ['calcom_queue_depth', ['queue' => (string) $name, 'priority' => $priority], $n];
	}
	$want[] = ['calcom_queue_delayed', ['queue' => (string) $name], $q['delayed']];
	$want[] = ['calcom_queue_running', ['queue' => (string) $name], $q['running']];
}
$total = 0;
foreach ($p['families'] as $f) {
	$total += count($f['samples']);
}
$bad = 0;
foreach ($want as [$sample, $labels, $value]) {
	$got = prometheus_value($p, $sample, $labels);
	// Exact: numbers are written in their shortest round-trip form.
	if ($got === null || $got !== (float) $value) {
		echo "mismatch: $sample ", json_encode($labels), ': ', var_export($got, true), ' vs ', var_export($value, true), "\n";
		$bad++;
	}
}
printf("%d samples, %d expected from the snapshot, %d mismatches\n", $total, count($want), $bad);

// A few by name.
$v = fn (string $s, array $l = []) => var_export(prometheus_value($p, $s, $l), true);
echo 'slots 200: ', $v('calcom_requests_total', ['endpoint' => 'slots', 'status' => '200']), "\n";
echo 'bookings refused: ', $v('calcom_requests_total', ['endpoint' => 'bookings', 'status' => 'refused']), "\n";
echo 'slots cache hits: ', $v('calcom_cache_hits_total', ['endpoint' => 'slots']), ', ratio ',
	$v('calcom_cache_hit_ratio', ['endpoint' => 'slots']), "\n";
echo 'bookings latency: count ', $v('calcom_request_duration_seconds_count', ['endpoint' => 'bookings']), ', sum ',
	$v('calcom_request_duration_seconds_sum', ['endpoint' => 'bookings']), ', le=1 ',
	$v('calcom_request_duration_seconds_bucket', ['endpoint' => 'bookings', 'le' => '1']), ', le=10 ',
	$v('calcom_request_duration_seconds_bucket', ['endpoint' => 'bookings', 'le' => '10']), "\n";
echo 'slots latency: le=0.005 ', $v('calcom_request_duration_seconds_bucket', ['endpoint' => 'slots', 'le' => '0.005']),
	', le=0.025 ', $v('calcom_request_duration_seconds_bucket', ['endpoint' => 'slots', 'le' => '0.025']),
	', le=2.5 ', $v('calcom_request_duration_seconds_bucket', ['endpoint' => 'slots', 'le' => '2.5']), "\n";
echo 'errors: 429 ', $v('calcom_errors_total', ['type' => '429']), ', 5xx ', $v('calcom_errors_total', ['type' => '5xx']),
	', 4xx ', $v('calcom_errors_total', ['type' => '4xx']), ', timeout ', $v('calcom_errors_total', ['type' => 'timeout']),
	', network ', $v('calcom_errors_total', ['type' => 'network']), ', refused ', $v('calcom_errors_total', ['type' => 'refused']), "\n";
echo 'retries: slots ', $v('calcom_retries_total', ['endpoint' => 'slots']), ', bookings ',
	$v('calcom_retries_total', ['endpoint' => 'bookings']), "\n";
// Attempts: 4 + 3 (503 and its retries) + 2 + 2 (timeout and its retry) + 1.
echo 'window: ', $v('calcom_rate_limit_window_requests'), ' attempts, ', $v('calcom_rate_limit_window_429'), " 429\n";
echo 'limiter lim: ', $v('calcom_rate_limit_effective_limit', ['limiter' => 'lim']), "\n";
foreach (['closed_one', 'open_one', 'half_one'] as $b) {
	$states = [];
	foreach (['closed', 'open', 'half_open'] as $state) {
		$states[] = "$state=" . $v('calcom_breaker_state', ['breaker' => $b, 'state' => $state]);
	}
	echo "breaker $b: ", implode(' ', $states), "\n";
}
$depths = [];
foreach (['critical', 'high', 'normal', 'low'] as $priority) {
	$depths[] = "$priority=" . $v('calcom_queue_depth', ['queue' => 'jobs', 'priority' => $priority]);
}
echo 'queue jobs: ', implode(' ', $depths), ', delayed ', $v('calcom_queue_delayed', ['queue' => 'jobs']), ', running ',
	$v('calcom_queue_running', ['queue' => 'jobs']), "\n";
$m->reset();
$limiter->reset();
foreach ([$closed, $open, $half] as $b) {
	$b->reset();
}
?>
--EXPECT--
flushed: 12
parsed
calcom_requests_total                counter    8 samples
calcom_cache_hits_total              counter    1 samples
calcom_cache_hit_ratio               gauge      1 samples
calcom_retries_total                 counter    2 samples
calcom_errors_total                  counter    6 samples
calcom_request_duration_seconds      histogram 42 samples
calcom_rate_limit_window_requests    gauge      1 samples
calcom_rate_limit_window_429         gauge      1 samples
calcom_rate_limit_effective_limit    gauge      1 samples
calcom_rate_limit_tokens             gauge      1 samples
calcom_breaker_state                 gauge      9 samples
calcom_queue_depth                   gauge      4 samples
calcom_queue_delayed                 gauge      1 samples
calcom_queue_running                 gauge      1 samples
79 samples, 79 expected from the snapshot, 0 mismatches
slots 200: 3.0
bookings refused: 1.0
slots cache hits: 2.0, ratio 0.2857142857142857
bookings latency: count 3.0, sum 12.7, le=1 2.0, le=10 2.0
slots latency: le=0.005 1.0, le=0.025 2.0, le=2.5 5.0
errors: 429 1.0, 5xx 1.0, 4xx 1.0, timeout 1.0, network 1.0, refused 1.0
retries: slots 2.0, bookings 1.0
window: 12.0 attempts, 1.0 429
limiter lim: 600.0
breaker closed_one: closed=1.0 open=0.0 half_open=0.0
breaker open_one: closed=0.0 open=1.0 half_open=0.0
breaker half_one: closed=0.0 open=0.0 half_open=1.0
queue jobs: critical=0.0 high=1.0 normal=2.0 low=1.0, delayed 0.0, running 0.0
