--TEST--
Store: eight PHP processes at once, each with its own persistent connection, run 200 scripts each without losing an increment
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$key = 'calcom-test:concurrent:' . getmypid();
$code = '$s = new Calcom\Store(getenv("DSN"));
for ($i = 0; $i < 200; $i++) { $s->evalScript("return redis.call(\"INCR\", KEYS[1])", [getenv("KEY")]); }
echo $s->stats()["connects"];';
$procs = [];
for ($p = 0; $p < 8; $p++) {
	$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code];
	$procs[] = proc_open($cmd, [1 => ['pipe', 'w']], $pipes, null, ['DSN' => redis_dsn(), 'KEY' => $key]);
	$outs[] = $pipes[1];
}
$connects = [];
foreach ($procs as $i => $proc) {
	$connects[] = stream_get_contents($outs[$i]);
	proc_close($proc);
}
echo 'connects per process: ', implode(',', $connects), "\n";
$raw = new RawRedis(redis_port());
var_dump($raw->cmd('GET', $key));
$raw->cmd('DEL', $key);
?>
--EXPECT--
connects per process: 1,1,1,1,1,1,1,1
string(4) "1600"
