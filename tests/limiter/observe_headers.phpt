--TEST--
RateLimiter::observe(): Retry-After wins over X-RateLimit-Reset-Default, names in any case, string/int/list values, Remaining 0 pauses without a cut, and answers with nothing to learn write nothing
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$prefix = 'calcom-test:limiter-headers:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$raw = new RawRedis(redis_port());
$l = new RateLimiter($store, 'api');
$key = $prefix . 'limiter:{api}:bucket';

/* Fresh bucket, one observe(): how long the pause is (to half a second), the cut, the wait. */
function try_headers(RateLimiter $l, Calcom\Store $store, int $status, array $headers): string
{
	$l->reset();
	$t0 = $store->time();
	$l->observe($status, $headers);
	$now = $store->time();
	$s = $l->status();
	$wait = $l->tryAcquire(1, RateLimiter::PRIORITY_CRITICAL);
	$pause = $s['paused_for'] > 0 ? round(($now + $s['paused_for'] - $t0) * 2) / 2 : 0;
	return sprintf('pause %s, %s, effective %s%s', $pause, $s['reason'], $s['effective_limit'],
		$pause > 0 ? ($wait >= $pause - ($store->time() - $t0) ? ', tryAcquire waits it out' : ", wait only $wait") : '');
}

$cases = [
	'429, Reset 3' => [429, ['X-RateLimit-Reset-Default' => '3']],
	'429, Retry-After 7 and Reset 3' => [429, ['Retry-After' => '7', 'X-RateLimit-Reset-Default' => '3']],
	'429, Reset 3 and Retry-After 7' => [429, ['X-RateLimit-Reset-Default' => '3', 'Retry-After' => '7']],
	'429, Retry-After 2 and Reset 9' => [429, ['Retry-After' => '2', 'X-RateLimit-Reset-Default' => '9']],
	'429, retry-after 4' => [429, ['retry-after' => '4']],
	'429, RETRY-AFTER 4' => [429, ['RETRY-AFTER' => '4']],
	'429, x-ratelimit-reset-default 5' => [429, ['x-ratelimit-reset-default' => '5']],
	'429, X-RATELIMIT-RESET-DEFAULT 6' => [429, ['X-RATELIMIT-RESET-DEFAULT' => '6']],
	'429, Retry-After int 8' => [429, ['Retry-After' => 8]],
	'429, Retry-After [9]' => [429, ['Retry-After' => ['9']]],
	'429, Reset [3, 11] (the last value)' => [429, ['X-RateLimit-Reset-Default' => ['3', '11']]],
	'429, Retry-After 1.5' => [429, ['Retry-After' => '1.5']],
	'429, Retry-After " 2 "' => [429, ['Retry-After' => ' 2 ']],
	'429, Retry-After as a date, Reset 3' => [429, ['Retry-After' => 'Wed, 21 Oct 2015 07:28:00 GMT', 'X-RateLimit-Reset-Default' => '3']],
	'429, Retry-After -5' => [429, ['Retry-After' => '-5']],
	'429, Retry-After 999999 (a day at most)' => [429, ['Retry-After' => '999999']],
	'429, no headers' => [429, []],
	'429, unrelated headers' => [429, ['Content-Type' => 'application/json', 'X-RateLimit-Limit-Default' => '120']],
	'200, Remaining 0, Reset 4' => [200, ['X-RateLimit-Remaining-Default' => '0', 'X-RateLimit-Reset-Default' => '4']],
	'200, remaining int 0, reset int 4' => [200, ['x-ratelimit-remaining-default' => 0, 'x-ratelimit-reset-default' => 4]],
	'201, Remaining [0], Retry-After [2]' => [201, ['X-RateLimit-Remaining-Default' => ['0'], 'Retry-After' => ['2']]],
	'503, Remaining 0, Reset 4' => [503, ['X-RateLimit-Remaining-Default' => '0', 'X-RateLimit-Reset-Default' => '4']],
	'200, Remaining 0, no reset' => [200, ['X-RateLimit-Remaining-Default' => '0']],
	'200, Remaining 1, Reset 4' => [200, ['X-RateLimit-Remaining-Default' => '1', 'X-RateLimit-Reset-Default' => '4']],
	'200, Reset 4 only' => [200, ['X-RateLimit-Reset-Default' => '4']],
];
foreach ($cases as $what => [$status, $headers]) {
	echo str_pad($what, 40), try_headers($l, $store, $status, $headers), "\n";
}

echo "answers with nothing to learn write nothing:\n";
$l->reset();
$before = $store->stats()['round_trips'];
$l->observe(200);
$l->observe(200, ['X-RateLimit-Remaining-Default' => '99', 'X-RateLimit-Reset-Default' => '60']);
$l->observe(404, []);
$l->observe(500, ['Retry-After' => '30']);
echo '  fresh: key ', $raw->cmd('EXISTS', $key) ? 'exists' : 'absent', ', round trips ', $store->stats()['round_trips'] - $before, "\n";
$l->tryAcquire(5);
$state = $raw->cmd('HGETALL', $key);
$before = $store->stats()['round_trips'];
$l->observe(200);
$l->observe(204, ['X-RateLimit-Remaining-Default' => '7', 'X-RateLimit-Reset-Default' => '60']);
$l->observe(500, ['Retry-After' => '30']);
echo '  used: state ', $raw->cmd('HGETALL', $key) === $state ? 'unchanged' : 'changed', ', round trips ',
	$store->stats()['round_trips'] - $before, "\n";
$l->reset();
var_dump($raw->cmd('EXISTS', $key));
?>
--EXPECT--
429, Reset 3                            pause 3, paused, effective 96, tryAcquire waits it out
429, Retry-After 7 and Reset 3          pause 7, paused, effective 96, tryAcquire waits it out
429, Reset 3 and Retry-After 7          pause 7, paused, effective 96, tryAcquire waits it out
429, Retry-After 2 and Reset 9          pause 2, paused, effective 96, tryAcquire waits it out
429, retry-after 4                      pause 4, paused, effective 96, tryAcquire waits it out
429, RETRY-AFTER 4                      pause 4, paused, effective 96, tryAcquire waits it out
429, x-ratelimit-reset-default 5        pause 5, paused, effective 96, tryAcquire waits it out
429, X-RATELIMIT-RESET-DEFAULT 6        pause 6, paused, effective 96, tryAcquire waits it out
429, Retry-After int 8                  pause 8, paused, effective 96, tryAcquire waits it out
429, Retry-After [9]                    pause 9, paused, effective 96, tryAcquire waits it out
429, Reset [3, 11] (the last value)     pause 11, paused, effective 96, tryAcquire waits it out
429, Retry-After 1.5                    pause 1.5, paused, effective 96, tryAcquire waits it out
429, Retry-After " 2 "                  pause 2, paused, effective 96, tryAcquire waits it out
429, Retry-After as a date, Reset 3     pause 3, paused, effective 96, tryAcquire waits it out
429, Retry-After -5                     pause 0, reduced, effective 96
429, Retry-After 999999 (a day at most) pause 86400, paused, effective 96, tryAcquire waits it out
429, no headers                         pause 0, reduced, effective 96
429, unrelated headers                  pause 0, reduced, effective 96
200, Remaining 0, Reset 4               pause 4, paused, effective 120, tryAcquire waits it out
200, remaining int 0, reset int 4       pause 4, paused, effective 120, tryAcquire waits it out
201, Remaining [0], Retry-After [2]     pause 2, paused, effective 120, tryAcquire waits it out
503, Remaining 0, Reset 4               pause 4, paused, effective 120, tryAcquire waits it out
200, Remaining 0, no reset              pause 0, normal, effective 120
200, Remaining 1, Reset 4               pause 0, normal, effective 120
200, Reset 4 only                       pause 0, normal, effective 120
answers with nothing to learn write nothing:
  fresh: key absent, round trips 0
  used: state unchanged, round trips 0
int(0)
