<?php
/*
 * 100 concurrent cold alternative searches: N PHP processes (default 100)
 * started at once, each running one alternative search for the same tenant
 * and event type on a cold cache, against a Cal.com emulator answering
 * /v2/slots 300 ms late with its real limit in force (120 requests a minute
 * per API key, then 429 for 60 s). Every process uses the same API key, as
 * the app's workers do.
 *   native  Calcom\AlternativeFinder on a Client with a SwrCache and a
 *           RateLimiter (defaults: 120/min, burst 150) on one shared Redis:
 *           the first process to miss takes the cache's lock and fetches
 *           the whole horizon in one request, the others wait for its value
 *           (single-flight);
 *   php     the Laravel AppointmentAlternativeFinder port
 *           (bench/laravel/), Cache::remember() on Redis around each
 *           look-up and Laravel's Http client: every process that misses
 *           sends its own request, no limiter in front (as the review's
 *           finder called Cal.com), and a 429 ends its search with the
 *           Http client's RequestException.
 * The search: Wednesday 2025-10-01 14:00 Europe/Berlin, 60 minutes, 12:00,
 * 13:00, 14:00, 16:00 and 17:00 booked that day (alternative_finder.php's
 * typical case).
 *
 * A round: the emulator reset (limiter, log, bookings) and configured, the
 * Redis emptied (FLUSHALL), N processes started; each boots (PHP, the
 * extension, for php also Laravel), connects, says "ready" and blocks on
 * its stdin; when all are ready the parent writes "go" to every one and
 * times until the last has answered (wall time). Counted from the emulator
 * (/__admin/stats, API requests only): upstream /v2/slots calls, 429s
 * provoked, the most requests it had in flight at once; from the processes:
 * searches that returned alternatives, that failed (and why), each one's own
 * time from "go" to its answer (p50/p99 over all of a side's searches). The
 * sides take turns round by round. The floor is one /v2/slots round trip at
 * the same latency (one upstream call). The headline ratio is of the
 * upstream calls; wall times are given as more ratios.
 *
 * With --json FILE it also writes the results as JSON (bench/common.php
 * describes the document; bench/report.php reads it): the scenario
 * "100 concurrent cold searches".
 *
 *   php -d extension=modules/calcom.so bench/concurrent_search.php [--json FILE] [rounds=5] [processes=100] [latency_ms=300]
 * The children load the extension from $CALCOM_EXTENSION (bench/run.sh sets
 * it), else modules/calcom.so. Needs redis-server and python3 (the
 * emulator), phpredis, Debian's php-laravel-framework and
 * php-guzzlehttp-guzzle.
 */
declare(strict_types=1);

require_once __DIR__ . '/common.php';

const EVENT_TYPE = 2001;
const DURATION = 60;
const ZONE = 'Europe/Berlin';
const NOW = '2025-09-29T06:00:00Z';
const DESIRED = '2025-10-01 14:00';
const API_KEY = 'cal_bench_concurrent_0123456789';

// ---------------------------------------------------------------- child
if (($argv[1] ?? '') === '--child') {
	[, , $side, $port, $base] = $argv;
	$port = (int) $port;
	$desired = new DateTimeImmutable(DESIRED, new DateTimeZone(ZONE));
	try {
		if ($side === 'native') {
			$store = new Calcom\Store("redis://127.0.0.1:$port", ['prefix' => 'calcom:']);
			$client = new Calcom\Client(API_KEY, ['base_url' => "$base/v2", 'cache' => new Calcom\SwrCache($store),
				'limiter' => new Calcom\RateLimiter($store, 'calcom_api')]);
			$finder = (new Calcom\AlternativeFinder($client))->setTenantContext(1, 'b1');
			$store->ping();
			$search = function () use ($finder, $desired): array {
				$r = $finder->findAlternatives($desired, DURATION, EVENT_TYPE);
				return ['api_calls' => $r['api_calls'], 'alternatives' => count($r['alternatives']),
					'error' => !empty($r['error']) ? ($r['error_type'] ?? 'error') . ' ' . ($r['error_code'] ?? '') : null];
			};
		} else {
			require __DIR__ . '/laravel/bootstrap.php';
			Bench\Laravel\boot('127.0.0.1', $port, 'bench_concurrent');
			$finder = new App\Services\AppointmentAlternativeFinder("$base/v2", API_KEY);
			Illuminate\Support\Facades\Cache::get('warm-up'); // connects
			$search = function () use ($finder, $desired): array {
				try {
					$r = $finder->findAlternatives($desired, DURATION, EVENT_TYPE);
					return ['api_calls' => $finder->apiCalls, 'alternatives' => count($r['alternatives']),
						'error' => null];
				} catch (Illuminate\Http\Client\RequestException $e) {
					return ['api_calls' => $finder->apiCalls, 'alternatives' => 0,
						'error' => 'RequestException ' . $e->response->status()];
				}
			};
		}
	} catch (Throwable $e) {
		echo json_encode(['boot_error' => get_class($e) . ': ' . $e->getMessage()]), "\n";
		exit(1);
	}
	echo "ready\n";
	if (trim((string) fgets(STDIN)) !== 'go') {
		exit(1);
	}
	$t = hrtime(true);
	try {
		$r = $search();
	} catch (Throwable $e) {
		$r = ['api_calls' => null, 'alternatives' => 0, 'error' => get_class($e) . ': ' . $e->getMessage()];
	}
	$r['ms'] = (hrtime(true) - $t) / 1e6;
	echo json_encode($r), "\n";
	exit(0);
}

// ---------------------------------------------------------------- parent
[$jsonFile, $args] = Bench\args($argv);
$rounds = max(1, (int) ($args[0] ?? 5));
$processes = max(1, (int) ($args[1] ?? 100));
$latency = max(0, (int) ($args[2] ?? 300));
$extension = getenv('CALCOM_EXTENSION') ?: Bench\ROOT . '/modules/calcom.so';
if (!class_exists('Calcom\\Client')) {
	fwrite(STDERR, "the calcom extension is not loaded (php -d extension=modules/calcom.so ...)\n");
	exit(2);
}

$servers = Bench\Servers::start(true, true);
$port = $servers->redisPort;
$base = $servers->emulatorUrl;
$redis = new Redis();
$redis->connect('127.0.0.1', $port);

function week(): array
{
	$week = [];
	foreach (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as $d) {
		$week[$d] = in_array($d, ['sat', 'sun'], true) ? [] : [['09:00', '18:00']];
	}
	return $week;
}

/** A clean emulator (limiter included) with the typical case's bookings, its log and stats empty. */
function emulator_round(string $base, int $latency): void
{
	Bench\admin($base, 'POST', 'reset', []);
	Bench\admin($base, 'POST', 'clock', ['now' => NOW]);
	Bench\admin($base, 'POST', 'config', [
		'eventTypes' => [['id' => EVENT_TYPE, 'title' => 'Termin 60', 'slug' => 'termin-60', 'lengthInMinutes' => DURATION]],
		'schedule' => ['timeZone' => ZONE, 'weekly' => week(), 'slotIntervalMinutes' => null],
	]);
	foreach (['12:00', '13:00', '14:00', '16:00', '17:00'] as $time) {
		$start = (new DateTimeImmutable("2025-10-01 $time", new DateTimeZone(ZONE)))->setTimezone(new DateTimeZone('UTC'));
		$ch = curl_init("$base/v2/bookings");
		curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_POSTFIELDS => json_encode([
			'start' => $start->format('Y-m-d\TH:i:s\Z'), 'eventTypeId' => EVENT_TYPE,
			'attendee' => ['name' => 'Blocker', 'email' => 'blocker@example.com', 'timeZone' => ZONE]]),
			CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'Authorization: Bearer bench-bookings',
				'cal-api-version: 2024-08-13']]);
		$raw = curl_exec($ch);
		$status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
		curl_close($ch);
		if ($status !== 201) {
			throw new RuntimeException("booking $time: $status $raw");
		}
	}
	Bench\admin($base, 'POST', 'faults', ['endpoint' => 'slots', 'latency_ms' => $latency]);
	Bench\admin($base, 'DELETE', 'requests'); // the log and the stats: the bookings above are not the searches'
}

/**
 * One round of one side: N processes, released together. Returns wall ms,
 * the children's results, the emulator's stats, and boot failures.
 */
function round_of(string $side, int $n, string $extension, int $port, string $base): array
{
	$children = [];
	$cmd = [PHP_BINARY, '-d', 'extension=' . $extension, __FILE__, '--child', $side, (string) $port, $base];
	$bootStart = hrtime(true);
	for ($i = 0; $i < $n; $i++) {
		$p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
		if (!is_resource($p)) {
			throw new RuntimeException("could not start child $i");
		}
		stream_set_blocking($pipes[1], false);
		$children[$i] = ['proc' => $p, 'in' => $pipes[0], 'out' => $pipes[1], 'buf' => '', 'state' => 'boot',
			'result' => null];
	}
	$read = function (float $timeout, string $want) use (&$children): void {
		$end = microtime(true) + $timeout;
		for (;;) {
			$waiting = array_filter($children, fn ($c) => $c['state'] !== $want && $c['state'] !== 'dead');
			if (!$waiting || microtime(true) > $end) {
				return;
			}
			$r = array_map(fn ($c) => $c['out'], $waiting);
			$w = $e = null;
			if (@stream_select($r, $w, $e, 0, 200000) === false) {
				return;
			}
			foreach ($r as $stream) {
				foreach ($children as $i => &$c) {
					if ($c['out'] !== $stream) {
						continue;
					}
					$chunk = fread($stream, 65536);
					if ($chunk === '' || $chunk === false) {
						if (feof($stream)) {
							$c['state'] = 'dead';
						}
						continue;
					}
					$c['buf'] .= $chunk;
					while (($nl = strpos($c['buf'], "\n")) !== false) {
						$line = substr($c['buf'], 0, $nl);
						$c['buf'] = substr($c['buf'], $nl + 1);
						if ($line === 'ready') {
							$c['state'] = 'ready';
						} else {
							$c['result'] = json_decode($line, true) ?: ['error' => "bad line: $line"];
							$c['state'] = isset($c['result']['boot_error']) ? 'dead' : 'done';
						}
					}
				}
				unset($c);
			}
		}
	};
	$read(120.0, 'ready');
	$bootMs = (hrtime(true) - $bootStart) / 1e6;
	$ready = count(array_filter($children, fn ($c) => $c['state'] === 'ready'));
	$t = hrtime(true);
	foreach ($children as $c) {
		if ($c['state'] === 'ready') {
			fwrite($c['in'], "go\n");
		}
	}
	$read(120.0, 'done');
	$wall = (hrtime(true) - $t) / 1e6;
	$results = [];
	$bootErrors = [];
	foreach ($children as $i => $c) {
		if ($c['state'] === 'done') {
			$results[] = $c['result'];
		} else {
			$bootErrors[] = $c['result']['boot_error'] ?? "child $i: {$c['state']}";
		}
		fclose($c['in']);
		fclose($c['out']);
		if (proc_get_status($c['proc'])['running']) {
			proc_terminate($c['proc'], SIGKILL);
		}
		proc_close($c['proc']);
	}
	return ['wall' => $wall, 'boot_ms' => $bootMs, 'ready' => $ready, 'results' => $results,
		'boot_errors' => $bootErrors, 'stats' => Bench\admin($base, 'GET', 'stats')];
}

// The floor: one /v2/slots round trip at the same latency, on a fresh emulator.
emulator_round($base, $latency);
$floor = [];
for ($i = 0; $i < $rounds; $i++) {
	$ch = curl_init("$base/v2/slots?" . http_build_query(['eventTypeId' => EVENT_TYPE, 'start' => '2025-10-01',
		'end' => '2025-10-01', 'timeZone' => ZONE]));
	curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => ['Authorization: Bearer bench-floor',
		'cal-api-version: 2024-09-04']]);
	$t = hrtime(true);
	curl_exec($ch);
	$floor[] = (hrtime(true) - $t) / 1e6;
	curl_close($ch);
}

$failures = [];
$acc = [];
foreach (['native', 'php'] as $side) {
	$acc[$side] = ['wall' => [], 'upstream' => [], '429' => [], 'ok' => [], 'errors' => [], 'why' => [],
		'search_ms' => [], 'max_concurrency' => [], 'boot_ms' => [], 'reported_calls' => []];
}
for ($round = 0; $round < $rounds; $round++) {
	foreach ($round % 2 ? ['php', 'native'] : ['native', 'php'] as $side) {
		emulator_round($base, $latency);
		$redis->flushAll();
		$r = round_of($side, $processes, $extension, $port, $base);
		$a = &$acc[$side];
		$a['wall'][] = $r['wall'];
		$a['boot_ms'][] = $r['boot_ms'];
		$a['upstream'][] = $r['stats']['by_endpoint']['slots'] ?? 0;
		$a['429'][] = $r['stats']['status_counts']['429'] ?? 0;
		$a['max_concurrency'][] = $r['stats']['max_concurrency'] ?? 0;
		$ok = 0;
		$calls = 0;
		foreach ($r['results'] as $res) {
			if ($res['error'] === null && $res['alternatives'] > 0) {
				$ok++;
			} else {
				$why = $res['error'] ?? 'no alternatives';
				$a['why'][$why] = ($a['why'][$why] ?? 0) + 1;
			}
			$calls += (int) ($res['api_calls'] ?? 0);
			$a['search_ms'][] = $res['ms'];
		}
		$a['ok'][] = $ok;
		$a['errors'][] = $processes - $ok;
		$a['reported_calls'][] = $calls;
		foreach ($r['boot_errors'] as $e) {
			$failures[] = "$side round $round: $e";
		}
		if ($r['ready'] !== $processes) {
			$failures[] = "$side round $round: {$r['ready']} of $processes processes got ready";
		}
		// What the processes say they sent is what the emulator served.
		if ($calls !== end($a['upstream'])) {
			$failures[] = sprintf('%s round %d: the searches counted %d calls, the emulator served %d', $side, $round,
				$calls, end($a['upstream']));
		}
		unset($a);
		printf("  round %d %-6s wall %7.1f ms (boot %6.0f ms), upstream %3d, 429s %3d, searches ok %3d/%d\n", $round,
			$side, $r['wall'], $r['boot_ms'], end($acc[$side]['upstream']), end($acc[$side]['429']),
			end($acc[$side]['ok']), $processes);
	}
}
$servers->stop();

$q = function (array $v, float $p): float {
	sort($v);
	return Bench\quantile($v, $p);
};
printf("%d concurrent cold alternative searches, same tenant and event type, /v2/slots %d ms late, 120/min in force; %d rounds a side (median over rounds)\n",
	$processes, $latency, $rounds);
printf("  floor: one /v2/slots round trip %.1f ms\n", Bench\median($floor));
$labels = ['native' => 'Calcom\\AlternativeFinder (SwrCache + RateLimiter)',
	'php' => 'Laravel AppointmentAlternativeFinder port'];
foreach ($acc as $side => $a) {
	printf("  %-52s wall %7.1f ms, upstream calls %5.1f, 429s %5.1f, ok %5.1f/%d; a search p50 %.0f ms p99 %.0f ms\n",
		$labels[$side], Bench\median($a['wall']), Bench\median($a['upstream']), Bench\median($a['429']),
		Bench\median($a['ok']), $processes, $q($a['search_ms'], 0.5), $q($a['search_ms'], 0.99));
	foreach ($a['why'] as $why => $n) {
		printf("    %d searches (all rounds): %s\n", $n, $why);
	}
}
$ratioCalls = Bench\median($acc['native']['upstream']) > 0
	? Bench\median($acc['php']['upstream']) / Bench\median($acc['native']['upstream']) : null;
printf("  ratio port / native: %s upstream calls, %.1fx wall time\n", $ratioCalls === null ? 'n/a' : sprintf('%.1fx', $ratioCalls),
	Bench\ratio($acc['php']['wall'], $acc['native']['wall']));

$side = function (string $side) use ($acc, $labels, $processes, $q): array {
	$a = $acc[$side];
	return Bench\side($labels[$side], $a['wall'], 'ms', [
		'upstream_calls' => Bench\median($a['upstream']), 'upstream_calls_min' => min($a['upstream']),
		'upstream_calls_max' => max($a['upstream']), 'http_429' => Bench\median($a['429']),
		'http_429_max' => max($a['429']), 'searches' => $processes, 'searches_ok' => Bench\median($a['ok']),
		'searches_failed' => Bench\median($a['errors']), 'search_p50_ms' => $q($a['search_ms'], 0.5),
		'search_p99_ms' => $q($a['search_ms'], 0.99), 'max_in_flight' => Bench\median($a['max_concurrency']),
		'boot_ms' => Bench\median($a['boot_ms']),
	]) + ['failed_why' => $a['why']];
};
$floorSide = Bench\side("one GET /v2/slots round trip ($latency ms latency)", $floor, 'ms', ['upstream_calls' => 1,
	'http_429' => 0]);
$scenario = Bench\scenario("$processes concurrent cold searches", 'Calcom\\AlternativeFinder',
	"$processes PHP processes started at once, each one cold alternative search (typical case) for the same tenant and "
	. "event type, /v2/slots answering $latency ms late, the emulator's 120/min limit in force; wall time from the "
	. 'release of all to the last answer; upstream calls and 429s from the emulator. Headline: upstream calls',
	$side('native'), $side('php'), $floorSide, [],
	["$rounds rounds a side, taking turns; emulator reset and Redis flushed before each",
		'the port has no limiter in front of its look-ups (as the review\'s finder); a 429 ends its search'],
	'upstream_calls');
$scenario['more_ratios'] = [
	'wall time, PHP ÷ native' => Bench\ratio($acc['php']['wall'], $acc['native']['wall']),
	'wall time, native ÷ floor' => Bench\ratio($acc['native']['wall'], $floor),
];
Bench\write_json($jsonFile, 'concurrent_search', ['rounds' => $rounds, 'processes' => $processes,
	'latency_ms' => $latency], [$scenario], $failures);

foreach ($failures as $failure) {
	fwrite(STDERR, "concurrent_search: $failure\n");
}
exit($failures ? 1 : 0);
