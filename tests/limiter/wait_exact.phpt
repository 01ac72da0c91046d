--TEST--
RateLimiter: tryAcquire() reports exactly how long until the tokens are there, and a refusal takes nothing
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--CONFLICTS--
all
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$store = new Calcom\Store(redis_dsn(), ['prefix' => 'calcom-test:limiter-wait:' . getmypid() . ':']);
// One token every 2 s: slow enough that the hundred refusals below end before
// the first token is back, even under valgrind on a busy machine.
$l = new RateLimiter($store, 'api', ['limit' => 30, 'burst' => 5]);
$l->reset();
$C = RateLimiter::PRIORITY_CRITICAL;   // no reserve

for ($i = 0; $i < 5; $i++) {
	$l->tryAcquire(1, $C) === 0.0 or print("take $i refused\n");
}
$drained = $store->time();   // at or after the last take
$w1 = $l->tryAcquire(1, $C);
$t1 = $store->time();
echo $w1 > 0.0 && $w1 <= 2.0 ? "wait for 1 in (0, 2]: ok\n" : "wait for 1: $w1\n";
// Exact: the refill since the bucket emptied plus the wait is one token.
echo abs($w1 + ($t1 - $drained) - 2.0) < 0.05 ? "wait for 1 = 2 s - time since drained: ok\n"
	: sprintf("wait %.4f, %.4f s after drained\n", $w1, $t1 - $drained);
$w3 = $l->tryAcquire(3, $C);
$t3 = $store->time();
echo abs($w3 + ($t3 - $drained) - 6.0) < 0.05 ? "wait for 3 = 6 s - time since drained: ok\n"
	: sprintf("wait for 3 %.4f, %.4f s after drained\n", $w3, $t3 - $drained);
// NORMAL keeps 15 % of the capacity (0.75 token) back: 1.75 tokens, 3.5 s.
$wn = $l->tryAcquire(1, RateLimiter::PRIORITY_NORMAL);
$tn = $store->time();
echo abs($wn + ($tn - $drained) - 3.5) < 0.05 ? "NORMAL wait includes the reserve: ok\n"
	: sprintf("NORMAL wait %.4f, %.4f s after drained\n", $wn, $tn - $drained);

// Refusals take nothing: after many of them the wait has only shrunk by the time passed.
for ($i = 0; $i < 50; $i++) {
	$l->tryAcquire(5, $C) > 0.0 or print("cost 5 granted from an empty bucket\n");
	$l->tryAcquire(1, RateLimiter::PRIORITY_LOW) > 0.0 or print("LOW granted from an empty bucket\n");
}
var_dump($l->getRemainingRequests());
$w2 = $l->tryAcquire(1, $C);
$t2 = $store->time();
echo abs(($w1 - $w2) - ($t2 - $t1)) < 0.05 ? "the wait only shrank with time: ok\n"
	: sprintf("wait went from %.4f to %.4f in %.4f s\n", $w1, $w2, $t2 - $t1);
echo $l->status()['tokens'] < 0.5 ? "tokens still below one: ok\n" : "tokens: {$l->status()['tokens']}\n";

// The wait is the truth in both directions: 200 ms early is still too early, on time is enough.
usleep((int) (($w2 - 0.2) * 1e6));
$early = $l->tryAcquire(1, $C);
echo $early > 0.0 && $early <= 0.2 ? "200 ms early: refused, at most 200 ms to go: ok\n" : "200 ms early: $early\n";
usleep((int) ($early * 1e6) + 5000);
var_dump($l->tryAcquire(1, $C));
var_dump($l->tryAcquire(1, $C) > 1.8);
$l->reset();
?>
--EXPECT--
wait for 1 in (0, 2]: ok
wait for 1 = 2 s - time since drained: ok
wait for 3 = 6 s - time since drained: ok
NORMAL wait includes the reserve: ok
int(0)
the wait only shrank with time: ok
tokens still below one: ok
200 ms early: refused, at most 200 ms to go: ok
float(0)
bool(true)
