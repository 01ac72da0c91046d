<?php
/*
 * Observation (bench/load/run.sh's pressure phase): when the shared rate
 * limiter refuses the revalidation of a stale availability day, the next
 * stale read of that day tries again, and so does every read after it: no
 * back-off (the lock is released at once, nothing records the refusal or its
 * retry-after). Each attempt runs after the response (Calcom\runDeferred()
 * behind fastcgi_finish_request()) and costs the worker a limiter round
 * trip, plus a sleep of up to the Client's limiter_wait when the bucket is
 * about to refill (a wait it may then lose to another worker), so under a
 * drained limiter the FPM workers of a cache-hot endpoint spend their time
 * on revalidation attempts. Expected (suggestion): a refused revalidation keeps the
 * day's lock (or a marker) until the RateLimitException's retryAfter(), and
 * deferred revalidations do not wait for tokens.
 *
 *   php -d extension=modules/calcom.so bench/load/repro/stale_revalidation_no_backoff.php
 * Needs CALCOM_TEST_REDIS_PORT and CALCOM_TEST_EMULATOR_URL. Prints the
 * attempts; exit 1 when every stale read made one.
 */
$dsn = 'redis://127.0.0.1:' . getenv('CALCOM_TEST_REDIS_PORT');
$p = 'repro:' . getmypid() . ':';
$store = new Calcom\Store($dsn, ['prefix' => $p]);
$limiter = new Calcom\RateLimiter($store, 'api', ['limit' => 100, 'burst' => 10]);
$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 1, 'stale_ttl' => 600, 'early_refresh' => 0]);
$client = new Calcom\Client('cal_repro_' . bin2hex(random_bytes(6)), [
	'base_url' => getenv('CALCOM_TEST_EMULATOR_URL') . '/v2',
	'store' => $store, 'limiter' => $limiter, 'cache' => $cache, 'limiter_wait' => 0.5,
]);
$day = (new DateTimeImmutable('tomorrow', new DateTimeZone('Europe/Berlin')))->format('Y-m-d');
$client->getAvailableSlots(1001, $day, $day);
sleep(2);                                                   // the day is stale now
$reads = 10;
for ($i = 0; $i < $reads; $i++) {
	// Other workers keep the shared bucket dry.
	while ($limiter->tryAcquire(1, Calcom\RateLimiter::PRIORITY_CRITICAL) == 0.0) {
	}
	$t = microtime(true);
	$client->getAvailableSlots(1001, $day, $day);          // stale: served at once
	$served = microtime(true) - $t;
	$t = microtime(true);
	$ran = Calcom\runDeferred();                            // what FPM runs after the response
	printf("stale read %d: served in %.1f ms, then %d revalidation attempt(s), %.0f ms\n", $i, $served * 1000, $ran,
		(microtime(true) - $t) * 1000);
}
$s = $cache->stats();
printf("stale_hits %d, revalidations %d, errors_served_stale %d\n", $s['stale_hits'], $s['revalidations'], $s['errors_served_stale']);
exit($s['revalidations'] >= $reads ? 1 : 0);
