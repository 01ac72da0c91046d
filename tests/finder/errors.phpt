--TEST--
AlternativeFinder: a Cal.com failure is a result, not an exception — 503 after the client's retries gives error true, error_type calcom_api_error, error_code 503 and the German user message as responseText; the failure is not cached (the next search calls again and succeeds); an unreachable Cal.com gives error_code 0
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
finder_emulator(finder_week());
// Three 503s: the first attempt and both retries of a client with retries 2.
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => [503, 503, 503]]);
$prefix = finder_prefix('errors');
$client = finder_client($prefix, ['retries' => 2]);
$finder = new Calcom\AlternativeFinder($client);
try {
	finder_search('three 503s', $finder, berlin('2025-10-01 10:00'));
} catch (Throwable $e) {
	echo 'threw ', get_class($e), ': ', $e->getMessage(), "\n";
}
echo 'slots requests: ', finder_slots_calls(), ' (', implode(' ', array_column(emulator_requests('slots'), 'status')), ")\n";

// The sequence is used up: Cal.com answers again, and nothing of the failure
// was kept: one call, 09:00 (10440), 11:00 (10240).
finder_search('then ok', $finder, berlin('2025-10-01 10:00'));
echo 'slots requests: ', finder_slots_calls(), "\n";
finder_cleanup($prefix);

// Nobody listens on the port: no HTTP status, error_code 0.
$prefix = finder_prefix('errors-down');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$down = new Calcom\Client('cal_test_0123456789abcdef', ['base_url' => 'http://127.0.0.1:' . free_port() . '/v2',
	'cache' => new Calcom\SwrCache($store), 'tenant' => 'acme', 'retries' => 0, 'connect_timeout' => 2]);
try {
	$r = (new Calcom\AlternativeFinder($down))->findAlternatives(berlin('2025-10-01 10:00'), 60, FINDER_ET60);
	echo "unreachable\n";
	echo '  alternatives ', json_encode($r['alternatives']), ', error ', var_export($r['error'] ?? null, true),
		', error_type ', var_export($r['error_type'] ?? null, true), ', error_code ', var_export($r['error_code'] ?? null, true),
		', a user message: ', var_export(is_string($r['responseText']) && $r['responseText'] !== '' && !str_contains($r['responseText'], '127.0.0.1'), true), "\n";
} catch (Throwable $e) {
	echo 'threw ', get_class($e), ': ', $e->getMessage(), "\n";
}
finder_cleanup($prefix);
emulator('DELETE', '/__admin/faults');
?>
--EXPECT--
three 503s
  (no alternatives)
  text: Der Kalender ist im Moment nicht erreichbar. Bitte versuchen Sie es später noch einmal.
  timeout_hit false, api_calls 1
  error true, error_type 'calcom_api_error', error_code 503
slots requests: 3 (503 503 503)
then ok
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
slots requests: 4
unreachable
  alternatives [], error true, error_type 'calcom_api_error', error_code 0, a user message: true
