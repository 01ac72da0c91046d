--TEST--
Metrics flush: a PHP request with a Client and Metrics sends its records at shutdown in exactly one EVALSHA (none when nothing was recorded, none more after an explicit flush), and they are in Redis once the process is gone
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
// A Redis of our own: INFO commandstats counts every client's commands.
$server = private_redis_start();
$raw = new RawRedis($server['port']);
$dsn = 'redis://127.0.0.1:' . $server['port'];
$prefix = 'metrics-flush-' . getmypid() . '-' . uniqid() . ':';

// Commands sent from outside (not those the flush script runs inside).
function commands(RawRedis $raw): string
{
	$counts = [];
	foreach (explode("\n", $raw->cmd('INFO', 'commandstats')) as $line) {
		if (preg_match('/^cmdstat_([a-z|]+):calls=(\d+)/', trim($line), $m)) {
			$counts[$m[1]] = (int) $m[2];
		}
	}
	unset($counts['info'], $counts['config|resetstat']);
	$inside = ['time', 'hmget', 'hset', 'hincrby', 'pexpire'];
	$outside = array_diff_key($counts, array_flip($inside));
	ksort($outside);
	return json_encode($outside);
}

// The script is loaded once, so every flush below is one EVALSHA.
$warm = new Calcom\Metrics(new Calcom\Store($dsn, ['prefix' => 'warm-' . $prefix, 'persistent' => false]));
$warm->record('slots', 200, 0.1);
$warm->flush();
$warm->reset();

$code = '$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
$m = new Calcom\Metrics($store);
$c = new Calcom\Client("cal_test_0123456789abcdef", ["base_url" => getenv("BASE"), "metrics" => $m]);
for ($i = 0; $i < (int) getenv("N"); $i++) {
	$c->getEventTypes();
}
if (getenv("FLUSH")) {
	echo "explicit flush: ", $m->flush(), " records; ";
}
$s = $store->stats();
echo "before shutdown: ", $s["round_trips"] - $s["connects"], " round trips";
// Registered after the first record: runs after the flush at shutdown.
register_shutdown_function(function () use ($store) {
	$s = $store->stats();
	echo ", at the end: ", $s["round_trips"] - $s["connects"], "\n";
});';

function child(string $label, array $env): void
{
	global $raw, $code, $dsn, $prefix;
	$raw->cmd('CONFIG', 'RESETSTAT');
	$p = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
		[1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null,
		$env + ['DSN' => $dsn, 'PREFIX' => $prefix, 'BASE' => emulator_url() . '/v2', 'FLUSH' => '']);
	$out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
	$rc = proc_close($p);
	echo "$label (exit $rc): $out";
	echo '  Redis saw: ', commands($raw), "\n";
}

child('3 requests', ['N' => '3']);
child('no requests', ['N' => '0']);
child('2 requests, flushed by hand', ['N' => '2', 'FLUSH' => '1']);

$m = new Calcom\Metrics(new Calcom\Store($dsn, ['prefix' => $prefix, 'persistent' => false]));
$s = $m->snapshot();
echo 'in Redis: ', json_encode($s['requests']), ', latency count ', $s['latency']['event_types']['count'],
	', window ', $s['rate_limit']['requests'] + $s['rate_limit']['previous_requests'], "\n";
echo count(emulator_requests('event_types')), " requests reached Cal.com\n";
$m->reset();
private_redis_stop($server);
?>
--EXPECT--
3 requests (exit 0): before shutdown: 0 round trips, at the end: 1
  Redis saw: {"client|id":1,"client|setname":1,"evalsha":1}
no requests (exit 0): before shutdown: 0 round trips, at the end: 0
  Redis saw: []
2 requests, flushed by hand (exit 0): explicit flush: 2 records; before shutdown: 1 round trips, at the end: 1
  Redis saw: {"client|id":1,"client|setname":1,"evalsha":1}
in Redis: {"event_types":{"200":5}}, latency count 5, window 5
5 requests reached Cal.com
