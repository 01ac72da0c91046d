--TEST--
CircuitBreaker: failures older than failure_window no longer count and cannot help open the circuit; an expired record is deleted
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

$prefix = 'calcom-test:breaker-window:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$raw = new RawRedis(redis_port());
$key = $prefix . 'breaker:{window}:state';
// threshold 4, a 1 s window
$b = new CircuitBreaker($store, 'window', 4, 60, 2, ['failure_window' => 1]);
function line(string $label): void
{
	global $b, $raw, $key;
	printf("%-26s %s %d key=%d\n", $label . ':', $b->getState(), $b->getFailureCount(), $raw->cmd('EXISTS', $key));
}

$b->recordFailure();
$b->recordFailure();
line('t=0: two failures');
usleep(600000);
$b->recordFailure();
line('t=0.6: one more');
usleep(600000);
line('t=1.2: the first two gone');
$b->recordFailure(2);
line('t=1.2: weight 2');          // 1 + 2 = 3 < 4; with the expired two it would be 5
usleep(1100000);
line('t=2.3: all gone');
var_dump($b->allowRequest());       // rewrites the state: closed with nothing recorded
line('after allowRequest()');

// A failure exactly filling the threshold inside the window still opens.
$b->recordFailure(3);
usleep(300000);
$b->recordFailure();
line('3 + 1 within 0.3 s');

// Seconds as a float work too.
$c = new CircuitBreaker($store, 'window-float', 2, 60, 2, ['failure_window' => 1.5]);
$c->recordFailure();
usleep(1000000);
$c->recordFailure();
echo 'float window, 1.0 s apart: ', $c->getState(), ' ', $c->getFailureCount(), "\n";
$b->reset();
$c->reset();
?>
--EXPECT--
t=0: two failures:         closed 2 key=1
t=0.6: one more:           closed 3 key=1
t=1.2: the first two gone: closed 1 key=1
t=1.2: weight 2:           closed 3 key=1
t=2.3: all gone:           closed 0 key=1
bool(true)
after allowRequest():      closed 0 key=0
3 + 1 within 0.3 s:        open 4 key=1
float window, 1.0 s apart: open 2
