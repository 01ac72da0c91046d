--TEST--
Client availability cache, single flight: 20 processes (4 under valgrind) ask the same cold 14 days at once while /slots takes 300 ms (3 s under valgrind): one request reaches Cal.com, everyone gets the same answer, the others wait for it
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
// Under run-tests -m (valgrind, USE_ZEND_ALLOC=0 for this process and its
// children) every PHP process costs seconds to start: there 4 processes
// check the same code paths for memory errors; the normal run checks the
// single flight with the full 20. Nothing below prints the count itself, so
// one EXPECT serves both. The children only overlap while the one fetch is
// in flight; under valgrind, where getting from "go" to the first Redis read
// takes far longer, it lasts 3 s instead of 300 ms.
$valgrind = getenv('USE_ZEND_ALLOC') === '0';
$n = $valgrind ? 4 : 20;
if (!$valgrind && $n !== 20) {
	echo "not the full count of processes: $n\n";
}
emulator_reset();
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => $valgrind ? 3000 : 300]);

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
echo 'every process ready: ', var_export($ready === $n, true), "\n";
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
emulator('DELETE', '/__admin/faults');   // the reference below needs no delay
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
echo "fetched: $fetched, others = processes - 1: ", var_export($waited + $hit === $n - 1, true), " (coalesced waits seen: ",
	var_export($waited > 0, true), "), unexpected: $other\n";

$raw = new RawRedis(redis_port());
$keys = $raw->cmd('KEYS', "{$prefix}*");
echo count($keys), ' keys left (', count(preg_grep('/:lock$/', $keys)), ' locks, ', count(preg_grep('/:zones$/', $keys)), " zone set)\n";
foreach ($keys as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
every process ready: true
1 /slots request(s): 2025-10-01T00:00:00+02:00 … 2025-10-14T23:59:59+02:00
1 distinct answer(s), the uncached one: true
fetched: 1, others = processes - 1: true (coalesced waits seen: true), unexpected: 0
15 keys left (0 locks, 1 zone set)
