<?php
/*
 * Writes bench/REPORT.md from the JSON documents the bench scripts wrote
 * with --json (bench/common.php describes them) and, when given, the load
 * test's (bench/load/run.sh --json), and prints a short summary: one line
 * per scenario with its headline ratio. bench/run.sh calls it; by hand:
 *
 *   php [-d extension=modules/calcom.so] bench/report.php [--out FILE] [--meta KEY=VALUE]...
 *       [--load FILE | --load-skipped REASON] [--missing NAME=REASON]... JSON_FILE_OR_DIR...
 *
 * --out defaults to bench/REPORT.md; --meta adds a line to the header (run
 * settings, timings); --missing names a script that wrote no document and
 * why. Exits 1 when a document says a check failed or one is missing, 2 on
 * bad arguments; the report is written either way.
 */
declare(strict_types=1);

$out = __DIR__ . '/REPORT.md';
$meta = [];
$missing = [];
$load = null;
$loadSkipped = null;
$inputs = [];
for ($i = 1; $i < $argc; $i++) {
	$a = $argv[$i];
	$value = function () use (&$i, $argv, $argc, $a): string {
		if (str_contains($a, '=') && str_starts_with($a, '--')) {
			return substr($a, strpos($a, '=') + 1);
		}
		if (++$i >= $argc) {
			fwrite(STDERR, "report: $a needs a value\n");
			exit(2);
		}
		return $argv[$i];
	};
	$name = str_starts_with($a, '--') ? explode('=', $a, 2)[0] : null;
	switch ($name) {
		case '--out':
			$out = $value();
			break;
		case '--meta':
			[$k, $v] = array_pad(explode('=', $value(), 2), 2, '');
			$meta[$k] = $v;
			break;
		case '--missing':
			[$k, $v] = array_pad(explode('=', $value(), 2), 2, '');
			$missing[$k] = $v;
			break;
		case '--load':
			$load = $value();
			break;
		case '--load-skipped':
			$loadSkipped = $value();
			break;
		case null:
			$inputs[] = $a;
			break;
		default:
			fwrite(STDERR, "report: unknown option $a\n");
			exit(2);
	}
}

$files = [];
foreach ($inputs as $in) {
	if (is_dir($in)) {
		foreach (glob(rtrim($in, '/') . '/*.json') ?: [] as $f) {
			if ($load === null || realpath($f) !== realpath($load)) {
				$files[] = $f;
			}
		}
	} elseif (is_file($in)) {
		$files[] = $in;
	} else {
		$missing[basename($in)] = 'no such file';
	}
}

$docs = [];
foreach ($files as $f) {
	$doc = json_decode((string) file_get_contents($f), true);
	if (!is_array($doc) || !isset($doc['scenarios'])) {
		$missing[basename($f)] = 'not a bench document';
		continue;
	}
	$docs[] = $doc;
}

// The scenarios in the order of the issue, then whatever else there is.
$order = ['rate-limit check', 'closed-breaker call', 'cache fresh hit', 'cache stale hit', 'cache cold miss',
	'alternative search, best case', 'alternative search, typical case', 'alternative search, worst case',
	'booking-time cache invalidation', 'concurrent cold searches', 'availability of'];
$scenarios = [];
foreach ($docs as $doc) {
	foreach ($doc['scenarios'] as $s) {
		$s['bench'] = $doc['bench'];
		$scenarios[] = $s;
	}
}
$rank = function (array $s) use ($order): int {
	foreach ($order as $i => $prefix) {
		if (str_contains($s['name'], $prefix)) {
			return $i;
		}
	}
	return count($order);
};
usort($scenarios, fn ($a, $b) => $rank($a) <=> $rank($b));

// ------------------------------------------------------------ formatting

function num(?float $v, int $sig = 3): string
{
	if ($v === null || is_nan($v)) {
		return '–';
	}
	if ($v == 0) {
		return '0';
	}
	$abs = abs($v);
	if ($abs >= 10 ** $sig) {
		return number_format($v, 0, '.', '');
	}
	$decimals = max(0, $sig - 1 - (int) floor(log10($abs)));
	$text = number_format($v, $decimals, '.', '');
	return $decimals > 0 ? rtrim(rtrim($text, '0'), '.') : $text;
}

function unit(string $u): string
{
	return $u === 'us' ? 'µs' : $u;
}

/** [factor, unit] to show a row in: µs from 10 000 on as ms, ms from 10 000 on as s. */
function scale(array $side): array
{
	$m = abs((float) $side['median']);
	return match (true) {
		$side['unit'] === 'us' && $m >= 10000 => [1e-3, 'ms'],
		$side['unit'] === 'ms' && $m >= 10000 => [1e-3, 's'],
		default => [1.0, unit($side['unit'])],
	};
}

function timed(?array $side, string $key = 'median'): string
{
	if (!$side) {
		return '–';
	}
	[$f, $u] = scale($side);
	return num($side[$key] * $f) . ' ' . $u;
}

function ratio_text(?float $r): string
{
	return $r === null ? '–' : num($r) . '×';
}

function spread_text(array $side): string
{
	[$f, $u] = scale($side);
	return sprintf('%s–%s %s', num($side['p25'] * $f), num($side['p75'] * $f), $u);
}

function range_text(array $side): string
{
	[$f, $u] = scale($side);
	return sprintf('%s–%s %s', num($side['min'] * $f), num($side['max'] * $f), $u);
}

function cell(string $s): string
{
	return str_replace(['|', "\n"], ['\\|', ' '], $s);
}

/** The counts worth a column, in a sensible order, with their headings. */
const COUNT_COLUMNS = [
	'redis_trips' => 'Redis round trips',
	'redis_cmds' => 'Redis commands',
	'keys' => 'keys changed',
	'api_calls' => 'API calls',
	'upstream_calls' => 'upstream calls',
	'http_429' => '429s',
	'searches_ok' => 'searches ok',
	'searches_failed' => 'searches failed',
	'search_p50_ms' => 'a search p50 (ms)',
	'search_p99_ms' => 'a search p99 (ms)',
	'max_in_flight' => 'most in flight',
	'alternatives' => 'alternatives',
];

function count_text(array $counts, string $key): string
{
	if (!array_key_exists($key, $counts)) {
		return '–';
	}
	$v = $counts[$key];
	$text = num((float) $v);
	// A range of counts over the runs, when it was not always the same.
	if (isset($counts[$key . '_min'], $counts[$key . '_max']) && $counts[$key . '_min'] != $counts[$key . '_max']) {
		$text .= sprintf(' (%s–%s)', num((float) $counts[$key . '_min']), num((float) $counts[$key . '_max']));
	}
	return $text;
}

/** The headline of a scenario: its basis and the two ratios. */
function headline(array $s): string
{
	$basis = $s['ratio_basis'] === 'time' ? 'time' : str_replace('_', ' ', $s['ratio_basis']);
	return sprintf('PHP ÷ native %s, native ÷ floor %s (%s)', ratio_text($s['ratio_php_over_native']),
		ratio_text($s['ratio_native_over_floor']), $basis);
}

/** The counts that tell the sides apart, as "PHP → native". */
function count_summary(array $s): string
{
	$parts = [];
	if (!$s['php'] || !$s['native']) {
		return '';
	}
	foreach (['redis_trips' => 'Redis round trips', 'keys' => 'keys', 'api_calls' => 'API calls',
		'upstream_calls' => 'upstream calls', 'http_429' => '429s'] as $k => $label) {
		if (isset($s['php']['counts'][$k], $s['native']['counts'][$k])) {
			$parts[] = sprintf('%s %s → %s', $label, num((float) $s['php']['counts'][$k]),
				num((float) $s['native']['counts'][$k]));
		}
	}
	return implode(', ', $parts);
}

// ------------------------------------------------------------ the machine

function first_line(string $cmd): string
{
	$line = trim((string) @shell_exec($cmd . ' 2>/dev/null'));
	return $line === '' ? 'unknown' : strtok($line, "\n");
}

$cpu = 'unknown';
foreach (@file('/proc/cpuinfo') ?: [] as $line) {
	if (preg_match('/^model name\s*:\s*(.+)$/', $line, $m)) {
		$cpu = trim($m[1]);
		break;
	}
}
$laravel = 'unknown';
if (stream_resolve_include_path('Illuminate/autoload.php')) {
	require_once 'Illuminate/autoload.php';
	if (class_exists(Illuminate\Foundation\Application::class)) {
		$laravel = Illuminate\Foundation\Application::VERSION;
	}
}
$machine = [
	'date' => date('Y-m-d H:i:s T'),
	'host' => php_uname('n') . ', ' . php_uname('s') . ' ' . php_uname('r') . ' ' . php_uname('m'),
	'CPU' => first_line('nproc') . ' × ' . $cpu,
	'memory' => (preg_match('/^MemTotal:\s+(\d+)/m', (string) @file_get_contents('/proc/meminfo'), $m)
		? round($m[1] / 1048576, 1) . ' GiB' : 'unknown'),
	'PHP' => PHP_VERSION . (PHP_ZTS ? ' ZTS' : ' NTS') . (extension_loaded('Zend OPcache') ? ', OPcache loaded' : ''),
	'calcom extension' => phpversion('calcom') ?: 'not loaded by report.php',
	'phpredis' => phpversion('redis') ?: 'not loaded',
	'Redis' => first_line('redis-server --version'),
	'curl' => function_exists('curl_version') ? curl_version()['version'] : 'unknown',
	'Laravel (Debian php-laravel-framework)' => $laravel,
	'Python (emulator)' => first_line('python3 --version'),
];

// ------------------------------------------------------------ the report

$md = [];
$md[] = '# calcom benchmarks: the native classes beside the PHP they replace';
$md[] = '';
$md[] = 'Generated by `bash bench/run.sh` (this file is its output; do not edit). Every scenario runs the native '
	. 'class, the PHP version it replaces (bench/laravel/, ported from the architecture reviews onto Debian\'s '
	. 'Laravel packages: Cache on the Redis store with phpredis, the Http client on Guzzle) and the floor (one bare '
	. 'Redis round trip, or one Cal.com emulator round trip) side by side in the same run, in rounds that take turns. '
	. 'Values are medians over the rounds with the middle half (p25–p75) as the spread; the ratios are the median '
	. 'of each round\'s ratio. **Ratios are the headline**: absolute times depend on the machine, and this one may '
	. 'have been busy.';
$md[] = '';
$md[] = '## Machine and run';
$md[] = '';
foreach ($machine as $k => $v) {
	$md[] = "- $k: " . cell((string) $v);
}
foreach ($meta as $k => $v) {
	$md[] = "- $k: " . cell($v);
}
$md[] = '';
$md[] = 'Reproduce: `bash bench/run.sh` (`BENCH_QUICK=1 bash bench/run.sh` for a smoke run whose numbers are '
	. 'indicative only; the knobs are in bench/run.sh\'s header).';
$md[] = '';

// Problems first, so nobody reads numbers of a broken run without knowing.
$problems = [];
foreach ($docs as $doc) {
	foreach ($doc['failures'] as $f) {
		$problems[] = "{$doc['bench']}: $f";
	}
}
foreach ($missing as $name => $why) {
	$problems[] = "$name: no results ($why)";
}
if ($problems) {
	$md[] = '## Checks that failed';
	$md[] = '';
	$md[] = 'The scripts check what they count (both sides return the same answer, the server\'s round trips match '
		. 'the client\'s own count, each miss sends one request…). These did not hold in this run:';
	$md[] = '';
	foreach ($problems as $p) {
		$md[] = '- ' . cell($p);
	}
	$md[] = '';
}

$md[] = '## Summary';
$md[] = '';
$md[] = '| scenario | native class | PHP ÷ native | native ÷ floor | ratio of | PHP → native |';
$md[] = '|---|---|---:|---:|---|---|';
foreach ($scenarios as $s) {
	$md[] = sprintf('| [%s](#%s) | `%s` | **%s** | %s | %s | %s |', cell($s['name']),
		preg_replace('/[^a-z0-9 -]/', '', str_replace(' ', '-', strtolower($s['name']))), $s['class'],
		ratio_text($s['ratio_php_over_native']), ratio_text($s['ratio_native_over_floor']),
		$s['ratio_basis'] === 'time' ? 'time' : str_replace('_', ' ', $s['ratio_basis']), cell(count_summary($s)));
}
$md[] = '';
$md[] = 'PHP ÷ native above 1: the native class is that many times faster (or, for a count, makes that many times '
	. 'fewer). native ÷ floor: how far the native class is from the least the operation can cost.';
$md[] = '';

foreach ($scenarios as $s) {
	$md[] = '## ' . $s['name'];
	$md[] = '';
	$md[] = '`' . $s['class'] . '` — ' . cell($s['what']) . " (bench/{$s['bench']}.php)";
	$md[] = '';
	$rows = [];
	foreach (['native' => 'native', 'php' => 'PHP', 'floor' => 'floor'] as $k => $role) {
		if ($s[$k]) {
			$rows[] = [$role, $s[$k]];
		}
	}
	foreach ($s['rows'] as $row) {
		$rows[] = [['native' => 'native, also', 'php' => 'PHP, also', 'floor' => 'floor, also', 'ref' => 'reference']
			[$row['role'] ?? ''] ?? ($row['role'] ?? ''), $row];
	}
	$cols = [];
	foreach (COUNT_COLUMNS as $key => $heading) {
		foreach ($rows as [, $row]) {
			if (array_key_exists($key, $row['counts'])) {
				$cols[$key] = $heading;
				break;
			}
		}
	}
	$md[] = '| | implementation | median | p25–p75 | min–max | runs | ' . implode(' | ', $cols) . ' |';
	$md[] = '|---|---|---:|---:|---:|---:|' . str_repeat('---:|', count($cols));
	foreach ($rows as [$role, $row]) {
		$cells = [$role, cell($row['label']), timed($row), spread_text($row), range_text($row), (string) $row['runs']];
		foreach (array_keys($cols) as $key) {
			$cells[] = count_text($row['counts'], $key);
		}
		$md[] = '| ' . implode(' | ', $cells) . ' |';
	}
	$md[] = '';
	$more = [];
	foreach ($s['more_ratios'] ?? [] as $what => $r) {
		$more[] = cell($what) . ' ' . ratio_text($r);
	}
	$md[] = '**' . headline($s) . '**' . ($more ? '; ' . implode('; ', $more) : '');
	$md[] = '';
	foreach ([$s['native'], $s['php']] as $side) {
		foreach ($side['failed_why'] ?? [] as $why => $n) {
			$md[] = "- {$side['label']}: $n searches over all rounds ended with " . cell((string) $why);
		}
		if (!empty($side['found'])) {
			$md[] = "- {$side['label']} found: " . cell($side['found']);
		}
		if (!empty($side['counts']['keys_events'])) {
			$ev = [];
			foreach ($side['counts']['keys_events'] as $e => $n) {
				$ev[] = num((float) $n) . " $e";
			}
			$md[] = "- {$side['label']}: keyspace events per call: " . implode(', ', $ev);
		}
	}
	foreach ($s['notes'] as $note) {
		$md[] = '- ' . cell($note);
	}
	$md[] = '';
}

// ------------------------------------------------------------ the load test

/** A JSON value as one short cell: numbers trimmed, lists of scalars joined, the rest counted. */
function json_cell(mixed $x): string
{
	return cell(match (true) {
		is_float($x) => num($x, 4),
		is_bool($x) => $x ? 'yes' : 'no',
		$x === null => '–',
		$x === [] => 'none',
		is_array($x) && array_is_list($x) && !array_filter($x, 'is_array') => implode('/', array_map(
			fn ($y) => is_float($y) ? num($y, 4) : (is_bool($y) ? ($y ? 'yes' : 'no') : (string) $y), $x)),
		is_array($x) && array_is_list($x) => count($x) . ' items',
		is_array($x) => implode(', ', array_map(fn ($k, $y) => "$k: " . (is_array($y) ? json_encode($y) : $y),
			array_keys($x), $x)),
		default => (string) $x,
	});
}

/** An object's values by dotted name, nested objects flattened (lists kept whole). */
function flatten(array $v, string $prefix = ''): array
{
	$out = [];
	foreach ($v as $k => $x) {
		if (is_array($x) && $x && !array_is_list($x)) {
			$out += flatten($x, "$prefix$k.");
		} else {
			$out["$prefix$k"] = $x;
		}
	}
	return $out;
}

/** A list of objects as a table: $prefer's columns first when any is there, else every flattened one. */
function json_table(array $items, array $prefer, array &$md): void
{
	$rows = array_map(fn ($item) => is_array($item) ? flatten($item) : ['value' => $item], $items);
	$all = [];
	foreach ($rows as $row) {
		$all += array_fill_keys(array_keys($row), true);
	}
	$cols = array_values(array_filter($prefer, fn ($c) => isset($all[$c])));
	if (!$cols) {
		$cols = array_keys($all);
	}
	$md[] = '| ' . implode(' | ', array_map('cell', $cols)) . ' |';
	$md[] = '|' . str_repeat('---|', count($cols));
	foreach ($rows as $row) {
		$md[] = '| ' . implode(' | ', array_map(fn ($c) => json_cell($row[$c] ?? null), $cols)) . ' |';
	}
	$md[] = '';
}

/** Any JSON value as Markdown: nested objects flattened to dotted names in a list, lists of objects as tables. */
function render_json(mixed $v, string $path, array &$md): void
{
	if (!is_array($v) || (array_is_list($v) && !array_filter($v, 'is_array'))) {
		$md[] = json_cell($v);
		$md[] = '';
		return;
	}
	if (array_is_list($v)) {
		json_table($v, [], $md);
		return;
	}
	$tables = [];
	$lines = [];
	foreach (flatten($v) as $k => $x) {
		if (is_array($x) && array_is_list($x) && array_filter($x, 'is_array')) {
			$tables[$k] = $x;
		} else {
			$lines[] = '- ' . cell((string) $k) . ': ' . json_cell($x);
		}
	}
	array_push($md, ...$lines);
	if ($lines) {
		$md[] = '';
	}
	foreach ($tables as $k => $x) {
		$md[] = '#### ' . cell("$path$k");
		$md[] = '';
		json_table($x, [], $md);
	}
}

/** The load test's document: its levels and checks first, its configuration folded away, the rest as it comes. */
function render_load(array $doc, array &$md): void
{
	foreach (['ok', 'generated_at', 'seconds'] as $k) {
		if (array_key_exists($k, $doc) && !is_array($doc[$k])) {
			$md[] = "- $k: " . json_cell($doc[$k]);
		}
	}
	$md[] = '';
	if (isset($doc['levels']) && is_array($doc['levels']) && array_is_list($doc['levels'])) {
		$md[] = '### By concurrency';
		$md[] = '';
		json_table($doc['levels'], ['concurrency', 'requests', 'throughput_rps', 'latency_ms.p50', 'latency_ms.p99',
			'upstream_calls', 'upstream_calls_per_request', 'emulator_429', 'admitted_429',
			'redis_round_trips_per_request', 'redis_commands_per_request', 'refused_by_limiter', 'refused_by_breaker'],
			$md);
	}
	if (isset($doc['checks']) && is_array($doc['checks']) && array_is_list($doc['checks'])) {
		$md[] = '### Checks';
		$md[] = '';
		foreach ($doc['checks'] as $c) {
			if (is_array($c) && isset($c['name'])) {
				$md[] = sprintf('- %s %s%s', ($c['ok'] ?? false) ? 'ok' : '**FAILED**', cell((string) $c['name']),
					isset($c['detail']) ? ': ' . cell((string) $c['detail']) : '');
			} else {
				$md[] = '- ' . json_cell($c);
			}
		}
		$md[] = '';
	}
	foreach ($doc as $k => $x) {
		if (in_array($k, ['ok', 'generated_at', 'seconds', 'levels', 'checks', 'config', 'tool'], true)) {
			continue;
		}
		$md[] = '### ' . cell((string) $k);
		$md[] = '';
		render_json($x, "$k.", $md);
	}
	if (isset($doc['config'])) {
		$md[] = '<details><summary>configuration</summary>';
		$md[] = '';
		$md[] = '```json';
		$md[] = json_encode($doc['config'], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
		$md[] = '```';
		$md[] = '';
		$md[] = '</details>';
		$md[] = '';
	}
}

$md[] = '## Load test (bench/load/run.sh)';
$md[] = '';
$loadDoc = null;
if ($load !== null) {
	$loadDoc = json_decode((string) @file_get_contents($load), true);
	if (!is_array($loadDoc)) {
		$loadSkipped = "bench/load/run.sh ran but its JSON ($load) could not be read";
		$loadDoc = null;
	}
}
if ($loadDoc !== null) {
	$md[] = 'From bench/load/run.sh --json (its own header says what it measures).';
	$md[] = '';
	render_load($loadDoc, $md);
} else {
	$md[] = 'Not included: ' . cell($loadSkipped ?? 'no load-test results were given to bench/report.php') . '.';
	$md[] = '';
}

file_put_contents($out, implode("\n", $md) . "\n");

// ------------------------------------------------------------ the summary
echo "benchmark summary (ratios are the headline; PHP ÷ native > 1 means native is faster/fewer)\n";
foreach ($scenarios as $s) {
	printf("  %-34s %s%s\n", $s['name'], headline($s), ($c = count_summary($s)) !== '' ? "; $c" : '');
}
printf("  %-34s %s\n", 'load test', $loadDoc !== null ? 'included' : 'not included: ' . ($loadSkipped ?? 'no results'));
foreach ($problems as $p) {
	echo "  FAILED CHECK $p\n";
}
echo "report: $out\n";
exit($problems ? 1 : 0);
