--TEST--
RateLimiter: acquire() returns false at once when the wait exceeds maxWait, else sleeps the reported wait once and takes the tokens
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--CONFLICTS--
redis_script_cache
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$store = new Calcom\Store(redis_dsn(), ['prefix' => 'calcom-test:limiter-acquire:' . getmypid() . ':']);
$l = new RateLimiter($store, 'api', ['limit' => 600, 'burst' => 2]);   // 0.1 s per token
$C = RateLimiter::PRIORITY_CRITICAL;

/* Runs $f; returns [its result, seconds it took, Redis round trips it made]. */
function measure(Calcom\Store $store, callable $f): array
{
	$rt = $store->stats()['round_trips'];
	$t = microtime(true);
	$r = $f();
	return [$r, microtime(true) - $t, $store->stats()['round_trips'] - $rt];
}

$l->reset();
$l->status();   // the script is known to Redis from here on
[$r, $took, $rt] = measure($store, fn () => $l->acquire(1, $C, 0.0));
echo 'full bucket, maxWait 0: ', var_export($r, true), ", round trips $rt\n";
[$r, $took, $rt] = measure($store, fn () => $l->acquire(1, $C));
echo 'default maxWait 0: ', var_export($r, true), ", round trips $rt\n";

// Empty now. The wait for one token is about 0.1 s.
[$r, $took, $rt] = measure($store, fn () => $l->acquire());
echo 'empty, defaults (maxWait 0): ', var_export($r, true), ', ', $took < 0.2 ? 'at once' : "after $took s", ", round trips $rt\n";
[$r, $took, $rt] = measure($store, fn () => $l->acquire(1, $C, 0.05));
echo 'empty, maxWait 0.05: ', var_export($r, true), ', ', $took < 0.2 ? 'at once' : "after $took s", ", round trips $rt\n";
[$r, $took, $rt] = measure($store, fn () => $l->acquire(2, $C, 0.15));
echo 'empty, cost 2, maxWait 0.15: ', var_export($r, true), ', ', $took < 0.2 ? 'at once' : "after $took s", ", round trips $rt\n";
// Nothing was taken by the refusals: the wait only shrank with time.
$w = $l->tryAcquire(1, $C);
echo $w > 0.0 && $w <= 0.1 ? "still waiting for the first refill, nothing taken: ok\n" : "wait now $w\n";

[$r, $took, $rt] = measure($store, fn () => $l->acquire(1, $C, 0.5));
echo 'empty, maxWait 0.5: ', var_export($r, true), ', ', $took <= 0.1 + 0.1 ? 'slept at most the wait' : "after $took s",
	", round trips $rt\n";
echo 'and took it: ', $l->tryAcquire(1, $C) >= 0.09 ? "next wait is a full token: ok\n" : "no\n";

// Cost 2 from an empty bucket: 0.2 s, one sleep of that length.
usleep(1000);
$wait = $l->tryAcquire(2, $C);
[$r, $took, $rt] = measure($store, fn () => $l->acquire(2, $C, 1.0));
echo 'cost 2, maxWait 1: ', var_export($r, true), ', ', $took >= $wait - 0.02 && $took < $wait + 0.15 ? 'slept the reported wait'
	: "took $took s for a wait of $wait s", ", round trips $rt\n";

// LOW waits for its reserve too: 0.3 x 2 = 0.6 token more.
$l->reset();
$l->tryAcquire(2, $C);
$wait = $l->tryAcquire(1, RateLimiter::PRIORITY_LOW);
echo abs($wait - 0.16) < 0.02 ? "LOW wait 0.16 s: ok\n" : "LOW wait $wait\n";
[$r, $took, $rt] = measure($store, fn () => $l->acquire(1, RateLimiter::PRIORITY_LOW, 0.1));
echo 'LOW, maxWait 0.1: ', var_export($r, true), ', ', $took < 0.1 ? 'at once' : "after $took s", ", round trips $rt\n";
[$r, $took, $rt] = measure($store, fn () => $l->acquire(1, RateLimiter::PRIORITY_LOW, 0.3));
echo 'LOW, maxWait 0.3: ', var_export($r, true), ', ', $took >= 0.1 && $took < 0.3 ? 'after the wait' : "after $took s",
	", round trips $rt\n";
$l->reset();
?>
--EXPECT--
full bucket, maxWait 0: true, round trips 1
default maxWait 0: true, round trips 1
empty, defaults (maxWait 0): false, at once, round trips 1
empty, maxWait 0.05: false, at once, round trips 1
empty, cost 2, maxWait 0.15: false, at once, round trips 1
still waiting for the first refill, nothing taken: ok
empty, maxWait 0.5: true, slept at most the wait, round trips 2
and took it: next wait is a full token: ok
cost 2, maxWait 1: true, slept the reported wait, round trips 2
LOW wait 0.16 s: ok
LOW, maxWait 0.1: false, at once, round trips 1
LOW, maxWait 0.3: true, after the wait, round trips 2
