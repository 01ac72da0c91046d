--TEST--
Client availability cache: when fetching its own missing days took longer than wait_timeout, a read looks again before fetching the days it was waiting for (they may be there by now)
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-deadline-' . getmypid() . ':';
$raw = new RawRedis(redis_port());
// The fetch (4 s) outlasts wait_timeout (1 s), and leaves the other process time to write.
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 4000]);
$cache = new Calcom\SwrCache(new Calcom\Store(redis_dsn(), ['prefix' => $prefix]), ['wait_timeout' => 1]);
$client = test_client(['cache' => $cache, 'tenant' => 'acme']);
$key = fn (string $date) => "{$prefix}avail:{acme:1001}:Europe/Berlin:$date";
$spans = fn () => implode(', ', array_map(fn ($q) => substr($q['query']['start'], 5, 5) . '…' . substr($q['query']['end'], 5, 5),
	emulator_requests('slots')));

// Two overlapping queries in one call: the 5th to 7th come with the first one's fetch.
$client->getAvailableSlotsMany([
	['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-07'],
	['eventTypeId' => 1001, 'start' => '2025-10-05', 'end' => '2025-10-10'],
]);
$all = explode(', ', $spans());
sort($all);
echo 'overlapping queries: ', implode(', ', $all), "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}

// Another process holds the 5th to 7th and writes them 0.3 s later, while
// this read fetches the 1st to 4th.
emulator('DELETE', '/__admin/requests');
foreach (['2025-10-05', '2025-10-06', '2025-10-07'] as $d) {
	$raw->cmd('SET', $key($d) . ':lock', 'another-process', 'PX', '60000');
}
$code = '
require getenv("LIB") . "/redis.inc";
$raw = new RawRedis((int) getenv("PORT"));
[$s, $us] = $raw->cmd("TIME");
echo "ready\n";
usleep(300000);
foreach (["2025-10-05", "2025-10-06", "2025-10-07"] as $d) {
	$raw->cmd("SET", getenv("PREFIX") . "avail:{acme:1001}:Europe/Berlin:$d",
		"swr1 " . ((int) $s * 1000 + intdiv((int) $us, 1000)) . " 0 300000 v\n{$d}T09:00:00+02:00", "PX", "600000");
	$raw->cmd("DEL", getenv("PREFIX") . "avail:{acme:1001}:Europe/Berlin:$d:lock");
}';
$other = proc_open([PHP_BINARY, '-n', '-r', $code], [1 => ['pipe', 'w']], $pipes, null,
	['LIB' => __DIR__ . '/../lib', 'PORT' => (string) redis_port(), 'PREFIX' => $prefix] + getenv());
// Its start (slow under valgrind) is not part of the race: it writes 0.3 s after "ready".
fgets($pipes[1]);
$days = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-07');
fclose($pipes[1]);
proc_close($other);
echo 'another process\'s days: ', $spans(), ', the 6th as it wrote it: ', json_encode($days['2025-10-06'] ?? null), "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
overlapping queries: 10-01…10-07, 10-08…10-10
another process's days: 10-01…10-04, the 6th as it wrote it: ["2025-10-06T09:00:00+02:00"]
