--TEST--
Client bookings: create, lost answers reconciled before any second POST, slot taken, a dead holder's booking taken over, reschedule, cancel
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'bk-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['store' => $store]);
$plain = test_client();

function booking(string|DateTimeInterface $start, string $email = 'anna@example.com'): array {
	return ['eventTypeId' => 1001, 'start' => $start, 'attendee' => ['name' => 'Anna Beispiel', 'email' => $email,
		'timeZone' => 'Europe/Berlin', 'language' => 'de'], 'metadata' => ['source' => 'voice'], 'lengthInMinutes' => 30];
}
function posts(): int { return count(emulator_requests('bookings_create')); }
function lists(): int { return count(emulator_requests('bookings_list')); }

$b = $client->createBooking(booking('2025-10-01T09:00:00+02:00'));
printf("created %s at %s, status %s, metadata %s\n", strlen($b['uid']) > 10 ? 'uid' : '?', $b['start'], $b['status'],
	json_encode(array_keys($b['metadata'])));
$sent = emulator_requests('bookings_create')[0];
echo 'sent: ', json_encode(array_diff_key($sent['body'], ['metadata' => 1])), ' v=', $sent['headers']['cal-api-version'], "\n";
$again = $client->createBooking(booking(new DateTimeImmutable('2025-10-01 07:00', new DateTimeZone('UTC'))));
echo 'same intent again: same uid ', var_export($again['uid'] === $b['uid'], true), ', POSTs ', posts(), "\n";

// No store: the answer is lost after Cal.com committed; the client finds it.
emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_create', 'sequence' => ['lost_response']]);
$lost = $plain->createBooking(booking('2025-10-01T10:00:00+02:00'));
echo 'lost answer: found ', $lost['start'], ', POSTs ', posts(), ', lookups ', lists(), "\n";

// A 500 before committing: nothing found, so it posts again.
emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_create', 'sequence' => [500]]);
$retried = $plain->createBooking(booking('2025-10-01T11:00:00+02:00'));
echo 'plain 500: booked ', $retried['start'], ', POSTs ', posts(), ', lookups ', lists(), "\n";

// Somebody else has the slot.
try {
	$client->createBooking(booking('2025-10-01T09:00:00+02:00', 'bernd@example.com'));
} catch (Calcom\ApiException $e) {
	echo 'taken: ', $e->getStatusCode(), ' ', $e->getUserMessage(), "\n";
}

// A process claimed a booking, posted it and died before recording it. Its
// lock has expired; the next caller takes over and finds the booking.
$rid = 'deadbeefdeadbeefdeadbeefdeadbeef';
$key = $prefix . 'booking:{' . substr(sha1('cal_test_0123456789abcdef'), 0, 16) . ':' . sha1('call-42') . '}';
(new RawRedis(redis_port()))->cmd('HSET', $key, 'state', 'pending', 'owner', 'dead', 'request_id', $rid, 'lock_until', '0');
$orphan = booking('2025-10-02T09:00:00+02:00');
$orphan['metadata']['calcomRequestId'] = $rid;
$raw = stream_context_create(['http' => ['method' => 'POST', 'header' => "Authorization: Bearer cal_test_0123456789abcdef\r\n"
	. "cal-api-version: 2024-08-13\r\nContent-Type: application/json\r\n", 'content' => json_encode(
	['start' => '2025-10-02T07:00:00Z'] + array_diff_key($orphan, ['start' => 1]))]]);
$committed = json_decode(file_get_contents(emulator_url() . '/v2/bookings', false, $raw), true)['data'];
$before = posts();
$adopted = $client->createBooking(booking('2025-10-02T09:00:00+02:00'), 'call-42');
echo 'taken over: same uid ', var_export($adopted['uid'] === $committed['uid'], true), ', new POSTs ', posts() - $before, "\n";

$moved = $client->rescheduleBooking($b['uid'], ['start' => '2025-10-03T14:00:00+02:00', 'reschedulingReason' => 'Termin passt nicht']);
echo 'rescheduled: new uid ', var_export($moved['uid'] !== $b['uid'], true), ', ', $moved['start'], "\n";
$gone = $client->cancelBooking($moved['uid'], 'abgesagt');
echo 'cancelled: ', $gone['status'], "\n";
try {
	$client->cancelBooking($moved['uid']);
} catch (Calcom\ApiException $e) {
	echo 'cancel again: ', $e->getStatusCode(), "\n";
}
try {
	$client->rescheduleBooking('nope404', ['start' => '2025-10-03T15:00:00+02:00']);
} catch (Calcom\ApiException $e) {
	echo 'unknown uid: ', $e->getStatusCode(), "\n";
}

emulator('DELETE', '/__admin/requests');
foreach ([
	fn () => $client->createBooking(['start' => '2025-10-01T09:00:00Z', 'attendee' => ['name' => 'A', 'email' => 'a@x.de']]),
	fn () => $client->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-01', 'attendee' => ['name' => 'A', 'email' => 'a@x.de']]),
	fn () => $client->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-01T09:00:00Z', 'attendee' => ['email' => 'a@x.de']]),
	fn () => $client->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-01T09:00:00Z', 'attendee' => ['name' => 'A']]),
	fn () => $client->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-01T09:00:00Z', 'attendee' => ['name' => 'A', 'email' => 'nope']]),
	fn () => $client->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-01T09:00:00Z', 'attendee' => ['name' => 'A', 'email' => 'a@x.de'], 'colour' => 1]),
	fn () => $client->createBooking(booking('2025-10-01T09:00:00Z'), ''),
	fn () => $client->createBooking(booking('9999-12-31T23:00:00-23:00')),
	fn () => $client->rescheduleBooking('../x', ['start' => '2025-10-01T09:00:00Z']),
	fn () => $client->rescheduleBooking('abc', []),
	fn () => $client->cancelBooking(''),
] as $call) {
	try {
		$call();
		echo "accepted\n";
	} catch (TypeError|ValueError $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}
echo 'requests sent for bad input: ', count(emulator_requests()), "\n";
?>
--EXPECT--
created uid at 2025-10-01T07:00:00.000Z, status accepted, metadata ["source","calcomRequestId"]
sent: {"start":"2025-10-01T07:00:00Z","eventTypeId":1001,"attendee":{"name":"Anna Beispiel","email":"anna@example.com","timeZone":"Europe\/Berlin","language":"de"},"lengthInMinutes":30} v=2024-08-13
same intent again: same uid true, POSTs 1
lost answer: found 2025-10-01T08:00:00.000Z, POSTs 2, lookups 1
plain 500: booked 2025-10-01T09:00:00.000Z, POSTs 4, lookups 2
taken: 400 Dieser Termin ist leider nicht mehr frei. Möchten Sie einen anderen Termin wählen?
taken over: same uid true, new POSTs 0
rescheduled: new uid true, 2025-10-03T12:00:00.000Z
cancelled: cancelled
cancel again: 400
unknown uid: 404
ValueError: Calcom\Client::createBooking(): Argument #1 ($booking) "eventTypeId" must be a positive int
ValueError: Calcom\Client::createBooking(): Argument #1 ($booking) "start" must be a timestamp (RFC 3339 or DateTimeInterface)
ValueError: Calcom\Client::createBooking(): Argument #1 ($booking) attendee "name" is required
ValueError: Calcom\Client::createBooking(): Argument #1 ($booking) attendee "email" is required
ValueError: Calcom\Client::createBooking(): Argument #1 ($booking) attendee "email" must be an email address
ValueError: Calcom\Client::createBooking(): Argument #1 ($booking) has unknown key "colour" (expected eventTypeId, start, attendee, metadata, lengthInMinutes or bookingFieldsResponses)
ValueError: Calcom\Client::createBooking(): Argument #2 ($idempotencyKey) must be between 1 and 255 bytes long
ValueError: Calcom\Client::createBooking(): Argument #1 ($booking) "start" is out of range
ValueError: Calcom\Client::rescheduleBooking(): Argument #1 ($uid) must be a booking uid (letters, digits, - and _)
ValueError: Calcom\Client::rescheduleBooking(): Argument #2 ($data) must contain "start"
ValueError: Calcom\Client::cancelBooking(): Argument #1 ($uid) must be a booking uid (letters, digits, - and _)
requests sent for bad input: 0
