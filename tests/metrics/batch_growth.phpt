--TEST--
Metrics::record(): every count survives the in-memory batch growing (here past 16 and 32 distinct counters within one record): each endpoint's requests, latency bucket and sum arrive exactly
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$prefix = 'metrics-grow-' . getmypid() . '-' . uniqid() . ':';
$m = new Calcom\Metrics(new Calcom\Store(redis_dsn(), ['prefix' => $prefix]));

// Each record of a new endpoint adds three counters (requests, its latency
// bucket, the latency sum): the 6th record adds the 16th and 17th, the 11th
// the 31st to 33rd, a retried 500 adds five at once.
for ($i = 0; $i < 12; $i++) {
	$m->record("ep$i", 200, 0.1);
}
$m->record('late', 500, 0.3, false, 2);
echo 'flushed: ', $m->flush(), "\n";
$s = $m->snapshot();
$wrong = [];
for ($i = 0; $i < 12; $i++) {
	$ep = "ep$i";
	$got = [$s['requests'][$ep][200] ?? null, $s['latency'][$ep]['count'] ?? null, $s['latency'][$ep]['buckets']['0.1'] ?? null,
		$s['latency'][$ep]['sum'] ?? null];
	if ($got !== [1, 1, 1, 0.1]) {
		$wrong[] = "$ep: " . json_encode($got);
	}
}
echo '12 endpoints: ', $wrong ? implode('; ', $wrong) : 'all exact', "\n";
echo 'late: requests ', json_encode($s['requests']['late'] ?? null), ', retries ', json_encode($s['retries']),
	', 5xx ', $s['errors']['5xx'], ', latency count ', $s['latency']['late']['count'] ?? 'none', "\n";
echo 'window: ', $s['rate_limit']['requests'] + $s['rate_limit']['previous_requests'], "\n";
$m->reset();
?>
--EXPECT--
flushed: 13
12 endpoints: all exact
late: requests {"500":1}, retries {"late":2}, 5xx 1, latency count 1
window: 15
