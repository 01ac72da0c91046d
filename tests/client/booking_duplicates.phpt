--TEST--
Client::createBooking(): 20 processes book the same slot at once while Cal.com commits and then loses the answer (dropped, or 500): one booking, one POST, one uid for all
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';

$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$client = new Calcom\Client("cal_test_dup_key", ["base_url" => getenv("BASE"), "store" => $store, "retry_delay" => 0.01]);
try {
	$b = $client->createBooking(["eventTypeId" => 1001, "start" => getenv("START"),
		"attendee" => ["name" => "Erika Mustermann", "email" => "erika@example.com", "phoneNumber" => "+4917000000"]]);
	echo $b["uid"];
} catch (Throwable $e) {
	echo get_class($e), ": ", $e->getMessage();
}';

foreach (['lost_response' => '2025-10-01T09:00:00+02:00', 'after_commit 500' => '2025-10-01T11:00:00+02:00'] as $fault => $start) {
	emulator_reset();
	$action = $fault === 'lost_response' ? 'lost_response' : ['after_commit' => 500];
	emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_create', 'sequence' => [$action, $action, $action]]);
	$env = ['DSN' => redis_dsn(), 'PREFIX' => 'dup-' . getmypid() . '-' . uniqid() . ':', 'BASE' => emulator_url() . '/v2',
		'START' => $start];
	$procs = $outs = [];
	for ($i = 0; $i < 20; $i++) {
		$procs[] = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
			[1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
		$outs[] = $pipes[1];
	}
	$uids = [];
	foreach ($procs as $i => $p) {
		$uids[] = stream_get_contents($outs[$i]);
		proc_close($p);
	}
	$bookings = array_filter(emulator('GET', '/__admin/bookings')['bookings'], fn ($b) => $b['status'] === 'accepted');
	$distinct = array_unique($uids);
	printf("%s: %d processes, %d distinct answer(s), %d booking(s) at Cal.com, %d POST(s), same uid: %s\n", $fault,
		count($uids), count($distinct), count($bookings), count(emulator_requests('bookings_create')),
		var_export(count($distinct) === 1 && count($bookings) === 1 && reset($distinct) === reset($bookings)['uid'], true));
	if (count($distinct) !== 1) {
		print_r(array_count_values($uids));
	}
}
?>
--EXPECT--
lost_response: 20 processes, 1 distinct answer(s), 1 booking(s) at Cal.com, 1 POST(s), same uid: true
after_commit 500: 20 processes, 1 distinct answer(s), 1 booking(s) at Cal.com, 1 POST(s), same uid: true
