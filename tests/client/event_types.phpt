--TEST--
Client::getEventTypes(): the data list with the 2024-06-14 API version; errors become ApiException
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
emulator_reset();
$client = test_client();
foreach ($client->getEventTypes() as $type) {
	printf("%d %s %s %d min\n", $type['id'], $type['slug'], $type['title'], $type['lengthInMinutes']);
}
$r = emulator_requests('event_types')[0];
echo $r['method'], ' ', $r['path'], ' ', $r['headers']['cal-api-version'], "\n";

emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'sequence' => [401]]);
try {
	$client->getEventTypes();
} catch (Calcom\ApiException $e) {
	echo $e->getStatusCode(), ' ', $e->getMessage(), "\n", $e->getUserMessage(), "\n";
	echo json_decode($e->getResponseBody(), true)['error']['code'], "\n";
}
?>
--EXPECT--
1001 beratung Beratung 30 min
1002 erstgespraech Erstgespräch 60 min
1003 kurztermin Kurztermin 15 min
GET /v2/event-types 2024-06-14
401 GET /event-types: HTTP 401 UnauthorizedException: Unauthorized
Der Kalender ist im Moment nicht erreichbar. Bitte versuchen Sie es später noch einmal.
UnauthorizedException
