--TEST--
Client behind an adaptive limiter: Cal.com's 429 with its reset stops every process after one request, they resume after the reset at the cut rate, and the full rate returns after recovery_seconds
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'calcom-test:adaptive-' . getmypid() . ':';
$options = ['limit' => 600, 'burst' => 10, 'decrease_factor' => 0.5, 'min_limit' => 60, 'recovery_seconds' => 5];
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$limiter = new Calcom\RateLimiter($store, 'api', $options);
$client = test_client(['limiter' => $limiter, 'limiter_wait' => 0.0]);

// Four other processes, started and ready before the storm (a slow start,
// under valgrind say, must not outlast it).
$code = '$s = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$l = new Calcom\RateLimiter($s, "api", json_decode(getenv("OPTIONS"), true));
$c = new Calcom\Client("cal_test_0123456789abcdef", ["base_url" => getenv("BASE"), "limiter" => $l, "limiter_wait" => 0.0]);
$l->status();
echo "ready\n";
fgets(STDIN);
try { $c->getEventTypes(); echo "sent"; } catch (Calcom\RateLimitException $e) { echo $e->getStatusCode() === null && $e->retryAfter() > 1.0 ? "held back" : "other"; }';
$env = ['DSN' => redis_dsn(), 'PREFIX' => $prefix, 'OPTIONS' => json_encode($options), 'BASE' => emulator_url() . '/v2'];
$procs = [];
for ($i = 0; $i < 4; $i++) {
	$procs[] = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
		[0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$i], null, $env);
}
foreach ($procs as $i => $p) {
	fgets($pipes[$i][1]);
}

// Cal.com answers 429 with Remaining 0 and Reset for the next 3 seconds.
emulator('POST', '/__admin/storm', ['seconds' => 3]);
try {
	$client->getEventTypes();
} catch (Calcom\RateLimitException $e) {
	printf("first request: HTTP %d, retry after %.0f s\n", $e->getStatusCode(), $e->retryAfter());
}
$s = $limiter->status();
printf("limiter: %s, effective limit %g of %g, capacity %g\n", $s['reason'], $s['effective_limit'], $s['limit'], $s['capacity']);

// The four try at once: none of them reaches Cal.com.
foreach ($procs as $i => $p) {
	fwrite($pipes[$i][0], "go\n");
}
$answers = [];
foreach ($procs as $i => $p) {
	$answers[] = stream_get_contents($pipes[$i][1]) . stream_get_contents($pipes[$i][2]);
	proc_close($p);
}
echo 'other processes: ', implode(', ', array_count_values($answers) === ['held back' => 4] ? ['4 x held back'] : $answers), "\n";
echo 'requests that reached Cal.com during the storm: ', count(emulator_requests('event_types')), "\n";

// After the server's reset: requests pass again, at the cut rate (the
// bucket starts empty; this client may wait for its token).
$pause = $limiter->status()['paused_for'];
usleep((int) (($pause + 0.1) * 1e6));
test_client(['limiter' => $limiter, 'limiter_wait' => 2.0])->getEventTypes();
$s = $limiter->status();
printf("after the reset: %s, effective limit %g, capacity %g\n", $s['reason'], $s['effective_limit'], $s['capacity']);

// recovery_seconds after the 429 the full limit is back.
usleep((int) (($limiter->status()['recovers_in'] + 0.1) * 1e6));
$s = $limiter->status();
printf("after recovery: %s, effective limit %g, capacity %g\n", $s['reason'], $s['effective_limit'], $s['capacity']);
echo 'requests in all: ', count(emulator_requests('event_types')), "\n";
$limiter->reset();
?>
--EXPECT--
first request: HTTP 429, retry after 3 s
limiter: paused, effective limit 300 of 600, capacity 5
other processes: 4 x held back
requests that reached Cal.com during the storm: 1
after the reset: reduced, effective limit 300, capacity 5
after recovery: normal, effective limit 600, capacity 10
requests in all: 2
