--TEST--
RequestQueue bookings: a POST /bookings job books through createBooking with an idempotency key unique to the job; run twice (its worker SIGKILLed after the POST went out, the next worker takes it over) or with the answer lost, it still makes exactly one booking; a taken slot fails at once; reschedule and cancel run through the queue too
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
all
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
q_unlimited();
$prefix = q_prefix('bookings');
$options = ['concurrency' => 2, 'visibility_timeout' => 2];
// The child's booking lock lasts 2 x attempts x timeout + 5 s = 7 s: the
// next worker waits that out, then finds the committed booking.
$clientOptions = ['timeout' => 1];
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = new Calcom\Client(Q_API_KEY, ['base_url' => emulator_url() . '/v2', 'retries' => 0, 'store' => $store, 'timeout' => 5]);
$q = new Calcom\RequestQueue($store, $client, $options);

function booking(string $start, string $email): array
{
	return ['eventTypeId' => 1001, 'start' => $start,
		'attendee' => ['name' => 'Anna Beispiel', 'email' => $email, 'timeZone' => 'Europe/Berlin', 'language' => 'de']];
}
function accepted(): array
{
	return array_values(array_filter(emulator('GET', '/__admin/bookings')['bookings'], fn ($b) => $b['status'] === 'accepted'));
}
function summary(Calcom\RequestQueue $q, string $id): string
{
	$r = $q->result($id);
	return $r === null ? 'no result' : "{$r['status']} after {$r['attempts']} attempt(s)"
		. ($r['error'] ? ", error {$r['error']['type']} {$r['error']['status']}" : '');
}

$id = $q->enqueue('POST', '/bookings', booking('2025-10-01T09:00:00+02:00', 'anna@example.com'), 1);
echo 'plain: worked ', $q->work(1, 60.0), ', ', summary($q, $id), "\n";
$b = $q->result($id)['result'];
$all = accepted();
echo '   the booking: ', $b['start'], ', uid at Cal.com: ', var_export(count($all) === 1 && $all[0]['uid'] === $b['uid'], true),
	', POST body start ', q_log('bookings_create')[0]['body']['start'], "\n";

// The worker is killed while its POST is at Cal.com (which commits it).
emulator('DELETE', '/__admin/requests');
emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_create', 'latency_ms' => 1500]);
$id2 = $q->enqueue('POST', '/bookings', booking('2025-10-01T10:00:00+02:00', 'bernd@example.com'), 1);
$worker = q_child(Q_CHILD_QUEUE . 'echo "ready\n"; fgets(STDIN); $queue->work();',
	q_env($prefix, ['OPTIONS' => json_encode($options), 'CLIENT' => json_encode($clientOptions)]));
q_expect($worker, 'ready');
q_tell($worker);
echo "\nkilled: the POST went out: ", var_export(q_wait_requests('bookings_create', 1), true), "\n";
q_kill($worker);
echo '   Cal.com committed it: ', var_export(q_wait_until(fn () => count(accepted()) === 2), true), "\n";
emulator('DELETE', '/__admin/faults');
echo '   next worker: worked ', $q->work(1, 60.0), ', ', summary($q, $id2), "\n";
$b2 = $q->result($id2)['result'];
$mine = array_values(array_filter(accepted(), fn ($x) => $x['attendees'][0]['email'] === 'bernd@example.com'));
echo '   bookings for it: ', count($mine), ', POSTs ', count(q_log('bookings_create')), ', same uid: ',
	var_export(count($mine) === 1 && $mine[0]['uid'] === ($b2['uid'] ?? null), true), "\n";

// Cal.com commits and the answer is lost: the client (1 retry) looks
// before posting again and finds it. (A store of its own: see the next part.)
emulator('DELETE', '/__admin/requests');
emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_create', 'sequence' => ['lost_response']]);
$lstore = new Calcom\Store(redis_dsn(), ['prefix' => $prefix . 'lost:']);
$lq = new Calcom\RequestQueue($lstore, new Calcom\Client(Q_API_KEY, ['base_url' => emulator_url() . '/v2', 'retries' => 1,
	'retry_delay' => 0.01, 'store' => $lstore]), ['name' => 'lost']);
$id3 = $lq->enqueue('POST', '/bookings', booking('2025-10-01T11:00:00+02:00', 'clara@example.com'), 1);
echo "\nlost answer: worked ", $lq->work(1, 60.0), ', ', summary($lq, $id3), ', bookings lists ', count(q_log('bookings_list')), "\n";
$mine = array_values(array_filter(accepted(), fn ($x) => $x['attendees'][0]['email'] === 'clara@example.com'));
echo '   bookings for it: ', count($mine), ', POSTs ', count(q_log('bookings_create')), ', same uid: ',
	var_export(count($mine) === 1 && $mine[0]['uid'] === ($lq->result($id3)['result']['uid'] ?? null), true), "\n";
emulator('DELETE', '/__admin/faults');

// Somebody has the slot already.
$taken = $q->enqueue('POST', '/bookings', booking('2025-10-01T09:00:00+02:00', 'dora@example.com'));
echo "\ntaken: worked ", $q->work(1, 60.0), ', ', summary($q, $taken), "\n";

// Reschedule and cancel.
emulator('DELETE', '/__admin/requests');
$move = $q->enqueue('POST', "/bookings/{$b['uid']}/reschedule", ['start' => '2025-10-02T14:00:00+02:00',
	'reschedulingReason' => 'passt nicht']);
echo "\nreschedule: worked ", $q->work(1, 60.0), ', ', summary($q, $move), "\n";
$moved = $q->result($move)['result'];
echo '   new uid: ', var_export($moved['uid'] !== $b['uid'], true), ', start ', $moved['start'], "\n";
$cancel = $q->enqueue('POST', "/bookings/{$moved['uid']}/cancel", ['cancellationReason' => 'abgesagt']);
echo 'cancel: worked ', $q->work(1, 60.0), ', ', summary($q, $cancel), ', status ', $q->result($cancel)['result']['status'], "\n";
$sent = q_log('bookings_cancel')[0] ?? null;
echo '   sent: ', $sent['path'] ?? '-', ' ', json_encode($sent['body'] ?? null), "\n";
$again = $q->enqueue('POST', "/bookings/{$moved['uid']}/cancel");
echo 'cancel again: worked ', $q->work(1, 60.0), ', ', summary($q, $again), "\n";
echo 'accepted bookings left: ', count(accepted()), "\n";
q_cleanup($prefix);
?>
--EXPECTF--
plain: worked 1, done after 1 attempt(s)
   the booking: 2025-10-01T07:00:00.000Z, uid at Cal.com: true, POST body start 2025-10-01T07:00:00Z

killed: the POST went out: true
   Cal.com committed it: true
   next worker: worked 1, done after 2 attempt(s)
   bookings for it: 1, POSTs 1, same uid: true

lost answer: worked 1, done after 1 attempt(s), bookings lists 1
   bookings for it: 1, POSTs 1, same uid: true

taken: worked 1, failed after 1 attempt(s), error api 400

reschedule: worked 1, done after 1 attempt(s)
   new uid: true, start 2025-10-02T12:00:00.000Z
cancel: worked 1, done after 1 attempt(s), status cancelled
   sent: /v2/bookings/%s/cancel {"cancellationReason":"abgesagt"}
cancel again: worked 1, failed after 1 attempt(s), error api 400
accepted bookings left: 2
