--TEST--
Metrics at request shutdown: Calcom\runDeferred() (called, and as the shutdown function the first record registers) flushes what is recorded so far; records made later — in a shutdown function registered after it, in a destructor — are flushed at RSHUTDOWN: all arrive, one EVALSHA per flush
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$server = private_redis_start();
$raw = new RawRedis($server['port']);
$dsn = 'redis://127.0.0.1:' . $server['port'];
$prefix = 'metrics-shutdown-' . getmypid() . '-' . uniqid() . ':';
// The script is loaded once, so every flush below is one EVALSHA.
$warm = new Calcom\Metrics(new Calcom\Store($dsn, ['prefix' => 'warm-' . $prefix, 'persistent' => false]));
$warm->record('slots', 200, 0.1);
$warm->flush();
$warm->reset();
$raw->cmd('CONFIG', 'RESETSTAT');

$code = '$m = new Calcom\Metrics(new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]));
// Registered before the first record: runs before the shutdown flush.
register_shutdown_function(function () use ($m) {
	$m->record("early", 200, 0.1);
	echo "early; ";
});
$m->record("script", 200, 0.1);
$m->record("script", 200, 0.1);
echo "runDeferred: ", Calcom\runDeferred(), "; ";
$m->record("script", 201, 0.1);
// Registered after the first record: runs after the shutdown flush.
register_shutdown_function(function () use ($m) {
	$m->record("late", 200, 0.1);
	echo "late; ";
});
class Recorder
{
	public function __construct(private Calcom\Metrics $m) {}
	public function __destruct()
	{
		$this->m->record("destructor", 200, 0.1);
		echo "destructor; ";
	}
}
$recorder = new Recorder($m);
echo "script done; ";';
$p = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
	[1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['DSN' => $dsn, 'PREFIX' => $prefix]);
$out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
echo 'child: ', trim($out), ' exit ', proc_close($p), "\n";

$evalsha = 0;
foreach (explode("\n", $raw->cmd('INFO', 'commandstats')) as $line) {
	if (preg_match('/^cmdstat_evalsha:calls=(\d+)/', trim($line), $m)) {
		$evalsha = (int) $m[1];
	}
}
// The call in the script, the shutdown function, RSHUTDOWN.
echo "flushes: $evalsha EVALSHA\n";
$m = new Calcom\Metrics(new Calcom\Store($dsn, ['prefix' => $prefix, 'persistent' => false]));
$s = $m->snapshot();
ksort($s['requests']);
echo 'in Redis: ', json_encode($s['requests']), "\n";
$m->reset();
private_redis_stop($server);
?>
--EXPECT--
child: runDeferred: 0; script done; early; late; destructor; exit 0
flushes: 3 EVALSHA
in Redis: {"destructor":{"200":1},"early":{"200":1},"late":{"200":1},"script":{"200":2,"201":1}}
