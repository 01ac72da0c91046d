--TEST--
CircuitBreaker: while a probe holds the half-open lease (probe_timeout 30 s), others are refused with a retryAfter of at most 1 s ("Retry after 1 seconds.", never 2): the probe answers within one request, and the lease only bounds a holder that died
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

$prefix = 'calcom-test:breaker-probe-retry:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$n = 50;
for ($i = 0; $i < $n; $i++) {
	(new CircuitBreaker($store, "p$i", 1, 1, 1))->recordFailure();
}
usleep(1100000);
$messages = [];
$over = 0;
for ($i = 0; $i < $n; $i++) {
	$probe = new CircuitBreaker($store, "p$i", 1, 1, 1);   // default probe_timeout: 30 s
	$other = new CircuitBreaker($store, "p$i", 1, 1, 1);
	if (!$probe->allowRequest()) {
		echo "p$i: no probe\n";
	}
	try {
		$other->call(fn () => 1);
		echo "p$i: call() ran\n";
	} catch (Calcom\CircuitOpenException $e) {
		$m = str_replace("'p$i'", "'p'", $e->getMessage());
		$messages[$m] = ($messages[$m] ?? 0) + 1;
		$over += $e->retryAfter() > 1.0 || $e->retryAfter() <= 0.0 ? 1 : 0;
	}
	$probe->reset();
}
foreach ($messages as $m => $count) {
	echo $m, " x$count\n";
}
echo "retryAfter outside (0, 1]: $over\n";
?>
--EXPECT--
Circuit breaker is OPEN for service 'p'. Service appears to be down. Retry after 1 seconds. x50
retryAfter outside (0, 1]: 0
