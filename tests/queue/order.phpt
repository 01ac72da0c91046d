--TEST--
RequestQueue order: 400 jobs of mixed priorities drained by one worker (concurrency 1) reach Cal.com in strict priority order, FIFO within each priority; with concurrency 8 every batch is the next 8 in that order (each batch's priorities <= the next one's)
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
q_unlimited();
$prefix = q_prefix('order');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['retries' => 0]);

/** Enqueues $n jobs with pseudo-random priorities; returns [marker => priority] in enqueue order. */
function fill(Calcom\RequestQueue $q, int $n, int $seed): array
{
	mt_srand($seed);
	$jobs = [];
	for ($i = 0; $i < $n; $i++) {
		$p = mt_rand(1, 4);
		$q->enqueue('GET', '/event-types/1001', ['n' => $i, 'p' => $p], $p);
		$jobs[$i] = $p;
	}
	return $jobs;
}

/** The expected order: by priority, then enqueue order. */
function expected(array $jobs): array
{
	$order = array_keys($jobs);
	usort($order, fn ($a, $b) => [$jobs[$a], $a] <=> [$jobs[$b], $b]);
	return array_map('strval', $order);
}

// Aging 30 s (the default): everything is enqueued well within it.
$q = new Calcom\RequestQueue($store, $client, ['name' => 'one', 'concurrency' => 1]);
$jobs = fill($q, 400, 7);
echo 'per priority: ', json_encode(array_count_values($jobs)), ', depth ', $q->depth(), "\n";
$n = $q->work(400);
$seen = q_markers('event_types');
echo "worked $n, requests ", count($seen), ', depth after ', $q->depth(), "\n";
echo 'strict priority, FIFO within: ', var_export($seen === expected($jobs), true), "\n";
if ($seen !== expected($jobs)) {
	echo 'seen:     ', implode(' ', array_slice($seen, 0, 40)), "\n", 'expected: ', implode(' ', array_slice(expected($jobs), 0, 40)), "\n";
}
$log = q_log('event_types');
$priorities = array_map(fn ($r) => (int) $r['query']['p'], $log);
$sorted = $priorities;
sort($sorted);
echo 'priorities never go back up: ', var_export($priorities === $sorted, true), "\n";

// Concurrency 8: batch k is the k-th group of 8 of the same order.
emulator('DELETE', '/__admin/requests');
$q8 = new Calcom\RequestQueue($store, $client, ['name' => 'eight', 'concurrency' => 8]);
$jobs = fill($q8, 80, 11);
$n = $q8->work(80);
$log = q_log('event_types');
echo "concurrency 8: worked $n, requests ", count($log), "\n";
$want = array_chunk(expected($jobs), 8);
$got = array_chunk(array_map(fn ($r) => $r['query']['n'], $log), 8);
$ok = count($got) === count($want);
foreach ($want as $k => $batch) {
	$g = $got[$k] ?? [];
	sort($g);
	sort($batch);
	if ($g !== $batch) {
		$ok = false;
		echo "batch $k: got ", implode(' ', $g), ', expected ', implode(' ', $batch), "\n";
	}
}
echo 'every batch is the next 8: ', var_export($ok, true), "\n";
$ok = true;
$pri = array_chunk(array_map(fn ($r) => (int) $r['query']['p'], $log), 8);
for ($k = 0; $k + 1 < count($pri); $k++) {
	$ok = $ok && max($pri[$k]) <= min($pri[$k + 1]);
}
echo 'batch k priorities <= batch k+1: ', var_export($ok, true), "\n";
q_cleanup($prefix);
?>
--EXPECT--
per priority: {"4":109,"1":107,"2":99,"3":85}, depth 400
worked 400, requests 400, depth after 0
strict priority, FIFO within: true
priorities never go back up: true
concurrency 8: worked 80, requests 80
every batch is the next 8: true
batch k priorities <= batch k+1: true
