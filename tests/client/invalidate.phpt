--TEST--
Client::invalidateAvailability(): the tenant's event type, the day before to seven days after, in $around's zone: nine tombstones in one round trip (the keys stay, so older fetches cannot write back), counting the values there were; nothing else touched
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
redis_script_cache
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
$prefix = 'inv-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['store' => $store]);
$raw = new RawRedis(redis_port());

$key = fn (string $tenant, int $type, string $tz, string $date) => "{$prefix}avail:{{$tenant}:$type}:$tz:$date";
[$s, $us] = $raw->cmd('TIME');
$now = (int) $s * 1000 + intdiv((int) $us, 1000);
$value = fn (string $payload) => "swr1 $now 0 300000 v\n$payload";
// A month of cached days (real envelopes) for two tenants and two event types, one zone.
for ($d = new DateTimeImmutable('2025-10-15'); $d < new DateTimeImmutable('2025-11-10'); $d = $d->modify('+1 day')) {
	$payload = $d->format('N') >= 6 ? '' : $d->format('Y-m-d') . 'T09:00:00+01:00';
	foreach (['acme', 'globex'] as $tenant) {
		foreach ([1001, 1002] as $type) {
			$raw->cmd('SET', $key($tenant, $type, 'Europe/Berlin', $d->format('Y-m-d')), $value($payload), 'PX', '600000');
		}
	}
}
$all = function () use ($raw, $prefix): array {
	$keys = $raw->cmd('KEYS', "{$prefix}avail:*");
	sort($keys);
	return array_combine($keys, array_map(fn ($k) => $raw->cmd('GET', $k), $keys));
};
$state = function (string $tenant, int $type, string $from, string $to, string $tz = 'Europe/Berlin') use ($raw, $key): string {
	$out = '';
	for ($d = new DateTimeImmutable($from); $d <= new DateTimeImmutable($to); $d = $d->modify('+1 day')) {
		$v = $raw->cmd('GET', $key($tenant, $type, $tz, $d->format('Y-m-d')));
		$out .= $v === null ? '-' : (preg_match('/^swr1 \d+ \d+ \d+ ([vt])\n/', $v, $m) ? $m[1] : '?');
	}
	return $out;
};
$before = $all();

// A booking on the Sunday summer time ends: 2025-10-25 … 2025-11-02.
$around = new DateTimeImmutable('2025-10-26 10:00', new DateTimeZone('Europe/Berlin'));
$store->ping();  // connected, so the count below is the call's own
$trips = $store->stats()['round_trips'];
echo 'values there were: ', $client->invalidateAvailability(1001, $around, 'acme'), "\n";
echo 'round trips: ', $store->stats()['round_trips'] - $trips, "\n";
$after = $all();
echo 'keys: ', count($before), ' before, ', count($after), " after\n";
$changed = array_keys(array_diff_assoc($after, $before));
echo 'changed: ', count($changed), ', all acme 1001: ', var_export(count(preg_grep('/\{acme:1001\}/', $changed)) === count($changed), true), "\n";
echo 'acme 1001, 2025-10-23 … 2025-11-04: ', $state('acme', 1001, '2025-10-23', '2025-11-04'), "\n";
$tomb = $raw->cmd('GET', $key('acme', 1001, 'Europe/Berlin', '2025-10-26'));
echo 'a tombstone: ', json_encode(preg_replace('/^swr1 \d+ /', 'swr1 <now> ', $tomb)), ', made now: ',
	var_export(abs((int) explode(' ', $tomb)[1] - $now) < 60000, true), "\n";
// It outlives any fetch that began before it, by any client: the longest
// retry budget (3600 s), one more longest timeout (600 s), a margin (60 s).
$ttl = $raw->cmd('PTTL', $key('acme', 1001, 'Europe/Berlin', '2025-10-26'));
echo 'its TTL: ', $ttl > 4255000 && $ttl <= 4260000 ? '4260 s' : "$ttl ms", "\n";
echo 'other tenant, same days: ', $state('globex', 1001, '2025-10-25', '2025-11-02'), "\n";
echo 'other event type: ', $state('acme', 1002, '2025-10-25', '2025-11-02'), "\n";
echo 'again: ', $client->invalidateAvailability(1001, $around, 'acme'), ' (tombstones are not values)', "\n";

// Only values count: a refetched day and a day nobody cached.
$raw->cmd('SET', $key('acme', 1001, 'Europe/Berlin', '2025-10-28'), $value('2025-10-28T09:00:00+01:00'), 'PX', '600000');
$raw->cmd('DEL', $key('acme', 1001, 'Europe/Berlin', '2025-10-30'));
echo 'one value among tombstones and a gap: ', $client->invalidateAvailability(1001, $around, 'acme'), ', now ',
	$state('acme', 1001, '2025-10-23', '2025-11-04'), "\n";

// The zone comes from $around: the same instant in UTC names other keys.
echo 'UTC keys: ', $client->invalidateAvailability(1002, $around->setTimezone(new DateTimeZone('UTC')), 'acme'), ', ',
	$state('acme', 1002, '2025-10-25', '2025-11-02', 'UTC'), ', Berlin untouched: ', $state('acme', 1002, '2025-10-25', '2025-11-02'), "\n";

// Without a tenant, one derived from the API key: never another tenant's.
$derived = $client->invalidateAvailability(1002, $around);
$tenants = array_unique(array_map(fn ($k) => preg_replace('/^.*\{([^:]+):.*$/', '$1', $k), array_keys($all())));
sort($tenants);
echo 'no tenant: ', $derived, ', tenants now: ', implode(' ', preg_replace('/^key-[0-9a-f]{16}$/', 'key-<sha1 of the API key>', $tenants)), "\n";
echo 'globex and acme 1002 Berlin unchanged: ', var_export(array_intersect_key($all(), preg_grep('/\{globex:|\{acme:1002\}:Europe/', $before)) === preg_grep('/\{globex:|\{acme:1002\}:Europe/', $before), true), "\n";

// The invalidating client's own (short) timeout does not shorten them: a
// slower client's fetch may still be in flight.
$quick = test_client(['store' => $store, 'timeout' => 2, 'retry_budget' => 1]);
$quick->invalidateAvailability(1001, new DateTimeImmutable('2025-12-10', new DateTimeZone('Europe/Berlin')), 'acme');
$ttl = $raw->cmd('PTTL', $key('acme', 1001, 'Europe/Berlin', '2025-12-10'));
echo 'TTL from a client with timeout 2 s and retry budget 1 s: ', $ttl > 4255000 && $ttl <= 4260000 ? '4260 s' : "$ttl ms", "\n";

// A cache's Store serves too (the cache's, not the client's).
$cacheStore = new Calcom\Store(redis_dsn(), ['prefix' => "{$prefix}c:"]);
$cached = test_client(['store' => $store, 'cache' => new Calcom\SwrCache($cacheStore), 'tenant' => 'acme']);
$raw->cmd('SET', "{$prefix}c:avail:{acme:1001}:Europe/Berlin:2025-10-26", $value(''), 'PX', '600000');
$clientStore = $all();
echo 'through the cache\'s Store: ', $cached->invalidateAvailability(1001, $around), ' (client tenant "acme"), ',
	count($raw->cmd('KEYS', "{$prefix}c:avail:*")), ' keys there, the client\'s Store ', $all() === $clientStore ? 'untouched' : 'touched', "\n";

echo 'no store: ', test_client()->invalidateAvailability(1001, $around, 'acme'), "\n";
foreach (['{x}', '', str_repeat('t', 129), "a\0b"] as $bad) {
	try {
		$client->invalidateAvailability(1001, $around, $bad);
	} catch (ValueError $e) {
		echo $e->getMessage(), "\n";
	}
}
try {
	$client->invalidateAvailability(0, $around);
} catch (ValueError $e) {
	echo $e->getMessage(), "\n";
}
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
values there were: 9
round trips: 1
keys: 104 before, 104 after
changed: 9, all acme 1001: true
acme 1001, 2025-10-23 … 2025-11-04: vvtttttttttvv
a tombstone: "swr1 <now> 0 0 t\n", made now: true
its TTL: 4260 s
other tenant, same days: vvvvvvvvv
other event type: vvvvvvvvv
again: 0 (tombstones are not values)
one value among tombstones and a gap: 1, now vvtttttttttvv
UTC keys: 0, ttttttttt, Berlin untouched: vvvvvvvvv
no tenant: 0, tenants now: acme globex key-<sha1 of the API key>
globex and acme 1002 Berlin unchanged: true
TTL from a client with timeout 2 s and retry budget 1 s: 4260 s
through the cache's Store: 1 (client tenant "acme"), 9 keys there, the client's Store untouched
no store: 0
Calcom\Client::invalidateAvailability(): Argument #3 ($tenant) must be 1 to 128 bytes without "{", "}" or NUL bytes
Calcom\Client::invalidateAvailability(): Argument #3 ($tenant) must be 1 to 128 bytes without "{", "}" or NUL bytes
Calcom\Client::invalidateAvailability(): Argument #3 ($tenant) must be 1 to 128 bytes without "{", "}" or NUL bytes
Calcom\Client::invalidateAvailability(): Argument #3 ($tenant) must be 1 to 128 bytes without "{", "}" or NUL bytes
Calcom\Client::invalidateAvailability(): Argument #1 ($eventTypeId) must be greater than 0
