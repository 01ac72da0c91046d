--TEST--
AlternativeFinder: the busy callable — called with (companyId, branchId, customerId, from, to) covering the horizon; [start, end) pairs as strings or DateTimeInterface, from a generator or an array; a slot overlapping a busy interval for the requested duration (not the slot length) is never offered; touching is not overlapping
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
// Mon–Fri 09:00–18:00, nothing booked at Cal.com: all 60-minute slots free.
finder_emulator(finder_week());
$prefix = finder_prefix('busy');
$client = finder_client($prefix);

$calls = [];
function describe_call(array $args): string
{
	[$company, $branch, $customer, $from, $to] = $args + [null, null, null, null, null];
	$ok = $from instanceof DateTimeImmutable && $to instanceof DateTimeImmutable
		// it covers the horizon 01.10. 00:00 … 15.10. 24:00 (Berlin) and not absurdly more
		&& $from <= berlin('2025-10-01 00:00') && $from >= berlin('2025-09-30 00:00')
		&& $to >= berlin('2025-10-15 23:59') && $to <= berlin('2025-10-17 00:00');
	return sprintf('busy(%s, %s, %s, from, to) %d arguments, from/to DateTimeImmutable covering the horizon: %s',
		var_export($company, true), var_export($branch, true), var_export($customer, true), count($args), var_export($ok, true));
}
// Busy (Berlin wall clock):
//   A Wed 12:15–12:45, RFC 3339 strings with offset
//   B Wed 09:00–09:30, DateTimeImmutable in UTC
//   C Thu 09:00–10:30, strings in Z
//   D Thu 10:30–11:00, mutable DateTime
$busy = function (...$args) use (&$calls) {
	$calls[] = $args;
	yield ['2025-10-01T12:15:00+02:00', '2025-10-01T12:45:00+02:00'];
	yield [new DateTimeImmutable('2025-10-01 07:00', new DateTimeZone('UTC')), new DateTimeImmutable('2025-10-01 07:30', new DateTimeZone('UTC'))];
	yield ['2025-10-02T07:00:00Z', '2025-10-02T08:30:00Z'];
	yield [new DateTime('2025-10-02 10:30', new DateTimeZone('Europe/Berlin')), new DateTime('2025-10-02 11:00', new DateTimeZone('Europe/Berlin'))];
};
$finder = (new Calcom\AlternativeFinder($client, ['busy' => $busy]))->setTenantContext(7, 'b-1');

// 90 minutes, desired Wed 01.10. 10:00. Same day within ±120: 09:00 [09:00,
// 10:30) overlaps B; 11:00 [11:00, 12:30) overlaps A (a 60-minute meeting
// would not); 12:00 overlaps A. Nothing. Next workday Thu 02.10.: 09:00
// [09:00, 10:30) overlaps C; 10:00 [10:00, 11:30) overlaps C and D; 11:00
// [11:00, 12:30) starts where D ends: free; 12:00 free. 2 collected.
// Thu 11:00: 1500 away, 10000−1500+250 = 8750; Thu 12:00: 1560, 8690.
finder_search('90 min, busy, tenant 7/b-1, customer 555', $finder, berlin('2025-10-01 10:00'), 90, FINDER_ET60, 555);
echo '  ', count($calls), ' call(s): ', describe_call($calls[0] ?? []), "\n";

// 60 minutes: Wed 09:00 [09:00, 10:00) overlaps B; 11:00 [11:00, 12:00) is
// free; 12:00 [12:00, 13:00) overlaps A. Same day: 11:00 later (10240), 1 < 2.
// Next workday: 09:00 and 10:00 overlap C ([10:00, 11:00) vs [09:00, 10:30)),
// 11:00 and 12:00 free (8750, 8690). Best two: Wed 11:00 10240, Thu 11:00 8750.
$calls = [];
finder_search('60 min, busy, customer 555', $finder, berlin('2025-10-01 10:00'), 60, FINDER_ET60, 555);
echo '  ', count($calls), ' call(s): ', describe_call($calls[0] ?? []), "\n";

// Without busy, 90 minutes: same day 09:00 (earlier, 10440), 11:00 (later,
// 10240), 12:00 (10180): the first two.
finder_search('90 min, no busy', (new Calcom\AlternativeFinder($client))->setTenantContext(7, 'b-1'), berlin('2025-10-01 10:00'), 90);

// No tenant context, no customer; the callable returns an array (nothing busy).
$calls = [];
$plain = new Calcom\AlternativeFinder($client, ['busy' => function (...$args) use (&$calls) {
	$calls[] = $args;
	return [];
}]);
finder_search('no context, busy returns []', $plain, berlin('2025-10-01 10:00'));
echo '  ', count($calls), ' call(s): ', describe_call($calls[0] ?? []), "\n";

// Company only.
$calls = [];
$finder->setTenantContext(7);
finder_search('company 7 only, 60 min', $finder, berlin('2025-10-01 10:00'));
echo '  ', count($calls), ' call(s): ', describe_call($calls[0] ?? []), "\n";

finder_cleanup($prefix);
?>
--EXPECT--
90 min, busy, tenant 7/b-1, customer 555
  2025-10-02 11:00 +02:00  next_workday       8750  Donnerstag, 02.10. um 11:00 Uhr
  2025-10-02 12:00 +02:00  next_workday       8690  Donnerstag, 02.10. um 12:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Donnerstag, 02.10. um 11:00 Uhr oder Donnerstag, 02.10. um 12:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
  1 call(s): busy(7, 'b-1', 555, from, to) 5 arguments, from/to DateTimeImmutable covering the horizon: true
60 min, busy, customer 555
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  2025-10-02 11:00 +02:00  next_workday       8750  Donnerstag, 02.10. um 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 11:00 Uhr oder Donnerstag, 02.10. um 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
  1 call(s): busy(7, 'b-1', 555, from, to) 5 arguments, from/to DateTimeImmutable covering the horizon: true
90 min, no busy
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
no context, busy returns []
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
  1 call(s): busy(NULL, NULL, NULL, from, to) 5 arguments, from/to DateTimeImmutable covering the horizon: true
company 7 only, 60 min
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  2025-10-02 11:00 +02:00  next_workday       8750  Donnerstag, 02.10. um 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 11:00 Uhr oder Donnerstag, 02.10. um 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
  1 call(s): busy(7, NULL, NULL, from, to) 5 arguments, from/to DateTimeImmutable covering the horizon: true
