--TEST--
CircuitBreaker: argument validation (names, thresholds, options, weights, recordFailure arguments), the open message, constructing twice, clone and serialize
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\CircuitBreaker;

$prefix = 'calcom-test:breaker-validation:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$raw = new RawRedis(redis_port());

function attempt(string $label, callable $f): void
{
	try {
		$f();
		echo "$label: ok\n";
	} catch (Throwable $e) {
		echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
	}
}

echo "-- names\n";
attempt('empty', fn () => new CircuitBreaker($store, ''));
attempt('201 bytes', fn () => new CircuitBreaker($store, str_repeat('a', 201)));
attempt('200 bytes', fn () => new CircuitBreaker($store, str_repeat('a', 200)));
attempt('space', fn () => new CircuitBreaker($store, 'cal com'));
attempt('newline', fn () => new CircuitBreaker($store, "cal\ncom"));
attempt('NUL', fn () => new CircuitBreaker($store, "cal\0com"));
attempt('DEL', fn () => new CircuitBreaker($store, "cal\x7fcom"));
attempt('{', fn () => new CircuitBreaker($store, 'cal{com'));
attempt('}', fn () => new CircuitBreaker($store, 'cal}com'));
attempt('punctuation and UTF-8', fn () => new CircuitBreaker($store, 'cal.com:slots/v2-Zürich'));

echo "-- thresholds\n";
attempt('failureThreshold 0', fn () => new CircuitBreaker($store, 's', 0));
attempt('failureThreshold 1001', fn () => new CircuitBreaker($store, 's', 1001));
attempt('failureThreshold 1000', fn () => new CircuitBreaker($store, 's', 1000));
attempt('recoveryTimeout 0', fn () => new CircuitBreaker($store, 's', 5, 0));
attempt('recoveryTimeout -1', fn () => new CircuitBreaker($store, 's', 5, -1));
attempt('recoveryTimeout 86401', fn () => new CircuitBreaker($store, 's', 5, 86401));
attempt('recoveryTimeout 86400', fn () => new CircuitBreaker($store, 's', 5, 86400));
attempt('successThreshold 0', fn () => new CircuitBreaker($store, 's', 5, 60, 0));
attempt('successThreshold 1001', fn () => new CircuitBreaker($store, 's', 5, 60, 1001));

echo "-- types\n";
attempt('store', fn () => new CircuitBreaker(new stdClass(), 's'));
attempt('threshold string', fn () => new CircuitBreaker($store, 's', 'five'));
attempt('options string', fn () => new CircuitBreaker($store, 's', 5, 60, 2, 'x'));
attempt('too few', fn () => new CircuitBreaker($store));

echo "-- options\n";
$opt = fn (array $o) => fn () => new CircuitBreaker($store, 's', 5, 60, 2, $o);
attempt('unknown option', $opt(['failure_windows' => 10]));
attempt('list', $opt([10]));
attempt('failure_window 0', $opt(['failure_window' => 0]));
attempt('failure_window 86401', $opt(['failure_window' => 86401]));
attempt('failure_window string', $opt(['failure_window' => '10']));
attempt('failure_window 2.5', $opt(['failure_window' => 2.5]));
attempt('max_recovery_timeout 0', $opt(['max_recovery_timeout' => 0]));
attempt('max_recovery_timeout < recoveryTimeout', $opt(['max_recovery_timeout' => 30]));
attempt('max_recovery_timeout = recoveryTimeout', $opt(['max_recovery_timeout' => 60]));
attempt('half_open_max_calls 0', $opt(['half_open_max_calls' => 0]));
attempt('half_open_max_calls 101', $opt(['half_open_max_calls' => 101]));
attempt('half_open_max_calls 2.0', $opt(['half_open_max_calls' => 2.0]));
attempt('half_open_max_calls 100', $opt(['half_open_max_calls' => 100]));
attempt('probe_timeout 0.05', $opt(['probe_timeout' => 0.05]));
attempt('probe_timeout 3601', $opt(['probe_timeout' => 3601]));
attempt('probe_timeout null', $opt(['probe_timeout' => null]));
attempt('count_client_errors 1', $opt(['count_client_errors' => 1]));
attempt('count_client_errors "yes"', $opt(['count_client_errors' => 'yes']));

echo "-- weights\n";
attempt('weights string', $opt(['weights' => '429:3']));
attempt('weights 404', $opt(['weights' => [404 => 1]]));
attempt('weights 502', $opt(['weights' => [502 => 1]]));
attempt('weights "Timeout"', $opt(['weights' => ['Timeout' => 1]]));
attempt('weights list', $opt(['weights' => [3]]));
attempt('weights -1', $opt(['weights' => [429 => -1]]));
attempt('weights 1001', $opt(['weights' => ['timeout' => 1001]]));
attempt('weights "3"', $opt(['weights' => [503 => '3']]));
attempt('weights 1.5', $opt(['weights' => ['network' => 1.5]]));
attempt('weights "429" key', $opt(['weights' => ['429' => 0, 'client_error' => 0]]));
attempt('weights empty', $opt(['weights' => []]));

echo "-- recordFailure\n";
$b = new CircuitBreaker($store, 'validation', 1000, 60);
foreach ([0, -1, 600, 1000, PHP_INT_MAX, '0', '600', '-5', '', 'Timeout', 'timeout ', ' 500', '5.0', 'nope', []] as $arg) {
	attempt('recordFailure(' . var_export($arg, true) . ')', fn () => $b->recordFailure($arg));
}
attempt('recordFailure(stdClass)', fn () => $b->recordFailure(new stdClass()));
attempt('recordFailure(x, y)', fn () => $b->recordFailure(1, 2));
echo 'failures after the rejected calls: ', $b->getFailureCount(), ', key: ', $raw->cmd('EXISTS', $prefix . 'breaker:{validation}:state'), "\n";

echo "-- methods\n";
attempt('call(no callable)', fn () => $b->call('no_such_function'));
attempt('call()', fn () => $b->call());
attempt('allowRequest(1)', fn () => $b->allowRequest(1));
attempt('getState(1)', fn () => $b->getState(1));
attempt('construct twice', fn () => $b->__construct($store, 'other'));
echo 'still ', $b->getStatus()['service'], "\n";
attempt('clone', fn () => clone $b);
attempt('serialize', fn () => serialize($b));
attempt('unserialize', fn () => unserialize('O:21:"Calcom\CircuitBreaker":0:{}'));
attempt('reflection', fn () => (new ReflectionClass(CircuitBreaker::class))->newInstanceWithoutConstructor());
$rc = new ReflectionClass(CircuitBreaker::class);
var_dump($rc->isFinal(), $rc->getConstants());

echo "-- the open message\n";
foreach (['cal.com:slots', 'Zürich-API', str_repeat('x', 20)] as $name) {
	$o = new CircuitBreaker($store, $name, 1, 37);
	$o->recordFailure();
	try {
		$o->call(fn () => 1);
	} catch (Calcom\CircuitOpenException $e) {
		echo $e->getMessage(), "\n";
		var_dump($e->retryAfter() > 36 && $e->retryAfter() <= 37, $e instanceof Calcom\Exception, $e->getCode(),
			$e->getPrevious(), $e->getUserMessage() !== '');
	}
	$o->reset();
}
echo 'keys left: ', count($raw->cmd('KEYS', $prefix . '*')), "\n";
?>
--EXPECT--
-- names
empty: ValueError: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must be between 1 and 200 bytes long
201 bytes: ValueError: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must be between 1 and 200 bytes long
200 bytes: ok
space: ValueError: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must not contain spaces, control characters, "{" or "}"
newline: ValueError: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must not contain spaces, control characters, "{" or "}"
NUL: ValueError: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must not contain spaces, control characters, "{" or "}"
DEL: ValueError: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must not contain spaces, control characters, "{" or "}"
{: ValueError: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must not contain spaces, control characters, "{" or "}"
}: ValueError: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must not contain spaces, control characters, "{" or "}"
punctuation and UTF-8: ok
-- thresholds
failureThreshold 0: ValueError: Calcom\CircuitBreaker::__construct(): Argument #3 ($failureThreshold) must be between 1 and 1000
failureThreshold 1001: ValueError: Calcom\CircuitBreaker::__construct(): Argument #3 ($failureThreshold) must be between 1 and 1000
failureThreshold 1000: ok
recoveryTimeout 0: ValueError: Calcom\CircuitBreaker::__construct(): Argument #4 ($recoveryTimeout) must be between 1 and 86400 seconds
recoveryTimeout -1: ValueError: Calcom\CircuitBreaker::__construct(): Argument #4 ($recoveryTimeout) must be between 1 and 86400 seconds
recoveryTimeout 86401: ValueError: Calcom\CircuitBreaker::__construct(): Argument #4 ($recoveryTimeout) must be between 1 and 86400 seconds
recoveryTimeout 86400: ok
successThreshold 0: ValueError: Calcom\CircuitBreaker::__construct(): Argument #5 ($successThreshold) must be between 1 and 1000
successThreshold 1001: ValueError: Calcom\CircuitBreaker::__construct(): Argument #5 ($successThreshold) must be between 1 and 1000
-- types
store: TypeError: Calcom\CircuitBreaker::__construct(): Argument #1 ($store) must be of type Calcom\Store, stdClass given
threshold string: TypeError: Calcom\CircuitBreaker::__construct(): Argument #3 ($failureThreshold) must be of type int, string given
options string: TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) must be of type array, string given
too few: ArgumentCountError: Calcom\CircuitBreaker::__construct() expects at least 2 arguments, 1 given
-- options
unknown option: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) contains unknown option "failure_windows" (expected weights, failure_window, max_recovery_timeout, half_open_max_calls, probe_timeout or count_client_errors)
list: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) must be an array with string keys
failure_window 0: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "failure_window" must be between 1 and 86400
failure_window 86401: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "failure_window" must be between 1 and 86400
failure_window string: TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "failure_window" must be of type int|float, string given
failure_window 2.5: ok
max_recovery_timeout 0: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "max_recovery_timeout" must be between 1 and 86400
max_recovery_timeout < recoveryTimeout: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) is inconsistent: max_recovery_timeout must be at least recoveryTimeout and at most 86400
max_recovery_timeout = recoveryTimeout: ok
half_open_max_calls 0: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "half_open_max_calls" must be between 1 and 100
half_open_max_calls 101: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "half_open_max_calls" must be between 1 and 100
half_open_max_calls 2.0: TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "half_open_max_calls" must be of type int, float given
half_open_max_calls 100: ok
probe_timeout 0.05: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "probe_timeout" must be between 0.1 and 3600
probe_timeout 3601: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "probe_timeout" must be between 0.1 and 3600
probe_timeout null: TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "probe_timeout" must be of type int|float, null given
count_client_errors 1: TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "count_client_errors" must be of type bool, int given
count_client_errors "yes": TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "count_client_errors" must be of type bool, string given
-- weights
weights string: TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" must be of type array, string given
weights 404: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" has an unknown key (expected 429, 503, 500, "timeout", "network", "other" or "client_error")
weights 502: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" has an unknown key (expected 429, 503, 500, "timeout", "network", "other" or "client_error")
weights "Timeout": ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" has an unknown key (expected 429, 503, 500, "timeout", "network", "other" or "client_error")
weights list: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" has an unknown key (expected 429, 503, 500, "timeout", "network", "other" or "client_error")
weights -1: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" must be between 0 and 1000
weights 1001: ValueError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" must be between 0 and 1000
weights "3": TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" must be of type int, string given
weights 1.5: TypeError: Calcom\CircuitBreaker::__construct(): Argument #6 ($options) option "weights" must be of type int, float given
weights "429" key: ok
weights empty: ok
-- recordFailure
recordFailure(0): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be a weight between 1 and 99 or an HTTP status between 100 and 599
recordFailure(-1): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be a weight between 1 and 99 or an HTTP status between 100 and 599
recordFailure(600): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be a weight between 1 and 99 or an HTTP status between 100 and 599
recordFailure(1000): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be a weight between 1 and 99 or an HTTP status between 100 and 599
recordFailure(9223372036854775807): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be a weight between 1 and 99 or an HTTP status between 100 and 599
recordFailure('0'): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be a weight between 1 and 99 or an HTTP status between 100 and 599
recordFailure('600'): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be a weight between 1 and 99 or an HTTP status between 100 and 599
recordFailure('-5'): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be a weight between 1 and 99 or an HTTP status between 100 and 599
recordFailure(''): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be "timeout", "network", "other" or a numeric status
recordFailure('Timeout'): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be "timeout", "network", "other" or a numeric status
recordFailure('timeout '): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be "timeout", "network", "other" or a numeric status
recordFailure(' 500'): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be "timeout", "network", "other" or a numeric status
recordFailure('5.0'): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be "timeout", "network", "other" or a numeric status
recordFailure('nope'): ValueError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be "timeout", "network", "other" or a numeric status
recordFailure(array (
)): TypeError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be of type Throwable|string|int, array given
recordFailure(stdClass): TypeError: Calcom\CircuitBreaker::recordFailure(): Argument #1 ($error) must be of type Throwable|string|int, stdClass given
recordFailure(x, y): ArgumentCountError: Calcom\CircuitBreaker::recordFailure() expects at most 1 argument, 2 given
failures after the rejected calls: 0, key: 0
-- methods
call(no callable): TypeError: Calcom\CircuitBreaker::call(): Argument #1 ($operation) must be a valid callback, function "no_such_function" not found or invalid function name
call(): ArgumentCountError: Calcom\CircuitBreaker::call() expects exactly 1 argument, 0 given
allowRequest(1): ArgumentCountError: Calcom\CircuitBreaker::allowRequest() expects exactly 0 arguments, 1 given
getState(1): ArgumentCountError: Calcom\CircuitBreaker::getState() expects exactly 0 arguments, 1 given
construct twice: Error: Calcom\CircuitBreaker is already constructed
still validation
clone: Error: Trying to clone an uncloneable object of class Calcom\CircuitBreaker
serialize: Exception: Serialization of 'Calcom\CircuitBreaker' is not allowed
unserialize: Exception: Unserialization of 'Calcom\CircuitBreaker' is not allowed
reflection: ReflectionException: Class Calcom\CircuitBreaker is an internal class marked as final that cannot be instantiated without invoking its constructor
bool(true)
array(3) {
  ["STATE_CLOSED"]=>
  string(6) "closed"
  ["STATE_OPEN"]=>
  string(4) "open"
  ["STATE_HALF_OPEN"]=>
  string(9) "half_open"
}
-- the open message
Circuit breaker is OPEN for service 'cal.com:slots'. Service appears to be down. Retry after 37 seconds.
bool(true)
bool(true)
int(0)
NULL
bool(true)
Circuit breaker is OPEN for service 'Zürich-API'. Service appears to be down. Retry after 37 seconds.
bool(true)
bool(true)
int(0)
NULL
bool(true)
Circuit breaker is OPEN for service 'xxxxxxxxxxxxxxxxxxxx'. Service appears to be down. Retry after 37 seconds.
bool(true)
bool(true)
int(0)
NULL
bool(true)
keys left: 0
