--TEST--
Client behind limiter and breaker: one script call per guarded request (a batch shares it), no other Redis command; a second round trip only when there is something to record
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
// Cal.com's own 120/min would pause the limiter (as it should) before the end.
emulator('POST', '/__admin/config', ['rateLimit' => ['limit' => 100000]]);
// A Redis of our own: INFO commandstats counts every client's commands.
$server = private_redis_start();
$raw = new RawRedis($server['port']);
$store = new Calcom\Store('redis://127.0.0.1:' . $server['port'], ['persistent' => false]);
$client = test_client([
	'limiter' => new Calcom\RateLimiter($store, 'rt', ['limit' => 1e6, 'burst' => 1e5]),
	'breaker' => new Calcom\CircuitBreaker($store, 'rt'),
]);

// Commands the server ran, as INFO commandstats counts them: those the gate
// script runs inside Redis are counted too, so they are told apart.
function commands(RawRedis $raw): array
{
	$counts = [];
	foreach (explode("\n", $raw->cmd('INFO', 'commandstats')) as $line) {
		if (preg_match('/^cmdstat_([a-z|]+):calls=(\d+)/', trim($line), $m)) {
			$counts[$m[1]] = (int) $m[2];
		}
	}
	unset($counts['info'], $counts['config|resetstat']);
	$inside = ['time', 'hmget', 'hset', 'pexpire', 'del'];
	$outside = array_diff_key($counts, array_flip($inside));
	ksort($outside);
	return $outside;
}
function measure(RawRedis $raw, Calcom\Store $store, string $what, callable $f): void
{
	$raw->cmd('CONFIG', 'RESETSTAT');
	$before = $store->stats()['round_trips'];
	$f();
	$trips = $store->stats()['round_trips'] - $before;
	echo str_pad($what, 44), json_encode(commands($raw)), " round trips: $trips\n";
}

// The first call loads the script (EVALSHA, NOSCRIPT, EVAL).
$client->getAvailableSlots(1001, '2025-10-01', '2025-10-01');

measure($raw, $store, '100 successful slot requests:', function () use ($client) {
	for ($i = 0; $i < 100; $i++) {
		$client->getAvailableSlots(1001, '2025-10-01', '2025-10-01');
	}
});
measure($raw, $store, '8 queries in one getAvailableSlotsMany:', function () use ($client) {
	$client->getAvailableSlotsMany(array_fill(0, 8, ['eventTypeId' => 1001, 'start' => '2025-10-01', 'end' => '2025-10-01']));
});
measure($raw, $store, '20 event type requests:', function () use ($client) {
	for ($i = 0; $i < 20; $i++) {
		$client->getEventTypes();
	}
});

emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'sequence' => [500]]);
$noRetry = test_client([
	'retries' => 0,
	'limiter' => new Calcom\RateLimiter($store, 'rt', ['limit' => 1e6, 'burst' => 1e5]),
	'breaker' => new Calcom\CircuitBreaker($store, 'rt'),
]);
measure($raw, $store, 'a failure (recorded):', function () use ($noRetry) {
	try {
		$noRetry->getEventTypes();
	} catch (Calcom\ApiException $e) {
		echo 'HTTP ', $e->getStatusCode(), ' ';
	}
});
measure($raw, $store, 'the success after it (clears the failure):', fn() => $noRetry->getEventTypes());
measure($raw, $store, 'the next success:', fn() => $noRetry->getEventTypes());
echo count(emulator_requests('slots')), " slot requests reached the emulator\n";
private_redis_stop($server);
?>
--EXPECT--
100 successful slot requests:               {"evalsha":100} round trips: 100
8 queries in one getAvailableSlotsMany:     {"evalsha":1} round trips: 1
20 event type requests:                     {"evalsha":20} round trips: 20
HTTP 500 a failure (recorded):                       {"evalsha":2} round trips: 2
the success after it (clears the failure):  {"evalsha":2} round trips: 2
the next success:                           {"evalsha":1} round trips: 1
109 slot requests reached the emulator
