--TEST--
SwrCache: get/set/has/delete, any serializable value round-trips (a cached null or false is a hit), a Closure cannot be cached, TTL arguments, the Redis layout (value key, lock key while computing, PTTL = stale TTL), one round trip per fresh hit, unreadable entries are recomputed
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--CONFLICTS--
redis_script_cache
--FILE--
<?php
require __DIR__ . '/swr.inc';

final class Point
{
	public function __construct(public float $x, private array $tags = [], protected ?Point $next = null) {}
}

$prefix = swr_prefix('api');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 60, 'stale_ttl' => 600]);
$vkey = fn (string $key) => "{$prefix}swr:{{$key}}";
$pttl = fn (string $key) => swr_raw()->cmd('PTTL', $vkey($key));

echo 'stats: ', json_encode($cache->stats()), "\n";

// Values: what serialize() keeps, unserialize() gives back, fresh hits included.
$values = [
	'null' => null, 'false' => false, 'true' => true, 'zero' => 0, 'empty string' => '', 'int' => PHP_INT_MAX,
	'float' => 0.1 + 0.2, 'negative zero' => -0.0, 'huge float' => 1.7976931348623157e308, 'INF' => -INF,
	'binary' => "a\0b\r\n{}\xff", 'array' => ['a' => [1, 2.5, null], 7 => false, 'nested' => ['x' => ['y' => 'z']]],
	'empty array' => [], 'stdClass' => (object) ['a' => 1, 'b' => [true]],
	'object' => new Point(1.5, ['t'], new Point(-2.0)), 'date' => new DateTimeImmutable('2025-10-01 09:00:00', new DateTimeZone('Europe/Berlin')),
];
$computed = 0;
foreach ($values as $name => $value) {
	$cache->set("set $name", $value);
	$a = $cache->get("set $name", 'DEFAULT');
	$b = $cache->remember("set $name", function () use (&$computed) { $computed++; return 'COMPUTED'; });
	$c = $cache->remember("remember $name", fn () => $value);
	$d = $cache->remember("remember $name", function () use (&$computed) { $computed++; return 'COMPUTED'; });
	$same = fn ($x) => is_object($value) ? $x == $value && get_class($x) === get_class($value) : $x === $value;
	$ok = $same($a) && $same($b) && $same($c) && $same($d) && $cache->has("set $name") && $cache->has("remember $name");
	if ($name === 'negative zero') {
		$ok = $ok && fdiv(1, $a) === -INF && fdiv(1, $d) === -INF;
	}
	echo str_pad($name, 14), $ok ? 'round-trips' : 'DIFFERS: ' . var_export([$a, $b, $c, $d], true), "\n";
}
$nan = $cache->remember('nan', fn () => NAN);
echo 'NAN: ', var_export(is_nan($nan) && is_nan($cache->get('nan')), true), "\n";
echo 'callbacks run on hits: ', $computed, "\n";
echo 'stats: ', json_encode(array_filter($cache->stats())), "\n";

// A cached null is a value, an absent key is not.
echo 'get absent: ', var_export($cache->get('absent'), true), ', with default: ', var_export($cache->get('absent', 'dflt'), true),
	', has: ', var_export($cache->has('absent'), true), "\n";

// A Closure cannot be serialized: set() and remember() throw, nothing is cached, no lock left.
$keysBefore = swr_keys($prefix);
try {
	$cache->set('closure', fn () => 1);
} catch (Exception $e) {
	echo 'set(Closure): ', get_class($e), ': ', $e->getMessage(), "\n";
}
$ran = false;
try {
	$cache->remember('closure', function () use (&$ran) { $ran = true; return ['f' => fn () => 1]; });
} catch (Exception $e) {
	echo 'remember(-> Closure): ', get_class($e), ': ', $e->getMessage(), ', callback ran: ', var_export($ran, true), "\n";
}
echo 'nothing new in Redis: ', var_export(swr_keys($prefix) === $keysBefore, true), ', has: ', var_export($cache->has('closure'), true), "\n";

// delete(): one round trip, counts the keys that existed.
$cache->set('d1', 1);
$cache->set('d2', 2);
$trips = $store->stats()['round_trips'];
echo "\ndelete(d1, d2, d3, d1): ", $cache->delete('d1', 'd2', 'd3', 'd1'), ', round trips: ', $store->stats()['round_trips'] - $trips, "\n";
echo 'delete(d1): ', $cache->delete('d1'), ', delete(): ', $cache->delete(), ', has(d2): ', var_export($cache->has('d2'), true), "\n";
echo 'delete(...[16 keys]): ', $cache->delete(...array_map(fn ($i) => "set $i", array_keys($values))), "\n";

// Layout and TTLs.
$lockSeen = null;
$cache->remember('layout', function () use ($vkey, &$lockSeen) {
	$lockSeen = [swr_raw()->cmd('EXISTS', $vkey('layout')), swr_raw()->cmd('PTTL', $vkey('layout') . ':lock')];
	return 'laid out';
});
echo "\nwhile computing: value key ", $lockSeen[0], ', lock key PTTL in (9, 10] s: ', var_export($lockSeen[1] > 9000 && $lockSeen[1] <= 10000, true), "\n";
$e = swr_entry($prefix, 'layout');
echo 'after: keys ', implode(', ', array_filter(swr_keys($prefix), fn ($k) => str_contains($k, 'layout'))), '; entry kind ', $e['kind'],
	', fresh ', $e['fresh'], ' ms, payload ', $e['payload'], ', PTTL in (590, 600] s: ', var_export($pttl('layout') > 590000 && $pttl('layout') <= 600000, true), "\n";
echo 'created is the Redis clock: ', var_export(abs($e['created'] - swr_now_ms()) < 5000, true), "\n";
$cache->set('ttl', 'x', 5, 10);
echo 'set(x, 5, 10): fresh ', swr_entry($prefix, 'ttl')['fresh'], ' ms, PTTL in (9, 10] s: ', var_export($pttl('ttl') > 9000 && $pttl('ttl') <= 10000, true), "\n";
$cache->set('ttl', 'x', 3600);
echo 'set(x, 3600): fresh ', swr_entry($prefix, 'ttl')['fresh'], ' ms, PTTL stretched to the fresh TTL: ', var_export($pttl('ttl') > 3590000 && $pttl('ttl') <= 3600000, true), "\n";
$cache->set('ttl', 'x', null, 90);
echo 'set(x, null, 90): fresh ', swr_entry($prefix, 'ttl')['fresh'], ' ms, PTTL in (89, 90] s: ', var_export($pttl('ttl') > 89000 && $pttl('ttl') <= 90000, true), "\n";
$cache->delete('ttl');
$cache->remember('ttl', fn () => 'y', 2, 7);
echo 'remember(y, 2, 7): fresh ', swr_entry($prefix, 'ttl')['fresh'], ' ms, PTTL in (6, 7] s: ', var_export($pttl('ttl') > 6000 && $pttl('ttl') <= 7000, true), "\n";
$cache->set('ttl', 'z', 0, 3);
echo 'set(z, 0, 3): fresh ', swr_entry($prefix, 'ttl')['fresh'], ' ms, PTTL <= 3 s: ', var_export($pttl('ttl') > 0 && $pttl('ttl') <= 3000, true),
	', served stale: ', $cache->get('ttl'), "\n";
$defaults = new Calcom\SwrCache($store);
$defaults->set('defaults', 1);
echo 'defaults: fresh ', swr_entry($prefix, 'defaults')['fresh'], ' ms, PTTL in (1790, 1800] s: ',
	var_export($pttl('defaults') > 1790000 && $pttl('defaults') <= 1800000, true), "\n";

// Round trips: one per fresh hit (and per get/has/set); a miss takes three:
// the look that finds nothing, the read that takes the lock, the write.
$cache->remember('rt', fn () => 1);
$count = function (string $what, callable $f) use ($store) {
	$t = $store->stats()['round_trips'];
	$f();
	echo "$what: ", $store->stats()['round_trips'] - $t, ' round trip(s)', "\n";
};
echo "\n";
$count('fresh hit', fn () => $cache->remember('rt', fn () => 2));
$count('10 fresh hits', function () use ($cache) { for ($i = 0; $i < 10; $i++) $cache->remember('rt', fn () => 2); });
$count('miss', fn () => $cache->remember('rt-miss', fn () => 2));
$count('get', fn () => $cache->get('rt'));
$count('has', fn () => $cache->has('rt'));
$count('set', fn () => $cache->set('rt', 3));

// Entries that are not ours to serve: recomputed and replaced.
$before = $cache->stats();
swr_raw()->cmd('SET', $vkey('junk'), 'not an envelope', 'EX', '60');
echo "\njunk: get ", var_export($cache->get('junk', 'dflt'), true), ', has ', var_export($cache->has('junk'), true),
	', remember ', $cache->remember('junk', fn () => 'recomputed'), ', now ', swr_entry($prefix, 'junk')['payload'], "\n";
swr_raw()->cmd('SET', $vkey('bad'), 'swr1 ' . swr_now_ms() . " 0 60000 v\nO:99:\"truncated", 'EX', '60');
echo 'bad payload: get ', var_export($cache->get('bad', 'dflt'), true), ', remember ', $cache->remember('bad', fn () => 'recomputed'),
	', now ', swr_entry($prefix, 'bad')['payload'], "\n";
$after = $cache->stats();
echo 'counted: misses +', $after['misses'] - $before['misses'], ', store_errors +', $after['store_errors'] - $before['store_errors'],
	', fresh_hits +', $after['fresh_hits'] - $before['fresh_hits'], "\n";

// Not cloneable, not serializable.
try {
	clone $cache;
} catch (Error $e) {
	echo "\n", get_class($e), ': ', $e->getMessage(), "\n";
}
try {
	serialize($cache);
} catch (Exception $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}
swr_cleanup($prefix);
?>
--EXPECT--
stats: {"fresh_hits":0,"stale_hits":0,"misses":0,"revalidations":0,"coalesced_waits":0,"errors_served_stale":0,"store_errors":0,"deferred":0}
null          round-trips
false         round-trips
true          round-trips
zero          round-trips
empty string  round-trips
int           round-trips
float         round-trips
negative zero round-trips
huge float    round-trips
INF           round-trips
binary        round-trips
array         round-trips
empty array   round-trips
stdClass      round-trips
object        round-trips
date          round-trips
NAN: true
callbacks run on hits: 0
stats: {"fresh_hits":32,"misses":17}
get absent: NULL, with default: 'dflt', has: false
set(Closure): Exception: Serialization of 'Closure' is not allowed
remember(-> Closure): Exception: Serialization of 'Closure' is not allowed, callback ran: true
nothing new in Redis: true, has: false

delete(d1, d2, d3, d1): 2, round trips: 1
delete(d1): 0, delete(): 0, has(d2): false
delete(...[16 keys]): 16

while computing: value key 0, lock key PTTL in (9, 10] s: true
after: keys swr:{layout}; entry kind v, fresh 60000 ms, payload s:8:"laid out";, PTTL in (590, 600] s: true
created is the Redis clock: true
set(x, 5, 10): fresh 5000 ms, PTTL in (9, 10] s: true
set(x, 3600): fresh 3600000 ms, PTTL stretched to the fresh TTL: true
set(x, null, 90): fresh 60000 ms, PTTL in (89, 90] s: true
remember(y, 2, 7): fresh 2000 ms, PTTL in (6, 7] s: true
set(z, 0, 3): fresh 0 ms, PTTL <= 3 s: true, served stale: z
defaults: fresh 300000 ms, PTTL in (1790, 1800] s: true

fresh hit: 1 round trip(s)
10 fresh hits: 10 round trip(s)
miss: 3 round trip(s)
get: 1 round trip(s)
has: 1 round trip(s)
set: 1 round trip(s)

junk: get 'dflt', has false, remember recomputed, now s:10:"recomputed";
bad payload: get 'dflt', remember recomputed, now s:10:"recomputed";
counted: misses +2, store_errors +1, fresh_hits +0

Error: Trying to clone an uncloneable object of class Calcom\SwrCache
Exception: Serialization of 'Calcom\SwrCache' is not allowed
