--TEST--
CircuitBreaker: the recovery timeout doubles with every re-open (1, 2, 3, 3 with max_recovery_timeout 3) and starts over when the circuit closes
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;
use Calcom\CircuitOpenException;

$prefix = 'calcom-test:breaker-backoff:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
// threshold 1, recovery 1 s, one success closes, at most 3 s
$b = new CircuitBreaker($store, 'backoff', 1, 1, 1, ['max_recovery_timeout' => 3]);

function line(string $label): void
{
	global $b;
	$s = $b->getStatus();
	try {
		$b->call(fn () => null);
		$msg = 'call() ran';
	} catch (CircuitOpenException $e) {
		$msg = substr($e->getMessage(), strpos($e->getMessage(), 'Retry'));
	}
	printf("%-22s %s open_count=%d recovery=%d retry_in=%d | %s\n", $label . ':', $s['state'], $s['open_count'],
		$s['recovery_timeout'], $s['seconds_until_retry'], $msg);
}

echo 'closed: recovery=', $b->getStatus()['recovery_timeout'], "\n";
$b->recordFailure();
line('opening 1');
$expect = [1 => 1, 2 => 2, 3 => 3, 4 => 3];
for ($n = 2; $n <= 4; $n++) {
	$wait = $expect[$n - 1];
	if ($wait > 1) {
		usleep(($wait - 1) * 1000000 + 100000);
		echo "  after ", $wait - 0.9, " s still ", $b->getState(), "\n";   // the shorter timeout would be over
		usleep(900000);
	} else {
		usleep(1100000);
	}
	echo "  after {$wait}.1 s ", $b->getState(), ' recovery=', $b->getStatus()['recovery_timeout'], ', probe: ',
		var_export($b->allowRequest(), true), "\n";
	$b->recordFailure(503);
	line("opening $n");
}
usleep(3100000);
echo "  after 3.1 s ", $b->getState(), ', probe: ', var_export($b->allowRequest(), true), "\n";
$b->recordSuccess();
$s = $b->getStatus();
echo 'closed again: ', $s['state'], ' open_count=', $s['open_count'], ' recovery=', $s['recovery_timeout'], "\n";
$b->recordFailure();
line('opening after close');

// The cap never goes below the first timeout: a recovery above the default
// max (600) raises the max with it.
$long = new CircuitBreaker($store, 'long', 1, 900);
$long->recordFailure();
echo 'recovery 900: ', $long->getStatus()['recovery_timeout'], ' retry_in=', $long->getStatus()['seconds_until_retry'], "\n";
$b->reset();
$long->reset();
?>
--EXPECT--
closed: recovery=1
opening 1:             open open_count=1 recovery=1 retry_in=1 | Retry after 1 seconds.
  after 1.1 s half_open recovery=1, probe: true
opening 2:             open open_count=2 recovery=2 retry_in=2 | Retry after 2 seconds.
  after 1.1 s still open
  after 2.1 s half_open recovery=2, probe: true
opening 3:             open open_count=3 recovery=3 retry_in=3 | Retry after 3 seconds.
  after 2.1 s still open
  after 3.1 s half_open recovery=3, probe: true
opening 4:             open open_count=4 recovery=3 retry_in=3 | Retry after 3 seconds.
  after 3.1 s half_open, probe: true
closed again: closed open_count=0 recovery=1
opening after close:   open open_count=1 recovery=1 retry_in=1 | Retry after 1 seconds.
recovery 900: 900 retry_in=900
