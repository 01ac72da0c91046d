--TEST--
Client::getAvailableSlotsMany() with the availability cache: each query is served from its tenant's cached days (its "tenant" field, as documented), and a tenant that would break keys is refused
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--XFAIL--
Bug (or stub out of step): the stub documents a per-query "tenant" for getAvailableSlotsMany(), which only means something to the cache, but getAvailableSlotsMany() never consults the cache and ignores "tenant" (even "{bad}")
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-many-' . getmypid() . ':';
$raw = new RawRedis(redis_port());
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['tenant' => 'acme', 'cache' => new Calcom\SwrCache($store)]);
$client->getAvailableSlots(1001, '2025-10-01', '2025-10-07');
$client->getAvailableSlots(1002, '2025-10-01', '2025-10-07', null, ['tenant' => 'globex']);
$n = count(emulator_requests('slots'));
$r = $client->getAvailableSlotsMany([
	['eventTypeId' => 1001, 'start' => '2025-10-02', 'end' => '2025-10-03'],
	['eventTypeId' => 1002, 'start' => '2025-10-01', 'end' => '2025-10-07', 'tenant' => 'globex'],
]);
echo 'cached queries: ', count(emulator_requests('slots')) - $n, ' calls, ', json_encode(array_map('count', $r)), "\n";
try {
	$client->getAvailableSlotsMany([['eventTypeId' => 1001, 'start' => '2025-10-02', 'end' => '2025-10-03', 'tenant' => '{bad}']]);
	echo "bad tenant accepted\n";
} catch (ValueError $e) {
	echo "bad tenant refused\n";
}
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
cached queries: 0 calls, [2,5]
bad tenant refused
