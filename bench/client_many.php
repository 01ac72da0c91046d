<?php
/*
 * Calcom\Client::getAvailableSlotsMany() against the way the Laravel
 * CalcomService fetched availability: one request per query, one after the
 * other (PHP's curl, a new handle per request, as Laravel's Http client
 * does). Both talk to the same emulator with the same injected latency, in
 * the same run; the ratio is the headline, absolute times depend on the box.
 *
 *   php -d extension=modules/calcom.so bench/client_many.php [queries=8] [latency_ms=100] [runs=5]
 */
$base = getenv('CALCOM_TEST_EMULATOR_URL');
[$n, $latency, $runs] = [(int) ($argv[1] ?? 8), (int) ($argv[2] ?? 100), (int) ($argv[3] ?? 5)];

function admin(string $base, string $path, array $body): void {
	$ch = curl_init("$base/__admin/$path");
	curl_setopt_array($ch, [CURLOPT_POSTFIELDS => json_encode((object) $body), CURLOPT_RETURNTRANSFER => true,
		CURLOPT_HTTPHEADER => ['Content-Type: application/json']]);
	curl_exec($ch);
	curl_close($ch);
}

admin($base, 'reset', []);
admin($base, 'config', ['rateLimit' => ['limit' => 100000, 'windowSeconds' => 60, 'blockSeconds' => 60]]);
admin($base, 'clock', ['now' => '2025-09-29T06:00:00Z']);
admin($base, 'faults', ['endpoint' => 'slots', 'latency_ms' => $latency]);

$days = [];
for ($d = new DateTimeImmutable('2025-10-01'); count($days) < $n; $d = $d->modify('+1 day')) {
	$days[] = $d->format('Y-m-d');
}

$sequential = function () use ($base, $days): int {
	$slots = 0;
	foreach ($days as $day) {
		$ch = curl_init("$base/v2/slots?" . http_build_query(['eventTypeId' => 1001, 'start' => $day, 'end' => $day,
			'timeZone' => 'Europe/Berlin']));
		curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => [
			'Authorization: Bearer bench-key', 'cal-api-version: 2024-09-04']]);
		$body = json_decode(curl_exec($ch), true);
		curl_close($ch);
		$slots += count($body['data'][$day] ?? []);
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

function measure(callable $f, int $runs): array {
	$times = [];
	for ($i = 0; $i < $runs; $i++) {
		$t = hrtime(true);
		$slots = $f();
		$times[] = (hrtime(true) - $t) / 1e6;
	}
	sort($times);
	return ['median' => $times[intdiv($runs, 2)], 'min' => $times[0], 'max' => end($times), 'slots' => $slots];
}

$floor = measure(function () use ($base) {
	admin($base, 'faults', ['endpoint' => 'slots', 'latency_ms' => 0]);
	return 0;
}, $runs);
admin($base, 'faults', ['endpoint' => 'slots', 'latency_ms' => $latency]);
$seq = measure($sequential, $runs);
$nat = measure($native, $runs);
admin($base, 'reset', []);

printf("getAvailableSlotsMany, %d queries, emulator latency %d ms, %d runs (median, min–max)\n", $n, $latency, $runs);
printf("  floor: one emulator admin round trip   %8.1f ms (%.1f–%.1f)\n", $floor['median'], $floor['min'], $floor['max']);
printf("  sequential PHP curl (Laravel way)     %8.1f ms (%.1f–%.1f), %d slots\n", $seq['median'], $seq['min'], $seq['max'], $seq['slots']);
printf("  Calcom\\Client::getAvailableSlotsMany  %8.1f ms (%.1f–%.1f), %d slots\n", $nat['median'], $nat['min'], $nat['max'], $nat['slots']);
printf("  ratio sequential / native: %.1fx\n", $seq['median'] / $nat['median']);
exit($seq['slots'] === $nat['slots'] ? 0 : 1);
