--TEST--
Bad input sweep: Store, RateLimiter, CircuitBreaker, SwrCache, Calcom\runDeferred(), Metrics and the exception classes: wrong types, values and shapes are TypeError/ValueError naming the argument, without any Redis command; and the sweep covers every class, method and function of the extension
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (trim((string) shell_exec('command -v redis-server')) === '') die('skip redis-server not found (the sweep starts its own)'); ?>
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/sweep.inc';

// ---- coverage: what the sweep files cover is the whole extension
// (the fixtures here point at nothing: building them sends nothing)
$fx = new SweepFixtures(9, 'http://127.0.0.1:9/v2');
$valid = $fx->valid();
$ext = new ReflectionExtension('calcom');
$all = array_map(fn ($c) => $c->getName(), array_values($ext->getClasses()));
sort($all);
$all[] = '';
$assigned = [];
foreach (SWEEP_FILES as $file => $classes) {
	if (!is_file(__DIR__ . "/$file.phpt")) echo "no file tests/sweep/$file.phpt\n";
	foreach ($classes as $class) {
		$assigned[$class][] = $file;
	}
}
foreach ($all as $class) {
	$name = $class === '' ? 'functions' : $class;
	$files = $assigned[$class] ?? [];
	if (count($files) !== 1) echo "$name: swept by ", count($files), " files\n";
	$methods = sweep_methods($class);
	foreach ($methods as $method => $fn) {
		if (!array_key_exists($method, $valid[$class] ?? [])) {
			echo "$name::$method: no valid arguments in SweepFixtures::valid()\n";
		} elseif (count($valid[$class][$method]) !== $fn->getNumberOfParameters()) { // a variadic one gets one value
			echo "$name::$method: ", count($valid[$class][$method]), " valid arguments for ", $fn->getNumberOfParameters(), " parameters\n";
		}
	}
	foreach (array_keys($valid[$class] ?? []) as $method) {
		if (!isset($methods[$method])) echo "$name::$method: valid arguments for a method that does not exist\n";
	}
	echo $name, ' (', implode(', ', $files), '): ', $methods === [] ? 'no methods of its own' : implode(', ', array_keys($methods)), "\n";
}
foreach (array_diff(array_keys($assigned), $all) as $class) {
	echo "$class: swept but not in the extension\n";
}

$exceptions = ['Calcom\\Exception', 'Calcom\\ApiException', 'Calcom\\RateLimitException', 'Calcom\\CircuitOpenException',
	'Calcom\\TimeoutException', 'Calcom\\StoreException'];
$sw = new Sweep(['Calcom\\Store', 'Calcom\\RateLimiter', 'Calcom\\CircuitBreaker', 'Calcom\\SwrCache', '', 'Calcom\\Metrics', ...$exceptions]);

// ---- Calcom\Store
$sw->use('Calcom\\Store');
$sw->types();
$dsn = $sw->fx->dsn;
$mb = sweep_mb();

// DSNs
foreach (['', ' ', 'redis://', 'redis:/127.0.0.1', 'redis:127.0.0.1', 'http://127.0.0.1:6379', 'rediss://127.0.0.1',
	'127.0.0.1:6379', 'redis://127.0.0.1:0', 'redis://127.0.0.1:65536', 'redis://127.0.0.1:-1', 'redis://127.0.0.1:port',
	'redis://127.0.0.1:6379:6380', 'redis://127.0.0.1:99999999999999999999', 'redis://127.0.0.1/abc',
	'redis://127.0.0.1/-1', 'redis://127.0.0.1/1000001', 'redis://127.0.0.1/1/2', 'redis://127.0.0.1?db=1',
	'redis://127.0.0.1#x', 'redis://:pw@', 'redis://[::1', 'redis://[::1]x', 'redis://[zz]:6379', 'redis://ho st',
	"redis://127.0.0.1\0:6379", "redis://127.0.0.1:6379\0", 'redis://%zz@127.0.0.1', 'redis://' . str_repeat('h', 256),
	'redis://' . $mb, "redis://\xff\xfe", 'unix://', 'unix://relative.sock', 'unix:///tmp/r.sock?db=abc',
	'unix:///tmp/r.sock?foo=1', 'unix:///tmp/r.sock?db', 'unix:///' . str_repeat('p', 120),
	"unix:///tmp/r\0.sock"] as $bad) {
	$sw->bad('__construct', [$bad], 'ValueError', 1, 'valid Redis DSN');
}

// options
$option = function (array $options, string $class, string $mention) use ($sw, $dsn): void {
	$sw->bad('__construct', [$dsn, $options], $class, 2, $mention);
};
foreach (['connect_timeout', 'read_timeout'] as $name) {
	foreach ([0, -1, -0.0, 3600.5, 3601, PHP_INT_MAX, -PHP_INT_MAX - 1, INF, -INF, NAN, 1e308] as $v) {
		$option([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach (['1', '', null, true, [], new stdClass()] as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
foreach ([5, 1.5, null, true, [], ['a'], new stdClass()] as $v) {
	$option(['prefix' => $v], 'TypeError', '"prefix"');
}
foreach (['{x}', 'a{', 'a}', "a\0b", "calcom:\0"] as $v) {
	$option(['prefix' => $v], 'ValueError', '"prefix"');
}
foreach ([1, 0, 'yes', '1', null, []] as $v) {
	$option(['persistent' => $v], 'TypeError', '"persistent"');
}
foreach ([5, true, [], ['pw'], new stdClass()] as $v) {
	$option(['password' => $v], 'TypeError', '"password"');
}
foreach (["p\0w", str_repeat('p', 256), $mb] as $v) {
	$option(['password' => $v], 'ValueError', '"password"');
}
foreach ([-1, 1000001, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$option(['database' => $v], 'ValueError', '"database"');
}
foreach (['1', 1.0, NAN, null, true, []] as $v) {
	$option(['database' => $v], 'TypeError', '"database"');
}
foreach (['OPEN', 'Closed', 'fail', 'open ', '', "open\0", 'allow', $mb] as $v) {
	$option(['on_failure' => $v], 'ValueError', '"on_failure"');
}
foreach ([0, 1, true, null, [], ['open'], new stdClass()] as $v) {
	$option(['on_failure' => $v], 'TypeError', '"on_failure"');
}
foreach (['Prefix', 'timeout', 'db', 'dsn', "prefix\0", '', 'on-failure'] as $unknown) {
	$option([$unknown => 1], 'ValueError', 'unknown option');
}
$option(['calcom:'], 'ValueError', 'string keys');
$option(['prefix' => 'a', 5 => 'b'], 'ValueError', 'string keys');

// evalScript(): a body, and lists of strings or numbers
$sw->bad('evalScript', [''], 'ValueError', 1);
foreach ([[null], [true], [[1]], [new stdClass()], [$sw->fx->resource], ['k', ['nested']], ['k' => fn () => 1]] as $v) {
	$sw->bad('evalScript', ['return 1', $v], 'TypeError', 2);
	$sw->bad('evalScript', ['return 1', [], $v], 'TypeError', 3);
}

// ---- Calcom\RateLimiter
$sw->use('Calcom\\RateLimiter');
$sw->types();
$store = $sw->fx->store;
$mb = sweep_mb();

// the name
foreach (['', str_repeat('n', 201), $mb, 'a b', "a\tb", "a\nb", "a\0b", "a\x7fb", '{api}', 'a{b', 'a}b',
	"\xff\xfe", "ab\xc3"] as $name) {
	$sw->bad('__construct', [$store, $name], 'ValueError', 2);
}
// the options
$option = function (array $options, string $class, string $mention) use ($sw, $store): void {
	$sw->bad('__construct', [$store, 'sweep', $options], $class, 3, $mention);
};
foreach (['limit' => [0.0005, 1e10], 'burst' => [0.5, 2e9], 'min_limit' => [0.0005, 1e10],
	'decrease_factor' => [0.005, 1, 1.5], 'recovery_seconds' => [86401, 1e6]] as $name => $edges) {
	foreach ([0, -1, -0.0, PHP_INT_MAX, -PHP_INT_MAX - 1, INF, -INF, NAN, 1e308, ...$edges] as $v) {
		if ($name === 'recovery_seconds' && ($v === 0 || $v === -0.0)) continue; // 0 is allowed there
		$option([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach (['120', '', null, true, [], [1], new stdClass()] as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
$option(['limit' => 30, 'min_limit' => 60], 'ValueError', '"min_limit"');
foreach ([1, 0, 'yes', null, []] as $v) {
	$option(['adaptive' => $v], 'TypeError', '"adaptive"');
}
foreach ([0.1, 'low', null, new ArrayObject([4 => 0.1])] as $v) {
	$option(['reserve' => $v], 'TypeError', '"reserve"');
}
foreach ([[5 => 0.1], [0 => 0.1], [-1 => 0.1], ['low' => 0.1], ['4' => 0.1, 'x' => 0.1], [4 => 1], [4 => -0.1],
	[4 => NAN], [4 => INF]] as $v) {
	$option(['reserve' => $v], 'ValueError', '"reserve"');
}
foreach ([[4 => '0.1'], [4 => null], [4 => [0.1]]] as $v) {
	$option(['reserve' => $v], 'TypeError', '"reserve"');
}
foreach (['limits', 'Limit', 'LIMIT', "limit\0", ' limit', 'prefix'] as $unknown) {
	$option([$unknown => 120], 'ValueError', 'unknown option');
}
$option([120], 'ValueError', 'string keys');
$option([0 => 120, 'limit' => 120], 'ValueError', 'string keys');
$option(['limit' => 60, 60], 'ValueError', 'string keys');

// cost and priority (the fixture's burst is 150)
foreach ([0, -1, 151, PHP_INT_MAX, -PHP_INT_MAX - 1] as $cost) {
	$sw->bad('tryAcquire', [$cost], 'ValueError', 1);
	$sw->bad('acquire', [$cost], 'ValueError', 1);
}
foreach ([0, 5, -1, PHP_INT_MAX, -PHP_INT_MAX - 1] as $priority) {
	$sw->bad('tryAcquire', [1, $priority], 'ValueError', 2);
	$sw->bad('acquire', [1, $priority], 'ValueError', 2);
}
// waits
foreach ([-0.001, -1, 86400.5, NAN, INF, -INF, 1e308, PHP_INT_MAX, -PHP_INT_MAX - 1] as $wait) {
	$sw->bad('acquire', [1, 3, $wait], 'ValueError', 3);
	$sw->bad('waitForAvailability', [$wait], 'ValueError', 1);
}
// observe(): a status, and headers as a map of names
foreach ([0, 99, 600, -429, 1000, PHP_INT_MAX, -PHP_INT_MAX - 1] as $status) {
	$sw->bad('observe', [$status], 'ValueError', 1);
}
foreach ([['Retry-After: 5'], ['X-RateLimit-Remaining-Default: 0', 'X-RateLimit-Reset-Default: 30'], [5 => '0']] as $headers) {
	$sw->bad('observe', [200, $headers], 'ValueError', 2);
}

// ---- Calcom\CircuitBreaker
$sw->use('Calcom\\CircuitBreaker');
$sw->types();
$store = $sw->fx->store;
$mb = sweep_mb();

foreach (['', str_repeat('n', 201), $mb, 'a b', "a\tb", "a\0b", "a\x7fb", '{svc}', 'a{b', 'a}b', "\xff\xfe", "ab\xc3"] as $name) {
	$sw->bad('__construct', [$store, $name], 'ValueError', 2);
}
foreach ([0, -1, 1001, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('__construct', [$store, 'sweep', $v], 'ValueError', 3);
	$sw->bad('__construct', [$store, 'sweep', 5, 60, $v], 'ValueError', 5);
}
foreach ([0, -1, 86401, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('__construct', [$store, 'sweep', 5, $v], 'ValueError', 4);
}
$option = function (array $options, string $class, string $mention) use ($sw, $store): void {
	$sw->bad('__construct', [$store, 'sweep', 5, 60, 2, $options], $class, 6, $mention);
};
foreach (['failure_window' => [0.5, 86401], 'max_recovery_timeout' => [0.5, 86401], 'probe_timeout' => [0.05, 3601]]
	as $name => $edges) {
	foreach ([0, -1, -0.0, PHP_INT_MAX, -PHP_INT_MAX - 1, INF, -INF, NAN, 1e308, ...$edges] as $v) {
		$option([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach (['300', null, true, [], new stdClass()] as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
$sw->bad('__construct', [$store, 'sweep', 5, 120, 2, ['max_recovery_timeout' => 60]], 'ValueError', 6, 'max_recovery_timeout');
foreach ([0, -1, 101, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$option(['half_open_max_calls' => $v], 'ValueError', '"half_open_max_calls"');
}
foreach ([2.0, '2', null, true, NAN] as $v) {
	$option(['half_open_max_calls' => $v], 'TypeError', '"half_open_max_calls"');
}
foreach ([1, 0, 'yes', null, []] as $v) {
	$option(['count_client_errors' => $v], 'TypeError', '"count_client_errors"');
}
foreach (['429=3', 3, null, true, new ArrayObject([429 => 3])] as $v) {
	$option(['weights' => $v], 'TypeError', '"weights"');
}
foreach ([[404 => 1], [502 => 1], [0 => 1], [-429 => 1], ['Timeout' => 1], ['timeout ' => 1], ["timeout\0" => 1],
	[3, 2, 1], [429 => -1], [429 => 1001], [429 => PHP_INT_MAX], ['network' => -PHP_INT_MAX - 1]] as $v) {
	$option(['weights' => $v], 'ValueError', '"weights"');
}
foreach ([[429 => '3'], [429 => 1.5], [429 => 3.0], [429 => null], [429 => [3]], ['timeout' => NAN], ['other' => true]] as $v) {
	$option(['weights' => $v], 'TypeError', '"weights"');
}
foreach (['failure_windows', 'Weights', 'weight', "weights\0", '', 'recovery_timeout'] as $unknown) {
	$option([$unknown => 1], 'ValueError', 'unknown option');
}
$option([300], 'ValueError', 'string keys');
$option(['failure_window' => 300, 60], 'ValueError', 'string keys');

// call(): a callable
foreach (['no_such_function', 'Calcom\no_such_function', 'Calcom\Store::nope', ['Calcom\Store', 'nope'],
	[new stdClass(), 'x'], ['a', 'b', 'c'], [$store], [$store, 'nope'], [$store, "ping\0"]] as $v) {
	$sw->bad('call', [$v], 'TypeError', 1);
}
// recordFailure(): a weight 1-99, a status 100-599, or "timeout", "network", "other"
foreach ([0, -1, 600, 1000, PHP_INT_MAX, -PHP_INT_MAX - 1, '0', '600', '-5', '1000', '99999999999999999999'] as $v) {
	$sw->bad('recordFailure', [$v], 'ValueError', 1);
}
foreach (['', ' ', 'Timeout', 'TIMEOUT', 'timeout ', ' 500', '500 ', '5.0', '1e2', '0x1f4', "timeout\0", "500\0",
	'network,timeout', $mb, "\xff\xfe"] as $v) {
	$sw->bad('recordFailure', [$v], 'ValueError', 1);
}

// ---- Calcom\SwrCache
$sw->use('Calcom\\SwrCache');
$sw->types();
$store = $sw->fx->store;
$mb = sweep_mb();
$value = fn () => 'computed';

$option = function (array $options, string $class, string $mention) use ($sw, $store): void {
	$sw->bad('__construct', [$store, $options], $class, 2, $mention);
};
foreach (['fresh_ttl' => [-1, 31536001], 'stale_ttl' => [0, -1, 31536001]] as $name => $edges) {
	foreach ([PHP_INT_MAX, -PHP_INT_MAX - 1, ...$edges] as $v) {
		$option([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach ([300.0, 1.5, NAN, INF, '300', null, true, []] as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
$option(['fresh_ttl' => 600, 'stale_ttl' => 300], 'ValueError', '"stale_ttl"');
foreach (['lock_ttl' => [0, 0.0005, 3601], 'wait_timeout' => [-0.001, 60.5], 'early_refresh' => [-0.1, 101]] as $name => $edges) {
	foreach ([-1, PHP_INT_MAX, -PHP_INT_MAX - 1, INF, -INF, NAN, 1e308, ...$edges] as $v) {
		$option([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach (['3', null, false, [], new stdClass()] as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
foreach (['Deferred', 'INLINE', 'sync', 'async', '', "inline\0", 'deferred ', $mb] as $v) {
	$option(['revalidate' => $v], 'ValueError', '"revalidate"');
}
foreach ([true, 1, null, ['inline']] as $v) {
	$option(['revalidate' => $v], 'TypeError', '"revalidate"');
}
foreach (['ttl', 'freshTtl', 'Fresh_ttl', "fresh_ttl\0", '', 'prefix'] as $unknown) {
	$option([$unknown => 1], 'ValueError', 'unknown option');
}
$option([300], 'ValueError', 'string keys');
$option(['fresh_ttl' => 300, 1800], 'ValueError', 'string keys');

// keys: 1 to 1024 bytes, no braces, no NUL
$keys = ['', str_repeat('k', 1025), $mb, '{k}', 'a{', 'a}', "a\0b", "k\0"];
foreach ($keys as $key) {
	$sw->bad('remember', [$key, $value], 'ValueError', 1);
	$sw->bad('get', [$key], 'ValueError', 1);
	$sw->bad('get', [$key, 'default'], 'ValueError', 1);
	$sw->bad('has', [$key], 'ValueError', 1);
	$sw->bad('set', [$key, 'v'], 'ValueError', 1);
	$sw->bad('delete', [$key], 'ValueError', 1);
	$sw->bad('delete', ['ok', 'ok2', $key], 'ValueError', 3);
}
// callbacks
foreach (['no_such_function', 'Calcom\nope', ['Calcom\Store', 'nope'], [new stdClass(), 'x'], [$store, 'nope'],
	['a', 'b', 'c'], "strlen\0"] as $v) {
	$sw->bad('remember', ['k', $v], 'TypeError', 2);
}
// TTLs: fresh 0..31536000, stale 1..31536000 and not below fresh
foreach ([-1, 31536001, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('remember', ['k', $value, $v], 'ValueError', 3);
	$sw->bad('set', ['k', 'v', $v], 'ValueError', 3);
}
foreach ([0, -1, 31536001, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('remember', ['k', $value, null, $v], 'ValueError', 4);
	$sw->bad('set', ['k', 'v', null, $v], 'ValueError', 4);
}
$sw->bad('remember', ['k', $value, 600, 300], 'ValueError', 4);
$sw->bad('set', ['k', 'v', 600, 300], 'ValueError', 4);
// a value serialize() refuses: PHP's own Exception, before any round trip
$sw->other('set', ['k', fn () => 1], 'Exception', "serialize() refuses a Closure");
$sw->other('set', ['k', ['nested' => [new ReflectionClass('stdClass')]]], 'Exception', "serialize() refuses a ReflectionClass");

// ---- the functions: Calcom\runDeferred() takes nothing
$sw->use('');
$sw->types();

// ---- Calcom\Metrics
$sw->use('Calcom\\Metrics');
$sw->types();
$fx = $sw->fx;
$store = $fx->store;
$mb = sweep_mb();

foreach (['', str_repeat('n', 201), $mb, 'a b', "a\0b", "a\nb", '{m}', 'a}', "\xff\xfe", "ab\xc3"] as $name) {
	$sw->bad('__construct', [$store, $name], 'ValueError', 2);
}
foreach ([0, -1, -0.0, 0.5, 1e10, PHP_INT_MAX, -PHP_INT_MAX - 1, INF, -INF, NAN, 1e308] as $v) {
	$sw->bad('__construct', [$store, 'sweep', ['ttl' => $v]], 'ValueError', 3, '"ttl"');
}
foreach (['60', null, true, [], new stdClass()] as $v) {
	$sw->bad('__construct', [$store, 'sweep', ['ttl' => $v]], 'TypeError', 3, '"ttl"');
}
foreach (['TTL', 'ttl ', "ttl\0", '', 'prefix', 'name'] as $unknown) {
	$sw->bad('__construct', [$store, 'sweep', [$unknown => 60]], 'ValueError', 3, 'unknown option');
}
$sw->bad('__construct', [$store, 'sweep', [60]], 'ValueError', 3, 'unknown option');

// record(): endpoint a-z then a-z, 0-9, _; status 100-599 or timeout, network, refused;
// seconds finite >= 0; retries 0-1000
foreach (['', 'Slots', '1slots', '_slots', 'slots-x', 'slots x', "slots\0", 'slöts', "\xff", str_repeat('e', 1000), $mb] as $v) {
	$sw->bad('record', [$v, 200, 0.1], 'ValueError', 1);
}
foreach ([0, 99, 600, -200, 1000, PHP_INT_MAX, -PHP_INT_MAX - 1, '200', '0', '', 'TIMEOUT', 'Network', 'ok',
	'timeout ', "timeout\0", 'error', $mb, "\xff"] as $v) {
	$sw->bad('record', ['slots', $v, 0.1], 'ValueError', 2);
}
foreach ([-0.001, -1, -PHP_INT_MAX - 1, INF, -INF, NAN] as $v) {
	$sw->bad('record', ['slots', 200, $v], 'ValueError', 3);
}
foreach ([-1, 1001, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('record', ['slots', 200, 0.1, false, $v], 'ValueError', 5);
}
// watch(): components only; a bad one after good ones is refused too
foreach (['limiter', 5, null, new stdClass(), $store, $fx->client, $fx->cache, $fx->metrics, $fx->finder] as $v) {
	$sw->bad('watch', [$v], 'TypeError', 1);
	$sw->bad('watch', [$fx->limiter, $fx->breaker, $v], 'TypeError', 3);
}

// ---- the exception classes
foreach ($exceptions as $class) {
	$sw->use($class);
	$sw->types();
	if (in_array($class, ['Calcom\\RateLimitException', 'Calcom\\CircuitOpenException'], true)) {
		foreach ([-0.001, -1, -PHP_INT_MAX - 1, INF, -INF, NAN] as $v) {
			$sw->bad('__construct', ['m', $v], 'ValueError', 2);
		}
	}
}

$sw->finish();
?>
--EXPECT--
Calcom\AlternativeFinder (client_finder_queue): __construct, setTenantContext, findAlternatives, buildAlternativeResponse
Calcom\ApiException (components): __construct, getStatusCode, getUserMessage, getResponseBody
Calcom\CircuitBreaker (components): __construct, call, allowRequest, recordSuccess, recordFailure, getState, isOpen, getFailureCount, getSuccessCount, getStatus, reset
Calcom\CircuitOpenException (components): __construct, retryAfter
Calcom\Client (client_finder_queue): __construct, getAvailableSlots, getAvailableSlotsMany, createBooking, rescheduleBooking, cancelBooking, getEventTypes, invalidateAvailability, warm, stats
Calcom\Exception (components): no methods of its own
Calcom\Metrics (components): __construct, record, flush, watch, snapshot, prometheus, reset
Calcom\RateLimitException (components): __construct, retryAfter
Calcom\RateLimiter (components): __construct, tryAcquire, acquire, observe, limit, status, reset, canMakeRequest, incrementRequestCount, waitForAvailability, getRemainingRequests
Calcom\RequestQueue (client_finder_queue): __construct, enqueue, depth, position, estimatedWait, status, result, work
Calcom\Store (components): __construct, ping, time, prefix, isConnected, evalScript, stats
Calcom\StoreException (components): no methods of its own
Calcom\SwrCache (components): __construct, remember, get, set, delete, has, runDeferred, stats
Calcom\TimeoutException (components): __construct
functions (components): Calcom\runDeferred
Calcom\Store: 274 cases, 0 unexpected
  __construct: 180 cases: ArgumentCountError 1, TypeError 90, ValueError 89
  ping: 1 cases: ArgumentCountError 1
  time: 1 cases: ArgumentCountError 1
  prefix: 1 cases: ArgumentCountError 1
  isConnected: 1 cases: ArgumentCountError 1
  evalScript: 89 cases: ArgumentCountError 2, TypeError 86, ValueError 1
  stats: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
Calcom\RateLimiter: 458 cases, 0 unexpected
  __construct: 209 cases: ArgumentCountError 2, TypeError 121, ValueError 86
  tryAcquire: 61 cases: ArgumentCountError 1, TypeError 50, ValueError 10
  acquire: 90 cases: ArgumentCountError 1, TypeError 70, ValueError 19
  observe: 62 cases: ArgumentCountError 2, TypeError 50, ValueError 10
  limit: 1 cases: ArgumentCountError 1
  status: 1 cases: ArgumentCountError 1
  reset: 1 cases: ArgumentCountError 1
  canMakeRequest: 1 cases: ArgumentCountError 1
  incrementRequestCount: 1 cases: ArgumentCountError 1
  waitForAvailability: 30 cases: ArgumentCountError 1, TypeError 20, ValueError 9
  getRemainingRequests: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
Calcom\CircuitBreaker: 365 cases, 0 unexpected
  __construct: 274 cases: ArgumentCountError 2, TypeError 186, ValueError 86
  call: 38 cases: ArgumentCountError 2, TypeError 36
  allowRequest: 1 cases: ArgumentCountError 1
  recordSuccess: 1 cases: ArgumentCountError 1
  recordFailure: 45 cases: ArgumentCountError 1, TypeError 18, ValueError 26
  getState: 1 cases: ArgumentCountError 1
  isOpen: 1 cases: ArgumentCountError 1
  getFailureCount: 1 cases: ArgumentCountError 1
  getSuccessCount: 1 cases: ArgumentCountError 1
  getStatus: 1 cases: ArgumentCountError 1
  reset: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
Calcom\SwrCache: 493 cases, 0 unexpected
  __construct: 143 cases: ArgumentCountError 2, TypeError 87, ValueError 54
  remember: 124 cases: ArgumentCountError 2, TypeError 104, ValueError 18
  get: 40 cases: ArgumentCountError 2, TypeError 22, ValueError 16
  set: 92 cases: ArgumentCountError 2, Exception 2, TypeError 70, ValueError 18
  delete: 60 cases: TypeError 44, ValueError 16
  has: 32 cases: ArgumentCountError 2, TypeError 22, ValueError 8
  runDeferred: 1 cases: ArgumentCountError 1
  stats: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
functions: 1 cases, 0 unexpected
  Calcom\runDeferred: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
Calcom\Metrics: 340 cases, 0 unexpected
  __construct: 109 cases: ArgumentCountError 2, TypeError 79, ValueError 28
  record: 153 cases: ArgumentCountError 2, TypeError 112, ValueError 39
  flush: 1 cases: ArgumentCountError 1
  watch: 74 cases: TypeError 74
  snapshot: 1 cases: ArgumentCountError 1
  prometheus: 1 cases: ArgumentCountError 1
  reset: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
Calcom\Exception: 0 cases, 0 unexpected
  redis: no keys, no write commands
Calcom\ApiException: 118 cases, 0 unexpected
  __construct: 115 cases: ArgumentCountError 1, TypeError 114
  getStatusCode: 1 cases: ArgumentCountError 1
  getUserMessage: 1 cases: ArgumentCountError 1
  getResponseBody: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
Calcom\RateLimitException: 142 cases, 0 unexpected
  __construct: 141 cases: ArgumentCountError 1, TypeError 134, ValueError 6
  retryAfter: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
Calcom\CircuitOpenException: 142 cases, 0 unexpected
  __construct: 141 cases: ArgumentCountError 1, TypeError 134, ValueError 6
  retryAfter: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
Calcom\TimeoutException: 115 cases, 0 unexpected
  __construct: 115 cases: ArgumentCountError 1, TypeError 114
  redis: no keys, no write commands
Calcom\StoreException: 0 cases, 0 unexpected
  redis: no keys, no write commands
