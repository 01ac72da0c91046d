--TEST--
Bad input sweep: Client, AlternativeFinder and RequestQueue: bad keys, options, dates, zones, bookings, queries, config, tenants, languages, alternatives, paths, params, callback URLs and job ids are TypeError/ValueError naming the argument; nothing sent to Cal.com, nothing queued, no Redis command
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (trim((string) shell_exec('command -v redis-server')) === '') die('skip redis-server not found (the sweep starts its own)'); ?>
--CONFLICTS--
emulator
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/sweep.inc';

$sw = new Sweep(['Calcom\\Client', 'Calcom\\AlternativeFinder', 'Calcom\\RequestQueue'], emulator: true);

// ---- Calcom\Client
$sw->use('Calcom\\Client');
$sw->types();
$fx = $sw->fx;
$mb = sweep_mb();
$badDates = ['', ' ', 'yesterday-ish', 'tomorrow', 'now', '2025-02-30', '2025-13-01', '2025-00-10', '2025-10-32',
	'2025-1-01', '25-10-01', '2025/10/01', '20251001', '2025-10-01T25:00:00Z', '2025-10-01T10:60:00Z',
	'2025-10-01T10:00:61Z', '2025-10-01T10:00:00', '2025-10-01T10:00:00+25:00', '2025-10-01T10:00:00 Z',
	'2025-10-01 10:00:00', '2025-10-01T10:00:00Zjunk', "2025-10-01\0", "2025-10-01T10:00:00Z\0", "\xff\xfe",
	'+10000-01-01', '-2025-10-01', $mb];
// offsets and abbreviations are no time zone identifiers (Cal.com refuses them)
$badZones = ['', 'Mars/Olympus', 'Berlin', 'Europe/Berlin ', "Europe/Berlin\0", '+02:00', 'CEST',
	"\xff\xfe", $mb];
$badTenants = ['', '{t}', 'a{', 'a}', "a\0b", str_repeat('t', 129), $mb];
$badUids = ['', ' ', 'a/b', '../x', 'a?b', 'a#b', 'a b', "a\0b", 'ü', "\xff", str_repeat('u', 129), $mb];

// the API key: printable ASCII, no spaces
foreach (['', ' ', 'key with spaces', "key\r\nX-Evil: 1", "key\0", "k\tey", "\x7f", 'ключ', "\xff\xfe"] as $key) {
	$sw->bad('__construct', [$key], 'ValueError', 1);
}
// options
$option = function (array $options, string $class, string $mention) use ($sw, $fx): void {
	$sw->bad('__construct', [$fx->apiKey, $options], $class, 2, $mention);
};
foreach (['ftp://example.com', 'example.com/v2', '//example.com/v2', 'https://example.com/v2?x=1', 'https://example.com/v2#f',
	'', 'http://', 'https://', 'http:///v2', "http://127.0.0.1\0.evil/v2", 'https://exa mple.com/v2', "https://example.com/v2\r\n",
	'javascript:alert(1)', "\xff"] as $v) {
	$option(['base_url' => $v], 'ValueError', '"base_url"');
}
foreach (['timeout' => 600, 'connect_timeout' => 600, 'retry_delay' => 60, 'retry_max_delay' => 600, 'retry_budget' => 3600]
	as $name => $max) {
	foreach ([0, -1, -0.0, $max + 0.5, PHP_INT_MAX, -PHP_INT_MAX - 1, INF, -INF, NAN, 1e308] as $v) {
		$option([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach (['10', null, true, []] as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
foreach ([-1, 11, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$option(['retries' => $v], 'ValueError', '"retries"');
}
foreach ([2.0, '2', null, true] as $v) {
	$option(['retries' => $v], 'TypeError', '"retries"');
}
foreach ([-0.001, 60.5, INF, NAN, PHP_INT_MAX] as $v) {
	$option(['limiter_wait' => $v], 'ValueError', '"limiter_wait"');
}
$option(['limiter_wait' => '1'], 'TypeError', '"limiter_wait"');
foreach ($badZones as $v) {
	$option(['time_zone' => $v], 'ValueError', '"time_zone"');
}
foreach ([1, null, ['Europe/Berlin'], new DateTimeZone('UTC')] as $v) {
	$option(['time_zone' => $v], 'TypeError', '"time_zone"');
}
foreach (['fr', '', 'german', "de\0", 'd'] as $v) {
	$option(['language' => $v], 'ValueError', '"language"');
}
foreach ([1, null, ['de']] as $v) {
	$option(['language' => $v], 'TypeError', '"language"');
}
foreach ($badTenants as $v) {
	$option(['tenant' => $v], 'ValueError', '"tenant"');
}
foreach ([1, null, ['t']] as $v) {
	$option(['tenant' => $v], 'TypeError', '"tenant"');
}
foreach (['store' => [$fx->dsn, $fx->limiter, new stdClass(), null, []],
	'limiter' => [$fx->store, $fx->breaker, 'limiter', null], 'breaker' => [$fx->store, $fx->limiter, true],
	'cache' => [$fx->store, $fx->metrics, []], 'metrics' => [$fx->store, $fx->cache, 1]] as $name => $values) {
	foreach ($values as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
// limiter and breaker on two connections cannot be asked in one round trip
$other = new Calcom\Store($fx->dsn, ['persistent' => false, 'prefix' => $fx->prefix]);
$option(['limiter' => $fx->limiter, 'breaker' => new Calcom\CircuitBreaker($other, 'sweep2')], 'ValueError', '"limiter"');
foreach (['limit', 'baseUrl', 'Base_URL', 'base_url ', "timeout\0", '', 'api_key', 'timezone'] as $unknown) {
	$option([$unknown => 1], 'ValueError', 'unknown option');
}
$option(['https://api.cal.com/v2'], 'ValueError', 'string keys');

// getAvailableSlots()
foreach ([0, -1, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('getAvailableSlots', [$v, '2025-10-01', '2025-10-02'], 'ValueError', 1);
}
foreach ($badDates as $v) {
	$sw->bad('getAvailableSlots', [1001, $v, '2025-10-02'], 'ValueError', 2);
	$sw->bad('getAvailableSlots', [1001, '2025-10-01', $v], 'ValueError', 3);
}
$sw->bad('getAvailableSlots', [1001, '2025-10-02', '2025-10-01'], 'ValueError', 3);
$sw->bad('getAvailableSlots', [1001, '2025-10-01T12:00:00Z', '2025-10-01T11:59:59Z'], 'ValueError', 3);
$sw->bad('getAvailableSlots', [1001, new DateTimeImmutable('2025-10-02'), new DateTimeImmutable('2025-10-01')], 'ValueError', 3);
$year10000 = (new DateTimeImmutable('2025-10-01T00:00:00Z'))->setDate(10000, 1, 1);
$yearMinus1 = (new DateTimeImmutable('2025-10-01T00:00:00Z'))->setDate(-1, 1, 1);
foreach ([$year10000, $yearMinus1] as $v) {
	$sw->bad('getAvailableSlots', [1001, $v, '2025-10-02'], 'ValueError', 2);
}
foreach ([0, -1, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('getAvailableSlots', [1001, '2025-10-01', '2025-10-02', $v], 'ValueError', 4);
}
foreach ($badZones as $v) {
	$sw->bad('getAvailableSlots', [1001, '2025-10-01', '2025-10-02', null, ['timeZone' => $v]], 'ValueError', 5, '"timeZone"');
}
foreach ([1, null, ['UTC']] as $v) {
	$sw->bad('getAvailableSlots', [1001, '2025-10-01', '2025-10-02', null, ['timeZone' => $v]], 'ValueError', 5, '"timeZone"');
}
foreach ([...$badTenants, 5, null] as $v) {
	$sw->bad('getAvailableSlots', [1001, '2025-10-01', '2025-10-02', null, ['tenant' => $v]], 'ValueError', 5, '"tenant"');
}
foreach ([['UTC'], ['timezone' => 'UTC'], ['tz' => 'UTC'], ['timeZone' => 'UTC', 'duration' => 30], ["timeZone\0" => 'UTC']] as $v) {
	$sw->bad('getAvailableSlots', [1001, '2025-10-01', '2025-10-02', null, $v], 'ValueError', 5);
}

// getAvailableSlotsMany(): a list of query maps
$q = ['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-02'];
$many = function (array $queries, string $class, string $mention) use ($sw): void {
	$sw->bad('getAvailableSlotsMany', [$queries], $class, 1, $mention);
};
foreach (['q', 1001, null, new ArrayObject([1])] as $v) {
	$many([$v], 'TypeError', 'entry 0');
	$many([$q, $v], 'TypeError', 'entry 1');
}
foreach ([[1001, '2025-10-01', '2025-10-02'], ['start' => '2025-10-01', 'end' => '2025-10-02'],
	['eventTypeId' => '1001'] + $q, ['eventTypeId' => 1001.0] + $q, ['eventTypeId' => null] + $q] as $v) {
	$many([$v], 'TypeError', 'eventTypeId');
}
foreach ([0, -1, -PHP_INT_MAX - 1] as $v) {
	$many([['eventTypeId' => $v] + $q], 'ValueError', 'eventTypeId');
}
$many([['eventTypeId' => 1001, 'start' => '2025-10-01']], 'ValueError', 'end');
$many([['eventTypeId' => 1001, 'end' => '2025-10-01']], 'ValueError', 'start');
foreach (array_slice($badDates, 0, 12) as $v) {
	$many([['start' => $v] + $q], 'ValueError', 'start');
	$many([$q, ['end' => $v] + $q], 'ValueError', 'end');
}
$many([['start' => '2025-10-03'] + $q], 'ValueError', 'start');
foreach ([0, -1, '5', 5.0] as $v) {
	$many([['teamId' => $v] + $q], 'ValueError', 'teamId');
}
foreach ([...$badZones, 5] as $v) {
	$many([['timeZone' => $v] + $q], 'ValueError', 'timeZone');
}
foreach ([...$badTenants, 5] as $v) {
	$many([['tenant' => $v] + $q], 'ValueError', 'tenant');
}
foreach (['timezone', 'tz', 'duration', 'eventTypeID', 'event_type_id', "start\0", ''] as $unknown) {
	// messages are C strings: a key with a NUL is named up to it
	$many([[$unknown => 'x'] + $q], 'ValueError', $unknown === '' ? 'unknown' : strtok($unknown, "\0"));
}

// createBooking()
$b = $fx->booking;
$booking = function (array $booking, string $class, string $mention) use ($sw): void {
	$sw->bad('createBooking', [$booking], $class, 1, $mention);
};
$booking([], 'ValueError', '"eventTypeId"');
$booking([1001, '2025-10-01T09:00:00Z', ['name' => 'A', 'email' => 'a@example.com']], 'ValueError', 'unknown key');
foreach (['eventTypeID', 'start_time', 'attendees', 'responses', 'idempotencyKey', "start\0", ''] as $unknown) {
	$booking($b + [$unknown => 1], 'ValueError', 'unknown key');
}
foreach ([0, -1, -PHP_INT_MAX - 1, '1001', 1001.0, null, true, []] as $v) {
	$booking(['eventTypeId' => $v] + $b, 'ValueError', '"eventTypeId"');
}
foreach (['2025-10-01', ...$badDates] as $v) {
	$booking(['start' => $v] + $b, 'ValueError', '"start"');
}
foreach ([null, 20251001, 1.5, true, [], new stdClass()] as $v) {
	$booking(['start' => $v] + $b, 'TypeError', '"start"');
}
$booking(['start' => $year10000] + $b, 'ValueError', '"start"');
$booking(['start' => $yearMinus1] + $b, 'ValueError', '"start"');
$noAttendee = $b;
unset($noAttendee['attendee']);
$booking($noAttendee, 'ValueError', '"attendee"');
foreach (['Sweep <sweep@example.com>', null, 5, ['Sweep Test', 'sweep@example.com']] as $v) {
	$booking(['attendee' => $v] + $b, 'ValueError', 'attendee');
}
$a = $b['attendee'];
foreach (['name' => ['', null], 'email' => ['', null, 'no-at-sign', 'sweep(at)example.com']] as $field => $values) {
	foreach ($values as $v) {
		$booking(['attendee' => [$field => $v] + $a] + $b, 'ValueError', "\"$field\"");
	}
	$without = $a;
	unset($without[$field]);
	$booking(['attendee' => $without] + $b, 'ValueError', "\"$field\"");
}
foreach (['name', 'email', 'timeZone', 'phoneNumber', 'language'] as $field) {
	foreach ([5, true, ['x'], new stdClass()] as $v) {
		$booking(['attendee' => [$field => $v] + $a] + $b, 'TypeError', "\"$field\"");
	}
}
foreach ($badZones as $v) {
	$booking(['attendee' => ['timeZone' => $v] + $a] + $b, 'ValueError', '"timeZone"');
}
foreach (['phone', 'mail', 'Name', 'time_zone', 'lang'] as $unknown) {
	$booking(['attendee' => $a + [$unknown => 'x']] + $b, 'ValueError', $unknown);
}
foreach (['meta', 5, true] as $v) {
	$booking($b + ['metadata' => $v], 'ValueError', '"metadata"');
}
foreach ([0, -30, -PHP_INT_MAX - 1, '30', 30.0, null] as $v) {
	$booking($b + ['lengthInMinutes' => $v], 'ValueError', '"lengthInMinutes"');
}
foreach (['x', 5, null] as $v) {
	$booking($b + ['bookingFieldsResponses' => $v], 'ValueError', '"bookingFieldsResponses"');
}
// what cannot become the JSON body: refused before the booking is claimed in Redis or sent
// (each with an attendee of its own: another booking's guard must not make it wait)
foreach ([['metadata' => ['note' => "\xff\xfe"]], ['metadata' => ['x' => NAN]], ['metadata' => ['x' => INF]],
	['metadata' => ['r' => $fx->resource]], ['bookingFieldsResponses' => ['notes' => "\xc3"]],
	['attendee' => ['name' => "Sw\xffeep"]], ['attendee' => ['phoneNumber' => "\xff"]]] as $i => $v) {
	$v['attendee'] = ($v['attendee'] ?? []) + ['email' => "json$i@example.com"] + $a;
	$booking($v + $b, 'ValueError', 'JSON');
}
foreach (['', str_repeat('i', 256), $mb] as $v) {
	$sw->bad('createBooking', [$b, $v], 'ValueError', 2);
}

// rescheduleBooking(), cancelBooking()
foreach ($badUids as $v) {
	$sw->bad('rescheduleBooking', [$v, ['start' => '2020-01-06T10:00:00Z']], 'ValueError', 1);
	$sw->bad('cancelBooking', [$v], 'ValueError', 1);
	$sw->bad('cancelBooking', [$v, 'reason'], 'ValueError', 1);
}
$sw->bad('rescheduleBooking', ['sweepnosuchuid', []], 'ValueError', 2, '"start"');
$sw->bad('rescheduleBooking', ['sweepnosuchuid', ['2020-01-06T10:00:00Z']], 'ValueError', 2, '"start"');
$sw->bad('rescheduleBooking', ['sweepnosuchuid', ['reschedulingReason' => 'x']], 'ValueError', 2, '"start"');
foreach (['2025-10-01', ...$badDates] as $v) {
	$sw->bad('rescheduleBooking', ['sweepnosuchuid', ['start' => $v]], 'ValueError', 2, '"start"');
}
foreach ([null, 20251001, true, []] as $v) {
	$sw->bad('rescheduleBooking', ['sweepnosuchuid', ['start' => $v]], 'TypeError', 2, '"start"');
}
foreach ([5, true, ['x']] as $v) {
	$sw->bad('rescheduleBooking', ['sweepnosuchuid', ['start' => '2020-01-06T10:00:00Z', 'reschedulingReason' => $v]],
		'TypeError', 2, '"reschedulingReason"');
}
$sw->bad('rescheduleBooking', ['sweepnosuchuid', ['start' => '2020-01-06T10:00:00Z', 'reschedulingReason' => "\xff"]],
	'ValueError', 2, '"reschedulingReason"');
foreach (['reason', 'rescheduling_reason', 'end', 'uid'] as $unknown) {
	$sw->bad('rescheduleBooking', ['sweepnosuchuid', ['start' => '2020-01-06T10:00:00Z', $unknown => 'x']], 'ValueError', 2, $unknown);
}
$sw->bad('cancelBooking', ['sweepnosuchuid', "\xff\xfe"], 'ValueError', 2);

// invalidateAvailability(), warm()
$at = new DateTimeImmutable('2025-10-01T10:00:00+02:00');
foreach ([0, -1, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('invalidateAvailability', [$v, $at], 'ValueError', 1);
}
foreach ($badTenants as $v) {
	$sw->bad('invalidateAvailability', [1001, $at, $v], 'ValueError', 3);
	$sw->bad('warm', [[1001], 14, $v], 'ValueError', 3);
}
foreach ([[], [0], [-1], [-PHP_INT_MAX - 1], ['1001'], [1001.0], [null], [[1001]], [new stdClass()], [1001, 0], [true]] as $v) {
	$sw->bad('warm', [$v], 'ValueError', 1);
}
foreach ([0, -1, 93, 1000, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('warm', [[1001], $v], 'ValueError', 2);
}

// ---- Calcom\AlternativeFinder
$sw->use('Calcom\\AlternativeFinder');
$sw->types();
$fx = $sw->fx;
$client = $fx->client;
$mb = sweep_mb();
$at = new DateTimeImmutable('2025-10-01 10:00', new DateTimeZone('Europe/Berlin'));

$config = function (array $config, string $class, string $mention) use ($sw, $client): void {
	$sw->bad('__construct', [$client, $config], $class, 2, $mention);
};
foreach (['max_alternatives' => [0, 101], 'time_window_hours' => [-1, 25], 'search_days' => [-1, 92],
	'timeout_ms' => [0, 600001]] as $name => $edges) {
	foreach ([PHP_INT_MAX, -PHP_INT_MAX - 1, ...$edges] as $v) {
		$config([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach ([2.0, NAN, INF, '2', null, true, []] as $v) {
		$config([$name => $v], 'TypeError', "\"$name\"");
	}
}
foreach (['monday', 1, null, new ArrayObject([1])] as $v) {
	$config(['workdays' => $v], 'TypeError', '"workdays"');
}
foreach ([[], [0], [8], [-1], [PHP_INT_MAX], ['Mon'], ['montag'], ['monday '], ["monday\0"], [''], [1.0], [null],
	[[1]], [true], [1, 'funday']] as $v) {
	$config(['workdays' => $v], 'ValueError', '"workdays"');
}
foreach (['same_day_different_time', null, 1] as $v) {
	$config(['search_strategies' => $v], 'TypeError', '"search_strategies"');
}
foreach ([[], ['same_day'], ['SAME_DAY_DIFFERENT_TIME'], ['same_day_different_time '], [1], [null], [['next_week_same_day']],
	["next_week_same_day\0"]] as $v) {
	$config(['search_strategies' => $v], 'ValueError', '"search_strategies"');
}
foreach (['09:00-18:00', null, 9] as $v) {
	$config(['business_hours' => $v], 'TypeError', '"business_hours"');
}
foreach ([[], ['09:00', '18:00'], ['start' => '09:00'], ['end' => '18:00'], ['start' => '9', 'end' => '18:00'],
	['start' => '09:00', 'end' => '25:00'], ['start' => '09:60', 'end' => '18:00'], ['start' => '24:01', 'end' => '24:00'],
	['start' => '-1:00', 'end' => '18:00'], ['start' => '09:00', 'end' => '18:00:00'], ['start' => 9, 'end' => 18],
	['start' => '18:00', 'end' => '09:00'], ['start' => '09:00', 'end' => '09:00'], ['start' => '09:00', 'end' => "18:00\0"],
	['start' => '09:00', 'end' => '18:00', 'lunch' => '12:00']] as $v) {
	$config(['business_hours' => $v], 'ValueError', '"business_hours"');
}
foreach (['', 'Mars/Olympus', 'Berlin', "Europe/Berlin\0", '+02:00', 'CEST', "\xff", $mb, 5, null] as $v) {
	$config(['timezone' => $v], 'ValueError', '"timezone"');
}
foreach (['no_such_function', ['Calcom\Store', 'nope'], 5, true, [], new stdClass()] as $v) {
	$config(['busy' => $v], 'TypeError', '"busy"');
}
foreach (['time_zone', 'timeZone', 'max_alternative', 'Max_Alternatives', "busy\0", '', 'language'] as $unknown) {
	$config([$unknown => 1], 'ValueError', 'unknown key');
}
$config([2], 'ValueError', 'string keys');

// setTenantContext()
foreach ([0, -1, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('setTenantContext', [$v], 'ValueError', 1);
}
foreach (['', '{b}', 'a{', 'a}', "a\0b", str_repeat('b', 65), $mb] as $v) {
	$sw->bad('setTenantContext', [1, $v], 'ValueError', 2);
	$sw->bad('setTenantContext', [null, $v], 'ValueError', 2);
}
// findAlternatives()
$year10000 = $at->setDate(10000, 1, 1);
$yearMinus1 = $at->setDate(-1, 1, 1);
foreach ([$year10000, $yearMinus1] as $v) {
	$sw->bad('findAlternatives', [$v, 30, 1001], 'ValueError', 1);
}
foreach ([0, -30, 541, 24 * 60, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('findAlternatives', [$at, $v, 1001], 'ValueError', 2);
}
foreach ([0, -1, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('findAlternatives', [$at, 30, $v], 'ValueError', 3);
}
foreach ([0, -1, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('findAlternatives', [$at, 30, 1001, $v], 'ValueError', 4);
}
foreach (['', 'fr', 'd', 'deutsch', 'english', "de\0", ' de', "\xff\xfe", $mb] as $v) {
	$sw->bad('findAlternatives', [$at, 30, 1001, null, $v], 'ValueError', 5);
	$sw->bad('buildAlternativeResponse', [[], $v], 'ValueError', 2);
}
// buildAlternativeResponse(): a list of findAlternatives() alternatives
foreach ([[1, 2, 3], ['a', 'b'], [null], [[]], [['description' => 5]], [['description' => null]], [['type' => 'next_week']],
	[new stdClass()], [['description' => ['x']]], ['alternatives' => [], 'responseText' => 'x', 'timeout_hit' => false, 'api_calls' => 1]]
	as $v) {
	$sw->bad('buildAlternativeResponse', [$v], 'ValueError', 1);
}

// ---- Calcom\RequestQueue
$sw->use('Calcom\\RequestQueue');
$sw->types();
$fx = $sw->fx;
$store = $fx->store;
$client = $fx->client;
$mb = sweep_mb();

$option = function (array $options, string $class, string $mention) use ($sw, $store, $client): void {
	$sw->bad('__construct', [$store, $client, $options], $class, 3, $mention);
};
foreach (['', str_repeat('q', 201), $mb, 'a b', "a\0b", '{q}', 'a}', "\xff\xfe"] as $v) {
	$option(['name' => $v], 'ValueError', '"name"');
}
foreach ([5, null, ['q']] as $v) {
	$option(['name' => $v], 'TypeError', '"name"');
}
foreach (['concurrency' => [0, 65], 'max_attempts' => [0, 101], 'callback_attempts' => [0, 11]] as $name => $edges) {
	foreach ([-1, PHP_INT_MAX, -PHP_INT_MAX - 1, ...$edges] as $v) {
		$option([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach ([8.0, NAN, '8', null, true] as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
foreach (['aging' => [86401], 'visibility_timeout' => [0, 0.001, 86401], 'retry_delay' => [3601],
	'result_ttl' => [0, 0.5, 2592001], 'job_ttl' => [0, 2592001], 'callback_timeout' => [0, 0.001, 61]] as $name => $edges) {
	foreach ([-1, -0.001, PHP_INT_MAX, -PHP_INT_MAX - 1, INF, -INF, NAN, 1e308, ...$edges] as $v) {
		$option([$name => $v], 'ValueError', "\"$name\"");
	}
	foreach (['1', null, false, []] as $v) {
		$option([$name => $v], 'TypeError', "\"$name\"");
	}
}
foreach (['Name', 'priority', 'workers', "name\0", '', 'ttl'] as $unknown) {
	$option([$unknown => 1], 'ValueError', 'unknown option');
}
$option(['default'], 'ValueError', 'string keys');

// enqueue(): GET below /slots, /bookings, /event-types; POST to the booking paths
foreach (['', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'G ET', 'GET ', "GET\0", 'POSTS', $mb, "\xff"] as $v) {
	$sw->bad('enqueue', [$v, '/slots'], 'ValueError', 1);
}
foreach (['', '/', 'slots', '/slots/', '//slots', '/slots//available', '/slots/../bookings', '/slots?eventTypeId=1',
	'/slots#x', '/sl ots', "/slots\0", '/slöts', "/slots\xff", '/unknown', '/me', '/slotsx', '/' . str_repeat('s', 600),
	$mb, 'https://api.cal.com/v2/slots'] as $v) {
	$sw->bad('enqueue', ['GET', $v], 'ValueError', 2);
}
foreach (['/slots', '/bookings/', '/bookings/abc', '/bookings/abc/delete', '/bookings//cancel', '/bookings/a/b/cancel',
	'/event-types', '/bookings/abc/cancel/x'] as $v) {
	$sw->bad('enqueue', ['POST', $v], 'ValueError', 2);
}
// GET params: a map of query parameter names to scalars
foreach ([['1001'], [1001, 'x'], ['eventTypeId' => null], ['eventTypeId' => [1001]], ['eventTypeId' => new stdClass()],
	['eventTypeId' => $fx->resource], ['a' => ['b' => ['c' => 1]]], ['start' => "\xff"], ['start' => NAN],
	['x' => 1, 5 => 'y']] as $v) {
	$sw->bad('enqueue', ['GET', '/slots', $v], 'ValueError', 3);
}
// POST params: a body that can be JSON, and for a booking one createBooking() takes
foreach ([['note' => "\xff\xfe"], ['r' => $fx->resource], ['x' => NAN], ['x' => INF]] as $v) {
	$sw->bad('enqueue', ['POST', '/bookings/abc/cancel', $v], 'ValueError', 3);
}
foreach ([[], ['x' => 1], [1001, '2025-10-01T09:00:00Z'], ['eventTypeId' => 1001],
	['eventTypeId' => 0, 'start' => '2025-10-01T09:00:00Z', 'attendee' => ['name' => 'A', 'email' => 'a@example.com']]] as $v) {
	$sw->bad('enqueue', ['POST', '/bookings', $v], 'ValueError', 3);
}
foreach ([[], ['reason' => 'x'], ['start' => 'yesterday-ish']] as $v) {
	$sw->bad('enqueue', ['POST', '/bookings/abc/reschedule', $v], 'ValueError', 3);
}
foreach ([0, 5, -1, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('enqueue', ['GET', '/slots', [], $v], 'ValueError', 4);
}
foreach (['', 'example.com/cb', 'ftp://example.com/cb', 'http://', 'https://', 'http:///cb', 'http:// example.com/cb',
	"http://example.com/cb\0", "http://example.com/cb\r\n", 'http://example.com/ü', "http://example.com/\xff",
	'http://example.com/' . str_repeat('c', 2040), $mb, 'javascript:alert(1)'] as $v) {
	$sw->bad('enqueue', ['GET', '/slots', [], 3, $v], 'ValueError', 5);
}
// depth(), job ids, waits, work()
foreach ([0, 5, -1, PHP_INT_MAX, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('depth', [$v], 'ValueError', 1);
}
foreach (['', 'abc', '0123456789ABCDEF', '0123456789abcdeg', '0123456789abcde', '0123456789abcdef0', "0123456789abcde\0",
	" 0123456789abcde", '0123456789abcdef ', "\xff", $mb] as $v) {
	foreach (['position', 'estimatedWait', 'status', 'result'] as $method) {
		$sw->bad($method, [$v], 'ValueError', 1);
	}
}
foreach ([-0.001, -1, 3600.5, PHP_INT_MAX, -PHP_INT_MAX - 1, INF, -INF, NAN, 1e308] as $v) {
	$sw->bad('result', [$fx->jobId, $v], 'ValueError', 2);
}
foreach ([-1, -PHP_INT_MAX - 1] as $v) {
	$sw->bad('work', [$v], 'ValueError', 1);
}
foreach ([-0.001, -1, -PHP_INT_MAX - 1, INF, -INF, NAN] as $v) {
	$sw->bad('work', [1, $v], 'ValueError', 2);
}

$sw->finish();
?>
--EXPECT--
Calcom\Client: 1051 cases, 0 unexpected
  __construct: 215 cases: ArgumentCountError 2, TypeError 100, ValueError 113
  getAvailableSlots: 209 cases: ArgumentCountError 2, TypeError 116, ValueError 91
  getAvailableSlotsMany: 99 cases: ArgumentCountError 2, TypeError 38, ValueError 59
  createBooking: 170 cases: ArgumentCountError 2, TypeError 72, ValueError 96
  rescheduleBooking: 104 cases: ArgumentCountError 2, TypeError 54, ValueError 48
  cancelBooking: 70 cases: ArgumentCountError 2, TypeError 43, ValueError 25
  getEventTypes: 1 cases: ArgumentCountError 1
  invalidateAvailability: 85 cases: ArgumentCountError 2, TypeError 73, ValueError 10
  warm: 97 cases: ArgumentCountError 2, TypeError 71, ValueError 24
  stats: 1 cases: ArgumentCountError 1
  redis: no keys, no write commands
  emulator: no requests
Calcom\AlternativeFinder: 449 cases, 0 unexpected
  __construct: 170 cases: ArgumentCountError 2, TypeError 96, ValueError 72
  setTenantContext: 64 cases: ArgumentCountError 2, TypeError 45, ValueError 17
  findAlternatives: 147 cases: ArgumentCountError 2, TypeError 122, ValueError 23
  buildAlternativeResponse: 68 cases: ArgumentCountError 2, TypeError 47, ValueError 19
  redis: no keys, no write commands
  emulator: no requests
Calcom\RequestQueue: 663 cases, 0 unexpected
  __construct: 214 cases: ArgumentCountError 2, TypeError 121, ValueError 91
  enqueue: 196 cases: ArgumentCountError 2, TypeError 115, ValueError 79
  depth: 30 cases: ArgumentCountError 1, TypeError 24, ValueError 5
  position: 35 cases: ArgumentCountError 2, TypeError 22, ValueError 11
  estimatedWait: 35 cases: ArgumentCountError 2, TypeError 22, ValueError 11
  status: 35 cases: ArgumentCountError 2, TypeError 22, ValueError 11
  result: 64 cases: ArgumentCountError 2, TypeError 42, ValueError 20
  work: 54 cases: ArgumentCountError 1, TypeError 45, ValueError 8
  redis: no keys, no write commands
  emulator: no requests
