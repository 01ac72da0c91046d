--TEST--
SwrCache: the process computing a key is SIGKILLed with the lock held: a waiter computes the value itself once the lock lapses (lock_ttl), not after its whole wait_timeout; with a live holder and a short wait_timeout the waiter computes itself after wait_timeout, and the holder's older result does not replace it
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/swr.inc';

const LOCK = 4;       // s, the holder's lock_ttl
const WAIT = 20.0;    // s, the waiter's wait_timeout
$prefix = swr_prefix('lock-holder');
$lockKey = fn (string $key) => "{$prefix}swr:{{$key}}:lock";

// The holder: on "go" it remembers $KEY; its callback says "locked" and
// then either sleeps (to be killed) or waits for a line from the parent.
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$cache = new Calcom\SwrCache($store, ["lock_ttl" => (float) getenv("LOCK"), "wait_timeout" => 1]);
$cache->has("warm-up");
echo "ready\n";
fgets(STDIN);
$v = $cache->remember(getenv("KEY"), function () {
	echo "locked\n";
	if (getenv("MODE") === "sleep") {
		sleep(600);
	}
	fgets(STDIN);
	return "computed by the holder";
});
echo "holder: remember() returned: $v; cached now: ", $cache->get(getenv("KEY")), "\n";
';
$env = ['DSN' => redis_dsn(), 'PREFIX' => $prefix];
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$cache = new Calcom\SwrCache($store, ['lock_ttl' => LOCK, 'wait_timeout' => WAIT]);
$cache->has('warm-up');
$holder = swr_child($code, $env + ['KEY' => 'killed', 'MODE' => 'sleep', 'LOCK' => (string) LOCK]);
swr_expect($holder, 'ready');
swr_tell($holder);
swr_expect($holder, 'locked');
proc_terminate($holder['proc'], 9);
$rest = swr_finish($holder);
echo 'holder killed', $rest === '' ? '' : ", it said: $rest", "\n";
$pttl = swr_raw()->cmd('PTTL', $lockKey('killed'));
echo 'its lock is still there: ', var_export($pttl > 0, true), "\n";

$t = microtime(true);
$v = $cache->remember('killed', fn () => 'computed by the waiter ' . getmypid());
$elapsed = microtime(true) - $t;
echo 'waiter got its own value: ', var_export($v === 'computed by the waiter ' . getmypid(), true), "\n";
// $pttl was read a moment before the call: the lock had at most that left.
echo 'it waited for the lock to lapse: ', var_export($elapsed >= $pttl / 1000 - 0.2, true),
	', and no longer than that (+3 s): ', var_export($elapsed < $pttl / 1000 + 3 && $elapsed < WAIT, true), "\n";
echo 'stats: ', json_encode(array_filter($cache->stats())), "\n";
echo 'cached: ', var_export($cache->get('killed') === $v, true), ', lock: ', swr_raw()->cmd('EXISTS', $lockKey('killed')), "\n";

// A live holder (lock_ttl 30 s) and a waiter with wait_timeout 0.5 s.
$holder = swr_child($code, $env + ['KEY' => 'slow', 'MODE' => 'wait', 'LOCK' => '30']);
swr_expect($holder, 'ready');
swr_tell($holder);
swr_expect($holder, 'locked');
$impatient = new Calcom\SwrCache($store, ['lock_ttl' => 30, 'wait_timeout' => 0.5]);
$t = microtime(true);
$v = $impatient->remember('slow', fn () => 'computed by the waiter');
$elapsed = microtime(true) - $t;
echo "\nwaiter: $v, after wait_timeout: ", var_export($elapsed >= 0.5, true), ', well before lock_ttl: ',
	var_export($elapsed < 10, true), "\n";
echo 'stats: ', json_encode(array_filter($impatient->stats())), "\n";
echo 'cached: ', $impatient->get('slow'), ', holder still holds the lock: ',
	var_export(swr_raw()->cmd('PTTL', $lockKey('slow')) > 20000, true), "\n";
swr_tell($holder);
echo swr_finish($holder);
echo 'cached: ', $impatient->get('slow'), ', lock: ', swr_raw()->cmd('EXISTS', $lockKey('slow')), "\n";
echo 'keys: ', implode(' ', swr_keys($prefix)), "\n";
swr_cleanup($prefix);
?>
--EXPECT--
holder killed
its lock is still there: true
waiter got its own value: true
it waited for the lock to lapse: true, and no longer than that (+3 s): true
stats: {"misses":1}
cached: true, lock: 0

waiter: computed by the waiter, after wait_timeout: true, well before lock_ttl: true
stats: {"misses":1}
cached: computed by the waiter, holder still holds the lock: true
holder: remember() returned: computed by the holder; cached now: computed by the waiter
cached: computed by the waiter, lock: 0
keys: swr:{killed} swr:{slow}
