--TEST--
Client::getAvailableSlotsMany(): 8 queries are in flight at once on one curl-multi handle; results keep input order and one failure loses nothing else
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
emulator_reset();
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 300]);
$client = test_client();

$queries = [];
foreach (['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08', '2025-10-09', '2025-10-10'] as $i => $day) {
	$queries["q$i"] = ['eventTypeId' => 1001, 'start' => $day, 'end' => $day, 'teamId' => null,
		'timeZone' => $i === 7 ? 'Etc/UTC' : null];
}
$results = $client->getAvailableSlotsMany($queries);
foreach ($results as $i => $days) {
	echo $i, ': ', implode(',', array_keys($days)), ' ', count(reset($days)), ' slots from ', reset($days)[0], "\n";
}

// The server's view: every request arrived before the first one was answered.
$log = emulator_requests('slots');
$arrivals = array_column($log, 'ts');
$firstAnswer = min(array_map(fn ($r) => $r['ts'] + $r['latency_ms'] / 1000, $log));
echo count($log), ' requests, all in flight together: ', var_export(max($arrivals) < $firstAnswer, true), "\n";
// (At least: requests a previous test abandoned may still be sleeping there.)
echo 'max concurrency seen by the server >= 8: ', var_export(emulator('GET', '/__admin/stats')['max_concurrency'] >= 8, true), "\n";

// One bad query (unknown event type) fails alone.
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 0]);
$mixed = $client->getAvailableSlotsMany([
	['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-01'],
	['eventTypeId' => 424242, 'start' => '2025-10-01', 'end' => '2025-10-01'],
	['eventTypeId' => 1003, 'start' => '2025-10-01', 'end' => '2025-10-01'],
]);
foreach ($mixed as $i => $r) {
	echo $i, ': ', is_array($r) ? count($r['2025-10-01']) . ' slots' : get_class($r) . ' ' . $r->getStatusCode(), "\n";
}
var_dump($client->getAvailableSlotsMany([]));

// Bad input anywhere is refused before anything is sent.
emulator('DELETE', '/__admin/requests');
foreach ([
	[['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-01'], 'not an array'],
	[['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-01'], ['eventTypeId' => -5, 'start' => '2025-10-01', 'end' => '2025-10-01']],
	[['eventTypeId' => '1001', 'start' => '2025-10-01', 'end' => '2025-10-01']],
	[['eventTypeId' => 1001, 'start' => '2025-10-01']],
	[['eventTypeId' => 1001, 'start' => '2025-10-02', 'end' => '2025-10-01']],
	[['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-01', 'timeZone' => 'Mars/Olympus']],
] as $bad) {
	try {
		$client->getAvailableSlotsMany($bad);
	} catch (TypeError|ValueError $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}
echo 'requests sent for bad input: ', count(emulator_requests()), "\n";
?>
--EXPECT--
q0: 2025-10-01 18 slots from 2025-10-01T09:00:00+02:00
q1: 2025-10-02 18 slots from 2025-10-02T09:00:00+02:00
q2: 2025-10-03 18 slots from 2025-10-03T09:00:00+02:00
q3: 2025-10-06 18 slots from 2025-10-06T09:00:00+02:00
q4: 2025-10-07 18 slots from 2025-10-07T09:00:00+02:00
q5: 2025-10-08 18 slots from 2025-10-08T09:00:00+02:00
q6: 2025-10-09 18 slots from 2025-10-09T09:00:00+02:00
q7: 2025-10-10 18 slots from 2025-10-10T07:00:00+00:00
8 requests, all in flight together: true
max concurrency seen by the server >= 8: true
0: 18 slots
1: Calcom\ApiException 404
2: 36 slots
array(0) {
}
TypeError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 1 must be of type array, string given
ValueError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 1 eventTypeId must be greater than 0
TypeError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 0 eventTypeId must be of type int
ValueError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 0 needs start and end
ValueError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 0 end must not be before start
ValueError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 0 timeZone must be a known time zone identifier
requests sent for bad input: 0
