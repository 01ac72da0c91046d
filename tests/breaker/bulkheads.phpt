--TEST--
CircuitBreaker: breakers with different names (or different Store prefixes) are independent; objects with the same name and prefix share one state in one Redis hash
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

$prefix = 'calcom-test:breaker-bulkheads:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$other = new Calcom\Store(redis_dsn(), ['prefix' => $prefix . 'tenant2:']);
$raw = new RawRedis(redis_port());

$slots = new CircuitBreaker($store, 'calcom:slots', 2, 60);
$bookings = new CircuitBreaker($store, 'calcom:bookings', 2, 60);
$slotsAgain = new CircuitBreaker($store, 'calcom:slots', 2, 60);
$slotsTenant2 = new CircuitBreaker($other, 'calcom:slots', 2, 60);

function states(string $label): void
{
	global $slots, $bookings, $slotsAgain, $slotsTenant2;
	printf("%-30s slots=%s/%d bookings=%s/%d same-name=%s/%d other-prefix=%s/%d\n", $label . ':',
		$slots->getState(), $slots->getFailureCount(), $bookings->getState(), $bookings->getFailureCount(),
		$slotsAgain->getState(), $slotsAgain->getFailureCount(), $slotsTenant2->getState(), $slotsTenant2->getFailureCount());
}

$bookings->recordFailure();
states('one bookings failure');
$slots->recordFailure(503);
states('slots 503 opens slots');
var_dump($slots->allowRequest(), $slotsAgain->allowRequest(), $bookings->allowRequest(), $slotsTenant2->allowRequest());
var_dump($bookings->call(fn () => 'bookings still work'), $slotsTenant2->call(fn () => 'tenant 2 still works'));
states('bookings success');
$keys = $raw->cmd('KEYS', $prefix . '*');
sort($keys);
echo implode("\n", str_replace($prefix, 'PREFIX:', $keys)), "\n";
echo 'type ', $raw->cmd('TYPE', $prefix . 'breaker:{calcom:slots}:state'), ', ttl ',
	$raw->cmd('PTTL', $prefix . 'breaker:{calcom:slots}:state') > 0 ? 'set' : 'missing', "\n";

$slotsTenant2->recordFailure(2);
states('tenant 2 opens its own');
$slotsAgain->reset();
states('reset through the other object');
$bookings->recordFailure();
states('bookings reaches 2');
$slotsTenant2->reset();
$bookings->reset();
echo 'keys left: ', count($raw->cmd('KEYS', $prefix . '*')), "\n";
?>
--EXPECT--
one bookings failure:          slots=closed/0 bookings=closed/1 same-name=closed/0 other-prefix=closed/0
slots 503 opens slots:         slots=open/2 bookings=closed/1 same-name=open/2 other-prefix=closed/0
bool(false)
bool(false)
bool(true)
bool(true)
string(19) "bookings still work"
string(20) "tenant 2 still works"
bookings success:              slots=open/2 bookings=closed/0 same-name=open/2 other-prefix=closed/0
PREFIX:breaker:{calcom:slots}:state
type hash, ttl set
tenant 2 opens its own:        slots=open/2 bookings=closed/0 same-name=open/2 other-prefix=open/2
reset through the other object: slots=closed/0 bookings=closed/0 same-name=closed/0 other-prefix=open/2
bookings reaches 2:            slots=closed/0 bookings=closed/1 same-name=closed/0 other-prefix=open/2
keys left: 0
