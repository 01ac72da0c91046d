<?php
/*
 * Calcom\Client::getAvailableSlotsMany() against the way the Laravel
 * CalcomService fetched availability: one request per query, one after the
 * other (PHP's curl, a new handle per request, as Laravel's Http client
 * does). Both talk to the same emulator (one of the script's own, started
 * and stopped by bench/common.php) with the same injected latency, in the
 * same run, taking turns run by run; the ratio is the headline, absolute
 * times depend on the box. The floor is one plain /v2/slots round trip at
 * that latency. Both sides must count the same slots, and each run must
 * send one request per query (the emulator's /__admin/stats).
 *
 * With --json FILE it also writes the results as JSON (bench/common.php
 * describes the document; bench/report.php reads it): the scenario
 * "availability of N days".
 *
 *   php -d extension=modules/calcom.so bench/client_many.php [--json FILE] [queries=8] [latency_ms=100] [runs=5]
 */
declare(strict_types=1);

require_once __DIR__ . '/common.php';

[$jsonFile, $args] = Bench\args($argv);
[$n, $latency, $runs] = [max(1, (int) ($args[0] ?? 8)), max(0, (int) ($args[1] ?? 100)), max(1, (int) ($args[2] ?? 5))];
if (!class_exists('Calcom\\Client')) {
	fwrite(STDERR, "the calcom extension is not loaded (php -d extension=modules/calcom.so ...)\n");
	exit(2);
}

$emulator = Bench\Servers::start(false, true);
$base = $emulator->emulatorUrl;
Bench\admin($base, 'POST', 'reset', []);
Bench\admin($base, 'POST', 'config', ['rateLimit' => ['limit' => 100000, 'windowSeconds' => 60, 'blockSeconds' => 60]]);
Bench\admin($base, 'POST', 'clock', ['now' => '2025-09-29T06:00:00Z']);
Bench\admin($base, 'POST', 'faults', ['endpoint' => 'slots', 'latency_ms' => $latency]);

$days = [];
for ($d = new DateTimeImmutable('2025-10-01'); count($days) < $n; $d = $d->modify('+1 day')) {
	$days[] = $d->format('Y-m-d');
}

function slots_request(string $base, string $day): int
{
	$ch = curl_init("$base/v2/slots?" . http_build_query(['eventTypeId' => 1001, 'start' => $day, 'end' => $day,
		'timeZone' => 'Europe/Berlin']));
	curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => [
		'Authorization: Bearer bench-key', 'cal-api-version: 2024-09-04']]);
	$body = json_decode((string) curl_exec($ch), true);
	curl_close($ch);
	return count($body['data'][$day] ?? []);
}

$sequential = function () use ($base, $days): int {
	$slots = 0;
	foreach ($days as $day) {
		$slots += slots_request($base, $day);
	}
	return $slots;
};

$client = new Calcom\Client('bench-key', ['base_url' => "$base/v2"]);
$native = function () use ($client, $days): int {
	$queries = array_map(fn ($day) => ['eventTypeId' => 1001, 'start' => $day, 'end' => $day], $days);
	$slots = 0;
	foreach ($client->getAvailableSlotsMany($queries) as $result) {
		$slots += array_sum(array_map('count', $result));
	}
	return $slots;
};
$floorRun = fn (): int => slots_request($base, $days[0]);

$failures = [];
// [label, op, requests one run must send]
$sides = ['floor' => ['one GET /v2/slots round trip, PHP curl', $floorRun, 1],
	'php' => ['sequential PHP curl (the Laravel way)', $sequential, $n],
	'native' => ['Calcom\\Client::getAvailableSlotsMany', $native, $n]];
$ms = ['floor' => [], 'php' => [], 'native' => []];
$slots = [];
$native(); // warm-up: the native client's connections
for ($i = 0; $i < $runs; $i++) {
	$order = $i % 2 ? ['native', 'php', 'floor'] : ['floor', 'php', 'native'];
	foreach ($order as $side) {
		[, $op, $expect] = $sides[$side];
		$before = Bench\admin($base, 'GET', 'stats')['by_endpoint']['slots'] ?? 0;
		$t = hrtime(true);
		$slots[$side] = $op();
		$ms[$side][] = (hrtime(true) - $t) / 1e6;
		$sent = (Bench\admin($base, 'GET', 'stats')['by_endpoint']['slots'] ?? 0) - $before;
		if ($sent !== $expect) {
			$failures[] = "$side run $i sent $sent /v2/slots requests, expected $expect";
		}
	}
}
$emulator->stop();
if ($slots['php'] !== $slots['native']) {
	$failures[] = "sequential counted {$slots['php']} slots, native {$slots['native']}";
}

$fmt = fn (array $v) => sprintf('%8.1f ms (%.1f–%.1f)', Bench\median($v), min($v), max($v));
printf("getAvailableSlotsMany, %d queries, emulator latency %d ms, %d runs (median, min–max)\n", $n, $latency, $runs);
printf("  floor: one /v2/slots round trip        %s\n", $fmt($ms['floor']));
printf("  sequential PHP curl (Laravel way)     %s, %d slots\n", $fmt($ms['php']), $slots['php']);
printf("  Calcom\\Client::getAvailableSlotsMany  %s, %d slots\n", $fmt($ms['native']), $slots['native']);
printf("  ratio sequential / native: %.1fx\n", Bench\ratio($ms['php'], $ms['native']));

$side = fn (string $s) => Bench\side($sides[$s][0], $ms[$s], 'ms', ['api_calls' => $sides[$s][2]]);
Bench\write_json($jsonFile, 'client_many', ['queries' => $n, 'latency_ms' => $latency, 'runs' => $runs], [
	Bench\scenario("availability of $n days", 'Calcom\\Client',
		"$n one-day GET /v2/slots queries with the emulator answering $latency ms late: native "
		. 'getAvailableSlotsMany() (parallel, curl-multi, keep-alive) against one request after the other '
		. '(PHP curl, a new handle each, as the Laravel CalcomService sent them)',
		$side('native'), $side('php'), $side('floor'), [], ["$runs runs per side, taking turns"]),
], $failures);

foreach ($failures as $failure) {
	fwrite(STDERR, "client_many: $failure\n");
}
exit($failures ? 1 : 0);
