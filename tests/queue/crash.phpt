--TEST--
RequestQueue crash: a worker (concurrency 4, visibility_timeout 2 s) is SIGKILLed with 4 requests in flight; a second worker finishes all 8 jobs: each job ran, only the 4 in flight ran twice and their second run began after the first lease had run out, every result() is done with attempts 2 for those, 1 for the rest
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
$prefix = q_prefix('crash');
$options = ['concurrency' => 4, 'visibility_timeout' => 2];
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$q = new Calcom\RequestQueue($store, test_client(['retries' => 0]), $options);
$ids = [];
for ($i = 0; $i < 8; $i++) {
	$ids[$i] = $q->enqueue('GET', '/event-types/1001', ['n' => $i]);
}
// Slow answers, so the kill lands while the requests are in flight.
emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'latency_ms' => 1500]);

$worker = q_child(Q_CHILD_QUEUE . 'echo "ready\n"; fgets(STDIN); $queue->work(); echo "work() returned\n";',
	q_env($prefix, ['OPTIONS' => json_encode($options)]));
q_expect($worker, 'ready');
q_tell($worker);
echo 'the first worker sent 4 requests: ', var_export(q_wait_requests('event_types', 4), true), "\n";
q_kill($worker);
emulator('DELETE', '/__admin/faults');
echo "killed it\n";

$leases = [];
foreach ($ids as $i => $id) {
	$s = $q->status($id);
	if ($s['status'] === 'running') {
		$leases[$i] = $s['started_at'] + $options['visibility_timeout'];
	}
	$states[] = "$i:{$s['status']}/{$s['attempts']}";
}
echo 'states: ', implode(' ', $states), "\n";
echo 'in flight: ', implode(' ', array_keys($leases)), ', depth ', $q->depth(), "\n";

$worked = $q->work(8, 60.0);
echo "the second worker finished $worked\n";

$runs = [];
foreach (q_log('event_types') as $r) {
	$runs[$r['query']['n']][] = $r['ts'];
}
ksort($runs);
echo 'runs per job: ', implode(' ', array_map(fn ($n, $ts) => "$n:" . count($ts), array_keys($runs), $runs)), "\n";
foreach ($leases as $i => $expiry) {
	// The second run may only start once the first lease ran out (the Redis
	// clock in ms, the emulator's arrival time: the same machine's clock).
	$second = $runs[$i][1] ?? null;
	if ($second === null || $second < $expiry - 0.001) {
		printf("job %d: second run at %s, lease ran out at %.3f\n", $i, var_export($second, true), $expiry);
	}
}
echo 'second runs after the lease: checked ', count($leases), "\n";
foreach ($ids as $i => $id) {
	$r = $q->result($id);
	$out[] = "$i:{$r['status']}/{$r['attempts']}" . ($r['request_id'] === $id && $r['result']['id'] === 1001 ? '' : ' (wrong)');
}
echo 'results: ', implode(' ', $out), "\n";
$running = array_filter($ids, fn ($id) => $q->status($id)['status'] !== 'done');
echo 'not done: ', count($running), ', depth ', $q->depth(), "\n";
q_cleanup($prefix);
?>
--EXPECT--
the first worker sent 4 requests: true
killed it
states: 0:running/1 1:running/1 2:running/1 3:running/1 4:queued/0 5:queued/0 6:queued/0 7:queued/0
in flight: 0 1 2 3, depth 4
the second worker finished 8
runs per job: 0:2 1:2 2:2 3:2 4:1 5:1 6:1 7:1
second runs after the lease: checked 4
results: 0:done/2 1:done/2 2:done/2 3:done/2 4:done/1 5:done/1 6:done/1 7:done/1
not done: 0, depth 0
