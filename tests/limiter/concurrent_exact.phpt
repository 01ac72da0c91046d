--TEST--
RateLimiter: eight processes hammer one bucket (120/min, burst 150) for 10 s; together they are admitted exactly burst + elapsed x limit, within one token
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
many_processes
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';

const PROCESSES = 8;
const DURATION = 10.0;   // seconds of hammering
const LIMIT = 120.0;     // per minute
const BURST = 150.0;

$prefix = 'calcom-test:limiter-concurrent:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$options = ['limit' => LIMIT, 'burst' => BURST];
(new Calcom\RateLimiter($store, 'shared', $options))->reset();

// Each child connects and warms up on a bucket of its own, says "ready",
// waits for "go" on its stdin, then calls tryAcquire() as fast as it can for
// DURATION seconds. CRITICAL has no reserve, so every token is there to take.
// Redis's clock (Store::time()) brackets the calls: just before the first
// call, just after each grant, just after the last call.
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$l = new Calcom\RateLimiter($store, "shared", ["limit" => ' . LIMIT . ', "burst" => ' . BURST . ']);
$warm = new Calcom\RateLimiter($store, "warm-up-" . getmypid(), ["limit" => ' . LIMIT . ', "burst" => ' . BURST . ']);
$warm->tryAcquire(1, Calcom\RateLimiter::PRIORITY_CRITICAL);
$warm->reset();
$store->time();
echo "ready\n";
fgets(STDIN);
$end = microtime(true) + (float) getenv("DURATION");
$before = $store->time();
$admitted = $refused = 0;
$first = $last = null;
while (microtime(true) < $end) {
	if ($l->tryAcquire(1, Calcom\RateLimiter::PRIORITY_CRITICAL) === 0.0) {
		$admitted++;
		$last = $store->time();
		$first ??= $last;
	} else {
		$refused++;
	}
}
$after = $store->time();
echo json_encode(["admitted" => $admitted, "refused" => $refused, "first" => $first, "last" => $last,
	"before" => $before, "after" => $after]);
';
$procs = $ins = $outs = [];
for ($p = 0; $p < PROCESSES; $p++) {
	$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code];
	$procs[] = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes, null,
		['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'DURATION' => (string) DURATION]);
	$ins[] = $pipes[0];
	$outs[] = $pipes[1];
}
foreach ($outs as $i => $out) {
	$line = fgets($out);
	if ($line !== "ready\n") {
		echo "child $i said: $line\n";
	}
}
foreach ($ins as $in) {
	fwrite($in, "go\n");
	fflush($in);
}
$results = [];
foreach ($procs as $i => $proc) {
	$out = stream_get_contents($outs[$i]);
	fclose($ins[$i]);
	proc_close($proc);
	$r = json_decode($out, true);
	if (!is_array($r)) {
		echo "child $i printed: $out\n";
		continue;
	}
	$results[] = $r;
}
echo count($results), " processes reported\n";

$admitted = array_sum(array_column($results, 'admitted'));
$firstTouch = min(array_column($results, 'before'));   // no call before this
$end = max(array_column($results, 'after'));           // no call after this
$grants = array_filter($results, fn ($r) => $r['admitted'] > 0);
$firstGrant = min(array_column($grants, 'first'));
$lastGrant = max(array_column($grants, 'last'));        // at or after the last grant
$limiter = new Calcom\RateLimiter($store, 'shared', $options);
$t1 = $store->time();
$left = $limiter->status()['tokens'];
$t2 = $store->time();
$budget = fn (float $seconds) => BURST + $seconds / 60.0 * LIMIT;
if (getenv('CALCOM_TEST_DEBUG')) {
	printf("admitted %d, first touch +0, grants %.4f..%.4f, end %.4f, peek %.4f..%.4f, left %.4f\n", $admitted,
		$firstGrant - $firstTouch, $lastGrant - $firstTouch, $end - $firstTouch, $t1 - $firstTouch, $t2 - $firstTouch, $left);
}

echo abs($end - $firstTouch - DURATION) < 1.5 ? "elapsed about 10 s: ok\n" : 'elapsed ' . ($end - $firstTouch) . " s\n";
// From the first touch to the last grant the bucket handed out exactly its
// burst and what flowed in: never more, and less only by the fraction of a
// token that was still coming in at the last grant.
$expected = $budget($lastGrant - $firstTouch);
echo $admitted <= $expected + 1e-6 ? "admitted <= burst + elapsed x limit: ok\n"
	: sprintf("admitted %d > %.4f\n", $admitted, $expected);
echo $admitted >= $expected - 1.0 ? "admitted >= burst + elapsed x limit - 1: ok\n"
	: sprintf("admitted %d < %.4f - 1\n", $admitted, $expected);
// Up to the end of the run (the last call of any process) likewise; the
// clock read after a process's last call may come late on a loaded machine,
// so a quarter token (125 ms) of slack on top of the one token.
$expected = $budget($end - $firstTouch);
echo abs($admitted - $expected) <= 1.0 + 0.25 ? "admitted = burst + elapsed x limit to the end (+-1): ok\n"
	: sprintf("admitted %d, expected %.4f to the end\n", $admitted, $expected);
// Conservation: what was taken plus what is left is what came in, to a
// tenth of a token (50 ms: the clock readings bracket the script calls).
$in = $budget(($t1 + $t2) / 2 - $firstTouch);
echo abs($admitted + $left - $in) < 0.1 ? "admitted + left = burst + elapsed x limit: ok\n"
	: sprintf("admitted %d + left %.4f != %.4f\n", $admitted, $left, $in);
// Every process ran into the limit, so the bucket was never idle.
echo count(array_filter($results, fn ($r) => $r['refused'] > 0)) === PROCESSES ? "every process was refused: ok\n"
	: "some process was never refused\n";
// Grants went on through the whole run (refill), not only from the burst.
echo $lastGrant - $firstGrant > DURATION - 1.5 ? "grants until the end: ok\n"
	: sprintf("grants from %.3f to %.3f only\n", $firstGrant - $firstTouch, $lastGrant - $firstTouch);
$limiter->reset();
?>
--EXPECT--
8 processes reported
elapsed about 10 s: ok
admitted <= burst + elapsed x limit: ok
admitted >= burst + elapsed x limit - 1: ok
admitted = burst + elapsed x limit to the end (+-1): ok
admitted + left = burst + elapsed x limit: ok
every process was refused: ok
grants until the end: ok
