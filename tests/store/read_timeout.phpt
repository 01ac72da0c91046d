--TEST--
Store: a server that accepts but never answers is a StoreException after read_timeout, and the connection is replaced afterwards
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';

// The kernel completes the handshake for us; nobody ever reads or writes.
$server = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
$store = new Calcom\Store("redis://127.0.0.1:$port", ['read_timeout' => 0.3, 'persistent' => false]);
$start = hrtime(true);
try {
	$store->time();
} catch (Calcom\StoreException $e) {
	$elapsed = (hrtime(true) - $start) / 1e9;
	echo str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
	var_dump($elapsed < 0.3 + 3.0);
}

// A real Redis that stalls mid-command (a script that spins for 0.6 s) times out the same way,
// and the next call gets a fresh connection rather than the stale reply.
$redis = private_redis_start();
$spin = 'local s = redis.call("TIME")
while true do
	local n = redis.call("TIME")
	if (n[1] - s[1]) * 1000000 + (n[2] - s[2]) > 600000 then return 2 end
end';
$store = new Calcom\Store('redis://127.0.0.1:' . $redis['port'], ['read_timeout' => 0.2, 'persistent' => false]);
try {
	$store->evalScript('return 1');
	$store->evalScript($spin);
	echo "no timeout?\n";
} catch (Calcom\StoreException $e) {
	echo str_replace((string) $redis['port'], 'PORT', $e->getMessage()), "\n";
}
usleep(700000);
$connects = $store->stats()['connects'];
var_dump($store->evalScript('return 3'), $store->stats()['connects'] - $connects);
private_redis_stop($redis);
?>
--EXPECT--
Redis at 127.0.0.1:PORT did not answer within 0.300 s
bool(true)
Redis at 127.0.0.1:PORT did not answer within 0.200 s
int(3)
int(1)
