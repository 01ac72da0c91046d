--TEST--
SwrCache: bad options, keys, TTL arguments and callbacks are TypeError / ValueError naming the argument, and nothing reaches Redis
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/swr.inc';
use Calcom\SwrCache;

$prefix = swr_prefix('validation');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$ran = 0;
$cb = function () use (&$ran) { $ran++; return 'value'; };

function attempt(string $label, callable $f): void
{
	try {
		$r = $f();
		echo "$label: no exception (", var_export($r, true), ")\n";
	} catch (Throwable $e) {
		echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
	}
}

echo "-- options\n";
foreach ([
	'unknown' => ['freshTtl' => 1],
	'list' => [300],
	'fresh_ttl string' => ['fresh_ttl' => '300'],
	'fresh_ttl float' => ['fresh_ttl' => 1.5],
	'fresh_ttl null' => ['fresh_ttl' => null],
	'fresh_ttl -1' => ['fresh_ttl' => -1],
	'fresh_ttl > a year' => ['fresh_ttl' => 31536001],
	'stale_ttl 0' => ['stale_ttl' => 0],
	'stale_ttl < fresh_ttl' => ['fresh_ttl' => 20, 'stale_ttl' => 10],
	'stale_ttl < default fresh_ttl' => ['stale_ttl' => 299],
	'lock_ttl 0' => ['lock_ttl' => 0],
	'lock_ttl -1' => ['lock_ttl' => -1],
	'lock_ttl string' => ['lock_ttl' => '10'],
	'lock_ttl > an hour' => ['lock_ttl' => 3601],
	'wait_timeout -0.1' => ['wait_timeout' => -0.1],
	'wait_timeout 61' => ['wait_timeout' => 61],
	'wait_timeout NAN' => ['wait_timeout' => NAN],
	'early_refresh -1' => ['early_refresh' => -1],
	'early_refresh 101' => ['early_refresh' => 101],
	'early_refresh true' => ['early_refresh' => true],
	'early_refresh INF' => ['early_refresh' => INF],
	'revalidate later' => ['revalidate' => 'later'],
	'revalidate Inline' => ['revalidate' => 'Inline'],
	'revalidate true' => ['revalidate' => true],
] as $label => $options) {
	attempt($label, fn () => new SwrCache($store, $options));
}
attempt('no store', fn () => new SwrCache(new stdClass()));
attempt('limits accepted', fn () => count([
	new SwrCache($store, ['fresh_ttl' => 0, 'stale_ttl' => 1, 'lock_ttl' => 0.001, 'wait_timeout' => 0, 'early_refresh' => 0]),
	new SwrCache($store, ['fresh_ttl' => 31536000, 'stale_ttl' => 31536000, 'lock_ttl' => 3600, 'wait_timeout' => 60,
		'early_refresh' => 100, 'revalidate' => 'inline']),
	new SwrCache($store, ['lock_ttl' => 2, 'wait_timeout' => 1, 'early_refresh' => 1]),
]));
$cache = new SwrCache($store, ['fresh_ttl' => 60, 'stale_ttl' => 120]);
attempt('constructed twice', fn () => $cache->__construct($store));

echo "-- keys\n";
$bad = ['empty' => '', 'open brace' => 'a{b', 'close brace' => 'b}', 'NUL' => "a\0b", '1025 bytes' => str_repeat('k', 1025)];
foreach ($bad as $label => $key) {
	attempt("remember($label)", fn () => $cache->remember($key, $cb));
	attempt("get($label)", fn () => $cache->get($key, 'default'));
	attempt("set($label)", fn () => $cache->set($key, 1));
	attempt("has($label)", fn () => $cache->has($key));
	attempt("delete(ok, $label)", fn () => $cache->delete('ok', $key));
}
attempt('remember(array key)', fn () => $cache->remember([], $cb));
attempt('delete(ok, object)', fn () => $cache->delete('ok', new stdClass()));
attempt('delete([])', fn () => $cache->delete([]));

echo "-- TTL arguments\n";
attempt('remember fresh -1', fn () => $cache->remember('k', $cb, -1));
attempt('remember fresh > a year', fn () => $cache->remember('k', $cb, 31536001));
attempt('remember stale 0', fn () => $cache->remember('k', $cb, null, 0));
attempt('remember stale -5', fn () => $cache->remember('k', $cb, 10, -5));
attempt('remember stale < fresh', fn () => $cache->remember('k', $cb, 10, 5));
attempt('remember stale < the default fresh', fn () => $cache->remember('k', $cb, null, 59));
attempt('remember fresh string', fn () => $cache->remember('k', $cb, 'ten'));
attempt('set fresh -1', fn () => $cache->set('k', 1, -1));
attempt('set stale 0', fn () => $cache->set('k', 1, 0, 0));
attempt('set stale < fresh', fn () => $cache->set('k', 1, 100, 99));
attempt('set stale > a year', fn () => $cache->set('k', 1, null, 31536001));

echo "-- callbacks\n";
attempt('remember(string that is no function)', fn () => $cache->remember('k', 'no_such_function'));
attempt('remember(int)', fn () => $cache->remember('k', 42));
attempt('remember(null)', fn () => $cache->remember('k', null));
attempt('remember([object, no method])', fn () => $cache->remember('k', [new stdClass(), 'nope']));
attempt('remember(private method)', fn () => $cache->remember('k', [new class { private function f() {} }, 'f']));
attempt('remember(bad key, bad callback)', fn () => $cache->remember('', 'no_such_function'));
attempt('remember(no callback)', fn () => $cache->remember('k'));

echo "-- nothing happened\n";
echo 'callback runs: ', $ran, ', stats: ', json_encode(array_filter($cache->stats())), "\n";
echo 'keys under the prefix: ', count(swr_keys($prefix)), "\n";
// The longest key there is, and one with everything else in it, do work.
$long = str_repeat('k', 1024);
echo 'a 1024-byte key: ', $cache->remember($long, $cb), ', ', var_export($cache->has($long), true), "\n";
$odd = "ä \t:*?[]\\\"'\n";
echo 'a key with odd bytes: ', $cache->remember($odd, $cb), ', ', var_export($cache->has($odd), true), ', delete: ', $cache->delete($long, $odd), "\n";
// delete() leaves a tombstone per key, which is all that stays.
echo 'callback runs: ', $ran, ', keys: ', count(swr_keys($prefix)), "\n";
swr_cleanup($prefix);
?>
--EXPECT--
-- options
unknown: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) contains unknown option "freshTtl" (expected fresh_ttl, stale_ttl, lock_ttl, wait_timeout, early_refresh or revalidate)
list: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) must be an array with string keys
fresh_ttl string: TypeError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "fresh_ttl" must be of type int, string given
fresh_ttl float: TypeError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "fresh_ttl" must be of type int, float given
fresh_ttl null: TypeError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "fresh_ttl" must be of type int, null given
fresh_ttl -1: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "fresh_ttl" must be between 0 and 31536000
fresh_ttl > a year: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "fresh_ttl" must be between 0 and 31536000
stale_ttl 0: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "stale_ttl" must be between 1 and 31536000
stale_ttl < fresh_ttl: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "stale_ttl" must not be less than "fresh_ttl"
stale_ttl < default fresh_ttl: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "stale_ttl" must not be less than "fresh_ttl"
lock_ttl 0: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "lock_ttl" must be between 0.001 and 3600
lock_ttl -1: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "lock_ttl" must be between 0.001 and 3600
lock_ttl string: TypeError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "lock_ttl" must be of type int|float, string given
lock_ttl > an hour: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "lock_ttl" must be between 0.001 and 3600
wait_timeout -0.1: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "wait_timeout" must be between 0 and 60
wait_timeout 61: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "wait_timeout" must be between 0 and 60
wait_timeout NAN: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "wait_timeout" must be between 0 and 60
early_refresh -1: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "early_refresh" must be between 0 and 100
early_refresh 101: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "early_refresh" must be between 0 and 100
early_refresh true: TypeError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "early_refresh" must be of type int|float, bool given
early_refresh INF: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "early_refresh" must be between 0 and 100
revalidate later: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "revalidate" must be "deferred" or "inline"
revalidate Inline: ValueError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "revalidate" must be "deferred" or "inline"
revalidate true: TypeError: Calcom\SwrCache::__construct(): Argument #2 ($options) option "revalidate" must be of type string, bool given
no store: TypeError: Calcom\SwrCache::__construct(): Argument #1 ($store) must be of type Calcom\Store, stdClass given
limits accepted: no exception (3)
constructed twice: Error: Calcom\SwrCache is already constructed
-- keys
remember(empty): ValueError: Calcom\SwrCache::remember(): Argument #1 ($key) must be between 1 and 1024 bytes long
get(empty): ValueError: Calcom\SwrCache::get(): Argument #1 ($key) must be between 1 and 1024 bytes long
set(empty): ValueError: Calcom\SwrCache::set(): Argument #1 ($key) must be between 1 and 1024 bytes long
has(empty): ValueError: Calcom\SwrCache::has(): Argument #1 ($key) must be between 1 and 1024 bytes long
delete(ok, empty): ValueError: Calcom\SwrCache::delete(): Argument #2 must be between 1 and 1024 bytes long
remember(open brace): ValueError: Calcom\SwrCache::remember(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
get(open brace): ValueError: Calcom\SwrCache::get(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
set(open brace): ValueError: Calcom\SwrCache::set(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
has(open brace): ValueError: Calcom\SwrCache::has(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
delete(ok, open brace): ValueError: Calcom\SwrCache::delete(): Argument #2 must not contain "{", "}" or NUL bytes
remember(close brace): ValueError: Calcom\SwrCache::remember(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
get(close brace): ValueError: Calcom\SwrCache::get(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
set(close brace): ValueError: Calcom\SwrCache::set(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
has(close brace): ValueError: Calcom\SwrCache::has(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
delete(ok, close brace): ValueError: Calcom\SwrCache::delete(): Argument #2 must not contain "{", "}" or NUL bytes
remember(NUL): ValueError: Calcom\SwrCache::remember(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
get(NUL): ValueError: Calcom\SwrCache::get(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
set(NUL): ValueError: Calcom\SwrCache::set(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
has(NUL): ValueError: Calcom\SwrCache::has(): Argument #1 ($key) must not contain "{", "}" or NUL bytes
delete(ok, NUL): ValueError: Calcom\SwrCache::delete(): Argument #2 must not contain "{", "}" or NUL bytes
remember(1025 bytes): ValueError: Calcom\SwrCache::remember(): Argument #1 ($key) must be between 1 and 1024 bytes long
get(1025 bytes): ValueError: Calcom\SwrCache::get(): Argument #1 ($key) must be between 1 and 1024 bytes long
set(1025 bytes): ValueError: Calcom\SwrCache::set(): Argument #1 ($key) must be between 1 and 1024 bytes long
has(1025 bytes): ValueError: Calcom\SwrCache::has(): Argument #1 ($key) must be between 1 and 1024 bytes long
delete(ok, 1025 bytes): ValueError: Calcom\SwrCache::delete(): Argument #2 must be between 1 and 1024 bytes long
remember(array key): TypeError: Calcom\SwrCache::remember(): Argument #1 ($key) must be of type string, array given
delete(ok, object): TypeError: Calcom\SwrCache::delete(): Argument #2 must be of type string, stdClass given
delete([]): TypeError: Calcom\SwrCache::delete(): Argument #1 must be of type string, array given
-- TTL arguments
remember fresh -1: ValueError: Calcom\SwrCache::remember(): Argument #3 ($freshTtl) must be between 0 and 31536000
remember fresh > a year: ValueError: Calcom\SwrCache::remember(): Argument #3 ($freshTtl) must be between 0 and 31536000
remember stale 0: ValueError: Calcom\SwrCache::remember(): Argument #4 ($staleTtl) must be between 1 and 31536000
remember stale -5: ValueError: Calcom\SwrCache::remember(): Argument #4 ($staleTtl) must be between 1 and 31536000
remember stale < fresh: ValueError: Calcom\SwrCache::remember(): Argument #4 ($staleTtl) must not be less than the fresh TTL
remember stale < the default fresh: ValueError: Calcom\SwrCache::remember(): Argument #4 ($staleTtl) must not be less than the fresh TTL
remember fresh string: TypeError: Calcom\SwrCache::remember(): Argument #3 ($freshTtl) must be of type ?int, string given
set fresh -1: ValueError: Calcom\SwrCache::set(): Argument #3 ($freshTtl) must be between 0 and 31536000
set stale 0: ValueError: Calcom\SwrCache::set(): Argument #4 ($staleTtl) must be between 1 and 31536000
set stale < fresh: ValueError: Calcom\SwrCache::set(): Argument #4 ($staleTtl) must not be less than the fresh TTL
set stale > a year: ValueError: Calcom\SwrCache::set(): Argument #4 ($staleTtl) must be between 1 and 31536000
-- callbacks
remember(string that is no function): TypeError: Calcom\SwrCache::remember(): Argument #2 ($callback) must be a valid callback, function "no_such_function" not found or invalid function name
remember(int): TypeError: Calcom\SwrCache::remember(): Argument #2 ($callback) must be a valid callback, no array or string given
remember(null): TypeError: Calcom\SwrCache::remember(): Argument #2 ($callback) must be a valid callback, no array or string given
remember([object, no method]): TypeError: Calcom\SwrCache::remember(): Argument #2 ($callback) must be a valid callback, class stdClass does not have a method "nope"
remember(private method): TypeError: Calcom\SwrCache::remember(): Argument #2 ($callback) must be a valid callback, cannot access private method class@anonymous::f()
remember(bad key, bad callback): TypeError: Calcom\SwrCache::remember(): Argument #2 ($callback) must be a valid callback, function "no_such_function" not found or invalid function name
remember(no callback): ArgumentCountError: Calcom\SwrCache::remember() expects at least 2 arguments, 1 given
-- nothing happened
callback runs: 0, stats: []
keys under the prefix: 0
a 1024-byte key: value, true
a key with odd bytes: value, true, delete: 2
callback runs: 2, keys: 2
