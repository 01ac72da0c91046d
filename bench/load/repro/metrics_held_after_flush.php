<?php
/*
 * Reproducer (found by bench/load/memory.php): a Calcom\Metrics that has
 * recorded stays referenced by the extension after an explicit flush(),
 * until the end of the request, so a process that makes Metrics objects in
 * a loop (a long-running worker, a CLI job) grows by ~1.4 kB RSS each.
 *
 * ext/metrics.c: record() -> hold_for_flush() adds the object to
 * CALCOM_G(pending_metrics) ("The request keeps m (a reference) until its
 * records are flushed"), but Metrics::flush() -> flush() never removes it;
 * only calcom_metrics_flush_pending() at request shutdown drops the hash.
 * Expected: flush() that empties the batch releases the hold (or the hold is
 * released when the batch becomes empty), so the WeakReference below is null.
 *
 *   php -d extension=modules/calcom.so bench/load/repro/metrics_held_after_flush.php
 * Needs CALCOM_TEST_REDIS_PORT (source /tmp/srv/env or tools/servers.sh's env).
 * Exit 1 while the bug is there.
 */
$store = new Calcom\Store('redis://127.0.0.1:' . getenv('CALCOM_TEST_REDIS_PORT'), ['prefix' => 'repro:' . getmypid() . ':']);
function rss(): int { preg_match('/VmRSS:\s+(\d+)/', file_get_contents('/proc/self/status'), $m); return (int) $m[1]; }
$m0 = memory_get_usage();
$r0 = rss();
for ($i = 1; $i <= 20000; $i++) {
	$m = new Calcom\Metrics($store, 'repro');
	$m->record('slots', 200, 0.01);
	$m->flush();            // the records are in Redis; nothing needs the object any more
	unset($m);
	if ($i % 5000 === 0) {
		printf("%6d objects: heap +%d bytes, RSS +%d kB\n", $i, memory_get_usage() - $m0, rss() - $r0);
	}
}
$m = new Calcom\Metrics($store, 'repro');
$m->record('slots', 200, 0.01);
$m->flush();
$weak = WeakReference::create($m);
unset($m);
$held = $weak->get() !== null;
echo $held ? "BUG: the flushed Metrics is still alive after unset()\n" : "ok: released after flush()\n";
exit($held ? 1 : 0);
