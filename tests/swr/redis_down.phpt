--TEST--
SwrCache: Redis killed: on_failure "open" computes through the callback on every call (no exception, store_errors counts), "closed" throws StoreException without running the callback; Redis dying mid-computation or before a deferred revalidation; after a restart it caches again
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (!function_exists('posix_kill')) die('skip posix extension needed'); ?>
--FILE--
<?php
require __DIR__ . '/swr.inc';

$server = private_redis_start();
register_shutdown_function(function () {
	global $server;
	swr_kill_redis($server);
	exec('rm -rf ' . escapeshellarg($server['dir']));
});

$dsn = 'redis://127.0.0.1:' . $server['port'];
$prefix = swr_prefix('redis-down');
$caches = [];
foreach (['open', 'closed'] as $policy) {
	$store = new Calcom\Store($dsn, ['prefix' => $prefix, 'on_failure' => $policy, 'connect_timeout' => 0.5,
		'read_timeout' => 2.0]);
	$caches[$policy] = new Calcom\SwrCache($store, ['fresh_ttl' => 60, 'stale_ttl' => 600]);
}
$runs = 0;
$cb = function () use (&$runs) { return 'computed ' . ++$runs; };

function attempt(string $label, callable $f): void
{
	global $server;
	try {
		$r = $f();
		echo "  $label: ", var_export($r, true), "\n";
	} catch (Throwable $e) {
		echo "  $label: ", get_class($e), ': ', str_replace((string) $server['port'], 'PORT', $e->getMessage()), "\n";
	}
}
function stats(string $policy): void
{
	global $caches;
	echo "  $policy stats: ", json_encode(array_filter($caches[$policy]->stats())), "\n";
}
// Under "closed" one failed write can count twice (the write, then releasing
// the lock): only "more than before" is asserted there.
function store_errors_grew(string $policy, int &$before): void
{
	global $caches;
	$now = $caches[$policy]->stats()['store_errors'];
	echo "  $policy store_errors grew: ", var_export($now > $before, true), "\n";
	$before = $now;
}

echo "up\n";
attempt('open remember', fn () => $caches['open']->remember('k', $cb));
attempt('open remember again', fn () => $caches['open']->remember('k', $cb));
attempt('closed remember', fn () => $caches['closed']->remember('k', $cb));

swr_kill_redis($server);
echo "redis-server killed\n";
for ($i = 0; $i < 3; $i++) {
	attempt('open remember', fn () => $caches['open']->remember('k', $cb));
}
attempt('open get', fn () => $caches['open']->get('k', 'default'));
attempt('open has', fn () => $caches['open']->has('k'));
attempt('open set', fn () => $caches['open']->set('k', 'v'));
attempt('open delete', fn () => $caches['open']->delete('k', 'j'));
stats('open');
attempt('closed remember', fn () => $caches['closed']->remember('k', $cb));
attempt('closed get', fn () => $caches['closed']->get('k', 'default'));
attempt('closed has', fn () => $caches['closed']->has('k'));
attempt('closed set', fn () => $caches['closed']->set('k', 'v'));
attempt('closed delete', fn () => $caches['closed']->delete('k'));
stats('closed');
echo "  callback runs: $runs\n";

// A new, empty server on the same port: the Stores reconnect by themselves.
$server = private_redis_start($server['args'], $server['port'], $server['dir']);
echo "redis-server restarted\n";
attempt('open remember', fn () => $caches['open']->remember('k', $cb));
attempt('open remember again', fn () => $caches['open']->remember('k', $cb));
attempt('closed remember', fn () => $caches['closed']->remember('k', $cb));
stats('open');
stats('closed');
echo '  in Redis: ', implode(' ', array_map(fn ($k) => substr($k, strlen($prefix)), (new RawRedis($server['port']))->cmd('KEYS', '*'))), "\n";

echo "Redis dies while the callback runs\n";
$closedErrors = $caches['closed']->stats()['store_errors'];
foreach (['open', 'closed'] as $policy) {
	attempt("$policy remember", fn () => $caches[$policy]->remember("dies-$policy", function () use ($cb) {
		global $server;
		swr_kill_redis($server);
		return $cb();
	}));
	$server = private_redis_start($server['args'], $server['port'], $server['dir']);
	attempt("$policy: cached afterwards", fn () => $caches[$policy]->has("dies-$policy"));
}
stats('open');
store_errors_grew('closed', $closedErrors);

echo "Redis stops before a deferred revalidation\n";
foreach (['open', 'closed'] as $policy) {
	$caches[$policy]->set("stale-$policy", 'old', 0, 600);
	attempt("$policy remember (stale)", fn () => $caches[$policy]->remember("stale-$policy", $cb, 0, 600));
	swr_kill_redis($server);
	$before = $runs;
	attempt("$policy runDeferred", fn () => $caches[$policy]->runDeferred());
	echo '  callback ran: ', $runs - $before, ', deferred left: ', $caches[$policy]->stats()['deferred'], "\n";
	$server = private_redis_start($server['args'], $server['port'], $server['dir']);
}
stats('open');
store_errors_grew('closed', $closedErrors);
$s = $caches['closed']->stats();
unset($s['store_errors']);
echo '  closed stats otherwise: ', json_encode(array_filter($s)), "\n";
?>
--EXPECT--
up
  open remember: 'computed 1'
  open remember again: 'computed 1'
  closed remember: 'computed 1'
redis-server killed
  open remember: 'computed 2'
  open remember: 'computed 3'
  open remember: 'computed 4'
  open get: 'default'
  open has: false
  open set: false
  open delete: 0
  open stats: {"fresh_hits":1,"misses":4,"store_errors":7}
  closed remember: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  closed get: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  closed has: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  closed set: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  closed delete: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  closed stats: {"fresh_hits":1,"store_errors":5}
  callback runs: 4
redis-server restarted
  open remember: 'computed 5'
  open remember again: 'computed 5'
  closed remember: 'computed 5'
  open stats: {"fresh_hits":2,"misses":5,"store_errors":7}
  closed stats: {"fresh_hits":2,"store_errors":5}
  in Redis: swr:{k}
Redis dies while the callback runs
  open remember: 'computed 6'
  open: cached afterwards: false
  closed remember: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  closed: cached afterwards: false
  open stats: {"fresh_hits":2,"misses":6,"store_errors":8}
  closed store_errors grew: true
Redis stops before a deferred revalidation
  open remember (stale): 'old'
  open runDeferred: 1
  callback ran: 1, deferred left: 0
  closed remember (stale): 'old'
  closed runDeferred: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  callback ran: 1, deferred left: 0
  open stats: {"fresh_hits":2,"stale_hits":1,"misses":6,"revalidations":1,"store_errors":9}
  closed store_errors grew: true
  closed stats otherwise: {"fresh_hits":2,"stale_hits":1,"misses":1,"revalidations":1}
