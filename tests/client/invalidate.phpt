--TEST--
Client::invalidateAvailability(): the tenant's event type, the day before to seven days after, in $around's zone: at most nine keys, one round trip, nothing else touched
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
$prefix = 'inv-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['store' => $store]);
$raw = new RawRedis(redis_port());

$key = fn (string $tenant, int $type, string $tz, string $date) => "{$prefix}avail:{{$tenant}:$type}:$tz:$date";
// A month of cached days for two tenants and two event types, one zone.
for ($d = new DateTimeImmutable('2025-10-15'); $d < new DateTimeImmutable('2025-11-10'); $d = $d->modify('+1 day')) {
	foreach (['acme', 'globex'] as $tenant) {
		foreach ([1001, 1002] as $type) {
			$raw->cmd('SET', $key($tenant, $type, 'Europe/Berlin', $d->format('Y-m-d')), '[]', 'EX', '600');
		}
	}
}
$count = fn () => count($raw->cmd('KEYS', "{$prefix}avail:*"));
$before = $count();

// A booking on the Sunday summer time ends: 2025-10-25 … 2025-11-02.
$around = new DateTimeImmutable('2025-10-26 10:00', new DateTimeZone('Europe/Berlin'));
$store->ping();  // connected, so the count below is the call's own
$trips = $store->stats()['round_trips'];
echo 'deleted: ', $client->invalidateAvailability(1001, $around, 'acme'), "\n";
echo 'round trips: ', $store->stats()['round_trips'] - $trips, "\n";
echo 'keys gone: ', $before - $count(), "\n";
foreach (['2025-10-24', '2025-10-25', '2025-11-02', '2025-11-03'] as $date) {
	echo "acme 1001 $date: ", $raw->cmd('EXISTS', $key('acme', 1001, 'Europe/Berlin', $date)) ? 'kept' : 'deleted', "\n";
}
echo 'other tenant, same days: ', $raw->cmd('EXISTS', $key('globex', 1001, 'Europe/Berlin', '2025-10-26')) ? 'kept' : 'deleted', "\n";
echo 'other event type: ', $raw->cmd('EXISTS', $key('acme', 1002, 'Europe/Berlin', '2025-10-26')) ? 'kept' : 'deleted', "\n";
echo 'again: ', $client->invalidateAvailability(1001, $around, 'acme'), "\n";

// The zone comes from $around: the same instant in UTC names other keys.
echo 'UTC keys: ', $client->invalidateAvailability(1002, $around->setTimezone(new DateTimeZone('UTC')), 'acme'), "\n";

// Without a tenant, one derived from the API key: never another tenant's.
echo 'no tenant: ', $client->invalidateAvailability(1002, $around), "\n";
echo 'no store: ', test_client()->invalidateAvailability(1001, $around, 'acme'), "\n";
foreach (['{x}', ''] as $bad) {
	try {
		$client->invalidateAvailability(1001, $around, $bad);
	} catch (ValueError $e) {
		echo $e->getMessage(), "\n";
	}
}
try {
	$client->invalidateAvailability(0, $around);
} catch (ValueError $e) {
	echo $e->getMessage(), "\n";
}
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
deleted: 9
round trips: 1
keys gone: 9
acme 1001 2025-10-24: kept
acme 1001 2025-10-25: deleted
acme 1001 2025-11-02: deleted
acme 1001 2025-11-03: kept
other tenant, same days: kept
other event type: kept
again: 0
UTC keys: 0
no tenant: 0
no store: 0
Calcom\Client::invalidateAvailability(): Argument #3 ($tenant) must be 1 to 128 bytes without "{", "}" or NUL bytes
Calcom\Client::invalidateAvailability(): Argument #3 ($tenant) must be 1 to 128 bytes without "{", "}" or NUL bytes
Calcom\Client::invalidateAvailability(): Argument #1 ($eventTypeId) must be greater than 0
