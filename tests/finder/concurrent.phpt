--TEST--
AlternativeFinder: 20 PHP processes (4 under valgrind) search the same cold tenant and event type at once while /slots takes 300 ms (3 s under valgrind): exactly one upstream call in total, one process reports api_calls 1 and the others 0, all get the same alternatives
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
many_processes
all
--FILE--
<?php
require __DIR__ . '/finder.inc';
// Under run-tests -m (valgrind, USE_ZEND_ALLOC=0 for this process and its
// children) every PHP process costs seconds to start: there 4 processes
// check the same code paths for memory errors; the normal run checks the
// single upstream call with the full 20. Nothing below prints the count
// itself, so one EXPECT serves both. The children only overlap while the
// one fetch is in flight; under valgrind, where getting from "go" to the
// first Redis read takes far longer, it lasts 3 s instead of 300 ms.
$valgrind = getenv('USE_ZEND_ALLOC') === '0';
$n = $valgrind ? 4 : 20;
if (!$valgrind && $n !== 20) {
	echo "not the full count of processes: $n\n";
}
finder_emulator(finder_week());
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => $valgrind ? 3000 : 300]);
$prefix = finder_prefix('concurrent');

// Each child connects, says it is ready and waits for the word; then all
// search at once. Waits and budgets are generous: under valgrind everything
// is slow.
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$cache = new Calcom\SwrCache($store, ["wait_timeout" => 60, "lock_ttl" => 300]);
$client = new Calcom\Client("cal_test_0123456789abcdef", ["base_url" => getenv("BASE"), "cache" => $cache,
	"tenant" => "acme", "timeout" => 120]);
$finder = (new Calcom\AlternativeFinder($client, ["timeout_ms" => 120000]))->setTenantContext(3, "main");
$store->ping();
echo "ready\n";
fgets(STDIN);
try {
	$r = $finder->findAlternatives(new DateTimeImmutable("2025-10-01 10:00", new DateTimeZone("Europe/Berlin")), 60, 2001);
	echo json_encode(["answer" => array_map(fn ($a) => $a["datetime"]->format("Y-m-d H:i P") . " " . $a["type"] . " " . $a["score"],
		$r["alternatives"]), "api_calls" => $r["api_calls"], "timeout_hit" => $r["timeout_hit"], "error" => $r["error"] ?? false]), "\n";
} catch (Throwable $e) {
	echo json_encode(["answer" => get_class($e) . ": " . $e->getMessage()]), "\n";
}';

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
echo count($log), " /slots request(s)\n";
foreach ($log as $request) {
	echo '  ', finder_request_line($request), "\n";
}
$answers = array_count_values(array_map('json_encode', array_column($results, 'answer')));
echo count($answers), " distinct answer(s)\n";
// A count that is the process count prints as "every process", the one
// expected api_calls split (1 in one process, 0 in the others) as such; any
// other count or split prints its numbers.
$every = fn (int $count) => $count === $n ? 'every process' : "$count of $n processes";
foreach ($answers as $answer => $count) {
	echo '  ', $every($count), ": $answer\n";
}
$calls = array_count_values(array_map(fn ($r) => 'api_calls ' . var_export($r['api_calls'] ?? null, true), $results));
ksort($calls);
echo 'api_calls: ', $calls === ['api_calls 0' => $n - 1, 'api_calls 1' => 1] ? '1 in one process, 0 in all the others' : json_encode($calls), "\n";
foreach (['timeout_hit', 'error'] as $field) {
	$values = array_count_values(array_map(fn ($r) => var_export($r[$field] ?? null, true), $results));
	echo "$field: ", implode(', ', array_map(fn ($v, $count) => $every($count) . " $v", array_keys($values), $values)), "\n";
}
foreach (finder_cache_keys($prefix) as $l) {
	echo $l, "\n";
}
$raw = new RawRedis(redis_port());
echo count($raw->cmd('KEYS', "{$prefix}*:lock")), " locks left\n";
finder_cleanup($prefix);
emulator('DELETE', '/__admin/faults');
?>
--EXPECT--
every process ready: true
1 /slots request(s)
  eventTypeId=2001 2025-10-01 … 2025-10-15 timeZone=Europe/Berlin
1 distinct answer(s)
  every process: ["2025-10-01 09:00 +02:00 same_day_earlier 10440","2025-10-01 11:00 +02:00 same_day_later 10240"]
api_calls: 1 in one process, 0 in all the others
timeout_hit: every process false
error: every process false
{company:3:branch:main:2001}:Europe/Berlin: 15 days 2025-10-01 … 2025-10-15
0 locks left
