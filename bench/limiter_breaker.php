<?php
/*
 * Calcom\RateLimiter and Calcom\CircuitBreaker against the Laravel classes
 * they replace (bench/laravel/), side by side in one run against the same
 * Redis. The Laravel side makes real Cache facade calls through the Redis
 * store on phpredis, as the app does.
 *
 * What counts is the Redis work per call, read from the server itself:
 *   trips  socket reads the server processed (total_reads_processed): one
 *          per request/response round trip, whatever it carries;
 *   cmds   commands it ran (sum of INFO commandstats calls), which also
 *          counts each command a Lua script runs inside Redis.
 * Time is secondary; it is also given as a multiple of one bare PING round
 * trip (Calcom\Store::ping()) measured in the same run. The iterations are
 * split into rounds that take turns, so a busy machine slows every case
 * alike; times are the median over rounds.
 *
 * With --json FILE it also writes the results as JSON (bench/common.php
 * describes the document; bench/report.php reads it): the scenarios
 * "rate-limit check" (tryAcquire() against the Laravel limiter's
 * canMakeRequest()+incrementRequestCount()) and "closed-breaker call"
 * (CircuitBreaker::call() on a closed breaker against the Laravel one), each
 * with the floor (one Store::ping() round trip, the median of that round's
 * pings), per round the time per call, and the Redis work per call.
 *
 *   php -d extension=modules/calcom.so bench/limiter_breaker.php [--json FILE] [iterations=5000]
 * Needs CALCOM_TEST_REDIS_PORT (tools/with-servers.sh sets it), phpredis and
 * Debian's php-laravel-framework.
 */
declare(strict_types=1);

use App\Services\CalcomApiRateLimiter;
use App\Services\CircuitBreaker as LaravelBreaker;
use Calcom\CircuitBreaker;
use Calcom\RateLimiter;
use Calcom\Store;

require __DIR__ . '/laravel/bootstrap.php';
require_once __DIR__ . '/common.php';

const ROUNDS = 5;

[$jsonFile, $args] = Bench\args($argv);
$iterations = max(ROUNDS, (int) ($args[0] ?? 5000));
$host = '127.0.0.1';
$port = (int) getenv('CALCOM_TEST_REDIS_PORT');
if ($port <= 0) {
	fwrite(STDERR, "CALCOM_TEST_REDIS_PORT is not set (run through bench/run.sh or tools/with-servers.sh)\n");
	exit(2);
}
if (!class_exists(Store::class)) {
	fwrite(STDERR, "the calcom extension is not loaded (php -d extension=modules/calcom.so ...)\n");
	exit(2);
}
// Fresh keys per run, so a rerun against the same Redis starts from empty.
$run = 'bench_' . getmypid() . '_' . bin2hex(random_bytes(3));
// The app's limit is 120 a minute; both sides get the most the native one
// accepts, so neither refuses and both measure the granted path.
$unlimited = 1_000_000_000;

/** The server's counters, read on a connection of its own. */
function serverCounters(Redis $redis): array
{
	$info = (string) $redis->rawCommand('INFO', 'stats', 'commandstats');
	preg_match('/^total_reads_processed:(\d+)/m', $info, $reads);
	preg_match_all('/^cmdstat_[^:]+:calls=(\d+)/m', $info, $calls);
	return ['trips' => (int) $reads[1], 'cmds' => array_sum(array_map('intval', $calls[1]))];
}

function median(array $values): float
{
	sort($values);
	return $values[intdiv(count($values), 2)];
}

$info = new Redis();
$info->connect($host, $port);
// What reading the counters adds to them (the INFO itself), to take off.
$a = serverCounters($info);
$b = serverCounters($info);
$overhead = ['trips' => $b['trips'] - $a['trips'], 'cmds' => $b['cmds'] - $a['cmds']];

$store = new Store("redis://$host:$port", ['prefix' => 'bench:']);
Bench\Laravel\boot($host, $port, $run);
$laravelLimiter = new CalcomApiRateLimiter($unlimited);
$laravelBreaker = new LaravelBreaker($run);

$failures = [];
$missing = array_filter([RateLimiter::class, CircuitBreaker::class], fn ($c) => !class_exists($c));
if ($missing) {
	$failures[] = 'not in this build of the extension: ' . implode(', ', $missing);
}

// [kind, side, what is called, one call, the Store whose round trips to cross-check]
$cases = [];
$refused = 0;
if (class_exists(RateLimiter::class)) {
	$limiter = new RateLimiter($store, $run, ['limit' => $unlimited, 'burst' => $unlimited]);
	$cases[] = ['limiter', 'native', 'RateLimiter::tryAcquire()', function () use ($limiter, &$refused) {
		if ($limiter->tryAcquire() !== 0.0) {
			$refused++;
		}
	}, $store];
	// The drop-in pair too: an app that keeps its old calls unchanged.
	$cases[] = ['limiter', 'native', 'canMakeRequest()+incrementRequestCount()', function () use ($limiter, &$refused) {
		if (!$limiter->canMakeRequest()) {
			$refused++;
		}
		$limiter->incrementRequestCount();
	}, $store];
}
$cases[] = ['limiter', 'Laravel', 'canMakeRequest()+incrementRequestCount()', function () use ($laravelLimiter) {
	if (!$laravelLimiter->canMakeRequest()) {
		throw new LogicException('the Laravel limiter refused under a limit of 1e9');
	}
	$laravelLimiter->incrementRequestCount();
}, null];
$wrong = 0;
if (class_exists(CircuitBreaker::class)) {
	$breaker = new CircuitBreaker($store, $run, 5, 60, 2, []);
	$cases[] = ['breaker', 'native', 'CircuitBreaker::call(fn() => 1)', function () use ($breaker, &$wrong) {
		if ($breaker->call(fn () => 1) !== 1) {
			$wrong++;
		}
	}, $store];
}
$cases[] = ['breaker', 'Laravel', 'CircuitBreaker::call(fn() => 1)', function () use ($laravelBreaker) {
	if ($laravelBreaker->call(fn () => 1) !== 1) {
		throw new LogicException('the Laravel breaker returned the wrong result');
	}
}, null];

// Warm-up, outside the numbers: connecting, SELECT, script loads.
foreach ($cases as [, , , $op]) {
	for ($i = 0; $i < 50; $i++) {
		$op();
	}
}

$results = array_fill(0, count($cases), ['us' => [], 'trips' => 0, 'cmds' => 0, 'client' => 0, 'calls' => 0]);
$pings = [];
$roundPings = []; // the median ping of each round, in us: the floor's value for that round
for ($round = 0; $round < ROUNDS; $round++) {
	$n = intdiv($iterations, ROUNDS) + ($round < $iterations % ROUNDS ? 1 : 0);
	$these = [];
	for ($i = 0; $i < 200; $i++) {
		$pings[] = $these[] = $store->ping();
	}
	$roundPings[] = median($these) * 1e6;
	foreach ($cases as $c => [, , , $op, $checked]) {
		$client = $checked?->stats()['round_trips'];
		$before = serverCounters($info);
		$t = hrtime(true);
		for ($i = 0; $i < $n; $i++) {
			$op();
		}
		$elapsed = hrtime(true) - $t;
		$after = serverCounters($info);
		$r = &$results[$c];
		$r['us'][] = $elapsed / 1e3 / $n;
		$r['trips'] += $after['trips'] - $before['trips'] - $overhead['trips'];
		$r['cmds'] += $after['cmds'] - $before['cmds'] - $overhead['cmds'];
		$r['client'] += $checked ? $checked->stats()['round_trips'] - $client : 0;
		$r['calls'] += $n;
		unset($r);
	}
}
$ping = median($pings) * 1e6;

if ($refused) {
	$failures[] = "the native limiter refused $refused times with limit and burst 1e9";
}
if ($wrong || (isset($breaker) && $breaker->getState() !== 'closed')) {
	$failures[] = "native breaker: $wrong wrong results, state afterwards '{$breaker->getState()}'";
}
foreach ([$limiter ?? null, $breaker ?? null, $laravelLimiter, $laravelBreaker] as $component) {
	$component?->reset();
}

printf("Rate limiter and circuit breaker: %d calls each, in %d alternating rounds, Redis %s:%d\n", $iterations, ROUNDS,
	$host, $port);
printf("one bare round trip (Store::ping(), median of %d): %.1f us\n\n", count($pings), $ping);
// ASCII headings: printf pads by bytes, so µ or × would skew the columns.
printf("%-17s %-42s %9s %7s %6s %6s\n", '', '', 'us/call', 'x PING', 'trips', 'cmds');
$first = []; // each kind's first native row (tryAcquire() for the limiter) and its Laravel row
foreach ($cases as $c => [$kind, $side, $call, , $checked]) {
	$r = $results[$c];
	$m = ['us' => median($r['us']), 'trips' => $r['trips'] / $r['calls'], 'cmds' => $r['cmds'] / $r['calls']];
	printf("%-17s %-42s %9.1f %7.1f %6.2f %6.2f\n", "$kind $side", $call, $m['us'], $m['us'] / $ping, $m['trips'], $m['cmds']);
	$first[$kind][$side] ??= $m;
	// The extension counts its own round trips; the server should agree.
	if ($checked && $r['client'] !== $r['trips']) {
		$failures[] = sprintf("%s %s %s: the server saw %d round trips, Store::stats() counted %d", $kind, $side, $call,
			$r['trips'], $r['client']);
	}
}

$summary = [];
foreach ($first as $kind => $sides) {
	if (isset($sides['native'])) {
		[$nat, $lar] = [$sides['native'], $sides['Laravel']];
		$summary[] = sprintf('%s %.2f -> %.2f round trips/call, native %.1fx as fast', $kind, $lar['trips'], $nat['trips'],
			$lar['us'] / $nat['us']);
	}
}
echo "\n", $summary ? 'summary (Laravel -> native): ' . implode('; ', $summary) : 'summary: no native side to compare', "\n";

// The JSON document: one scenario per kind, its first native row against
// its Laravel row, the floor a bare round trip; the other rows beside them.
$side = function (int $c) use ($cases, $results): array {
	[$kind, $side, $call] = $cases[$c];
	$r = $results[$c];
	// The calls name their method; say whose.
	$class = $side === 'native' ? ['limiter' => 'Calcom\\RateLimiter', 'breaker' => 'Calcom\\CircuitBreaker'][$kind]
		: ['limiter' => 'Laravel CalcomApiRateLimiter', 'breaker' => 'Laravel CircuitBreaker'][$kind];
	$label = $class . '::' . preg_replace('/^[A-Za-z]+::/', '', $call);
	return Bench\side($label, $r['us'], 'us', ['redis_trips' => $r['trips'] / $r['calls'],
		'redis_cmds' => $r['cmds'] / $r['calls']]);
};
$floor = Bench\side('Store::ping(), one bare Redis round trip', $roundPings, 'us', ['redis_trips' => 1.0,
	'redis_cmds' => 1.0]);
$scenarios = [];
$names = ['limiter' => ['rate-limit check', 'RateLimiter',
	'one rate-limit check that grants (limit and burst 1e9): native tryAcquire(), one Lua script; Laravel '
	. 'canMakeRequest()+incrementRequestCount() on Cache (GET, then INCRBY, plus SETEX on a minute\'s first call)'],
	'breaker' => ['closed-breaker call', 'CircuitBreaker',
	'CircuitBreaker::call(fn () => 1) on a closed breaker: native one Lua script around the call; Laravel reads '
	. 'the state before, again after, and forgets the failure counter']];
foreach ($names as $kind => [$name, $class, $what]) {
	$native = $php = null;
	$rows = [];
	foreach ($cases as $c => [$k, $s]) {
		if ($k !== $kind) {
			continue;
		}
		if ($s === 'native' && $native === null) {
			$native = $side($c);
		} elseif ($s === 'Laravel' && $php === null) {
			$php = $side($c);
		} else {
			$rows[] = ['role' => $s === 'native' ? 'native' : 'php'] + $side($c);
		}
	}
	$scenarios[] = Bench\scenario($name, "Calcom\\$class", $what, $native, $php, $floor, $rows,
		["$iterations calls per side in " . ROUNDS . ' alternating rounds; a value per round'], 'time');
}
Bench\write_json($jsonFile, 'limiter_breaker', ['iterations' => $iterations, 'rounds' => ROUNDS], $scenarios,
	$failures);

foreach ($failures as $failure) {
	fwrite(STDERR, "limiter_breaker: $failure\n");
}
exit($failures ? 1 : 0);
