--TEST--
CircuitBreaker: half_open_max_calls 3, 8 PHP processes asking at once get exactly 3 probes; their 3 successes close the circuit; a lease this process holds leaves 2 for the others
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

$prefix = 'calcom-test:breaker-max-calls:' . getmypid() . ':';
$options = ['half_open_max_calls' => 3, 'probe_timeout' => 60];
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
// threshold 1, recovery 1 s, 3 successes close
$b = new CircuitBreaker($store, 'fleet', 1, 1, 3, $options);
$dir = sys_get_temp_dir() . '/calcom-breaker-max-calls-' . getmypid();
@mkdir($dir);

/*
 * $n processes: warm up, "ready", wait for the go file, allowRequest() once,
 * print 1 or 0; then wait for the report file and, when they got a probe,
 * recordSuccess() (only then, so no lease is freed while others still ask).
 */
function round_of(int $n, string $tag): array
{
	global $prefix, $options, $dir, $b;
	$code = '$s = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$b = new Calcom\CircuitBreaker($s, "fleet", 1, 1, 3, json_decode(getenv("OPTIONS"), true));
$b->getState();
echo "ready\n";
while (!file_exists(getenv("GO"))) { usleep(200); clearstatcache(); }
$probe = $b->allowRequest();
echo $probe ? "1\n" : "0\n";
while (!file_exists(getenv("REPORT"))) { usleep(1000); clearstatcache(); }
if ($probe) { $b->recordSuccess(); }
echo "done\n";';
	$env = ['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'OPTIONS' => json_encode($options),
		'GO' => "$dir/go-$tag", 'REPORT' => "$dir/report-$tag"];
	$procs = $outs = [];
	for ($i = 0; $i < $n; $i++) {
		$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code];
		$procs[] = proc_open($cmd, [1 => ['pipe', 'w']], $pipes, null, $env);
		$outs[] = $pipes[1];
	}
	foreach ($outs as $out) {
		$line = fgets($out);
		if ($line !== "ready\n") {
			echo 'not ready: ', $line, stream_get_contents($out), "\n";
		}
	}
	touch("$dir/go-$tag");
	$answers = [];
	foreach ($outs as $out) {
		$answers[] = trim(fgets($out));
	}
	$bad = array_diff($answers, ['0', '1']);
	printf("  %d of %d granted%s\n", count(array_keys($answers, '1', true)), count($answers),
		$bad ? ', unexpected output: ' . implode(' | ', $bad) : '');
	echo '  while the probes run: ', $b->getState(), ', this process: ', var_export($b->allowRequest(), true), "\n";
	touch("$dir/report-$tag");
	foreach ($procs as $i => $proc) {
		$rest = trim(stream_get_contents($outs[$i]));
		if ($rest !== 'done') {
			echo "  process $i: $rest\n";
		}
		proc_close($proc);
	}
	foreach (["go-$tag", "report-$tag"] as $f) {
		@unlink("$dir/$f");
	}
	return $answers;
}

$b->recordFailure();
usleep(1100000);
echo 'round 1 in ', $b->getState(), ":\n";
round_of(8, 'a');
$s = $b->getStatus();
echo 'after 3 probe successes: ', $s['state'], ' open_count=', $s['open_count'], ' successes=', $s['success_count'], "\n";

$b->recordFailure();
usleep(1100000);
echo 'round 2 in ', $b->getState(), ', this process takes one probe first: ', var_export($b->allowRequest(), true), "\n";
round_of(8, 'b');
echo 'after 2 more probe successes: ', $b->getState(), ' successes=', $b->getSuccessCount(), "\n";
$b->recordSuccess();
echo 'after this process reports too: ', $b->getState(), "\n";

$b->reset();
@rmdir($dir);
?>
--EXPECT--
round 1 in half_open:
  3 of 8 granted
  while the probes run: half_open, this process: false
after 3 probe successes: closed open_count=0 successes=0
round 2 in half_open, this process takes one probe first: true
  2 of 8 granted
  while the probes run: half_open, this process: false
after 2 more probe successes: half_open successes=2
after this process reports too: closed
