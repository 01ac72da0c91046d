--TEST--
RequestQueue retries and failures: a 500, a truncated answer or a timeout is an attempt and retried after retry_delay (doubling); always 500 ends failed after max_attempts with the last error; a 400 fails at once; a job waiting for its retry is "delayed", counted by depth() but not by depth(its priority) (which counts the queued), without a position
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
q_unlimited();
$prefix = q_prefix('retries');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['retries' => 0, 'timeout' => 2]);
$q = new Calcom\RequestQueue($store, $client, ['concurrency' => 1, 'max_attempts' => 3, 'retry_delay' => 0.1]);

function run(Calcom\RequestQueue $q, string $label, string $path, array $sequence): void
{
	emulator('DELETE', '/__admin/requests');
	emulator('POST', '/__admin/faults', ['endpoint' => '*', 'sequence' => $sequence]);
	$id = $q->enqueue('GET', $path, ['n' => $label]);
	$worked = $q->work(1, 60.0);
	emulator('DELETE', '/__admin/faults');
	$r = $q->result($id);
	$s = $q->status($id);
	$log = q_log();
	$gaps = [];
	for ($i = 1; $i < count($log); $i++) {
		$gaps[] = $log[$i]['ts'] - $log[$i - 1]['ts'];
	}
	$e = $r['error'];
	echo "$label: worked $worked, {$r['status']} after {$r['attempts']} attempt(s) (status: {$s['status']}, {$s['attempts']}), requests ",
		count($log), $e ? ", error {$e['type']} " . var_export($e['status'], true) . " {$e['class']}" : ", result {$r['result']['id']}", "\n";
	if ($s['last_error'] !== null) {
		echo '   last_error: ', $s['last_error']['type'], ' ', var_export($s['last_error']['status'], true), ' ',
			$s['last_error']['class'], "\n";
	}
	if ($e) {
		echo '   message: ', $e['message'], "\n";
	}
	// retry_delay 0.1 doubling: the gaps are at least 0.1 s, then 0.2 s.
	foreach ($gaps as $i => $gap) {
		if ($gap < 0.1 * (2 ** $i) - 0.01) {
			printf("   retry %d came after %.3f s only\n", $i + 1, $gap);
		}
	}
}

run($q, '500 once', '/event-types/1001', [500]);
run($q, 'truncated once', '/event-types/1001', ['truncate']);
run($q, 'timeout once', '/event-types/1001', [['sleep_ms' => 5000]]);
run($q, 'always 500', '/event-types/1001', [500, 502, 503, 500]);
run($q, '400', '/event-types/1001', [400]);
run($q, 'bad id', '/event-types/abc', []);

// A retry far off: the job waits "delayed". A second job behind it lets work(1) return.
emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_list', 'sequence' => [503]]);
$slow = new Calcom\RequestQueue($store, $client, ['name' => 'slow', 'concurrency' => 1, 'retry_delay' => 60]);
$d = $slow->enqueue('GET', '/bookings', ['n' => 'delayed'], Calcom\RateLimiter::PRIORITY_HIGH);
$slow->enqueue('GET', '/event-types/1001', ['n' => 'next'], Calcom\RateLimiter::PRIORITY_HIGH);
echo "\nworked ", $slow->work(1, 60.0), "\n";
$s = $slow->status($d);
echo "delayed: {$s['status']}, attempts {$s['attempts']}, position ", var_export($s['position'], true), '/',
	var_export($slow->position($d), true), ', estimatedWait ', var_export($slow->estimatedWait($d), true),
	', last_error ', $s['last_error']['status'], ', result ', var_export($slow->result($d), true), "\n";
echo 'depth ', $slow->depth(), ', depth(HIGH) ', $slow->depth(Calcom\RateLimiter::PRIORITY_HIGH), ', depth(NORMAL) ',
	$slow->depth(Calcom\RateLimiter::PRIORITY_NORMAL), "\n";
q_cleanup($prefix);
?>
--EXPECTF--
500 once: worked 1, done after 2 attempt(s) (status: done, 2), requests 2, result 1001
   last_error: api 500 Calcom\ApiException
truncated once: worked 1, done after 2 attempt(s) (status: done, 2), requests 2, result 1001
   last_error: network NULL Calcom\ApiException
timeout once: worked 1, done after 2 attempt(s) (status: done, 2), requests 2, result 1001
   last_error: timeout NULL Calcom\TimeoutException
always 500: worked 1, failed after 3 attempt(s) (status: failed, 3), requests 3, error api 503 Calcom\ApiException
   last_error: api 502 Calcom\ApiException
   message: GET /event-types/1001?n=always%20500: HTTP 503 ServiceUnavailableException%s
400: worked 1, failed after 1 attempt(s) (status: failed, 1), requests 1, error api 400 Calcom\ApiException
   message: GET /event-types/1001?n=400: HTTP 400 BadRequestException%s
bad id: worked 1, failed after 1 attempt(s) (status: failed, 1), requests 1, error api 400 Calcom\ApiException
   message: GET /event-types/abc?n=bad%20id: HTTP 400 BadRequestException: Validation failed (numeric string is expected)

worked 1
delayed: delayed, attempts 1, position NULL/NULL, estimatedWait NULL, last_error 503, result NULL
depth 1, depth(HIGH) 0, depth(NORMAL) 0
