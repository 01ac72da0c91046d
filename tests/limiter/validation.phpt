--TEST--
RateLimiter: bad options, names, costs, priorities, waits and statuses are TypeError/ValueError naming the argument and the option
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$store = new Calcom\Store(redis_dsn(), ['prefix' => 'calcom-test:limiter-validation:' . getmypid() . ':']);

function attempt(callable $f): void
{
	try {
		$r = $f();
		echo 'ok', $r === null ? '' : ': ' . var_export($r, true), "\n";
	} catch (Throwable $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}

echo "--- options\n";
foreach ([
	['limit' => 0], ['limit' => -1], ['limit' => 0.0005], ['limit' => 1e10], ['limit' => NAN], ['limit' => INF],
	['limit' => '120'], ['limit' => null],
	['burst' => 0], ['burst' => 0.5], ['burst' => 2e9], ['burst' => true],
	['adaptive' => 1], ['adaptive' => 'yes'],
	['min_limit' => 0], ['min_limit' => 200], ['limit' => 30, 'min_limit' => 60], ['min_limit' => '60'],
	['decrease_factor' => 0], ['decrease_factor' => 1], ['decrease_factor' => 1.5], ['decrease_factor' => 0.005],
	['recovery_seconds' => -1], ['recovery_seconds' => 86401], ['recovery_seconds' => '300'],
	['reserve' => 0.1], ['reserve' => [5 => 0.1]], ['reserve' => [0 => 0.1]], ['reserve' => ['low' => 0.1]],
	['reserve' => [4 => 1]], ['reserve' => [4 => -0.1]], ['reserve' => [4 => '0.1']], ['reserve' => [4 => null]],
	['limits' => 120], ['Limit' => 120], [0 => 120],
] as $options) {
	echo json_encode(array_map(fn ($v) => is_float($v) && !is_finite($v) ? (string) $v : $v, $options),
		JSON_PRESERVE_ZERO_FRACTION), ': ';
	attempt(function () use ($store, $options) { new RateLimiter($store, 'api', $options); });
}
echo "--- accepted edges\n";
foreach ([
	['limit' => 0.001, 'burst' => 1], ['limit' => 30], ['limit' => 30, 'min_limit' => 30], ['limit' => 1e9, 'burst' => 1e9],
	['decrease_factor' => 0.01, 'recovery_seconds' => 0], ['decrease_factor' => 0.99, 'recovery_seconds' => 86400],
	['reserve' => []], ['reserve' => [1 => 0.5, 4 => 0.99]], ['adaptive' => false], ['min_limit' => 120],
] as $options) {
	echo json_encode($options, JSON_PRESERVE_ZERO_FRACTION), ': ';
	attempt(function () use ($store, $options) { new RateLimiter($store, 'api', $options); });
}
echo "--- names\n";
foreach (['', 'a{b', 'a}b', '{api}', 'a b', "a\tb", "a\nb", "a\x7fb", str_repeat('n', 201)] as $name) {
	echo '"', strlen($name) > 20 ? strlen($name) . ' bytes' : addcslashes($name, "\0..\37\177"), '": ';
	attempt(function () use ($store, $name) { new RateLimiter($store, $name); });
}
foreach (['calcom_api', 'tenant:42/api.v2', 'ünï', str_repeat('n', 200)] as $name) {
	echo '"', strlen($name) > 20 ? strlen($name) . ' bytes' : $name, '": ';
	attempt(fn () => (new RateLimiter($store, $name))->status()['name'] === $name);
}
echo "--- store\n";
attempt(fn () => new RateLimiter(new stdClass()));
attempt(fn () => new RateLimiter($store, 'api', ['limit' => 60], 'extra'));
$l = new RateLimiter($store, 'api', ['burst' => 10]);
attempt(fn () => $l->__construct($store, 'other'));
echo $l->status()['name'], "\n";

echo "--- cost and priority\n";
$l->reset();
foreach ([[0, 3], [-1, 3], [11, 3], [PHP_INT_MAX, 3], [1, 0], [1, 5], [1, -1]] as [$cost, $priority]) {
	echo "tryAcquire($cost, $priority): ";
	attempt(fn () => $l->tryAcquire($cost, $priority));
	echo "acquire($cost, $priority): ";
	attempt(fn () => $l->acquire($cost, $priority));
}
echo 'tryAcquire(10, 1): ';
attempt(fn () => $l->tryAcquire(10, 1));
attempt(fn () => $l->tryAcquire('one'));
$frac = new RateLimiter($store, 'frac', ['burst' => 2.5]);
attempt(fn () => $frac->tryAcquire(3));

echo "--- maxWait\n";
foreach ([-0.001, -1.0, 86400.5, NAN, INF] as $wait) {
	echo "acquire(1, 3, $wait): ";
	attempt(fn () => $l->acquire(1, 3, $wait));
	echo "waitForAvailability($wait): ";
	attempt(fn () => $l->waitForAvailability($wait));
}

echo "--- observe status\n";
foreach ([0, 99, 600, -429, 1000] as $status) {
	echo "observe($status): ";
	attempt(fn () => $l->observe($status));
}
foreach ([100, 599] as $status) {
	echo "observe($status): ";
	attempt(fn () => $l->observe($status));
}
attempt(fn () => $l->observe(429, 'Retry-After: 1'));
echo "--- nothing was taken along the way\n";
var_dump($l->getRemainingRequests());
$l->reset();
$frac->reset();
?>
--EXPECTF--
--- options
{"limit":0}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "limit" must be between 0.001 and 1.0e+9
{"limit":-1}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "limit" must be between 0.001 and 1.0e+9
{"limit":0.0005}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "limit" must be between 0.001 and 1.0e+9
{"limit":10000000000.0}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "limit" must be between 0.001 and 1.0e+9
{"limit":"NAN"}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "limit" must be between 0.001 and 1.0e+9
{"limit":"INF"}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "limit" must be between 0.001 and 1.0e+9
{"limit":"120"}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "limit" must be of type int|float, string given
{"limit":null}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "limit" must be of type int|float, null given
{"burst":0}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "burst" must be between 1 and 1.0e+9
{"burst":0.5}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "burst" must be between 1 and 1.0e+9
{"burst":2000000000.0}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "burst" must be between 1 and 1.0e+9
{"burst":true}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "burst" must be of type int|float, bool given
{"adaptive":1}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "adaptive" must be of type bool, int given
{"adaptive":"yes"}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "adaptive" must be of type bool, string given
{"min_limit":0}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "min_limit" must be between 0.001 and 1.0e+9
{"min_limit":200}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "min_limit" must not be greater than option "limit"
{"limit":30,"min_limit":60}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "min_limit" must not be greater than option "limit"
{"min_limit":"60"}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "min_limit" must be of type int|float, string given
{"decrease_factor":0}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "decrease_factor" must be between 0.01 and 0.99
{"decrease_factor":1}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "decrease_factor" must be between 0.01 and 0.99
{"decrease_factor":1.5}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "decrease_factor" must be between 0.01 and 0.99
{"decrease_factor":0.005}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "decrease_factor" must be between 0.01 and 0.99
{"recovery_seconds":-1}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "recovery_seconds" must be between 0 and 86400
{"recovery_seconds":86401}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "recovery_seconds" must be between 0 and 86400
{"recovery_seconds":"300"}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "recovery_seconds" must be of type int|float, string given
{"reserve":0.1}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "reserve" must be of type array, float given
{"reserve":{"5":0.1}}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "reserve" must have the RateLimiter::PRIORITY_* constants (1-4) as keys
{"reserve":[0.1]}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "reserve" must have the RateLimiter::PRIORITY_* constants (1-4) as keys
{"reserve":{"low":0.1}}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "reserve" must have the RateLimiter::PRIORITY_* constants (1-4) as keys
{"reserve":{"4":1}}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "reserve" must be between 0 and 0.99
{"reserve":{"4":-0.1}}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "reserve" must be between 0 and 0.99
{"reserve":{"4":"0.1"}}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "reserve" must be of type int|float, string given
{"reserve":{"4":null}}: TypeError: Calcom\RateLimiter::__construct(): Argument #3 ($options) option "reserve" must be of type int|float, null given
{"limits":120}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) contains unknown option "limits" (expected limit, burst, adaptive, min_limit, decrease_factor, recovery_seconds or reserve)
{"Limit":120}: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) contains unknown option "Limit" (expected limit, burst, adaptive, min_limit, decrease_factor, recovery_seconds or reserve)
[120]: ValueError: Calcom\RateLimiter::__construct(): Argument #3 ($options) must be an array with string keys
--- accepted edges
{"limit":0.001,"burst":1}: ok
{"limit":30}: ok
{"limit":30,"min_limit":30}: ok
{"limit":1000000000.0,"burst":1000000000.0}: ok
{"decrease_factor":0.01,"recovery_seconds":0}: ok
{"decrease_factor":0.99,"recovery_seconds":86400}: ok
{"reserve":[]}: ok
{"reserve":{"1":0.5,"4":0.99}}: ok
{"adaptive":false}: ok
{"min_limit":120}: ok
--- names
"": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must be between 1 and 200 bytes long
"a{b": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must not contain spaces, control characters, "{" or "}"
"a}b": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must not contain spaces, control characters, "{" or "}"
"{api}": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must not contain spaces, control characters, "{" or "}"
"a b": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must not contain spaces, control characters, "{" or "}"
"a\tb": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must not contain spaces, control characters, "{" or "}"
"a\nb": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must not contain spaces, control characters, "{" or "}"
"a\177b": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must not contain spaces, control characters, "{" or "}"
"201 bytes": ValueError: Calcom\RateLimiter::__construct(): Argument #2 ($name) must be between 1 and 200 bytes long
"calcom_api": ok: true
"tenant:42/api.v2": ok: true
"ünï": ok: true
"200 bytes": ok: true
--- store
TypeError: Calcom\RateLimiter::__construct(): Argument #1 ($store) must be of type Calcom\Store, stdClass given
ArgumentCountError: Calcom\RateLimiter::__construct() expects at most 3 arguments, 4 given
Error: Calcom\RateLimiter is already constructed
api
--- cost and priority
tryAcquire(0, 3): ValueError: Calcom\RateLimiter::tryAcquire(): Argument #1 ($cost) must be between 1 and the burst (10)
acquire(0, 3): ValueError: Calcom\RateLimiter::acquire(): Argument #1 ($cost) must be between 1 and the burst (10)
tryAcquire(-1, 3): ValueError: Calcom\RateLimiter::tryAcquire(): Argument #1 ($cost) must be between 1 and the burst (10)
acquire(-1, 3): ValueError: Calcom\RateLimiter::acquire(): Argument #1 ($cost) must be between 1 and the burst (10)
tryAcquire(11, 3): ValueError: Calcom\RateLimiter::tryAcquire(): Argument #1 ($cost) must be between 1 and the burst (10)
acquire(11, 3): ValueError: Calcom\RateLimiter::acquire(): Argument #1 ($cost) must be between 1 and the burst (10)
tryAcquire(%d, 3): ValueError: Calcom\RateLimiter::tryAcquire(): Argument #1 ($cost) must be between 1 and the burst (10)
acquire(%d, 3): ValueError: Calcom\RateLimiter::acquire(): Argument #1 ($cost) must be between 1 and the burst (10)
tryAcquire(1, 0): ValueError: Calcom\RateLimiter::tryAcquire(): Argument #2 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1-4)
acquire(1, 0): ValueError: Calcom\RateLimiter::acquire(): Argument #2 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1-4)
tryAcquire(1, 5): ValueError: Calcom\RateLimiter::tryAcquire(): Argument #2 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1-4)
acquire(1, 5): ValueError: Calcom\RateLimiter::acquire(): Argument #2 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1-4)
tryAcquire(1, -1): ValueError: Calcom\RateLimiter::tryAcquire(): Argument #2 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1-4)
acquire(1, -1): ValueError: Calcom\RateLimiter::acquire(): Argument #2 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1-4)
tryAcquire(10, 1): ok: 0.0
TypeError: Calcom\RateLimiter::tryAcquire(): Argument #1 ($cost) must be of type int, string given
ValueError: Calcom\RateLimiter::tryAcquire(): Argument #1 ($cost) must be between 1 and the burst (2.5)
--- maxWait
acquire(1, 3, -0.001): ValueError: Calcom\RateLimiter::acquire(): Argument #3 ($maxWait) must be between 0 and 86400 seconds
waitForAvailability(-0.001): ValueError: Calcom\RateLimiter::waitForAvailability(): Argument #1 ($maxWait) must be between 0 and 86400 seconds
acquire(1, 3, -1): ValueError: Calcom\RateLimiter::acquire(): Argument #3 ($maxWait) must be between 0 and 86400 seconds
waitForAvailability(-1): ValueError: Calcom\RateLimiter::waitForAvailability(): Argument #1 ($maxWait) must be between 0 and 86400 seconds
acquire(1, 3, 86400.5): ValueError: Calcom\RateLimiter::acquire(): Argument #3 ($maxWait) must be between 0 and 86400 seconds
waitForAvailability(86400.5): ValueError: Calcom\RateLimiter::waitForAvailability(): Argument #1 ($maxWait) must be between 0 and 86400 seconds
acquire(1, 3, NAN): ValueError: Calcom\RateLimiter::acquire(): Argument #3 ($maxWait) must be between 0 and 86400 seconds
waitForAvailability(NAN): ValueError: Calcom\RateLimiter::waitForAvailability(): Argument #1 ($maxWait) must be between 0 and 86400 seconds
acquire(1, 3, INF): ValueError: Calcom\RateLimiter::acquire(): Argument #3 ($maxWait) must be between 0 and 86400 seconds
waitForAvailability(INF): ValueError: Calcom\RateLimiter::waitForAvailability(): Argument #1 ($maxWait) must be between 0 and 86400 seconds
--- observe status
observe(0): ValueError: Calcom\RateLimiter::observe(): Argument #1 ($status) must be an HTTP status between 100 and 599
observe(99): ValueError: Calcom\RateLimiter::observe(): Argument #1 ($status) must be an HTTP status between 100 and 599
observe(600): ValueError: Calcom\RateLimiter::observe(): Argument #1 ($status) must be an HTTP status between 100 and 599
observe(-429): ValueError: Calcom\RateLimiter::observe(): Argument #1 ($status) must be an HTTP status between 100 and 599
observe(1000): ValueError: Calcom\RateLimiter::observe(): Argument #1 ($status) must be an HTTP status between 100 and 599
observe(100): ok
observe(599): ok
TypeError: Calcom\RateLimiter::observe(): Argument #2 ($headers) must be of type array, string given
--- nothing was taken along the way
int(0)
