<?php
/*
 * Memory a request spends on each native class: memory_get_usage() before
 * and after constructing it and doing one typical call (against the real
 * Redis and Cal.com emulator), with the object and the call's result still
 * alive; then both are dropped and what is left is measured. Repeated over
 * a few iterations: the first one pays one-time costs (interned strings,
 * lazily built class data, the worker's persistent connections, which live
 * outside the request heap), the others must all cost the same and leave
 * nothing behind.
 *
 *   php -d extension=modules/calcom.so bench/load/memory.php [--json] [--iterations=N]
 *
 * Environment: BENCH_REDIS_DSN (else redis://127.0.0.1:$CALCOM_TEST_REDIS_PORT),
 * BENCH_CALCOM_URL (else $CALCOM_TEST_EMULATOR_URL), BENCH_API_KEY. Uses its
 * own key prefix, limiter, breaker and metrics names, and its own API key
 * (its Cal.com calls count against that key's 120/min, not the app's).
 * bench/load/run.sh runs it after the load levels. Exit 1 when a class grows.
 */
declare(strict_types=1);

const ZONE = 'Europe/Berlin';
// Growth allowed over the iterations after the first, in bytes: none.
const GROWTH_BOUND = 0;

$json = in_array('--json', $argv, true);
$iterations = 6;
foreach ($argv as $arg) {
	if (preg_match('/^--iterations=(\d+)$/', $arg, $m)) {
		$iterations = max(3, (int) $m[1]);
	}
}

$dsn = getenv('BENCH_REDIS_DSN') ?: (getenv('CALCOM_TEST_REDIS_PORT') ? 'redis://127.0.0.1:' . getenv('CALCOM_TEST_REDIS_PORT') : '');
$base = getenv('BENCH_CALCOM_URL') ?: (getenv('CALCOM_TEST_EMULATOR_URL') ?: '');
$key = getenv('BENCH_API_KEY') ?: 'cal_mem_' . bin2hex(random_bytes(6));
if ($dsn === '' || $base === '') {
	fwrite(STDERR, "set BENCH_REDIS_DSN and BENCH_CALCOM_URL (or source /tmp/srv/env / tools/servers.sh's env)\n");
	exit(2);
}
$prefix = 'benchmem:' . getmypid() . ':';
$storeOptions = ['prefix' => $prefix, 'persistent' => true, 'connect_timeout' => 0.5, 'read_timeout' => 2.0];

// The dependencies, built once outside the measurements.
$store = new Calcom\Store($dsn, $storeOptions);
$limiter = new Calcom\RateLimiter($store, 'mem_api', ['limit' => 100, 'burst' => 10]);
$breaker = new Calcom\CircuitBreaker($store, 'mem', 5, 30, 2);
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 300, 'stale_ttl' => 900]);
$metrics = new Calcom\Metrics($store, 'mem');
$clientOptions = [
	'base_url' => "$base/v2", 'timeout' => 5.0, 'connect_timeout' => 1.0, 'time_zone' => ZONE,
	'store' => $store, 'limiter' => $limiter, 'breaker' => $breaker, 'limiter_wait' => 1.0,
	'cache' => $cache, 'tenant' => 'company:7', 'metrics' => $metrics,
];
$client = new Calcom\Client($key, $clientOptions);

$tz = new DateTimeZone(ZONE);
$today = new DateTimeImmutable('today', $tz);
$day = $today->modify('+3 days')->format('Y-m-d');
$desired = $today->modify('+3 days')->setTime(14, 0);

// Warm what the typical calls read: the availability days, an SWR key.
$client->getAvailableSlots(1001, $today->format('Y-m-d'), $today->modify('+17 days')->format('Y-m-d'));
$cache->remember('mem:hot', fn () => ['answer' => 42, 'slots' => range(1, 20)]);
Calcom\runDeferred();
$metrics->flush();

$cases = [
	['Store', 'new Store(dsn, persistent) + ping()', function () use ($dsn, $storeOptions) {
		$o = new Calcom\Store($dsn, $storeOptions);
		return [$o, $o->ping()];
	}],
	['RateLimiter', 'new RateLimiter + tryAcquire()', function () use ($store) {
		$o = new Calcom\RateLimiter($store, 'mem_bucket', ['limit' => 100000, 'burst' => 100000]);
		return [$o, $o->tryAcquire()];
	}],
	['CircuitBreaker', 'new CircuitBreaker + allowRequest()', function () use ($store) {
		$o = new Calcom\CircuitBreaker($store, 'mem_breaker');
		return [$o, $o->allowRequest()];
	}],
	['SwrCache', 'new SwrCache + remember() (fresh hit)', function () use ($store) {
		$o = new Calcom\SwrCache($store, ['fresh_ttl' => 300, 'stale_ttl' => 900]);
		return [$o, $o->remember('mem:hot', fn () => ['answer' => 42, 'slots' => range(1, 20)])];
	}],
	['Client', 'new Client + getAvailableSlots() (cached day)', function () use ($key, $clientOptions, $day) {
		$o = new Calcom\Client($key, $clientOptions);
		return [$o, $o->getAvailableSlots(1001, $day, $day)];
	}],
	['Client (HTTP)', 'new Client, no cache + getAvailableSlots()', function () use ($key, $clientOptions, $day) {
		$options = $clientOptions;
		unset($options['cache']);
		$o = new Calcom\Client($key, $options);
		return [$o, $o->getAvailableSlots(1002, $day, $day)];
	}],
	['AlternativeFinder', 'new AlternativeFinder + findAlternatives()', function () use ($client, $desired) {
		$o = (new Calcom\AlternativeFinder($client, ['timezone' => ZONE, 'search_days' => 14]))->setTenantContext(null);
		return [$o, $o->findAlternatives($desired, 30, 1001, null, 'de')];
	}],
	['RequestQueue', 'new RequestQueue + enqueue()', function () use ($store, $client, $day) {
		$o = new Calcom\RequestQueue($store, $client, ['name' => 'mem']);
		return [$o, $o->enqueue('GET', '/slots', ['eventTypeId' => 1001, 'start' => $day, 'end' => $day,
			'timeZone' => ZONE], Calcom\RateLimiter::PRIORITY_LOW)];
	}],
	['Metrics', 'new Metrics + record() + flush()', function () use ($store) {
		$o = new Calcom\Metrics($store, 'mem_metrics');
		$o->record('slots', 200, 0.012);
		return [$o, $o->flush()];
	}],
];

$rows = [];
$failed = false;
foreach ($cases as [$class, $call, $make]) {
	// Every variable of the loop exists before the first measurement, so
	// only the class and its call are counted.
	$deltas = array_fill(0, $iterations, 0);
	$left = array_fill(0, $iterations, 0);
	$i = $before = $after = $kept = 0;
	gc_collect_cycles();
	$base0 = memory_get_usage();
	for ($i = 0; $i < $iterations; $i++) {
		$before = memory_get_usage();
		$kept = $make();
		$after = memory_get_usage();
		$kept = 0;
		gc_collect_cycles();
		$deltas[$i] = $after - $before;
		$left[$i] = memory_get_usage() - $base0;
	}
	$steady = array_slice($deltas, 1);
	// Growth: what the iterations after the first left behind, together.
	$growth = end($left) - $left[0];
	$spread = max($steady) - min($steady);
	$ok = $growth <= GROWTH_BOUND && $spread <= 0;
	$failed = $failed || !$ok;
	$rows[] = [
		'class' => $class,
		'call' => $call,
		'first_delta' => $deltas[0],
		'steady_delta' => (int) round(array_sum($steady) / count($steady)),
		'deltas' => $deltas,
		'left_after' => $left,
		'first_residual' => $left[0],
		'growth' => $growth,
		'ok' => $ok,
		'detail' => sprintf('per iteration %s bytes alive; left after unset %s; growth %d (bound %d), spread %d',
			implode('/', $deltas), implode('/', $left), $growth, GROWTH_BOUND, $spread),
	];
}
Calcom\runDeferred();

$report = [
	'iterations' => $iterations,
	'php' => PHP_VERSION,
	'unit' => 'bytes (memory_get_usage(), the request heap; persistent connections live outside it)',
	'growth_bound' => GROWTH_BOUND,
	'classes' => $rows,
	'ok' => !$failed,
];
if ($json) {
	echo json_encode($report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
} else {
	printf("%-18s %-46s %8s %8s %8s %7s\n", 'class', 'call', 'first', 'steady', 'left', 'growth');
	foreach ($rows as $r) {
		printf("%-18s %-46s %8d %8d %8d %7d %s\n", $r['class'], $r['call'], $r['first_delta'], $r['steady_delta'],
			$r['first_residual'], $r['growth'], $r['ok'] ? '' : 'GROWS');
	}
	echo $failed ? "memory: growth found\n" : "memory: no growth over $iterations iterations\n";
}
exit($failed ? 1 : 0);
