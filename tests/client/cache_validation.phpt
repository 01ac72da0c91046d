--TEST--
Client availability cache options: "cache" must be a Calcom\SwrCache; tenant names that would break keys are refused (client option, getAvailableSlots option) with exact messages; with Redis down, on_failure "open"/"local" answer from Cal.com, "closed" throws StoreException; bookings go through either way
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
$prefix = 'cache-val-' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$cache = new Calcom\SwrCache($store);

function attempt(callable $f): void
{
	try {
		$r = $f();
		echo 'accepted', is_array($r) ? ' (' . count($r) . ' days)' : '', "\n";
	} catch (Throwable $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}

echo "-- the cache option\n";
foreach ([new stdClass(), 'redis://127.0.0.1', $store, null, [$cache]] as $bad) {
	attempt(fn () => test_client(['cache' => $bad]));
}

echo "-- the tenant option\n";
foreach (['', '{acme}', 'ac}me', "ac\0me", str_repeat('t', 129), 42, null] as $bad) {
	attempt(fn () => test_client(['cache' => $cache, 'tenant' => $bad]));
}
attempt(fn () => test_client(['tenant' => str_repeat('t', 128)]));  // the longest; without a cache too
attempt(fn () => test_client(['tenant' => 'Müller & Söhne: Zahnarztpraxis']));

echo "-- getAvailableSlots() options\n";
$client = test_client(['cache' => $cache, 'tenant' => 'acme']);
foreach ([['tenant' => ''], ['tenant' => '{x}'], ['tenant' => str_repeat('t', 129)], ['tenant' => 7], ['tenant' => null],
	['timeZone' => 'UTC', 'tenant' => 'a{b'], ['zone' => 'UTC'], [0 => 'UTC']] as $options) {
	attempt(fn () => $client->getAvailableSlots(1001, '2025-10-01', '2025-10-01', null, $options));
}
// Without a cache the tenant is checked just the same.
attempt(fn () => test_client()->getAvailableSlots(1001, '2025-10-01', '2025-10-01', null, ['tenant' => '{x}']));
echo 'requests sent for bad input: ', count(emulator_requests()), "\n";

// A good tenant option reads and writes that tenant's days only.
$raw = new RawRedis(redis_port());
attempt(fn () => $client->getAvailableSlots(1001, '2025-10-01', '2025-10-02', null, ['tenant' => 'other']));
attempt(fn () => $client->getAvailableSlots(1001, '2025-10-01', '2025-10-02', null, ['tenant' => 'other', 'timeZone' => 'UTC']));
attempt(fn () => test_client(['cache' => $cache])->getAvailableSlots(1001, '2025-10-01', '2025-10-02'));
$tenants = array_map(fn ($k) => preg_replace('/^.*avail:\{(.*):1001\}:(.*):\d{4}-\d\d-\d\d$/', '$1 $2', $k), $raw->cmd('KEYS', "{$prefix}avail:*-[0-9][0-9]"));
$tenants = array_count_values(preg_replace('/^key-[0-9a-f]{16} /', 'key-<sha1 of the API key> ', $tenants));
ksort($tenants);
echo 'day keys: ', json_encode($tenants), ', requests: ', count(emulator_requests('slots')), "\n";
foreach ($raw->cmd('KEYS', "{$prefix}*") as $k) {
	$raw->cmd('DEL', $k);
}

echo "-- Redis down\n";
$server = private_redis_start();
$dsn = 'redis://127.0.0.1:' . $server['port'];
$clients = [];
foreach (['open', 'local', 'closed'] as $mode) {
	$s = new Calcom\Store($dsn, ['on_failure' => $mode, 'persistent' => false, 'connect_timeout' => 0.5, 'read_timeout' => 1]);
	$c = new Calcom\SwrCache($s);
	$clients[$mode] = [test_client(['cache' => $c, 'tenant' => "t-$mode", 'retries' => 0]), $c];
	$clients[$mode][0]->getAvailableSlots(1001, '2025-10-01', '2025-10-03');  // cached while Redis is up
}
private_redis_stop($server);
$plain = test_client()->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
foreach ($clients as $mode => [$client, $c]) {
	$n = count(emulator_requests('slots'));
	try {
		$days = $client->getAvailableSlots(1001, '2025-10-01', '2025-10-03');
		echo "$mode: answered, as without a cache ", var_export($days === $plain, true);
	} catch (Calcom\StoreException $e) {
		echo "$mode: ", get_class($e);
	}
	echo ', requests sent ', count(emulator_requests('slots')) - $n, ', store errors ', $c->stats()['store_errors'], "\n";
	attempt(fn () => $client->invalidateAvailability(1001, new DateTimeImmutable('2025-10-02')));
	attempt(fn () => $client->warm([1001], 2));
}
// A booking is made whatever the cache's Redis does: its invalidation never throws.
$b = $clients['closed'][0]->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-02T09:00:00+02:00',
	'attendee' => ['name' => 'Anna Beispiel', 'email' => 'anna@example.com']]);
echo 'closed, booking: ', $b['status'], ', store errors ', $clients['closed'][1]->stats()['store_errors'], "\n";
?>
--EXPECTF--
-- the cache option
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "cache" must be of type Calcom\SwrCache, stdClass given
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "cache" must be of type Calcom\SwrCache, string given
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "cache" must be of type Calcom\SwrCache, Calcom\Store given
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "cache" must be of type Calcom\SwrCache, null given
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "cache" must be of type Calcom\SwrCache, array given
-- the tenant option
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::__construct(): Argument #2 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "tenant" must be of type string, int given
TypeError: Calcom\Client::__construct(): Argument #2 ($options) option "tenant" must be of type string, null given
accepted
accepted
-- getAvailableSlots() options
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) contains an unknown option (expected timeZone or tenant)
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) contains an unknown option (expected timeZone or tenant)
ValueError: Calcom\Client::getAvailableSlots(): Argument #5 ($options) option "tenant" must be 1 to 128 bytes without "{", "}" or NUL bytes
requests sent for bad input: 0
accepted (2 days)
accepted (2 days)
accepted (2 days)
day keys: {"key-<sha1 of the API key> Europe\/Berlin":2,"other Europe\/Berlin":2,"other UTC":2}, requests: 3
-- Redis down
open: answered, as without a cache true, requests sent 1, store errors 1
accepted
Calcom\StoreException: Calcom\Client::warm(): cannot connect to Redis at 127.0.0.1:%d: Connection refused
local: answered, as without a cache true, requests sent 1, store errors 1
accepted
Calcom\StoreException: Calcom\Client::warm(): cannot connect to Redis at 127.0.0.1:%d: Connection refused
closed: Calcom\StoreException, requests sent 0, store errors 1
Calcom\StoreException: cannot connect to Redis at 127.0.0.1:%d: Connection refused
Calcom\StoreException: cannot connect to Redis at 127.0.0.1:%d: Connection refused
closed, booking: accepted, store errors 4
