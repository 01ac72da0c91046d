--TEST--
CircuitBreaker: Redis round trips counted by INFO commandstats: a closed breaker's successful call() is one EVALSHA and writes nothing; a recorded failure costs one more round trip until a success clears it
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

// A server of its own: nothing else runs commands on it.
$server = private_redis_start();
register_shutdown_function(function () use ($server) {
	private_redis_stop($server);
	exec('rm -rf ' . escapeshellarg($server['dir']));
});
$raw = new RawRedis($server['port']);
$store = new Calcom\Store('redis://127.0.0.1:' . $server['port'], ['prefix' => 'rt:']);
$b = new CircuitBreaker($store, 'svc', 3, 1, 1);

function stats(): array
{
	global $raw, $store;
	preg_match_all('/^cmdstat_(\w+):calls=(\d+)/m', $raw->cmd('INFO', 'commandstats'), $m);
	$calls = array_map('intval', array_combine($m[1], $m[2]));
	$calls['round_trips'] = $store->stats()['round_trips'];
	return $calls;
}
function delta(string $label, callable $f): void
{
	$before = stats();
	$f();
	$after = stats();
	$out = [];
	foreach (['round_trips', 'evalsha', 'eval', 'script', 'time', 'hmget', 'hset', 'pexpire', 'del'] as $k) {
		$out[] = "$k=" . (($after[$k] ?? 0) - ($before[$k] ?? 0));
	}
	printf("%-38s %s\n", $label . ':', implode(' ', $out));
}

// Warm-up: connection and script load.
$b->call(fn () => 1);
$b->getState();

delta('100 successful call()s, closed', function () use ($b) {
	for ($i = 0; $i < 100; $i++) {
		if ($b->call(fn () => $i) !== $i) {
			echo "wrong return value\n";
		}
	}
});
delta('100 allowRequest(), closed', function () use ($b) {
	for ($i = 0; $i < 100; $i++) {
		$b->allowRequest();
	}
});
delta('recordFailure()', fn () => $b->recordFailure());
delta('call() with a failure recorded', fn () => $b->call(fn () => 1));
delta('call() after that', fn () => $b->call(fn () => 1));
delta('call() that throws', function () use ($b) {
	try {
		$b->call(function () { throw new RuntimeException('x'); });
	} catch (RuntimeException $e) {
	}
});
$b->recordFailure(2);
echo 'state: ', $b->getState(), "\n";
delta('10 refused call()s, open', function () use ($b) {
	for ($i = 0; $i < 10; $i++) {
		try {
			$b->call(fn () => 1);
		} catch (Calcom\CircuitOpenException $e) {
		}
	}
});
usleep(1100000);
delta('probe call(), half-open: closes', fn () => $b->call(fn () => 1));
echo 'state: ', $b->getState(), ', key: ', $raw->cmd('EXISTS', 'rt:breaker:{svc}:state'), "\n";
delta('getStatus()', fn () => $b->getStatus());
?>
--EXPECT--
100 successful call()s, closed:        round_trips=100 evalsha=100 eval=0 script=0 time=100 hmget=100 hset=0 pexpire=0 del=0
100 allowRequest(), closed:            round_trips=100 evalsha=100 eval=0 script=0 time=100 hmget=100 hset=0 pexpire=0 del=0
recordFailure():                       round_trips=1 evalsha=1 eval=0 script=0 time=1 hmget=1 hset=1 pexpire=1 del=0
call() with a failure recorded:        round_trips=2 evalsha=2 eval=0 script=0 time=2 hmget=2 hset=0 pexpire=0 del=1
call() after that:                     round_trips=1 evalsha=1 eval=0 script=0 time=1 hmget=1 hset=0 pexpire=0 del=0
call() that throws:                    round_trips=2 evalsha=2 eval=0 script=0 time=2 hmget=2 hset=1 pexpire=1 del=0
state: open
10 refused call()s, open:              round_trips=10 evalsha=10 eval=0 script=0 time=10 hmget=10 hset=0 pexpire=0 del=0
probe call(), half-open: closes:       round_trips=2 evalsha=2 eval=0 script=0 time=2 hmget=2 hset=1 pexpire=1 del=1
state: closed, key: 0
getStatus():                           round_trips=1 evalsha=1 eval=0 script=0 time=1 hmget=1 hset=0 pexpire=0 del=0
