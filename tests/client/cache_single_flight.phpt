--TEST--
Client availability cache, single flight: 20 processes ask the same cold 14 days at once while /slots takes 300 ms: one request reaches Cal.com, everyone gets the same answer, the others wait for it
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
many_processes
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 300]);

// Each child connects, says it is ready and waits for the word; then all
// read at once. Waits are generous: under valgrind everything is slow.
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$cache = new Calcom\SwrCache($store, ["wait_timeout" => 60, "lock_ttl" => 300]);
$client = new Calcom\Client("cal_test_0123456789abcdef", ["base_url" => getenv("BASE"), "cache" => $cache,
	"tenant" => "acme", "timeout" => 120]);
$store->ping();
echo "ready\n";
fgets(STDIN);
try {
	$days = $client->getAvailableSlots(1001, "2025-10-01", "2025-10-14");
	echo json_encode(["answer" => md5(serialize($days)), "stats" => $cache->stats()]), "\n";
} catch (Throwable $e) {
	echo json_encode(["answer" => get_class($e) . ": " . $e->getMessage()]), "\n";
}';

$prefix = 'cache-sf-' . getmypid() . ':';
$env = ['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'BASE' => emulator_url() . '/v2'] + getenv();
$n = 20;
$procs = $ins = $outs = $errs = [];
for ($i = 0; $i < $n; $i++) {
	$procs[] = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
		[0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
	[$ins[], $outs[], $errs[]] = $pipes;
}
$ready = 0;
foreach ($outs as $out) {
	$ready += fgets($out) === "ready\n";
}
echo "$ready of $n ready\n";
foreach ($ins as $in) {
	fwrite($in, "go\n");
}
$results = [];
foreach ($procs as $i => $p) {
	$line = stream_get_contents($outs[$i]);
	$err = stream_get_contents($errs[$i]);
	if ($err !== '') {
		echo "child $i stderr: $err\n";
	}
	fclose($ins[$i]);
	proc_close($p);
	$results[] = json_decode($line, true) ?? ['answer' => "unreadable: $line"];
}

$log = emulator_requests('slots');
echo count($log), ' /slots request(s): ', implode(' ', array_map(fn ($r) => $r['query']['start'] . ' … ' . $r['query']['end'], $log)), "\n";

$answers = array_count_values(array_column($results, 'answer'));
$plain = md5(serialize(test_client()->getAvailableSlots(1001, '2025-10-01', '2025-10-14')));
echo count($answers), ' distinct answer(s), the uncached one: ', var_export(array_keys($answers) === [$plain], true), "\n";
if (count($answers) !== 1) {
	print_r($answers);
}

// Who did what: one process missed the 14 days and fetched them; each of the
// others either waited for them (coalesced) or, arriving after the write,
// found them fresh.
$fetched = $waited = $hit = $other = 0;
foreach ($results as $r) {
	$s = $r['stats'] ?? [];
	$shape = [$s['misses'] ?? -1, $s['coalesced_waits'] ?? -1, $s['fresh_hits'] ?? -1, $s['store_errors'] ?? -1];
	if ($shape === [14, 0, 0, 0]) {
		$fetched++;
	} elseif ($shape === [0, 14, 0, 0]) {
		$waited++;
	} elseif ($shape === [0, 0, 14, 0]) {
		$hit++;
	} else {
		$other++;
		echo 'unexpected stats: ', json_encode($s), "\n";
	}
}
echo "fetched: $fetched, others: ", $waited + $hit, " (coalesced waits seen: ", var_export($waited > 0, true), "), unexpected: $other\n";

$raw = new RawRedis(redis_port());
$keys = $raw->cmd('KEYS', "{$prefix}*");
echo count($keys), ' keys left (', count(preg_grep('/:lock$/', $keys)), ' locks, ', count(preg_grep('/:zones$/', $keys)), " zone set)\n";
foreach ($keys as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
20 of 20 ready
1 /slots request(s): 2025-10-01T00:00:00+02:00 … 2025-10-14T23:59:59+02:00
1 distinct answer(s), the uncached one: true
fetched: 1, others: 19 (coalesced waits seen: true), unexpected: 0
15 keys left (0 locks, 1 zone set)
