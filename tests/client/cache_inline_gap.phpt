--TEST--
Client availability cache, revalidate "inline": stale days around a day another process is fetching are refreshed without crashing (the refreshed span holds a day the read has no payload for)
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-gap-' . getmypid() . ':';
$raw = new RawRedis(redis_port());
$key = fn (string $date) => "{$prefix}avail:{acme:1001}:Europe/Berlin:$date";
[$s] = $raw->cmd('TIME');
$old = ((int) $s - 60) * 1000;  // a minute old: stale with fresh_ttl 1
// The 1st and 3rd are stale; the 2nd is missing and another process holds its lock.
$raw->cmd('SET', $key('2025-10-01'), "swr1 $old 0 1000 v\n2025-10-01T09:00:00+02:00", 'PX', '600000');
$raw->cmd('SET', $key('2025-10-03'), "swr1 $old 0 1000 v\n2025-10-03T09:00:00+02:00", 'PX', '600000');
$raw->cmd('SET', $key('2025-10-02') . ':lock', 'another-process', 'PX', '600000');

$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 1, 'revalidate' => 'inline', 'wait_timeout' => 0.5, 'early_refresh' => 0]);
$client = test_client(['tenant' => 'acme', 'cache' => $cache]);
$days = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
echo json_encode(array_map('count', $days)), "\n";
echo 'same as Cal.com: ', var_export($days === test_client()->getAvailableSlots(1001, '2025-10-01', '2025-10-03'), true), "\n";
$s = $cache->stats();
echo "stale hits {$s['stale_hits']}, revalidations {$s['revalidations']}, deferred {$s['deferred']}\n";
echo 'the other process\'s lock is still its own: ', var_export($raw->cmd('GET', $key('2025-10-02') . ':lock') === 'another-process', true), "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
{"2025-10-01":18,"2025-10-02":18,"2025-10-03":18}
same as Cal.com: true
stale hits 2, revalidations 1, deferred 0
the other process's lock is still its own: true
