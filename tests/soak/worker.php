<?php
/*
 * One process of the fault soak (tests/soak/run.sh):
 *
 *   php -n -d extension=calcom.so worker.php ROLE NAME CONFIG.json SUMMARY.json
 *
 * ROLE is one of
 *   avail   availability: getAvailableSlots (cached and uncached),
 *           getEventTypes and AlternativeFinder::findAlternatives through SwrCache,
 *           RateLimiter, CircuitBreaker and Metrics, until the load ends
 *   book    createBooking with a Store for its share of the booking pairs
 *           (the other booking process books most of the same pairs at the
 *           same moments), each until it succeeds, then once more (the
 *           replay must give the same uid)
 *   enqueue RequestQueue::enqueue of the jobs over the load, then waits until
 *           every job is finished (done or failed)
 *   qwork   RequestQueue::work() in slices of 1 s until the stop file exists
 *
 * Only the documented exceptions (Calcom\ApiException and its subclasses,
 * Calcom\StoreException) are caught and counted. Anything else (TypeError,
 * Error, a fatal, a crash) ends the process without a summary, which the
 * run script reports as a failure. The summary (JSON) has the counts, the
 * memory readings (start, middle of the load, end) and the pid.
 * SOAK_TRACE=FILE makes the enqueuer log each job's status changes during
 * the drain (for finding out why a job finished late).
 */

declare(strict_types=1);

[$self, $role, $name, $configFile, $summaryFile] = $argv + [null, null, null, null, null];
if ($summaryFile === null) {
	fwrite(STDERR, "usage: worker.php ROLE NAME CONFIG.json SUMMARY.json\n");
	exit(2);
}
$cfg = json_decode(file_get_contents($configFile), true, 512, JSON_THROW_ON_ERROR);
mt_srand(crc32($name));

final class Tally
{
	public array $s;

	public function __construct(string $role, string $name)
	{
		$this->s = [
			'role' => $role, 'name' => $name, 'pid' => getmypid(),
			'ok' => 0,                    // calls that returned normally
			'exceptions' => [],           // class => count
			'statuses' => [],             // HTTP status of an ApiException => count ("none" when it has none)
			'store_exceptions' => 0,
			'ok_after_last_store_exception' => 0,
			'mem' => ['start' => memory_get_usage(), 'mid' => null, 'end' => null, 'peak' => null],
			'rss_kb' => ['start' => rss_kb(), 'mid' => null, 'end' => null],
		];
	}

	public function ok(): void
	{
		$this->s['ok']++;
		$this->s['ok_after_last_store_exception']++;
	}

	public function exception(Throwable $e): void
	{
		$class = get_class($e);
		$this->s['exceptions'][$class] = ($this->s['exceptions'][$class] ?? 0) + 1;
		if ($e instanceof Calcom\StoreException) {
			$this->s['store_exceptions']++;
			$this->s['ok_after_last_store_exception'] = 0;
		} elseif ($e instanceof Calcom\ApiException) {
			$code = (string) ($e->getStatusCode() ?? 'none');
			$this->s['statuses'][$code] = ($this->s['statuses'][$code] ?? 0) + 1;
		}
	}

	/** The middle reading, once, at the configured moment. */
	public function tick(array $cfg): void
	{
		if ($this->s['mem']['mid'] === null && microtime(true) >= $cfg['mid_at']) {
			gc_collect_cycles();
			$this->s['mem']['mid'] = memory_get_usage();
			$this->s['rss_kb']['mid'] = rss_kb();
		}
	}

	public function write(string $file): void
	{
		gc_collect_cycles();
		$this->s['mem']['end'] = memory_get_usage();
		$this->s['mem']['peak'] = memory_get_peak_usage();
		$this->s['rss_kb']['end'] = rss_kb();
		$this->s['finished_at'] = microtime(true);
		file_put_contents("$file.tmp", json_encode($this->s, JSON_PRETTY_PRINT | JSON_THROW_ON_ERROR));
		rename("$file.tmp", $file);
	}
}

function rss_kb(): int
{
	$status = @file_get_contents('/proc/self/status');
	return $status && preg_match('/^VmRSS:\s+(\d+)/m', $status, $m) ? (int) $m[1] : 0;
}

function store(array $cfg, string $onFailure): Calcom\Store
{
	return new Calcom\Store($cfg['dsn'], ['prefix' => $cfg['prefix'], 'on_failure' => $onFailure,
		'connect_timeout' => 0.25, 'read_timeout' => 2.0]);
}

/** The fleet-wide limiter and breaker template every client of the soak shares. */
function guards(array $cfg, Calcom\Store $store): array
{
	$limiter = new Calcom\RateLimiter($store, 'soak', $cfg['limiter']);
	$breaker = new Calcom\CircuitBreaker($store, 'soak', $cfg['breaker']['threshold'], $cfg['breaker']['recovery'],
		$cfg['breaker']['successes'], $cfg['breaker']['options']);
	return [$limiter, $breaker];
}

function client(array $cfg, array $options): Calcom\Client
{
	return new Calcom\Client($cfg['api_key'], $options + [
		'base_url' => $cfg['base_url'],
		'connect_timeout' => 0.5,
		'retry_delay' => 0.05,
		'retry_max_delay' => 0.2,
	]);
}

function booking_body(string $email, string $start, string $who): array
{
	return ['eventTypeId' => 1001, 'start' => $start,
		'attendee' => ['name' => $who, 'email' => $email, 'timeZone' => 'Europe/Berlin', 'language' => 'de']];
}

$t = new Tally($role, $name);
$t->s['on_failure'] = $cfg['on_failure'][$name] ?? 'closed';

switch ($role) {
	case 'avail':
		role_avail($cfg, $t);
		break;
	case 'book':
		role_book($cfg, $t, $name);
		break;
	case 'enqueue':
		role_enqueue($cfg, $t);
		break;
	case 'qwork':
		role_qwork($cfg, $t);
		break;
	default:
		fwrite(STDERR, "unknown role $role\n");
		exit(2);
}
$t->write($summaryFile);
exit(0);

function role_avail(array $cfg, Tally $t): void
{
	$store = store($cfg, $t->s['on_failure']);
	[$limiter, $breaker] = guards($cfg, $store);
	$metrics = new Calcom\Metrics($store, 'soak');
	$cache = new Calcom\SwrCache($store, ['fresh_ttl' => 2, 'stale_ttl' => 30, 'lock_ttl' => 3, 'wait_timeout' => 1.0]);
	$common = ['timeout' => 1.0, 'retries' => 1, 'retry_budget' => 2.0, 'limiter_wait' => 0.5,
		'limiter' => $limiter, 'breaker' => $breaker, 'metrics' => $metrics];
	$cached = client($cfg, $common + ['cache' => $cache]);
	$direct = client($cfg, $common);
	$finder = new Calcom\AlternativeFinder($cached, ['search_days' => 7, 'timeout_ms' => 3000]);
	// The slots bulkhead of the shared breaker, read by its name.
	$observer = new Calcom\CircuitBreaker($store, 'soak:slots', $cfg['breaker']['threshold'],
		$cfg['breaker']['recovery'], $cfg['breaker']['successes'], $cfg['breaker']['options']);
	$zone = new DateTimeZone('Europe/Berlin');
	$days = [];
	for ($d = new DateTimeImmutable('2025-09-29', $zone), $i = 0; $i < 12; $i++, $d = $d->modify('+1 day')) {
		$days[] = $d->format('Y-m-d');
	}
	$t->s += ['slots_ok' => 0, 'event_types_ok' => 0, 'finder_ok' => 0, 'finder_errors' => [], 'breaker_states' => [],
		'breaker_openings_seen' => 0, 'ok_while_store_down' => 0, 'store_down_seen' => 0, 'iterations' => 0];
	$last = null;
	$i = 0;
	while (microtime(true) < $cfg['end_at']) {
		$t->tick($cfg);
		$i++;
		$day = $days[mt_rand(0, count($days) - 1)];
		try {
			switch ($i % 5) {
				case 0:
					$r = $finder->findAlternatives(new DateTimeImmutable("$day 10:00", $zone), 30, 1001);
					if (!empty($r['error'])) {
						$code = (string) ($r['error_code'] ?? 'none');
						$t->s['finder_errors'][$code] = ($t->s['finder_errors'][$code] ?? 0) + 1;
					} else {
						$t->s['finder_ok']++;
						$t->ok();
					}
					break;
				case 1:
					$direct->getAvailableSlots(1002, $day, $day);
					$t->s['slots_ok']++;
					$t->ok();
					break;
				case 2:
					$direct->getEventTypes();
					$t->s['event_types_ok']++;
					$t->ok();
					break;
				default:
					$cached->getAvailableSlots(1001, $day, $day);
					$t->s['slots_ok']++;
					$t->ok();
			}
			if (!$store->isConnected()) {
				$t->s['ok_while_store_down']++;
			}
		} catch (Calcom\ApiException | Calcom\StoreException $e) {
			$t->exception($e);
		}
		if (!$store->isConnected()) {
			$t->s['store_down_seen']++;
		}
		try {
			$state = $observer->getState();
			$t->s['breaker_states'][$state] = ($t->s['breaker_states'][$state] ?? 0) + 1;
			if ($state === 'open' && $last !== 'open') {
				$t->s['breaker_openings_seen']++;
			}
			$last = $state;
		} catch (Calcom\StoreException $e) {
			$t->exception($e);
		}
		Calcom\runDeferred();
		usleep(mt_rand(20000, 50000));
	}
	$t->s['iterations'] = $i;
	$t->s['cache'] = $cache->stats();
	$t->s['client_stats'] = ['cached' => $cached->stats(), 'direct' => $direct->stats()];
	// After the clean tail: where the shared slots breaker stands now.
	$t->s['final_breaker'] = $observer->getStatus();
	$t->s['limiter_status'] = $limiter->status();
	$metrics->flush();
}

function role_book(array $cfg, Tally $t, string $name): void
{
	$store = store($cfg, 'closed');
	[$limiter, $breaker] = guards($cfg, $store);
	$client = client($cfg, ['timeout' => $cfg['booking_timeout'], 'retries' => 2, 'store' => $store,
		'limiter' => $limiter, 'breaker' => $breaker, 'limiter_wait' => 1.0,
		'metrics' => new Calcom\Metrics($store, 'soak')]);
	$mine = [];
	foreach ($cfg['pairs'] as $k => $pair) {
		if (in_array($name, $pair['by'], true)) {
			$mine[$k] = $pair;
		}
	}
	$next = [];   // pair index => when to try it (next)
	foreach ($mine as $k => $pair) {
		$next[$k] = $pair['at'];
	}
	$t->s += ['pairs' => [], 'taken_for_own_pair' => 0, 'replay_mismatch' => 0, 'attempts' => 0];
	foreach ($mine as $k => $pair) {   // allocated before the middle reading
		$t->s['pairs'][$k] = ['email' => $pair['email'], 'start' => $pair['start'], 'attempts' => 0, 'uid' => null,
			'replay_uid' => null, 'booked_at' => null, 'errors' => [], 'taken' => null];
	}
	while ($next && microtime(true) < $cfg['drain_deadline']) {
		$t->tick($cfg);
		asort($next);
		$k = array_key_first($next);
		$wait = $next[$k] - microtime(true);
		if ($wait > 0) {
			usleep((int) min($wait * 1e6, 200000));
			continue;
		}
		$pair = $mine[$k];
		$entry = &$t->s['pairs'][$k];
		$entry['attempts']++;
		$t->s['attempts']++;
		try {
			$b = $client->createBooking(booking_body($pair['email'], $pair['start'], "Soak $k"));
			$t->ok();
			if ($entry['uid'] === null) {
				$entry['uid'] = $b['uid'];
				$entry['booked_at'] = microtime(true);
				$next[$k] = microtime(true) + 0.3;   // the replay
			} else {
				$entry['replay_uid'] = $b['uid'];
				if ($b['uid'] !== $entry['uid']) {
					$t->s['replay_mismatch']++;
				}
				unset($next[$k]);
			}
		} catch (Calcom\ApiException | Calcom\StoreException $e) {
			$t->exception($e);
			$cls = substr(strrchr('\\' . get_class($e), '\\'), 1);
			$entry['errors'][$cls] = ($entry['errors'][$cls] ?? 0) + 1;
			if ($e instanceof Calcom\ApiException && in_array($e->getStatusCode(), [400, 409], true)) {
				// Our own slot "taken": the guard let a second POST through.
				$t->s['taken_for_own_pair']++;
				$entry['taken'] = $e->getMessage();
			}
			$next[$k] = microtime(true) + 0.3 + mt_rand(0, 200) / 1000;
		}
		unset($entry);
	}
	$t->s['unfinished'] = array_keys($next);
}

function role_enqueue(array $cfg, Tally $t): void
{
	$store = store($cfg, 'closed');
	[$limiter, $breaker] = guards($cfg, $store);
	$client = client($cfg, ['timeout' => 2.0, 'retries' => 0, 'store' => $store, 'limiter' => $limiter,
		'breaker' => $breaker]);
	$q = new Calcom\RequestQueue($store, $client, $cfg['queue']);
	$jobs = $cfg['jobs'];
	// Everything kept is allocated before the middle reading.
	$t->s += ['ids' => [], 'enqueue_retries' => 0, 'final' => array_fill(0, count($jobs), null),
		'final_at' => array_fill(0, count($jobs), null), 'drained' => false, 'depth' => null];
	$ids = array_fill(0, count($jobs), null);
	foreach ($jobs as $j => $job) {
		while (microtime(true) < $job['at']) {
			$t->tick($cfg);
			usleep(50000);
		}
		for (;;) {
			try {
				$ids[$j] = $q->enqueue($job['method'], $job['path'], $job['params']);
				$t->ok();
				break;
			} catch (Calcom\StoreException $e) {
				$t->exception($e);
				$t->s['enqueue_retries']++;
				if (microtime(true) > $cfg['drain_deadline']) {
					break 2;
				}
				usleep(200000);
			}
		}
	}
	$t->s['ids'] = $ids;
	// Drain: every job finished (done, or failed with its error) in time.
	while (microtime(true) < $cfg['drain_deadline']) {
		$t->tick($cfg);
		$open = 0;
		try {
			foreach ($ids as $j => $id) {
				if ($id === null || isset($t->s['final'][$j])) {
					continue;
				}
				$s = $q->status($id);
				if (getenv('SOAK_TRACE')) {
					$tr = $s === null ? 'null' : "{$s['status']}/{$s['attempts']} sa=" . round(($s['started_at'] ?? 0) - $cfg['end_at'], 1) . ' le=' . json_encode($s['last_error'] ?? null);
					if (($last[$j] ?? null) !== $tr) {
						file_put_contents(getenv('SOAK_TRACE'), sprintf("%+.1f job %d %s\n", microtime(true) - $cfg['end_at'], $j, $tr), FILE_APPEND);
						$last[$j] = $tr;
					}
				}
				if ($s !== null && in_array($s['status'], ['done', 'failed'], true)) {
					$t->s['final'][$j] = $s['status'];
					$t->s['final_at'][$j] = round(microtime(true) - $cfg['end_at'], 2);
				} else {
					$open++;
				}
			}
			$t->ok();
		} catch (Calcom\StoreException $e) {
			$t->exception($e);
			$open++;
		}
		if ($open === 0 && microtime(true) >= $cfg['end_at']) {
			$t->s['drained'] = true;
			break;
		}
		usleep(200000);
	}
	$t->s['drained_at'] = microtime(true);
	try {
		$t->s['depth'] = $q->depth();
	} catch (Calcom\StoreException $e) {
		$t->exception($e);
	}
}

function role_qwork(array $cfg, Tally $t): void
{
	$store = store($cfg, 'closed');
	[$limiter, $breaker] = guards($cfg, $store);
	$client = client($cfg, ['timeout' => 2.0, 'retries' => 0, 'store' => $store, 'limiter' => $limiter,
		'breaker' => $breaker, 'limiter_wait' => 0.5, 'metrics' => new Calcom\Metrics($store, 'soak')]);
	$q = new Calcom\RequestQueue($store, $client, $cfg['queue']);
	$t->s += ['finished_jobs' => 0, 'slices' => 0];
	while (!file_exists($cfg['stop_file'])) {
		$t->tick($cfg);
		$t->s['slices']++;
		try {
			$t->s['finished_jobs'] += $q->work(0, 1.0);
			$t->ok();
		} catch (Calcom\ApiException | Calcom\StoreException $e) {
			$t->exception($e);
			usleep(200000);
		}
	}
}
