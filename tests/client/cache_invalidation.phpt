--TEST--
Client availability cache, invalidation: a booking through tenant A's client tombstones A's nine days in one round trip and touches nothing of tenant B; A's next read refetches exactly those days; cancelling does it again; rescheduling tombstones the new booking's nine days (the old slot's days refresh when they go stale); a fetch that began before an invalidation cannot write its older answer back
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
require __DIR__ . '/../lib/redis.inc';
emulator_reset();
// A Redis of our own: MONITOR then sees only this test's commands.
$server = private_redis_start();
$dsn = 'redis://127.0.0.1:' . $server['port'];
$raw = new RawRedis($server['port']);
$prefix = 'cache-inv:';
$storeA = new Calcom\Store($dsn, ['prefix' => $prefix, 'persistent' => false]);
$storeB = new Calcom\Store($dsn, ['prefix' => $prefix, 'persistent' => false]);
$a = test_client(['cache' => new Calcom\SwrCache($storeA), 'tenant' => 'A']);
$b = test_client(['cache' => new Calcom\SwrCache($storeB), 'tenant' => 'B']);
$key = fn (string $tenant, string $date) => "{$prefix}avail:{{$tenant}:1001}:Europe/Berlin:$date";

/** Every command the server runs, scripts' own included, as MONITOR shows them. */
final class Monitor
{
	private $s;

	public function __construct(int $port)
	{
		$this->s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
		stream_set_timeout($this->s, 60);
		fwrite($this->s, "*1\r\n\$7\r\nMONITOR\r\n");
		if (fgets($this->s) !== "+OK\r\n") {
			throw new RuntimeException('MONITOR refused');
		}
	}

	/** [source ('lua' or 'client'), command, args…] for each command until ECHO $marker. */
	public function until(RawRedis $raw, string $marker): array
	{
		$raw->cmd('ECHO', $marker);
		$seen = [];
		while (($line = fgets($this->s)) !== false) {
			if (!preg_match('/^\+[\d.]+ \[\d+ ([^\]]+)\] (.*)$/', rtrim($line, "\r\n"), $m)) {
				continue;
			}
			preg_match_all('/"((?:[^"\\\\]|\\\\.)*)"/', $m[2], $args);
			$args = array_map('stripcslashes', $args[1]);
			if (strtolower($args[0]) === 'echo' && ($args[1] ?? '') === $marker) {
				break;
			}
			$seen[] = [$m[1] === 'lua' ? 'lua' : 'client', strtolower($args[0]), ...array_slice($args, 1)];
		}
		return $seen;
	}
}

/* What a client-side operation did in Redis: its round trips (the Store's
 * counter), the commands it sent, and every key anything touched. */
function measure(string $what, Calcom\Store $store, Monitor $mon, RawRedis $raw, callable $f): mixed
{
	static $n = 0;
	$mon->until($raw, 'marker-' . ++$n);  // what ran before is not this operation's
	$trips = $store->stats()['round_trips'];
	$result = $f();
	$trips = $store->stats()['round_trips'] - $trips;
	$seen = $mon->until($raw, 'marker-' . ++$n);
	$sent = array_map(fn ($c) => $c[1], array_filter($seen, fn ($c) => $c[0] === 'client'));
	$keys = [];
	foreach ($seen as $c) {
		if ($c[0] === 'client' && in_array($c[1], ['evalsha', 'eval'], true)) {
			$keys = array_merge($keys, array_slice($c, 4, (int) $c[3]));
		} elseif ($c[0] === 'lua' && $c[1] !== 'time') {
			$keys[] = $c[2];
		}
	}
	$keys = array_unique($keys);
	sort($keys);
	$short = array_map(fn ($k) => preg_replace('/^.*\{(\w+):(\d+)\}:([^:]+):(\S+)$/', '$1 $2 $3 $4', $k), $keys);
	printf("%s: %d round trip(s), sent %s, %d key(s) touched: %s … %s\n", $what, $trips, json_encode(array_values($sent)),
		count($keys), reset($short), end($short));
	return $result;
}
/* Each day of a tenant's range as its entry kind: v (value), t (tombstone), - (nothing). */
function kinds(string $tenant, string $from, string $to): string
{
	global $raw, $key;
	$out = '';
	for ($d = new DateTimeImmutable($from); $d <= new DateTimeImmutable($to); $d = $d->modify('+1 day')) {
		$v = $raw->cmd('GET', $key($tenant, $d->format('Y-m-d')));
		$out .= $v === null ? '-' : (preg_match('/^swr1 \d+ \d+ \d+ ([vt])\n/', $v, $m) ? $m[1] : '?');
	}
	return $out;
}
function snapshot(string $tenant): array
{
	global $raw, $prefix;
	$keys = $raw->cmd('KEYS', "{$prefix}avail:{{$tenant}:*-[0-9][0-9]");
	sort($keys);
	return array_combine($keys, array_map(fn ($k) => $raw->cmd('GET', $k), $keys));
}
function read(string $who, Calcom\Client $client, string $from = '2025-10-01', string $to = '2025-10-14'): array
{
	$n = count(emulator_requests('slots'));
	$days = $client->getAvailableSlots(1001, $from, $to);
	$calls = array_slice(emulator_requests('slots'), $n);
	printf("  %s reads: %d call(s)%s, %d days%s\n", $who, count($calls),
		implode('', array_map(fn ($c) => " [{$c['query']['start']} … {$c['query']['end']}]", $calls)), count($days),
		$from > '2025-10-06' ? '' : ', 10:00 on the 6th ' .
		(in_array('2025-10-06T10:00:00+02:00', $days['2025-10-06'] ?? [], true) ? 'offered' : 'not offered'));
	return $days;
}

read('A', $a);
read('B', $b);
$before = snapshot('B');
echo 'B has ', count($before), " day entries\n";
$mon = new Monitor($server['port']);

echo "-- A books Monday 2025-10-06 10:00\n";
$booking = measure('createBooking', $storeA, $mon, $raw, fn () => $a->createBooking(['eventTypeId' => 1001,
	'start' => '2025-10-06T10:00:00+02:00', 'attendee' => ['name' => 'Anna Beispiel', 'email' => 'anna@example.com']]));
echo '  A, 1st … 14th: ', kinds('A', '2025-10-01', '2025-10-14'), "\n";
echo '  B, 1st … 14th: ', kinds('B', '2025-10-01', '2025-10-14'), ', byte-identical: ', var_export(snapshot('B') === $before, true), "\n";
read('A', $a);
read('B', $b);
echo '  A, 1st … 14th: ', kinds('A', '2025-10-01', '2025-10-14'), "\n";

echo "-- A cancels it\n";
measure('cancelBooking', $storeA, $mon, $raw, fn () => $a->cancelBooking($booking['uid'], 'changed plans'));
echo '  A, 1st … 14th: ', kinds('A', '2025-10-01', '2025-10-14'), "\n";
echo '  B byte-identical: ', var_export(snapshot('B') === $before, true), "\n";
read('A', $a);
echo "  Cal.com's bookings: ", json_encode(array_column(emulator('GET', '/__admin/bookings')['bookings'], 'status')), "\n";

echo "-- A books the 6th again and moves it to Friday 2025-10-10 11:00\n";
$booking = $a->createBooking(['eventTypeId' => 1001, 'start' => '2025-10-06T10:00:00+02:00',
	'attendee' => ['name' => 'Anna Beispiel', 'email' => 'anna@example.com']]);
read('A', $a);
$before = snapshot('B');
measure('rescheduleBooking', $storeA, $mon, $raw, fn () => $a->rescheduleBooking($booking['uid'],
	['start' => '2025-10-10T11:00:00+02:00']));
// The new booking's days; the old slot's days refresh when they go stale.
echo '  A, 1st … 14th: ', kinds('A', '2025-10-01', '2025-10-14'), "\n";
echo '  B byte-identical: ', var_export(snapshot('B') === $before, true), "\n";
read('A', $a);
echo '  11:00 on the 10th ', in_array('2025-10-10T11:00:00+02:00', $a->getAvailableSlots(1001, '2025-10-10', '2025-10-10')['2025-10-10'] ?? [], true)
	? 'offered' : 'not offered', "\n";

echo "-- a fetch in flight when the days are invalidated\n";
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 3000]);
$code = '
$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX"), "persistent" => false]);
$client = new Calcom\Client("cal_test_0123456789abcdef", ["base_url" => getenv("BASE"), "tenant" => "A",
	"cache" => new Calcom\SwrCache($store, ["lock_ttl" => 300]), "timeout" => 120]);
$store->ping();
echo "ready\n";
fgets(STDIN);
echo json_encode(array_map("count", $client->getAvailableSlots(1001, "2025-10-20", "2025-10-24"))), "\n";';
$child = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
	[0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes,
	null, ['DSN' => $dsn, 'PREFIX' => $prefix, 'BASE' => emulator_url() . '/v2'] + getenv());
echo '  child: ', trim(fgets($pipes[1])), "\n";
$n = count(emulator_requests('slots'));
fwrite($pipes[0], "go\n");
// Its request has reached Cal.com (it began before what follows) and is being answered slowly.
for ($i = 0; $i < 3000 && count(emulator_requests('slots')) === $n; $i++) {
	usleep(20000);
}
echo '  its request arrived: ', var_export(count(emulator_requests('slots')) === $n + 1, true), ', A, 20th … 24th: ',
	kinds('A', '2025-10-20', '2025-10-24'), ', locks held: ', count($raw->cmd('KEYS', "{$prefix}*:lock")), "\n";
$existed = $a->invalidateAvailability(1001, new DateTimeImmutable('2025-10-21 12:00', new DateTimeZone('Europe/Berlin')));
echo '  invalidated while it was in flight: ', $existed, ' value(s) existed, A, 20th … 24th: ', kinds('A', '2025-10-20', '2025-10-24'), "\n";
echo '  child got: ', trim(stream_get_contents($pipes[1])), "\n";
$err = stream_get_contents($pipes[2]);
echo $err === '' ? '' : "  child stderr: $err\n";
fclose($pipes[0]);
proc_close($child);
echo '  after its answer: A, 20th … 24th: ', kinds('A', '2025-10-20', '2025-10-24'), ' (its older answer was not written), locks left: ',
	count($raw->cmd('KEYS', "{$prefix}*:lock")), "\n";
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'latency_ms' => 0]);
read('A', $a, '2025-10-20', '2025-10-24');
echo '  A, 20th … 24th: ', kinds('A', '2025-10-20', '2025-10-24'), "\n";

$raw->cmd('FLUSHALL');
private_redis_stop($server);
?>
--EXPECT--
  A reads: 1 call(s) [2025-10-01T00:00:00+02:00 … 2025-10-14T23:59:59+02:00], 10 days, 10:00 on the 6th offered
  B reads: 1 call(s) [2025-10-01T00:00:00+02:00 … 2025-10-14T23:59:59+02:00], 10 days, 10:00 on the 6th offered
B has 14 day entries
-- A books Monday 2025-10-06 10:00
createBooking: 1 round trip(s), sent ["multi","evalsha","smembers","exec"], 9 key(s) touched: A 1001 Europe/Berlin 2025-10-05 … A 1001 Europe/Berlin 2025-10-13
  A, 1st … 14th: vvvvtttttttttv
  B, 1st … 14th: vvvvvvvvvvvvvv, byte-identical: true
  A reads: 1 call(s) [2025-10-05T00:00:00+02:00 … 2025-10-13T23:59:59+02:00], 10 days, 10:00 on the 6th not offered
  B reads: 0 call(s), 10 days, 10:00 on the 6th offered
  A, 1st … 14th: vvvvvvvvvvvvvv
-- A cancels it
cancelBooking: 1 round trip(s), sent ["multi","evalsha","smembers","exec"], 9 key(s) touched: A 1001 Europe/Berlin 2025-10-05 … A 1001 Europe/Berlin 2025-10-13
  A, 1st … 14th: vvvvtttttttttv
  B byte-identical: true
  A reads: 1 call(s) [2025-10-05T00:00:00+02:00 … 2025-10-13T23:59:59+02:00], 10 days, 10:00 on the 6th offered
  Cal.com's bookings: ["cancelled"]
-- A books the 6th again and moves it to Friday 2025-10-10 11:00
  A reads: 1 call(s) [2025-10-05T00:00:00+02:00 … 2025-10-13T23:59:59+02:00], 10 days, 10:00 on the 6th not offered
rescheduleBooking: 1 round trip(s), sent ["multi","evalsha","smembers","exec"], 9 key(s) touched: A 1001 Europe/Berlin 2025-10-09 … A 1001 Europe/Berlin 2025-10-17
  A, 1st … 14th: vvvvvvvvtttttt
  B byte-identical: true
  A reads: 1 call(s) [2025-10-09T00:00:00+02:00 … 2025-10-14T23:59:59+02:00], 10 days, 10:00 on the 6th not offered
  11:00 on the 10th not offered
-- a fetch in flight when the days are invalidated
  child: ready
  its request arrived: true, A, 20th … 24th: -----, locks held: 5
  invalidated while it was in flight: 0 value(s) existed, A, 20th … 24th: ttttt
  child got: {"2025-10-20":18,"2025-10-21":18,"2025-10-22":18,"2025-10-23":18,"2025-10-24":18}
  after its answer: A, 20th … 24th: ttttt (its older answer was not written), locks left: 0
  A reads: 1 call(s) [2025-10-20T00:00:00+02:00 … 2025-10-24T23:59:59+02:00], 5 days
  A, 20th … 24th: vvvvv
