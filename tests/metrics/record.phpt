--TEST--
Metrics::record(): endpoint, status, seconds and retries are validated (TypeError/ValueError naming the argument, nothing recorded); a cache record is counted as a hit but not timed, retried, errored or put in the rate-limit window; a refused one is counted and errored but not timed or put in the window
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$prefix = 'metrics-record-' . getmypid() . '-' . uniqid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$m = new Calcom\Metrics($store);

function attempt(Calcom\Metrics $m, string $label, array $args): void
{
	try {
		$m->record(...$args);
		echo "$label: recorded\n";
	} catch (Throwable $e) {
		echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
	}
}

echo "-- endpoint\n";
attempt($m, 'uppercase', ['Slots', 200, 0.1]);
attempt($m, 'dash', ['event-types', 200, 0.1]);
attempt($m, 'colon', ['slots:x', 200, 0.1]);
attempt($m, 'empty', ['', 200, 0.1]);
attempt($m, 'digit first', ['1slots', 200, 0.1]);
attempt($m, 'underscore first', ['_slots', 200, 0.1]);
attempt($m, '33 characters', [str_repeat('a', 33), 200, 0.1]);
attempt($m, 'NUL byte', ["slots\0", 200, 0.1]);
echo "-- status\n";
attempt($m, '99', ['slots', 99, 0.1]);
attempt($m, '600', ['slots', 600, 0.1]);
attempt($m, '-200', ['slots', -200, 0.1]);
attempt($m, "'teapot'", ['slots', 'teapot', 0.1]);
attempt($m, "'200' as a string", ['slots', '200', 0.1]);
attempt($m, "'Timeout'", ['slots', 'Timeout', 0.1]);
attempt($m, 'null', ['slots', null, 0.1]);
attempt($m, 'array', ['slots', [200], 0.1]);
echo "-- seconds\n";
attempt($m, 'negative', ['slots', 200, -0.001]);
attempt($m, 'INF', ['slots', 200, INF]);
attempt($m, '-INF', ['slots', 200, -INF]);
attempt($m, 'NAN', ['slots', 200, NAN]);
attempt($m, 'NAN from the cache', ['slots', 200, NAN, true]);
attempt($m, 'a word', ['slots', 200, 'fast']);
echo "-- retries\n";
attempt($m, '-1', ['slots', 200, 0.1, false, -1]);
attempt($m, '1001', ['slots', 200, 0.1, false, 1001]);
echo 'unflushed after all that: ', $m->snapshot()['unflushed'], "\n";

echo "-- accepted\n";
attempt($m, '32 characters', [str_repeat('a', 32), 200, 0.1]);
attempt($m, 'status 100', ['slots', 100, 0.0]);
attempt($m, 'status 599, 1000 retries', ['slots', 599, 0.1, false, 1000]);
attempt($m, "'timeout'", ['event_types', 'timeout', 2.0, false, 1]);
attempt($m, "'network'", ['event_types', 'network', 0.01]);
attempt($m, 'named arguments', ['endpoint' => 'bookings', 'status' => 201, 'seconds' => 0.3, 'retries' => 0]);
$m->reset();

echo "-- from the cache\n";
// A hit: counted (by its status), never timed, retried, errored or in the window.
$m->record('slots', 200, 0.0, true);
$m->record('slots', 200, 5.0, true, 3);
$m->record('slots', 503, 0.2, true);
$m->record('slots', 200, 0.02);
echo 'flushed: ', $m->flush(), "\n";
$s = $m->snapshot();
echo 'requests: ', json_encode($s['requests']), "\n";
echo 'cache: ', json_encode($s['cache']), ', overall ', json_encode($s['cache_hit_rate']), "\n";
echo 'retries: ', json_encode($s['retries']), ', errors: ', json_encode(array_filter($s['errors'])), "\n";
echo 'latency count: ', $s['latency']['slots']['count'], ', sum ', $s['latency']['slots']['sum'], "\n";
echo 'window: ', $s['rate_limit']['requests'] + $s['rate_limit']['previous_requests'], "\n";
$m->reset();

echo "-- refused\n";
// Never sent: counted and an error, but neither timed nor in the window.
$m->record('bookings', 'refused', 0.4);
$m->record('bookings', 'refused', 0.0);
echo 'flushed: ', $m->flush(), "\n";
$s = $m->snapshot();
echo 'requests: ', json_encode($s['requests']), "\n";
echo 'errors: ', json_encode(array_filter($s['errors'])), ', retries: ', json_encode($s['retries']), "\n";
echo 'latency: ', json_encode($s['latency']), ', cache: ', json_encode($s['cache']), ', overall ',
	json_encode($s['cache_hit_rate']), "\n";
echo 'window: ', $s['rate_limit']['requests'] + $s['rate_limit']['previous_requests'], "\n";
$m->reset();
?>
--EXPECTF--
-- endpoint
uppercase: ValueError: Calcom\Metrics::record(): Argument #1 ($endpoint) must be a letter a-z followed by at most 31 of a-z, 0-9 and _
dash: ValueError: Calcom\Metrics::record(): Argument #1 ($endpoint) must be a letter a-z followed by at most 31 of a-z, 0-9 and _
colon: ValueError: Calcom\Metrics::record(): Argument #1 ($endpoint) must be a letter a-z followed by at most 31 of a-z, 0-9 and _
empty: ValueError: Calcom\Metrics::record(): Argument #1 ($endpoint) must be a letter a-z followed by at most 31 of a-z, 0-9 and _
digit first: ValueError: Calcom\Metrics::record(): Argument #1 ($endpoint) must be a letter a-z followed by at most 31 of a-z, 0-9 and _
underscore first: ValueError: Calcom\Metrics::record(): Argument #1 ($endpoint) must be a letter a-z followed by at most 31 of a-z, 0-9 and _
33 characters: ValueError: Calcom\Metrics::record(): Argument #1 ($endpoint) must be a letter a-z followed by at most 31 of a-z, 0-9 and _
NUL byte: ValueError: Calcom\Metrics::record(): Argument #1 ($endpoint) must be a letter a-z followed by at most 31 of a-z, 0-9 and _
-- status
99: ValueError: Calcom\Metrics::record(): Argument #2 ($status) must be an HTTP status (100 to 599) or "timeout", "network" or "refused"
600: ValueError: Calcom\Metrics::record(): Argument #2 ($status) must be an HTTP status (100 to 599) or "timeout", "network" or "refused"
-200: ValueError: Calcom\Metrics::record(): Argument #2 ($status) must be an HTTP status (100 to 599) or "timeout", "network" or "refused"
'teapot': ValueError: Calcom\Metrics::record(): Argument #2 ($status) must be an HTTP status (100 to 599) or "timeout", "network" or "refused"
'200' as a string: ValueError: Calcom\Metrics::record(): Argument #2 ($status) must be an HTTP status (100 to 599) or "timeout", "network" or "refused"
'Timeout': ValueError: Calcom\Metrics::record(): Argument #2 ($status) must be an HTTP status (100 to 599) or "timeout", "network" or "refused"
null: TypeError: Calcom\Metrics::record(): Argument #2 ($status) must be of type string|int, null given
array: TypeError: Calcom\Metrics::record(): Argument #2 ($status) must be of type string|int, array given
-- seconds
negative: ValueError: Calcom\Metrics::record(): Argument #3 ($seconds) must be a finite number of seconds, at least 0
INF: ValueError: Calcom\Metrics::record(): Argument #3 ($seconds) must be a finite number of seconds, at least 0
-INF: ValueError: Calcom\Metrics::record(): Argument #3 ($seconds) must be a finite number of seconds, at least 0
NAN: ValueError: Calcom\Metrics::record(): Argument #3 ($seconds) must be a finite number of seconds, at least 0
NAN from the cache: ValueError: Calcom\Metrics::record(): Argument #3 ($seconds) must be a finite number of seconds, at least 0
a word: TypeError: Calcom\Metrics::record(): Argument #3 ($seconds) must be of type float, string given
-- retries
-1: ValueError: Calcom\Metrics::record(): Argument #5 ($retries) must be between 0 and 1000
1001: ValueError: Calcom\Metrics::record(): Argument #5 ($retries) must be between 0 and 1000
unflushed after all that: 0
-- accepted
32 characters: recorded
status 100: recorded
status 599, 1000 retries: recorded
'timeout': recorded
'network': recorded
named arguments: recorded
-- from the cache
flushed: 4
requests: {"slots":{"200":1}}
cache: {"slots":{"hits":3,"misses":1,"hit_rate":0.75}}, overall 0.75
retries: [], errors: []
latency count: 1, sum 0.02
window: 1
-- refused
flushed: 2
requests: {"bookings":{"refused":2}}
errors: {"refused":2}, retries: []
latency: [], cache: [], overall null
window: 0
