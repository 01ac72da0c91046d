--TEST--
RequestQueue under Cal.com 429s: a worker with an adaptive RateLimiter drains 30 jobs while the first 5 requests answer 429 (Reset 1 s), then 10 jobs in a 2 s storm: no job lost or failed, each done after 1 attempt (a 429 is not an attempt), requests to Cal.com = jobs + 429s answered, and the limiter cut its limit
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
q_unlimited();
$prefix = q_prefix('storm');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);

function drain(Calcom\Store $store, string $name, int $jobs, callable $before): void
{
	emulator('DELETE', '/__admin/requests');
	$limiter = new Calcom\RateLimiter($store, $name, ['limit' => 6000, 'burst' => 100]);
	$client = test_client(['retries' => 0, 'limiter' => $limiter]);
	$q = new Calcom\RequestQueue($store, $client, ['name' => $name, 'concurrency' => 8, 'retry_delay' => 0.05]);
	$ids = [];
	for ($i = 0; $i < $jobs; $i++) {
		$ids[] = $q->enqueue('GET', '/event-types/1001', ['n' => $i]);
	}
	$before();
	$worked = $q->work($jobs, 120.0);
	$log = q_log('event_types');
	$throttled = count(array_filter($log, fn ($r) => $r['status'] === 429));
	$ok = count(array_filter($log, fn ($r) => $r['status'] === 200));
	$ends = [];
	foreach ($ids as $id) {
		$r = $q->result($id);
		$ends[] = $r === null ? 'missing' : "{$r['status']} after {$r['attempts']}";
	}
	$markers = array_unique(array_map(fn ($r) => $r['query']['n'], array_filter($log, fn ($r) => $r['status'] === 200)));
	echo "$name: worked $worked; results ", json_encode(array_count_values($ends)), '; every job answered 200 once: ',
		var_export($ok === $jobs && count($markers) === $jobs, true), "\n";
	echo "   429s answered: ", $throttled > 0 ? 'some' : 'none', ', requests = jobs + 429s: ',
		var_export(count($log) === $jobs + $throttled, true), ' (', count($log), " = $jobs + $throttled)\n";
	printf("   limit %g of 6000, adapted: %s; depth %d\n", $limiter->limit(), var_export($limiter->limit() < 6000, true),
		$q->depth());
	$limiter->reset();
}

drain($store, 'burst', 30, function () {
	emulator('POST', '/__admin/faults', ['endpoint' => 'event_types',
		'sequence' => array_fill(0, 5, ['status' => 429, 'reset_s' => 1])]);
});
emulator('DELETE', '/__admin/faults');
drain($store, 'storm', 10, function () {
	emulator('POST', '/__admin/storm', ['seconds' => 2]);
});
q_cleanup($prefix);
?>
--EXPECTF--
burst: worked 30; results {"done after 1":30}; every job answered 200 once: true
   429s answered: some, requests = jobs + 429s: true (35 = 30 + 5)
   limit 4800 of 6000, adapted: true; depth 0
storm: worked 10; results {"done after 1":10}; every job answered 200 once: true
   429s answered: some, requests = jobs + 429s: true (%s)
   limit %s of 6000, adapted: true; depth 0
