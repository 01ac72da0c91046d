--TEST--
Client availability cache: a booking invalidates its days in every zone the client's tenant has them cached under, not only in the client's time_zone
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-zones-' . getmypid() . ':';
$raw = new RawRedis(redis_port());
$client = test_client(['cache' => new Calcom\SwrCache(new Calcom\Store(redis_dsn(), ['prefix' => $prefix])), 'tenant' => 'acme']);
$slot = ['Europe/Berlin' => '2025-10-06T10:00:00+02:00', 'America/New_York' => '2025-10-06T04:00:00-04:00'];
foreach ($slot as $zone => $s) {
	$client->getAvailableSlots(1001, '2025-10-06', '2025-10-06', null, ['timeZone' => $zone]);
}
$client->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-06T10:00:00+02:00',
	'attendee' => ['name' => 'Anna Beispiel', 'email' => 'anna@example.com']]);
foreach ($slot as $zone => $s) {
	$days = $client->getAvailableSlots(1001, '2025-10-06', '2025-10-06', null, ['timeZone' => $zone]);
	echo "$zone: the booked slot ", in_array($s, $days['2025-10-06'] ?? [], true) ? 'still offered' : 'gone', "\n";
}
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
Europe/Berlin: the booked slot gone
America/New_York: the booked slot gone
