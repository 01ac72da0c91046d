<?php
/*
 * The soak's plan: php plan.php SECONDS RUN_DIR REDIS_PORT EMULATOR_URL
 * writes RUN_DIR/config.json (what the workers and the checks read) and
 * RUN_DIR/plan.env (the moments the controller in run.sh acts at, in ms).
 *
 * Timeline (T = SECONDS of load, from t0):
 *   [0, T - tail)  faults: two cycles of 8 phases of PH seconds each
 *                  (clean, latency, 5xx, 429, drop, malformed/truncate,
 *                  slow, clean), and one sequence of booking faults per
 *                  cycle (5xx, drop, lost response, 5xx after commit)
 *   0.3 (T-tail)   one queue worker is SIGKILLed and a new one started
 *   7 PH           redis-server is SIGKILLed, down ~1.5 s, started again
 *                  (in the first cycle's clean phase: calls answer fast, so
 *                  the gap is seen by every worker)
 *   8 PH + 1 s     the workers' middle memory reading (after one full cycle)
 *   [T - tail, T)  clean: longer than twice the breaker's longest recovery
 *   T + DRAIN      the drain deadline (queue jobs, unfinished bookings)
 */

[, $seconds, $dir, $redisPort, $emulatorUrl] = $argv + [null, null, null, null, null];
if ($emulatorUrl === null || (int) $seconds < 20) {
	fwrite(STDERR, "usage: plan.php SECONDS(>=20) RUN_DIR REDIS_PORT EMULATOR_URL\n");
	exit(2);
}
$T = (int) $seconds;
$tail = max(10.0, $T / 6);           // breaker max recovery 4 s: open -> half_open -> 2 probes
$faultWindow = $T - $tail;
$ph = $faultWindow / 16;
$drain = 25.0;
$t0 = microtime(true) + 1.5;          // the workers start together

// Opens on 3 weighted failures in 10 s, recovers in 2 s, then 4 s. A probe's
// lease (probe_timeout) is 5 s, longer than any one request of the soak, not
// the default 30 s, so a probe whose worker is SIGKILLed frees the breaker
// within the soak (the others are refused meanwhile with retryAfter <= 1 s).
$breaker = ['threshold' => 3, 'recovery' => 2, 'successes' => 2,
	'options' => ['failure_window' => 10, 'max_recovery_timeout' => 4, 'probe_timeout' => 5]];

$restartAt = $t0 + 7 * $ph + 0.1;

// Booking pairs: distinct 30-minute slots (event type 1001) on Monday
// 2025-10-06 and Tuesday 2025-10-07, 09:00 Berlin (07:00Z) on; three in four
// are booked by both booking processes at the same moment, spread over the
// fault window, and one more by both while Redis is down.
$pairs = [];
$n = 24;
for ($k = 0; $k <= $n; $k++) {
	$day = $k < 18 ? '2025-10-06' : '2025-10-07';
	$slot = $k < 18 ? $k : $k - 18;
	$start = (new DateTimeImmutable("{$day}T07:00:00Z"))->modify('+' . (30 * $slot) . ' minutes');
	$pairs[] = [
		'email' => sprintf('soak-%02d@example.com', $k),
		'start' => $start->format('Y-m-d\TH:i:s\Z'),
		'at' => $k < $n ? $t0 + 0.5 + $k * ($faultWindow - 2) / $n : $restartAt + 0.5,
		'by' => $k % 4 === 3 ? ['book1'] : ['book1', 'book2'],
	];
}

// Queue jobs: event types and slots (GET) and bookings (POST, Wednesday
// 2025-10-08), enqueued evenly over the fault window.
$jobs = [];
$nJobs = (int) round($T * 1.2);
for ($j = 0; $j < $nJobs; $j++) {
	$at = $t0 + 0.25 + $j * ($faultWindow - 1) / $nJobs;
	switch ($j % 6) {
		case 0: case 1: case 2:
			$jobs[] = ['at' => $at, 'method' => 'GET', 'path' => '/event-types/' . (1001 + $j % 3), 'params' => ['n' => $j]];
			break;
		case 3: case 4:
			$day = sprintf('2025-10-%02d', 1 + $j % 10);
			$jobs[] = ['at' => $at, 'method' => 'GET', 'path' => '/slots',
				'params' => ['eventTypeId' => 1001, 'start' => $day, 'end' => $day, 'timeZone' => 'Europe/Berlin', 'n' => $j]];
			break;
		default:
			$slot = intdiv($j, 6) % 18;
			$start = (new DateTimeImmutable('2025-10-08T07:00:00Z'))->modify('+' . (30 * $slot) . ' minutes');
			$jobs[] = ['at' => $at, 'method' => 'POST', 'path' => '/bookings', 'params' => [
				'eventTypeId' => 1001, 'start' => $start->format('Y-m-d\TH:i:s\Z'),
				'attendee' => ['name' => "Queue $j", 'email' => sprintf('queue-%03d@example.com', $j),
					'timeZone' => 'Europe/Berlin']]];
	}
}

$config = [
	'seconds' => $T,
	'dsn' => "redis://127.0.0.1:$redisPort",
	'prefix' => 'soak:',
	'base_url' => "$emulatorUrl/v2",
	'emulator' => $emulatorUrl,
	'api_key' => 'cal_soak_0123456789abcdef',
	't0' => $t0,
	'end_at' => $t0 + $T,
	'mid_at' => $t0 + 8 * $ph + 1.0,
	'restart_at' => $restartAt,
	'faults_end_at' => $t0 + $faultWindow,
	'drain_deadline' => $t0 + $T + $drain,
	'stop_file' => "$dir/stop",
	'limiter' => ['limit' => 3000, 'burst' => 100, 'min_limit' => 600, 'recovery_seconds' => 10],
	'breaker' => $breaker,
	'booking_timeout' => 1.0,
	'on_failure' => ['avail1' => 'open', 'avail2' => 'closed'],
	// visibility_timeout: longer than a booking job can take. Its client
	// (timeout 2 s, no retries) waits up to 9 + 2 s for a booking another
	// attempt left pending; a shorter lease would lapse while the job runs.
	'queue' => ['name' => 'soak', 'concurrency' => 4, 'visibility_timeout' => 15, 'max_attempts' => 4,
		'retry_delay' => 0.2],
	'pairs' => $pairs,
	'jobs' => $jobs,
];
file_put_contents("$dir/config.json", json_encode($config, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));

$ms = fn (float $t) => (int) round($t * 1000);
file_put_contents("$dir/plan.env", implode("\n", [
	'T0_MS=' . $ms($t0),
	'PH_MS=' . $ms($ph),
	'FAULTS_END_MS=' . $ms($t0 + $faultWindow),
	'END_MS=' . $ms($t0 + $T),
	'KILL_MS=' . $ms($t0 + 0.3 * $faultWindow),
	'RESTART_MS=' . $ms($restartAt),
	'DRAIN_MS=' . $ms($t0 + $T + $drain),
	'STORM_S=' . max(1, (int) round($ph * 0.8)),
]) . "\n");
