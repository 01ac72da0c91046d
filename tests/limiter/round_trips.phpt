--TEST--
RateLimiter: every call is one EVALSHA and nothing else (INFO commandstats on a private Redis); refusals write nothing; observe() without a signal sends nothing
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$server = private_redis_start();
$raw = new RawRedis($server['port']);
$store = new Calcom\Store('redis://127.0.0.1:' . $server['port'], ['prefix' => 'calcom-test:limiter-rt:']);

/* name=calls for every command Redis ran since the last RESETSTAT (the INFO itself comes after). */
function commands(RawRedis $raw): string
{
	preg_match_all('/^cmdstat_(\S+?):calls=(\d+),/m', $raw->cmd('INFO', 'commandstats'), $m, PREG_SET_ORDER);
	$out = [];
	foreach ($m as [, $name, $calls]) {
		if ($name !== 'config|resetstat') {
			$out[$name] = "$name=$calls";
		}
	}
	ksort($out);
	return implode(' ', $out);
}

$l = new RateLimiter($store, 'api', ['limit' => 0.001, 'burst' => 50]);
$l->tryAcquire(1, RateLimiter::PRIORITY_CRITICAL);   // warm-up: connects, may load the script
$raw->cmd('CONFIG', 'RESETSTAT');
$rt = $store->stats()['round_trips'];
$granted = 0;
for ($i = 0; $i < 100; $i++) {
	$granted += $l->tryAcquire(1, RateLimiter::PRIORITY_CRITICAL) === 0.0 ? 1 : 0;
}
echo "100 x tryAcquire ($granted granted):\n  ", commands($raw), "\n  round trips ", $store->stats()['round_trips'] - $rt, "\n";
// EVALSHA from the client; TIME and HMGET inside the script each time; HSET
// and PEXPIRE only for a grant.

$raw->cmd('CONFIG', 'RESETSTAT');
for ($i = 0; $i < 10; $i++) {
	$l->status();
	$l->limit();
	$l->getRemainingRequests();
	$l->acquire(1, RateLimiter::PRIORITY_CRITICAL, 0.0);
	$l->observe(200);
	$l->observe(200, ['X-RateLimit-Remaining-Default' => '5', 'X-RateLimit-Reset-Default' => '30']);
	$l->observe(503);
}
echo "10 x (status, limit, getRemainingRequests, refused acquire, three observe() without a signal):\n  ", commands($raw), "\n";

$m = new RateLimiter($store, 'old', ['limit' => 0.001, 'burst' => 100]);
$m->status();
$raw->cmd('CONFIG', 'RESETSTAT');
for ($i = 0; $i < 10; $i++) {
	$m->canMakeRequest();
	$m->incrementRequestCount();   // confirms the held token: no round trip
}
echo "10 x (canMakeRequest, incrementRequestCount):\n  ", commands($raw), "\n";
$raw->cmd('CONFIG', 'RESETSTAT');
$m->observe(429, ['Retry-After' => '5']);
$m->reset();
echo "observe(429), reset():\n  ", commands($raw), "\n";
private_redis_stop($server);
?>
--EXPECT--
100 x tryAcquire (49 granted):
  evalsha=100 hmget=100 hset=49 pexpire=49 time=100
  round trips 100
10 x (status, limit, getRemainingRequests, refused acquire, three observe() without a signal):
  evalsha=40 hmget=40 time=40
10 x (canMakeRequest, incrementRequestCount):
  evalsha=10 hmget=10 hset=10 pexpire=10 time=10
observe(429), reset():
  del=1 evalsha=1 hmget=1 hset=1 pexpire=1 time=1
