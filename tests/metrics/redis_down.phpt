--TEST--
Metrics with Redis down: on_failure "open" record() and flush() do not throw (flush returns 0 and keeps the records for a later flush that works), on_failure "closed" flush() throws StoreException, snapshot() throws either way, and the request ends cleanly — also when records made after the shutdown flush fail under "closed"
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$port = free_port();
$dsn = "redis://127.0.0.1:$port";
$prefix = 'metrics-down-' . getmypid() . '-' . uniqid() . ':';

function attempt(string $label, callable $f): void
{
	try {
		$r = $f();
		echo "$label: ", json_encode($r), "\n";
	} catch (Throwable $e) {
		echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
	}
}

echo "-- on_failure open\n";
$open = new Calcom\Metrics(new Calcom\Store($dsn, ['prefix' => $prefix, 'on_failure' => 'open', 'persistent' => false]));
attempt('record', fn () => $open->record('slots', 200, 0.1));
attempt('record', fn () => $open->record('slots', 429, 0.2));
attempt('flush', fn () => $open->flush());
attempt('snapshot', fn () => $open->snapshot());
attempt('flush again', fn () => $open->flush());
// Redis comes up on that port: the kept records arrive.
$server = private_redis_start([], $port);
attempt('flush with Redis up', fn () => $open->flush());
$s = $open->snapshot();
echo 'in Redis: ', json_encode($s['requests']), ', errors ', json_encode(array_filter($s['errors'])), ', window ',
	$s['rate_limit']['requests'] + $s['rate_limit']['previous_requests'], "\n";
attempt('flush, nothing new', fn () => $open->flush());
private_redis_stop($server);
// Left for the shutdown flush, which fails quietly.
attempt('record', fn () => $open->record('slots', 200, 0.1));

echo "-- on_failure closed\n";
$closed = new Calcom\Metrics(new Calcom\Store($dsn, ['prefix' => $prefix, 'on_failure' => 'closed', 'persistent' => false]));
attempt('record', fn () => $closed->record('slots', 200, 0.1));
attempt('flush', fn () => $closed->flush());
attempt('snapshot', fn () => $closed->snapshot());
attempt('reset', fn () => $closed->reset());

// A process whose records come after the shutdown flush (a later shutdown
// function): flushed at RSHUTDOWN, where a StoreException has nobody to
// reach and must not become a fatal error.
$code = '$m = new Calcom\Metrics(new Calcom\Store(getenv("DSN"), ["on_failure" => getenv("MODE"), "persistent" => false]));
$m->record("slots", 200, 0.1);
register_shutdown_function(function () use ($m) {
	$m->record("slots", 200, 0.2);
	echo "late record; ";
});
echo "script done; ";';
foreach (['open', 'closed'] as $mode) {
	$p = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-d', 'display_errors=1', '-r', $code],
		[1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['DSN' => $dsn, 'MODE' => $mode]);
	$out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
	echo "child, $mode: ", trim(preg_replace('/\s+/', ' ', $out)), ' exit ', proc_close($p), "\n";
}
echo "end\n";
?>
--EXPECTF--
-- on_failure open
record: null
record: null
flush: 0
snapshot: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:%d: Connection refused
flush again: 0
flush with Redis up: 2
in Redis: {"slots":{"200":1,"429":1}}, errors {"429":1}, window 2
flush, nothing new: 0
record: null
-- on_failure closed
record: null
flush: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:%d: Connection refused
snapshot: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:%d: Connection refused
reset: Calcom\StoreException: cannot connect to Redis at 127.0.0.1:%d: Connection refused
child, open: script done; late record; exit 0
child, closed: script done; late record; exit 0
end
