--TEST--
Client: a php-cgi worker reuses one keep-alive connection to Cal.com across its requests
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php
if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set');
$cgi = preg_replace('/php(?=[\d.]*$)/', 'php-cgi', PHP_BINARY);
if (!is_executable($cgi)) die("skip $cgi not found (php8.2-cgi)");
?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
emulator_reset();
$cgi = preg_replace('/php(?=[\d.]*$)/', 'php-cgi', PHP_BINARY);
$script = tempnam(sys_get_temp_dir(), 'calcom-cgi');
file_put_contents($script, '<?php
$client = new Calcom\Client("cal_test_key", ["base_url" => getenv("BASE")]);
$days = $client->getAvailableSlots(1001, "2025-10-01", "2025-10-01");
echo json_encode([getmypid(), count($days["2025-10-01"]), $client->stats()]), "\n";
');
$proc = proc_open([$cgi, '-q', '-T', '3', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), $script],
	[0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null,
	['BASE' => emulator_url() . '/v2']);
$lines = array_values(preg_grep('/^\[/', explode("\n", stream_get_contents($pipes[1]))));
proc_close($proc);
unlink($script);
foreach ($lines as $i => $line) {
	[$pid, $slots, $stats] = json_decode($line, true);
	printf("request %d: %d slots, worker totals: %d requests, %d new connection(s)\n", $i + 1, $slots,
		$stats['requests'], $stats['new_connections']);
}
echo 'one process: ', var_export(count(array_unique(array_map(fn ($l) => json_decode($l)[0], $lines))) === 1, true), "\n";
?>
--EXPECT--
request 1: 18 slots, worker totals: 1 requests, 1 new connection(s)
request 2: 18 slots, worker totals: 2 requests, 1 new connection(s)
request 3: 18 slots, worker totals: 3 requests, 1 new connection(s)
one process: true
