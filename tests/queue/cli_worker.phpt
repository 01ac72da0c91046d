--TEST--
bin/calcom-queue-worker: run as a child (CALCOM_API_KEY from the environment, --dsn --prefix --base-url, --limit=0, concurrency 1) it works the queue; SIGTERM while a slow job is in flight: it finishes that job (done), leaves the rest queued (nothing running or leased), prints "stopped after N jobs" and exits 0; a missing API key or a misspelt option is exit 2
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
all
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
q_unlimited();
$prefix = q_prefix('cli');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$q = new Calcom\RequestQueue($store, test_client(), ['name' => 'jobs']);
$script = __DIR__ . '/../../bin/calcom-queue-worker';
$args = [$script, '--dsn=' . redis_dsn(), '--prefix=' . $prefix, '--queue=jobs', '--concurrency=1',
	'--base-url=' . emulator_url() . '/v2', '--limit=0'];

$ids = [];
for ($i = 0; $i < 4; $i++) {
	$ids[] = $q->enqueue('GET', '/event-types/1001', ['n' => "fast$i"]);
}
$worker = q_child('', ['CALCOM_API_KEY' => Q_API_KEY], $args);
$r = $q->result(end($ids), 60.0);
echo 'the first 4 jobs: ', implode(' ', array_map(fn ($id) => $q->status($id)['status'], $ids)), "\n";

emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_list', 'latency_ms' => 2000]);
$slow = $q->enqueue('GET', '/bookings', ['n' => 'slow']);
echo 'the slow request arrived: ', var_export(q_wait_requests('bookings_list', 1), true), "\n";
$rest = [];
for ($i = 0; $i < 3; $i++) {
	$rest[] = $q->enqueue('GET', '/event-types/1001', ['n' => "late$i"]);
}
proc_terminate($worker['proc'], SIGTERM);
$end = q_finish($worker);
emulator('DELETE', '/__admin/faults');
echo 'exit code ', $end['code'], "\n";
echo 'stderr: ', trim(preg_replace('/pid \d+/', 'pid N', $end['err'])), "\n";
$s = $q->status($slow);
echo "the slow job: {$s['status']}, attempts {$s['attempts']}, answered by Cal.com: ",
	var_export(q_log('bookings_list')[0]['status'], true), "\n";
echo 'the late jobs: ', implode(' ', array_map(fn ($id) => $q->status($id)['status'] . '/' . $q->status($id)['attempts'], $rest)), "\n";
$all = array_count_values(array_map(fn ($id) => $q->status($id)['status'], [...$ids, $slow, ...$rest]));
ksort($all);
echo 'all jobs: ', json_encode($all), ', depth ', $q->depth(), ', requests ', count(q_log()), "\n";

$noKey = q_child('', ['CALCOM_API_KEY' => ''], $args);
$end = q_finish($noKey);
echo "\nwithout CALCOM_API_KEY: exit {$end['code']}, ", trim($end['err']), "\n";
// (--max-seconds so that a worker that starts anyway stops by itself.)
$bad = q_child('', ['CALCOM_API_KEY' => Q_API_KEY], [...$args, '--max-seconds=2', '--concurency=2']);
$end = q_finish($bad);
echo "a misspelt option: exit {$end['code']}, ", trim($end['err']), "\n";
q_cleanup($prefix);
?>
--EXPECT--
the first 4 jobs: done done done done
the slow request arrived: true
exit code 0
stderr: calcom-queue-worker: pid N, queue jobs, concurrency 1
calcom-queue-worker: stopped after 5 jobs
the slow job: done, attempts 1, answered by Cal.com: 200
the late jobs: queued/0 queued/0 queued/0
all jobs: {"done":5,"queued":3}, depth 3, requests 5

without CALCOM_API_KEY: exit 2, calcom-queue-worker: set CALCOM_API_KEY
a misspelt option: exit 2, calcom-queue-worker: unknown argument --concurency=2 (options: --dsn=, --prefix=, --queue=, --concurrency=, --base-url=, --limit=, --limiter=, --breaker=, --metrics=, --max-jobs=, --max-seconds=)
