--TEST--
CircuitBreaker: redis-server killed mid-run and restarted: no fatal, each on_failure policy behaves while it is down, and afterwards every breaker continues with the state in Redis
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (!function_exists('posix_kill')) die('skip posix extension needed'); ?>
--CONFLICTS--
many_processes
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

// AOF with fsync on every write: what the breaker wrote survives a SIGKILL.
$server = private_redis_start(['--appendonly', 'yes', '--appendfsync', 'always']);
$dsn = 'redis://127.0.0.1:' . $server['port'];
$prefix = 'calcom-test:breaker-restart:';
$key = $prefix . 'breaker:{svc}:state';

function kill_redis(array $server): void
{
	$pid = (int) @file_get_contents($server['dir'] . '/redis.pid');
	if ($pid <= 1) {
		throw new RuntimeException('no pid for redis-server on ' . $server['port']);
	}
	posix_kill($pid, SIGKILL);
	// Gone when its port refuses (a zombie not yet reaped still answers kill 0).
	for ($i = 0; $i < 500 && ($s = @stream_socket_client('tcp://127.0.0.1:' . $server['port'], $errno, $errstr, 1)); $i++) {
		fclose($s);
		usleep(10000);
	}
	@unlink($server['dir'] . '/redis.pid');
}

// Whatever happens below, the private server does not outlive the test.
register_shutdown_function(function () {
	global $server;
	$pid = (int) @file_get_contents($server['dir'] . '/redis.pid');
	if ($pid > 1) {
		posix_kill($pid, SIGKILL);
	}
	exec('rm -rf ' . escapeshellarg($server['dir']));
});

$breakers = [];
foreach (['open', 'closed', 'local'] as $policy) {
	$store = new Calcom\Store($dsn, ['prefix' => $prefix, 'on_failure' => $policy, 'connect_timeout' => 0.5,
		'read_timeout' => 1.0]);
	// threshold 3, recovery 60 s
	$breakers[$policy] = new CircuitBreaker($store, 'svc', 3, 60, 2);
}
$ran = 0;
$op = function () use (&$ran) { $ran++; return 'ran'; };

function attempt(string $label, callable $f): void
{
	global $server;
	try {
		$r = $f();
		echo "  $label: ", var_export($r, true), "\n";
	} catch (Throwable $e) {
		echo "  $label: ", get_class($e), ': ', str_replace((string) $server['port'], 'PORT', $e->getMessage()), "\n";
	}
}
function states(string $label): void
{
	global $breakers;
	echo "$label:";
	foreach ($breakers as $policy => $b) {
		try {
			$state = $b->getState() . '/' . $b->getFailureCount();
		} catch (Calcom\StoreException $e) {
			$state = 'StoreException';
		}
		echo " $policy=$state";
	}
	echo "\n";
}

$breakers['open']->recordFailure();
$breakers['open']->recordFailure();
states('up, two failures');

kill_redis($server);
echo "redis-server killed\n";
attempt('open: allowRequest', fn () => $breakers['open']->allowRequest());
attempt('open: call', fn () => $breakers['open']->call($op));
attempt('open: recordFailure', fn () => $breakers['open']->recordFailure(503));
attempt('closed: allowRequest', fn () => $breakers['closed']->allowRequest());
attempt('closed: call', fn () => $breakers['closed']->call($op));
attempt('closed: recordFailure', fn () => $breakers['closed']->recordFailure());
for ($i = 0; $i < 3; $i++) {
	$breakers['local']->recordFailure();
}
attempt('local: allowRequest after 3 failures', fn () => $breakers['local']->allowRequest());
attempt('local: call', fn () => $breakers['local']->call($op));
states('down');
echo "operations run: $ran\n";

$server = private_redis_start($server['args'], $server['port'], $server['dir']);
echo "redis-server restarted\n";
states('up again');
attempt('local: allowRequest', fn () => $breakers['local']->allowRequest());
attempt('closed: call', fn () => $breakers['closed']->call($op));
states('after a success');   // a success while closed forgets the failures
$breakers['local']->recordFailure(503);
$breakers['closed']->recordFailure();
states('503 + 1 failure');
attempt('local: call', fn () => $breakers['local']->call($op));
attempt('open: call', fn () => $breakers['open']->call($op));
$raw = new RawRedis($server['port']);
echo 'in Redis: ', $raw->cmd('HGET', $key, 'state'), "\n";
echo "operations run: $ran\n";

// Redis dies while the operation runs: under "closed" the caller still gets
// the operation's own exception, not the StoreException of recording it.
$breakers['closed']->reset();
attempt('closed: call, Redis dies inside', fn () => $breakers['closed']->call(function () use ($server) {
	kill_redis($server);
	throw new DomainException('the operation failed');
}));
attempt('open: call, Redis dead', fn () => $breakers['open']->call(fn () => 'still works'));
$server = private_redis_start($server['args'], $server['port'], $server['dir']);
states('up a third time');
kill_redis($server);
?>
--EXPECT--
up, two failures: open=closed/2 closed=closed/2 local=closed/2
redis-server killed
  open: allowRequest: true
  open: call: 'ran'
  open: recordFailure: NULL
  closed: allowRequest: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  closed: call: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  closed: recordFailure: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  local: allowRequest after 3 failures: false
  local: call: Calcom\CircuitOpenException: Circuit breaker is OPEN for service 'svc'. Service appears to be down. Retry after 60 seconds.
down: open=closed/0 closed=StoreException local=open/3
operations run: 1
redis-server restarted
up again: open=closed/2 closed=closed/2 local=closed/2
  local: allowRequest: true
  closed: call: 'ran'
after a success: open=closed/0 closed=closed/0 local=closed/0
503 + 1 failure: open=open/3 closed=open/3 local=open/3
  local: call: Calcom\CircuitOpenException: Circuit breaker is OPEN for service 'svc'. Service appears to be down. Retry after 60 seconds.
  open: call: Calcom\CircuitOpenException: Circuit breaker is OPEN for service 'svc'. Service appears to be down. Retry after 60 seconds.
in Redis: open
operations run: 2
  closed: call, Redis dies inside: DomainException: the operation failed
  open: call, Redis dead: 'still works'
up a third time: open=closed/0 closed=closed/0 local=closed/0
