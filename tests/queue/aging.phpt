--TEST--
RequestQueue aging: a job is never overtaken by work enqueued more than (priority - 1) x aging after it, so a LOW job waits at most 3 x aging for newer CRITICAL work: with aging 0.2 s a LOW job enqueued 1 s (> 0.6 s) before 20 CRITICAL jobs runs first, as do a NORMAL job 0.6 s (> 0.4 s) and a HIGH job 0.4 s (> 0.2 s) before them; with aging 0 (strict), or an aging whose bound far exceeds the pause, it runs last
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/queue.inc';
use Calcom\RateLimiter as RL;
emulator_reset();
q_unlimited();
$prefix = q_prefix('aging');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['retries' => 0]);

/** One job of priority $first, a pause ($pause s), then 20 CRITICAL jobs; the order they ran in. */
function scenario(Calcom\Client $client, Calcom\Store $store, string $name, float $aging, int $first, float $pause): string
{
	emulator('DELETE', '/__admin/requests');
	$q = new Calcom\RequestQueue($store, $client, ['name' => $name, 'concurrency' => 1, 'aging' => $aging]);
	$q->enqueue('GET', '/event-types/1001', ['n' => 'old'], $first);
	// The bound is (priority - 1) x aging: 0.6 s for LOW at aging 0.2. Where
	// the old job must run first the pause is longer than the bound (slowness
	// only lengthens it); where it must run last, far shorter.
	usleep((int) ($pause * 1e6));
	for ($i = 0; $i < 20; $i++) {
		$q->enqueue('GET', '/event-types/1001', ['n' => "c$i"], RL::PRIORITY_CRITICAL);
	}
	$worked = $q->work(21);
	$seen = q_markers('event_types');
	$at = array_search('old', $seen, true);
	$fifo = array_values(array_filter($seen, fn ($m) => $m !== 'old')) === array_map(fn ($i) => "c$i", range(0, 19));
	return sprintf("worked %d, the old job ran %s%s", $worked, $at === 0 ? 'first' : ($at === 20 ? 'last' : "at $at"),
		$fifo ? '' : ', CRITICAL not FIFO: ' . implode(' ', $seen));
}

echo 'aging 0.2, LOW after 1 s: ', scenario($client, $store, 'a', 0.2, RL::PRIORITY_LOW, 1.0), "\n";
echo 'aging 0.2, NORMAL after 0.6 s: ', scenario($client, $store, 'b', 0.2, RL::PRIORITY_NORMAL, 0.6), "\n";
echo 'aging 0.2, HIGH after 0.4 s: ', scenario($client, $store, 'c', 0.2, RL::PRIORITY_HIGH, 0.4), "\n";
echo 'aging 0 (strict), LOW after 1 s: ', scenario($client, $store, 'd', 0, RL::PRIORITY_LOW, 1.0), "\n";
echo 'aging 10 (bound 30 s), LOW after 1 s: ', scenario($client, $store, 'e', 10, RL::PRIORITY_LOW, 1.0), "\n";
echo 'aging 30 (bound 30 s), HIGH after 0.5 s: ', scenario($client, $store, 'f', 30, RL::PRIORITY_HIGH, 0.5), "\n";
q_cleanup($prefix);
?>
--EXPECT--
aging 0.2, LOW after 1 s: worked 21, the old job ran first
aging 0.2, NORMAL after 0.6 s: worked 21, the old job ran first
aging 0.2, HIGH after 0.4 s: worked 21, the old job ran first
aging 0 (strict), LOW after 1 s: worked 21, the old job ran last
aging 10 (bound 30 s), LOW after 1 s: worked 21, the old job ran last
aging 30 (bound 30 s), HIGH after 0.5 s: worked 21, the old job ran last
