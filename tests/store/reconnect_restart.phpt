--TEST--
Store: after redis-server restarts the next call reconnects by itself; while it is down calls fail with StoreException
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';

$server = private_redis_start();
$store = new Calcom\Store('redis://127.0.0.1:' . $server['port'], ['connect_timeout' => 0.5]);
$incr = 'return redis.call("INCR", KEYS[1])';
var_dump($store->evalScript($incr, ['n']));
$before = $store->stats();

$server = private_redis_restart($server);   // same port; data and script cache gone
var_dump($store->evalScript($incr, ['n']));  // liveness check notices, reconnects, NOSCRIPT reloads
$after = $store->stats();
printf("connects +%d, script loads +%d\n", $after['connects'] - $before['connects'],
	$after['script_loads'] - $before['script_loads']);

private_redis_stop($server);
try {
	$store->ping();
} catch (Calcom\StoreException $e) {
	echo str_replace((string) $server['port'], 'PORT', $e->getMessage()), "\n";
}
var_dump($store->isConnected());

$server = private_redis_start([], $server['port'], $server['dir']);
var_dump($store->isConnected(), $store->ping() < 1.0);

// A connection killed from the server side is also replaced before use.
$raw = new RawRedis($server['port']);
$raw->cmd('CLIENT', 'KILL', 'ID', (string) $store->stats()['client_id']);
$connects = $store->stats()['connects'];
var_dump($store->time() > 1.6e9, $store->stats()['connects'] - $connects);
private_redis_stop($server);
?>
--EXPECT--
int(1)
int(1)
connects +1, script loads +1
cannot connect to Redis at 127.0.0.1:PORT: Connection refused
bool(false)
bool(true)
bool(true)
bool(true)
int(1)
