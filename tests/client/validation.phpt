--TEST--
Client: bad arguments and options are a TypeError/ValueError naming the field, before any request; the API key never shows
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
emulator_reset();
$client = test_client();

$calls = [
	fn () => $client->getAvailableSlots(0, '2025-10-01', '2025-10-01'),
	fn () => $client->getAvailableSlots(1001, 'tomorrow', '2025-10-01'),
	fn () => $client->getAvailableSlots(1001, '2025-02-30', '2025-10-01'),
	fn () => $client->getAvailableSlots(1001, '2025-10-01T25:00:00Z', '2025-10-01'),
	fn () => $client->getAvailableSlots(1001, '2025-10-02', '2025-10-01'),
	fn () => $client->getAvailableSlots(1001, 20251001, '2025-10-01'),
	fn () => $client->getAvailableSlots(1001, '2025-10-01', '2025-10-01', -3),
	fn () => $client->getAvailableSlots(1001, '2025-10-01', '2025-10-01', null, ['tz' => 'UTC']),
	fn () => $client->getAvailableSlots(1001, '2025-10-01', '2025-10-01', null, ['timeZone' => 'Nowhere/Land']),
	fn () => new Calcom\Client(''),
	fn () => new Calcom\Client("key\r\nX-Evil: 1"),
	fn () => new Calcom\Client('k', ['base_url' => 'ftp://example.com']),
	fn () => new Calcom\Client('k', ['timeout' => 0]),
	fn () => new Calcom\Client('k', ['retries' => 11]),
	fn () => new Calcom\Client('k', ['retries' => '2']),
	fn () => new Calcom\Client('k', ['language' => 'fr']),
	fn () => new Calcom\Client('k', ['time_zone' => 'Berlin']),
	fn () => new Calcom\Client('k', ['limit' => 5]),
];
foreach ($calls as $call) {
	try {
		$call();
		echo "accepted\n";
	} catch (TypeError|ValueError $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}
echo 'requests sent: ', count(emulator_requests()), "\n";

$secret = 'cal_live_SECRETKEY987';
$client = new Calcom\Client($secret, ['base_url' => 'http://127.0.0.1:1/v2', 'retries' => 0, 'language' => 'en']);
ob_start();
var_dump($client);
print_r($client);
var_export($client);
try {
	$client->getAvailableSlots(1001, '2025-10-01', '2025-10-01');
} catch (Calcom\ApiException $e) {
	echo $e, "\n", $e->getUserMessage(), "\n";
}
$out = ob_get_clean();
echo str_contains($out, 'SECRETKEY') ? "LEAKED\n" : "no key in dumps or exceptions\n";
echo str_contains($out, 'The calendar cannot be reached right now.') ? "English user message\n" : $out;
// The client wipes its own copy of the key when it dies, never the caller's string.
$key = 'cal_literal_key';
$tmp = new Calcom\Client($key);
unset($tmp);
var_dump($key);
try {
	serialize($client);
} catch (Exception $e) {
	echo $e->getMessage(), "\n";
}
?>
--EXPECT--
ValueError: Calcom\Client::getAvailableSlots(): Argument #1 ($eventTypeId) must be greater than 0
ValueError: Calcom\Client::getAvailableSlots(): Argument #2 ($start) must be a date (YYYY-MM-DD) or an RFC 3339 timestamp
ValueError: Calcom\Client::getAvailableSlots(): Argument #2 ($start) must be a date (YYYY-MM-DD) or an RFC 3339 timestamp
ValueError: Calcom\Client::getAvailableSlots(): Argument #2 ($start) must be a date (YYYY-MM-DD) or an RFC 3339 timestamp
ValueError: Calcom\Client::getAvailableSlots(): Argument #3 ($end) must not be before start
TypeError: Calcom\Client::getAvailableSlots(): Argument #2 ($start) must be of type DateTimeInterface|string, int given
ValueError: Calcom\Client::getAvailableSlots(): Argument #4 ($teamId) must be greater than 0 or null
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) contains an unknown option (expected timeZone or tenant)
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) option "timeZone" must be a known time zone identifier
ValueError: Calcom\Client::__construct(): Argument #1 ($apiKey) must not be empty
ValueError: Calcom\Client::__construct(): Argument #1 ($apiKey) must contain only printable ASCII without spaces
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "base_url" must be an http:// or https:// URL with a host, without query, fragment, spaces or control characters
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "timeout" must be greater than 0 and at most 600
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "retries" must be between 0 and 10
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "retries" must be of type int, string given
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "language" must be "de" or "en"
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "time_zone" must be a known time zone identifier
ValueError: Calcom\Client::__construct(): Argument #2 ($options) contains unknown option "limit" (expected base_url, timeout, connect_timeout, retries, retry_delay, retry_max_delay, retry_budget, time_zone, language, store, limiter, breaker, limiter_wait, cache, tenant or metrics)
requests sent: 0
no key in dumps or exceptions
English user message
string(15) "cal_literal_key"
Serialization of 'Calcom\Client' is not allowed
