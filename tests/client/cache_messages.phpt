--TEST--
Client::getAvailableSlots() with the availability cache: bad start and end arguments give the same errors as without it
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
$store = new Calcom\Store(redis_dsn(), ['prefix' => 'cache-msg-' . getmypid() . ':']);
$cached = test_client(['cache' => new Calcom\SwrCache($store)]);
$plain = test_client();
foreach ([[20251001, '2025-10-01'], ['tomorrow', '2025-10-01'], ['2025-10-01', '2025-13-01'], ['2025-10-02', '2025-10-01']] as [$start, $end]) {
	$messages = [];
	foreach ([$cached, $plain] as $client) {
		try {
			$client->getAvailableSlots(1001, $start, $end);
			$messages[] = 'accepted';
		} catch (TypeError|ValueError $e) {
			$messages[] = get_class($e) . ': ' . $e->getMessage();
		}
	}
	echo $messages[0] === $messages[1] ? "same: {$messages[1]}" : "cached: {$messages[0]}\n  plain: {$messages[1]}", "\n";
}
?>
--EXPECT--
same: TypeError: Calcom\Client::getAvailableSlots(): Argument #2 ($start) must be of type DateTimeInterface|string, int given
same: ValueError: Calcom\Client::getAvailableSlots(): Argument #2 ($start) must be a date (YYYY-MM-DD) or an RFC 3339 timestamp
same: ValueError: Calcom\Client::getAvailableSlots(): Argument #3 ($end) must be a date (YYYY-MM-DD) or an RFC 3339 timestamp
same: ValueError: Calcom\Client::getAvailableSlots(): Argument #3 ($end) must not be before start
