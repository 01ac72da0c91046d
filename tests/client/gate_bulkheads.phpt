--TEST--
Client breakers are bulkheads: a failing endpoint group opens its own breaker only; an open booking breaker sends nothing and frees the booking record; limiter and breaker must share a connection
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'calcom-test:bulkheads-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$template = new Calcom\CircuitBreaker($store, 'api', 4, 60);
$client = test_client(['breaker' => $template, 'store' => $store, 'retries' => 0]);
$groups = [];
foreach (['slots', 'bookings', 'event_types'] as $g) {
	$groups[$g] = new Calcom\CircuitBreaker($store, "api:$g", 4, 60);
}
function states(array $groups): string {
	return implode(' ', array_map(fn($g, $b) => "$g=" . $b->getState(), array_keys($groups), $groups));
}
function attempt(string $what, callable $f): void {
	try {
		$f();
		echo "$what: ok\n";
	} catch (Calcom\Exception $e) {
		echo "$what: ", get_class($e), ': ', preg_replace('/\?\S*/', '', $e->getMessage()), "\n";
	}
}

emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'sequence' => [503, 503, 503]]);
attempt('event types', fn() => $client->getEventTypes());
echo states($groups), ' (weight ', $groups['event_types']->getFailureCount(), ")\n";
attempt('event types', fn() => $client->getEventTypes());
attempt('event types', fn() => $client->getEventTypes());
echo states($groups), "\n";
attempt('slots', fn() => $client->getAvailableSlots(1001, '2025-10-01', '2025-10-01'));
echo 'event type requests sent: ', count(emulator_requests('event_types')), "\n";

$booking = ['eventTypeId' => 1001, 'start' => '2025-10-01T09:00:00+02:00',
	'attendee' => ['name' => 'Anna Beispiel', 'email' => 'anna@example.com', 'timeZone' => 'Europe/Berlin']];
$groups['bookings']->recordFailure(429);
$groups['bookings']->recordFailure(500);
echo states($groups), "\n";
attempt('booking', fn() => $client->createBooking($booking, 'call-42'));
echo 'booking POSTs sent: ', count(emulator_requests('bookings_create')), "\n";
// The refusal was a definite "no booking": the same key may book once the breaker closes.
$groups['bookings']->reset();
$b = $client->createBooking($booking, 'call-42');
echo 'booked after reset: ', $b['status'], ', POSTs ', count(emulator_requests('bookings_create')), "\n";

// One script per request needs limiter and breaker on one connection.
$other = private_redis_start();
try {
	test_client(['limiter' => new Calcom\RateLimiter(new Calcom\Store('redis://127.0.0.1:' . $other['port'])),
		'breaker' => $template]);
} catch (ValueError $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}
private_redis_stop($other);
try {
	test_client(['breaker' => $store]);
} catch (TypeError $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}
foreach ($groups as $b) $b->reset();
?>
--EXPECT--
event types: Calcom\ApiException: GET /event-types: HTTP 503 ServiceUnavailableException: Service Unavailable
slots=closed bookings=closed event_types=closed (weight 2)
event types: Calcom\ApiException: GET /event-types: HTTP 503 ServiceUnavailableException: Service Unavailable
event types: Calcom\CircuitOpenException: Circuit breaker is OPEN for service 'api:event_types'. Service appears to be down. Retry after 60 seconds.
slots=closed bookings=closed event_types=open
slots: ok
event type requests sent: 2
slots=closed bookings=open event_types=open
booking: Calcom\CircuitOpenException: Circuit breaker is OPEN for service 'api:bookings'. Service appears to be down. Retry after 60 seconds.
booking POSTs sent: 0
booked after reset: accepted, POSTs 1
ValueError: Calcom\Client::__construct(): Argument #2 ($options) options "limiter" and "breaker" must use the same Redis connection (one Calcom\Store, or persistent Stores with the same DSN)
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "breaker" must be of type Calcom\CircuitBreaker, Calcom\Store given
