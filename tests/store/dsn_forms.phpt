--TEST--
Store: every DSN form reaches the server it names (TCP, db path, unix socket, ?db=, credentials)
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';

$port = redis_port();
$sock = redis_socket();
$key = 'calcom-test:dsn:' . getmypid();
$set = 'return redis.call("SET", KEYS[1], ARGV[1])';
$get = 'return redis.call("GET", KEYS[1])';

$forms = [
	"redis://127.0.0.1:$port",
	"redis://localhost:$port",
	"REDIS://127.0.0.1:$port/",
	"redis://127.0.0.1:$port/5",
	"unix://$sock",
	"unix://$sock?db=5",
];
foreach ($forms as $dsn) {
	$store = new Calcom\Store($dsn, ['persistent' => false]);
	printf("%-5s %s\n", $store->isConnected() ? 'ok' : 'FAIL', str_replace([(string) $port, $sock], ['PORT', 'SOCK'], $dsn));
}

// The database in the path and in ?db= select the same database 5.
(new Calcom\Store("redis://127.0.0.1:$port/5"))->evalScript($set, [$key], ['five']);
var_dump((new Calcom\Store("unix://$sock?db=5"))->evalScript($get, [$key]));
var_dump((new Calcom\Store("redis://127.0.0.1:$port"))->evalScript($get, [$key]));
(new Calcom\Store("redis://127.0.0.1:$port/5"))->evalScript('return redis.call("DEL", KEYS[1])', [$key]);

// Credentials in the DSN: classic ":password@", ACL "user:password@", percent-encoded.
$password = 'p@ss:w/rd%';
$server = private_redis_start(['--requirepass', $password]);
$p = $server['port'];
foreach ([
	"redis://:" . rawurlencode($password) . "@127.0.0.1:$p",
	"redis://default:" . rawurlencode($password) . "@127.0.0.1:$p/1",
] as $dsn) {
	$store = new Calcom\Store($dsn, ['persistent' => false]);
	echo $store->time() > 1.6e9 ? "auth ok\n" : "auth FAIL\n";
}
private_redis_stop($server);
?>
--EXPECT--
ok    redis://127.0.0.1:PORT
ok    redis://localhost:PORT
ok    REDIS://127.0.0.1:PORT/
ok    redis://127.0.0.1:PORT/5
ok    unix://SOCK
ok    unix://SOCK?db=5
string(4) "five"
NULL
auth ok
auth ok
