--TEST--
RateLimiter: the bucket key always has a TTL, long enough to outlive the refill, a pause and a cut, and gone once the bucket is full again
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$prefix = 'calcom-test:limiter-ttl:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$raw = new RawRedis(redis_port());
$C = RateLimiter::PRIORITY_CRITICAL;
$key = fn (string $name) => $prefix . "limiter:{{$name}}:bucket";

/* PTTL in ms against [min, max]. */
function ttl_in(RawRedis $raw, string $key, int $min, int $max): string
{
	$ttl = $raw->cmd('PTTL', $key);
	return $ttl >= $min && $ttl <= $max ? "in [$min, $max] ms" : "$ttl ms";
}

echo "fast bucket (6000/min, burst 2):\n";
$f = new RateLimiter($store, 'fast', ['limit' => 6000, 'burst' => 2]);
$f->reset();
$f->status();
$f->getRemainingRequests();
echo '  unused, after status() and getRemainingRequests(): EXISTS ', $raw->cmd('EXISTS', $key('fast')), "\n";
$f->tryAcquire(2, $C);
// Full again in 20 ms; the key may live one more second, no longer.
echo '  after taking 2: PTTL ', ttl_in($raw, $key('fast'), 20, 1020), "\n";
$t = microtime(true);
while ($raw->cmd('EXISTS', $key('fast')) && microtime(true) - $t < 3) {
	usleep(10000);
}
$gone = microtime(true) - $t;
echo '  gone ', $gone < 1.1 ? 'within 1.1 s' : "after $gone s", ', then: ', $f->getRemainingRequests(), " tokens\n";

echo "slow bucket (60/min, burst 5):\n";
$s = new RateLimiter($store, 'slow', ['limit' => 60, 'burst' => 5]);
$s->reset();
$s->tryAcquire(5, $C);
echo '  after taking 5 (full in 5 s): PTTL ', ttl_in($raw, $key('slow'), 4900, 6000), "\n";
for ($i = 0; $i < 3; $i++) {
	$s->incrementRequestCount();
}
echo '  3 more into debt (full in 8 s): PTTL ', ttl_in($raw, $key('slow'), 7900, 9000), "\n";

echo "after a 429 with a reset of 30 s:\n";
$n = new RateLimiter($store, 'pause', ['limit' => 120, 'burst' => 150, 'adaptive' => false]);
$n->reset();
$n->observe(429, ['X-RateLimit-Reset-Default' => '30']);
// 30 s paused, then 150 tokens at 2 a second: 105 s.
echo '  not adaptive: PTTL ', ttl_in($raw, $key('pause'), 104900, 106000), "\n";
$a = new RateLimiter($store, 'cut', ['recovery_seconds' => 300]);
$a->reset();
$a->observe(429, ['X-RateLimit-Reset-Default' => '30']);
// The cut must outlive the refill: 300 s.
echo '  adaptive, recovery 300 s: PTTL ', ttl_in($raw, $key('cut'), 299900, 301000), "\n";
$r = new RateLimiter($store, 'remaining', []);
$r->reset();
$r->observe(200, ['X-RateLimit-Remaining-Default' => '0', 'X-RateLimit-Reset-Default' => '60']);
echo '  remaining 0, reset 60 s: PTTL ', ttl_in($raw, $key('remaining'), 60000 + 75000 - 100, 60000 + 75000 + 1000), "\n";

echo "never without a TTL:\n";
$none = 0;
foreach (['fast', 'slow', 'pause', 'cut', 'remaining'] as $name) {
	$ttl = $raw->cmd('PTTL', $key($name));
	$none += $ttl === -1 ? 1 : 0;
}
echo "  keys without a TTL: $none\n";
foreach ([$f, $s, $n, $a, $r] as $l) {
	$l->reset();
}
echo '  after reset(): EXISTS ', $raw->cmd('EXISTS', $key('slow')), "\n";
?>
--EXPECT--
fast bucket (6000/min, burst 2):
  unused, after status() and getRemainingRequests(): EXISTS 0
  after taking 2: PTTL in [20, 1020] ms
  gone within 1.1 s, then: 2 tokens
slow bucket (60/min, burst 5):
  after taking 5 (full in 5 s): PTTL in [4900, 6000] ms
  3 more into debt (full in 8 s): PTTL in [7900, 9000] ms
after a 429 with a reset of 30 s:
  not adaptive: PTTL in [104900, 106000] ms
  adaptive, recovery 300 s: PTTL in [299900, 301000] ms
  remaining 0, reset 60 s: PTTL in [134900, 136000] ms
never without a TTL:
  keys without a TTL: 0
  after reset(): EXISTS 0
