--TEST--
Client availability cache with a long Store prefix: keys the reads accept (up to 594 bytes) are invalidated too, by invalidateAvailability() and by bookings
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = str_pad('cache-longprefix-' . getmypid() . '-', 480, 'p') . ':';
$raw = new RawRedis(redis_port());
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['tenant' => 'acme', 'cache' => new Calcom\SwrCache($store)]);
$calls = fn () => count(emulator_requests('slots'));

$client->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
$keys = $raw->cmd('KEYS', "{$prefix}*-[0-9][0-9]");
echo count($keys), ' day keys of ', strlen($keys[0]), " bytes\n";
echo 'invalidated: ', $client->invalidateAvailability(1001, new DateTimeImmutable('2025-10-02', new DateTimeZone('Europe/Berlin'))), "\n";
$n = $calls();
$client->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
echo 'next read: ', $calls() - $n, " call\n";

$client->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-02T09:00:00+02:00',
	'attendee' => ['name' => 'Anna Beispiel', 'email' => 'anna@example.com']]);
$n = $calls();
$days = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
echo 'after a booking: ', $calls() - $n, ' call, the booked slot ',
	in_array('2025-10-02T09:00:00+02:00', $days['2025-10-02'], true) ? 'still offered' : 'gone', "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
3 day keys of 523 bytes
invalidated: 3
next read: 1 call
after a booking: 1 call, the booked slot gone
