--TEST--
SwrCache: 50 PHP processes (4 under valgrind) remember() one missing key at once: the callback (a Cal.com call the emulator delays 300 ms) runs once, one API request, all get that one value, all the others are coalesced waits
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
many_processes
--FILE--
<?php
require __DIR__ . '/swr.inc';
require __DIR__ . '/../lib/emulator.inc';

// Under run-tests -m (valgrind, USE_ZEND_ALLOC=0 for this process and its
// children) every PHP process costs seconds to start: there 4 processes
// check the same code paths for memory errors; the normal run checks the
// coalescing with the full 50. Nothing below prints the count itself, so
// one EXPECT serves both.
$valgrind = getenv('USE_ZEND_ALLOC') === '0';
define('PROCESSES', $valgrind ? 4 : 50);
if (!$valgrind && PROCESSES !== 50) {
	echo 'not the full count of processes: ', PROCESSES, "\n";
}
$prefix = swr_prefix('single-flight');
$dir = sys_get_temp_dir() . '/calcom-swr-single-flight-' . getmypid();
@mkdir($dir);
$allCalled = "$dir/all-called";
emulator_reset();
emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'latency_ms' => 300]);

// Each child warms its Redis connection (has() is one read), sends a PING
// last, says "ready" with its Redis client id, blocks on its stdin until
// "go" and calls remember(). Whoever gets the lock runs the callback: it
// waits until the parent has seen in CLIENT LIST that every child's last
// command is one that can take a lock (a script or a transaction; not PING
// nor the plain reads, TIME, MGET, GET, a look before locking may use), so
// all the others have found the key missing and locked and are waiting,
// however slow the machine (valgrind, 50 processes on two CPUs). Then it
// asks the emulator (300 ms more). The value names the process that
// computed it. Each child reports at shutdown, after any deferred
// revalidation, so callback runs there would count too.
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$cache = new Calcom\SwrCache($store, ["wait_timeout" => 60, "lock_ttl" => 120]);
$cache->has("warm-up");
$client = test_client(["retries" => 0, "timeout" => 60]);
$ran = 0;
$store->ping();
echo "ready ", getmypid(), " ", $store->stats()["client_id"], "\n";
fgets(STDIN);
$value = $cache->remember("shared", function () use (&$ran, $client) {
	$ran++;
	$t = microtime(true);
	while (!file_exists(getenv("ALL_CALLED")) && microtime(true) - $t < 100) {
		usleep(20000);
		clearstatcache();
	}
	return ["computed_by" => getmypid(), "slugs" => array_column($client->getEventTypes(), "slug")];
});
register_shutdown_function(function () use (&$ran, $cache, $value) {
	echo json_encode(["pid" => getmypid(), "value" => $value, "ran" => $ran, "stats" => $cache->stats()]), "\n";
});
';
$env = ['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'ALL_CALLED' => $allCalled];
$children = [];
for ($i = 0; $i < PROCESSES; $i++) {
	$children[] = swr_child($code, $env);
}
$pids = $ids = [];
foreach ($children as $child) {
	[, $pid, $id] = explode(' ', swr_expect($child, 'ready ') . ' 0 0');
	$pids[] = (int) $pid;
	$ids[] = $id;
}
foreach ($children as $child) {
	swr_tell($child);
}
// CLIENT LIST names the last command of each connection.
$plain = 'ping|time|mget|get|getrange|exists|pttl|client\\|\\S+';
$t = microtime(true);
do {
	usleep(20000);
	$list = swr_raw()->cmd('CLIENT', 'LIST', 'ID', ...$ids);
	$read = preg_match_all("/ cmd=(?!($plain) )\\S+/", is_string($list) ? $list : '');
} while ($read < PROCESSES && microtime(true) - $t < 45);   // run-tests gives up after 60 s of silence
echo 'every child has read the key: ', var_export($read === PROCESSES, true), "\n";
touch($allCalled);

$reports = [];
foreach ($children as $i => $child) {
	$out = swr_finish($child);
	$r = json_decode($out, true);
	if (!is_array($r)) {
		echo "child $i printed: $out\n";
		continue;
	}
	$reports[] = $r;
}
echo 'every process reported: ', var_export(count($reports) === PROCESSES, true), "\n";

$requests = emulator_requests('event_types');
echo 'event type requests seen by the emulator: ', count($requests), "\n";
echo 'callback runs, all processes: ', array_sum(array_column($reports, 'ran')), "\n";
$values = array_unique(array_map('json_encode', array_column($reports, 'value')));
echo 'distinct values: ', count($values), "\n";
$value = $reports[0]['value'] ?? null;
$computer = array_values(array_filter($reports, fn ($r) => $r['ran'] > 0));
echo 'computed by the process that ran the callback: ',
	var_export(count($computer) === 1 && $value['computed_by'] === $computer[0]['pid'] && in_array($value['computed_by'], $pids, true), true), "\n";
echo 'the value is the API answer: ', implode(',', $value['slugs'] ?? []), "\n";
$sum = [];
foreach ($reports as $r) {
	foreach ($r['stats'] as $k => $v) {
		$sum[$k] = ($sum[$k] ?? 0) + $v;
	}
}
echo 'stats summed: misses = processes: ', var_export(($sum['misses'] ?? null) === PROCESSES, true),
	', coalesced_waits = processes - 1: ', var_export(($sum['coalesced_waits'] ?? null) === PROCESSES - 1, true), "\n";
unset($sum['misses'], $sum['coalesced_waits']);
echo 'the other stats summed: ', json_encode($sum), "\n";
echo 'the computing process: ', json_encode($computer[0]['stats'] ?? null), "\n";
echo 'every waiter: misses 1, coalesced_waits 1: ', var_export(count(array_filter($reports,
	fn ($r) => $r['ran'] === 0 && $r['stats']['misses'] === 1 && $r['stats']['coalesced_waits'] === 1)) === PROCESSES - 1, true), "\n";

echo 'in Redis: ', implode(' ', swr_keys($prefix)), "\n";
echo 'cached value: ', json_encode(swr_entry($prefix, 'shared')['payload'] === serialize($value)), "\n";
swr_cleanup($prefix);
@unlink($allCalled);
@rmdir($dir);
emulator('DELETE', '/__admin/faults');
?>
--EXPECT--
every child has read the key: true
every process reported: true
event type requests seen by the emulator: 1
callback runs, all processes: 1
distinct values: 1
computed by the process that ran the callback: true
the value is the API answer: beratung,erstgespraech,kurztermin
stats summed: misses = processes: true, coalesced_waits = processes - 1: true
the other stats summed: {"fresh_hits":0,"stale_hits":0,"revalidations":0,"errors_served_stale":0,"store_errors":0,"deferred":0}
the computing process: {"fresh_hits":0,"stale_hits":0,"misses":1,"revalidations":0,"coalesced_waits":0,"errors_served_stale":0,"store_errors":0,"deferred":0}
every waiter: misses 1, coalesced_waits 1: true
in Redis: swr:{shared}
cached value: true
