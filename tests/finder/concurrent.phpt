--TEST--
AlternativeFinder: 20 PHP processes search the same cold tenant and event type at once while /slots takes 300 ms: exactly one upstream call in total, one process reports api_calls 1 and the others 0, all get the same alternatives
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
finder_emulator(finder_week());
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 300]);
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
echo count($log), " /slots request(s)\n";
foreach ($log as $request) {
	echo '  ', finder_request_line($request), "\n";
}
$answers = array_count_values(array_map('json_encode', array_column($results, 'answer')));
echo count($answers), " distinct answer(s)\n";
foreach ($answers as $answer => $count) {
	echo "  $count × $answer\n";
}
$calls = array_count_values(array_map(fn ($r) => 'api_calls ' . var_export($r['api_calls'] ?? null, true), $results));
ksort($calls);
echo 'api_calls: ', json_encode($calls), "\n";
echo 'timeout_hit: ', json_encode(array_count_values(array_map(fn ($r) => var_export($r['timeout_hit'] ?? null, true), $results))), "\n";
echo 'error: ', json_encode(array_count_values(array_map(fn ($r) => var_export($r['error'] ?? null, true), $results))), "\n";
foreach (finder_cache_keys($prefix) as $l) {
	echo $l, "\n";
}
$raw = new RawRedis(redis_port());
echo count($raw->cmd('KEYS', "{$prefix}*:lock")), " locks left\n";
finder_cleanup($prefix);
emulator('DELETE', '/__admin/faults');
?>
--EXPECT--
20 of 20 ready
1 /slots request(s)
  eventTypeId=2001 2025-10-01 … 2025-10-15 timeZone=Europe/Berlin
1 distinct answer(s)
  20 × ["2025-10-01 09:00 +02:00 same_day_earlier 10440","2025-10-01 11:00 +02:00 same_day_later 10240"]
api_calls: {"api_calls 0":19,"api_calls 1":1}
timeout_hit: {"false":20}
error: {"false":20}
{company:3:branch:main:2001}:Europe/Berlin: 15 days 2025-10-01 … 2025-10-15
0 locks left
