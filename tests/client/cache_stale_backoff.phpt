--TEST--
Client availability cache, deferred refresh of stale days under pressure: it takes tokens or is refused (it does not wait for the bucket after the response); a refusal by our limiter or a 429 from Cal.com keeps the days' locks until lock_ttl lapses them, so the stale reads meanwhile serve the days without trying again; a 503 gives the locks back (the breaker is what backs off from errors); once the locks lapse a stale read refreshes the days
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-backoff-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
// Under valgrind a read takes long enough to outlive a one-second fresh TTL:
// every TTL and sleep is four times longer there.
$slow = getenv('USE_ZEND_ALLOC') === '0' ? 4 : 1;
// One token every half second.
$limiter = new Calcom\RateLimiter($store, 'api', ['limit' => 120, 'burst' => 2]);
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => $slow, 'stale_ttl' => 600, 'lock_ttl' => 2 * $slow,
	'early_refresh' => 0]);
// A request in the response path may wait up to 2 s for a token: far longer
// than the half second the bucket needs.
$client = test_client(['cache' => $cache, 'tenant' => 'acme', 'retries' => 0, 'limiter' => $limiter,
	'limiter_wait' => 2.0]);
$raw = new RawRedis(redis_port());
$lock = "{$prefix}avail:{acme:1001}:Europe/Berlin:2025-10-01:lock";

$calls = fn () => count(emulator_requests('slots'));
// stale_hits counts days: three per read here.
function stats(Calcom\SwrCache $cache): string {
	$s = $cache->stats();
	return "stale_hits {$s['stale_hits']}, revalidations {$s['revalidations']}, errors_served_stale {$s['errors_served_stale']}";
}
// Other workers keep the shared bucket dry.
function drain(Calcom\RateLimiter $limiter): void {
	while ($limiter->tryAcquire(1, Calcom\RateLimiter::PRIORITY_CRITICAL) == 0.0) {
	}
}
function read_stale(Calcom\Client $client, Calcom\SwrCache $cache, callable $calls): string {
	$before = $calls();
	$client->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
	$ran = $cache->runDeferred();
	return "refreshes run $ran, calls " . ($calls() - $before);
}
$client->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
echo 'cold: ', $calls(), " call\n";
usleep($slow * 1200000);  // the days are stale now

echo "-- the limiter is dry\n";
drain($limiter);
echo 'stale read: ', read_stale($client, $cache, $calls), ' (refused, not waited for), ', stats($cache), "\n";
$pttl = (int) $raw->cmd('PTTL', $lock);
echo 'lock kept: ', $pttl > 0 && $pttl <= 2000 * $slow ? 'yes, lapses within lock_ttl' : "PTTL $pttl", "\n";
for ($i = 0; $i < 5; $i++) {
	drain($limiter);
	$r = read_stale($client, $cache, $calls);
}
echo '5 more stale reads: last ', $r, ', ', stats($cache), "\n";

echo "-- the locks lapsed, tokens are back\n";
usleep($slow * 2200000);
echo 'stale read: ', read_stale($client, $cache, $calls), ', ', stats($cache), "\n";
echo 'lock: ', $raw->cmd('EXISTS', $lock), "\n";
$before = $calls();
$client->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
echo 'next read: calls ', $calls() - $before, ', ', stats($cache), "\n";

echo "-- Cal.com answers 429\n";
usleep($slow * 1200000);
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => [['status' => 429, 'reset_s' => 1]]]);
echo 'stale read: ', read_stale($client, $cache, $calls), ', ', stats($cache), "\n";
echo 'lock kept: ', $raw->cmd('EXISTS', $lock), "\n";
echo 'stale read: ', read_stale($client, $cache, $calls), ', ', stats($cache), "\n";

echo "-- Cal.com answers 503\n";
usleep($slow * 2200000);
emulator('DELETE', '/__admin/faults');
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => [503, 503]]);
echo 'stale read: ', read_stale($client, $cache, $calls), ', ', stats($cache), "\n";
echo 'lock: ', $raw->cmd('EXISTS', $lock), "\n";
usleep(600000);  // a token for the next refresh
echo 'stale read: ', read_stale($client, $cache, $calls), ', ', stats($cache), "\n";
usleep(600000);
echo 'stale read, Cal.com well again: ', read_stale($client, $cache, $calls), ', ', stats($cache), "\n";
emulator('DELETE', '/__admin/faults');
$limiter->reset();
?>
--EXPECT--
cold: 1 call
-- the limiter is dry
stale read: refreshes run 1, calls 0 (refused, not waited for), stale_hits 3, revalidations 1, errors_served_stale 1
lock kept: yes, lapses within lock_ttl
5 more stale reads: last refreshes run 0, calls 0, stale_hits 18, revalidations 1, errors_served_stale 1
-- the locks lapsed, tokens are back
stale read: refreshes run 1, calls 1, stale_hits 21, revalidations 2, errors_served_stale 1
lock: 0
next read: calls 0, stale_hits 21, revalidations 2, errors_served_stale 1
-- Cal.com answers 429
stale read: refreshes run 1, calls 1, stale_hits 24, revalidations 3, errors_served_stale 2
lock kept: 1
stale read: refreshes run 0, calls 0, stale_hits 27, revalidations 3, errors_served_stale 2
-- Cal.com answers 503
stale read: refreshes run 1, calls 1, stale_hits 30, revalidations 4, errors_served_stale 3
lock: 0
stale read: refreshes run 1, calls 1, stale_hits 33, revalidations 5, errors_served_stale 4
stale read, Cal.com well again: refreshes run 1, calls 1, stale_hits 36, revalidations 6, errors_served_stale 4
