--TEST--
CircuitBreaker: failure weights by HTTP status, bare weight, kind string and Throwable; count_client_errors; custom weights; weighted threshold
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\ApiException;
use Calcom\CircuitBreaker;
use Calcom\CircuitOpenException;
use Calcom\RateLimitException;
use Calcom\TimeoutException;

class SlowUpstream extends TimeoutException {}
class MyDomainError extends LogicException {}

$prefix = 'calcom-test:breaker-weights:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$n = 0;

/** The weight each failure adds, on a breaker that never opens. */
function weights(array $options, array $failures): void
{
	global $store, $n;
	$b = new CircuitBreaker($store, 'w' . ++$n, 1000, 60, 2, $options);
	foreach ($failures as $label => $failure) {
		$before = $b->getFailureCount();
		$b->recordFailure(...($failure === null ? [] : [$failure]));
		printf("  %-34s %d\n", $label, $b->getFailureCount() - $before);
	}
	echo '  state ', $b->getState(), "\n";
	$b->reset();
}

$default = [
	'recordFailure()' => null,
	'int 429' => 429,
	"'429'" => '429',
	'RateLimitException 429' => new RateLimitException('slow down', 0.0, 429),
	'ApiException 429' => new ApiException('too many', 429),
	'int 503' => 503,
	"'503'" => '503',
	'ApiException 503' => new ApiException('unavailable', 503),
	'int 500' => 500,
	"'500'" => '500',
	'ApiException 500' => new ApiException('boom', 500),
	'int 502' => 502,
	'int 504' => 504,
	'int 599' => 599,
	'ApiException 502' => new ApiException('bad gateway', 502),
	"'timeout'" => 'timeout',
	'TimeoutException' => new TimeoutException('t'),
	'TimeoutException subclass' => new SlowUpstream('slow'),
	"'network'" => 'network',
	'ApiException without status' => new ApiException('connection reset'),
	"'other'" => 'other',
	'RuntimeException' => new RuntimeException('x'),
	'Error' => new Error('x'),
	'LogicException subclass' => new MyDomainError('x'),
	'int 400' => 400,
	'int 404' => 404,
	"'404'" => '404',
	'int 409' => 409,
	'int 499' => 499,
	'ApiException 400' => new ApiException('bad request', 400),
	'ApiException 404' => new ApiException('not found', 404),
	'int 100' => 100,
	'int 200' => 200,
	'int 302' => 302,
	'RateLimitException without status' => new RateLimitException('local budget', 2.0, null),
	'CircuitOpenException' => new CircuitOpenException('open', 5.0),
	'int 1' => 1,
	'int 7' => 7,
	"'7'" => '7',
	'int 99' => 99,
	"'99'" => '99',
];
echo "defaults:\n";
weights([], $default);

echo "count_client_errors:\n";
weights(['count_client_errors' => true], [
	'int 400' => 400,
	'int 404' => 404,
	"'409'" => '409',
	'ApiException 422' => new ApiException('unprocessable', 422),
	'int 429 (still 3)' => 429,
	'int 503 (still 2)' => 503,
	'int 302 (not an error)' => 302,
	'RateLimitException without status' => new RateLimitException('local budget', 2.0, null),
]);
echo "count_client_errors false, explicitly:\n";
weights(['count_client_errors' => false, 'weights' => ['client_error' => 4]], ['int 404' => 404]);
echo "count_client_errors with client_error weight 4:\n";
weights(['count_client_errors' => true, 'weights' => ['client_error' => 4]], [
	'int 404' => 404,
	'ApiException 400' => new ApiException('bad request', 400),
	'int 429' => 429,
]);

echo "custom weights:\n";
weights(['weights' => [429 => 10, 503 => 0, 500 => 5, 'timeout' => 7, 'network' => 8, 'other' => 9]], [
	'int 429' => 429,
	'RateLimitException 429' => new RateLimitException('slow down', 0.0, 429),
	'int 503' => 503,
	'ApiException 503' => new ApiException('unavailable', 503),
	'int 500' => 500,
	'int 502 (like 500)' => 502,
	"'timeout'" => 'timeout',
	'TimeoutException' => new TimeoutException('t'),
	"'network'" => 'network',
	'ApiException without status' => new ApiException('reset'),
	"'other'" => 'other',
	'RuntimeException' => new RuntimeException('x'),
	'recordFailure() (a bare weight 1)' => null,
	'int 404' => 404,
	'int 4 (bare weight)' => 4,
]);
echo "partial custom weights keep the other defaults:\n";
weights(['weights' => ['timeout' => 5]], ['int 429' => 429, "'timeout'" => 'timeout', "'network'" => 'network']);

echo "weights add up to the threshold:\n";
$b = new CircuitBreaker($store, 'sum', 5, 60);
$b->recordFailure(429);
echo '  429: ', $b->getState(), ' ', $b->getFailureCount(), "\n";
$b->recordFailure(404);
echo '  404: ', $b->getState(), ' ', $b->getFailureCount(), "\n";
$b->recordFailure(new ApiException('unavailable', 503));
echo '  503: ', $b->getState(), ' ', $b->getFailureCount(), "\n";
$b->reset();
$b = new CircuitBreaker($store, 'sum', 5, 60);
for ($i = 1; $i <= 5; $i++) {
	$b->recordFailure(500);
	echo "  500 #$i: ", $b->getState(), ' ', $b->getFailureCount(), "\n";
}
$b->reset();

echo "weights of what call() catches:\n";
$b = new CircuitBreaker($store, 'caught', 1000, 60);
foreach ([new ApiException('x', 503), new TimeoutException('t'), new ApiException('x'), new ApiException('x', 404),
	new RateLimitException('x', 1.0, 429), new RateLimitException('x', 1.0, null), new CircuitOpenException('x', 1.0),
	new DomainException('x'), new TypeError('x')] as $e) {
	$before = $b->getFailureCount();
	try {
		$b->call(function () use ($e) { throw $e; });
	} catch (Throwable $caught) {
		printf("  %-34s %d%s\n", get_class($e) . ($e instanceof ApiException ? ' ' . var_export($e->getStatusCode(), true) : ''),
			$b->getFailureCount() - $before, $caught === $e ? '' : ' (a different exception came out)');
	}
}
$b->reset();
echo "keys left: ", count((new RawRedis(redis_port()))->cmd('KEYS', $prefix . '*')), "\n";
?>
--EXPECT--
defaults:
  recordFailure()                    1
  int 429                            3
  '429'                              3
  RateLimitException 429             3
  ApiException 429                   3
  int 503                            2
  '503'                              2
  ApiException 503                   2
  int 500                            1
  '500'                              1
  ApiException 500                   1
  int 502                            1
  int 504                            1
  int 599                            1
  ApiException 502                   1
  'timeout'                          2
  TimeoutException                   2
  TimeoutException subclass          2
  'network'                          2
  ApiException without status        2
  'other'                            1
  RuntimeException                   1
  Error                              1
  LogicException subclass            1
  int 400                            0
  int 404                            0
  '404'                              0
  int 409                            0
  int 499                            0
  ApiException 400                   0
  ApiException 404                   0
  int 100                            0
  int 200                            0
  int 302                            0
  RateLimitException without status  0
  CircuitOpenException               0
  int 1                              1
  int 7                              7
  '7'                                7
  int 99                             99
  '99'                               99
  state closed
count_client_errors:
  int 400                            1
  int 404                            1
  '409'                              1
  ApiException 422                   1
  int 429 (still 3)                  3
  int 503 (still 2)                  2
  int 302 (not an error)             0
  RateLimitException without status  0
  state closed
count_client_errors false, explicitly:
  int 404                            0
  state closed
count_client_errors with client_error weight 4:
  int 404                            4
  ApiException 400                   4
  int 429                            3
  state closed
custom weights:
  int 429                            10
  RateLimitException 429             10
  int 503                            0
  ApiException 503                   0
  int 500                            5
  int 502 (like 500)                 5
  'timeout'                          7
  TimeoutException                   7
  'network'                          8
  ApiException without status        8
  'other'                            9
  RuntimeException                   9
  recordFailure() (a bare weight 1)  1
  int 404                            0
  int 4 (bare weight)                4
  state closed
partial custom weights keep the other defaults:
  int 429                            3
  'timeout'                          5
  'network'                          2
  state closed
weights add up to the threshold:
  429: closed 3
  404: closed 3
  503: open 5
  500 #1: closed 1
  500 #2: closed 2
  500 #3: closed 3
  500 #4: closed 4
  500 #5: open 5
weights of what call() catches:
  Calcom\ApiException 503            2
  Calcom\TimeoutException NULL       2
  Calcom\ApiException NULL           2
  Calcom\ApiException 404            0
  Calcom\RateLimitException 429      3
  Calcom\RateLimitException NULL     0
  Calcom\CircuitOpenException NULL   0
  DomainException                    1
  TypeError                          1
keys left: 0
