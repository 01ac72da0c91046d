--TEST--
Metrics from several processes: six PHP processes at once each record known counts (flushed at their shutdown); the snapshot holds exactly their sums — requests, cache, retries, errors, latency buckets and sums, the rate-limit window
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$prefix = 'metrics-procs-' . getmypid() . '-' . uniqid() . ':';

// Process i: i+1 fast slot requests, a booking at exactly 0.5 s, a 429 when
// i is even, a 503 after i retries at exactly 1 s, one cache hit.
$code = '$m = new Calcom\Metrics(new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]), "fleet");
$i = (int) getenv("I");
echo "ready\n";
fgets(STDIN);
for ($k = 0; $k <= $i; $k++) {
	$m->record("slots", 200, 0.002);
}
$m->record("bookings", 201, 0.5);
if ($i % 2 === 0) {
	$m->record("slots", 429, 0.03);
}
$m->record("slots", 503, 1.0, false, $i);
$m->record("slots", 200, 0.0, true);
echo "recorded\n";';
$procs = $pipes = [];
for ($i = 0; $i < 6; $i++) {
	$procs[$i] = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
		[0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$i], null,
		['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'I' => (string) $i]);
}
foreach ($procs as $i => $p) {
	fgets($pipes[$i][1]);
}
foreach ($procs as $i => $p) {
	fwrite($pipes[$i][0], "go\n");
}
$outs = [];
foreach ($procs as $i => $p) {
	$outs[] = trim(stream_get_contents($pipes[$i][1]) . stream_get_contents($pipes[$i][2]));
	$outs[] = 'exit ' . proc_close($p);
}
echo 'processes: ', json_encode(array_count_values($outs)), "\n";

$m = new Calcom\Metrics(new Calcom\Store(redis_dsn(), ['prefix' => $prefix]), 'fleet');
$s = $m->snapshot();
echo 'requests: ', json_encode($s['requests']), "\n";
echo 'cache: ', json_encode($s['cache']), "\n";
echo 'retries: ', json_encode($s['retries']), "\n";
echo 'errors: ', json_encode($s['errors']), "\n";
foreach ($s['latency'] as $ep => $l) {
	printf("latency %s: count %d, sum %.6f, buckets %s\n", $ep, $l['count'], $l['sum'], json_encode($l['buckets']));
}
$r = $s['rate_limit'];
printf("window: %d attempts, %d rate limited\n", $r['requests'] + $r['previous_requests'],
	$r['rate_limited'] + $r['previous_rate_limited']);
echo 'unflushed here: ', $s['unflushed'], "\n";
$m->reset();
?>
--EXPECT--
processes: {"recorded":6,"exit 0":6}
requests: {"bookings":{"201":6},"slots":{"200":21,"429":3,"503":6}}
cache: {"slots":{"hits":6,"misses":30,"hit_rate":0.16666666666666666}}
retries: {"slots":15}
errors: {"429":3,"5xx":6,"4xx":0,"timeout":0,"network":0,"refused":0}
latency bookings: count 6, sum 3.000000, buckets {"0.005":0,"0.01":0,"0.025":0,"0.05":0,"0.1":0,"0.25":0,"0.5":6,"1":6,"2.5":6,"5":6,"10":6,"+Inf":6}
latency slots: count 30, sum 6.132000, buckets {"0.005":21,"0.01":21,"0.025":21,"0.05":24,"0.1":24,"0.25":24,"0.5":24,"1":30,"2.5":30,"5":30,"10":30,"+Inf":30}
window: 51 attempts, 3 rate limited
unflushed here: 0
