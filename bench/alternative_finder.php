<?php
/*
 * Calcom\AlternativeFinder against the Laravel AppointmentAlternativeFinder
 * it replaces (bench/laravel/, ported from the architecture review), side
 * by side in one run against the same Redis and the same emulator, whose
 * /v2/slots answers 300 ms late (a Cal.com round trip as the review
 * measured it). The search is the same on both sides: Wednesday 2025-10-01
 * 14:00 Europe/Berlin, 60 minutes, an event type with 60-minute slots, a
 * Mon–Fri 09:00–18:00 schedule, the emulator's clock frozen on Monday
 * 2025-09-29 08:00, default finder settings (2 alternatives, ±2 h). The
 * review's three cases:
 *   best     warm cache: the same search ran just before on each side's
 *            cache, so both answer from Redis (the PHP port: its three
 *            look-ups, each a Cache::remember() hit; native: one MGET);
 *   typical  cold cache (a fresh key prefix each run), 12:00, 13:00, 14:00,
 *            16:00 and 17:00 booked that Wednesday: one free slot on the
 *            same day (15:00), more on the next workday (Thursday);
 *   worst    cold cache, no availability at all (the schedule emptied): the
 *            port runs every strategy, the four fallback candidates and the
 *            14-day brute force, one request after the other.
 * Per case and side: the /v2/slots requests the emulator logged (its
 * /__admin/requests, cleared before each run), checked against the side's
 * own count (the port's $apiCalls, the native 'api_calls'), and the median
 * time with min–max over the runs; the sides take turns run by run, so a
 * machine that changes speed slows both alike. The ratio is the headline;
 * the floor is one plain /v2/slots round trip at the same latency (for the
 * best case, which sends none, one bare Redis round trip: Store::ping()).
 *
 * Without Calcom\AlternativeFinder in the loaded extension (or without the
 * extension) only the PHP port runs, and the script says so.
 *
 * The emulator is one of the script's own (bench/common.php starts it on a
 * free port and stops it at the end): the script reconfigures it.
 *
 * With --json FILE it also writes the results as JSON (bench/common.php
 * describes the document; bench/report.php reads it): the scenarios
 * "alternative search, best/typical/worst case", native against the port,
 * the floor as above, per run the time, the API calls per search as counts
 * (the median over the runs, and their range).
 *
 *   php -d extension=modules/calcom.so bench/alternative_finder.php [--json FILE] [runs=5] [latency_ms=300]
 * Needs CALCOM_TEST_REDIS_PORT (tools/with-servers.sh sets it), python3 (the
 * emulator), phpredis, Debian's php-laravel-framework and php-guzzlehttp-guzzle.
 */
declare(strict_types=1);

use App\Services\AppointmentAlternativeFinder as PortFinder;
use Illuminate\Support\Facades\Cache;

require __DIR__ . '/laravel/bootstrap.php';
require_once __DIR__ . '/common.php';

const EVENT_TYPE = 2001;      // 60-minute slots: 09:00, 10:00, … 17:00 on an open day
const DURATION = 60;
const ZONE = 'Europe/Berlin';
const NOW = '2025-09-29T06:00:00Z';   // Monday 08:00 Berlin, before every day searched
const DESIRED = '2025-10-01 14:00';    // Wednesday
const API_KEY = 'cal_bench_0123456789abcdef';

[$jsonFile, $args] = Bench\args($argv);
$runs = max(1, (int) ($args[0] ?? 5));
$latency = max(0, (int) ($args[1] ?? 300));
$host = '127.0.0.1';
$port = (int) getenv('CALCOM_TEST_REDIS_PORT');
if ($port <= 0) {
	fwrite(STDERR, "CALCOM_TEST_REDIS_PORT is not set (run through bench/run.sh or tools/with-servers.sh)\n");
	exit(2);
}
$emulator = Bench\Servers::start(false, true);
$base = $emulator->emulatorUrl;
$native = class_exists('Calcom\\AlternativeFinder');
// Fresh keys per run of the script, and a fresh prefix per cold search.
$run = 'bench_af_' . getmypid() . '_' . bin2hex(random_bytes(3));

/** An emulator admin call (never rate limited, never in the request log). */
function admin(string $method, string $path, ?array $body = null): array
{
	global $base;
	return Bench\admin($base, $method, $path, $body);
}

/** The /v2/slots requests the emulator logged since the last clear. */
function slotRequests(): int
{
	return count(admin('GET', 'requests?endpoint=slots')['requests']);
}

/** A weekly schedule, Mon–Fri open 09:00–18:00 ($open) or every day closed. */
function week(bool $open): array
{
	$week = [];
	foreach (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as $d) {
		$week[$d] = $open && !in_array($d, ['sat', 'sun'], true) ? [['09:00', '18:00']] : [];
	}
	return $week;
}

/** Books 60 minutes from $local (Berlin) straight at the emulator, under a key of its own. */
function book(string $local): void
{
	global $base;
	$start = (new DateTimeImmutable($local, new DateTimeZone(ZONE)))->setTimezone(new DateTimeZone('UTC'));
	$ch = curl_init("$base/v2/bookings");
	curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_POSTFIELDS => json_encode([
		'start' => $start->format('Y-m-d\TH:i:s\Z'), 'eventTypeId' => EVENT_TYPE,
		'attendee' => ['name' => 'Blocker', 'email' => 'blocker@example.com', 'timeZone' => ZONE]]),
		CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'Authorization: Bearer bench-bookings',
			'cal-api-version: 2024-08-13']]);
	$raw = curl_exec($ch);
	$status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
	curl_close($ch);
	if ($status !== 201) {
		throw new RuntimeException("booking $local: $status $raw");
	}
}

// The emulator: clock frozen, rate limit out of the way (both sides would
// be let through anyway: the worst case is 15 requests), one event type.
admin('POST', 'reset', []);
admin('POST', 'clock', ['now' => NOW]);
admin('POST', 'config', [
	'rateLimit' => ['limit' => 1_000_000, 'windowSeconds' => 60, 'blockSeconds' => 60],
	'eventTypes' => [['id' => EVENT_TYPE, 'title' => 'Termin 60', 'slug' => 'termin-60', 'lengthInMinutes' => DURATION]],
	'schedule' => ['timeZone' => ZONE, 'weekly' => week(true), 'slotIntervalMinutes' => null],
]);
foreach (['12:00', '13:00', '14:00', '16:00', '17:00'] as $time) {
	book('2025-10-01 ' . $time);
}
admin('POST', 'faults', ['endpoint' => 'slots', 'latency_ms' => $latency]);

Bench\Laravel\boot($host, $port, $run);
$desired = new DateTimeImmutable(DESIRED, new DateTimeZone(ZONE));
$portFinder = new PortFinder("$base/v2", API_KEY);

/** The PHP port on its cache under $prefix. */
$old = function (string $prefix) use ($portFinder, $desired): array {
	Cache::getStore()->setPrefix($prefix);
	$r = $portFinder->findAlternatives($desired, DURATION, EVENT_TYPE);
	return [$r, $portFinder->apiCalls];
};

/** A native finder on an availability cache of its own under $prefix, its connection up. */
$nativeFinder = function (string $prefix) use ($host, $port, $base) {
	$store = new Calcom\Store("redis://$host:$port", ['prefix' => $prefix]);
	$store->ping();
	$client = new Calcom\Client(API_KEY, ['base_url' => "$base/v2",
		'cache' => new Calcom\SwrCache($store)]);
	return (new Calcom\AlternativeFinder($client))->setTenantContext(1, 'b1');
};
$new = function ($finder) use ($desired): array {
	$r = $finder->findAlternatives($desired, DURATION, EVENT_TYPE);
	return [$r, $r['api_calls'] ?? null];
};

$failures = [];

/**
 * One timed search: [ms, requests the emulator saw, the result]. $prepare
 * (untimed) returns what $search takes.
 */
function timed(string $what, callable $prepare, callable $search, array &$failures): array
{
	$arg = $prepare();
	admin('DELETE', 'requests');
	$t = hrtime(true);
	[$result, $counted] = $search($arg);
	$ms = (hrtime(true) - $t) / 1e6;
	$seen = slotRequests();
	if (!empty($result['error'])) {
		$failures[] = "$what: " . $result['responseText'];
	}
	if ($counted !== $seen) {
		$failures[] = "$what: counted " . var_export($counted, true) . " calls, the emulator logged $seen";
	}
	return [$ms, $seen, $result];
}

/** A one-line summary of a result's alternatives. */
function alternatives(array $result): string
{
	$out = [];
	foreach ($result['alternatives'] as $a) {
		$out[] = $a['datetime']->format('D d.m. H:i') . ' ' . $a['type'];
	}
	return $out ? implode(', ', $out) : 'none';
}

// The floor: one plain /v2/slots round trip (one day) at the same latency.
$floor = [];
for ($i = 0; $i < $runs; $i++) {
	$ch = curl_init("$base/v2/slots?" . http_build_query(['eventTypeId' => EVENT_TYPE, 'start' => '2025-10-01',
		'end' => '2025-10-01', 'timeZone' => ZONE]));
	curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => ['Authorization: Bearer bench-floor',
		'cal-api-version: 2024-09-04']]);
	$t = hrtime(true);
	curl_exec($ch);
	$floor[] = (hrtime(true) - $t) / 1e6;
	curl_close($ch);
}

// The best case's floor: one bare Redis round trip (Store::ping()), in ms.
$redisFloor = [];
if (class_exists('Calcom\\Store')) {
	$pingStore = new Calcom\Store("redis://$host:$port");
	for ($i = 0; $i < $runs * 10; $i++) {
		$redisFloor[] = $pingStore->ping() * 1e3;
	}
} else {
	$pingRedis = new Redis();
	$pingRedis->connect($host, $port);
	for ($i = 0; $i < $runs * 10; $i++) {
		$t = hrtime(true);
		$pingRedis->ping();
		$redisFloor[] = (hrtime(true) - $t) / 1e6;
	}
}

// [case, what it is, [side => [ms...], calls [...], last result]]
$cases = [];
$measure = function (string $case, callable $oldPrefix, callable $newPrefix, int $n) use ($old, $new, $nativeFinder,
	$native, &$failures): array {
	$sides = ['port' => ['ms' => [], 'calls' => []]] + ($native ? ['native' => ['ms' => [], 'calls' => []]] : []);
	for ($i = 0; $i < $n; $i++) {
		// Take turns: the port first in even runs, native first in odd ones.
		$order = $i % 2 ? array_reverse(array_keys($sides)) : array_keys($sides);
		foreach ($order as $side) {
			[$ms, $calls, $result] = $side === 'port'
				? timed("$case port", fn () => $oldPrefix($i), $old, $failures)
				: timed("$case native", fn () => $nativeFinder($newPrefix($i)), $new, $failures);
			$sides[$side]['ms'][] = $ms;
			$sides[$side]['calls'][] = $calls;
			$sides[$side]['result'] = $result;
		}
	}
	return $sides;
};

// typical: cold, a fresh prefix per run.
$cases['typical'] = ['cold cache, same day + next workday', $measure('typical',
	fn ($i) => "{$run}_typical_$i", fn ($i) => "bench:{$run}:typical:$i:", $runs)];

// best: each side's cache filled by one identical search (untimed), then hits.
$warmOld = "{$run}_best";
$warmNew = "bench:{$run}:best:";
$old($warmOld);
if ($native) {
	$new($nativeFinder($warmNew));
}
$cases['best'] = ['warm cache, the same search just ran', $measure('best', fn ($i) => $warmOld,
	fn ($i) => $warmNew, $runs * 10)];

// worst: no availability for 14+ days.
admin('POST', 'config', ['schedule' => ['weekly' => week(false)]]);
$cases['worst'] = ['cold cache, nothing free for 15 days', $measure('worst',
	fn ($i) => "{$run}_worst_$i", fn ($i) => "bench:{$run}:worst:$i:", $runs)];

admin('POST', 'reset', []);
// Clean up this run's keys (every prefix above contains $run).
$redis = new Redis();
$redis->connect($host, $port);
$it = null;
while (($keys = $redis->scan($it, "*$run*", 1000)) !== false) {
	$keys && $redis->del($keys);
}

function median(array $v): float
{
	sort($v);
	return $v[intdiv(count($v), 2)];
}

function span(array $v): string
{
	return min($v) === max($v) ? (string) min($v) : min($v) . '–' . max($v);
}

printf("AlternativeFinder, %s %s %s, %d min, emulator latency %d ms on /v2/slots, %d runs (best: %d) (median, min–max)\n",
	(new DateTimeImmutable(DESIRED))->format('D'), DESIRED, ZONE, DURATION, $latency, $runs, $runs * 10);
printf("  floor: one /v2/slots round trip            %8.1f ms (%.1f–%.1f)\n", median($floor), min($floor), max($floor));
if (!$native) {
	echo "  Calcom\\AlternativeFinder is not in this build of the extension", extension_loaded('calcom') ? '' :
		' (the extension is not loaded)', ": the PHP port only\n";
}
$labels = ['port' => 'Laravel AppointmentAlternativeFinder', 'native' => 'Calcom\\AlternativeFinder'];
foreach (['best', 'typical', 'worst'] as $case) {
	[$what, $sides] = $cases[$case];
	printf("  %s (%s)\n", $case, $what);
	foreach ($sides as $side => $s) {
		printf("    %-38s %5s calls %9.1f ms (%.1f–%.1f)  %s\n", $labels[$side], span($s['calls']), median($s['ms']),
			min($s['ms']), max($s['ms']), alternatives($s['result']));
	}
	if (isset($sides['native'])) {
		printf("    ratio port / native: %.1fx time, %s / %s calls\n", median($sides['port']['ms']) /
			median($sides['native']['ms']), span($sides['port']['calls']), span($sides['native']['calls']));
	}
}

// The JSON document: one scenario per case.
$floorSide = Bench\side("one GET /v2/slots round trip (one day, $latency ms latency), PHP curl", $floor, 'ms',
	['api_calls' => 1]);
$redisSide = Bench\side('Store::ping(), one bare Redis round trip', $redisFloor, 'ms', ['redis_trips' => 1]);
$scenarios = [];
$whats = [
	'best' => 'warm cache: the same search just ran on each side\'s cache; native one MGET, the port three '
		. 'Cache::remember() hits',
	'typical' => 'cold cache, 12:00, 13:00, 14:00, 16:00 and 17:00 booked on the desired Wednesday: one free slot '
		. 'that day (15:00), more on Thursday',
	'worst' => 'cold cache, nothing free for 15 days: the port runs every strategy, the four fallback candidates and '
		. 'the 14-day brute force, one request after the other',
];
foreach (['best', 'typical', 'worst'] as $case) {
	[, $sides] = $cases[$case];
	$mk = function (string $side, string $label) use ($sides): ?array {
		if (!isset($sides[$side])) {
			return null;
		}
		$s = $sides[$side];
		return Bench\side($label, $s['ms'], 'ms', ['api_calls' => Bench\median($s['calls']),
			'api_calls_min' => min($s['calls']), 'api_calls_max' => max($s['calls']),
			'alternatives' => count($s['result']['alternatives'])]) + ['found' => alternatives($s['result'])];
	};
	$n = count($cases[$case][1]['port']['ms']);
	$scenarios[] = Bench\scenario("alternative search, $case case", 'Calcom\\AlternativeFinder',
		sprintf('findAlternatives(%s %s %s, %d min) with /v2/slots answering %d ms late; %s', 'Wed', DESIRED, ZONE,
			DURATION, $latency, $whats[$case]),
		$mk('native', 'Calcom\\AlternativeFinder::findAlternatives()'),
		$mk('port', 'Laravel AppointmentAlternativeFinder port'), $case === 'best' ? $redisSide : $floorSide,
		$case === 'best' ? [['role' => 'floor'] + $floorSide] : [],
		["$n runs per side, taking turns"]);
}
Bench\write_json($jsonFile, 'alternative_finder', ['runs' => $runs, 'latency_ms' => $latency,
	'native' => $native], $scenarios, $failures);
$emulator->stop();

foreach ($failures as $failure) {
	fwrite(STDERR, "alternative_finder: $failure\n");
}
exit($failures ? 1 : 0);
