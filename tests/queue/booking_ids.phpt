--TEST--
RequestQueue bookings: a booking job's idempotency key must be unique to the job, not just its 16-digit id: a job of a second queue on the same store (its id is 0000000000000001 too), and a job enqueued after the queue's keys expired (job_ttl 1 s: the ids start again at 1) each make their own booking instead of getting an earlier job's
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
q_unlimited();
$prefix = q_prefix('booking-ids');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['store' => $store]);

function booking(string $start, string $email): array
{
	return ['eventTypeId' => 1001, 'start' => $start,
		'attendee' => ['name' => 'Anna Beispiel', 'email' => $email, 'timeZone' => 'Europe/Berlin']];
}
function book(Calcom\RequestQueue $q, string $start, string $email): string
{
	$id = $q->enqueue('POST', '/bookings', booking($start, $email));
	$q->work(1, 60.0);
	$r = $q->result($id);
	$mine = array_filter(emulator('GET', '/__admin/bookings')['bookings'], fn ($b) => $b['attendees'][0]['email'] === $email);
	return sprintf('job %s: %s, its result is its own booking: %s (%s), bookings for it at Cal.com: %d', $id,
		$r['status'] ?? 'no result', var_export(($r['result']['attendees'][0]['email'] ?? null) === $email, true),
		$r['result']['start'] ?? '-', count($mine));
}

$first = new Calcom\RequestQueue($store, $client, ['name' => 'first']);
echo 'queue "first": ', book($first, '2025-10-01T09:00:00+02:00', 'anna@example.com'), "\n";
$second = new Calcom\RequestQueue($store, $client, ['name' => 'second']);
echo 'queue "second": ', book($second, '2025-10-01T10:00:00+02:00', 'bernd@example.com'), "\n";

// A store of its own, so only its own earlier job can collide.
$sstore = new Calcom\Store(redis_dsn(), ['prefix' => $prefix . 'short:']);
$short = new Calcom\RequestQueue($sstore, test_client(['store' => $sstore]), ['name' => 'short', 'job_ttl' => 1]);
echo 'queue "short": ', book($short, '2025-10-01T11:00:00+02:00', 'clara@example.com'), "\n";
usleep(2500000);
echo 'after job_ttl, its keys: ', count(array_filter(q_keys($prefix), fn ($k) => str_contains($k, '{short}'))), "\n";
echo 'queue "short" again: ', book($short, '2025-10-01T12:00:00+02:00', 'dora@example.com'), "\n";
echo 'POSTs: ', count(q_log('bookings_create')), "\n";
q_cleanup($prefix);
?>
--EXPECT--
queue "first": job 0000000000000001: done, its result is its own booking: true (2025-10-01T07:00:00.000Z), bookings for it at Cal.com: 1
queue "second": job 0000000000000001: done, its result is its own booking: true (2025-10-01T08:00:00.000Z), bookings for it at Cal.com: 1
queue "short": job 0000000000000001: done, its result is its own booking: true (2025-10-01T09:00:00.000Z), bookings for it at Cal.com: 1
after job_ttl, its keys: 0
queue "short" again: job 0000000000000001: done, its result is its own booking: true (2025-10-01T10:00:00.000Z), bookings for it at Cal.com: 1
POSTs: 4
