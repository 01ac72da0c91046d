--TEST--
Client availability cache: no stale day stays locked without a refresh: a read whose fetch of the missing days fails gives the stale days' locks back; warm() refreshes the stale days it locked
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-locks-' . getmypid() . ':';
$raw = new RawRedis(redis_port());
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 1, 'early_refresh' => 0]);
$client = test_client(['tenant' => 'acme', 'retries' => 0, 'cache' => $cache]);
$key = fn (string $date) => "{$prefix}avail:{acme:1001}:Europe/Berlin:$date";
[$s] = $raw->cmd('TIME');
$old = ((int) $s - 60) * 1000;  // a minute old: stale with fresh_ttl 1
$stale = fn (string $date) => $raw->cmd('SET', $key($date), "swr1 $old 0 1000 v\n{$date}T09:00:00+02:00", 'PX', '600000');
$locks = fn () => count($raw->cmd('KEYS', "{$prefix}*:lock"));

// The 1st is stale, the 2nd missing; fetching the 2nd fails.
$stale('2025-10-01');
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => [503]]);
try {
	$client->getAvailableSlots(1001, '2025-10-01', '2025-10-02');
} catch (Calcom\ApiException $e) {
	echo 'read: ', get_class($e), ' ', $e->getStatusCode(), ', stale days locked with no refresh queued: ', $locks() - $cache->stats()['deferred'], "\n";
}
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}

// warm(): today and tomorrow missing, the day after stale.
$zone = new DateTimeZone('Europe/Berlin');
$day = (new DateTimeImmutable('today +2 days', $zone))->format('Y-m-d');
$stale($day);
$r = $client->warm([1001], 3);
echo 'warm: ', $r['requests'], ' request, ', $r['days'], ' days, stale days locked with no refresh queued: ', $locks() - $cache->stats()['deferred'], "\n";
$entry = $raw->cmd('GET', $key($day));
echo 'the stale day: refreshed ', var_export(!str_starts_with($entry, "swr1 $old "), true), ', as Cal.com has it ',
	var_export(explode("\n", $entry, 2)[1] === implode(',', test_client()->getAvailableSlots(1001, $day, $day)[$day] ?? []), true), "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
read: Calcom\ApiException 503, stale days locked with no refresh queued: 0
warm: 1 request, 3 days, stale days locked with no refresh queued: 0
the stale day: refreshed true, as Cal.com has it true
