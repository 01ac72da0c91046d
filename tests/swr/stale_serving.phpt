--TEST--
SwrCache: a stale entry is served at once and revalidated at the request's shutdown (deferred): process B gets A's old value without running its callback, its shutdown asks Cal.com, process C then gets B's new value as a fresh hit; runDeferred() counts what it ran; revalidate "inline" returns the new value at once
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/swr.inc';
require __DIR__ . '/../lib/emulator.inc';

// Fresh 4 s: B must find A's entry stale, and C must find B's fresh. B's
// entry dates from the start of its revalidation; between that and C's read
// lie the emulator's 500 ms, the parent noticing the write and one line to C
// (started and ready before): well under a second, a second or two under
// valgrind.
const FRESH = 4;
const STALE = 60;
$prefix = swr_prefix('stale-serving');
emulator_reset();
emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'latency_ms' => 500]);

// A child per role: ready, then on "go" one remember() of "item" whose
// callback asks the emulator for the event types and names the role. It
// prints what remember() returned, whether the callback ran inside the
// request, and the stats; at shutdown (after the deferred revalidation,
// which the first queued job registered before this) once more.
$code = '
$role = getenv("ROLE");
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$cache = new Calcom\SwrCache($store, ["fresh_ttl" => ' . FRESH . ', "stale_ttl" => ' . STALE . ']);
$cache->has("warm-up");
$client = test_client(["retries" => 0]);
$ran = [];
$done = false;
echo "ready\n";
fgets(STDIN);
$value = $cache->remember("item", function () use ($role, $client, &$ran, &$done) {
	$ran[] = $done ? "at shutdown" : "in the request";
	return ["by" => $role, "types" => count($client->getEventTypes())];
});
echo "$role got ", json_encode($value), ", callback ran: ", json_encode($ran), "\n";
echo "$role stats: ", json_encode(array_filter($cache->stats())), "\n";
$done = true;
register_shutdown_function(function () use ($role, $cache, &$ran) {
	echo "$role after shutdown: callback ran: ", json_encode($ran), ", stats: ", json_encode(array_filter($cache->stats())), "\n";
});
';
$env = ['DSN' => redis_dsn(), 'PREFIX' => $prefix];
$a = swr_child($code, $env + ['ROLE' => 'A']);
$b = swr_child($code, $env + ['ROLE' => 'B']);
$c = swr_child($code, $env + ['ROLE' => 'C']);
foreach ([$a, $b, $c] as $child) {
	swr_expect($child, 'ready');
}

swr_tell($a);
echo swr_finish($a);
$first = swr_entry($prefix, 'item');
$pttl = swr_raw()->cmd('PTTL', "{$prefix}swr:{item}");
echo 'A stored: fresh ', $first['fresh'], ' ms, expires within the stale TTL: ', var_export($pttl > (STALE - 10) * 1000 && $pttl <= STALE * 1000, true), "\n";
echo 'API calls so far: ', count(emulator_requests('event_types')), "\n";

// Stale by the Redis clock (what the script judges by).
while (swr_now_ms() < $first['created'] + FRESH * 1000 + 50) {
	usleep(50000);
}
swr_tell($b);
// B's two lines from inside the request, then its shutdown revalidation
// writes; C goes as soon as that entry is there (not after B's exit, slow
// under valgrind).
$bOut = swr_expect($b, 'B got') . "\n" . swr_expect($b, 'B stats') . "\n";
$t = microtime(true);
do {
	usleep(20000);
	$second = swr_entry($prefix, 'item');
} while ($second['created'] === $first['created'] && microtime(true) - $t < 60);
swr_tell($c);
$cOut = swr_expect($c, 'C got') . "\n";
echo $bOut, swr_finish($b);
echo 'B stored a newer entry: ', var_export($second['created'] > $first['created'], true), ', API calls: ',
	count(emulator_requests('event_types')), "\n";
echo 'lock released: ', var_export(swr_raw()->cmd('EXISTS', "{$prefix}swr:{item}:lock") === 0, true), "\n";
echo $cOut, swr_finish($c);
echo 'API calls: ', count(emulator_requests('event_types')), "\n";

// In this process: fresh TTL 0 makes an entry stale at once.
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$deferred = new Calcom\SwrCache($store, ['fresh_ttl' => 0, 'stale_ttl' => STALE]);
$calls = 0;
$cb = function () use (&$calls) { return 'new ' . ++$calls; };
$deferred->set('x', 'old x');
$deferred->set('y', 'old y');
echo "\nremember x, y, x: ", $deferred->remember('x', $cb), ', ', $deferred->remember('y', $cb), ', ',
	$deferred->remember('x', $cb), "\n";
echo 'callback runs: ', $calls, ', stats: ', json_encode(array_filter($deferred->stats())), "\n";
echo 'runDeferred(): ', $deferred->runDeferred(), ', callback runs: ', $calls, ', stats: ',
	json_encode(array_filter($deferred->stats())), "\n";
echo 'runDeferred() again: ', $deferred->runDeferred(), "\n";
echo 'get x, y: ', $deferred->get('x'), ', ', $deferred->get('y'), "\n";

// Calcom\runDeferred() runs the queues of every cache of the request.
$other = new Calcom\SwrCache($store, ['fresh_ttl' => 0, 'stale_ttl' => STALE]);
echo 'two caches: ', $deferred->remember('x', $cb), ', ', $other->remember('y', $cb), ', deferred ',
	$deferred->stats()['deferred'], ' + ', $other->stats()['deferred'], "\n";
echo 'Calcom\runDeferred(): ', Calcom\runDeferred(), ', callback runs: ', $calls, ', deferred ',
	$deferred->stats()['deferred'], ' + ', $other->stats()['deferred'], ', again: ', Calcom\runDeferred(), "\n";
echo 'get x, y: ', $deferred->get('x'), ', ', $deferred->get('y'), "\n";

$inline = new Calcom\SwrCache($store, ['fresh_ttl' => 0, 'stale_ttl' => STALE, 'revalidate' => 'inline']);
$inline->set('z', 'old z');
echo 'inline: ', $inline->remember('z', fn () => 'new z'), ', stats: ', json_encode(array_filter($inline->stats())),
	', stored: ', $inline->get('z'), "\n";
echo 'keys: ', implode(' ', swr_keys($prefix)), "\n";
swr_cleanup($prefix);
emulator('DELETE', '/__admin/faults');
?>
--EXPECT--
A got {"by":"A","types":3}, callback ran: ["in the request"]
A stats: {"misses":1}
A after shutdown: callback ran: ["in the request"], stats: {"misses":1}
A stored: fresh 4000 ms, expires within the stale TTL: true
API calls so far: 1
B got {"by":"A","types":3}, callback ran: []
B stats: {"stale_hits":1,"deferred":1}
B after shutdown: callback ran: ["at shutdown"], stats: {"stale_hits":1,"revalidations":1}
B stored a newer entry: true, API calls: 2
lock released: true
C got {"by":"B","types":3}, callback ran: []
C stats: {"fresh_hits":1}
C after shutdown: callback ran: [], stats: {"fresh_hits":1}
API calls: 2

remember x, y, x: old x, old y, old x
callback runs: 0, stats: {"stale_hits":3,"deferred":2}
runDeferred(): 2, callback runs: 2, stats: {"stale_hits":3,"revalidations":2}
runDeferred() again: 0
get x, y: new 1, new 2
two caches: new 1, new 2, deferred 1 + 1
Calcom\runDeferred(): 2, callback runs: 4, deferred 0 + 0, again: 0
get x, y: new 3, new 4
inline: new z, stats: {"stale_hits":1,"revalidations":1}, stored: new z
keys: swr:{item} swr:{x} swr:{y} swr:{z}
