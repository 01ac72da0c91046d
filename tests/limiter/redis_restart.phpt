--TEST--
RateLimiter: Redis killed mid-run and restarted: no fatal, each on_failure policy followed while it is down, back on Redis afterwards
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
many_processes
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$server = private_redis_start();
$dsn = 'redis://127.0.0.1:' . $server['port'];
$options = ['limit' => 60, 'burst' => 5];
$C = RateLimiter::PRIORITY_CRITICAL;
$limiters = [];
foreach (['open', 'closed', 'local'] as $policy) {
	$store = new Calcom\Store($dsn, ['on_failure' => $policy, 'connect_timeout' => 0.5, 'prefix' => "$policy:"]);
	$limiters[$policy] = new RateLimiter($store, 'api', $options);
}

function round_of(array $limiters, int $port, int $takes): void
{
	global $C;
	foreach ($limiters as $policy => $l) {
		$granted = 0;
		try {
			for ($i = 0; $i < $takes; $i++) {
				$granted += $l->tryAcquire(1, $C) === 0.0 ? 1 : 0;
			}
			$s = $l->status();
			$state = "store {$s['store']}, tokens " . floor($s['tokens'] + 0.01);
		} catch (Calcom\StoreException $e) {
			$state = get_class($e) . ': ' . str_replace((string) $port, 'PORT', $e->getMessage());
		}
		echo "  $policy: granted $granted of $takes, $state\n";
	}
}

function redis_tokens(int $port): void
{
	$raw = new RawRedis($port);
	foreach (['open', 'closed', 'local'] as $policy) {
		echo "  $policy key in Redis: tokens ", floor((float) $raw->cmd('HGET', "$policy:limiter:{api}:bucket", 'tokens') + 0.01), "\n";
	}
}

echo "Redis up:\n";
round_of($limiters, $server['port'], 2);
redis_tokens($server['port']);

// Another process hammers a limiter ("local") all along; it stops when its stdin closes.
$code = '$l = new Calcom\RateLimiter(new Calcom\Store(getenv("DSN"), ["on_failure" => "local", "connect_timeout" => 0.5]),
	"hammer", ["limit" => 60, "burst" => 100000]);
stream_set_blocking(STDIN, false);
$seen = [];
$calls = 0;
echo "started\n";
while (!feof(STDIN)) {
	fgets(STDIN);
	$l->tryAcquire(1, 1);
	$calls++;
	$store = $l->status()["store"];
	if (end($seen) !== $store) { $seen[] = $store; }
	usleep(1000);
}
echo implode(" -> ", $seen), ", last ", $l->status()["store"], " ", $l->tryAcquire(1, 1) === 0.0 ? "granted" : "refused",
	$calls > 50 ? ", many calls" : ", $calls calls";';
$proc = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
	[0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['DSN' => $dsn]);
echo 'hammering process ', trim(fgets($pipes[1])), "\n";
usleep(200000);

private_redis_stop($server);
echo "Redis down:\n";
round_of($limiters, $server['port'], 7);
// The local bucket keeps going in this process: the next round continues it.
round_of(['local' => $limiters['local']], $server['port'], 1);
usleep(200000);

$server = private_redis_start([], $server['port'], $server['dir']);   // same port, empty
echo "Redis back (empty):\n";
round_of($limiters, $server['port'], 1);
redis_tokens($server['port']);

usleep(200000);
fclose($pipes[0]);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$rc = proc_close($proc);
echo "hammering process: exit $rc, $out\n";
echo $err === '' ? "  nothing on stderr\n" : "  stderr: $err\n";
private_redis_stop($server);
?>
--EXPECT--
Redis up:
  open: granted 2 of 2, store redis, tokens 3
  closed: granted 2 of 2, store redis, tokens 3
  local: granted 2 of 2, store redis, tokens 3
  open key in Redis: tokens 3
  closed key in Redis: tokens 3
  local key in Redis: tokens 3
hammering process started
Redis down:
  open: granted 7 of 7, store unavailable, tokens 5
  closed: granted 0 of 7, Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  local: granted 5 of 7, store local, tokens 0
  local: granted 0 of 1, store local, tokens 0
Redis back (empty):
  open: granted 1 of 1, store redis, tokens 4
  closed: granted 1 of 1, store redis, tokens 4
  local: granted 1 of 1, store redis, tokens 4
  open key in Redis: tokens 4
  closed key in Redis: tokens 4
  local key in Redis: tokens 4
hammering process: exit 0, redis -> local -> redis, last redis granted, many calls
  nothing on stderr
