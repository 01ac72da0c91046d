--TEST--
Client::warm(): the days of the next N (today first, in the client's zone) the cache lacks or holds stale, one request per event type, all in flight at once; a second warm fetches nothing; failures per event type; Error without a cache, ValueError for bad arguments
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
// Slow answers: requests sent one after another would arrive after the first answer.
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 1000]);
$prefix = 'cache-warm-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$cache = new Calcom\SwrCache($store);
$client = test_client(['cache' => $cache, 'tenant' => 'acme']);
$raw = new RawRedis(redis_port());

// warm() counts from the machine's real today; the emulator serves any date.
$zone = new DateTimeZone('Europe/Berlin');
$today = fn () => new DateTimeImmutable('today', $zone);
$edges = fn (DateTimeImmutable $first, int $days) => [$first->format('Y-m-d\TH:i:sP'),
	$first->modify('+' . ($days - 1) . ' days')->setTime(23, 59, 59)->format('Y-m-d\TH:i:sP')];
function show(array $r): string {
	return json_encode(['requests' => $r['requests'], 'days' => $r['days'],
		'event_types' => array_map(fn ($v) => is_object($v) ? get_class($v) . ' ' . $v->getStatusCode() : $v, $r['event_types'])]);
}

$first = $today();
$r = $client->warm([1001, 1002, 1003]);
$log = emulator_requests('slots');
echo 'cold: ', show($r), "\n";
$spans = array_map(fn ($q) => [$q['query']['eventTypeId'], $q['query']['start'], $q['query']['end']], $log);
sort($spans);
$want = [];
foreach ([$first, $today()] as $t) {  // today as of before and after: warm() may straddle a midnight
	$want[] = array_map(fn ($id) => [(string) $id, ...$edges($t, 14)], [1001, 1002, 1003]);
}
echo count($log), ' requests, one per event type, each for today … today + 13 days: ', var_export(in_array($spans, $want, true), true), "\n";
$arrivals = array_column($log, 'ts');
$firstAnswer = min(array_map(fn ($q) => $q['ts'] + $q['latency_ms'] / 1000, $log));
echo 'all in flight together: ', var_export(max($arrivals) < $firstAnswer, true), "\n";
echo 'day keys: ', count($raw->cmd('KEYS', "{$prefix}avail:{acme:*}:Europe/Berlin:*")), ', locks: ', count($raw->cmd('KEYS', "{$prefix}*:lock")), "\n";

$n = count(emulator_requests('slots'));
echo 'again: ', show($client->warm([1001, 1002, 1003])), ', requests sent: ', count(emulator_requests('slots')) - $n, "\n";

// The reads it was for: no call.
$t = $today();
$days = $client->getAvailableSlots(1002, $t->format('Y-m-d'), $t->modify('+13 days')->format('Y-m-d'));
echo 'a read of the 14 days: ', count(emulator_requests('slots')) - $n, ' calls, answer as without a cache: ',
	var_export($days === test_client()->getAvailableSlots(1002, $t->format('Y-m-d'), $t->modify('+13 days')->format('Y-m-d')), true), "\n";

// One day missing: only that day, for that event type.
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 0]);
$hole = $today()->modify('+3 days');
$raw->cmd('DEL', "{$prefix}avail:{acme:1002}:Europe/Berlin:" . $hole->format('Y-m-d'));
$n = count(emulator_requests('slots'));
$r = $client->warm([1001, 1002, 1003]);
$log = array_slice(emulator_requests('slots'), $n);
echo 'a hole: ', show($r), ', sent ', count($log), ' for ', $log[0]['query']['eventTypeId'], ' the hole only: ',
	var_export(in_array([$log[0]['query']['start'], $log[0]['query']['end']], [$edges($hole, 1), $edges($hole->modify('+1 day'), 1)], true), true), "\n";

// A stale day (older than the fresh TTL): warm() refreshes it too.
$aged = "{$prefix}avail:{acme:1003}:Europe/Berlin:" . $today()->modify('+5 days')->format('Y-m-d');
[$sec] = $raw->cmd('TIME');
$entry = preg_replace('/^swr1 \d+ /', 'swr1 ' . (((int) $sec - 400) * 1000) . ' ', $raw->cmd('GET', $aged));
$raw->cmd('SET', $aged, $entry, 'KEEPTTL');
$n = count(emulator_requests('slots'));
$r = $client->warm([1001, 1002, 1003]);
echo 'a stale day: ', show($r), ', requests sent: ', count(emulator_requests('slots')) - $n, ', refreshed: ',
	var_export($raw->cmd('GET', $aged) !== $entry, true), "\n";

// Fewer days, another tenant, an unknown event type (its failure is its own).
$n = count(emulator_requests('slots'));
$r = $client->warm([1001, 424242, 1003], 3, 'globex');
echo 'another tenant, 3 days: ', show($r), ', requests sent: ', count(emulator_requests('slots')) - $n, "\n";
echo '  globex day keys: ', count($raw->cmd('KEYS', "{$prefix}avail:{globex:*-[0-9][0-9]")), ', 424242 keys: ',
	count($raw->cmd('KEYS', "{$prefix}avail:*424242*-[0-9][0-9]")), "\n";
try {
	$client->warm([]);
	echo "nothing to warm: accepted\n";
} catch (ValueError $e) {
	echo 'nothing to warm: ', $e->getMessage(), "\n";
}
$s = $cache->stats();
echo 'store errors: ', $s['store_errors'], ', deferred: ', $s['deferred'], "\n";

$n = count(emulator_requests());
try {
	test_client()->warm([1001]);
} catch (Error $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}
foreach ([[[1001], 0], [[1001], 93], [[0], 14], [['1001'], 14], [[1001, -1], 14], [[1001], 14, '{x}'], [[1001], 14, '']] as $args) {
	try {
		$client->warm(...$args);
		echo "accepted\n";
	} catch (ValueError $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}
try {
	$client->warm('1001');
} catch (TypeError $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}
echo 'requests sent for bad input: ', count(emulator_requests()) - $n, "\n";

foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}
?>
--EXPECT--
cold: {"requests":3,"days":42,"event_types":{"1001":14,"1002":14,"1003":14}}
3 requests, one per event type, each for today … today + 13 days: true
all in flight together: true
day keys: 42, locks: 0
again: {"requests":0,"days":0,"event_types":{"1001":0,"1002":0,"1003":0}}, requests sent: 0
a read of the 14 days: 0 calls, answer as without a cache: true
a hole: {"requests":1,"days":1,"event_types":{"1001":0,"1002":1,"1003":0}}, sent 1 for 1002 the hole only: true
a stale day: {"requests":1,"days":1,"event_types":{"1001":0,"1002":0,"1003":1}}, requests sent: 1, refreshed: true
another tenant, 3 days: {"requests":3,"days":6,"event_types":{"1001":3,"424242":"Calcom\\ApiException 404","1003":3}}, requests sent: 3
  globex day keys: 6, 424242 keys: 0
nothing to warm: Calcom\Client::warm(): Argument #1 ($eventTypeIds) must not be empty
store errors: 0, deferred: 0
Error: Calcom\Client::warm() needs the client's "cache" option
ValueError: Calcom\Client::warm(): Argument #2 ($days) must be between 1 and 92
ValueError: Calcom\Client::warm(): Argument #2 ($days) must be between 1 and 92
ValueError: Calcom\Client::warm(): Argument #1 ($eventTypeIds) must contain only event type ids greater than 0
ValueError: Calcom\Client::warm(): Argument #1 ($eventTypeIds) must contain only event type ids greater than 0
ValueError: Calcom\Client::warm(): Argument #1 ($eventTypeIds) must contain only event type ids greater than 0
ValueError: Calcom\Client::warm(): Argument #3 ($tenant) must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::warm(): Argument #3 ($tenant) must be 1 to 128 bytes without "{", "}" or NUL bytes
TypeError: Calcom\Client::warm(): Argument #1 ($eventTypeIds) must be of type array, string given
requests sent for bad input: 0
