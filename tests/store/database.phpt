--TEST--
Store: database selection from the path, the unix query and the option; an out-of-range database is a StoreException
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$key = 'calcom-test:db:' . getmypid();
$set = 'return redis.call("SET", KEYS[1], ARGV[1])';
$get = 'return redis.call("GET", KEYS[1])';

$db7 = new Calcom\Store(redis_dsn(), ['database' => 7]);
$db7->evalScript($set, [$key], ['seven']);

$raw = new RawRedis(redis_port());
$raw->cmd('SELECT', '7');
var_dump($raw->cmd('GET', $key));
$raw->cmd('SELECT', '0');
var_dump($raw->cmd('GET', $key));

// The option wins over the DSN's database.
var_dump((new Calcom\Store(redis_dsn('/3'), ['database' => 7]))->evalScript($get, [$key]));
var_dump((new Calcom\Store('unix://' . redis_socket() . '?db=7'))->evalScript($get, [$key]));
$db7->evalScript('return redis.call("DEL", KEYS[1])', [$key]);

try {
	(new Calcom\Store(redis_dsn('/999')))->ping();
} catch (Calcom\StoreException $e) {
	echo str_replace((string) redis_port(), 'PORT', $e->getMessage()), "\n";
}
?>
--EXPECT--
string(5) "seven"
NULL
string(5) "seven"
string(5) "seven"
cannot select the database on Redis at 127.0.0.1:PORT: ERR DB index is out of range
