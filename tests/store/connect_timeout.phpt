--TEST--
Store: an unreachable Redis is a StoreException with host and reason, within connect_timeout (refused port, and a listener that never accepts)
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';

// Nothing listens: refused at once.
$dead = free_port();
$store = new Calcom\Store("redis://127.0.0.1:$dead", ['connect_timeout' => 0.3]);
try {
	$store->ping();
} catch (Calcom\StoreException $e) {
	echo str_replace((string) $dead, 'PORT', $e->getMessage()), "\n";
}

// A listener with backlog 0 and a full accept queue: Linux drops further
// SYNs, so the connect hangs until our timeout ends it.
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
	stream_context_create(['socket' => ['backlog' => 0]]));
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
$fillers = [];
for ($i = 0; $i < 4; $i++) {
	$c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 0.2);
	if ($c) $fillers[] = $c;
}
$timeout = 0.3;
// Both Stores share the worker's persistent connection; each connects with its own timeout.
$patient = new Calcom\Store("redis://127.0.0.1:$port", ['connect_timeout' => 30]);
$store = new Calcom\Store("redis://127.0.0.1:$port", ['connect_timeout' => $timeout]);
$start = hrtime(true);
try {
	$store->ping();
	echo "connected?\n";
} catch (Calcom\StoreException $e) {
	$elapsed = (hrtime(true) - $start) / 1e9;
	echo str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
	// Bounded by the timeout (plus slack for slow machines and valgrind), not by the kernel's ~2 min.
	var_dump($elapsed >= $timeout * 0.9, $elapsed < $timeout + 3.0);
}
?>
--EXPECT--
cannot connect to Redis at 127.0.0.1:PORT: Connection refused
cannot connect to Redis at 127.0.0.1:PORT: Connection timed out
bool(true)
bool(true)
