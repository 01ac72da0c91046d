<?php
/*
 * What the extension does today, against a real Redis and the Cal.com
 * emulator, ending with the main job: a caller's desired time is taken,
 * the AlternativeFinder offers real free slots, the caller books one.
 */
$redis = 'redis://127.0.0.1:' . getenv('CALCOM_TEST_REDIS_PORT');
$calcom = getenv('CALCOM_TEST_EMULATOR_URL') . '/v2';

echo "calcom ", phpversion('calcom'), "\n\n";

echo "== Calcom\\Store: one persistent Redis connection per worker\n";
$store = new Calcom\Store($redis, ['prefix' => 'demo:']);
printf("PING round trip      %.3f ms\n", $store->ping() * 1000);
printf("Redis clock          %s\n", date('Y-m-d H:i:s', (int) $store->time()));
// Every state change in the components is one Lua script like this one:
// run by SHA-1, its body sent only when Redis does not know it yet.
$count = 'return redis.call("INCR", KEYS[1])';
for ($i = 0; $i < 3; $i++) {
	$n = $store->evalScript($count, [$store->prefix() . 'counter:{demo}']);
}
$store->evalScript('return redis.call("DEL", KEYS[1])', [$store->prefix() . 'counter:{demo}']);
printf("script ran 3 times   counter = %d\n", $n);
$stats = $store->stats();
printf("connection           %s, %d connect(s), %d round trips, %d script load(s)\n",
	$stats['endpoint'], $stats['connects'], $stats['round_trips'], $stats['script_loads']);

try {
	(new Calcom\Store('redis://127.0.0.1:1', ['connect_timeout' => 0.2]))->ping();
} catch (Calcom\StoreException $e) {
	printf("unreachable Redis    %s: %s\n", get_class($e), $e->getMessage());
}

echo "\n== Calcom\\Client against the Cal.com emulator\n";
$client = new Calcom\Client('demo-key', ['base_url' => $calcom, 'store' => $store]);
$monday = new DateTimeImmutable('next monday', new DateTimeZone('Europe/Berlin'));
$day = $monday->format('Y-m-d');
$slots = $client->getAvailableSlots(1001, $day, $day);
printf("getAvailableSlots    %d slots on %s, first %s\n", count($slots[$day] ?? []), $day, $slots[$day][0] ?? '-');

$queries = [];
for ($i = 0; $i < 5; $i++) {
	$d = $monday->modify("+$i day")->format('Y-m-d');
	$queries[$d] = ['eventTypeId' => 1001, 'start' => $d, 'end' => $d];
}
$t = hrtime(true);
$week = $client->getAvailableSlotsMany($queries);
printf("getAvailableSlotsMany 5 days in parallel in %.1f ms: %s\n", (hrtime(true) - $t) / 1e6,
	implode(', ', array_map(fn ($d, $r) => substr($d, 5) . ' ' . (is_array($r) ? count($r[$d] ?? []) : 'error'),
		array_keys($week), $week)));

$booking = ['eventTypeId' => 1001, 'start' => $slots[$day][2],
	'attendee' => ['name' => 'Erika Mustermann', 'email' => 'erika@example.com', 'phoneNumber' => '+49 170 0000000']];
$first = $client->createBooking($booking);
$again = $client->createBooking($booking);   // the same intent: the remembered booking, no second POST
printf("createBooking        uid %s at %s; asked again: same uid %s\n", $first['uid'], $first['start'],
	$again['uid'] === $first['uid'] ? 'yes' : 'NO');
try {
	$booking['attendee']['email'] = 'someone.else@example.com';
	$client->createBooking($booking);
} catch (Calcom\ApiException $e) {
	printf("slot taken           %d: %s\n", $e->getStatusCode(), $e->getUserMessage());
}
$client->cancelBooking($first['uid'], 'demo');
$stats = $client->stats();
printf("HTTP engine          %d requests over %d connection(s); bookings always open a fresh one\n", $stats['requests'],
	$stats['new_connections']);

echo "\n== The availability cache (Calcom\\SwrCache): one fetch, then Redis only\n";
$calls = function () use ($calcom): int {
	$log = json_decode(file_get_contents(substr($calcom, 0, -3) . '/__admin/requests?endpoint=slots'), true);
	return count($log['requests']);
};
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 300, 'stale_ttl' => 1800]);
$cached = new Calcom\Client('demo-key', ['base_url' => $calcom, 'store' => $store, 'cache' => $cache,
	'tenant' => 'demo-company']);
$cached->invalidateAvailability(1001, $monday);  // a clean start for the demo's days
$from = $monday->format('Y-m-d');
$to = $monday->modify('+13 day')->format('Y-m-d');
foreach (['cold', 'warm'] as $run) {
	$before = [$calls(), $store->stats()['round_trips'], hrtime(true)];
	$days = $cached->getAvailableSlots(1001, $from, $to);
	printf("%s 14 days          %d days with slots, %d Cal.com call(s), %d Redis round trip(s), %.1f ms\n", $run,
		count($days), $calls() - $before[0], $store->stats()['round_trips'] - $before[1], (hrtime(true) - $before[2]) / 1e6);
}
$slot = $days[$from][0];
$booked = $cached->createBooking(['eventTypeId' => 1001, 'start' => $slot,
	'attendee' => ['name' => 'Max Mustermann', 'email' => 'max@example.com']]);
$before = $calls();
$days = $cached->getAvailableSlots(1001, $from, $to);
printf("booked %s   the booking invalidated its days (this tenant's, the day before to a week after); next read: %d call, slot offered: %s\n",
	substr($slot, 0, 16), $calls() - $before, in_array($slot, $days[$from] ?? [], true) ? 'YES (wrong)' : 'no');
$cached->cancelBooking($booked['uid'], 'demo');
$s = $cache->stats();
printf("cache stats          %d fresh, %d stale, %d missed (days)\n", $s['fresh_hits'], $s['stale_hits'], $s['misses']);

echo "\n== The main job (Calcom\\AlternativeFinder): the caller's time is taken, offer real alternatives\n";
// The finder keeps company 42's branch in its own cache entries
// ("company:42:branch:berlin-mitte"); a client with that tenant books for it,
// so its bookings invalidate that tenant's days.
$branch = new Calcom\Client('demo-key', ['base_url' => $calcom, 'store' => $store, 'cache' => $cache,
	'tenant' => 'company:42:branch:berlin-mitte']);
$finder = (new Calcom\AlternativeFinder($branch, ['timezone' => 'Europe/Berlin']))->setTenantContext(42, 'berlin-mitte');
$wednesday = $monday->modify('+2 day')->setTime(14, 0);
$taken = $branch->createBooking(['eventTypeId' => 1001, 'start' => $wednesday->format(DATE_RFC3339),
	'attendee' => ['name' => 'Erika Musterfrau', 'email' => 'erika@example.com']]);
printf("desired              %s (already booked by someone else)\n", $wednesday->format('D d.m. H:i'));
foreach (['cold', 'warm'] as $run) {
	$t = hrtime(true);
	$r = $finder->findAlternatives($wednesday, 60, 1001, 7);
	printf("%s search          %d Cal.com call(s), %.1f ms, timeout_hit %s\n", $run, $r['api_calls'],
		(hrtime(true) - $t) / 1e6, var_export($r['timeout_hit'], true));
}
foreach ($r['alternatives'] as $a) {
	printf("  %-18s %s  %-40s score %d\n", $a['type'], $a['datetime']->format('D d.m. H:i'), $a['description'], $a['score']);
}
printf("spoken               %s\n", $r['responseText']);
printf("in English           %s\n", $finder->buildAlternativeResponse(
	$finder->findAlternatives($wednesday, 60, 1001, 7, 'en')['alternatives'], 'en'));
$choice = $r['alternatives'][0]['datetime'];
$booking = $branch->createBooking(['eventTypeId' => 1001, 'start' => $choice->format(DATE_RFC3339),
	'attendee' => ['name' => 'Max Mustermann', 'email' => 'max@example.com']], 'demo-call-' . getmypid());
printf("booked               %s, uid %s\n", $choice->format('D d.m. H:i'), $booking['uid']);
$r = $finder->findAlternatives($wednesday, 60, 1001, 7);
$still = array_filter($r['alternatives'], fn ($a) => $a['datetime'] == $choice);
printf("after the booking    its days were invalidated for this tenant only: the next search made %d call(s) and %s the booked slot\n",
	$r['api_calls'], $still ? 'STILL OFFERS (wrong)' : 'no longer offers');
$branch->cancelBooking($booking['uid'], 'demo');
$branch->cancelBooking($taken['uid'], 'demo');

echo "\n== After the call: Calcom\\RequestQueue runs what can wait, Calcom\\Metrics counts everything\n";
$metrics = new Calcom\Metrics($store, 'demo');
$metrics->reset();
$worker = new Calcom\Client('demo-key', ['base_url' => $calcom, 'store' => $store, 'metrics' => $metrics,
	'limiter' => new Calcom\RateLimiter($store, 'demo_api'), 'breaker' => new Calcom\CircuitBreaker($store, 'demo'),
	'cache' => $cache]);
$queue = new Calcom\RequestQueue($store, $worker, ['name' => 'demo']);
$callback = getenv('CALCOM_TEST_EMULATOR_URL') . '/__callback/demo';
$jobs = [];
foreach ([1, 2, 3] as $week) {
	$from = $monday->modify('+' . (7 * $week) . ' day')->format('Y-m-d');
	$to = $monday->modify('+' . (7 * $week + 4) . ' day')->format('Y-m-d');
	$jobs["week +$week (LOW)"] = $queue->enqueue('GET', '/slots', ['eventTypeId' => 1001, 'start' => $from, 'end' => $to,
		'timeZone' => 'Europe/Berlin'], Calcom\RateLimiter::PRIORITY_LOW, $callback);
}
$jobs['event types (HIGH)'] = $queue->enqueue('GET', '/event-types', [], Calcom\RateLimiter::PRIORITY_HIGH, $callback);
foreach ($jobs as $what => $id) {
	printf("queued %-20s id %s, position %d, estimated wait %.2f s\n", $what, $id, $queue->position($id),
		$queue->estimatedWait($id));
}
printf("worker ran           %d jobs in one batch\n", $queue->work(count($jobs)));
foreach ($jobs as $what => $id) {
	$r = $queue->result($id);
	$s = $queue->status($id);
	printf("  %-20s %s after %d attempt(s), %d entries, callback %s\n", $what, $r['status'], $r['attempts'],
		count($r['result'] ?? []), $s['callback']);
}
$worker->getAvailableSlots(1001, $day, $day);   // from Cal.com into the cache,
$worker->getAvailableSlots(1001, $day, $day);   // then a cache hit: both counted
$metrics->flush();
$snap = $metrics->snapshot();
foreach ($snap['requests'] as $endpoint => $statuses) {
	printf("requests %-11s %s, p50 %.1f ms, p95 %.1f ms\n", $endpoint, json_encode($statuses),
		($snap['latency'][$endpoint]['p50'] ?? 0) * 1000, ($snap['latency'][$endpoint]['p95'] ?? 0) * 1000);
}
printf("cache hit rate       %s\n", $snap['cache_hit_rate'] === null ? '-' : sprintf('%.0f %%', $snap['cache_hit_rate'] * 100));
printf("rate limit           %d requests this minute of %.0f/min (%.1f %%)\n", $snap['rate_limit']['requests'],
	$snap['rate_limit']['limit'], $snap['rate_limit']['usage'] * 100);
printf("breakers             %s\n", implode(', ', array_map(fn ($n, $b) => "$n {$b['state']}", array_keys($snap['breakers']),
	$snap['breakers'])));
printf("queue                %d waiting, %d running\n", $snap['queues']['demo']['depth'], $snap['queues']['demo']['running']);
$lines = explode("\n", trim($metrics->prometheus()));
printf("prometheus()         %d lines, e.g. %s\n", count($lines),
	current(array_filter($lines, fn ($l) => str_starts_with($l, 'calcom_requests_total{endpoint="slots"'))));
