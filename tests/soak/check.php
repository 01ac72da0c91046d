<?php
/*
 * The soak's checks: php -d extension=calcom.so check.php RUN_DIR
 *
 * Reads what run.sh and the workers left in RUN_DIR, asks the emulator
 * (bookings, stats, request log) and Redis (every job's status and result),
 * and prints one "ok - …" or "not ok - …" line per check, with "# …" lines
 * of figures. run.sh counts the lines and prints the summary.
 */

$dir = $argv[1] ?? null;
if ($dir === null || !is_file("$dir/config.json")) {
	fwrite(STDERR, "usage: check.php RUN_DIR\n");
	exit(2);
}
$cfg = json_decode(file_get_contents("$dir/config.json"), true);
$outcome = json_decode(file_get_contents("$dir/outcome.json"), true);

// Memory bound, middle of the load (after one full fault cycle and the
// Redis restart) to its end, per worker: memory_get_usage() counts the live
// bytes of the Zend heap, and a worker allocates what it keeps (counters,
// pair records, job ids) before the middle reading, so a flat process moves
// by a few KB (seen: -9 KB to +1 KB). An availability worker makes ~800
// iterations (3-5 extension calls each) in that time, so 64 KB catches a
// leak of ~80 bytes per iteration; the booking workers make ~150 calls, the
// queue workers ~35 work() slices of many jobs and Redis calls each.
const MEM_GROWTH_BOUND = 64 * 1024;

$results = [];
function check(bool $ok, string $what, string $detail = ''): void
{
	echo $ok ? 'ok' : 'not ok', " - $what", $detail !== '' ? " ($detail)" : '', "\n";
}
function note(string $line): void
{
	echo "# $line\n";
}

function emulator(string $path): array
{
	global $cfg;
	$raw = @file_get_contents($cfg['emulator'] . $path, false, stream_context_create(['http' => ['timeout' => 10]]));
	return $raw === false ? [] : (json_decode($raw, true) ?? []);
}

function sum_of(array $summaries, string $key): int
{
	return array_sum(array_map(fn ($s) => $s[$key] ?? 0, $summaries));
}

function exceptions_of(array $summaries, string $class): int
{
	return array_sum(array_map(fn ($s) => $s['exceptions'][$class] ?? 0, $summaries));
}

// --- 1. processes -------------------------------------------------------------

$workers = [];   // name => role
foreach (file("$dir/workers.txt", FILE_IGNORE_NEW_LINES) as $line) {
	[$name, $role] = explode(' ', $line);
	$workers[$name] = $role;
}
$exits = [];
foreach (file("$dir/exits.txt", FILE_IGNORE_NEW_LINES) as $line) {
	[$name, $rc] = explode(' ', $line);
	$exits[$name] = (int) $rc;
}
$killed = 'qwork2';   // SIGKILLed on purpose
$summaries = [];
$bad = [];
foreach ($workers as $name => $role) {
	if ($name === $killed) {
		continue;
	}
	$file = "$dir/$name.json";
	$s = is_file($file) ? json_decode(file_get_contents($file), true) : null;
	if (($exits[$name] ?? -1) !== 0 || !is_array($s)) {
		$bad[] = "$name: exit " . ($exits[$name] ?? 'unknown') . (is_array($s) ? '' : ', no summary');
		continue;
	}
	$summaries[$name] = $s;
}
check(!$bad && count($summaries) === count($workers) - 1,
	'every worker exited 0 with its summary written', $bad ? implode('; ', $bad) : count($summaries) . ' workers');

$signalled = [];
foreach ($exits as $name => $rc) {
	if ($rc >= 128 && $name !== $killed) {
		$signalled[] = "$name: signal " . ($rc - 128);
	}
}
$killedOk = ($exits[$killed] ?? null) === 137 && $outcome['killed'] === 1;
check(!$signalled && $killedOk, 'no worker died by a signal except the one SIGKILLed on purpose (qwork2, 137)',
	$signalled ? implode('; ', $signalled) : "qwork2 exit " . var_export($exits[$killed] ?? null, true));

$patterns = '/Fatal error|Uncaught|Segmentation|core dumped|Warning:|Notice:|Deprecated:|Stack trace/i';
$dirty = [];
foreach (array_keys($workers) as $name) {
	$err = (string) @file_get_contents("$dir/$name.err") . (string) @file_get_contents("$dir/$name.out");
	if ($err !== '' && ($name !== $killed || preg_match($patterns, $err))) {
		$dirty[] = "$name: " . substr(trim(preg_replace('/\s+/', ' ', $err)), 0, 300);
	}
}
check(!$dirty, 'no worker wrote anything to stdout or stderr (no fatal, uncaught exception, crash or warning)',
	implode(' | ', $dirty));

$by = fn (string $role) => array_filter($summaries, fn ($s) => $s['role'] === $role);
$avail = $by('avail');
$book = $by('book');
$enq = $by('enqueue')['enqueue'] ?? null;
$qwork = $by('qwork');

// --- 7. the faults really happened ----------------------------------------------

$log = emulator('/__admin/requests')['requests'] ?? [];
$stats = emulator('/__admin/stats');
$kinds = ['500' => 0, '503' => 0, '429' => 0, 'storm' => 0, 'drop' => 0, 'truncate' => 0, 'malformed' => 0,
	'lost_response' => 0, 'after_commit' => 0, 'sleep_ms' => 0, 'latency' => 0];
$byEndpointStatus = [];
foreach ($log as $r) {
	$f = $r['fault'];
	if (is_int($f)) {
		$kinds[(string) $f] = ($kinds[(string) $f] ?? 0) + 1;
	} elseif (is_string($f) && isset($kinds[$f])) {
		$kinds[$f]++;
	} elseif (is_array($f) && isset($f['status'])) {
		$kinds[(string) $f['status']] = ($kinds[(string) $f['status']] ?? 0) + 1;
	} elseif (is_array($f) && isset($f['after_commit'])) {
		$kinds['after_commit']++;
	} elseif (is_array($f) && isset($f['sleep_ms'])) {
		$kinds['sleep_ms']++;
	}
	if (($r['latency_ms'] ?? 0) > 0) {
		$kinds['latency']++;
	}
	$k = $r['endpoint'] . ' ' . ($r['status'] ?? 'none');
	$byEndpointStatus[$k] = ($byEndpointStatus[$k] ?? 0) + 1;
}
$missing = array_keys(array_filter($kinds, fn ($n) => $n === 0));
check(!$missing && $outcome['admin_errors'] === 0 && $outcome['phases_applied'] === 16,
	'every fault kind was injected (16 phases applied, no admin error)',
	($missing ? 'never injected: ' . implode(', ', $missing) . '; ' : '') . json_encode($kinds) .
	", phases {$outcome['phases_applied']}, admin errors {$outcome['admin_errors']}");
if (preg_match('/faults end, left: (.*)$/m', (string) @file_get_contents("$dir/controller.log"), $m)) {
	$leftRules = json_decode($m[1], true)['faults'] ?? [];
	note('fault actions never used (cleared when the faults ended): ' . json_encode(array_filter(array_column($leftRules,
		'sequence', 'endpoint'))));
}
note('emulator: ' . count($log) . ' API requests; by status ' . json_encode($stats['status_counts'] ?? null) .
	', max concurrency ' . ($stats['max_concurrency'] ?? '?'));

// --- 2. no lost queue job ---------------------------------------------------------

$store = new Calcom\Store($cfg['dsn'], ['prefix' => $cfg['prefix']]);
$q = new Calcom\RequestQueue($store, new Calcom\Client($cfg['api_key'], ['base_url' => $cfg['base_url']]),
	$cfg['queue']);
$ids = $enq['ids'] ?? [];
$known = array_filter($ids, 'is_string');
check(count($known) === count($cfg['jobs']), 'every job was enqueued (StoreExceptions retried)',
	count($known) . ' of ' . count($cfg['jobs']) . ', ' . ($enq['enqueue_retries'] ?? '?') . ' enqueue retries');

$final = ['done' => 0, 'failed' => 0];
$notFinal = [];
$failedWithoutError = [];
$errorTypes = [];
$attempts = [];
$queueBookings = [];   // email => uid of a done booking job
foreach ($known as $j => $id) {
	$s = $q->status($id);
	$r = $q->result($id);
	if ($s === null || !in_array($s['status'], ['done', 'failed'], true) || $r === null) {
		$notFinal[] = "$j:" . ($s['status'] ?? 'unknown');
		continue;
	}
	$final[$r['status']]++;
	$attempts[$r['attempts']] = ($attempts[$r['attempts']] ?? 0) + 1;
	if ($r['status'] === 'failed') {
		$type = $r['error']['type'] ?? null;
		if (!$type || empty($r['error']['message'])) {
			$failedWithoutError[] = $j;
		}
		$errorTypes[$type ?? 'none'] = ($errorTypes[$type ?? 'none'] ?? 0) + 1;
	}
	$job = $cfg['jobs'][$j];
	if ($job['method'] === 'POST' && $r['status'] === 'done') {
		$queueBookings[$job['params']['attendee']['email']] = ['uid' => $r['result']['uid'] ?? null,
			'start' => $job['params']['start']];
	}
}
check(!$notFinal && ($enq['drained'] ?? false) && !$failedWithoutError,
	'no lost queue job: every job ended done, or failed with its error recorded, within the drain',
	($notFinal ? 'not finished: ' . implode(' ', $notFinal) . '; ' : '') .
	($failedWithoutError ? 'failed without an error: ' . implode(' ', $failedWithoutError) . '; ' : '') .
	"done {$final['done']}, failed {$final['failed']} " . json_encode($errorTypes) . ', drained ' .
	round(($enq['drained_at'] ?? 0) - $cfg['end_at'], 1) . ' s after the load');
check(($enq['depth'] ?? -1) === 0 && $q->depth() === 0, 'the queue is empty at the end (depth 0)',
	'depth ' . var_export($enq['depth'] ?? null, true));
$late = array_filter($enq['final_at'] ?? [], fn ($x) => $x !== null);
arsort($late);
foreach (array_slice($late, 0, 3, true) as $j => $at) {
	$s = $q->status($ids[$j]);
	$r = $q->result($ids[$j]);
	$rel = fn ($x) => $x === null ? '-' : sprintf('%+.1f', $x - $cfg['end_at']);
	note(sprintf('queue: job %d (%s %s, enqueued at %s s) finished %+.1f s after the load (started %s, finished %s): %s after %d attempts%s',
		$j, $cfg['jobs'][$j]['method'], $cfg['jobs'][$j]['path'], $rel($s['enqueued_at'] ?? null), $at,
		$rel($s['started_at'] ?? null), $rel($s['finished_at'] ?? null), $r['status'] ?? '?', $r['attempts'] ?? 0,
		isset($r['error']) ? ', ' . json_encode($r['error']) : (isset($s['last_error']) ? ', last ' . json_encode($s['last_error']) : '')));
}
note('queue: attempts per job ' . json_encode($attempts) . '; jobs finished by qwork1/qwork3 ' .
	json_encode(array_map(fn ($s) => $s['finished_jobs'], $qwork)));

// --- 3. no duplicate booking --------------------------------------------------------

$bookings = emulator('/__admin/bookings')['bookings'] ?? [];
$live = [];     // "email|start" => [uid, ...]
foreach ($bookings as $b) {
	if (($b['status'] ?? '') === 'cancelled') {
		continue;
	}
	$email = $b['attendees'][0]['email'] ?? '?';
	$start = (new DateTimeImmutable($b['start']))->setTimezone(new DateTimeZone('UTC'))->format('Y-m-d\TH:i:s\Z');
	$live["$email|$start"][] = $b['uid'];
}
$asked = [];
foreach ($cfg['pairs'] as $p) {
	$asked["{$p['email']}|{$p['start']}"] = true;
}
foreach ($queueBookings as $email => $qb) {
	$asked["$email|{$qb['start']}"] = true;
}
foreach ($cfg['jobs'] as $job) {
	if ($job['method'] === 'POST') {
		$asked["{$job['params']['attendee']['email']}|{$job['params']['start']}"] = true;
	}
}
$dups = array_filter($live, fn ($uids) => count($uids) > 1);
$strangers = array_diff_key($live, $asked);
check(count($bookings) > 0 && !$dups && !$strangers,
	'at most one live booking per (attendee email, start) at Cal.com, and none the soak did not ask for',
	count($bookings) . ' bookings' . ($dups ? '; duplicates: ' . json_encode($dups) : '') .
	($strangers ? '; unexpected: ' . json_encode(array_keys($strangers)) : ''));

$problems = [];
$contended = 0;
foreach ($cfg['pairs'] as $k => $p) {
	$key = "{$p['email']}|{$p['start']}";
	$uids = [];
	foreach ($book as $name => $s) {
		$e = $s['pairs'][$k] ?? null;
		if ($e === null) {
			continue;
		}
		if ($e['uid'] === null) {
			$problems[] = "pair $k: $name never booked it (" . json_encode($e['errors']) . ')';
			continue;
		}
		$uids[] = $e['uid'];
		if ($e['replay_uid'] !== null) {
			$uids[] = $e['replay_uid'];
		}
	}
	$contended += count($p['by']) > 1;
	$atCalcom = $live[$key] ?? [];
	if (count(array_unique($uids)) !== 1 || $atCalcom !== [reset($uids)]) {
		$problems[] = "pair $k: uids returned " . json_encode(array_values(array_unique($uids))) .
			', at Cal.com ' . json_encode($atCalcom);
	}
}
$mismatch = sum_of($book, 'replay_mismatch');
check(!$problems && $mismatch === 0,
	'every booking pair was booked, and every success (first call, other process, replay) returned the uid of its one booking',
	$problems ? implode('; ', array_slice($problems, 0, 5)) : count($cfg['pairs']) . " pairs, $contended booked by both processes at once");
$taken = sum_of($book, 'taken_for_own_pair');
$takenMessages = [];
foreach ($book as $name => $s) {
	foreach ($s['pairs'] as $k => $e) {
		if ($e['taken'] !== null) {
			$takenMessages[] = "$name pair $k: {$e['taken']}";
		}
	}
}
check($taken === 0, 'no createBooking was answered "taken" (400/409) for its own pair (no blind re-POST)',
	"$taken times" . ($takenMessages ? ': ' . implode('; ', array_slice($takenMessages, 0, 3)) : ''));
$qbad = [];
foreach ($queueBookings as $email => $qb) {
	if (($live["$email|{$qb['start']}"] ?? []) !== [$qb['uid']]) {
		$qbad[] = "$email: job result " . var_export($qb['uid'], true) . ', at Cal.com ' .
			json_encode($live["$email|{$qb['start']}"] ?? []);
	}
}
check(!$qbad, 'every done booking job holds the uid of its one booking at Cal.com',
	$qbad ? implode('; ', $qbad) : count($queueBookings) . ' booking jobs done');
$posts = array_filter($log, fn ($r) => $r['endpoint'] === 'bookings_create');
$refusedPosts = array_values(array_filter($posts, fn ($r) => in_array($r['status'], [400, 409], true)));
check(!$refusedPosts, 'no POST /bookings reached Cal.com for a booking that already existed (none answered 400/409)',
	count($refusedPosts) . ' refused' . ($refusedPosts ? ': ' . json_encode(array_map(fn ($r) =>
		($r['body']['attendee']['email'] ?? '?') . ' ' . ($r['body']['start'] ?? '?'), array_slice($refusedPosts, 0, 3))) : ''));
$together = 0;
foreach ($cfg['pairs'] as $k => $p) {
	$at = array_filter(array_map(fn ($s) => $s['pairs'][$k]['booked_at'] ?? null, $book));
	$together += count($p['by']) > 1 && count($at) === 2 && abs(max($at) - min($at)) < 1.0;
}
note("bookings: of the $contended pairs booked by both processes, $together had their booking in both within 1 s");
$orphans = [];
foreach ($known as $j => $id) {
	$job = $cfg['jobs'][$j];
	$r = $q->result($id);
	if ($job['method'] === 'POST' && ($r['status'] ?? '') === 'failed' &&
	    isset($live["{$job['params']['attendee']['email']}|{$job['params']['start']}"])) {
		$orphans[] = "$j (" . ($r['error']['type'] ?? '?') . ')';
	}
}
note('booking jobs failed although their booking exists (outcome unknown to the queue): ' .
	($orphans ? implode(', ', $orphans) : 'none'));
note('bookings: ' . count($posts) . ' POSTs (' . count(array_filter($posts, fn ($r) => $r['status'] === 201)) .
	' answered 201), createBooking calls ' . sum_of($book, 'attempts') . ', exceptions ' .
	json_encode(array_map(fn ($s) => $s['exceptions'], $book)));

// --- 4. breakers ---------------------------------------------------------------------

$openings = sum_of($avail, 'breaker_openings_seen');
$refusals = exceptions_of($avail, 'Calcom\\CircuitOpenException');
check($openings > 0 && $refusals > 0, 'the shared slots breaker was seen open during the faults and refused calls',
	"opened $openings times as seen, $refusals CircuitOpenExceptions, states " .
	json_encode(array_map(fn ($s) => $s['breaker_states'], $avail)));
$states = array_map(fn ($s) => $s['final_breaker']['state'] ?? '?', $avail);
check(count($states) === 2 && array_values(array_unique($states)) === ['closed'],
	'the slots breaker is closed at the end (after the clean tail, longer than its longest recovery)',
	json_encode($states) . ', open_count ' . json_encode(array_map(fn ($s) => $s['final_breaker']['open_count'] ?? null, $avail)));

// --- 5. flat ------------------------------------------------------------------------

check($outcome['processes_left'] === 0, 'no process of the soak left behind', "{$outcome['processes_left']} left");
$growth = [];
$over = [];
foreach ($summaries as $name => $s) {
	if ($s['mem']['mid'] === null) {
		$over[] = "$name: no middle reading";
		continue;
	}
	$g = $s['mem']['end'] - $s['mem']['mid'];
	$growth[$name] = sprintf('%+d B (rss %+d kB, peak %d kB)', $g, $s['rss_kb']['end'] - $s['rss_kb']['mid'],
		$s['mem']['peak'] / 1024);
	if ($g >= MEM_GROWTH_BOUND) {
		$over[] = "$name: +$g B";
	}
}
check(!$over, 'memory flat: each worker\'s memory_get_usage() grew less than ' . MEM_GROWTH_BOUND / 1024 .
	' KB from the middle of the load to its end', $over ? implode('; ', $over) : json_encode($growth));
check(($stats['in_flight'] ?? -1) === 0, 'the emulator has no request in flight at the end',
	'in_flight ' . var_export($stats['in_flight'] ?? null, true));

// --- 6. Redis restart ----------------------------------------------------------------

check($outcome['restarted'] === 1 && $outcome['run_id_before'] !== '' && $outcome['run_id_after'] !== '' &&
	$outcome['run_id_before'] !== $outcome['run_id_after'], 'redis-server was really restarted (run_id changed)',
	substr($outcome['run_id_before'], 0, 8) . ' -> ' . substr($outcome['run_id_after'], 0, 8) . ', down ' .
	($outcome['redis_up_ms'] - $outcome['redis_down_ms']) . ' ms');
$saw = array_filter($summaries, fn ($s) => $s['store_exceptions'] > 0);
$unrecovered = array_keys(array_filter($saw, fn ($s) => $s['ok_after_last_store_exception'] === 0));
$expected = ['avail2', 'book1', 'book2', 'enqueue', 'qwork1', 'qwork3'];   // on_failure closed, or the queue
$silent = array_diff($expected, array_keys($saw));
check(!$silent && !$unrecovered,
	'every worker on on_failure "closed" (and the queue) saw StoreExceptions while Redis was down and made successful calls after',
	($silent ? 'no StoreException: ' . implode(', ', $silent) . '; ' : '') .
	($unrecovered ? 'nothing succeeded after: ' . implode(', ', $unrecovered) . '; ' : '') .
	json_encode(array_map(fn ($s) => $s['store_exceptions'] . ' then ' . $s['ok_after_last_store_exception'] . ' ok', $saw)));
$open = $avail['avail1'] ?? null;
check($open !== null && $open['store_exceptions'] === 0 && $open['ok_while_store_down'] > 0,
	'the on_failure "open" worker kept answering while Redis was down, without a StoreException',
	$open ? "{$open['ok_while_store_down']} answers with Redis down, {$open['store_exceptions']} StoreExceptions" : 'no summary');

// --- figures -------------------------------------------------------------------------

// 429 storms absorbed: after the first 429 the limiter pauses every worker
// for its Reset and the breaker (429 weighs 3 = the threshold) opens, so
// only requests already past the gate meet one. At most 12 are in flight
// at once (2 availability, 2 booking, 2 queue workers x concurrency 4), so
// two 429 phases give at most ~24; without the pause and the breaker the
// workers send ~20 requests a second into each storm.
$answered429 = $kinds['429'] + $kinds['storm'];
check($answered429 > 0 && $answered429 <= 40, 'the 429 storms were absorbed: Cal.com answered at most 40 429s in all',
	"{$kinds['429']} injected + {$kinds['storm']} storm 429s answered");
$rl = exceptions_of($summaries, 'Calcom\\RateLimitException');
note("429s answered by Cal.com: {$kinds['429']} injected + {$kinds['storm']} storm; RateLimitExceptions (refused locally) $rl; " .
	'limiter at the end ' . json_encode(array_map(fn ($s) => [$s['limiter_status']['effective_limit'] ?? null,
		$s['limiter_status']['reason'] ?? null], $avail)));
note('5xx answered: ' . ($kinds['500'] + $kinds['503']) . ' (+' . $kinds['after_commit'] . ' after commit); ApiException statuses ' .
	json_encode(array_map(fn ($s) => $s['statuses'], $summaries)));
note('StoreExceptions: ' . json_encode(array_map(fn ($s) => $s['store_exceptions'], $summaries)) .
	'; calls ok ' . json_encode(array_map(fn ($s) => $s['ok'], $summaries)));
note('availability: ' . json_encode(array_map(fn ($s) => ['iterations' => $s['iterations'], 'slots_ok' => $s['slots_ok'],
	'finder_ok' => $s['finder_ok'], 'finder_errors' => $s['finder_errors'], 'cache' => $s['cache']], $avail)));
$snap = (new Calcom\Metrics($store, 'soak'))->snapshot();
note('metrics: ' . json_encode(['requests' => $snap['requests'] ?? null, 'cache' => $snap['cache'] ?? null,
	'retries' => $snap['retries'] ?? null, 'errors' => $snap['errors'] ?? null]));
