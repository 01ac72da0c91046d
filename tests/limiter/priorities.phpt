--TEST--
RateLimiter: priorities keep their reserve share of the capacity (defaults 0/5/15/30 %, and a custom reserve), counted exactly
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$store = new Calcom\Store(redis_dsn(), ['prefix' => 'calcom-test:limiter-priorities:' . getmypid() . ':']);

/* Grants at $priority until the first refusal (nothing refills meaningfully at 0.001/min). */
function drain(RateLimiter $l, int $priority, int $cost = 1): int
{
	$n = 0;
	while (($wait = $l->tryAcquire($cost, $priority)) === 0.0) {
		if (++$n > 1000) {
			return -1;
		}
	}
	if (!($wait > 0.0)) {
		echo "refusal without a wait: ", var_export($wait, true), "\n";
	}
	return $n;
}

$l = new RateLimiter($store, 'defaults', ['limit' => 0.001, 'burst' => 100]);
$l->reset();
echo "fresh bucket, lowest priority first:\n";
foreach ([RateLimiter::PRIORITY_LOW => 'LOW', RateLimiter::PRIORITY_NORMAL => 'NORMAL',
	RateLimiter::PRIORITY_HIGH => 'HIGH', RateLimiter::PRIORITY_CRITICAL => 'CRITICAL'] as $p => $name) {
	echo "  $name: ", drain($l, $p), ", then tokens ", round($l->status()['tokens'], 3), "\n";
}
echo "  after all: LOW ", drain($l, RateLimiter::PRIORITY_LOW), ', NORMAL ', drain($l, RateLimiter::PRIORITY_NORMAL),
	', HIGH ', drain($l, RateLimiter::PRIORITY_HIGH), ', CRITICAL ', drain($l, RateLimiter::PRIORITY_CRITICAL), "\n";

echo "default priority is NORMAL:\n";
$l->reset();
$n = 0;
while ($l->tryAcquire() === 0.0 && $n < 1000) {
	$n++;
}
echo "  tryAcquire(): $n, then HIGH ", drain($l, RateLimiter::PRIORITY_HIGH), "\n";

echo "CRITICAL alone takes the whole bucket:\n";
$l->reset();
echo "  CRITICAL: ", drain($l, RateLimiter::PRIORITY_CRITICAL), "\n";

echo "costs against the reserve (LOW must leave 30 of 100, NORMAL 15, HIGH 5):\n";
$l->reset();
var_dump($l->tryAcquire(70, RateLimiter::PRIORITY_LOW));          // 100 - 70 = 30: granted
var_dump($l->tryAcquire(1, RateLimiter::PRIORITY_LOW) > 0.0);     // 30 - 1 = 29 < 30
var_dump($l->tryAcquire(16, RateLimiter::PRIORITY_NORMAL) > 0.0); // 30 - 16 = 14 < 15
var_dump($l->getRemainingRequests());                              // refusals took nothing
var_dump($l->tryAcquire(15, RateLimiter::PRIORITY_NORMAL));       // 30 - 15 = 15
var_dump($l->tryAcquire(11, RateLimiter::PRIORITY_HIGH) > 0.0);   // 15 - 11 = 4 < 5
var_dump($l->tryAcquire(10, RateLimiter::PRIORITY_HIGH));         // 15 - 10 = 5
var_dump($l->tryAcquire(6, RateLimiter::PRIORITY_CRITICAL) > 0.0);
var_dump($l->tryAcquire(5, RateLimiter::PRIORITY_CRITICAL));
var_dump($l->getRemainingRequests());

echo "custom reserve (LOW 50 %, NORMAL 0 %; HIGH and CRITICAL keep their defaults):\n";
$c = new RateLimiter($store, 'custom', ['limit' => 0.001, 'burst' => 100,
	'reserve' => [RateLimiter::PRIORITY_LOW => 0.5, RateLimiter::PRIORITY_NORMAL => 0]]);
$c->reset();
echo "  LOW ", drain($c, RateLimiter::PRIORITY_LOW), ", NORMAL ", drain($c, RateLimiter::PRIORITY_NORMAL),
	", HIGH ", drain($c, RateLimiter::PRIORITY_HIGH), ", CRITICAL ", drain($c, RateLimiter::PRIORITY_CRITICAL), "\n";

echo "burst 150 with the defaults (the shipped configuration):\n";
$d = new RateLimiter($store, 'shipped', ['limit' => 0.001]);
$d->reset();
echo "  LOW ", drain($d, RateLimiter::PRIORITY_LOW), ", NORMAL ", drain($d, RateLimiter::PRIORITY_NORMAL),
	", HIGH ", drain($d, RateLimiter::PRIORITY_HIGH), ", CRITICAL ", drain($d, RateLimiter::PRIORITY_CRITICAL), "\n";

$l->reset();
$c->reset();
$d->reset();
?>
--EXPECT--
fresh bucket, lowest priority first:
  LOW: 70, then tokens 30
  NORMAL: 15, then tokens 15
  HIGH: 10, then tokens 5
  CRITICAL: 5, then tokens 0
  after all: LOW 0, NORMAL 0, HIGH 0, CRITICAL 0
default priority is NORMAL:
  tryAcquire(): 85, then HIGH 10
CRITICAL alone takes the whole bucket:
  CRITICAL: 100
costs against the reserve (LOW must leave 30 of 100, NORMAL 15, HIGH 5):
float(0)
bool(true)
bool(true)
int(30)
float(0)
bool(true)
float(0)
bool(true)
float(0)
int(0)
custom reserve (LOW 50 %, NORMAL 0 %; HIGH and CRITICAL keep their defaults):
  LOW 50, NORMAL 50, HIGH 0, CRITICAL 0
burst 150 with the defaults (the shipped configuration):
  LOW 105, NORMAL 22, HIGH 15, CRITICAL 8
