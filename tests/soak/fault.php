<?php
/*
 * Sets one endpoint's fault rule on the emulator, keeping what is left of
 * its current sequence in front of the new actions:
 *
 *   php fault.php EMULATOR_URL ENDPOINT LATENCY_MS 'JSON_ACTIONS'
 *
 * A breaker that opens holds an endpoint's requests back for seconds, so a
 * phase's actions may not all be used before the next phase begins; carried
 * over, every injected fault still meets a request (run.sh clears all rules
 * when the faults end). Prints the resulting rule; exit 1 when the emulator
 * did not take it.
 */

[, $url, $endpoint, $latency, $actions] = $argv + [null, null, null, null, null];
if ($actions === null) {
	fwrite(STDERR, "usage: fault.php EMULATOR_URL ENDPOINT LATENCY_MS JSON_ACTIONS\n");
	exit(2);
}
function admin(string $method, string $url, ?array $body = null): ?array
{
	$raw = @file_get_contents($url, false, stream_context_create(['http' => [
		'method' => $method, 'timeout' => 5, 'ignore_errors' => true,
		'header' => "Content-Type: application/json\r\n",
		'content' => $body === null ? '' : json_encode($body),
	]]));
	if ($raw === false || !str_contains($http_response_header[0] ?? '', ' 200')) {
		return null;
	}
	return json_decode($raw, true);
}
$current = admin('GET', "$url/__admin/faults");
if ($current === null) {
	exit(1);
}
$left = [];
foreach ($current['faults'] as $rule) {
	if ($rule['endpoint'] === $endpoint) {
		$left = $rule['sequence'];
	}
}
$rule = ['endpoint' => $endpoint, 'latency_ms' => (int) $latency,
	'sequence' => array_merge($left, json_decode($actions, true, 16, JSON_THROW_ON_ERROR))];
if (admin('POST', "$url/__admin/faults", $rule) === null) {
	exit(1);
}
echo json_encode($rule), "\n";
