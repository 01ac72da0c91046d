--TEST--
CircuitBreaker: half-open, 8 PHP processes asking at once get exactly one probe; the lease of a probe that dies without reporting expires after probe_timeout and then exactly one other process gets it
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
all
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

$prefix = 'calcom-test:breaker-lease:' . getmypid() . ':';
$options = ['probe_timeout' => 1.5];
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$b = new CircuitBreaker($store, 'fleet', 1, 1, 2, $options);
$dir = sys_get_temp_dir() . '/calcom-breaker-lease-' . getmypid();
@mkdir($dir);

/*
 * Starts $n processes that each build the breaker, warm their connection and
 * the script, say "ready", wait for the go file, call allowRequest() once
 * and print 1 or 0, then exit without reporting anything.
 */
function round_of(int $n, string $go): array
{
	global $prefix, $options;
	$code = '$s = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$b = new Calcom\CircuitBreaker($s, "fleet", 1, 1, 2, json_decode(getenv("OPTIONS"), true));
$b->getState();
echo "ready\n";
while (!file_exists(getenv("GO"))) { usleep(200); clearstatcache(); }
echo $b->allowRequest() ? "1\n" : "0\n";';
	$env = ['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'OPTIONS' => json_encode($options), 'GO' => $go];
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
	touch($go);
	$answers = [];
	foreach ($procs as $i => $proc) {
		$answers[] = trim(stream_get_contents($outs[$i]));
		proc_close($proc);
	}
	return $answers;
}

function summary(array $answers): string
{
	$bad = array_diff($answers, ['0', '1']);
	return sprintf('%d of %d granted', count(array_keys($answers, '1', true)), count($answers))
		. ($bad ? ', unexpected output: ' . implode(' | ', $bad) : '');
}

$b->recordFailure();
echo 'tripped: ', $b->getState(), "\n";
usleep(1100000);
echo 'after the recovery timeout: ', $b->getState(), "\n";

echo 'round 1, 8 processes: ', summary(round_of(8, "$dir/go1")), "\n";
// The winner exited without reporting: its lease still holds.
echo 'state ', $b->getState(), ', successes ', $b->getSuccessCount(), ', this process: ',
	var_export($b->allowRequest(), true), "\n";
try {
	$b->call(fn () => null);
} catch (Calcom\CircuitOpenException $e) {
	echo 'refused, retryAfter within the lease: ', var_export($e->retryAfter() > 0 && $e->retryAfter() <= 1.5, true), "\n";
}

usleep(1600000);   // past probe_timeout
echo 'round 2 after the lease expired: ', summary(round_of(8, "$dir/go2")), "\n";
echo 'state ', $b->getState(), ', this process: ', var_export($b->allowRequest(), true), "\n";

usleep(1600000);
echo 'after that lease expired too, this process: ', var_export($b->allowRequest(), true), "\n";
$b->recordSuccess();
echo 'one success: ', $b->getState(), ' ', $b->getSuccessCount(), "\n";
var_dump($b->call(fn () => 'second'));
echo 'two successes: ', $b->getState(), "\n";

$b->reset();
@unlink("$dir/go1");
@unlink("$dir/go2");
@rmdir($dir);
?>
--EXPECT--
tripped: open
after the recovery timeout: half_open
round 1, 8 processes: 1 of 8 granted
state half_open, successes 0, this process: false
refused, retryAfter within the lease: true
round 2 after the lease expired: 1 of 8 granted
state half_open, this process: false
after that lease expired too, this process: true
one success: half_open 1
string(6) "second"
two successes: closed
