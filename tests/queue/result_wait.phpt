--TEST--
RequestQueue::result($id, $wait): two processes block in Redis for the same unfinished job (seen blocked in CLIENT LIST) while the parent works it later; both get the result in 3 Redis round trips (status, one blocking wait, status), not a sleep loop; wait 0 on an unfinished job is null after 1 round trip; a short wait that runs out is null after 3; an unknown id is null at once
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
all
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
$prefix = q_prefix('wait');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$q = new Calcom\RequestQueue($store, test_client(['retries' => 0]), ['concurrency' => 1]);
$id = $q->enqueue('GET', '/event-types/1001', ['n' => 'waited']);

$code = Q_CHILD_QUEUE . '
$queue->status(getenv("ID"));  // the script is loaded: every call below is one round trip
echo "ready ", $store->stats()["client_id"], "\n";
fgets(STDIN);
$before = $store->stats()["round_trips"];
$t = microtime(true);
$r = $queue->result(getenv("ID"), 10.0);
$trips = $store->stats()["round_trips"] - $before;
echo json_encode(["result" => $r, "round_trips" => $trips, "waited" => microtime(true) - $t]), "\n";';
$children = [];
foreach ([1, 2] as $k) {
	$children[$k] = q_child($code, q_env($prefix, ['OPTIONS' => '{}', 'ID' => $id]));
}
$clientIds = [];
foreach ($children as $k => $child) {
	$clientIds[$k] = (int) substr(q_expect($child, 'ready'), 6);
	q_tell($child);
}
// Both are blocked in Redis on the job's latch (not sleeping between looks).
$blocked = fn () => count(array_filter(explode("\n", q_raw()->cmd('CLIENT', 'LIST')), function ($line) use ($clientIds) {
	return preg_match('/^id=(\d+) .* flags=(\S*) .* cmd=brpoplpush/', $line, $m)
		&& in_array((int) $m[1], $clientIds, true) && str_contains($m[2], 'b');
})) === 2;
echo 'both waiters blocked in BRPOPLPUSH: ', var_export(q_wait_until($blocked), true), "\n";
usleep(500000);
$t0 = microtime(true);
echo 'worked ', $q->work(1, 60.0), "\n";
$mine = $q->result($id);
foreach ($children as $k => $child) {
	$end = q_finish($child);
	$got = json_decode($end['out'], true);
	echo "waiter $k: ", $got === null ? 'no answer: ' . $end['out'] . $end['err'] : sprintf('%s, same as result(): %s, round trips %d, it waited for the work: %s',
		$got['result']['status'] ?? 'null', var_export($got['result'] === $mine, true), $got['round_trips'],
		var_export($got['waited'] >= 0.5, true)), "\n";
}

// Wait 0: one look.
$pending = $q->enqueue('GET', '/event-types/1001', ['n' => 'pending']);
$trips = fn () => $store->stats()['round_trips'];
$before = $trips();
$r = $q->result($pending);
echo "\nunfinished, wait 0: ", var_export($r, true), ', round trips ', $trips() - $before, "\n";
$before = $trips();
$t = microtime(true);
$r = $q->result($pending, 0.3);
printf("unfinished, wait 0.3: %s after >= 0.3 s: %s, round trips %d\n", var_export($r, true),
	var_export(microtime(true) - $t >= 0.3, true), $trips() - $before);
$before = $trips();
$r = $q->result('00000000000fffff', 5.0);
echo 'unknown id, wait 5: ', var_export($r, true), ', round trips ', $trips() - $before, "\n";
$before = $trips();
$r = $q->result($id, 5.0);
echo 'finished, wait 5: ', $r['status'], ', round trips ', $trips() - $before, "\n";
q_cleanup($prefix);
?>
--EXPECT--
both waiters blocked in BRPOPLPUSH: true
worked 1
waiter 1: done, same as result(): true, round trips 3, it waited for the work: true
waiter 2: done, same as result(): true, round trips 3, it waited for the work: true

unfinished, wait 0: NULL, round trips 1
unfinished, wait 0.3: NULL after >= 0.3 s: true, round trips 3
unknown id, wait 5: NULL, round trips 1
finished, wait 5: done, round trips 1
