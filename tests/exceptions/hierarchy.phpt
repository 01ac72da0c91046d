--TEST--
Exceptions: the hierarchy, constructors, status codes, German user messages and retryAfter()
--SKIPIF--
<?php if (!extension_loaded('calcom')) die('skip calcom not loaded'); ?>
--FILE--
<?php
foreach (['ApiException', 'RateLimitException', 'CircuitOpenException', 'TimeoutException', 'StoreException'] as $name) {
	$class = "Calcom\\$name";
	printf("%-20s extends %-21s Calcom\\Exception: %s\n", $name, get_parent_class($class),
		var_export(is_subclass_of($class, Calcom\Exception::class), true));
}
var_dump(interface_exists(Calcom\Exception::class), is_subclass_of(Calcom\Exception::class, Throwable::class));

$prev = new LogicException('inner');
$e = new Calcom\ApiException('Cal.com said no', 503, '{"status":"error"}', null, $prev);
var_dump($e->getMessage(), $e->getCode(), $e->getStatusCode(), $e->getResponseBody(), $e->getPrevious() === $prev);
echo $e->getUserMessage(), "\n";

$e = new Calcom\ApiException('taken', 400, null, 'Dieser Termin ist leider schon vergeben.');
echo $e->getUserMessage(), "\n";
var_dump((new Calcom\ApiException())->getStatusCode(), (new Calcom\ApiException())->getResponseBody());

$e = new Calcom\RateLimitException('slow down', 42.5);
var_dump($e->getStatusCode(), $e->retryAfter());
echo $e->getUserMessage(), "\n";

$e = new Calcom\CircuitOpenException("Circuit breaker is OPEN for service 'calcom'.", 60.0);
var_dump($e->getStatusCode(), $e->retryAfter());
echo $e->getUserMessage(), "\n";

$e = new Calcom\TimeoutException('no answer in 5 s');
var_dump($e instanceof Calcom\ApiException, $e->getStatusCode());

foreach ([-1.0, INF, NAN] as $bad) {
	try {
		new Calcom\RateLimitException('x', $bad);
	} catch (ValueError $e) {
		echo $e->getMessage(), "\n";
	}
}

// User subclasses that skip the parent constructor still answer.
class MyApiException extends Calcom\ApiException { public function __construct() {} }
echo (new MyApiException())->getUserMessage(), "\n";

try {
	throw new Calcom\StoreException('redis down');
} catch (Calcom\Exception $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
ApiException         extends RuntimeException      Calcom\Exception: true
RateLimitException   extends Calcom\ApiException   Calcom\Exception: true
CircuitOpenException extends Calcom\ApiException   Calcom\Exception: true
TimeoutException     extends Calcom\ApiException   Calcom\Exception: true
StoreException       extends RuntimeException      Calcom\Exception: true
bool(true)
bool(true)
string(15) "Cal.com said no"
int(503)
int(503)
string(18) "{"status":"error"}"
bool(true)
Der Kalender ist im Moment nicht erreichbar. Bitte versuchen Sie es später noch einmal.
Dieser Termin ist leider schon vergeben.
NULL
NULL
int(429)
float(42.5)
Der Kalender ist gerade stark ausgelastet. Bitte versuchen Sie es in einem Moment noch einmal.
NULL
float(60)
Der Kalender ist im Moment nicht erreichbar. Bitte versuchen Sie es später noch einmal.
bool(true)
NULL
Calcom\RateLimitException::__construct(): Argument #2 ($retryAfter) must be a finite number greater than or equal to 0
Calcom\RateLimitException::__construct(): Argument #2 ($retryAfter) must be a finite number greater than or equal to 0
Calcom\RateLimitException::__construct(): Argument #2 ($retryAfter) must be a finite number greater than or equal to 0
Der Kalender ist im Moment nicht erreichbar. Bitte versuchen Sie es später noch einmal.
Calcom\StoreException: redis down
