--TEST--
Client: injected faults — latency, 5xx then success, dropped and truncated answers are retried; malformed JSON, 429 storms, exhausted retries and timeouts become the right exception
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
emulator_reset();
$client = test_client(['retries' => 3]);

// Queries are percent-encoded (no ':' in them); ports vary.
function clean(string $message): string {
	return preg_replace(['/\?[^\s:]*/', '/127\.0\.0\.1:\d+/'], ['?…', '127.0.0.1:PORT'], $message);
}

function attempt(Calcom\Client $client, string $label, array $fault): void {
	emulator('POST', '/__admin/reset', []);
	emulator('POST', '/__admin/clock', ['now' => '2025-09-29T06:00:00Z']);
	emulator('POST', '/__admin/faults', ['endpoint' => 'slots'] + $fault);
	$before = $client->stats();
	try {
		$days = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-01');
		$outcome = count($days['2025-10-01']) . ' slots';
	} catch (Calcom\Exception $e) {
		$outcome = get_class($e) . ' status=' . var_export($e->getStatusCode(), true)
			. ($e instanceof Calcom\RateLimitException ? ' retryAfter>0=' . var_export($e->retryAfter() > 0, true) : '')
			. "\n    " . clean($e->getMessage()) . "\n    " . $e->getUserMessage();
	}
	$after = $client->stats();
	printf("%-22s attempts %d, sent %d: %s\n", $label, $after['attempts'] - $before['attempts'],
		count(emulator_requests('slots')), $outcome);
}

attempt($client, 'latency 200 ms', ['latency_ms' => 200]);
attempt($client, '503, 500, 502 then ok', ['sequence' => [503, 500, 502]]);
// libcurl itself resends a request once when a reused keep-alive connection
// turns out dead before any answer: one attempt of ours, two arrivals.
attempt($client, 'dropped connection', ['sequence' => ['drop']]);
attempt($client, 'truncated body', ['sequence' => ['truncate', 'truncate']]);
attempt($client, 'malformed JSON', ['sequence' => ['malformed']]);
attempt($client, 'five 503s', ['sequence' => [503, 503, 503, 503, 503]]);
attempt($client, '400', ['sequence' => [400]]);

emulator('POST', '/__admin/reset', []);
emulator('POST', '/__admin/storm', ['seconds' => 30]);
$before = $client->stats()['attempts'];
try {
	$client->getAvailableSlots(1001, '2025-10-01', '2025-10-01');
} catch (Calcom\RateLimitException $e) {
	printf("429 storm              attempts %d: %s %d, retryAfter %s, %s\n", $client->stats()['attempts'] - $before,
		get_class($e), $e->getStatusCode(), $e->retryAfter() > 0 && $e->retryAfter() <= 60 ? 'in (0, 60]' : $e->retryAfter(),
		$e->getUserMessage());
}

emulator('POST', '/__admin/reset', []);
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 3000]);
$slow = test_client(['timeout' => 0.3, 'retries' => 1]);
try {
	$slow->getAvailableSlots(1001, '2025-10-01', '2025-10-01');
} catch (Calcom\TimeoutException $e) {
	echo "timeout                ", get_class($e), ': ', clean($e->getMessage()), "\n";
}
emulator('POST', '/__admin/reset', []);
?>
--EXPECT--
latency 200 ms         attempts 1, sent 1: 18 slots
503, 500, 502 then ok  attempts 4, sent 4: 18 slots
dropped connection     attempts 1, sent 2: 18 slots
truncated body         attempts 3, sent 3: 18 slots
malformed JSON         attempts 1, sent 1: Calcom\ApiException status=200
    GET /slots?…: unusable response: unexpected end of body at byte 51 (expected a value)
    Beim Kalender ist gerade ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal.
five 503s              attempts 4, sent 4: Calcom\ApiException status=503
    GET /slots?…: HTTP 503 ServiceUnavailableException: Service Unavailable
    Der Kalender ist im Moment nicht erreichbar. Bitte versuchen Sie es später noch einmal.
400                    attempts 1, sent 1: Calcom\ApiException status=400
    GET /slots?…: HTTP 400 BadRequestException: Bad Request
    Die Terminanfrage war leider unvollständig oder ungültig. Bitte prüfen Sie Datum und Uhrzeit.
429 storm              attempts 1: Calcom\RateLimitException 429, retryAfter in (0, 60], Der Kalender ist gerade stark ausgelastet. Bitte versuchen Sie es in einem Moment noch einmal.
timeout                Calcom\TimeoutException: GET /slots?… failed after 2 attempts: GET http://127.0.0.1:PORT/v2/slots?…: Timeout was reached
