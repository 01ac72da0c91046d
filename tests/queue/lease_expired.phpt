--TEST--
RequestQueue: a worker dies during a job's last attempt (max_attempts 1; and max_attempts 2 after a first attempt answered 500): the next worker to claim does not run it again but finishes it failed with error type lease_expired, keeping the attempts and the earlier error
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
$prefix = q_prefix('lease');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['retries' => 0]);
$opt1 = ['name' => 'one', 'concurrency' => 1, 'visibility_timeout' => 2, 'max_attempts' => 1];
$opt2 = ['name' => 'two', 'concurrency' => 1, 'visibility_timeout' => 2, 'max_attempts' => 2];
$one = new Calcom\RequestQueue($store, $client, $opt1);
$two = new Calcom\RequestQueue($store, $client, $opt2);

$c = $one->enqueue('GET', '/bookings', ['n' => 'c']);
// Queue "two": job a's first attempt answers 500. b runs in the same batch
// (another endpoint, so the fault cannot hit it) and d in the next one,
// well before a's retry falls due (2.5 s later), so work(2) returns with a
// waiting for its second attempt.
$a = $two->enqueue('GET', '/bookings', ['n' => 'a']);
$b = $two->enqueue('GET', '/event-types/1001', ['n' => 'b']);
$d = $two->enqueue('GET', '/event-types/1001', ['n' => 'd']);
emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_list', 'sequence' => [500]]);
$first = new Calcom\RequestQueue($store, $client, ['concurrency' => 2, 'retry_delay' => 2.5] + $opt2);
echo 'first attempt of a, then b and d: worked ', $first->work(2), ', a is ', $two->status($a)['status'], ' after ',
	$two->status($a)['attempts'], ' attempt(s), b and d are ', $two->status($b)['status'], ' ', $two->status($d)['status'], "\n";

emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_list', 'latency_ms' => 1500]);
$code = Q_CHILD_QUEUE . 'echo "ready\n"; fgets(STDIN); $queue->work();';
$w1 = q_child($code, q_env($prefix, ['OPTIONS' => json_encode($opt1)]));
$w2 = q_child($code, q_env($prefix, ['OPTIONS' => json_encode($opt2)]));
q_expect($w1, 'ready');
q_expect($w2, 'ready');
q_tell($w1);
q_tell($w2);
// Each worker is killed as soon as its request arrived (a's falls due later).
$arrived = fn (string $n, int $times) => fn () => (array_count_values(q_markers())[$n] ?? 0) >= $times;
echo 'c in flight: ', var_export(q_wait_until($arrived('c', 1)), true), "\n";
q_kill($w1);
echo 'a in flight again: ', var_export(q_wait_until($arrived('a', 2)), true), "\n";
q_kill($w2);
emulator('DELETE', '/__admin/faults');
foreach (['c' => [$one, $c], 'a' => [$two, $a]] as $n => [$q, $id]) {
	$s = $q->status($id);
	echo "$n while its worker lies dead: {$s['status']}, attempts {$s['attempts']}\n";
}

foreach (['c' => [$one, $c], 'a' => [$two, $a]] as $n => [$q, $id]) {
	$worked = $q->work(1, 30.0);
	$r = $q->result($id);
	$s = $q->status($id);
	echo "$n: worked $worked; result {$r['status']}, attempts {$r['attempts']}, error {$r['error']['type']}, result ",
		var_export($r['result'], true), "; status {$s['status']}, attempts {$s['attempts']}\n";
	echo "   the error's last_error: ", json_encode($r['error']['last_error'] === null ? null
		: array_intersect_key($r['error']['last_error'], ['type' => 1, 'status' => 1])), "\n";
}
$perJob = array_count_values(q_markers());
ksort($perJob);
echo 'requests per job: ', json_encode($perJob), "\n";
echo 'depths: ', $one->depth(), ' ', $two->depth(), "\n";
q_cleanup($prefix);
?>
--EXPECT--
first attempt of a, then b and d: worked 2, a is delayed after 1 attempt(s), b and d are done done
c in flight: true
a in flight again: true
c while its worker lies dead: running, attempts 1
a while its worker lies dead: running, attempts 2
c: worked 1; result failed, attempts 1, error lease_expired, result NULL; status failed, attempts 1
   the error's last_error: null
a: worked 1; result failed, attempts 2, error lease_expired, result NULL; status failed, attempts 2
   the error's last_error: {"type":"api","status":500}
requests per job: {"a":2,"b":1,"c":1,"d":1}
depths: 0 0
