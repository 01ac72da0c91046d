--TEST--
RequestQueue callbacks: each finished job's result is POSTed to its callback URL, the body exactly what result() returns, with its request id and never an Authorization header or the API key; a callback failing twice then succeeding is retried (callback_attempts 3) and ends delivered; one failing every attempt ends failed and result() still returns the result
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/queue.inc';
emulator_reset();
q_unlimited();
$prefix = q_prefix('callbacks');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = test_client(['retries' => 0]);
$q = new Calcom\RequestQueue($store, $client, ['concurrency' => 4, 'callback_attempts' => 3, 'callback_timeout' => 5]);
$cb = emulator_url() . '/__callback/job/';

function callbacks(string $path): array
{
	return emulator('GET', '/__admin/callbacks?path=' . rawurlencode($path))['callbacks'];
}

// One done, one failed (Cal.com's 400), one without a callback, in one batch.
$done = $q->enqueue('GET', '/event-types/1001', ['n' => 'done'], 3, $cb . 'done/');
$failed = $q->enqueue('GET', '/event-types/abc', ['n' => 'failed'], 3, $cb . 'failed/?x=1');
$none = $q->enqueue('GET', '/event-types/1002', ['n' => 'none']);
echo 'worked ', $q->work(3, 60.0), "\n";
foreach (['done' => $done, 'failed' => $failed] as $name => $id) {
	$r = $q->result($id);
	$log = callbacks("/__callback/job/$name/");
	$c = $log[0] ?? null;
	echo "$name: ", count($log), ' delivery, ', $c['method'] ?? '-', ' ', $c['path'] ?? '-', ', result ', $r['status'],
		', callback ', $q->status($id)['callback'], "\n";
	echo '   body keys: ', implode(' ', array_keys($c['json'] ?? [])), "\n";
	echo '   body is result(): ', var_export(($c['json'] ?? null) === $r, true),
		', request id header: ', var_export(($c['headers']['x-calcom-request-id'] ?? null) === $id, true),
		', content type: ', $c['headers']['content-type'] ?? '-',
		', Authorization: ', var_export($c['has_authorization'] ?? null, true), "\n";
}
echo 'failed job error: ', json_encode(array_intersect_key($q->result($failed)['error'], ['type' => 1, 'status' => 1])), "\n";
echo 'no callback: callback ', var_export($q->status($none)['callback'], true), ', deliveries in all ',
	count(callbacks('/__callback/')), "\n";

// The receiver fails twice (500, then a dropped connection), then takes it.
emulator('POST', '/__admin/faults', ['endpoint' => 'callback', 'sequence' => [500, 'drop']]);
$retried = $q->enqueue('GET', '/event-types/1001', ['n' => 'retried'], 2, $cb . 'retried/');
echo "\nworked ", $q->work(1, 60.0), "\n";
$log = callbacks('/__callback/job/retried/');
echo 'retried: deliveries ', count($log), ' (', implode(', ', array_map(fn ($c) => var_export($c['status'], true), $log)),
	'), callback ', $q->status($retried)['callback'], ', the same body each time: ',
	var_export(count(array_unique(array_column($log, 'body'))) === 1 && $log[0]['json'] === $q->result($retried), true), "\n";

// The receiver fails every attempt.
emulator('POST', '/__admin/faults', ['endpoint' => 'callback', 'sequence' => [503, 503, 503, 503, 503]]);
$lost = $q->enqueue('GET', '/event-types/1001', ['n' => 'lost'], 2, $cb . 'lost/');
echo "\nworked ", $q->work(1, 60.0), "\n";
$r = $q->result($lost);
echo 'lost: deliveries ', count(callbacks('/__callback/job/lost/')), ', callback ', $q->status($lost)['callback'],
	', result still there: ', $r['status'], ' ', $r['result']['id'], "\n";
emulator('DELETE', '/__admin/faults');

// The API key goes to Cal.com only.
$all = emulator('GET', '/__admin/callbacks')['callbacks'];
$text = json_encode($all);
echo "\ncallbacks in all: ", count($all), ', any with Authorization: ',
	var_export(in_array(true, array_column($all, 'has_authorization'), true), true), ', API key in the log: ',
	var_export(str_contains($text, Q_API_KEY) || str_contains($text, 'Bearer'), true), "\n";
echo 'Cal.com saw the key: ', var_export(q_log()[0]['headers']['authorization'] === 'Bearer ***cdef', true), "\n";
q_cleanup($prefix);
?>
--EXPECT--
worked 3
done: 1 delivery, POST /__callback/job/done/, result done, callback delivered
   body keys: request_id status result error attempts processed_at
   body is result(): true, request id header: true, content type: application/json, Authorization: false
failed: 1 delivery, POST /__callback/job/failed/?x=1, result failed, callback delivered
   body keys: request_id status result error attempts processed_at
   body is result(): true, request id header: true, content type: application/json, Authorization: false
failed job error: {"type":"api","status":400}
no callback: callback NULL, deliveries in all 2

worked 1
retried: deliveries 3 (500, NULL, 200), callback delivered, the same body each time: true

worked 1
lost: deliveries 3, callback failed, result still there: done 1001

callbacks in all: 8, any with Authorization: false, API key in the log: false
Cal.com saw the key: true
