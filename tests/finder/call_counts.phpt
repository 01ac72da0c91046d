--TEST--
AlternativeFinder: upstream calls — a cold search over the default 14 days is one GET /v2/slots (event type, config zone, no duration: the event type's own grid) covering the adjusted day … day + 14; a warm search none; a later desired day fetches only the day the cache lacks; the cache holds one entry per day
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
finder_emulator(finder_week());
$prefix = finder_prefix('call-counts');
$client = finder_client($prefix);
$finder = new Calcom\AlternativeFinder($client);
$line = fn (array $r) => json_encode(array_map(fn ($a) => $a['datetime']->format('Y-m-d H:i P') . ' ' . $a['type'] . ' ' . $a['score'],
	$r['alternatives'])) . " api_calls {$r['api_calls']}";

// Desired Wed 01.10. 10:00: 09:00 (10440), 11:00 (10240).
$cold = $finder->findAlternatives(berlin('2025-10-01 10:00'), 60, FINDER_ET60);
echo 'cold: ', $line($cold), "\n";
foreach (emulator_requests('slots') as $request) {
	echo '  request: ', finder_request_line($request), ', cal-api-version ', $request['headers']['cal-api-version'] ?? '-', "\n";
}

$warm = $finder->findAlternatives(berlin('2025-10-01 10:00'), 60, FINDER_ET60);
echo 'warm: ', $line($warm), ', requests now: ', finder_slots_calls(), "\n";
// Another finder on the same client and tenant, another duration: the same entries.
$warm2 = (new Calcom\AlternativeFinder($client, ['max_alternatives' => 1]))->findAlternatives(berlin('2025-10-01 10:30'), 30, FINDER_ET60);
// 10:30, 30 min, morning: 10:00 (−30, earlier 10470), 11:00 (+30, later 10270), …: 10:00.
echo 'warm, 10:30: ', $line($warm2), ', requests now: ', finder_slots_calls(), "\n";

// Desired Thu 02.10. 15:00: horizon 02.10. … 16.10.; only 16.10. is missing.
// Same day, afternoon: 16:00 (10440), 17:00 (10380).
$later = $finder->findAlternatives(berlin('2025-10-02 15:00'), 60, FINDER_ET60);
echo 'next day: ', $line($later), "\n";
foreach (array_slice(emulator_requests('slots'), 1) as $request) {
	echo '  request: ', finder_request_line($request), "\n";
}
foreach (finder_cache_keys($prefix) as $l) {
	echo $l, "\n";
}
finder_cleanup($prefix);
?>
--EXPECT--
cold: ["2025-10-01 09:00 +02:00 same_day_earlier 10440","2025-10-01 11:00 +02:00 same_day_later 10240"] api_calls 1
  request: eventTypeId=2001 2025-10-01 … 2025-10-15 timeZone=Europe/Berlin, cal-api-version 2024-09-04
warm: ["2025-10-01 09:00 +02:00 same_day_earlier 10440","2025-10-01 11:00 +02:00 same_day_later 10240"] api_calls 0, requests now: 1
warm, 10:30: ["2025-10-01 10:00 +02:00 same_day_earlier 10470"] api_calls 0, requests now: 1
next day: ["2025-10-02 16:00 +02:00 same_day_later 10440","2025-10-02 17:00 +02:00 same_day_later 10380"] api_calls 1
  request: eventTypeId=2001 2025-10-16 … 2025-10-16 timeZone=Europe/Berlin
{acme:2001}:Europe/Berlin: 16 days 2025-10-01 … 2025-10-16
