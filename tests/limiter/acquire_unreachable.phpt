--TEST--
RateLimiter::acquire(): a cost that its priority's reserve never lets through (71 at LOW of burst 100) is refused without polling Redis until maxWait
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--CONFLICTS--
redis_script_cache
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$store = new Calcom\Store(redis_dsn(), ['prefix' => 'calcom-test:limiter-unreachable:' . getmypid() . ':']);
$l = new RateLimiter($store, 'api', ['limit' => 6000, 'burst' => 100]);   // refills 100 tokens a second
$l->reset();
$l->status();   // the script is known to Redis from here on

// LOW keeps 30 of 100 back, so 71 at LOW never passes, however full the
// bucket. acquire() sleeps the reported wait once when it fits, else gives up
// at once; it must not poll Redis for the whole of maxWait. (A ValueError for
// a cost the priority can never get would do too.)
$rt = $store->stats()['round_trips'];
$t = microtime(true);
try {
	$r = $l->acquire(71, RateLimiter::PRIORITY_LOW, 1.0);
	$took = microtime(true) - $t;
	$trips = $store->stats()['round_trips'] - $rt;
	echo $r === false && $trips <= 2 && $took < 0.5 ? "refused without polling\n"
		: sprintf("acquire: %s after %.3f s and %d round trips\n", var_export($r, true), $took, $trips);
} catch (ValueError $e) {
	echo "refused without polling\n";
}
var_dump($l->getRemainingRequests());   // nothing taken
// What does pass at LOW: 70 (on a bucket that does not refill, so a slow
// machine, valgrind say, cannot add tokens between the two calls).
$still = new RateLimiter($store, 'still', ['limit' => 0.001, 'burst' => 100]);
$still->reset();
var_dump($still->acquire(70, RateLimiter::PRIORITY_LOW, 1.0), $still->getRemainingRequests());
$l->reset();
$still->reset();
?>
--EXPECT--
refused without polling
int(100)
bool(true)
int(30)
