--TEST--
SwrCache: a deferred revalidation at request shutdown that cannot write because Redis went away (Store on_failure "closed") does not end the request with a fatal error: later shutdown functions run, exit status 0
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (!function_exists('posix_kill')) die('skip posix extension needed'); ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/swr.inc';

/*
 * A regression test. The revalidation's write used to throw the Store's
 * StoreException out of Calcom\runDeferred(), the shutdown function, where
 * nobody can catch it: PHP printed "Fatal error: Uncaught
 * Calcom\StoreException ... in [no active file]:0", exited with 255 and
 * skipped the shutdown functions after it. DESIGN.md: when Redis cannot be
 * reached each component follows on_failure ... "It never fatals".
 */
$server = private_redis_start();
register_shutdown_function(function () use ($server) {
	swr_kill_redis($server);
	exec('rm -rf ' . escapeshellarg($server['dir']));
});
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => "swr-closed:", "on_failure" => "closed", "connect_timeout" => 0.5]);
$cache = new Calcom\SwrCache($store);
$cache->set("k", "old", 0, 60);
echo "served: ", $cache->remember("k", function () { echo "revalidating\n"; return "new"; }, 0, 60), "\n";
echo "deferred: ", $cache->stats()["deferred"], "\n";
fwrite(STDOUT, "stop redis\n");
fgets(STDIN);
register_shutdown_function(function () use ($cache) {
	echo "later shutdown function ran, revalidations ", $cache->stats()["revalidations"], "\n";
});
';
$child = swr_child($code, ['DSN' => 'redis://127.0.0.1:' . $server['port']]);
echo swr_expect($child, 'served'), "\n", swr_expect($child, 'deferred'), "\n";
swr_expect($child, 'stop redis');
swr_kill_redis($server);
swr_tell($child);
$out = stream_get_contents($child['out']);
fclose($child['in']);
fclose($child['out']);
$status = proc_close($child['proc']);
echo preg_replace('/127\.0\.0\.1:\d+/', 'HOST:PORT', $out);
echo 'exit status: ', $status, "\n";
?>
--EXPECT--
served: old
deferred: 1
revalidating
later shutdown function ran, revalidations 1
exit status: 0
