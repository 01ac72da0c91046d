--TEST--
Client availability cache, stale-while-revalidate: expired days are served at once and refreshed after the response (runDeferred() or shutdown); a failing refresh keeps serving them; a failing cold read throws, caches nothing and leaves no lock
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-stale-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
// Fresh for one second, servable stale for ten minutes, no early refresh.
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 1, 'stale_ttl' => 600, 'early_refresh' => 0]);
$client = test_client(['cache' => $cache, 'tenant' => 'acme', 'retries' => 0]);
// The same entries read as fresh for five minutes: to look at them without
// making them refresh (its fresh TTL is what its reads measure against).
$viewer = test_client(['cache' => new Calcom\SwrCache($store), 'tenant' => 'acme']);
$plain = test_client();  // no cache, no store: its bookings invalidate nothing
$raw = new RawRedis(redis_port());
$key = fn (string $date) => "{$prefix}avail:{acme:1001}:Europe/Berlin:$date";

$calls = fn () => count(emulator_requests('slots'));
function stats(Calcom\SwrCache $cache, string ...$names): string {
	$s = $cache->stats();
	return implode(', ', array_map(fn ($n) => "$n {$s[$n]}", $names));
}
function has(array $days, string $slot): string {
	return in_array($slot, $days[substr($slot, 0, 10)] ?? [], true) ? 'offered' : 'not offered';
}
function book(string $start): void {
	global $plain;
	$plain->createBooking(['eventTypeId' => 1001, 'start' => $start,
		'attendee' => ['name' => 'Anna Beispiel', 'email' => 'anna@example.com']]);
}
// Past the one-second fresh TTL on the Redis clock, however slow we are.
function expire(): void {
	usleep(1200000);
}

$a = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-07');
echo 'cold: ', $calls(), ' call, 09:00 on the 1st ', has($a, '2025-10-01T09:00:00+02:00'), "\n";

echo "-- expired, Cal.com changed meanwhile\n";
book('2025-10-01T09:00:00+02:00');
expire();
$before = $calls();
$b = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-07');
echo 'stale read: the old answer ', var_export($b === $a, true), ', calls in the request: ', $calls() - $before, ', ',
	stats($cache, 'stale_hits', 'deferred'), "\n";
echo 'runDeferred(): ', $cache->runDeferred(), ', calls: ', $calls() - $before, ', ', stats($cache, 'revalidations', 'deferred'), "\n";
$last = emulator_requests('slots')[$calls() - 1]['query'];
echo "  it asked for {$last['start']} … {$last['end']}\n";
$before = $calls();
$c = $viewer->getAvailableSlots(1001, '2025-10-01', '2025-10-07');
$inRequest = $calls() - $before;
echo 'next read: 09:00 on the 1st ', has($c, '2025-10-01T09:00:00+02:00'), ', calls: ', $inRequest, ', same as Cal.com now ',
	var_export($c === $plain->getAvailableSlots(1001, '2025-10-01', '2025-10-07'), true), "\n";

echo "-- stale-if-error: Cal.com answers 503\n";
expire();
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => [503, 503]]);
$entry = $raw->cmd('GET', $key('2025-10-02'));
$before = $calls();
for ($i = 1; $i <= 2; $i++) {
	$n = $calls();
	$d = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-07');
	$inRequest = $calls() - $n;
	$ran = $i === 1 ? $cache->runDeferred() : Calcom\runDeferred();  // this cache's queue; every cache's
	printf("read %d: served the stale days %s, calls in the request %d, refreshes run %d, calls %d, %s\n", $i,
		var_export($d === $c, true), $inRequest, $ran, $calls() - $before, stats($cache, 'errors_served_stale'));
}
echo 'statuses Cal.com gave: ', implode(',', array_column(array_slice(emulator_requests('slots'), $before), 'status')), "\n";
echo 'entries untouched: ', var_export($raw->cmd('GET', $key('2025-10-02')) === $entry, true), "\n";

echo "-- a cold read that fails\n";
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => [503]]);
$before = $calls();
try {
	$client->getAvailableSlots(1001, '2025-10-13', '2025-10-17');
	echo "no exception\n";
} catch (Calcom\ApiException $e) {
	echo get_class($e), ' ', $e->getStatusCode(), ', calls: ', $calls() - $before, "\n";
}
$left = array_merge(...array_map(fn ($d) => [$key("2025-10-$d"), $key("2025-10-$d") . ':lock'], range(13, 17)));
echo 'values and locks left for those days: ', array_sum(array_map(fn ($k) => $raw->cmd('EXISTS', $k), $left)), "\n";
$s0 = $cache->stats();
$e = $client->getAvailableSlots(1001, '2025-10-13', '2025-10-17');
$s1 = $cache->stats();
echo 'retry: calls ', $calls() - $before, ', misses +', $s1['misses'] - $s0['misses'], ', waits +',
	$s1['coalesced_waits'] - $s0['coalesced_waits'], ', same as Cal.com ',
	var_export($e === $plain->getAvailableSlots(1001, '2025-10-13', '2025-10-17'), true), "\n";

echo "-- inline revalidation\n";
$inline = test_client(['cache' => new Calcom\SwrCache($store, ['fresh_ttl' => 1, 'early_refresh' => 0,
	'revalidate' => 'inline']), 'tenant' => 'acme']);
book('2025-10-01T09:30:00+02:00');
expire();
$before = $calls();
$f = $inline->getAvailableSlots(1001, '2025-10-01', '2025-10-07');
echo 'stale read refreshed before returning: calls ', $calls() - $before, ', 09:30 on the 1st ', has($f, '2025-10-01T09:30:00+02:00'), "\n";

echo "-- at shutdown\n";
book('2025-10-02T09:00:00+02:00');
expire();
$before = $calls();
$g = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-07');
echo 'stale read: 09:00 on the 2nd ', has($g, '2025-10-02T09:00:00+02:00'), ', calls ', $calls() - $before, ', ',
	stats($cache, 'deferred'), "\n";
echo "end of the script\n";
// Registered after the cache's own shutdown function: runs after it.
register_shutdown_function(function () use ($before, $calls, $raw, $key, $prefix) {
	echo 'after shutdown: calls ', $calls() - $before, ', the 2nd now holds 09:00: ',
		var_export(str_contains($raw->cmd('GET', $key('2025-10-02')), '2025-10-02T09:00:00+02:00'), true), "\n";
	foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
		$raw->cmd('DEL', $k);
	}
});
?>
--EXPECT--
cold: 1 call, 09:00 on the 1st offered
-- expired, Cal.com changed meanwhile
stale read: the old answer true, calls in the request: 0, stale_hits 7, deferred 1
runDeferred(): 1, calls: 1, revalidations 1, deferred 0
  it asked for 2025-10-01T00:00:00+02:00 … 2025-10-07T23:59:59+02:00
next read: 09:00 on the 1st not offered, calls: 0, same as Cal.com now true
-- stale-if-error: Cal.com answers 503
read 1: served the stale days true, calls in the request 0, refreshes run 1, calls 1, errors_served_stale 1
read 2: served the stale days true, calls in the request 0, refreshes run 1, calls 2, errors_served_stale 2
statuses Cal.com gave: 503,503
entries untouched: true
-- a cold read that fails
Calcom\ApiException 503, calls: 1
values and locks left for those days: 0
retry: calls 2, misses +5, waits +0, same as Cal.com true
-- inline revalidation
stale read refreshed before returning: calls 1, 09:30 on the 1st not offered
-- at shutdown
stale read: 09:00 on the 2nd offered, calls 0, deferred 1
end of the script
after shutdown: calls 1, the 2nd now holds 09:00: false
