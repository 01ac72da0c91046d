--TEST--
SwrCache: while Cal.com answers 503 the stale value keeps being served (errors_served_stale counts each failed revalidation, inline or deferred) until the stale TTL ends, then the ApiException comes out of remember(); with nothing cached the exception propagates, nothing is cached and the lock is released at once
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/swr.inc';
require __DIR__ . '/../lib/emulator.inc';

const STALE = 3;
$prefix = swr_prefix('stale-if-error');
emulator_reset();
$client = test_client(['retries' => 0]);
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
// Fresh TTL 0: every read finds the entry stale and revalidates it.
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 0, 'stale_ttl' => STALE, 'revalidate' => 'inline',
	'lock_ttl' => 30, 'wait_timeout' => 10]);
$calls = 0;
$fetch = function () use ($client, &$calls) {
	$calls++;
	return ['slugs' => array_column($client->getEventTypes(), 'slug'), 'call' => $calls];
};
$api = fn () => count(emulator_requests('event_types'));

$value = $cache->remember('types', $fetch);
$created = swr_entry($prefix, 'types')['created'];
echo 'computed: ', json_encode($value), ', API calls ', $api(), "\n";

emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'sequence' => array_fill(0, 200, 503)]);
// Every remember() revalidates inline, gets the 503 and serves the stale
// value, until the Redis clock passes created + stale TTL: the key is gone
// and the miss's exception comes through.
$served = $late = 0;
$error = null;
for ($i = 0; $i < 100; $i++) {
	$before = swr_now_ms();
	try {
		$v = $cache->remember('types', $fetch);
		if ($v !== $value) {
			echo 'unexpected value: ', json_encode($v), "\n";
		}
		$served++;
		if ($before - $created > STALE * 1000) {   // the read came after $before
			$late++;
		}
	} catch (Calcom\ApiException $e) {
		$error = $e;
		$age = $before - $created;
		break;
	}
	usleep(100000);
}
echo 'stale served at least 3 times: ', var_export($served >= 3, true), ', none after the stale TTL: ',
	var_export($late === 0, true), "\n";
echo 'then: ', $error ? get_class($error) . ' ' . $error->getStatusCode() . ': ' . $error->getMessage() : 'nothing', "\n";
echo 'the error came after the stale TTL (within 3 s): ',
	var_export(isset($age) && $age >= STALE * 1000 - 300 && $age < STALE * 1000 + 3000, true), "\n";
$stats = $cache->stats();
echo 'errors_served_stale = stale served: ', var_export($stats['errors_served_stale'] === $served, true),
	', revalidations: ', var_export($stats['revalidations'] === $served, true),
	', stale_hits: ', var_export($stats['stale_hits'] === $served, true), ', misses: ', $stats['misses'], "\n";
echo 'API calls: one per revalidation and the last miss: ', var_export($api() === 1 + $served + 1, true), "\n";
echo 'in Redis: [', implode(' ', swr_keys($prefix)), "]\n";

// Nothing cached at all: the callback's exception, nothing stored, no lock
// left behind, so the next call computes at once (not after lock_ttl or
// wait_timeout, 30 s and 10 s here).
try {
	$cache->remember('types', $fetch);
} catch (Calcom\ApiException $e) {
	echo 'miss: ', get_class($e), ' ', $e->getStatusCode(), "\n";
}
echo 'in Redis: [', implode(' ', swr_keys($prefix)), "]\n";
emulator('DELETE', '/__admin/faults');
$t = microtime(true);
$v = $cache->remember('types', $fetch);
echo 'next call computes at once: ', json_encode($v['slugs']), ', in under 5 s: ', var_export(microtime(true) - $t < 5, true), "\n";
echo 'in Redis: [', implode(' ', swr_keys($prefix)), "]\n";

// Deferred: the stale value now, the failed revalidation at runDeferred().
$deferred = new Calcom\SwrCache($store, ['fresh_ttl' => 0, 'stale_ttl' => 60]);
$deferred->set('d', 'stale d');
emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'sequence' => [503, 503]]);
$ran = 0;
$cb = function () use ($fetch, &$ran) { $ran++; return $fetch(); };
echo "\ndeferred: ", $deferred->remember('d', $cb), ', ', $deferred->remember('d', $cb), "\n";
echo 'runDeferred(): ', $deferred->runDeferred(), ', callback runs ', $ran, ', stats ', json_encode(array_filter($deferred->stats())), "\n";
echo 'still served: ', $deferred->get('d'), ', lock released: ', var_export(swr_raw()->cmd('EXISTS', "{$prefix}swr:{d}:lock") === 0, true), "\n";
echo 'next one: ', $deferred->remember('d', $cb), ', runDeferred(): ', $deferred->runDeferred(), ', errors_served_stale ',
	$deferred->stats()['errors_served_stale'], "\n";
echo 'after the 503s: ', $deferred->remember('d', $cb), ', runDeferred(): ', $deferred->runDeferred(), ', now: ',
	json_encode($deferred->get('d')['slugs']), ', errors_served_stale ', $deferred->stats()['errors_served_stale'], "\n";

// An Error (a bug, not an outage) is not hidden behind the stale value.
$cache2 = new Calcom\SwrCache($store, ['fresh_ttl' => 0, 'stale_ttl' => 60, 'revalidate' => 'inline']);
$cache2->set('e', 'stale e');
try {
	$cache2->remember('e', function () { throw new LogicException('a bug'); });
	echo "LogicException (an Exception): stale served, errors_served_stale ", $cache2->stats()['errors_served_stale'], "\n";
	$cache2->remember('e', function () { return strlen(); });
} catch (Error $e) {
	echo get_class($e), ' comes through: ', $e->getMessage(), "\n";
}
echo 'stored: ', $cache2->get('e'), ', lock released: ', var_export(swr_raw()->cmd('EXISTS', "{$prefix}swr:{e}:lock") === 0, true), "\n";
swr_cleanup($prefix);
emulator('DELETE', '/__admin/faults');
?>
--EXPECT--
computed: {"slugs":["beratung","erstgespraech","kurztermin"],"call":1}, API calls 1
stale served at least 3 times: true, none after the stale TTL: true
then: Calcom\ApiException 503: GET /event-types: HTTP 503 ServiceUnavailableException: Service Unavailable
the error came after the stale TTL (within 3 s): true
errors_served_stale = stale served: true, revalidations: true, stale_hits: true, misses: 2
API calls: one per revalidation and the last miss: true
in Redis: []
miss: Calcom\ApiException 503
in Redis: []
next call computes at once: ["beratung","erstgespraech","kurztermin"], in under 5 s: true
in Redis: [swr:{types}]

deferred: stale d, stale d
runDeferred(): 1, callback runs 1, stats {"stale_hits":2,"revalidations":1,"errors_served_stale":1}
still served: stale d, lock released: true
next one: stale d, runDeferred(): 1, errors_served_stale 2
after the 503s: stale d, runDeferred(): 1, now: ["beratung","erstgespraech","kurztermin"], errors_served_stale 2
LogicException (an Exception): stale served, errors_served_stale 1
ArgumentCountError comes through: strlen() expects exactly 1 argument, 0 given
stored: stale e, lock released: true
