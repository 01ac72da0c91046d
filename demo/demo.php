<?php
/*
 * What the extension does today, against a real Redis and the Cal.com
 * emulator. It grows with every feature; Calcom\Client, the limiter, the
 * breaker, the cache and the finder join it as they land.
 */
$redis = 'redis://127.0.0.1:' . getenv('CALCOM_TEST_REDIS_PORT');
$calcom = getenv('CALCOM_TEST_EMULATOR_URL') . '/v2';

echo "calcom ", phpversion('calcom'), "\n\n";

echo "== Calcom\\Store: one persistent Redis connection per worker\n";
$store = new Calcom\Store($redis, ['prefix' => 'demo:']);
printf("PING round trip      %.3f ms\n", $store->ping() * 1000);
printf("Redis clock          %s\n", date('Y-m-d H:i:s', (int) $store->time()));
// Every state change in the components is one Lua script like this one:
// run by SHA-1, its body sent only when Redis does not know it yet.
$count = 'return redis.call("INCR", KEYS[1])';
for ($i = 0; $i < 3; $i++) {
	$n = $store->evalScript($count, [$store->prefix() . 'counter:{demo}']);
}
$store->evalScript('return redis.call("DEL", KEYS[1])', [$store->prefix() . 'counter:{demo}']);
printf("script ran 3 times   counter = %d\n", $n);
$stats = $store->stats();
printf("connection           %s, %d connect(s), %d round trips, %d script load(s)\n",
	$stats['endpoint'], $stats['connects'], $stats['round_trips'], $stats['script_loads']);

try {
	(new Calcom\Store('redis://127.0.0.1:1', ['connect_timeout' => 0.2]))->ping();
} catch (Calcom\StoreException $e) {
	printf("unreachable Redis    %s: %s\n", get_class($e), $e->getMessage());
}

echo "\n== The Cal.com emulator (Calcom\\Client arrives with the next issue)\n";
$day = date('Y-m-d', strtotime('next monday'));
$context = stream_context_create(['http' => [
	'header' => "Authorization: Bearer demo-key\r\ncal-api-version: 2024-09-04\r\n",
	'ignore_errors' => true,
]]);
$body = file_get_contents("$calcom/slots?eventTypeId=1001&start=$day&end=$day&timeZone=Europe/Berlin", false, $context);
$slots = json_decode($body, true)['data'][$day] ?? [];
printf("GET /v2/slots        %s, %d slots on %s, first %s\n", $http_response_header[0], count($slots), $day,
	$slots[0]['start'] ?? '-');
foreach ($http_response_header as $header) {
	if (stripos($header, 'X-RateLimit-') === 0) {
		echo "                     $header\n";
	}
}
