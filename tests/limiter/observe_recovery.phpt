--TEST--
RateLimiter::observe(): after the server's reset the bucket refills at the cut rate, and after recovery_seconds the full limit and capacity return
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$store = new Calcom\Store(redis_dsn(), ['prefix' => 'calcom-test:limiter-recovery:' . getmypid() . ':']);
// Cut: 600/min -> 300/min (5 tokens a second), capacity 10 -> 5, for 2 s.
$l = new RateLimiter($store, 'api', ['limit' => 600, 'burst' => 10, 'decrease_factor' => 0.5, 'min_limit' => 100,
	'recovery_seconds' => 2]);
$l->reset();
$C = RateLimiter::PRIORITY_CRITICAL;

function show(RateLimiter $l): void
{
	$s = $l->status();
	printf("  %s, limit() %s, capacity %s, paused_for %s, recovers_in %s\n", $s['reason'], $l->limit(), $s['capacity'],
		$s['paused_for'] > 0 ? 'in (0, 1]' : '0', $s['recovers_in'] > 0 ? ($s['recovers_in'] <= 2 ? 'in (0, 2]' : 'over 2') : '0');
}

$t0 = $store->time();
$l->observe(429, ['X-RateLimit-Reset-Default' => '1']);
$t0b = $store->time();   // the 429 landed between $t0 and $t0b
echo "paused (reset 1 s, recovery 2 s):\n";
show($l);
$t = microtime(true);
var_dump($l->acquire(1, $C, 0.3));
echo microtime(true) - $t < 0.2 ? "  acquire() within 0.3 s: false at once\n" : "  acquire() took its time\n";

// Just after the reset: refilling at the cut rate, 5 tokens a second.
while ($store->time() < $t0 + 1.2) {
	usleep(10000);
}
echo "after the reset:\n";
show($l);
$ta = $store->time();
$tokens = $l->status()['tokens'];
$tb = $store->time();
$low = ($ta - $t0b - 1.0) * 5;
$high = ($tb - $t0 - 1.0) * 5;
echo $tokens >= $low - 0.01 && $tokens <= $high + 0.01 ? "  tokens = time since the reset x 5/s: ok\n"
	: "  tokens $tokens, expected $low..$high\n";
$w = $l->tryAcquire(3, $C);
echo abs($w - (3 - $tokens) / 5) < 0.05 ? "  wait for 3 at the cut rate: ok\n" : "  wait $w\n";

while ($store->time() < $t0 + 2.2) {
	usleep(10000);
}
echo "after recovery_seconds:\n";
show($l);
var_dump($l->status()['effective_limit']);
$w = $l->tryAcquire(10, $C);   // the full capacity is allowed again; it fills at 10 tokens a second
echo $w === 0.0 || $w <= 1.0 ? "  refills toward the full capacity at the full rate: ok\n" : "  wait for 10: $w\n";
$l->reset();
?>
--EXPECT--
paused (reset 1 s, recovery 2 s):
  paused, limit() 300, capacity 5, paused_for in (0, 1], recovers_in in (0, 2]
bool(false)
  acquire() within 0.3 s: false at once
after the reset:
  reduced, limit() 300, capacity 5, paused_for 0, recovers_in in (0, 2]
  tokens = time since the reset x 5/s: ok
  wait for 3 at the cut rate: ok
after recovery_seconds:
  normal, limit() 600, capacity 10, paused_for 0, recovers_in 0
float(600)
  refills toward the full capacity at the full rate: ok
