--TEST--
Store: a persistent connection serves several PHP requests of one php-cgi worker; a non-persistent one does not
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php
if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set');
$cgi = preg_replace('/php(?=[\d.]*$)/', 'php-cgi', PHP_BINARY);
if (!is_executable($cgi)) die("skip $cgi not found (php8.2-cgi)");
?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$cgi = preg_replace('/php(?=[\d.]*$)/', 'php-cgi', PHP_BINARY);

// php-cgi -T N runs the script as N complete requests in one process:
// request startup and shutdown each time, module globals kept, like a
// FastCGI worker. stdin must not be a socket, or php-cgi serves FastCGI.
$script = tempnam(sys_get_temp_dir(), 'calcom-cgi');
file_put_contents($script, '<?php
$store = new Calcom\Store("' . redis_dsn() . '", ["persistent" => (bool) getenv("PERSISTENT")]);
$store->ping();
$stats = $store->stats();
echo json_encode([getmypid(), $stats["client_id"], $stats["connects"], isset($GLOBALS["seen"])]), "\n";
$GLOBALS["seen"] = true;
');

foreach (['1' => 'persistent', '0' => 'non-persistent'] as $flag => $label) {
	// A clean environment: run-tests.php exports SCRIPT_FILENAME and friends,
	// which php-cgi would obey instead of running our script.
	$proc = proc_open([$cgi, '-q', '-T', '3', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), $script],
		[0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null,
		['PERSISTENT' => $flag]);
	$lines = explode("\n", stream_get_contents($pipes[1]));
	proc_close($proc);
	$runs = array_map(fn ($l) => json_decode($l, true), array_values(preg_grep('/^\[/', $lines)));
	echo "$label: ", count($runs), " requests, ",
		count(array_unique(array_column($runs, 0))), " process, ",
		count(array_unique(array_column($runs, 1))), " Redis client id(s), ",
		"connects per request ", implode(',', array_column($runs, 2)), ", ",
		"globals kept: ", var_export(in_array(true, array_column($runs, 3), true), true), "\n";
}
unlink($script);
?>
--EXPECT--
persistent: 3 requests, 1 process, 1 Redis client id(s), connects per request 1,1,1, globals kept: false
non-persistent: 3 requests, 1 process, 3 Redis client id(s), connects per request 1,1,1, globals kept: false
