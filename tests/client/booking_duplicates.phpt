--TEST--
Client::createBooking(): 20 processes (4 under valgrind) book the same slot at once while Cal.com commits and then loses the answer (dropped, or 500): one booking, one POST, one uid for all
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';

// Under run-tests -m (valgrind, USE_ZEND_ALLOC=0 for this process and its
// children) every PHP process costs seconds to start: there 4 processes per
// fault check the same code paths for memory errors; the normal run checks
// the deduplication with the full 20. Nothing below prints the count itself,
// so one EXPECT serves both.
$valgrind = getenv('USE_ZEND_ALLOC') === '0';
$n = $valgrind ? 4 : 20;
if (!$valgrind && $n !== 20) {
	echo "not the full count of processes: $n\n";
}

// Each child connects, says it is ready and waits for the word, so all book
// at once however slowly they started.
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$client = new Calcom\Client("cal_test_dup_key", ["base_url" => getenv("BASE"), "store" => $store, "retry_delay" => 0.01]);
$store->ping();
echo "ready\n";
fgets(STDIN);
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
	$procs = $ins = $outs = [];
	for ($i = 0; $i < $n; $i++) {
		$procs[] = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
			[0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
		[$ins[], $outs[]] = $pipes;
	}
	$ready = 0;
	foreach ($outs as $out) {
		$ready += fgets($out) === "ready\n";
	}
	foreach ($ins as $in) {
		fwrite($in, "go\n");
	}
	$uids = [];
	foreach ($procs as $i => $p) {
		$uids[] = stream_get_contents($outs[$i]);
		fclose($ins[$i]);
		proc_close($p);
	}
	$bookings = array_filter(emulator('GET', '/__admin/bookings')['bookings'], fn ($b) => $b['status'] === 'accepted');
	$distinct = array_unique($uids);
	printf("%s: %s ready, %d distinct answer(s), %d booking(s) at Cal.com, %d POST(s), same uid: %s\n", $fault,
		$ready === $n ? 'every process' : "$ready of $n processes", count($distinct), count($bookings), count(emulator_requests('bookings_create')),
		var_export(count($distinct) === 1 && count($bookings) === 1 && reset($distinct) === reset($bookings)['uid'], true));
	if (count($distinct) !== 1) {
		print_r(array_count_values($uids));
	}
}
?>
--EXPECT--
lost_response: every process ready, 1 distinct answer(s), 1 booking(s) at Cal.com, 1 POST(s), same uid: true
after_commit 500: every process ready, 1 distinct answer(s), 1 booking(s) at Cal.com, 1 POST(s), same uid: true
