--TEST--
CircuitBreaker: 8 PHP processes recording failures at once lose none, and the circuit opens exactly once
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
many_processes
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

$prefix = 'calcom-test:breaker-concurrent:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$dir = sys_get_temp_dir() . '/calcom-breaker-concurrent-' . getmypid();
@mkdir($dir);

function run(string $name, int $threshold, string $go): void
{
	global $prefix;
	$code = '$b = new Calcom\CircuitBreaker(new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]),
	getenv("NAME"), (int) getenv("THRESHOLD"), 60);
$b->getState();
echo "ready\n";
while (!file_exists(getenv("GO"))) { usleep(200); clearstatcache(); }
for ($i = 0; $i < 25; $i++) { $b->recordFailure($i % 2 ? 503 : 1); }
echo "done\n";';
	$env = ['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'NAME' => $name, 'THRESHOLD' => (string) $threshold, 'GO' => $go];
	$procs = $outs = [];
	for ($p = 0; $p < 8; $p++) {
		$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code];
		$procs[] = proc_open($cmd, [1 => ['pipe', 'w']], $pipes, null, $env);
		$outs[] = $pipes[1];
	}
	foreach ($outs as $out) {
		fgets($out);
	}
	touch($go);
	foreach ($procs as $p => $proc) {
		$out = trim(stream_get_contents($outs[$p]));
		if ($out !== 'done') {
			echo "process $p: $out\n";
		}
		proc_close($proc);
	}
	@unlink($go);
}

// 8 x (13 x weight 1 + 12 x weight 2) = 8 x 37 = 296
run('count', 1000, "$dir/go1");
$b = new CircuitBreaker($store, 'count', 1000, 60);
echo 'threshold 1000: ', $b->getState(), ' ', $b->getFailureCount(), "\n";
$b->reset();

run('trip', 50, "$dir/go2");
$s = (new CircuitBreaker($store, 'trip', 50, 60))->getStatus();
echo 'threshold 50: ', $s['state'], ' open_count=', $s['open_count'], ' recovery=', $s['recovery_timeout'],
	' retry_in=', $s['seconds_until_retry'], "\n";
(new CircuitBreaker($store, 'trip', 50, 60))->reset();
@rmdir($dir);
?>
--EXPECT--
threshold 1000: closed 296
threshold 50: open open_count=1 recovery=60 retry_in=60
