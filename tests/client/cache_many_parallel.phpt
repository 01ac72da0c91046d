--TEST--
Client::getAvailableSlotsMany() with the availability cache: queries the cache cannot serve (over 92 days) are sent in the same parallel batch as the cached queries' missing spans
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 1000]);
$prefix = 'cache-manypar-' . getmypid() . ':';
$raw = new RawRedis(redis_port());
$client = test_client(['cache' => new Calcom\SwrCache(new Calcom\Store(redis_dsn(), ['prefix' => $prefix]), ['wait_timeout' => 60]),
	'tenant' => 'acme']);
$r = $client->getAvailableSlotsMany([
	['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-07'],
	['eventTypeId' => 1003, 'start' => '2025-10-01', 'end' => '2026-01-31'],  // 123 days: straight to Cal.com
]);
echo 'answers: ', json_encode(array_map('count', $r)), "\n";
$log = emulator_requests('slots');
$firstAnswer = min(array_map(fn ($q) => $q['ts'] + $q['latency_ms'] / 1000, $log));
echo count($log), ' requests, all in flight together: ', var_export(max(array_column($log, 'ts')) < $firstAnswer, true), "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
answers: [5,88]
2 requests, all in flight together: true
