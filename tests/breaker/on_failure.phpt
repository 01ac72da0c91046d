--TEST--
CircuitBreaker with Redis unreachable: on_failure "open" lets everything through, "closed" refuses with StoreException before running anything, "local" keeps a per-process breaker with the same rules
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;
use Calcom\CircuitOpenException;
use Calcom\StoreException;

$port = free_port();
$dead = "redis://127.0.0.1:$port";
$ran = 0;
$op = function () use (&$ran) { $ran++; return 'ran'; };

function attempt(string $label, callable $f): void
{
	global $port;
	try {
		$r = $f();
		echo "$label: ", var_export($r, true), "\n";
	} catch (Throwable $e) {
		echo "$label: ", get_class($e), ': ', str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
	}
}

echo "-- open\n";
$b = new CircuitBreaker(new Calcom\Store($dead, ['on_failure' => 'open', 'connect_timeout' => 0.2]), 'svc', 1, 60);
attempt('allowRequest', fn () => $b->allowRequest());
attempt('call', fn () => $b->call($op));
for ($i = 0; $i < 5; $i++) {
	$b->recordFailure(503);
}
attempt('after 5 failures, allowRequest', fn () => $b->allowRequest());
attempt('call', fn () => $b->call($op));
attempt('call that throws', fn () => $b->call(function () { throw new DomainException('the operation failed'); }));
attempt('recordSuccess', fn () => $b->recordSuccess());
attempt('getState', fn () => $b->getState());
attempt('isOpen', fn () => $b->isOpen());
attempt('getFailureCount', fn () => $b->getFailureCount());
$s = $b->getStatus();
echo 'status: ', $s['service'], ' ', $s['state'], ' ', $s['failure_count'], ' ', var_export($s['opened_at'], true), ' ',
	$s['open_count'], "\n";
attempt('reset', fn () => $b->reset());
echo "operations run: $ran\n";

echo "-- default on_failure is open\n";
$b = new CircuitBreaker(new Calcom\Store($dead, ['connect_timeout' => 0.2]), 'svc', 1, 60);
$b->recordFailure();
attempt('call', fn () => $b->call($op));

echo "-- closed\n";
$ran = 0;
$b = new CircuitBreaker(new Calcom\Store($dead, ['on_failure' => 'closed', 'connect_timeout' => 0.2]), 'svc', 1, 60);
attempt('allowRequest', fn () => $b->allowRequest());
attempt('call', fn () => $b->call($op));
attempt('recordFailure', fn () => $b->recordFailure());
attempt('recordSuccess', fn () => $b->recordSuccess());
attempt('getState', fn () => $b->getState());
attempt('getStatus', fn () => $b->getStatus());
attempt('reset', fn () => $b->reset());
echo "operations run: $ran\n";

echo "-- local\n";
$ran = 0;
$store = new Calcom\Store($dead, ['on_failure' => 'local', 'connect_timeout' => 0.2]);
// threshold 3, recovery 1 s, 2 successes close
$b = new CircuitBreaker($store, 'svc', 3, 1, 2);
$same = new CircuitBreaker($store, 'svc', 3, 1, 2);
$other = new CircuitBreaker($store, 'other', 3, 1, 2);
function line(string $label, CircuitBreaker $b): void
{
	$s = $b->getStatus();
	printf("%-26s %s failures=%d successes=%d open_count=%d recovery=%d retry_in=%d opened_at=%s\n", $label . ':',
		$s['state'], $s['failure_count'], $s['success_count'], $s['open_count'], $s['recovery_timeout'],
		$s['seconds_until_retry'], $s['opened_at'] === null ? 'null' : gettype($s['opened_at']));
}
line('fresh', $b);
$b->recordFailure(503);
line('503', $b);
$b->recordFailure(404);
line('404 weighs nothing', $b);
$b->recordSuccess();
line('success forgets', $b);
$b->recordFailure(new Calcom\TimeoutException('t'));
attempt('call that throws', fn () => $b->call(function () { throw new DomainException('the operation failed'); }));
line('timeout + other: open', $b);
line('same name, same process', $same);
line('another name', $other);
attempt('allowRequest', fn () => $b->allowRequest());
attempt('call', fn () => $b->call($op));
echo "operations run: $ran\n";

// Another process with the same DSN and policy has a breaker of its own.
$code = '$b = new Calcom\CircuitBreaker(new Calcom\Store(getenv("DSN"), ["on_failure" => "local", "connect_timeout" => 0.2]), "svc", 3, 1, 2);
echo $b->getState(), " ", $b->getFailureCount(), " ", var_export($b->allowRequest(), true);';
$proc = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
	[1 => ['pipe', 'w']], $pipes, null, ['DSN' => $dead]);
echo 'another process: ', stream_get_contents($pipes[1]), "\n";
proc_close($proc);

// A local probe lease that is never reported expires after probe_timeout.
$leased = new CircuitBreaker($store, 'lease', 1, 1, 1, ['probe_timeout' => 0.3]);
$leased->recordFailure();

usleep(1100000);
line('after 1.1 s', $b);
$peer = new CircuitBreaker($store, 'lease', 1, 1, 1, ['probe_timeout' => 0.3]);
echo 'lease: probe ', var_export($leased->allowRequest(), true), ', another ', var_export($peer->allowRequest(), true);
usleep(400000);
echo ', after probe_timeout ', var_export($peer->allowRequest(), true), "\n";
attempt('probe', fn () => $b->allowRequest());
attempt('second probe', fn () => $same->allowRequest());
$b->recordSuccess();
line('one success', $b);
attempt('call', fn () => $b->call($op));
line('two successes close', $b);
for ($i = 0; $i < 3; $i++) {
	$b->recordFailure();
}
line('three failures', $b);
usleep(1100000);
attempt('probe fails', fn () => $b->call(function () { throw new Calcom\ApiException('down', 503); }));
line('re-opened, doubled', $b);
$b->reset();
line('reset', $b);
echo "operations run: $ran\n";
?>
--EXPECT--
-- open
allowRequest: true
call: 'ran'
after 5 failures, allowRequest: true
call: 'ran'
call that throws: DomainException: the operation failed
recordSuccess: NULL
getState: 'closed'
isOpen: false
getFailureCount: 0
status: svc closed 0 NULL 0
reset: NULL
operations run: 2
-- default on_failure is open
call: 'ran'
-- closed
allowRequest: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
call: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
recordFailure: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
recordSuccess: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
getState: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
getStatus: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
reset: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
operations run: 0
-- local
fresh:                     closed failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null
503:                       closed failures=2 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null
404 weighs nothing:        closed failures=2 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null
success forgets:           closed failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null
call that throws: DomainException: the operation failed
timeout + other: open:     open failures=3 successes=0 open_count=1 recovery=1 retry_in=1 opened_at=double
same name, same process:   open failures=3 successes=0 open_count=1 recovery=1 retry_in=1 opened_at=double
another name:              closed failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null
allowRequest: false
call: Calcom\CircuitOpenException: Circuit breaker is OPEN for service 'svc'. Service appears to be down. Retry after 1 seconds.
operations run: 0
another process: closed 0 true
after 1.1 s:               half_open failures=3 successes=0 open_count=1 recovery=1 retry_in=0 opened_at=double
lease: probe true, another false, after probe_timeout true
probe: true
second probe: false
one success:               half_open failures=3 successes=1 open_count=1 recovery=1 retry_in=0 opened_at=double
call: 'ran'
two successes close:       closed failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null
three failures:            open failures=3 successes=0 open_count=1 recovery=1 retry_in=1 opened_at=double
probe fails: Calcom\ApiException: down
re-opened, doubled:        open failures=5 successes=0 open_count=2 recovery=2 retry_in=2 opened_at=double
reset:                     closed failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null
operations run: 1
