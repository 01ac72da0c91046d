--TEST--
CircuitBreaker: an absurdly long retryAfter on a 429 still leaves the state hash with a TTL and a positive seconds_until_retry
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;
use Calcom\RateLimitException;

// RateLimitException accepts any finite retryAfter >= 0; the design says every
// key has a TTL and nothing grows without bound.
$prefix = 'calcom-test:breaker-hint-bounds:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$raw = new RawRedis(redis_port());
$i = 0;
foreach (['86400' => 86400.0, '1e9' => 1e9, '1e14' => 1e14, '1e20' => 1e20, '1e300' => 1e300] as $label => $hint) {
	$i++;
	$b = new CircuitBreaker($store, "h$i", 1, 1);
	$b->recordFailure(new RateLimitException('Too many requests', $hint, 429));
	$s = $b->getStatus();
	$ttl = $raw->cmd('PTTL', $prefix . "breaker:{h$i}:state");
	try {
		$b->call(fn () => 1);
		$refused = 'call() ran';
	} catch (Calcom\CircuitOpenException $e) {
		$refused = $e->retryAfter() >= 1 ? 'refused' : 'refused with retryAfter ' . $e->retryAfter();
	}
	// How long is up to the implementation (it may cap the hint); that it is
	// open, says so with a positive number and expires is not.
	printf("retryAfter %s: %s, seconds_until_retry %s, key TTL %s, %s\n", $label, $s['state'],
		$s['seconds_until_retry'] >= 1 ? 'positive' : $s['seconds_until_retry'],
		$ttl > 0 ? 'set' : var_export($ttl, true), $refused);
	$b->reset();
}

// The script must not fail half-way either: under on_failure "closed" that
// would surface as a StoreException for recording a failure.
$closed = new CircuitBreaker(new Calcom\Store(redis_dsn(), ['prefix' => $prefix, 'on_failure' => 'closed']), 'closed', 1, 1);
try {
	$closed->recordFailure(new RateLimitException('Too many requests', 1e14, 429));
	echo 'on_failure closed: ', $closed->getState(), "\n";
} catch (Calcom\StoreException $e) {
	echo 'on_failure closed: StoreException: ', preg_replace('/:\d+:/', ':PORT:', $e->getMessage()), "\n";
}
$closed->reset();
echo 'keys left: ', count($raw->cmd('KEYS', $prefix . '*')), "\n";
?>
--EXPECT--
retryAfter 86400: open, seconds_until_retry positive, key TTL set, refused
retryAfter 1e9: open, seconds_until_retry positive, key TTL set, refused
retryAfter 1e14: open, seconds_until_retry positive, key TTL set, refused
retryAfter 1e20: open, seconds_until_retry positive, key TTL set, refused
retryAfter 1e300: open, seconds_until_retry positive, key TTL set, refused
on_failure closed: open
keys left: 0
