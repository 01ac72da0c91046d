--TEST--
Metrics held by the request only while records wait: a dropped Metrics with records still flushes them at shutdown; a flush() that empties the batch lets go of it (20,000, or 200 under valgrind, objects made, recorded, flushed and dropped in a loop leave no heap behind); a flush that failed (Redis down) keeps holding it until a later flush succeeds
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$prefix = 'metrics-hold-' . getmypid() . '-' . uniqid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);

// Dropped before any flush: the request keeps it, the shutdown flush sends it.
$code = '$m = new Calcom\Metrics(new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]), "dropped");
$m->record("slots", 200, 0.1);
$w = WeakReference::create($m);
unset($m);
echo $w->get() === null ? "released" : "held", " before its flush";';
$p = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
	[1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['DSN' => redis_dsn(), 'PREFIX' => $prefix]);
$out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
echo 'child: ', trim($out), ', exit ', proc_close($p), "\n";
$dropped = new Calcom\Metrics($store, 'dropped');
echo 'dropped one flushed at shutdown: ', json_encode($dropped->snapshot()['requests']), "\n";
$dropped->reset();

// Flushed, then dropped: nothing keeps it.
$m = new Calcom\Metrics($store, 'loop');
$m->record('slots', 200, 0.01);
echo 'flushed: ', $m->flush(), "\n";
$w = WeakReference::create($m);
unset($m);
echo 'after flush() and unset(): ', $w->get() === null ? 'released' : 'held', "\n";

// Under valgrind (USE_ZEND_ALLOC=0) the heap is not counted and each flush is
// slow: fewer objects, and the WeakReference checks carry the test there.
$objects = getenv('USE_ZEND_ALLOC') === '0' ? 200 : 20000;
$heap = memory_get_usage();
for ($i = 0; $i < $objects; $i++) {
	$m = new Calcom\Metrics($store, 'loop');
	$m->record('slots', 200, 0.01);
	$m->flush();
	unset($m);
}
// A held object costs over 1 kB; 20,000 of them would be over 20 MB.
$growth = memory_get_usage() - $heap;
echo 'objects in the loop: heap growth ', $growth < 65536 ? 'under 64 kB' : "$growth bytes", "\n";
$loop = new Calcom\Metrics($store, 'loop');
$arrived = $loop->snapshot()['requests']['slots'][200] ?? 0;
echo 'all arrived: ', $arrived === $objects + 1 ? 'yes' : "$arrived of " . ($objects + 1), "\n";
$loop->reset();

// A flush that failed keeps the records and the hold.
$port = free_port();
$down = new Calcom\Metrics(new Calcom\Store("redis://127.0.0.1:$port", ['prefix' => $prefix, 'on_failure' => 'open',
	'persistent' => false]), 'down');
$down->record('slots', 503, 0.2);
echo 'flush with Redis down: ', $down->flush(), "\n";
$w = WeakReference::create($down);
unset($down);
$held = $w->get();
echo 'after a failed flush and unset(): ', $held === null ? 'released' : 'held', "\n";
$server = private_redis_start([], $port);
echo 'flush with Redis up: ', $held->flush(), "\n";
unset($held);
echo 'after that flush: ', $w->get() === null ? 'released' : 'held', "\n";
private_redis_stop($server);
?>
--EXPECT--
child: held before its flush, exit 0
dropped one flushed at shutdown: {"slots":{"200":1}}
flushed: 1
after flush() and unset(): released
objects in the loop: heap growth under 64 kB
all arrived: yes
flush with Redis down: 0
after a failed flush and unset(): held
flush with Redis up: 1
after that flush: released
