<?php
/*
 * The endpoint bench/load/run.sh puts under load: the voice agent's
 * check_availability / book_appointment function calls, shaped like the
 * RetellFunctionCallHandler of the architecture review, on the native
 * classes. Served by PHP-FPM behind nginx (one front controller).
 *
 *   GET /?action=check&et=1001&day=3&h=14&m=30   is 14:30 on today+3 free?
 *       if not, AlternativeFinder::findAlternatives() for it
 *   GET /?action=check&rnd=1                     the same for a random event
 *       type / day / time (what the RSS phase sends through ab)
 *   GET /?action=book&et=1001&day=3&h=14&m=30    books the free slot of that
 *       day nearest to 14:30 (Client::createBooking, which invalidates the
 *       booking's days in the cache)
 *   GET /?action=warm                            Client::warm() of the 3 event types,
 *       28 days (what a deploy's calcom:warm-cache does; 28 covers the
 *       finder's 15-day horizon from any of the 14 days asked for)
 *   &t=N on check/book: the caller's tenant is company N (default 42, the
 *       warmed one): its own cache entries, the same API key and limiter
 *       (the long tail of a multi-tenant platform, whose caches are cold)
 *   GET /__bench/metrics                         Metrics::snapshot() as JSON
 *
 * Every request builds its objects anew (PHP frees them at the end of the
 * request); what survives across requests is the worker's persistent Redis
 * connection (Store, persistent) and the Client's curl connection pool.
 *
 * Answers: 200 with JSON; 503 with Retry-After when the caller was not
 * admitted (our RateLimiter refused, a breaker is open, or the finder gave
 * up on such a refusal); 502/504 for an upstream failure. Headers for the
 * load driver (nginx logs them): X-Bench-Outcome (what happened) and
 * X-Bench-Upstream429 (1 when a Cal.com 429 reached this admitted caller,
 * in any form: an exception or a finder error result).
 *
 * Configuration comes from the FPM pool's env[]: BENCH_REDIS_DSN,
 * BENCH_CALCOM_URL, BENCH_API_KEY, BENCH_LIMIT, BENCH_BURST,
 * BENCH_FRESH_TTL, BENCH_STALE_TTL, BENCH_LIMITER_WAIT.
 */
declare(strict_types=1);

const ZONE = 'Europe/Berlin';
const TENANT_COMPANY = 42;            // the default tenant: company:42, as setTenantContext(42) names it
const EVENT_TYPES = [1001 => 30, 1002 => 60, 1003 => 15];   // the emulator's, with their lengths
const DAYS = 14;

function env(string $name, string $default): string
{
	$v = getenv($name);
	return $v === false || $v === '' ? $default : $v;
}

function reply(int $status, string $outcome, array $body, bool $upstream429 = false, ?float $retryAfter = null): void
{
	http_response_code($status);
	header('Content-Type: application/json');
	header('X-Bench-Outcome: ' . $outcome);
	header('X-Bench-Upstream429: ' . ($upstream429 ? '1' : '0'));
	if ($retryAfter !== null) {
		header('Retry-After: ' . max(1, (int) ceil($retryAfter)));
	}
	echo json_encode(['outcome' => $outcome] + $body, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
}

$store = new Calcom\Store(env('BENCH_REDIS_DSN', 'redis://127.0.0.1:6379'), [
	'prefix' => 'bench:',
	'persistent' => true,
	'connect_timeout' => 0.5,
	'read_timeout' => 2.0,
]);
$metrics = new Calcom\Metrics($store, 'calcom');

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
if ($path === '/__bench/metrics') {
	reply(200, 'metrics', ['snapshot' => $metrics->snapshot()]);
	return;
}

// Cal.com allows 120 requests/min per key, then blocks the key for 60 s.
// A token bucket admits at most burst + limit x minutes in any interval, so
// limit 100 with burst 10 keeps every 60-second window at <= 110 requests.
$limiter = new Calcom\RateLimiter($store, 'calcom_api', [
	'limit' => (int) env('BENCH_LIMIT', '100'),
	'burst' => (int) env('BENCH_BURST', '10'),
]);
$breaker = new Calcom\CircuitBreaker($store, 'calcom', 5, 30, 2);
$cache = new Calcom\SwrCache($store, [
	'fresh_ttl' => (int) env('BENCH_FRESH_TTL', '60'),
	'stale_ttl' => (int) env('BENCH_STALE_TTL', '900'),
]);
$tenantId = max(1, (int) ($_GET['t'] ?? TENANT_COMPANY));
$client = new Calcom\Client(env('BENCH_API_KEY', 'cal_load_0123456789abcdef'), [
	'base_url' => env('BENCH_CALCOM_URL', 'http://127.0.0.1:8787') . '/v2',
	'timeout' => 5.0,
	'connect_timeout' => 1.0,
	'retries' => 1,
	'time_zone' => ZONE,
	'store' => $store,
	'limiter' => $limiter,
	'breaker' => $breaker,
	'limiter_wait' => (float) env('BENCH_LIMITER_WAIT', '0.5'),
	'cache' => $cache,
	'tenant' => "company:$tenantId",
	'metrics' => $metrics,
]);

$action = $_GET['action'] ?? 'check';
if ($action === 'warm') {
	// What the Laravel package's calcom:warm-cache does after a deploy: the
	// next 14 days of every event type, one parallel batch at LOW priority.
	$warmed = $client->warm(array_keys(EVENT_TYPES), 2 * DAYS);
	$failed = array_filter($warmed['event_types'], fn ($v) => $v instanceof Throwable);
	reply($failed ? 503 : 200, $failed ? 'warm_failed' : 'warmed', ['requests' => $warmed['requests'],
		'days' => $warmed['days'], 'failed' => array_map(fn (Throwable $e) => $e->getMessage(), $failed)], false,
		$failed ? 1.0 : null);
	return;
}

// The request: which event type, which day (today + n, Berlin), which time.
if (isset($_GET['rnd'])) {
	$eventType = array_rand(EVENT_TYPES);
	$day = mt_rand(0, DAYS - 1);
	$hour = mt_rand(9, 17);
	$minute = mt_rand(0, 1) * 30;
} else {
	$eventType = (int) ($_GET['et'] ?? 1001);
	$day = max(0, min(DAYS - 1, (int) ($_GET['day'] ?? 0)));
	$hour = max(0, min(23, (int) ($_GET['h'] ?? 10)));
	$minute = max(0, min(59, (int) ($_GET['m'] ?? 0)));
}
if (!isset(EVENT_TYPES[$eventType])) {
	reply(400, 'bad_request', ['error' => 'unknown event type']);
	return;
}
$duration = EVENT_TYPES[$eventType];
$tz = new DateTimeZone(ZONE);
$desired = (new DateTimeImmutable('today', $tz))->modify("+$day days")->setTime($hour, $minute);
$date = $desired->format('Y-m-d');

try {
	$slots = $client->getAvailableSlots($eventType, $date, $date)[$date] ?? [];

	if ($action === 'book') {
		// book_appointment: the free slot of that day nearest the wish (what
		// the agent offered), as the caller confirmed it.
		$best = null;
		foreach ($slots as $slot) {
			$d = abs((new DateTimeImmutable($slot))->getTimestamp() - $desired->getTimestamp());
			if ($best === null || $d < $best[0]) {
				$best = [$d, $slot];
			}
		}
		if ($best === null) {
			reply(200, 'book_no_slot', ['booked' => false, 'date' => $date]);
			return;
		}
		try {
			$booking = $client->createBooking([
				'eventTypeId' => $eventType,
				'start' => $best[1],
				'attendee' => [
					'name' => 'Load Test',
					'email' => 'load+' . bin2hex(random_bytes(6)) . '@example.com',
					'timeZone' => ZONE,
				],
			]);
			reply(200, 'booked', ['booked' => true, 'uid' => $booking['uid'] ?? null, 'start' => $best[1]]);
		} catch (Calcom\ApiException $e) {
			$code = $e->getStatusCode();
			if (($code === 400 || $code === 409) && !($e instanceof Calcom\RateLimitException)) {
				// Taken meanwhile (another caller, or a stale cached day).
				reply(200, 'book_taken', ['booked' => false, 'message' => $e->getUserMessage()]);
				return;
			}
			throw $e;
		}
		return;
	}

	// check_availability
	if (in_array($desired->format('Y-m-d\TH:i:sP'), $slots, true)) {
		reply(200, 'available', ['available' => true, 'start' => $desired->format(DATE_ATOM)]);
		return;
	}
	$finder = (new Calcom\AlternativeFinder($client, ['timezone' => ZONE, 'search_days' => DAYS, 'timeout_ms' => 3000]))
		->setTenantContext($tenantId);
	$result = $finder->findAlternatives($desired, $duration, $eventType, null, 'de');
	$alternatives = array_map(fn (array $a) => ['start' => $a['datetime']->format(DATE_ATOM), 'type' => $a['type']],
		$result['alternatives']);
	if (!empty($result['error'])) {
		$code = (int) $result['error_code'];
		if ($code === 429) {
			// Cal.com throttled a search we admitted: the failure this test hunts.
			reply(200, 'alt_upstream_429', ['available' => false, 'alternatives' => [],
				'responseText' => $result['responseText']], true);
			return;
		}
		// 0: refused before sending (limiter/breaker) or no answer at all.
		reply(503, "alt_error_$code", ['available' => false, 'responseText' => $result['responseText']], false, 1.0);
		return;
	}
	if ($result['timeout_hit']) {
		reply(503, 'alt_timeout', ['available' => false, 'responseText' => $result['responseText']], false, 1.0);
		return;
	}
	reply(200, $alternatives ? 'alternatives' : 'no_alternatives', ['available' => false,
		'alternatives' => $alternatives, 'responseText' => $result['responseText']]);
} catch (Calcom\CircuitOpenException $e) {
	reply(503, 'refused_breaker', ['error' => $e->getUserMessage()], false, $e->retryAfter());
} catch (Calcom\RateLimitException $e) {
	if ($e->getStatusCode() === null) {
		// Our own limiter: nothing was sent; the caller is asked to retry.
		reply(503, 'refused_limiter', ['error' => $e->getUserMessage()], false, $e->retryAfter());
	} else {
		reply(502, 'upstream_429', ['error' => $e->getUserMessage()], true, $e->retryAfter());
	}
} catch (Calcom\TimeoutException $e) {
	reply(504, 'upstream_timeout', ['error' => $e->getUserMessage()]);
} catch (Calcom\ApiException $e) {
	$code = $e->getStatusCode();
	reply(502, 'upstream_error_' . ($code ?? 0), ['error' => $e->getUserMessage()], $code === 429);
} catch (Calcom\StoreException $e) {
	reply(500, 'store_error', ['error' => $e->getMessage()]);
}
