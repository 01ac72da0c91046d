--TEST--
Client::getAvailableSlotsMany() through the availability cache: the same answers as without it; the missing spans of all queries in one parallel batch (overlapping queries share days); per-query tenant and zone; failures stay with their query; warm queries send nothing
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-many-' . getmypid() . ':';
$raw = new RawRedis(redis_port());
// A generous wait_timeout: the batch may be slow (valgrind) and a query waits for another's days.
$cache = new Calcom\SwrCache(new Calcom\Store(redis_dsn(), ['prefix' => $prefix]), ['wait_timeout' => 60]);
$client = test_client(['cache' => $cache, 'tenant' => 'acme']);
$queries = [
	'a' => ['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-07'],
	// Overlaps a: its 5th to 7th come from a's fetch, only the 8th to 10th are its own.
	'b' => ['eventTypeId' => 1001, 'start' => '2025-10-05', 'end' => '2025-10-10', 'tenant' => null],
	'c' => ['eventTypeId' => 1002, 'start' => '2025-10-01T12:00:00-04:00', 'end' => '2025-10-03T10:00:00-04:00',
		'tenant' => 'globex', 'timeZone' => 'America/New_York'],
	'd' => ['eventTypeId' => 424242, 'start' => '2025-10-01', 'end' => '2025-10-03'],
];
$plain = test_client()->getAvailableSlotsMany($queries);
function show(array $results, array $plain): string {
	return implode(', ', array_map(fn ($k, $v) => "$k " . (is_array($v) ? ($v === $plain[$k] ? 'identical' : 'DIFFERENT') .
		' (' . count($v) . ' days)' : get_class($v) . ' ' . $v->getStatusCode()), array_keys($results), $results));
}

emulator('DELETE', '/__admin/requests');
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 1000]);
$r = $client->getAvailableSlotsMany($queries);
echo 'cold: ', show($r, $plain), "\n";
$log = emulator_requests('slots');
$spans = array_map(fn ($q) => "{$q['query']['eventTypeId']} {$q['query']['start']} … {$q['query']['end']}", $log);
sort($spans);
echo '  ', count($log), " requests:\n    ", implode("\n    ", $spans), "\n";
$firstAnswer = min(array_map(fn ($q) => $q['ts'] + $q['latency_ms'] / 1000, $log));
echo '  all in flight together: ', var_export(max(array_column($log, 'ts')) < $firstAnswer, true), "\n";
$s = $cache->stats();
echo "  misses {$s['misses']}, coalesced waits {$s['coalesced_waits']}, store errors {$s['store_errors']}\n";
$keys = $raw->cmd('KEYS', "{$prefix}avail:*-[0-9][0-9]");
$per = array_count_values(array_map(fn ($k) => preg_replace('/^.*\{(.*)\}:(.*):\d{4}-\d\d-\d\d$/', '$1 $2', $k), $keys));
ksort($per);
echo '  day keys: ', json_encode($per), ', locks: ', count($raw->cmd('KEYS', "{$prefix}*:lock")), "\n";

emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 0]);
emulator('DELETE', '/__admin/requests');
$r = $client->getAvailableSlotsMany($queries);
echo 'warm: ', show($r, $plain), "\n";
echo '  requests: ', implode(', ', array_map(fn ($q) => $q['query']['eventTypeId'], emulator_requests('slots'))), "\n";

// Each query reads its own tenant's days: acme's client, asking as globex for 1001, finds none.
emulator('DELETE', '/__admin/requests');
$r = $client->getAvailableSlotsMany([['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-02', 'tenant' => 'globex']]);
echo 'globex 1001: ', count($r[0]), ' days, requests ', count(emulator_requests('slots')), "\n";

emulator('DELETE', '/__admin/requests');
foreach (['{x}', '', 5] as $bad) {
	try {
		$client->getAvailableSlotsMany([['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-01'],
			['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-01', 'tenant' => $bad]]);
		echo "accepted\n";
	} catch (ValueError $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}
echo 'requests sent for bad input: ', count(emulator_requests()), "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
cold: a identical (5 days), b identical (5 days), c identical (2 days), d Calcom\ApiException 404
  4 requests:
    1001 2025-10-01T00:00:00+02:00 … 2025-10-07T23:59:59+02:00
    1001 2025-10-08T00:00:00+02:00 … 2025-10-10T23:59:59+02:00
    1002 2025-10-01T00:00:00-04:00 … 2025-10-03T23:59:59-04:00
    424242 2025-10-01T00:00:00+02:00 … 2025-10-03T23:59:59+02:00
  all in flight together: true
  misses 16, coalesced waits 3, store errors 0
  day keys: {"acme:1001 Europe\/Berlin":10,"globex:1002 America\/New_York":3}, locks: 0
warm: a identical (5 days), b identical (5 days), c identical (2 days), d Calcom\ApiException 404
  requests: 424242
globex 1001: 2 days, requests 1
ValueError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 1 tenant must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 1 tenant must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry 1 tenant must be 1 to 128 bytes without "{", "}" or NUL bytes
requests sent for bad input: 0
