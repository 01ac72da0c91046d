--TEST--
RequestQueue status(), position(), estimatedWait(), depth(): before and after work; positions are 0..n-1 in claim order across priorities (also with aging interleaving them) and the worker takes the jobs in that order; estimatedWait grows with the position at the limiter's rate (Cal.com's 120/min without one); null for unknown and finished jobs
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
q_unlimited();
$prefix = q_prefix('status');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['retries' => 0]);
$q = new Calcom\RequestQueue($store, $client, ['name' => 'p', 'concurrency' => 1]);

$priorities = [3, 1, 4, 2, 1, 3, 2, 4];
$ids = [];
foreach ($priorities as $i => $p) {
	$ids[$i] = $q->enqueue('GET', '/event-types/1001', ['n' => $i], $p);
}
echo 'depth ', $q->depth(), ', per priority: ', implode(' ', array_map(fn ($p) => $q->depth($p), [1, 2, 3, 4])), "\n";
$row = fn ($i) => sprintf('%d(p%d): %s/%s/%s', $i, $priorities[$i], var_export($q->position($ids[$i]), true),
	var_export($q->estimatedWait($ids[$i]), true), var_export($q->status($ids[$i])['position'], true));
echo "position/estimatedWait/status position:\n  ", implode("\n  ", array_map($row, array_keys($ids))), "\n";
$s = $q->status($ids[0]);
echo 'queued: ', json_encode(array_diff_key($s, ['enqueued_at' => 1])), ', enqueued_at is the Redis clock: ',
	var_export(is_float($s['enqueued_at']) && abs($s['enqueued_at'] - $store->time()) < 5, true), "\n";

echo "\nworked ", $q->work(3, 60.0), ', ran: ', implode(' ', q_markers()), "\n";
echo 'depth ', $q->depth(), ', per priority: ', implode(' ', array_map(fn ($p) => $q->depth($p), [1, 2, 3, 4])), "\n";
echo "  ", implode("\n  ", array_map($row, array_keys($ids))), "\n";
$s = $q->status($ids[1]);
echo 'done: ', json_encode(array_diff_key($s, ['enqueued_at' => 1, 'started_at' => 1, 'finished_at' => 1])),
	', enqueued <= started <= finished: ', var_export($s['enqueued_at'] <= $s['started_at'] && $s['started_at'] <= $s['finished_at'], true), "\n";
echo 'unknown: ', var_export($q->status('0000000000000abc'), true), ' ', var_export($q->position('0000000000000abc'), true),
	' ', var_export($q->estimatedWait('0000000000000abc'), true), "\n";
echo 'worked ', $q->work(5, 60.0), ', ran in all: ', implode(' ', q_markers()), ', depth ', $q->depth(), "\n";

// With a limiter: a full bucket of 1 token serves position 0 at once, then
// one job per 60/limit seconds.
foreach ([60, 120, 600] as $limit) {
	$limiter = new Calcom\RateLimiter($store, "rl$limit", ['limit' => $limit, 'burst' => 1]);
	$lq = new Calcom\RequestQueue($store, test_client(['limiter' => $limiter]), ['name' => "l$limit"]);
	$waits = [];
	for ($i = 0; $i < 4; $i++) {
		$waits[] = round($lq->estimatedWait($lq->enqueue('GET', '/event-types/1001')), 3);
	}
	echo "limit $limit/min, burst 1: ", implode(' ', $waits), "\n";
	$limiter->reset();
}

// Aging 10 ms per level and jobs 7 ms apart: priorities interleave. The
// expected order is (enqueue ms + (priority - 1) x 10, priority, id).
emulator('DELETE', '/__admin/requests');
$mix = new Calcom\RequestQueue($store, $client, ['name' => 'mix', 'concurrency' => 1, 'aging' => 0.01]);
mt_srand(3);
$jobs = [];
for ($i = 0; $i < 16; $i++) {
	$p = mt_rand(1, 4);
	$id = $mix->enqueue('GET', '/event-types/1001', ['n' => $i], $p);
	$jobs[$i] = [(int) round($mix->status($id)['enqueued_at'] * 1000) + ($p - 1) * 10, $p, $id];
	usleep(7000);
}
$order = array_keys($jobs);
usort($order, fn ($a, $b) => [$jobs[$a][0], $jobs[$a][1]] <=> [$jobs[$b][0], $jobs[$b][1]] ?: strcmp($jobs[$a][2], $jobs[$b][2]));
$positions = array_map(fn ($i) => $mix->position($jobs[$i][2]), $order);
echo "\naging 0.01: positions follow (place, priority, id): ", var_export($positions === range(0, 15), true), "\n";
$interleaved = array_map(fn ($i) => $jobs[$i][1], $order);
echo 'priorities not simply sorted (aging mattered): ', var_export($interleaved !== array_values(array_sort($interleaved)), true), "\n";
echo 'worked ', $mix->work(16, 60.0), ', in that order: ', var_export(q_markers() === array_map('strval', $order), true), "\n";

function array_sort(array $a): array
{
	sort($a);
	return $a;
}
q_cleanup($prefix);
?>
--EXPECT--
depth 8, per priority: 2 2 2 2
position/estimatedWait/status position:
  0(p3): 4/2.5/4
  1(p1): 0/0.5/0
  2(p4): 6/3.5/6
  3(p2): 2/1.5/2
  4(p1): 1/1.0/1
  5(p3): 5/3.0/5
  6(p2): 3/2.0/3
  7(p4): 7/4.0/7
queued: {"id":"0000000000000001","status":"queued","priority":3,"attempts":0,"started_at":null,"finished_at":null,"position":4,"last_error":null,"callback":null}, enqueued_at is the Redis clock: true

worked 3, ran: 1 4 3
depth 5, per priority: 0 1 2 2
  0(p3): 1/1.0/1
  1(p1): NULL/NULL/NULL
  2(p4): 3/2.0/3
  3(p2): NULL/NULL/NULL
  4(p1): NULL/NULL/NULL
  5(p3): 2/1.5/2
  6(p2): 0/0.5/0
  7(p4): 4/2.5/4
done: {"id":"0000000000000002","status":"done","priority":1,"attempts":1,"position":null,"last_error":null,"callback":null}, enqueued <= started <= finished: true
unknown: NULL NULL NULL
worked 5, ran in all: 1 4 3 6 0 5 2 7, depth 0
limit 60/min, burst 1: 0 1 2 3
limit 120/min, burst 1: 0 0.5 1 1.5
limit 600/min, burst 1: 0 0.1 0.2 0.3

aging 0.01: positions follow (place, priority, id): true
priorities not simply sorted (aging mattered): true
worked 16, in that order: true
