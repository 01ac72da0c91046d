<?php
/*
 * Booking-time cache invalidation: Calcom\Client::invalidateAvailability()
 * against the CalcomService::clearAvailabilityCacheForEventType() it
 * replaces (bench/laravel/CalcomService.php, ported from the architecture
 * review: 30 days × every tenant's team, then 7 days × 10 hours of the
 * alternative finder's keys, one Cache::forget() each), side by side in one
 * run on a redis-server and a Cal.com emulator of the script's own
 * (bench/common.php), so the server's counters see nothing but this.
 *
 * Before each timed call (untimed): the native side's cache holds 14 days
 * (2025-10-01..14) of event type 1001 for its tenant, filled by
 * Client::getAvailableSlots(); the PHP side's cache holds every key the
 * port forgets (so each DEL really deletes, as on a busy app). Timed: one
 * invalidation for a booking on Friday 2025-10-03 10:00 Europe/Berlin.
 * Counted per call, from the server itself:
 *   trips  round trips (total_reads_processed), cross-checked for the native
 *          side against Store::stats() round_trips;
 *   cmds   commands run (INFO commandstats; a script's own commands count);
 *   keys   keys changed, read from keyspace notifications (notify-keyspace-
 *          events on this private server, a subscriber counting the distinct
 *          keys of every event between two markers);
 * and the port's own count of forget() calls, the native return value (the
 * days that were cached). The floor is one bare round trip (Store::ping()).
 *
 * Then, as more rows, the whole booking: Client::createBooking() on a client
 * as the Laravel package builds it (store, limiter, breaker, cache; its
 * invalidation is part of it) against what the app did (the Laravel rate
 * limiter's check and count, the Laravel breaker around an Http POST
 * /v2/bookings, then clearAvailabilityCacheForEventType()), each booking a
 * slot of its own of event type 1003; Redis counts as above, time including
 * the emulator's answer.
 *
 * With --json FILE it also writes the results as JSON (bench/common.php
 * describes the document; bench/report.php reads it): the scenario
 * "booking-time cache invalidation".
 *
 *   php -d extension=modules/calcom.so bench/invalidation.php [--json FILE] [rounds=5] [per_round=20] [tenants=10] [bookings_per_round=2]
 * Needs redis-server and python3 (the emulator), phpredis, Debian's
 * php-laravel-framework and php-guzzlehttp-guzzle.
 */
declare(strict_types=1);

use App\Services\CalcomApiRateLimiter;
use App\Services\CalcomService;
use App\Services\CircuitBreaker as LaravelBreaker;
use Carbon\Carbon;
use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\Http;

require __DIR__ . '/laravel/bootstrap.php';
require_once __DIR__ . '/common.php';

const EVENT_TYPE = 1001;
const BOOKED_TYPE = 1003;     // 15-minute slots: room for every booking of the run
const ZONE = 'Europe/Berlin';
const API_KEY = 'cal_bench_inv_0123456789abcdef';
const TENANT = 'tenant-1';

[$jsonFile, $args] = Bench\args($argv);
$rounds = max(1, (int) ($args[0] ?? 5));
$perRound = max(1, (int) ($args[1] ?? 20));
$tenants = max(1, (int) ($args[2] ?? 10));
$bookingsPerRound = max(0, (int) ($args[3] ?? 2));
if (!class_exists('Calcom\\Client')) {
	fwrite(STDERR, "the calcom extension is not loaded (php -d extension=modules/calcom.so ...)\n");
	exit(2);
}

$servers = Bench\Servers::start(true, true);
$port = $servers->redisPort;
$base = $servers->emulatorUrl;
Bench\admin($base, 'POST', 'clock', ['now' => '2025-09-29T06:00:00Z']);
Bench\admin($base, 'POST', 'config', ['rateLimit' => ['limit' => 1_000_000, 'windowSeconds' => 60, 'blockSeconds' => 60]]);
// The port's "today" is the emulator's: Monday 2025-09-29 in Berlin.
Carbon::setTestNow(Carbon::parse('2025-09-29 08:00', ZONE));
date_default_timezone_set(ZONE);

/** Just enough RESP for a subscriber connection. */
final class Subscriber
{
	private $s;

	public function __construct(int $port)
	{
		$this->s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
		if (!$this->s) {
			throw new RuntimeException("subscriber: $errstr");
		}
		stream_set_timeout($this->s, 10);
		$this->send('PSUBSCRIBE', '__keyevent@0__:*');
		$this->read();
		$this->send('SUBSCRIBE', 'bench:marker');
		$this->read();
	}

	private function send(string ...$args): void
	{
		$buf = '*' . count($args) . "\r\n";
		foreach ($args as $a) {
			$buf .= '$' . strlen($a) . "\r\n$a\r\n";
		}
		fwrite($this->s, $buf);
	}

	private function read(): mixed
	{
		$line = fgets($this->s);
		if ($line === false) {
			throw new RuntimeException('subscriber: connection closed or timed out');
		}
		$v = substr($line, 1, -2);
		switch ($line[0]) {
			case '+':
			case '-':
				return $v;
			case ':':
				return (int) $v;
			case '$':
				if ($v === '-1') {
					return null;
				}
				$data = '';
				while (strlen($data) < (int) $v + 2) {
					$data .= fread($this->s, (int) $v + 2 - strlen($data));
				}
				return substr($data, 0, -2);
			case '*':
				$items = [];
				for ($i = 0; $i < (int) $v; $i++) {
					$items[] = $this->read();
				}
				return $items;
		}
		throw new RuntimeException("subscriber: unexpected $line");
	}

	/** The [event, key] notifications up to the marker $token (published by the caller). */
	public function until(string $token): array
	{
		$events = [];
		for (;;) {
			$m = $this->read();
			if ($m[0] === 'message' && $m[1] === 'bench:marker' && $m[2] === $token) {
				return $events;
			}
			if ($m[0] === 'pmessage') {
				$events[] = [substr($m[2], strlen('__keyevent@0__:')), $m[3]];
			}
		}
	}
}

$info = new Redis();
$info->connect('127.0.0.1', $port);
$info->rawCommand('CONFIG', 'SET', 'notify-keyspace-events', 'EA');
$sub = new Subscriber($port);
$marks = 0;
/** Every notification since the last call (the marker goes out on the counters' connection). */
$drain = function () use ($info, $sub, &$marks): array {
	$token = 'm' . ++$marks;
	$info->publish('bench:marker', $token);
	return $sub->until($token);
};
$overhead = Bench\counters_overhead($info);

// The Laravel side: its cache on this Redis, the app's limiter and breaker.
Bench\Laravel\boot('127.0.0.1', $port, 'bench_inv');
$service = new CalcomService(range(101, 100 + $tenants));
$phpLimiter = new CalcomApiRateLimiter(1_000_000_000);
$phpBreaker = new LaravelBreaker('calcom_bookings');

// The native side, as the Laravel package wires it.
$store = new Calcom\Store("redis://127.0.0.1:$port", ['prefix' => 'calcom:']);
$cache = new Calcom\SwrCache($store);
$client = new Calcom\Client(API_KEY, ['base_url' => "$base/v2", 'cache' => $cache, 'tenant' => TENANT]);
$bookingClient = new Calcom\Client(API_KEY, ['base_url' => "$base/v2", 'cache' => $cache, 'tenant' => TENANT,
	'store' => $store, 'limiter' => new Calcom\RateLimiter($store, 'bench_inv', ['limit' => 1_000_000_000,
		'burst' => 1_000_000_000]), 'breaker' => new Calcom\CircuitBreaker($store, 'bench_inv')]);
$around = new DateTimeImmutable('2025-10-03 10:00', new DateTimeZone(ZONE));

$failures = [];
$fill = fn () => count($client->getAvailableSlots(EVENT_TYPE, '2025-10-01', '2025-10-14'));
$phpKeys = $service->keysFor(EVENT_TYPE);
$phpFill = fn () => Cache::putMany(array_fill_keys($phpKeys, ['2025-10-01T09:00:00+02:00']), 300);

/**
 * One measured call: [ms, trips, cmds, keys changed, events, Store round
 * trips or null, what $op returned].
 */
$measure = function (callable $prepare, callable $op, ?Calcom\Store $checked) use ($info, $overhead, $drain): array {
	$prepare();
	$drain();
	$client = $checked?->stats()['round_trips'];
	$before = Bench\server_counters($info);
	$t = hrtime(true);
	$ret = $op();
	$ms = (hrtime(true) - $t) / 1e6;
	$after = Bench\server_counters($info);
	$events = $drain();
	$d = Bench\counters_delta($before, $after, $overhead);
	return [$ms, $d['trips'], $d['cmds'], count(array_unique(array_column($events, 1))), $events,
		$checked ? $checked->stats()['round_trips'] - $client : null, $ret, $d['calls']];
};

// Warm-up: connections, script loads.
for ($i = 0; $i < 3; $i++) {
	$measure($fill, fn () => $client->invalidateAvailability(EVENT_TYPE, $around), $store);
	$measure($phpFill, fn () => $service->clearAvailabilityCacheForEventType(EVENT_TYPE, 101), null);
}

$sides = ['native' => [], 'php' => [], 'floor' => []];
$acc = [];
foreach (array_keys($sides) as $s) {
	$acc[$s] = ['ms' => [], 'trips' => 0, 'cmds' => 0, 'keys' => 0, 'calls' => 0, 'ret' => [], 'events' => [],
		'commands' => []];
}
$add = function (string $side, array $m) use (&$acc, &$failures): void {
	[$ms, $trips, $cmds, $keys, $events, $client, $ret, $calls] = $m;
	$a = &$acc[$side];
	$a['round'][] = $ms;
	$a['trips'] += $trips;
	$a['cmds'] += $cmds;
	$a['keys'] += $keys;
	$a['calls']++;
	$a['ret'][] = $ret;
	foreach ($events as [$e]) {
		$a['events'][$e] = ($a['events'][$e] ?? 0) + 1;
	}
	foreach ($calls as $cmd => $n) {
		$a['commands'][$cmd] = ($a['commands'][$cmd] ?? 0) + $n;
	}
	if ($client !== null && $client !== $trips) {
		$failures[] = "$side: the server saw $trips round trips, Store::stats() counted $client";
	}
};
for ($round = 0; $round < $rounds; $round++) {
	foreach (array_keys($acc) as $s) {
		$acc[$s]['round'] = [];
	}
	for ($i = 0; $i < $perRound; $i++) {
		$order = ($round + $i) % 2 ? ['php', 'native', 'floor'] : ['floor', 'native', 'php'];
		foreach ($order as $side) {
			$add($side, match ($side) {
				'native' => $measure($fill, fn () => $client->invalidateAvailability(EVENT_TYPE, $around), $store),
				'php' => $measure($phpFill, function () use ($service) {
					$service->clearAvailabilityCacheForEventType(EVENT_TYPE, 101);
					return $service->clearedKeys;
				}, null),
				'floor' => $measure(fn () => null, fn () => $store->ping(), $store),
			});
		}
	}
	foreach (array_keys($acc) as $s) {
		$acc[$s]['ms'][] = Bench\median($acc[$s]['round']);
	}
}

// The whole booking, both sides, each booking a 15-minute slot of its own.
$book = ['native' => [], 'php' => []];
$bookAcc = [];
foreach (array_keys($book) as $s) {
	$bookAcc[$s] = ['ms' => [], 'trips' => 0, 'cmds' => 0, 'keys' => 0, 'calls' => 0, 'api' => 0];
}
$slot = ['native' => 0, 'php' => 0];
$startOf = function (string $side) use (&$slot): string {
	// native on Wednesday 2025-10-01, PHP on Thursday, from 09:00 Berlin.
	$day = $side === 'native' ? '2025-10-01' : '2025-10-02';
	$t = (new DateTimeImmutable("$day 09:00", new DateTimeZone(ZONE)))->modify('+' . 15 * $slot[$side]++ . ' minutes');
	return $t->setTimezone(new DateTimeZone('UTC'))->format('Y-m-d\TH:i:s\Z');
};
$attendee = ['name' => 'Bench', 'email' => 'bench@example.com', 'timeZone' => ZONE];
$phpFillBooked = function () use ($service) {
	Cache::putMany(array_fill_keys($service->keysFor(BOOKED_TYPE), ['2025-10-01T09:00:00+02:00']), 300);
};
$nativeFillBooked = fn () => $bookingClient->getAvailableSlots(BOOKED_TYPE, '2025-10-01', '2025-10-14');
$phpBook = function () use ($startOf, $attendee, $base, $service, $phpLimiter, $phpBreaker): string {
	if (!$phpLimiter->canMakeRequest()) {
		throw new LogicException('the Laravel limiter refused under a limit of 1e9');
	}
	$phpLimiter->incrementRequestCount();
	$booking = $phpBreaker->call(fn () => Http::withToken(API_KEY)
		->withHeaders(['cal-api-version' => '2024-08-13'])
		->acceptJson()
		->timeout(10)
		->post("$base/v2/bookings", ['start' => $startOf('php'), 'eventTypeId' => BOOKED_TYPE,
			'attendee' => $attendee])
		->throw()
		->json('data'));
	$service->clearAvailabilityCacheForEventType(BOOKED_TYPE, 101);
	return $booking['uid'];
};
$nativeBook = fn (): string => $bookingClient->createBooking(['eventTypeId' => BOOKED_TYPE,
	'start' => $startOf('native'), 'attendee' => $attendee])['uid'];
if ($bookingsPerRound > 0) {
	// Warm-up of each side's HTTP and scripts, one booking each.
	$measure($nativeFillBooked, $nativeBook, null);
	$measure($phpFillBooked, $phpBook, null);
}
for ($round = 0; $round < $rounds && $bookingsPerRound > 0; $round++) {
	$these = ['native' => [], 'php' => []];
	for ($i = 0; $i < $bookingsPerRound; $i++) {
		foreach (($round + $i) % 2 ? ['php', 'native'] : ['native', 'php'] as $side) {
			$api = Bench\admin($base, 'GET', 'stats')['by_endpoint']['bookings_create'] ?? 0;
			[$ms, $trips, $cmds, $keys, , $client] = $side === 'native'
				? $measure($nativeFillBooked, $nativeBook, $store)
				: $measure($phpFillBooked, $phpBook, null);
			$b = &$bookAcc[$side];
			$these[$side][] = $ms;
			$b['trips'] += $trips;
			$b['cmds'] += $cmds;
			$b['keys'] += $keys;
			$b['calls']++;
			$b['api'] += (Bench\admin($base, 'GET', 'stats')['by_endpoint']['bookings_create'] ?? 0) - $api;
			unset($b);
			if ($client !== null && $client !== $trips) {
				$failures[] = "createBooking $side: the server saw $trips round trips, Store::stats() counted $client";
			}
		}
	}
	foreach ($these as $side => $v) {
		$bookAcc[$side]['ms'][] = Bench\median($v);
	}
}
$servers->stop();

// Checks: what each side says it did is what the server saw.
$expectPhp = count($phpKeys);
foreach ($acc['php']['ret'] as $r) {
	if ($r !== $expectPhp) {
		$failures[] = "the port forgot $r keys, expected $expectPhp";
		break;
	}
}
if ($acc['php']['keys'] !== $expectPhp * $acc['php']['calls']) {
	$failures[] = sprintf('the port changed %.1f keys a call, expected %d (every key it forgets was filled)',
		$acc['php']['keys'] / $acc['php']['calls'], $expectPhp);
}
if (($acc['php']['commands']['del'] ?? 0) !== $expectPhp * $acc['php']['calls']) {
	$failures[] = sprintf('the port ran %d DELs in %d calls, expected %d each', $acc['php']['commands']['del'] ?? 0,
		$acc['php']['calls'], $expectPhp);
}
$existed = array_unique($acc['native']['ret']);
if ($existed !== [9]) {
	$failures[] = 'invalidateAvailability() returned ' . implode(', ', $existed) . ' (days cached), expected 9';
}
foreach ($bookAcc as $side => $b) {
	if ($b['calls'] && $b['api'] !== $b['calls']) {
		$failures[] = "createBooking $side: {$b['calls']} bookings sent {$b['api']} POSTs";
	}
}

$per = fn (array $a, string $k) => $a['calls'] ? $a[$k] / $a['calls'] : 0.0;
printf("Booking-time cache invalidation, %d rounds of %d calls a side; private Redis and emulator; %d tenants\n",
	$rounds, $perRound, $tenants);
printf("%-80s %9s %11s %7s %7s %6s\n", '', 'us/call', 'p25-p75', 'trips', 'cmds', 'keys');
$labels = ['native' => 'Calcom\\Client::invalidateAvailability() (9 days, 1 tenant)',
	'php' => "CalcomService::clearAvailabilityCacheForEventType() port",
	'floor' => 'Store::ping(), one bare Redis round trip'];
foreach ($acc as $side => $a) {
	$st = Bench\stats($a['ms']);
	printf("%-80s %9.1f %5.0f-%-5.0f %7.2f %7.2f %6.2f\n", $side === 'floor' ? "floor: $labels[$side]" : $labels[$side], $st['median'] * 1e3, $st['p25'] * 1e3,
		$st['p75'] * 1e3, $per($a, 'trips'), $per($a, 'cmds'), $per($a, 'keys'));
}
foreach (['native' => 'Calcom\\Client::createBooking() (store, limiter, breaker, cache)',
	'php' => 'limiter + breaker(Http POST) + clearAvailabilityCacheForEventType()'] as $side => $label) {
	$b = $bookAcc[$side];
	if ($b['calls']) {
		$st = Bench\stats($b['ms']);
		printf("%-80s %7.1fms %11s %7.2f %7.2f %6.2f\n", "booking: $label", $st['median'], '', $per($b, 'trips'),
			$per($b, 'cmds'), $per($b, 'keys'));
	}
}
printf("ratio port / native: %.1fx time, %.0f / %.0f round trips, %.0f / %.0f keys\n",
	Bench\ratio($acc['php']['ms'], $acc['native']['ms']), $per($acc['php'], 'trips'), $per($acc['native'], 'trips'),
	$per($acc['php'], 'keys'), $per($acc['native'], 'keys'));

$side = function (string $side, string $label) use ($acc, $per): array {
	$a = $acc[$side];
	ksort($a['events']);
	return Bench\side($label, array_map(fn ($ms) => $ms * 1e3, $a['ms']), 'us', ['redis_trips' => $per($a, 'trips'),
		'redis_cmds' => $per($a, 'cmds'), 'keys' => $per($a, 'keys'),
		'keys_events' => array_map(fn ($n) => $n / $a['calls'], $a['events'])]);
};
$rows = [];
foreach (['native' => 'Calcom\\Client::createBooking(), whole booking (store, limiter, breaker, cache)',
	'php' => 'whole booking: Laravel limiter + breaker around Http POST /v2/bookings + clearAvailabilityCacheForEventType()']
	as $s => $label) {
	$b = $bookAcc[$s];
	if ($b['calls']) {
		$rows[] = ['role' => $s] + Bench\side($label, $b['ms'], 'ms', ['redis_trips' => $per($b, 'trips'),
			'redis_cmds' => $per($b, 'cmds'), 'keys' => $per($b, 'keys'), 'api_calls' => $per($b, 'api')]);
	}
}
Bench\write_json($jsonFile, 'invalidation', ['rounds' => $rounds, 'per_round' => $perRound, 'tenants' => $tenants,
	'bookings_per_round' => $bookingsPerRound], [
	Bench\scenario('booking-time cache invalidation', 'Calcom\\Client',
		'the invalidation after a booking (Fri 2025-10-03 10:00 Berlin): native invalidateAvailability(), nine '
		. 'tombstones for the booking\'s tenant, day before to seven days after, in one script; the port '
		. "clears 30 days × $tenants tenants + 7 days × 10 hours, one Cache::forget() each. Keys: distinct keys "
		. 'changed (keyspace notifications); trips/cmds: the private Redis server\'s counters',
		$side('native', $labels['native']), $side('php', $labels['php']), $side('floor', $labels['floor']), $rows,
		["$perRound calls per side in each of $rounds rounds, taking turns; a round's value is its median call",
			'PHP side keys all filled before each call (every DEL deletes); native cache holds 14 days before each call']),
], $failures);

foreach ($failures as $failure) {
	fwrite(STDERR, "invalidation: $failure\n");
}
exit($failures ? 1 : 0);
