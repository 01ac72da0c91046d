--TEST--
Client::createBooking() with Redis down: on_failure "open" books without the fleet guard, "closed" refuses with StoreException before anything is sent
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$dead = 'redis://127.0.0.1:' . free_port();
$booking = ['eventTypeId' => 1001, 'start' => '2025-10-01T09:00:00+02:00',
	'attendee' => ['name' => 'Anna Beispiel', 'email' => 'anna@example.com']];

$closed = test_client(['store' => new Calcom\Store($dead, ['on_failure' => 'closed', 'connect_timeout' => 0.2])]);
try {
	$closed->createBooking($booking);
} catch (Calcom\StoreException $e) {
	echo 'closed: ', get_class($e), ', POSTs ', count(emulator_requests('bookings_create')), "\n";
}

$open = test_client(['store' => new Calcom\Store($dead, ['connect_timeout' => 0.2])]);
$b = $open->createBooking($booking);
echo 'open: booked ', $b['start'], ', POSTs ', count(emulator_requests('bookings_create')), "\n";
?>
--EXPECT--
closed: Calcom\StoreException, POSTs 0
open: booked 2025-10-01T07:00:00.000Z, POSTs 1
