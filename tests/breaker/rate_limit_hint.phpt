--TEST--
CircuitBreaker: a 429 RateLimitException's retryAfter() keeps the circuit open at least that long, on opening and while open; never shorter
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;
use Calcom\CircuitOpenException;
use Calcom\RateLimitException;

$prefix = 'calcom-test:breaker-hint:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);

function line(string $label, CircuitBreaker $b): void
{
	$s = $b->getStatus();
	try {
		$b->call(fn () => null);
		$msg = 'call() ran';
	} catch (CircuitOpenException $e) {
		$msg = substr($e->getMessage(), strpos($e->getMessage(), 'Retry')) . sprintf(' (retryAfter %.0f)', ceil($e->retryAfter()));
	}
	printf("%-36s %s recovery=%d retry_in=%d | %s\n", $label . ':', $s['state'], $s['recovery_timeout'],
		$s['seconds_until_retry'], $msg);
}

// threshold 3, recovery 1 s: one 429 (weight 3) opens it
$b = new CircuitBreaker($store, 'hint', 3, 1, 1);
$b->recordFailure(new RateLimitException('Too many requests', 4.0, 429));
line('429 with retryAfter 4 opens', $b);
usleep(1200000);
line('1.2 s later (recovery is 1 s)', $b);
$b->recordFailure(new RateLimitException('Too many requests', 6.0, 429));
line('another 429 with 6 while open', $b);
$b->recordFailure(new RateLimitException('Too many requests', 1.0, 429));
line('a 429 with 1 does not shorten it', $b);
$b->recordFailure(429);
line('a bare 429 (no hint)', $b);
$b->reset();

// A hint below the recovery timeout changes nothing.
$b = new CircuitBreaker($store, 'short-hint', 3, 2, 1);
$b->recordFailure(new RateLimitException('Too many requests', 0.5, 429));
line('429 with 0.5, recovery 2', $b);
$b->reset();

// Through call(): the operation's 429 opens with its hint and comes back out.
$b = new CircuitBreaker($store, 'call-hint', 3, 1, 1);
try {
	$b->call(function () { throw new RateLimitException('Too many requests', 5.0, 429); });
} catch (RateLimitException $e) {
	echo 'call() rethrew: ', $e->getMessage(), "\n";
}
line('429 thrown inside call()', $b);
$b->reset();

// A 429 hint on a failed probe keeps the re-opened circuit open that long.
$b = new CircuitBreaker($store, 'probe-hint', 1, 1, 1);
$b->recordFailure();
usleep(1100000);
echo 'probe: ', var_export($b->allowRequest(), true), ' in ', $b->getState(), "\n";
$b->recordFailure(new RateLimitException('Too many requests', 7.0, 429));
line('failed probe with 429 retryAfter 7', $b);
$b->reset();

// A RateLimitException without a status is the local limiter: weight 0, no hint.
$b = new CircuitBreaker($store, 'local-limit', 1, 1, 1);
$b->recordFailure(new RateLimitException('local budget', 30.0, null));
line('local RateLimitException', $b);
$b->reset();
?>
--EXPECT--
429 with retryAfter 4 opens:         open recovery=1 retry_in=4 | Retry after 4 seconds. (retryAfter 4)
1.2 s later (recovery is 1 s):       open recovery=1 retry_in=3 | Retry after 3 seconds. (retryAfter 3)
another 429 with 6 while open:       open recovery=1 retry_in=6 | Retry after 6 seconds. (retryAfter 6)
a 429 with 1 does not shorten it:    open recovery=1 retry_in=6 | Retry after 6 seconds. (retryAfter 6)
a bare 429 (no hint):                open recovery=1 retry_in=6 | Retry after 6 seconds. (retryAfter 6)
429 with 0.5, recovery 2:            open recovery=2 retry_in=2 | Retry after 2 seconds. (retryAfter 2)
call() rethrew: Too many requests
429 thrown inside call():            open recovery=1 retry_in=5 | Retry after 5 seconds. (retryAfter 5)
probe: true in half_open
failed probe with 429 retryAfter 7:  open recovery=2 retry_in=7 | Retry after 7 seconds. (retryAfter 7)
local RateLimitException:            closed recovery=1 retry_in=0 | call() ran
