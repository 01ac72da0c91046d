--TEST--
RequestQueue callbacks after a crash: a worker SIGKILLed while POSTing a finished job's callback leaves the delivery unconfirmed; once its delivery lease (visibility_timeout) runs out, the next claim hands the delivery out again, the receiver gets the same body, and status() says delivered; the job is not run again
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
$prefix = q_prefix('redeliver');
$options = ['visibility_timeout' => 1, 'callback_timeout' => 30, 'callback_attempts' => 1];
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$q = new Calcom\RequestQueue($store, test_client(['retries' => 0]), $options);
$id = $q->enqueue('GET', '/event-types/1001', ['n' => 1], Calcom\RateLimiter::PRIORITY_NORMAL,
	emulator_url() . '/__callback/redeliver');
// The receiver takes its time with the first delivery, so the kill lands during it.
emulator('POST', '/__admin/faults', ['endpoint' => 'callback', 'sequence' => [['sleep_ms' => 20000]]]);

$worker = q_child(Q_CHILD_QUEUE . 'echo "ready\n"; fgets(STDIN); $queue->work(1, 60.0); echo "work() returned\n";',
	q_env($prefix, ['OPTIONS' => json_encode($options)]));
q_expect($worker, 'ready');
q_tell($worker);
$arrived = q_wait_until(fn () => count(emulator('GET', '/__admin/callbacks')['callbacks']) === 1);
echo 'the first delivery arrived: ', var_export($arrived, true), "\n";
q_kill($worker);
$s = $q->status($id);
echo "after the kill: {$s['status']}, attempts {$s['attempts']}, callback {$s['callback']}\n";

// Past the delivery's lease: the next claim owes the callback.
usleep(1200000);
$worked = $q->work(0, 3.0);
echo "the next worker finished $worked job(s)\n";
$s = $q->status($id);
echo "then: {$s['status']}, attempts {$s['attempts']}, callback {$s['callback']}\n";
$deliveries = emulator('GET', '/__admin/callbacks')['callbacks'];
echo 'deliveries: ', count($deliveries), ', the second answered ', $deliveries[1]['status'] ?? '-', "\n";
echo 'same body as result(): ', var_export(($deliveries[1]['json'] ?? null) === $q->result($id)
	&& $deliveries[0]['body'] === $deliveries[1]['body'], true), "\n";
echo 'requests to Cal.com: ', count(q_log('event_types')), "\n";
echo 'depth ', $q->depth(), "\n";
q_cleanup($prefix);
?>
--EXPECT--
the first delivery arrived: true
after the kill: done, attempts 1, callback pending
the next worker finished 0 job(s)
then: done, attempts 1, callback delivered
deliveries: 2, the second answered 200
same body as result(): true
requests to Cal.com: 1
depth 0
