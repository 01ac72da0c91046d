--TEST--
Store: scripts run by SHA-1; after SCRIPT FLUSH the NOSCRIPT answer makes one EVAL with the body, then EVALSHA again
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--CONFLICTS--
redis_script_cache
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$store = new Calcom\Store(redis_dsn());
$raw = new RawRedis(redis_port());
// A body no other test uses, so the server cannot know it yet.
$script = '-- ' . uniqid('noscript', true) . "\nreturn {KEYS[1], ARGV[1], ARGV[2]}";
$store->ping();

function delta(Calcom\Store $store, callable $call): string {
	$before = $store->stats();
	$result = $call();
	$after = $store->stats();
	return json_encode($result) . sprintf(' round trips %d, script loads %d',
		$after['round_trips'] - $before['round_trips'], $after['script_loads'] - $before['script_loads']);
}

echo 'unknown: ', delta($store, fn () => $store->evalScript($script, ['k'], ['a', 7])), "\n";
echo 'known:   ', delta($store, fn () => $store->evalScript($script, ['k'], ['b', 8.5])), "\n";
var_dump($raw->cmd('SCRIPT', 'EXISTS', sha1($script)));
$raw->cmd('SCRIPT', 'FLUSH');
echo 'flushed: ', delta($store, fn () => $store->evalScript($script, ['k'], ['c', 9])), "\n";
echo 'known:   ', delta($store, fn () => $store->evalScript($script, ['k'], ['d', 10])), "\n";

try {
	$store->evalScript('return redis.call("NOSUCHCOMMAND")');
} catch (Calcom\StoreException $e) {
	echo preg_match('/^Redis at 127\.0\.0\.1:\d+: ERR Unknown Redis command/', $e->getMessage()) ? "script error\n" : $e->getMessage();
}
try {
	$store->evalScript('return 1', [['nested']]);
} catch (TypeError $e) {
	echo $e->getMessage(), "\n";
}
try {
	$store->evalScript('');
} catch (ValueError $e) {
	echo $e->getMessage(), "\n";
}
?>
--EXPECT--
unknown: ["k","a","7"] round trips 2, script loads 1
known:   ["k","b","8.5"] round trips 1, script loads 0
array(1) {
  [0]=>
  int(1)
}
flushed: ["k","c","9"] round trips 2, script loads 1
known:   ["k","d","10"] round trips 1, script loads 0
script error
Calcom\Store::evalScript(): Argument #2 ($keys) must contain only values of type string|int|float, array given
Calcom\Store::evalScript(): Argument #1 ($script) must not be empty
