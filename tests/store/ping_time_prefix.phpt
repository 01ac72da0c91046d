--TEST--
Store: ping() is one round trip in seconds, time() is the Redis clock, prefix() comes from the option or calcom.prefix
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--INI--
calcom.prefix=myapp:
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$store = new Calcom\Store(redis_dsn(), ['persistent' => false]);

$rtt = $store->ping();  // connects, then times one PING
var_dump(is_float($rtt), $rtt > 0.0, $rtt < 1.0);
$before = $store->stats()['round_trips'];
$store->ping();
$server = $store->time();
echo 'round trips for ping + time: ', $store->stats()['round_trips'] - $before, "\n";

$raw = (new RawRedis(redis_port()))->cmd('TIME');
var_dump(abs($server - ((int) $raw[0] + (int) $raw[1] / 1e6)) < 2.0);

var_dump($store->prefix());
var_dump((new Calcom\Store(redis_dsn(), ['prefix' => 'tenant-a:']))->prefix());
var_dump((new Calcom\Store(redis_dsn(), ['prefix' => '']))->prefix());
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
round trips for ping + time: 2
bool(true)
string(6) "myapp:"
string(9) "tenant-a:"
string(0) ""
