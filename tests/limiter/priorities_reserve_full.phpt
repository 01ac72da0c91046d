--TEST--
RateLimiter: a large cost at a low priority does not eat into the reserve, not even from a full bucket
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$store = new Calcom\Store(redis_dsn(), ['prefix' => 'calcom-test:limiter-reserve-full:' . getmypid() . ':']);
$l = new RateLimiter($store, 'full', ['limit' => 0.001, 'burst' => 100]);

// A request at priority p passes only when tokens - cost >= reserve[p] x capacity.
foreach ([[71, RateLimiter::PRIORITY_LOW, 'LOW 71 (would leave 29 < 30)'],
	[86, RateLimiter::PRIORITY_NORMAL, 'NORMAL 86 (would leave 14 < 15)'],
	[96, RateLimiter::PRIORITY_HIGH, 'HIGH 96 (would leave 4 < 5)']] as [$cost, $priority, $what]) {
	$l->reset();
	$wait = $l->tryAcquire($cost, $priority);
	printf("%s: %s, %d tokens left\n", $what, $wait > 0.0 ? 'refused' : 'granted', $l->getRemainingRequests());
}
foreach ([[70, RateLimiter::PRIORITY_LOW, 'LOW 70 (leaves 30)'],
	[85, RateLimiter::PRIORITY_NORMAL, 'NORMAL 85 (leaves 15)'],
	[95, RateLimiter::PRIORITY_HIGH, 'HIGH 95 (leaves 5)'],
	[100, RateLimiter::PRIORITY_CRITICAL, 'CRITICAL 100 (leaves 0)']] as [$cost, $priority, $what]) {
	$l->reset();
	$wait = $l->tryAcquire($cost, $priority);
	printf("%s: %s, %d tokens left\n", $what, $wait > 0.0 ? 'refused' : 'granted', $l->getRemainingRequests());
}
$l->reset();
?>
--EXPECT--
LOW 71 (would leave 29 < 30): refused, 100 tokens left
NORMAL 86 (would leave 14 < 15): refused, 100 tokens left
HIGH 96 (would leave 4 < 5): refused, 100 tokens left
LOW 70 (leaves 30): granted, 30 tokens left
NORMAL 85 (leaves 15): granted, 15 tokens left
HIGH 95 (leaves 5): granted, 5 tokens left
CRITICAL 100 (leaves 0): granted, 0 tokens left
