--TEST--
RequestQueue validation: wrong types and bad values of every method and option are TypeError / ValueError naming the argument, and nothing is written to Redis; an object without its constructor cannot be made; clone and serialize are refused
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/queue.inc';
use Calcom\RequestQueue;

$prefix = q_prefix('validation');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$client = new Calcom\Client(Q_API_KEY, ['base_url' => 'http://127.0.0.1:9/v2']);
$q = new RequestQueue($store, $client);
$real = $q->enqueue('GET', '/slots', ['eventTypeId' => 1001]);
$keys = q_keys($prefix);
$jobs = fn () => q_raw()->cmd('HLEN', "{$prefix}queue:{default}:jobs");
$before = $jobs();

function attempt(string $label, callable $f): void
{
	try {
		$r = $f();
		echo "$label: no exception (", var_export($r, true), ")\n";
	} catch (Throwable $e) {
		echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
	}
}

echo "-- constructor options\n";
foreach ([
	'unknown' => ['visibility' => 10],
	'list' => [8],
	'name int' => ['name' => 5],
	'name empty' => ['name' => ''],
	'name with brace' => ['name' => 'a{b}'],
	'name with space' => ['name' => 'a b'],
	'concurrency 0' => ['concurrency' => 0],
	'concurrency 65' => ['concurrency' => 65],
	'concurrency "8"' => ['concurrency' => '8'],
	'concurrency 1.5' => ['concurrency' => 1.5],
	'aging -1' => ['aging' => -1],
	'aging NAN' => ['aging' => NAN],
	'aging "30"' => ['aging' => '30'],
	'aging > a day' => ['aging' => 86401],
	'max_attempts 0' => ['max_attempts' => 0],
	'max_attempts 101' => ['max_attempts' => 101],
	'visibility_timeout 0' => ['visibility_timeout' => 0],
	'visibility_timeout INF' => ['visibility_timeout' => INF],
	'retry_delay -0.1' => ['retry_delay' => -0.1],
	'result_ttl 0' => ['result_ttl' => 0],
	'job_ttl 0.5' => ['job_ttl' => 0.5],
	'job_ttl null' => ['job_ttl' => null],
	'callback_timeout 0' => ['callback_timeout' => 0],
	'callback_timeout 61' => ['callback_timeout' => 61],
	'callback_attempts 0' => ['callback_attempts' => 0],
	'callback_attempts 11' => ['callback_attempts' => 11],
	'callback_attempts true' => ['callback_attempts' => true],
] as $label => $options) {
	attempt($label, fn () => new RequestQueue($store, $client, $options));
}
attempt('store is not a Store', fn () => new RequestQueue(new stdClass(), $client));
attempt('client is not a Client', fn () => new RequestQueue($store, $store));
attempt('construct twice', fn () => $q->__construct($store, $client));
attempt('limits accepted', fn () => count([
	new RequestQueue($store, $client, ['concurrency' => 1, 'aging' => 0, 'max_attempts' => 1, 'visibility_timeout' => 0.01,
		'retry_delay' => 0, 'result_ttl' => 1, 'job_ttl' => 1, 'callback_timeout' => 0.01, 'callback_attempts' => 1]),
	new RequestQueue($store, $client, ['concurrency' => 64, 'aging' => 86400, 'max_attempts' => 100,
		'visibility_timeout' => 86400, 'retry_delay' => 3600, 'result_ttl' => 2592000, 'job_ttl' => 2592000,
		'callback_timeout' => 60, 'callback_attempts' => 10, 'name' => 'x-1.y_z']),
]));

echo "\n-- enqueue\n";
foreach ([
	'method PUT' => ['PUT', '/slots'],
	'method DELETE' => ['DELETE', '/bookings/abc'],
	'method empty' => ['', '/slots'],
	'path empty' => ['GET', ''],
	'path no leading slash' => ['GET', 'slots'],
	'path /' => ['GET', '/'],
	'path ..' => ['GET', '/slots/../bookings'],
	'path //' => ['GET', '/slots//x'],
	'path trailing slash' => ['GET', '/slots/'],
	'path with query' => ['GET', '/slots?eventTypeId=1'],
	'path with space' => ['GET', '/event-types/1 2'],
	'path with %' => ['GET', '/event-types/%2e'],
	'path with NUL' => ['GET', "/slots\0x"],
	'path absolute URL' => ['GET', 'https://evil.example/slots'],
	'path too long' => ['GET', '/slots/' . str_repeat('a', 600)],
	'GET unknown prefix' => ['GET', '/me'],
	'GET /slotsx' => ['GET', '/slotsx'],
	'GET /event-typesx' => ['GET', '/event-typesx/1'],
	'POST to /slots' => ['POST', '/slots'],
	'POST to /event-types' => ['POST', '/event-types'],
	'POST to /bookings/x' => ['POST', '/bookings/abc'],
	'POST to /bookings/x/confirm' => ['POST', '/bookings/abc/confirm'],
	'POST to /bookings//cancel' => ['POST', '/bookings//cancel'],
	'POST to /bookings/a/b/cancel' => ['POST', '/bookings/a/b/cancel'],
	'GET nested params' => ['GET', '/slots', ['eventTypeId' => [1001]]],
	'GET null param' => ['GET', '/slots', ['eventTypeId' => null]],
	'GET list params' => ['GET', '/slots', [1001]],
	'GET object param' => ['GET', '/slots', ['x' => new stdClass()]],
	'params invalid UTF-8' => ['POST', '/bookings', ['attendee' => ['name' => "\xff"]]],
	'priority 0' => ['GET', '/slots', [], 0],
	'priority 5' => ['GET', '/slots', [], 5],
	'priority "1"x' => ['GET', '/slots', [], 'high'],
	'callback ftp' => ['GET', '/slots', [], 3, 'ftp://example.com/cb'],
	'callback with space' => ['GET', '/slots', [], 3, 'https://example.com/a b'],
	'callback with newline' => ['GET', '/slots', [], 3, "https://example.com/a\r\nX: y"],
	'callback not a URL' => ['GET', '/slots', [], 3, 'example.com/cb'],
	'callback empty' => ['GET', '/slots', [], 3, ''],
	'callback without host' => ['GET', '/slots', [], 3, 'https://'],
	'callback too long' => ['GET', '/slots', [], 3, 'https://example.com/' . str_repeat('a', 2100)],
	'params not an array' => ['GET', '/slots', 'eventTypeId=1'],
] as $label => $args) {
	attempt($label, fn () => $q->enqueue(...$args));
}
$recursive = ['a' => 1];
$recursive['self'] = &$recursive;
attempt('params recursive', fn () => $q->enqueue('POST', '/bookings', $recursive));
unset($recursive['self']);
echo 'jobs written: ', $jobs() - $before, ', keys unchanged: ', var_export(q_keys($prefix) === $keys, true), "\n";

echo "\n-- ids, waits, depth, work\n";
foreach (['status', 'position', 'estimatedWait', 'result'] as $m) {
	foreach (['' => '', 'short' => 'abc', 'upper case' => '000000000000000A', '17 digits' => $real . '0',
		'not hex' => '000000000000000g', 'result field' => substr($real, 0, 15) . ':'] as $label => $id) {
		attempt("$m($label)", fn () => $q->$m($id));
	}
}
attempt('status(int)', fn () => $q->status(1));
attempt('result(wait -1)', fn () => $q->result($real, -1));
attempt('result(wait NAN)', fn () => $q->result($real, NAN));
attempt('result(wait 3601)', fn () => $q->result($real, 3601));
attempt('result(wait "1")', fn () => $q->result($real, 'soon'));
attempt('depth(0)', fn () => $q->depth(0));
attempt('depth(5)', fn () => $q->depth(5));
attempt('depth("x")', fn () => $q->depth('x'));
attempt('work(-1)', fn () => $q->work(-1));
attempt('work(1, -1)', fn () => $q->work(1, -1));
attempt('work(1, INF)', fn () => $q->work(1, INF));
attempt('work(1, NAN)', fn () => $q->work(1, NAN));
echo 'jobs written: ', $jobs() - $before, ', keys unchanged: ', var_export(q_keys($prefix) === $keys, true),
	', the real job is still queued: ', $q->status($real)['status'], "\n";

echo "\n-- no half-made object, clone, serialize\n";
attempt('without its constructor', fn () => (new ReflectionClass(RequestQueue::class))->newInstanceWithoutConstructor());
attempt('clone', fn () => clone $q);
attempt('serialize', fn () => serialize($q));
attempt('unserialize', fn () => unserialize('O:19:"Calcom\RequestQueue":0:{}'));
echo 'keys unchanged: ', var_export(q_keys($prefix) === $keys, true), "\n";
q_cleanup($prefix);
?>
--EXPECT--
-- constructor options
unknown: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) contains unknown option "visibility" (expected name, concurrency, aging, max_attempts, visibility_timeout, retry_delay, result_ttl, job_ttl, callback_timeout or callback_attempts)
list: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) must be an array with string keys
name int: TypeError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "name" must be of type string, int given
name empty: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "name" must be between 1 and 200 bytes long
name with brace: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "name" must not contain spaces, control characters, "{" or "}"
name with space: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "name" must not contain spaces, control characters, "{" or "}"
concurrency 0: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "concurrency" must be between 1 and 64
concurrency 65: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "concurrency" must be between 1 and 64
concurrency "8": TypeError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "concurrency" must be of type int, string given
concurrency 1.5: TypeError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "concurrency" must be of type int, float given
aging -1: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "aging" must be between 0 and 86400
aging NAN: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "aging" must be between 0 and 86400
aging "30": TypeError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "aging" must be of type int|float, string given
aging > a day: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "aging" must be between 0 and 86400
max_attempts 0: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "max_attempts" must be between 1 and 100
max_attempts 101: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "max_attempts" must be between 1 and 100
visibility_timeout 0: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "visibility_timeout" must be between 0.01 and 86400
visibility_timeout INF: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "visibility_timeout" must be between 0.01 and 86400
retry_delay -0.1: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "retry_delay" must be between 0 and 3600
result_ttl 0: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "result_ttl" must be between 1 and 2.592e+6
job_ttl 0.5: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "job_ttl" must be between 1 and 2.592e+6
job_ttl null: TypeError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "job_ttl" must be of type int|float, null given
callback_timeout 0: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "callback_timeout" must be between 0.01 and 60
callback_timeout 61: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "callback_timeout" must be between 0.01 and 60
callback_attempts 0: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "callback_attempts" must be between 1 and 10
callback_attempts 11: ValueError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "callback_attempts" must be between 1 and 10
callback_attempts true: TypeError: Calcom\RequestQueue::__construct(): Argument #3 ($options) option "callback_attempts" must be of type int, bool given
store is not a Store: TypeError: Calcom\RequestQueue::__construct(): Argument #1 ($store) must be of type Calcom\Store, stdClass given
client is not a Client: TypeError: Calcom\RequestQueue::__construct(): Argument #2 ($client) must be of type Calcom\Client, Calcom\Store given
construct twice: Error: Calcom\RequestQueue is already constructed
limits accepted: no exception (2)

-- enqueue
method PUT: ValueError: Calcom\RequestQueue::enqueue(): Argument #1 ($method) must be "GET" or "POST"
method DELETE: ValueError: Calcom\RequestQueue::enqueue(): Argument #1 ($method) must be "GET" or "POST"
method empty: ValueError: Calcom\RequestQueue::enqueue(): Argument #1 ($method) must be "GET" or "POST"
path empty: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path no leading slash: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path /: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path ..: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path //: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path trailing slash: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path with query: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path with space: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path with %: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path with NUL: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path absolute URL: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
path too long: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
GET unknown prefix: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be below /slots, /bookings or /event-types for GET
GET /slotsx: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be below /slots, /bookings or /event-types for GET
GET /event-typesx: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be below /slots, /bookings or /event-types for GET
POST to /slots: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be /bookings, /bookings/{uid}/reschedule or /bookings/{uid}/cancel for POST
POST to /event-types: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be /bookings, /bookings/{uid}/reschedule or /bookings/{uid}/cancel for POST
POST to /bookings/x: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be /bookings, /bookings/{uid}/reschedule or /bookings/{uid}/cancel for POST
POST to /bookings/x/confirm: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be /bookings, /bookings/{uid}/reschedule or /bookings/{uid}/cancel for POST
POST to /bookings//cancel: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be a path below the base URL such as "/slots" (letters, digits, "/", "-", "_", "."; no query)
POST to /bookings/a/b/cancel: ValueError: Calcom\RequestQueue::enqueue(): Argument #2 ($path) must be /bookings, /bookings/{uid}/reschedule or /bookings/{uid}/cancel for POST
GET nested params: ValueError: Calcom\RequestQueue::enqueue(): Argument #3 ($params) must map query parameter names to scalars for GET
GET null param: ValueError: Calcom\RequestQueue::enqueue(): Argument #3 ($params) must map query parameter names to scalars for GET
GET list params: ValueError: Calcom\RequestQueue::enqueue(): Argument #3 ($params) must map query parameter names to scalars for GET
GET object param: ValueError: Calcom\RequestQueue::enqueue(): Argument #3 ($params) must map query parameter names to scalars for GET
params invalid UTF-8: ValueError: Calcom\RequestQueue::enqueue(): Argument #3 ($params) must be encodable as JSON (valid UTF-8, no resources, no recursion)
priority 0: ValueError: Calcom\RequestQueue::enqueue(): Argument #4 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1 to 4)
priority 5: ValueError: Calcom\RequestQueue::enqueue(): Argument #4 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1 to 4)
priority "1"x: TypeError: Calcom\RequestQueue::enqueue(): Argument #4 ($priority) must be of type int, string given
callback ftp: ValueError: Calcom\RequestQueue::enqueue(): Argument #5 ($callbackUrl) must be an http:// or https:// URL with a host, of printable ASCII, at most 2048 bytes
callback with space: ValueError: Calcom\RequestQueue::enqueue(): Argument #5 ($callbackUrl) must be an http:// or https:// URL with a host, of printable ASCII, at most 2048 bytes
callback with newline: ValueError: Calcom\RequestQueue::enqueue(): Argument #5 ($callbackUrl) must be an http:// or https:// URL with a host, of printable ASCII, at most 2048 bytes
callback not a URL: ValueError: Calcom\RequestQueue::enqueue(): Argument #5 ($callbackUrl) must be an http:// or https:// URL with a host, of printable ASCII, at most 2048 bytes
callback empty: ValueError: Calcom\RequestQueue::enqueue(): Argument #5 ($callbackUrl) must be an http:// or https:// URL with a host, of printable ASCII, at most 2048 bytes
callback without host: ValueError: Calcom\RequestQueue::enqueue(): Argument #5 ($callbackUrl) must be an http:// or https:// URL with a host, of printable ASCII, at most 2048 bytes
callback too long: ValueError: Calcom\RequestQueue::enqueue(): Argument #5 ($callbackUrl) must be an http:// or https:// URL with a host, of printable ASCII, at most 2048 bytes
params not an array: TypeError: Calcom\RequestQueue::enqueue(): Argument #3 ($params) must be of type array, string given
params recursive: ValueError: Calcom\RequestQueue::enqueue(): Argument #3 ($params) must be encodable as JSON (valid UTF-8, no resources, no recursion)
jobs written: 0, keys unchanged: true

-- ids, waits, depth, work
status(): ValueError: Calcom\RequestQueue::status(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
status(short): ValueError: Calcom\RequestQueue::status(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
status(upper case): ValueError: Calcom\RequestQueue::status(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
status(17 digits): ValueError: Calcom\RequestQueue::status(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
status(not hex): ValueError: Calcom\RequestQueue::status(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
status(result field): ValueError: Calcom\RequestQueue::status(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
position(): ValueError: Calcom\RequestQueue::position(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
position(short): ValueError: Calcom\RequestQueue::position(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
position(upper case): ValueError: Calcom\RequestQueue::position(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
position(17 digits): ValueError: Calcom\RequestQueue::position(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
position(not hex): ValueError: Calcom\RequestQueue::position(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
position(result field): ValueError: Calcom\RequestQueue::position(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
estimatedWait(): ValueError: Calcom\RequestQueue::estimatedWait(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
estimatedWait(short): ValueError: Calcom\RequestQueue::estimatedWait(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
estimatedWait(upper case): ValueError: Calcom\RequestQueue::estimatedWait(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
estimatedWait(17 digits): ValueError: Calcom\RequestQueue::estimatedWait(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
estimatedWait(not hex): ValueError: Calcom\RequestQueue::estimatedWait(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
estimatedWait(result field): ValueError: Calcom\RequestQueue::estimatedWait(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
result(): ValueError: Calcom\RequestQueue::result(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
result(short): ValueError: Calcom\RequestQueue::result(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
result(upper case): ValueError: Calcom\RequestQueue::result(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
result(17 digits): ValueError: Calcom\RequestQueue::result(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
result(not hex): ValueError: Calcom\RequestQueue::result(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
result(result field): ValueError: Calcom\RequestQueue::result(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
status(int): ValueError: Calcom\RequestQueue::status(): Argument #1 ($id) must be a job id (16 hex digits, as enqueue() returns)
result(wait -1): ValueError: Calcom\RequestQueue::result(): Argument #2 ($wait) must be between 0 and 3600 seconds
result(wait NAN): ValueError: Calcom\RequestQueue::result(): Argument #2 ($wait) must be between 0 and 3600 seconds
result(wait 3601): ValueError: Calcom\RequestQueue::result(): Argument #2 ($wait) must be between 0 and 3600 seconds
result(wait "1"): TypeError: Calcom\RequestQueue::result(): Argument #2 ($wait) must be of type float, string given
depth(0): ValueError: Calcom\RequestQueue::depth(): Argument #1 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1 to 4) or null
depth(5): ValueError: Calcom\RequestQueue::depth(): Argument #1 ($priority) must be one of the RateLimiter::PRIORITY_* constants (1 to 4) or null
depth("x"): TypeError: Calcom\RequestQueue::depth(): Argument #1 ($priority) must be of type ?int, string given
work(-1): ValueError: Calcom\RequestQueue::work(): Argument #1 ($maxJobs) must be 0 (no limit) or more
work(1, -1): ValueError: Calcom\RequestQueue::work(): Argument #2 ($maxSeconds) must be 0 (no limit) or a finite number of seconds
work(1, INF): ValueError: Calcom\RequestQueue::work(): Argument #2 ($maxSeconds) must be 0 (no limit) or a finite number of seconds
work(1, NAN): ValueError: Calcom\RequestQueue::work(): Argument #2 ($maxSeconds) must be 0 (no limit) or a finite number of seconds
jobs written: 0, keys unchanged: true, the real job is still queued: queued

-- no half-made object, clone, serialize
without its constructor: ReflectionException: Class Calcom\RequestQueue is an internal class marked as final that cannot be instantiated without invoking its constructor
clone: Error: Trying to clone an uncloneable object of class Calcom\RequestQueue
serialize: Exception: Serialization of 'Calcom\RequestQueue' is not allowed
unserialize: Exception: Unserialization of 'Calcom\RequestQueue' is not allowed
keys unchanged: true