<?php
/*
 * What the bench scripts share (not a benchmark itself; bench/run.sh does
 * not run it): the --json option, the statistics of repeated rounds (median,
 * p25–p75, min–max), the JSON document each script writes for
 * bench/report.php, the emulator's admin routes, the Redis server's own
 * counters, and private servers (a redis-server and a Cal.com emulator of
 * the script's own, on free ports) for the scenarios that change emulator
 * state or read a Redis server's counters, stopped when the script ends,
 * also on SIGINT/SIGTERM.
 *
 * The JSON document (one per script):
 *   {"bench": "<script>", "version": 1, "generated": "<RFC 3339>",
 *    "params": {...}, "ok": bool, "failures": [...],
 *    "scenarios": [{
 *      "name", "class" (the native class), "what" (what is measured),
 *      "native": SIDE, "php": SIDE, "floor": SIDE|null, "rows": [SIDE...] (more rows for the table),
 *      "ratio_php_over_native", "ratio_native_over_floor" (null when a side is missing),
 *      "ratio_basis" ("time", or the count the ratio is of), "notes": [...]}]}
 *   SIDE: {"label", "unit", "median", "p25", "p75", "min", "max", "runs", "values": [one per round],
 *          "counts": {"redis_trips": n, "redis_cmds": n, "api_calls": n, "keys": n, ...} (per call)}
 * Ratios are the median of the rounds' ratios when both sides ran the same
 * rounds (side by side, so a machine that changes speed between rounds
 * cancels out), else the ratio of the medians.
 */
declare(strict_types=1);

namespace Bench;

const ROOT = __DIR__ . '/..';

/**
 * Takes "--json FILE" (or "--json=FILE") out of the arguments: [the file or
 * null, the positional arguments left, reindexed from 0].
 */
function args(array $argv): array
{
	$file = null;
	$rest = [];
	$args = array_slice($argv, 1);
	for ($i = 0; $i < count($args); $i++) {
		if ($args[$i] === '--json') {
			$file = $args[++$i] ?? null;
			if ($file === null || $file === '') {
				fwrite(STDERR, "--json needs a file name\n");
				exit(2);
			}
		} elseif (str_starts_with($args[$i], '--json=')) {
			$file = substr($args[$i], 7);
		} else {
			$rest[] = $args[$i];
		}
	}
	return [$file, $rest];
}

/** The $q quantile (0..1) of sorted values, interpolated between neighbours. */
function quantile(array $sorted, float $q): float
{
	$n = count($sorted);
	if ($n === 0) {
		return NAN;
	}
	$pos = ($n - 1) * $q;
	$lo = (int) floor($pos);
	$hi = min($n - 1, $lo + 1);
	return $sorted[$lo] + ($sorted[$hi] - $sorted[$lo]) * ($pos - $lo);
}

function median(array $values): float
{
	sort($values);
	return quantile($values, 0.5);
}

/** median, p25, p75, min, max and the values of repeated rounds. */
function stats(array $values): array
{
	$values = array_map('floatval', array_values($values));
	$sorted = $values;
	sort($sorted);
	return [
		'median' => quantile($sorted, 0.5),
		'p25' => quantile($sorted, 0.25),
		'p75' => quantile($sorted, 0.75),
		'min' => $sorted[0] ?? NAN,
		'max' => $sorted[count($sorted) - 1] ?? NAN,
		'runs' => count($values),
		'values' => $values,
	];
}

/** One side of a scenario (or one more row): its rounds' values and its counts per call. */
function side(string $label, array $values, string $unit, array $counts = []): array
{
	return ['label' => $label, 'unit' => $unit] + stats($values) + ['counts' => $counts];
}

/** $a over $b: the median of the rounds' ratios when paired, else the ratio of the medians. */
function ratio(array $a, array $b): ?float
{
	$a = array_values($a);
	$b = array_values($b);
	if (!$a || !$b) {
		return null;
	}
	if (count($a) === count($b)) {
		$r = [];
		foreach ($a as $i => $x) {
			if ($b[$i] > 0) {
				$r[] = $x / $b[$i];
			}
		}
		return $r ? median($r) : null;
	}
	$mb = median($b);
	return $mb > 0 ? median($a) / $mb : null;
}

/**
 * A scenario with its headline ratios computed. $basis "time" takes the
 * ratios of the sides' values; any other name takes them of that count
 * (e.g. "upstream_calls" for the concurrent searches).
 */
function scenario(string $name, string $class, string $what, ?array $native, ?array $php, ?array $floor,
	array $rows = [], array $notes = [], string $basis = 'time'): array
{
	$pick = function (?array $side) use ($basis): array {
		if ($side === null) {
			return [];
		}
		return $basis === 'time' ? $side['values'] : [(float) ($side['counts'][$basis] ?? 0)];
	};
	return [
		'name' => $name,
		'class' => $class,
		'what' => $what,
		'native' => $native,
		'php' => $php,
		'floor' => $floor,
		'rows' => $rows,
		'ratio_php_over_native' => $php && $native ? ratio($pick($php), $pick($native)) : null,
		'ratio_native_over_floor' => $native && $floor ? ratio($pick($native), $pick($floor)) : null,
		'ratio_basis' => $basis,
		'notes' => $notes,
	];
}

/** Writes the script's JSON document when --json was given. */
function write_json(?string $file, string $bench, array $params, array $scenarios, array $failures): void
{
	if ($file === null) {
		return;
	}
	$doc = [
		'bench' => $bench,
		'version' => 1,
		'generated' => date(DATE_RFC3339),
		'params' => $params,
		'ok' => !$failures,
		'failures' => array_values($failures),
		'scenarios' => $scenarios,
	];
	$json = json_encode($doc, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
		| JSON_PRESERVE_ZERO_FRACTION | JSON_PARTIAL_OUTPUT_ON_ERROR);
	if (file_put_contents($file, $json . "\n") === false) {
		fwrite(STDERR, "$bench: cannot write $file\n");
		exit(2);
	}
}

/** An emulator admin call; the decoded answer. */
function admin(string $base, string $method, string $path, ?array $body = null): array
{
	$ch = curl_init("$base/__admin/$path");
	curl_setopt_array($ch, [CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 30,
		CURLOPT_HTTPHEADER => ['Content-Type: application/json']]
		+ ($body === null ? [] : [CURLOPT_POSTFIELDS => json_encode((object) $body)]));
	$raw = curl_exec($ch);
	$status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
	curl_close($ch);
	if ($status !== 200) {
		throw new \RuntimeException("emulator $method /__admin/$path: $status $raw");
	}
	return json_decode((string) $raw, true);
}

/**
 * A Redis server's own counters, read on a connection of its own: trips
 * (total_reads_processed: one per request/response round trip, whatever it
 * carries), cmds (the calls of every command in INFO commandstats, which
 * counts the commands a Lua script runs too), and calls and usec by command.
 */
function server_counters(\Redis $redis): array
{
	$info = (string) $redis->rawCommand('INFO', 'stats', 'commandstats');
	preg_match('/^total_reads_processed:(\d+)/m', $info, $reads);
	preg_match_all('/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/m', $info, $calls);
	return ['trips' => (int) $reads[1], 'cmds' => array_sum(array_map('intval', $calls[2])),
		'calls' => array_combine($calls[1], array_map('intval', $calls[2])),
		'usec' => array_combine($calls[1], array_map('intval', $calls[3]))];
}

/** $after minus $before, less what reading the counters itself adds ($overhead). */
function counters_delta(array $before, array $after, array $overhead): array
{
	$calls = [];
	foreach ($after['calls'] as $cmd => $n) {
		$d = $n - ($before['calls'][$cmd] ?? 0) - ($overhead['calls'][$cmd] ?? 0);
		if ($d) {
			$calls[$cmd] = $d;
		}
	}
	return ['trips' => $after['trips'] - $before['trips'] - $overhead['trips'],
		'cmds' => $after['cmds'] - $before['cmds'] - $overhead['cmds'], 'calls' => $calls];
}

/** What two back-to-back server_counters() add to the counters. */
function counters_overhead(\Redis $redis): array
{
	$a = server_counters($redis);
	$b = server_counters($redis);
	$d = ['trips' => $b['trips'] - $a['trips'], 'cmds' => $b['cmds'] - $a['cmds'], 'calls' => []];
	foreach ($b['calls'] as $cmd => $n) {
		if ($n - ($a['calls'][$cmd] ?? 0)) {
			$d['calls'][$cmd] = $n - ($a['calls'][$cmd] ?? 0);
		}
	}
	return $d;
}

function free_port(): int
{
	$server = stream_socket_server('tcp://127.0.0.1:0');
	$name = stream_socket_get_name($server, false);
	fclose($server);
	return (int) substr($name, strrpos($name, ':') + 1);
}

/**
 * A redis-server and/or a Cal.com emulator of the script's own, on free
 * ports, as tools/servers.sh starts them; stopped by stop(), at exit, or on
 * SIGINT/SIGTERM (the script then exits 130/143).
 */
final class Servers
{
	public ?int $redisPort = null;
	public ?string $emulatorUrl = null;
	private string $dir;
	private $emulator = null;
	private static array $running = [];
	private static bool $hooked = false;

	public static function start(bool $redis = true, bool $emulator = true): self
	{
		$s = new self();
		$s->dir = sys_get_temp_dir() . '/calcom-bench-' . getmypid() . '-' . bin2hex(random_bytes(3));
		mkdir($s->dir, 0700, true);
		self::$running[spl_object_id($s)] = $s;
		self::hook();
		try {
			if ($redis) {
				$s->startRedis();
			}
			if ($emulator) {
				$s->startEmulator();
			}
		} catch (\Throwable $e) {
			$s->stop();
			throw $e;
		}
		return $s;
	}

	private static function hook(): void
	{
		if (self::$hooked) {
			return;
		}
		self::$hooked = true;
		register_shutdown_function(static function (): void {
			foreach (self::$running as $s) {
				$s->stop();
			}
		});
		if (function_exists('pcntl_async_signals')) {
			pcntl_async_signals(true);
			// exit() runs the shutdown functions, which stop the servers.
			pcntl_signal(SIGINT, static fn () => exit(130));
			pcntl_signal(SIGTERM, static fn () => exit(143));
		}
	}

	private function startRedis(): void
	{
		$port = free_port();
		$cmd = ['redis-server', '--port', (string) $port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
			'--daemonize', 'yes', '--pidfile', "$this->dir/redis.pid", '--logfile', "$this->dir/redis.log",
			'--dir', $this->dir];
		exec(implode(' ', array_map('escapeshellarg', $cmd)), $out, $rc);
		if ($rc !== 0) {
			throw new \RuntimeException("redis-server did not start on $port");
		}
		for ($i = 0; $i < 200; $i++) {
			$sock = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1);
			if ($sock) {
				fwrite($sock, "PING\r\n");
				$line = fgets($sock);
				fclose($sock);
				if ($line === "+PONG\r\n") {
					$this->redisPort = $port;
					return;
				}
			}
			usleep(20000);
		}
		throw new \RuntimeException("redis-server on $port did not answer");
	}

	private function startEmulator(): void
	{
		$portFile = "$this->dir/emulator.port";
		$log = "$this->dir/emulator.log";
		$this->emulator = proc_open(['python3', ROOT . '/tests/emulator/calcom_emulator.py', '--port', '0',
			'--port-file', $portFile, '--quiet'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'],
			2 => ['file', $log, 'a']], $pipes);
		if (!is_resource($this->emulator)) {
			throw new \RuntimeException('the emulator did not start');
		}
		for ($i = 0; $i < 300; $i++) {
			clearstatcache();
			if (is_file($portFile) && ($port = (int) trim((string) file_get_contents($portFile))) > 0) {
				$this->emulatorUrl = "http://127.0.0.1:$port";
				return;
			}
			if (!proc_get_status($this->emulator)['running']) {
				break;
			}
			usleep(20000);
		}
		throw new \RuntimeException('the emulator did not come up: ' . @file_get_contents($log));
	}

	public function stop(): void
	{
		unset(self::$running[spl_object_id($this)]);
		if (is_resource($this->emulator)) {
			proc_terminate($this->emulator, SIGTERM);
			for ($i = 0; $i < 100 && proc_get_status($this->emulator)['running']; $i++) {
				usleep(20000);
			}
			if (proc_get_status($this->emulator)['running']) {
				proc_terminate($this->emulator, SIGKILL);
			}
			proc_close($this->emulator);
			$this->emulator = null;
		}
		$pidfile = "$this->dir/redis.pid";
		if ($this->redisPort !== null) {
			for ($i = 0; $i < 100 && !is_file($pidfile); $i++) {
				usleep(10000);
			}
			$pid = (int) @file_get_contents($pidfile);
			if ($pid > 0) {
				posix_kill($pid, SIGTERM);
				for ($i = 0; $i < 200 && posix_kill($pid, 0); $i++) {
					usleep(10000);
				}
			}
			$this->redisPort = null;
		}
		if (isset($this->dir) && is_dir($this->dir)) {
			foreach (glob("$this->dir/{,.}*", GLOB_BRACE) ?: [] as $f) {
				is_file($f) && @unlink($f);
			}
			@rmdir($this->dir);
		}
	}
}
