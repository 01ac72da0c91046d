--TEST--
RateLimiter with Redis unreachable: on_failure "open" allows everything, "closed" throws StoreException, "local" runs the same bucket in this process
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$port = free_port();   // nothing listens here
$dsn = "redis://127.0.0.1:$port";
$options = ['limit' => 60, 'burst' => 5];
$C = RateLimiter::PRIORITY_CRITICAL;

function attempt(string $what, callable $f): void
{
	try {
		$r = $f();
		echo "  $what: ", $r === null ? 'ok' : var_export($r, true), "\n";
	} catch (Throwable $e) {
		echo "  $what: ", get_class($e), ': ', str_replace($GLOBALS['port'], 'PORT', $e->getMessage()), "\n";
	}
}

echo "open:\n";
$l = new RateLimiter(new Calcom\Store($dsn, ['on_failure' => 'open', 'connect_timeout' => 0.5]), 'api', $options);
$granted = 0;
for ($i = 0; $i < 20; $i++) {
	$granted += $l->tryAcquire(1, RateLimiter::PRIORITY_LOW) === 0.0 ? 1 : 0;
}
echo "  tryAcquire x 20: $granted granted\n";
attempt('tryAcquire(5, LOW)', fn () => $l->tryAcquire(5, RateLimiter::PRIORITY_LOW));
attempt('acquire(5)', fn () => $l->acquire(5));
attempt('observe(429, Retry-After 30)', fn () => $l->observe(429, ['Retry-After' => '30']));
attempt('tryAcquire() after it', fn () => $l->tryAcquire());
attempt('canMakeRequest()', fn () => $l->canMakeRequest());
attempt('incrementRequestCount()', fn () => $l->incrementRequestCount());
attempt('incrementRequestCount()', fn () => $l->incrementRequestCount());
attempt('waitForAvailability(0)', fn () => $l->waitForAvailability(0.0));
attempt('getRemainingRequests()', fn () => $l->getRemainingRequests());
attempt('limit()', fn () => $l->limit());
attempt('reset()', fn () => $l->reset());
$s = $l->status();
echo "  status: store {$s['store']}, reason {$s['reason']}, tokens {$s['tokens']}, effective {$s['effective_limit']}\n";

echo "closed:\n";
$l = new RateLimiter(new Calcom\Store($dsn, ['on_failure' => 'closed', 'connect_timeout' => 0.5]), 'api', $options);
attempt('tryAcquire()', fn () => $l->tryAcquire());
attempt('acquire(1, 3, 1.0)', fn () => $l->acquire(1, 3, 1.0));
attempt('observe(429)', fn () => $l->observe(429));
attempt('observe(200)', fn () => $l->observe(200));   // nothing to learn: no round trip, nothing to fail
attempt('status()', fn () => $l->status());
attempt('limit()', fn () => $l->limit());
attempt('reset()', fn () => $l->reset());
attempt('canMakeRequest()', fn () => $l->canMakeRequest());
attempt('incrementRequestCount()', fn () => $l->incrementRequestCount());
attempt('waitForAvailability(1)', fn () => $l->waitForAvailability(1.0));
attempt('getRemainingRequests()', fn () => $l->getRemainingRequests());
try {
	$l->tryAcquire();
} catch (Calcom\StoreException $e) {
	echo '  StoreException is a Calcom\Exception: ', var_export($e instanceof Calcom\Exception, true), "\n";
}

echo "local:\n";
$store = new Calcom\Store($dsn, ['on_failure' => 'local', 'connect_timeout' => 0.5]);
$l = new RateLimiter($store, 'api', $options);   // one token a second, 5 at most
$s = $l->status();
echo "  fresh status: store {$s['store']}, tokens {$s['tokens']}, reason {$s['reason']}\n";
$granted = 0;
while ($l->tryAcquire(1, $C) === 0.0 && $granted < 100) {
	$granted++;
}
echo "  CRITICAL granted until refused: $granted\n";
$w = $l->tryAcquire(1, $C);
echo '  wait for 1: ', $w > 0.9 && $w <= 1.0 ? 'about 1 s' : $w, "\n";
$w = $l->tryAcquire(3, $C);
echo '  wait for 3: ', $w > 2.9 && $w <= 3.0 ? 'about 3 s' : $w, "\n";
$s = $l->status();
echo "  status: store {$s['store']}, tokens ", $s['tokens'] < 0.1 ? 'about 0' : $s['tokens'], ", reason {$s['reason']}\n";
attempt('getRemainingRequests()', fn () => $l->getRemainingRequests());
attempt('canMakeRequest()', fn () => $l->canMakeRequest());
$t = microtime(true);
attempt('acquire(1, 1, 0.5)', fn () => $l->acquire(1, $C, 0.5));
echo '  ', microtime(true) - $t < 0.2 ? 'at once' : 'after a while', "\n";
// A second limiter object on the same name in this process shares the local bucket.
$same = new RateLimiter($store, 'api', $options);
attempt('same name, other object: tryAcquire(1, CRITICAL) > 0', fn () => $same->tryAcquire(1, $C) > 0.0);
// Another name has its own bucket.
$other = new RateLimiter($store, 'other', $options);
attempt('other name: tryAcquire(5, CRITICAL)', fn () => $other->tryAcquire(5, $C));
// Another process has its own bucket: the full burst.
$code = '$l = new Calcom\RateLimiter(new Calcom\Store(getenv("DSN"), ["on_failure" => "local"]), "api", ["limit" => 60, "burst" => 5]);
$n = 0; while ($l->tryAcquire(1, 1) === 0.0 && $n < 100) { $n++; } echo $n, " ", $l->status()["store"];';
$proc = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code],
	[1 => ['pipe', 'w']], $pipes, null, ['DSN' => $dsn]);
echo '  another process: granted ', stream_get_contents($pipes[1]), "\n";
proc_close($proc);
// Priorities and observe() work locally too.
$l->reset();
$n = 0;
while ($l->tryAcquire(1, RateLimiter::PRIORITY_LOW) === 0.0 && $n < 100) {
	$n++;
}
echo "  after reset: LOW granted $n (5 - 30 % of 5 = 3.5)\n";
$a = new RateLimiter($store, 'adaptive', ['limit' => 120, 'burst' => 5]);
$a->observe(429, ['X-RateLimit-Reset-Default' => '4']);
$s = $a->status();
printf("  after a 429 with reset 4: reason %s, effective %s, capacity %s, tokens %s, tryAcquire %s\n", $s['reason'],
	$s['effective_limit'], $s['capacity'], $s['tokens'], $a->tryAcquire(1, $C) >= 4.0 ? '>= 4 s' : 'less');
$a->observe(429, ['X-RateLimit-Reset-Default' => '1']);   // same block: no second cut
echo '  second 429 in the block: effective ', $a->limit(), "\n";
$a->incrementRequestCount();   // into debt, locally
echo '  incrementRequestCount() while paused: ', $a->status()['tokens'], " tokens\n";
$a->reset();
$s = $a->status();
echo "  reset: tokens {$s['tokens']}, reason {$s['reason']}, effective {$s['effective_limit']}\n";
?>
--EXPECT--
open:
  tryAcquire x 20: 20 granted
  tryAcquire(5, LOW): 0.0
  acquire(5): true
  observe(429, Retry-After 30): ok
  tryAcquire() after it: 0.0
  canMakeRequest(): true
  incrementRequestCount(): ok
  incrementRequestCount(): ok
  waitForAvailability(0): ok
  getRemainingRequests(): 5
  limit(): 60.0
  reset(): ok
  status: store unavailable, reason normal, tokens 5, effective 60
closed:
  tryAcquire(): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  acquire(1, 3, 1.0): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  observe(429): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  observe(200): ok
  status(): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  limit(): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  reset(): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  canMakeRequest(): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  incrementRequestCount(): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  waitForAvailability(1): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  getRemainingRequests(): Calcom\StoreException: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
  StoreException is a Calcom\Exception: true
local:
  fresh status: store local, tokens 5, reason normal
  CRITICAL granted until refused: 5
  wait for 1: about 1 s
  wait for 3: about 3 s
  status: store local, tokens about 0, reason normal
  getRemainingRequests(): 0
  canMakeRequest(): false
  acquire(1, 1, 0.5): false
  at once
  same name, other object: tryAcquire(1, CRITICAL) > 0: true
  other name: tryAcquire(5, CRITICAL): 0.0
  another process: granted 5 local
  after reset: LOW granted 3 (5 - 30 % of 5 = 3.5)
  after a 429 with reset 4: reason paused, effective 96, capacity 4, tokens 0, tryAcquire >= 4 s
  second 429 in the block: effective 96
  incrementRequestCount() while paused: -1 tokens
  reset: tokens 5, reason normal, effective 120
