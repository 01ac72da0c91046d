<?php
/*
 * Calcom\SwrCache against the PHP caching it replaces, side by side in one
 * run against the same Redis, on a realistic value: 14 days of availability
 * (278 slot starts as RFC 3339 strings, the array Client::getAvailableSlots
 * returns), built here deterministically. The PHP side makes real Cache
 * facade calls through the Redis store on phpredis, as the app does:
 *   Laravel  Cache::remember($key, 300, fn), the app's availability cache;
 *   port     the architecture document's StaleWhileRevalidateCache
 *            (bench/laravel/), a fresh hit and a stale hit (its dispatch is
 *            a closure pushed onto an array, never run);
 *   native   SwrCache::remember(), a fresh hit and two kinds of stale hit.
 * Then the cold miss, on an emulator of the script's own (bench/common.php
 * starts it, clock frozen on 2025-09-29, no rate limit, no added latency):
 * every call a key never seen, computed by the same callback on every side,
 * one GET /v2/slots (14 days of event type 1001) through Laravel's Http
 * client, its answer parsed into the day map:
 *   Laravel  Cache::remember($key, 300, callback);
 *   port     StaleWhileRevalidateCache::remember($key, callback);
 *   native   SwrCache::remember($key, callback);
 *   floor    the callback alone: one emulator round trip through Laravel's
 *            Http client, no cache;
 * and, for reference, the native path end to end: Client::getAvailableSlots()
 * on a SwrCache for a tenant never seen (its own HTTP, curl-multi, keep-alive,
 * and the day-granular cache). Each miss row counts the /v2/slots requests
 * the emulator served (/__admin/stats), one per call.
 *
 * The floor is one GET of the same bytes (the payload's serialize()), once
 * through the extension's own connection (Store::evalScript(), one round
 * trip, as every SwrCache call is) and once through phpredis; "x GET" is a
 * multiple of the first (the median of the rounds' ratios, as every ratio
 * here). unserialize() of those bytes without Redis is given for reference:
 * every row but the floor's pays it once per call.
 *
 * A fresh hit is one round trip on every side (native: TIME and MGET
 * pipelined, no script), so what tells them apart is the work around it. A
 * native stale hit is two: that look, then the Lua script that reads the
 * envelope's header again and takes the revalidation lock (TIME, GETRANGE,
 * SET NX), with an MGET of the value pipelined behind it, so the value
 * crosses the wire twice. What the script costs Redis itself is in the
 * Redis us column (EVALSHA's time, its own commands included); the Store
 * floor, a script doing nothing but GET of the value, shows what a value of
 * this size passing through Lua costs beside a plain GET. A native miss is
 * three round trips (look, lock, write), a Laravel one two (GET, SETEX).
 *
 * Per row: the median over rounds of the time per call, its spread (the
 * middle half of the rounds, over the median), and the Redis work read from
 * the server itself as in limiter_breaker.php (trips: socket reads
 * processed, one per round trip; cmds: commands run, counting those a Lua
 * script runs; Redis us: the server's own time in the command the client
 * sent, from INFO commandstats: EVALSHA, script included, for rows on a
 * Store, GET for the others), plus for rows on a Calcom\Store its own count
 * (Store::stats() round_trips), which must agree with the server's. The
 * iterations are split into rounds that take turns, so a busy machine slows
 * every case alike.
 *
 * With --json FILE it also writes the results as JSON (bench/common.php
 * describes the document; bench/report.php reads it): the scenarios "cache
 * fresh hit" (native against Laravel's Cache::remember(), the port beside),
 * "cache stale hit" (native taking the lock against the port, native with
 * the lock held beside) and "cache cold miss" (native against Laravel's
 * Cache::remember(), the callback alone the floor); the hits' floor is one
 * bare round trip (Store::ping(), the median of the round's pings), the GET
 * floors beside.
 *
 *   php -d extension=modules/calcom.so bench/swr_cache.php [--json FILE] [iterations=10000] [misses=200]
 * Needs CALCOM_TEST_REDIS_PORT (tools/with-servers.sh sets it), phpredis,
 * Debian's php-laravel-framework and php-guzzlehttp-guzzle, python3 (the
 * emulator).
 */
declare(strict_types=1);

use App\Services\Calcom\StaleWhileRevalidateCache;
use Calcom\Store;
use Calcom\SwrCache;
use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\Http;

require __DIR__ . '/laravel/bootstrap.php';
require_once __DIR__ . '/common.php';

// More and shorter rounds than limiter_breaker.php: on a shared VM a round
// trip's cost can change several-fold from one second to the next, and
// short rounds that take turns let every case see the same mix.
const ROUNDS = 25;
const WARMUP = 50;
const MISS_ROUNDS = 10;

[$jsonFile, $args] = Bench\args($argv);
$iterations = max(ROUNDS, (int) ($args[0] ?? 10000));
$misses = max(MISS_ROUNDS, (int) ($args[1] ?? 200));
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

/**
 * The server's counters, read on a connection of its own; usec: the time
 * Redis spent in each command, by name (EVALSHA's includes its script's).
 */
function serverCounters(Redis $redis): array
{
	$info = (string) $redis->rawCommand('INFO', 'stats', 'commandstats');
	preg_match('/^total_reads_processed:(\d+)/m', $info, $reads);
	preg_match_all('/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/m', $info, $calls);
	return ['trips' => (int) $reads[1], 'cmds' => array_sum(array_map('intval', $calls[2])),
		'usec' => array_combine($calls[1], array_map('intval', $calls[3]))];
}

function median(array $values): float
{
	sort($values);
	return $values[intdiv(count($values), 2)];
}

/**
 * The median of the rounds' ratios $a[i] / $b[i]: both ran in round i, so a
 * machine that changes speed between rounds (a shared VM does) cancels out.
 */
function ratio(array $a, array $b): float
{
	return median(array_map(fn ($x, $y) => $x / $y, $a, $b));
}

/** The middle half of the values (interquartile range) over their median. */
function spread(array $values): float
{
	sort($values);
	$n = count($values);
	return ($values[intdiv(3 * $n, 4)] - $values[intdiv($n, 4)]) / median($values);
}

/**
 * 14 days of free slots from 2025-10-01 in Europe/Berlin, 18 to 22 a day
 * every half hour from 08:00: local day => ['2025-10-01T08:00:00+02:00', …].
 */
function availability(): array
{
	$zone = new DateTimeZone('Europe/Berlin');
	$days = [];
	for ($d = 0; $d < 14; $d++) {
		$first = (new DateTimeImmutable('2025-10-01 08:00', $zone))->modify("+$d days");
		$slots = [];
		for ($s = 0, $n = 18 + $d % 5; $s < $n; $s++) {
			$slots[] = $first->modify('+' . 30 * $s . ' minutes')->format(DATE_RFC3339);
		}
		$days[$first->format('Y-m-d')] = $slots;
	}
	return $days;
}

$payload = availability();
$bytes = serialize($payload);
$compute = fn () => $payload; // the Cal.com request a miss would make; no hit calls it
$days = count($payload);
$slots = array_sum(array_map('count', $payload));

$info = new Redis();
$info->connect($host, $port);
// What reading the counters adds to them (the INFO itself), to take off.
$a = serverCounters($info);
$b = serverCounters($info);
$overhead = ['trips' => $b['trips'] - $a['trips'], 'cmds' => $b['cmds'] - $a['cmds']];

$store = new Store("redis://$host:$port", ['prefix' => 'bench:']);
Bench\Laravel\boot($host, $port, $run);
$swrPort = new StaleWhileRevalidateCache();
$phpredis = new Redis();
$phpredis->connect($host, $port);

$failures = [];
if (!class_exists(SwrCache::class)) {
	$failures[] = 'not in this build of the extension: ' . SwrCache::class;
}
$wrong = 0; // calls that returned something other than the payload (or its bytes)

// [group, side, what is called, one call, the Store whose round trips to
// cross-check, a check run after each timed loop (and the warm-up), untimed]
$cases = [];

// Fresh hits. Laravel's remember() and the port read the value their first
// (warm-up) call stored; Laravel's is the bare payload, the port's the
// payload and its timestamp.
$cases[] = ['fresh', 'Laravel', 'Cache::remember($k, 300, fn)', function () use ($compute, &$wrong) {
	if (count(Cache::remember('availability', 300, $compute)) !== 14) {
		$wrong++;
	}
}, null, null];
$cases[] = ['fresh', 'port', 'StaleWhileRevalidateCache::remember()', function () use ($swrPort, $compute, &$wrong) {
	if (count($swrPort->remember('swr_fresh', $compute)) !== 14) {
		$wrong++;
	}
}, null, null];
if (class_exists(SwrCache::class)) {
	// The defaults (fresh 300 s, stale 1800 s, XFetch on): an entry set()
	// now, with no compute time to refresh early for, is a plain fresh hit.
	$fresh = new SwrCache($store);
	$fresh->set("$run:fresh", $payload);
	$cases[] = ['fresh', 'native', 'SwrCache::remember()', function () use ($fresh, $run, $compute, &$wrong) {
		if (count($fresh->remember("$run:fresh", $compute)) !== 14) {
			$wrong++;
		}
	}, $store, hitsCheck($fresh, 'fresh_hits', 0, $failures)];
}

// Stale hits. The port's entry is ten minutes old (stale: past 300 s, within
// 1800 s); each hit dispatches one more revalidation, cleared after each loop.
Cache::put('swr_stale', ['value' => $payload, 'timestamp' => now()->timestamp - 600], 1800);
$cases[] = ['stale', 'port', 'StaleWhileRevalidateCache::remember()', function () use ($swrPort, $compute, &$wrong) {
	if (count($swrPort->remember('swr_stale', $compute)) !== 14) {
		$wrong++;
	}
}, null, function (int $n) use ($swrPort, &$failures) {
	if (count($swrPort->dispatched) !== $n) {
		$failures[] = sprintf('port stale: %d calls dispatched %d jobs', $n, count($swrPort->dispatched));
	}
	$swrPort->dispatched = [];
}];
if (class_exists(SwrCache::class)) {
	// A native stale hit takes the entry's lock (SET NX inside the same
	// script) and queues the revalidation for runDeferred(); the next call on
	// that key finds the lock taken and only serves. Both are measured, and
	// each timed call really is the kind it says (the checks count them):
	//  - "takes the lock": every call of a loop hits a key of its own, stale
	//    and unlocked. fresh_ttl 0 makes every entry stale at once, and the
	//    runDeferred() after the loop (untimed) rewrites each key, releasing
	//    its lock, so the keys are stale and unlocked again for the next.
	//  - "lock held": one stale key whose lock a setup call holds (lock_ttl
	//    an hour, longer than the bench); every timed call draws a token of
	//    its own, so to it the lock is another's, as when another worker
	//    revalidates. That setup call's revalidation waits in the queue until
	//    the end.
	// early_refresh 0 for both: no XFetch draw can turn a read into a refresh.
	$locking = new SwrCache($store, ['fresh_ttl' => 0, 'early_refresh' => 0]);
	$keys = [];
	for ($i = 0, $k = max(WARMUP, intdiv($iterations + ROUNDS - 1, ROUNDS)); $i < $k; $i++) {
		$keys[] = "$run:stale:$i";
		$locking->set($keys[$i], $payload);
	}
	$next = 0;
	$lockingCheck = hitsCheck($locking, 'stale_hits', null, $failures);
	$cases[] = ['stale', 'native', 'SwrCache::remember(), takes the lock', function () use ($locking, &$keys, &$next,
		$compute, &$wrong) {
		if (count($locking->remember($keys[$next++], $compute)) !== 14) {
			$wrong++;
		}
	}, $store, function (int $n) use ($locking, $lockingCheck, &$next, &$failures) {
		$queued = $locking->stats()['deferred'];
		$ran = $locking->runDeferred();
		if ($queued !== $n || $ran !== $n) {
			$failures[] = "native stale, takes the lock: $n calls queued $queued revalidations, $ran ran";
		}
		$lockingCheck($n);
		$next = 0;
	}];

	$held = new SwrCache($store, ['fresh_ttl' => 0, 'early_refresh' => 0, 'lock_ttl' => 3600]);
	$held->set("$run:held", $payload);
	$held->remember("$run:held", $compute); // takes the lock, queues the one revalidation
	$cases[] = ['stale', 'native', 'SwrCache::remember(), lock held', function () use ($held, $run, $compute,
		&$wrong) {
		if (count($held->remember("$run:held", $compute)) !== 14) {
			$wrong++;
		}
	}, $store, hitsCheck($held, 'stale_hits', 1, $failures)];
}

// The floor: the same bytes in one GET, no unserialize().
$len = strlen($bytes);
$store->evalScript('return redis.call("SET", KEYS[1], ARGV[1])', ["bench:$run:floor"], [$bytes]);
$cases[] = ['floor', 'Store', 'evalScript(\'return redis.call("GET", ...)\')', function () use ($store, $run, $len,
	&$wrong) {
	if (strlen($store->evalScript('return redis.call("GET", KEYS[1])', ["bench:$run:floor"])) !== $len) {
		$wrong++;
	}
}, $store, null];
$cases[] = ['floor', 'phpredis', 'Redis::get()', function () use ($phpredis, $run, $len, &$wrong) {
	if (strlen($phpredis->get("bench:$run:floor")) !== $len) {
		$wrong++;
	}
}, null, null];
$cases[] = ['ref', 'PHP', 'unserialize() of those bytes, no Redis', function () use ($bytes, &$wrong) {
	if (count(unserialize($bytes)) !== 14) {
		$wrong++;
	}
}, null, null];

/**
 * A check that each call of a loop was one $kind hit of $cache, nothing
 * else, and (with $deferred) that the queue holds that many jobs after it.
 */
function hitsCheck(SwrCache $cache, string $kind, ?int $deferred, array &$failures): Closure
{
	$last = $cache->stats();
	return function (int $n) use ($cache, $kind, $deferred, &$last, &$failures) {
		$now = $cache->stats();
		foreach (['fresh_hits', 'stale_hits', 'misses', 'coalesced_waits', 'store_errors'] as $counter) {
			$got = $now[$counter] - $last[$counter];
			if ($got !== ($counter === $kind ? $n : 0)) {
				$failures[] = "SwrCache $kind loop of $n calls: $counter went up by $got";
			}
		}
		if ($deferred !== null && $now['deferred'] !== $deferred) {
			$failures[] = "SwrCache $kind loop: {$now['deferred']} revalidations queued, expected $deferred";
		}
		$last = $cache->stats();
	};
}

// Warm-up, outside the numbers: connecting, script loads, the first misses.
foreach ($cases as [, , , $op, , $check]) {
	for ($i = 0; $i < WARMUP; $i++) {
		$op();
	}
	$check && $check(WARMUP);
}

$results = array_fill(0, count($cases), ['us' => [], 'trips' => 0, 'cmds' => 0, 'usec' => 0, 'client' => 0,
	'calls' => 0]);
$pings = [];
$roundPings = []; // the median ping of each round, in us: the floor's value for that round
for ($round = 0; $round < ROUNDS; $round++) {
	$n = intdiv($iterations, ROUNDS) + ($round < $iterations % ROUNDS ? 1 : 0);
	$these = [];
	for ($i = 0; $i < 200; $i++) {
		$pings[] = $these[] = $store->ping();
	}
	$roundPings[] = median($these) * 1e6;
	// Each round starts one case later, so none always runs right after the
	// same neighbour (or after the runDeferred() writes of "takes the lock").
	$first = $round % count($cases);
	foreach (array_slice($cases, $first, null, true) + array_slice($cases, 0, $first, true)
		as $c => [, , , $op, $checked, $check]) {
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
		// What the client sends (a script's own commands count in its EVALSHA).
		$sent = $checked ? ['evalsha', 'eval', 'mget', 'time', 'multi', 'exec'] : ['get'];
		foreach ($sent as $cmd) {
			$r['usec'] += ($after['usec'][$cmd] ?? 0) - ($before['usec'][$cmd] ?? 0);
		}
		$r['client'] += $checked ? $checked->stats()['round_trips'] - $client : 0;
		$r['calls'] += $n;
		unset($r);
		$check && $check($n);
	}
}
$ping = median($pings) * 1e6;

// The cold miss: every call a key never seen, against an emulator of our own.
$missCases = [];
$missResults = [];
$missDays = null;
try {
	$emu = Bench\Servers::start(false, true);
} catch (Throwable $e) {
	$failures[] = 'cold miss: ' . $e->getMessage();
	$emu = null;
}
if ($emu) {
	$base = $emu->emulatorUrl;
	Bench\admin($base, 'POST', 'reset', []);
	Bench\admin($base, 'POST', 'clock', ['now' => '2025-09-29T06:00:00Z']);
	Bench\admin($base, 'POST', 'config', ['rateLimit' => ['limit' => 1_000_000, 'windowSeconds' => 60,
		'blockSeconds' => 60]]);
	// The callback every side computes a miss with: one Cal.com request
	// through Laravel's Http client, as the app's CalcomService sends it.
	$fetch = function () use ($base): array {
		$response = Http::withToken('cal_bench_miss_0123456789abcdef')
			->withHeaders(['cal-api-version' => '2024-09-04'])
			->acceptJson()
			->timeout(10)
			->get("$base/v2/slots", ['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-14',
				'timeZone' => 'Europe/Berlin'])
			->throw();
		$days = [];
		foreach ((array) $response->json('data', []) as $day => $list) {
			foreach ($list as $slot) {
				$days[$day][] = $slot['start'];
			}
		}
		return $days;
	};
	$missDays = count($fetch());
	if ($missDays === 0) {
		$failures[] = 'cold miss: the emulator answered no slots for 2025-10-01..14';
	}
	$next = 0; // a key never seen, for every call of every case
	$missCache = class_exists(SwrCache::class) ? new SwrCache($store) : null;
	$missCases[] = ['floor', 'the callback alone, no cache (Laravel Http GET /v2/slots)',
		fn () => count($fetch()), null];
	$missCases[] = ['Laravel', 'Cache::remember($k, 300, callback)',
		function () use ($fetch, $run, &$next) {
			return count(Cache::remember("miss:$run:" . $next++, 300, $fetch));
		}, null];
	$missCases[] = ['port', 'StaleWhileRevalidateCache::remember($k, callback)',
		function () use ($swrPort, $fetch, $run, &$next) {
			return count($swrPort->remember("miss_port:$run:" . $next++, $fetch));
		}, null];
	if ($missCache) {
		$missCases[] = ['native', 'SwrCache::remember($k, callback)',
			function () use ($missCache, $fetch, $run, &$next) {
				return count($missCache->remember("$run:miss:" . $next++, $fetch));
			}, $store];
		$missClient = new Calcom\Client('cal_bench_miss_0123456789abcdef', ['base_url' => "$base/v2",
			'cache' => new SwrCache($store)]);
		$missCases[] = ['native Client', 'Client::getAvailableSlots(), its own HTTP, a new tenant',
			function () use ($missClient, $run, &$next) {
				return count($missClient->getAvailableSlots(1001, '2025-10-01', '2025-10-14', null,
					['tenant' => "$run-t" . $next++]));
			}, $store];
	}
	foreach ($missCases as [, , $op]) {
		for ($i = 0; $i < 5; $i++) {
			$op(); // connections, script loads, the Http factory
		}
	}
	$missResults = array_fill(0, count($missCases), ['ms' => [], 'trips' => 0, 'cmds' => 0, 'client' => 0,
		'api' => 0, 'calls' => 0]);
	$missBefore = $missCache?->stats();
	for ($round = 0; $round < MISS_ROUNDS; $round++) {
		$n = intdiv($misses, MISS_ROUNDS) + ($round < $misses % MISS_ROUNDS ? 1 : 0);
		$first = $round % count($missCases);
		foreach (array_slice($missCases, $first, null, true) + array_slice($missCases, 0, $first, true)
			as $c => [$side, , $op, $checked]) {
			$api = Bench\admin($base, 'GET', 'stats')['by_endpoint']['slots'] ?? 0;
			$client = $checked?->stats()['round_trips'];
			$before = serverCounters($info);
			$t = hrtime(true);
			for ($i = 0; $i < $n; $i++) {
				if ($op() !== $missDays) {
					$wrong++;
				}
			}
			$elapsed = hrtime(true) - $t;
			$after = serverCounters($info);
			$r = &$missResults[$c];
			$r['ms'][] = $elapsed / 1e6 / $n;
			$r['trips'] += $after['trips'] - $before['trips'] - $overhead['trips'];
			$r['cmds'] += $after['cmds'] - $before['cmds'] - $overhead['cmds'];
			$r['client'] += $checked ? $checked->stats()['round_trips'] - $client : 0;
			$r['api'] += (Bench\admin($base, 'GET', 'stats')['by_endpoint']['slots'] ?? 0) - $api;
			$r['calls'] += $n;
			unset($r);
		}
	}
	foreach ($missCases as $c => [$side]) {
		if ($missResults[$c]['api'] !== $missResults[$c]['calls']) {
			$failures[] = sprintf('cold miss %s: %d calls sent %d /v2/slots requests, expected one each', $side,
				$missResults[$c]['calls'], $missResults[$c]['api']);
		}
	}
	if ($missCache) {
		$after = $missCache->stats();
		$native = array_search('native', array_column($missCases, 0), true);
		$got = $after['misses'] - $missBefore['misses'];
		if ($got !== $missResults[$native]['calls'] || $after['fresh_hits'] !== $missBefore['fresh_hits']) {
			$failures[] = "cold miss native: {$missResults[$native]['calls']} calls counted $got misses";
		}
	}
	$emu->stop();
}

if ($wrong) {
	$failures[] = "$wrong calls returned something other than the payload";
}
if (isset($held) && ($ran = $held->runDeferred()) !== 1) {
	$failures[] = "native stale, lock held: $ran revalidations ran at the end, expected the setup call's one";
}
Cache::forget('availability');
Cache::forget('swr_fresh');
Cache::forget('swr_stale');
if (isset($fresh)) {
	$fresh->delete("$run:fresh", "$run:held", ...$keys);
}
$store->evalScript('return redis.call("DEL", KEYS[1])', ["bench:$run:floor"]);

printf("Availability cache hits: %d calls each, in %d alternating rounds, Redis %s:%d\n", $iterations, ROUNDS, $host,
	$port);
printf("value: %d days, %d slots, serialize() %d bytes; one bare round trip (Store::ping(), median of %d): %.1f us\n\n",
	$days, $slots, $len, count($pings), $ping);
// ASCII headings: printf pads by bytes, so µ or × would skew the columns.
printf("%-14s %-44s %8s %6s %6s %6s %6s %6s %8s\n", '', '', 'us/call', 'spread', 'x GET', 'trips', 'cmds', 'Store',
	'Redis us');
// Each case's times, round by round, by "group side" (its first row) or row.
$us = [];
foreach ($cases as $c => [$group, $side]) {
	$us[$c] = $results[$c]['us'];
	$us["$group $side"] ??= $us[$c];
}
foreach ($cases as $c => [$group, $side, $call, , $checked]) {
	$r = $results[$c];
	printf("%-14s %-44s %8.1f %5.0f%% %6.2f %6.2f %6.2f %6s %8.1f\n", "$group $side", $call, median($r['us']),
		spread($r['us']) * 100, ratio($r['us'], $us['floor Store']), $r['trips'] / $r['calls'],
		$r['cmds'] / $r['calls'], $checked ? sprintf('%.2f', $r['client'] / $r['calls']) : '-',
		$r['usec'] / $r['calls']);
	// The extension counts its own round trips; the server should agree.
	if ($checked && $r['client'] !== $r['trips']) {
		$failures[] = sprintf("%s %s %s: the server saw %d round trips, Store::stats() counted %d", $group, $side,
			$call, $r['trips'], $r['client']);
	}
}

if (isset($us['fresh native'])) {
	$stale = array_keys(array_filter($cases, fn ($case) => $case[0] === 'stale' && $case[1] === 'native'));
	[$takes, $heldUs] = [$us[$stale[0]], $us[$stale[1]]];
	echo "\nratios (medians of each round's): Laravel/native and port/native above 1 mean native is faster\n";
	printf("fresh hit: Laravel/native %.2fx, port/native %.2fx; native/GET floor %.2fx (Store), %.2fx (phpredis)\n",
		ratio($us['fresh Laravel'], $us['fresh native']), ratio($us['fresh port'], $us['fresh native']),
		ratio($us['fresh native'], $us['floor Store']), ratio($us['fresh native'], $us['floor phpredis']));
	printf("stale hit: port/native %.2fx (native takes the lock), %.2fx (lock held); native/GET floor %.2fx, %.2fx (Store)\n",
		ratio($us['stale port'], $takes), ratio($us['stale port'], $heldUs), ratio($takes, $us['floor Store']),
		ratio($heldUs, $us['floor Store']));
} else {
	echo "\nsummary: no native side to compare\n";
}

if ($missResults) {
	printf("\nCold misses: %d calls each, in %d alternating rounds, a key never seen each; the callback is one GET "
		. "/v2/slots (%d days) through Laravel's Http client, emulator without added latency\n", $misses, MISS_ROUNDS,
		$missDays);
	printf("%-19s %-60s %8s %6s %7s %6s %6s %6s\n", '', '', 'ms/call', 'spread', 'x floor', 'trips', 'cmds', 'calls');
	foreach ($missCases as $c => [$side, $call, , $checked]) {
		$r = $missResults[$c];
		printf("%-19s %-60s %8.2f %5.0f%% %7.2f %6.2f %6.2f %6.2f\n", "miss $side", $call, median($r['ms']),
			spread($r['ms']) * 100, ratio($r['ms'], $missResults[0]['ms']), $r['trips'] / $r['calls'],
			$r['cmds'] / $r['calls'], $r['api'] / $r['calls']);
		if ($checked && $r['client'] !== $r['trips']) {
			$failures[] = sprintf("miss %s: the server saw %d round trips, Store::stats() counted %d", $side,
				$r['trips'], $r['client']);
		}
	}
}

// The JSON document.
$hitSide = function ($c, string $label) use ($results): array {
	$r = $results[$c];
	return Bench\side($label, $r['us'], 'us', ['redis_trips' => $r['trips'] / $r['calls'],
		'redis_cmds' => $r['cmds'] / $r['calls'], 'redis_usec' => $r['usec'] / $r['calls']]);
};
$find = function (string $group, string $side, int $nth = 0) use ($cases): ?int {
	foreach ($cases as $c => [$g, $s]) {
		if ($g === $group && $s === $side && $nth-- === 0) {
			return $c;
		}
	}
	return null;
};
$floor = Bench\side('Store::ping(), one bare Redis round trip', $roundPings, 'us', ['redis_trips' => 1.0,
	'redis_cmds' => 1.0]);
$getRows = [
	['role' => 'floor'] + $hitSide($find('floor', 'Store'), 'one GET of the same bytes, Store::evalScript()'),
	['role' => 'floor'] + $hitSide($find('floor', 'phpredis'), 'one GET of the same bytes, phpredis Redis::get()'),
	['role' => 'ref'] + $hitSide($find('ref', 'PHP'), 'unserialize() of those bytes, no Redis'),
];
$scenarios = [];
$value = sprintf('%d days of availability, %d slots, %d bytes serialized', $days, $slots, $len);
$nat = $find('fresh', 'native');
$scenarios[] = Bench\scenario('cache fresh hit', 'Calcom\\SwrCache',
	"a fresh hit on $value: native SwrCache::remember() against the app's Laravel Cache::remember(\$k, 300, fn) "
	. '(the PHP StaleWhileRevalidateCache port beside)',
	$nat === null ? null : $hitSide($nat, 'Calcom\\SwrCache::remember(), fresh'),
	$hitSide($find('fresh', 'Laravel'), 'Laravel Cache::remember($k, 300, fn)'), $floor,
	array_merge([['role' => 'php'] + $hitSide($find('fresh', 'port'), 'StaleWhileRevalidateCache::remember() port')],
		$getRows), ["$iterations calls per row in " . ROUNDS . ' alternating rounds']);
$nat = $find('stale', 'native');
$held = $find('stale', 'native', 1);
$scenarios[] = Bench\scenario('cache stale hit', 'Calcom\\SwrCache',
	"a stale hit on $value (served at once, revalidation queued): native SwrCache::remember() taking the "
	. 'revalidation lock against the StaleWhileRevalidateCache port (its dispatch a closure kept, never run); '
	. 'native with the lock held by another beside',
	$nat === null ? null : $hitSide($nat, 'Calcom\\SwrCache::remember(), stale, takes the lock'),
	$hitSide($find('stale', 'port'), 'StaleWhileRevalidateCache::remember() port, stale'), $floor,
	array_merge($held === null ? [] : [['role' => 'native'] + $hitSide($held,
		'Calcom\\SwrCache::remember(), stale, lock held')], $getRows),
	["$iterations calls per row in " . ROUNDS . ' alternating rounds']);
if ($missResults) {
	$missSide = function (string $side) use ($missCases, $missResults): ?array {
		foreach ($missCases as $c => [$s, $call]) {
			if ($s === $side) {
				$r = $missResults[$c];
				$label = ['Laravel' => 'Laravel ', 'native' => 'Calcom\\', 'native Client' => 'Calcom\\'][$s] ?? '';
				return Bench\side($label . $call, $r['ms'], 'ms', ['redis_trips' => $r['trips'] / $r['calls'],
					'redis_cmds' => $r['cmds'] / $r['calls'], 'api_calls' => $r['api'] / $r['calls']]);
			}
		}
		return null;
	};
	$rows = [['role' => 'php'] + $missSide('port')];
	if ($c = $missSide('native Client')) {
		$rows[] = ['role' => 'native'] + $c;
	}
	$scenarios[] = Bench\scenario('cache cold miss', 'Calcom\\SwrCache',
		"remember() on a key never seen, computed by one GET /v2/slots ($missDays days) through Laravel's Http "
		. 'client (the same callback on every side; emulator, no added latency): native SwrCache::remember() '
		. 'against Laravel Cache::remember(); the floor is the callback alone (one emulator round trip). '
		. 'Client::getAvailableSlots() on its cache (its own HTTP) beside',
		$missSide('native'), $missSide('Laravel'), $missSide('floor'), $rows,
		["$misses calls per row in " . MISS_ROUNDS . ' alternating rounds']);
}
Bench\write_json($jsonFile, 'swr_cache', ['iterations' => $iterations, 'rounds' => ROUNDS, 'misses' => $misses,
	'miss_rounds' => MISS_ROUNDS], $scenarios, $failures);

foreach ($failures as $failure) {
	fwrite(STDERR, "swr_cache: $failure\n");
}
exit($failures ? 1 : 0);
