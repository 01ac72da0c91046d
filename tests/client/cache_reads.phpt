--TEST--
Client with the availability cache: the same answers as without it (ranges, sub-ranges, times, zones, DST); empty days cached as ""; one /slots call for the smallest span of missing days, none when warm; a warm range read is one Redis round trip
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
redis_script_cache
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-reads-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$cache = new Calcom\SwrCache($store);
$cached = test_client(['cache' => $cache, 'tenant' => 'acme']);
$plain = test_client();
$raw = new RawRedis(redis_port());
$key = fn (string $tz, string $date, int $type = 1001) => "{$prefix}avail:{acme:$type}:$tz:$date";

/* One read through the cache, then the same without it: whether they are
 * identical, what the cached read sent to Cal.com, and its Redis round trips. */
function compare(string $what, int $type, string $start, string $end, array $options = []): void
{
	global $cached, $plain, $store;
	emulator('DELETE', '/__admin/requests');
	$trips = $store->stats()['round_trips'];
	$got = $cached->getAvailableSlots($type, $start, $end, null, $options);
	$trips = $store->stats()['round_trips'] - $trips;
	$calls = emulator_requests('slots');
	$want = $plain->getAvailableSlots($type, $start, $end, null, $options);
	$slots = array_sum(array_map('count', $got));
	printf("%s: %s, %d days, %d slots", $what, $got === $want ? 'identical' : 'DIFFERENT', count($got), $slots);
	if ($got) {
		printf(", %s … %s", reset($got)[0], end($got)[count(end($got)) - 1]);
	}
	printf("\n  %d call(s)%s", count($calls), $calls ? ':' : '');
	foreach ($calls as $c) {
		printf(" [%s … %s %s]", $c['query']['start'], $c['query']['end'], $c['query']['timeZone']);
	}
	echo $calls ? '' : ", $trips round trip(s)", "\n";
	if ($got !== $want) {
		echo '  cached: ', json_encode($got), "\n  plain:  ", json_encode($want), "\n";
	}
}

echo "-- Europe/Berlin\n";
compare('cold 14 days', 1001, '2025-10-01', '2025-10-14');
compare('warm 14 days', 1001, '2025-10-01', '2025-10-14');
compare('sub-range', 1001, '2025-10-03', '2025-10-08');
compare('partial with times', 1001, '2025-10-02T10:30:00+02:00', '2025-10-03T11:00:00+02:00');
compare('partial, DateTime-like UTC bounds', 1001, '2025-10-06T07:00:00Z', '2025-10-06T07:30:00Z');

// Days without slots are cached as empty values and left out of answers.
$sat = $raw->cmd('GET', $key('Europe/Berlin', '2025-10-04'));
echo 'Saturday entry: ', json_encode(preg_replace('/^swr1 \d+ \d+ (\d+) v\n/', 'swr1 <created> <compute> $1 v|', $sat)), "\n";
echo 'Wednesday entry holds ', count(explode(',', explode("\n", $raw->cmd('GET', $key('Europe/Berlin', '2025-10-01')), 2)[1])), " slots\n";
compare('a cached weekend', 1001, '2025-10-04', '2025-10-05');
$weekend = $cached->getAvailableSlots(1001, '2025-10-11', '2025-10-12');
echo 'another cached weekend: ', json_encode($weekend), "\n";

// Holes: the smallest span holding every missing day, in one call.
$raw->cmd('DEL', $key('Europe/Berlin', '2025-10-07'), $key('Europe/Berlin', '2025-10-08'));
compare('one hole (7th, 8th)', 1001, '2025-10-01', '2025-10-14');
$raw->cmd('DEL', $key('Europe/Berlin', '2025-10-02'), $key('Europe/Berlin', '2025-10-09'));
compare('two holes (2nd, 9th)', 1001, '2025-10-01', '2025-10-14');
compare('extends past the cached days', 1001, '2025-10-12', '2025-10-17');
compare('again', 1001, '2025-10-01', '2025-10-17');

echo "-- the end of summer time in Europe/Berlin (Sunday 2025-10-26)\n";
compare('cold DST week', 1001, '2025-10-22', '2025-10-29');
compare('warm DST week', 1001, '2025-10-22', '2025-10-29');
compare('partial across the change', 1001, '2025-10-24T17:00:00+02:00', '2025-10-27T09:30:00+01:00');

echo "-- America/New_York (summer time ends 2025-11-02)\n";
$ny = ['timeZone' => 'America/New_York'];
compare('cold', 1002, '2025-10-27', '2025-11-05', $ny);
compare('warm', 1002, '2025-10-27', '2025-11-05', $ny);
compare('sub-range', 1002, '2025-10-31', '2025-11-03', $ny);
compare('partial with times', 1002, '2025-10-30T10:30:00+01:00', '2025-11-03T11:00:00+01:00', $ny);

echo "-- Pacific/Auckland (Berlin's working hours straddle its midnight)\n";
$nz = ['timeZone' => 'Pacific/Auckland'];
compare('cold 14 days', 1001, '2025-10-01', '2025-10-14', $nz);
compare('warm 14 days', 1001, '2025-10-01', '2025-10-14', $nz);
compare('partial with times', 1001, '2025-10-02T10:30:00+02:00', '2025-10-03T11:00:00+02:00', $nz);
compare('cached Sunday (Saturday in Berlin)', 1001, '2025-10-05', '2025-10-05', $nz);

echo "-- long ranges\n";
$keys = count($raw->cmd('KEYS', "{$prefix}avail:*-[0-9][0-9]"));
compare('92 days: cached', 1003, '2025-11-01', '2026-01-31');
echo '  new day keys: ', count($raw->cmd('KEYS', "{$prefix}avail:*-[0-9][0-9]")) - $keys, "\n";
compare('92 days again', 1003, '2025-11-01', '2026-01-31');
$keys = count($raw->cmd('KEYS', "{$prefix}avail:*-[0-9][0-9]"));
compare('93 days: straight to Cal.com', 1003, '2025-11-01', '2026-02-01');
echo '  new day keys: ', count($raw->cmd('KEYS', "{$prefix}avail:*-[0-9][0-9]")) - $keys, "\n";
foreach ($raw->cmd('KEYS', "{$prefix}avail:{acme:1003}:*-[0-9][0-9]") as $k) {
	$raw->cmd('DEL', $k);
}

// Each zone has its own day keys; Berlin's 2025-10-01 was not touched by them.
$zones = [];
foreach ($raw->cmd('KEYS', "{$prefix}avail:*-[0-9][0-9]") as $k) {
	preg_match('/\}:(.+):\d{4}-\d\d-\d\d$/', $k, $m);
	$zones[$m[1]] = ($zones[$m[1]] ?? 0) + 1;
}
ksort($zones);
echo 'day keys per zone: ', json_encode($zones), "\n";
$s = $cache->stats();
echo 'misses ', $s['misses'], ', stale hits ', $s['stale_hits'], ', store errors ', $s['store_errors'], "\n";

foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
-- Europe/Berlin
cold 14 days: identical, 10 days, 180 slots, 2025-10-01T09:00:00+02:00 … 2025-10-14T17:30:00+02:00
  1 call(s): [2025-10-01T00:00:00+02:00 … 2025-10-14T23:59:59+02:00 Europe/Berlin]
warm 14 days: identical, 10 days, 180 slots, 2025-10-01T09:00:00+02:00 … 2025-10-14T17:30:00+02:00
  0 call(s), 1 round trip(s)
sub-range: identical, 4 days, 72 slots, 2025-10-03T09:00:00+02:00 … 2025-10-08T17:30:00+02:00
  0 call(s), 1 round trip(s)
partial with times: identical, 2 days, 20 slots, 2025-10-02T10:30:00+02:00 … 2025-10-03T11:00:00+02:00
  0 call(s), 1 round trip(s)
partial, DateTime-like UTC bounds: identical, 1 days, 2 slots, 2025-10-06T09:00:00+02:00 … 2025-10-06T09:30:00+02:00
  0 call(s), 1 round trip(s)
Saturday entry: "swr1 <created> <compute> 300000 v|"
Wednesday entry holds 18 slots
a cached weekend: identical, 0 days, 0 slots
  0 call(s), 1 round trip(s)
another cached weekend: []
one hole (7th, 8th): identical, 10 days, 180 slots, 2025-10-01T09:00:00+02:00 … 2025-10-14T17:30:00+02:00
  1 call(s): [2025-10-07T00:00:00+02:00 … 2025-10-08T23:59:59+02:00 Europe/Berlin]
two holes (2nd, 9th): identical, 10 days, 180 slots, 2025-10-01T09:00:00+02:00 … 2025-10-14T17:30:00+02:00
  1 call(s): [2025-10-02T00:00:00+02:00 … 2025-10-09T23:59:59+02:00 Europe/Berlin]
extends past the cached days: identical, 5 days, 90 slots, 2025-10-13T09:00:00+02:00 … 2025-10-17T17:30:00+02:00
  1 call(s): [2025-10-15T00:00:00+02:00 … 2025-10-17T23:59:59+02:00 Europe/Berlin]
again: identical, 13 days, 234 slots, 2025-10-01T09:00:00+02:00 … 2025-10-17T17:30:00+02:00
  0 call(s), 1 round trip(s)
-- the end of summer time in Europe/Berlin (Sunday 2025-10-26)
cold DST week: identical, 6 days, 108 slots, 2025-10-22T09:00:00+02:00 … 2025-10-29T17:30:00+01:00
  1 call(s): [2025-10-22T00:00:00+02:00 … 2025-10-29T23:59:59+01:00 Europe/Berlin]
warm DST week: identical, 6 days, 108 slots, 2025-10-22T09:00:00+02:00 … 2025-10-29T17:30:00+01:00
  0 call(s), 1 round trip(s)
partial across the change: identical, 2 days, 4 slots, 2025-10-24T17:00:00+02:00 … 2025-10-27T09:30:00+01:00
  0 call(s), 1 round trip(s)
-- America/New_York (summer time ends 2025-11-02)
cold: identical, 8 days, 72 slots, 2025-10-27T04:00:00-04:00 … 2025-11-05T11:00:00-05:00
  1 call(s): [2025-10-27T00:00:00-04:00 … 2025-11-05T23:59:59-05:00 America/New_York]
warm: identical, 8 days, 72 slots, 2025-10-27T04:00:00-04:00 … 2025-11-05T11:00:00-05:00
  0 call(s), 1 round trip(s)
sub-range: identical, 2 days, 18 slots, 2025-10-31T04:00:00-04:00 … 2025-11-03T11:00:00-05:00
  0 call(s), 1 round trip(s)
partial with times: identical, 3 days, 19 slots, 2025-10-30T06:00:00-04:00 … 2025-11-03T05:00:00-05:00
  0 call(s), 1 round trip(s)
-- Pacific/Auckland (Berlin's working hours straddle its midnight)
cold 14 days: identical, 12 days, 180 slots, 2025-10-01T00:00:00+13:00 … 2025-10-14T23:30:00+13:00
  1 call(s): [2025-10-01T00:00:00+13:00 … 2025-10-14T23:59:59+13:00 Pacific/Auckland]
warm 14 days: identical, 12 days, 180 slots, 2025-10-01T00:00:00+13:00 … 2025-10-14T23:30:00+13:00
  0 call(s), 1 round trip(s)
partial with times: identical, 2 days, 20 slots, 2025-10-02T21:30:00+13:00 … 2025-10-03T22:00:00+13:00
  0 call(s), 1 round trip(s)
cached Sunday (Saturday in Berlin): identical, 0 days, 0 slots
  0 call(s), 1 round trip(s)
-- long ranges
92 days: cached: identical, 65 days, 2340 slots, 2025-11-03T09:00:00+01:00 … 2026-01-30T17:45:00+01:00
  1 call(s): [2025-11-01T00:00:00+01:00 … 2026-01-31T23:59:59+01:00 Europe/Berlin]
  new day keys: 92
92 days again: identical, 65 days, 2340 slots, 2025-11-03T09:00:00+01:00 … 2026-01-30T17:45:00+01:00
  0 call(s), 1 round trip(s)
93 days: straight to Cal.com: identical, 65 days, 2340 slots, 2025-11-03T09:00:00+01:00 … 2026-01-30T17:45:00+01:00
  1 call(s): [2025-11-01T00:00:00+01:00 … 2026-02-01T23:59:59+01:00 Europe/Berlin]
  new day keys: 0
day keys per zone: {"America\/New_York":10,"Europe\/Berlin":25,"Pacific\/Auckland":14}
misses 145, stale hits 0, store errors 0
