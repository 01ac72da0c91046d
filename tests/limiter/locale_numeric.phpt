--TEST--
RateLimiter and CircuitBreaker under a locale with a decimal comma (setlocale(LC_ALL, 'de_DE.UTF-8')): the numbers the gate script gets and gives back keep their "."
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php require __DIR__ . '/../swr/swr.inc'; if (swr_comma_locale() === null) die('skip no locale with a decimal comma, and localedef cannot make one'); ?>
--FILE--
<?php
require __DIR__ . '/../swr/swr.inc';
$prefix = 'loc-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
swr_comma_locale();
echo 'decimal point: ', localeconv()['decimal_point'], "\n";
// Fractional numbers both ways: a cost of tokens out of a refilling bucket,
// a reserve share, the wait the script computes.
$limiter = new Calcom\RateLimiter($store, 'loc', ['limit' => 60, 'burst' => 3]);
for ($i = 0; $i < 3; $i++) {
	echo 'take: ', $limiter->tryAcquire(1, Calcom\RateLimiter::PRIORITY_CRITICAL), "\n";
}
$wait = $limiter->tryAcquire(1, Calcom\RateLimiter::PRIORITY_CRITICAL);
echo 'then wait about a second: ', var_export($wait > 0.5 && $wait <= 1.0, true), "\n";
$status = $limiter->status();
echo 'effective limit: ', $status['effective_limit'], ', tokens below 1: ', var_export($status['tokens'] < 1, true), "\n";
$breaker = new Calcom\CircuitBreaker($store, 'locb', 3, 60);
$breaker->recordFailure(503);
$breaker->recordFailure(500);
echo 'breaker: ', $breaker->getState(), ' after weight ', $breaker->getFailureCount(), "\n";
$raw = new RawRedis(redis_port());
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
decimal point: ,
take: 0
take: 0
take: 0
then wait about a second: true
effective limit: 60, tokens below 1: true
breaker: open after weight 3
