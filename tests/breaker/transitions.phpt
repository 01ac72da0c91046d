--TEST--
CircuitBreaker: closed -> open -> half_open -> closed and half_open -> open, with exact states, counts, messages and the Redis hash
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;
use Calcom\CircuitOpenException;

$prefix = 'calcom-test:breaker-transitions:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$raw = new RawRedis(redis_port());
$key = $prefix . 'breaker:{cal.com}:state';
// threshold 3, recovery 1 s, 2 successes to close
$b = new CircuitBreaker($store, 'cal.com', 3, 1, 2);
// Another worker's object for the same breaker: it sees the same state.
$peer = new CircuitBreaker($store, 'cal.com', 3, 1, 2);

function show(string $label, CircuitBreaker $b): void
{
	global $raw, $key, $store;
	$s = $b->getStatus();
	$same = $b->getState() === $s['state'] && $b->isOpen() === ($s['state'] === 'open')
		&& $b->getFailureCount() === $s['failure_count'] && $b->getSuccessCount() === $s['success_count'];
	$opened = $s['opened_at'] === null ? 'null'
		: (is_float($s['opened_at']) && abs($s['opened_at'] - $store->time()) < 5 ? 'now' : var_export($s['opened_at'], true));
	$exists = $raw->cmd('EXISTS', $key);
	$ttl = $exists ? $raw->cmd('PTTL', $key) : null;
	printf("%-28s %-9s failures=%d successes=%d open_count=%d recovery=%d retry_in=%d opened_at=%s key=%s%s\n",
		$label . ':', $s['state'], $s['failure_count'], $s['success_count'], $s['open_count'],
		$s['recovery_timeout'], $s['seconds_until_retry'], $opened,
		$exists ? ($ttl > 0 ? 'yes(ttl)' : "yes(NO TTL: $ttl)") : 'no', $same ? '' : ' ACCESSORS DISAGREE');
}

function refused(CircuitBreaker $b): void
{
	$ran = false;
	try {
		$b->call(function () use (&$ran) { $ran = true; return 1; });
		echo "call() was not refused\n";
	} catch (CircuitOpenException $e) {
		printf("refused: %s | retryAfter %s | ran %s | status %s | ApiException %s\n", $e->getMessage(),
			$e->retryAfter() > 0 ? 'positive' : var_export($e->retryAfter(), true), var_export($ran, true),
			var_export($e->getStatusCode(), true), var_export($e instanceof Calcom\ApiException, true));
	}
}

var_dump(CircuitBreaker::STATE_CLOSED, CircuitBreaker::STATE_OPEN, CircuitBreaker::STATE_HALF_OPEN);
var_dump(array_keys($b->getStatus()));
show('fresh', $b);
var_dump($b->allowRequest(), $b->call(fn () => 'value'));
show('after a clean success', $b);

$b->recordFailure();
show('one failure', $b);
$b->recordSuccess();
show('success forgets it', $b);

$b->recordFailure(2);
$b->recordFailure(404);
show('weight 2 and a 404', $b);
var_dump($b->call(fn () => 'ok'));
show('call() success forgets', $b);

$b->recordFailure();
$b->recordFailure();
show('two failures', $b);
$peer->recordFailure();
show('third failure (peer) opens', $b);
var_dump($b->isOpen(), $b->allowRequest(), $peer->allowRequest());
refused($b);
$b->recordSuccess();   // a success reported while open does not close it
show('success while open', $b);

usleep(1100000);
show('after the recovery timeout', $b);
var_dump($b->isOpen());
echo "probe: ";
var_dump($b->allowRequest());
echo "peer while the probe runs: ";
var_dump($peer->allowRequest());
refused($peer);
$b->recordSuccess();
show('one probe success', $b);
echo "peer probes: ";
var_dump($peer->allowRequest());
$peer->recordFailure(404);   // the service answered: frees the lease, changes nothing else
show('probe answered 404', $b);
var_dump($b->call(fn () => 'probe ok'));
show('second probe success closes', $b);

$b->recordFailure(3);
show('weight 3 opens again', $b);
usleep(1100000);
show('half open again', $b);
$boom = new RuntimeException('boom');
try {
	$b->call(function () use ($boom) { throw $boom; });
} catch (RuntimeException $e) {
	echo 'rethrown the same exception: ', var_export($e === $boom, true), "\n";
}
show('failed probe re-opens', $b);
refused($b);

$b->reset();
show('reset', $b);
var_dump($b->allowRequest());
?>
--EXPECT--
string(6) "closed"
string(4) "open"
string(9) "half_open"
array(9) {
  [0]=>
  string(7) "service"
  [1]=>
  string(5) "state"
  [2]=>
  string(13) "failure_count"
  [3]=>
  string(13) "success_count"
  [4]=>
  string(17) "failure_threshold"
  [5]=>
  string(16) "recovery_timeout"
  [6]=>
  string(9) "opened_at"
  [7]=>
  string(19) "seconds_until_retry"
  [8]=>
  string(10) "open_count"
}
fresh:                       closed    failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=no
bool(true)
string(5) "value"
after a clean success:       closed    failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=no
one failure:                 closed    failures=1 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=yes(ttl)
success forgets it:          closed    failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=no
weight 2 and a 404:          closed    failures=2 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=yes(ttl)
string(2) "ok"
call() success forgets:      closed    failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=no
two failures:                closed    failures=2 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=yes(ttl)
third failure (peer) opens:  open      failures=3 successes=0 open_count=1 recovery=1 retry_in=1 opened_at=now key=yes(ttl)
bool(true)
bool(false)
bool(false)
refused: Circuit breaker is OPEN for service 'cal.com'. Service appears to be down. Retry after 1 seconds. | retryAfter positive | ran false | status NULL | ApiException true
success while open:          open      failures=3 successes=0 open_count=1 recovery=1 retry_in=1 opened_at=now key=yes(ttl)
after the recovery timeout:  half_open failures=3 successes=0 open_count=1 recovery=1 retry_in=0 opened_at=now key=yes(ttl)
bool(false)
probe: bool(true)
peer while the probe runs: bool(false)
refused: Circuit breaker is OPEN for service 'cal.com'. Service appears to be down. Retry after 1 seconds. | retryAfter positive | ran false | status NULL | ApiException true
one probe success:           half_open failures=3 successes=1 open_count=1 recovery=1 retry_in=0 opened_at=now key=yes(ttl)
peer probes: bool(true)
probe answered 404:          half_open failures=3 successes=1 open_count=1 recovery=1 retry_in=0 opened_at=now key=yes(ttl)
string(8) "probe ok"
second probe success closes: closed    failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=no
weight 3 opens again:        open      failures=3 successes=0 open_count=1 recovery=1 retry_in=1 opened_at=now key=yes(ttl)
half open again:             half_open failures=3 successes=0 open_count=1 recovery=1 retry_in=0 opened_at=now key=yes(ttl)
rethrown the same exception: true
failed probe re-opens:       open      failures=4 successes=0 open_count=2 recovery=2 retry_in=2 opened_at=now key=yes(ttl)
refused: Circuit breaker is OPEN for service 'cal.com'. Service appears to be down. Retry after 2 seconds. | retryAfter positive | ran false | status NULL | ApiException true
reset:                       closed    failures=0 successes=0 open_count=0 recovery=1 retry_in=0 opened_at=null key=no
bool(true)
