--TEST--
Client availability cache, revalidate "inline": stale days around a day another process is fetching are refreshed without crashing (the refreshed span holds a day the read has no payload for)
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
--XFAIL--
Bug: refresh_stale() (ext/client.c) copies the refreshed payloads back with zend_string_release(p->payload[lo + i]) also for days of the span the read has no payload for (state W: another process holds the lock), a NULL dereference: SIGSEGV
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

// In a child started through sh: run natively even under valgrind, so a
// crash there is this test's output, not a memcheck report.
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$client = new Calcom\Client("cal_test_0123456789abcdef", ["base_url" => getenv("BASE"), "tenant" => "acme",
	"cache" => new Calcom\SwrCache($store, ["fresh_ttl" => 1, "revalidate" => "inline", "wait_timeout" => 0.5])]);
echo json_encode(array_map("count", $client->getAvailableSlots(1001, "2025-10-01", "2025-10-03"))), "\n";';
$cmd = implode(' ', array_map('escapeshellarg', [PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code]));
$p = proc_open("exec $cmd 2>&1", [1 => ['pipe', 'w']], $pipes, null,
	['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'BASE' => emulator_url() . '/v2', 'USE_ZEND_ALLOC' => '1']);
echo 'child: ', trim(stream_get_contents($pipes[1])), "\n";
$status = proc_get_status($p);
while ($status['running']) {
	usleep(10000);
	$status = proc_get_status($p);
}
proc_close($p);
echo 'exit: ', $status['signaled'] ? 'signal ' . $status['termsig'] : $status['exitcode'], "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
child: {"2025-10-01":18,"2025-10-02":18,"2025-10-03":18}
exit: 0
