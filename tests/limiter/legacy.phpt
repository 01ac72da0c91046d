--TEST--
RateLimiter old names: canMakeRequest() holds the token incrementRequestCount() then confirms, incrementRequestCount() alone goes into debt, getRemainingRequests(), waitForAvailability() holds or throws RateLimitException
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$store = new Calcom\Store(redis_dsn(), ['prefix' => 'calcom-test:limiter-legacy:' . getmypid() . ':']);
$l = new RateLimiter($store, 'api', ['limit' => 0.001, 'burst' => 10]);   // no refill to speak of
$l->reset();

echo "canMakeRequest() takes one token and holds it:\n";
var_dump($l->getRemainingRequests());
var_dump($l->canMakeRequest());
var_dump($l->getRemainingRequests());
var_dump($l->canMakeRequest());           // still holding: no second token
var_dump($l->getRemainingRequests());
$l->incrementRequestCount();              // confirms the held token
var_dump($l->getRemainingRequests());
$l->incrementRequestCount();              // nothing held: takes one more
var_dump($l->getRemainingRequests());

echo "pairs of canMakeRequest() + incrementRequestCount() cost one token each, at NORMAL priority:\n";
$l->reset();
$pairs = 0;
while ($l->canMakeRequest() && $pairs < 100) {
	$l->incrementRequestCount();
	$pairs++;
}
echo "  $pairs pairs (10 - 15 % reserve = 8.5), tokens left ", $l->getRemainingRequests(), "\n";
echo "  after a refusal nothing is held: ";
$l->incrementRequestCount();
echo $l->getRemainingRequests(), " left\n";
var_dump($l->tryAcquire(1, RateLimiter::PRIORITY_CRITICAL));   // the last token
echo "incrementRequestCount() counts requests made anyway, into debt:\n";
for ($i = 0; $i < 3; $i++) {
	$l->incrementRequestCount();
}
var_dump($l->getRemainingRequests(), round($l->status()['tokens'], 3));
var_dump($l->canMakeRequest(), $l->tryAcquire(1, RateLimiter::PRIORITY_CRITICAL) > 0.0);

echo "reset() drops the held token along with the state:\n";
$l->reset();
var_dump($l->canMakeRequest());
$l->reset();
$l->incrementRequestCount();              // not confirming anything now
var_dump($l->getRemainingRequests());

echo "getRemainingRequests() counts whole tokens:\n";
$f = new RateLimiter($store, 'fast', ['limit' => 600, 'burst' => 3]);   // 0.1 s per token
$f->reset();
$f->tryAcquire(3, RateLimiter::PRIORITY_CRITICAL);
var_dump($f->getRemainingRequests());
usleep(150000);
var_dump($f->getRemainingRequests());

echo "waitForAvailability() waits for a token, then holds it:\n";
// Empty: NORMAL needs 1 + 0.15 x 3 = 1.45 tokens, 0.145 s at 10 tokens/s.
$f->reset();
$f->tryAcquire(3, RateLimiter::PRIORITY_CRITICAL);
$t = microtime(true);
$f->waitForAvailability(1.0);
$took = microtime(true) - $t;
echo $took > 0.1 && $took < 0.3 ? "  waited about 0.145 s\n" : "  waited $took s\n";
var_dump($f->getRemainingRequests());
$t = microtime(true);
$f->waitForAvailability(1.0);             // holding already: returns at once, takes nothing
echo microtime(true) - $t < 0.05 ? "  second call while holding: at once\n" : "  second call waited\n";
$f->incrementRequestCount();              // confirms the held token
var_dump($f->getRemainingRequests(), $f->canMakeRequest());

echo "waitForAvailability() throws RateLimitException when maxWait is not enough:\n";
$f->reset();
$f->tryAcquire(3, RateLimiter::PRIORITY_CRITICAL);
$t = microtime(true);
try {
	$f->waitForAvailability(0.05);
	echo "  no exception\n";
} catch (Calcom\RateLimitException $e) {
	$took = microtime(true) - $t;
	echo '  ', get_class($e), ', Calcom\Exception: ', var_export($e instanceof Calcom\Exception, true), "\n";
	echo '  ', $e->getMessage(), "\n";
	echo '  retryAfter ', $e->retryAfter() > 0.1 && $e->retryAfter() <= 0.145 ? 'in (0.1, 0.145]' : $e->retryAfter(),
		', status ', var_export($e->getStatusCode(), true), ', ', $took <= 0.05 + 0.05 ? 'within maxWait' : "after $took s", "\n";
}
var_dump($f->canMakeRequest());           // nothing held, nothing taken
// During a server pause.
$f->reset();
$f->observe(429, ['Retry-After' => '30']);
try {
	$f->waitForAvailability(0.5);
} catch (Calcom\RateLimitException $e) {
	echo '  paused: retryAfter ', $e->retryAfter() >= 29.5 ? '>= 29.5' : $e->retryAfter(), "\n";
}
$f->reset();
try {
	$f->waitForAvailability(0.0);         // a full bucket needs no wait
	echo "  maxWait 0 with tokens there: held\n";
} catch (Calcom\RateLimitException $e) {
	echo '  ', $e->getMessage(), "\n";
}
$l->reset();
$f->reset();
?>
--EXPECTF--
canMakeRequest() takes one token and holds it:
int(10)
bool(true)
int(9)
bool(true)
int(9)
int(9)
int(8)
pairs of canMakeRequest() + incrementRequestCount() cost one token each, at NORMAL priority:
  8 pairs (10 - 15 % reserve = 8.5), tokens left 2
  after a refusal nothing is held: 1 left
float(0)
incrementRequestCount() counts requests made anyway, into debt:
int(0)
float(-3)
bool(false)
bool(true)
reset() drops the held token along with the state:
bool(true)
int(9)
getRemainingRequests() counts whole tokens:
int(0)
int(1)
waitForAvailability() waits for a token, then holds it:
  waited about 0.145 s
int(0)
  second call while holding: at once
int(0)
bool(false)
waitForAvailability() throws RateLimitException when maxWait is not enough:
  Calcom\RateLimitException, Calcom\Exception: true
  Rate limit 'fast': no capacity within 0.05 seconds (next in 0.%d s)
  retryAfter in (0.1, 0.145], status NULL, within maxWait
bool(false)
  paused: retryAfter >= 29.5
  maxWait 0 with tokens there: held
