--TEST--
Store: bad options are a TypeError or ValueError naming the option
--SKIPIF--
<?php if (!extension_loaded('calcom')) die('skip calcom not loaded'); ?>
--FILE--
<?php
$cases = [
	['colour' => 'blue'],
	[0 => 'x'],
	['prefix' => 42],
	['prefix' => 'app:{x}:'],
	['connect_timeout' => 0],
	['connect_timeout' => -1.5],
	['connect_timeout' => NAN],
	['read_timeout' => '1'],
	['read_timeout' => 7200],
	['persistent' => 1],
	['password' => 123],
	['password' => str_repeat('p', 300)],
	['database' => -1],
	['database' => '2'],
	['on_failure' => 'maybe'],
	['on_failure' => null],
];
foreach ($cases as $options) {
	try {
		new Calcom\Store('redis://127.0.0.1:6379', $options);
		echo "accepted\n";
	} catch (TypeError|ValueError $e) {
		echo get_class($e), ': ', $e->getMessage(), "\n";
	}
}
foreach (['open', 'closed', 'local'] as $mode) {
	$store = new Calcom\Store('redis://127.0.0.1:6379', ['on_failure' => $mode, 'password' => null, 'database' => 0,
		'connect_timeout' => 0.25, 'read_timeout' => 2, 'persistent' => false, 'prefix' => '']);
	echo "$mode accepted\n";
}
var_dump(Calcom\Store::ON_FAILURE_OPEN, Calcom\Store::ON_FAILURE_CLOSED, Calcom\Store::ON_FAILURE_LOCAL);
?>
--EXPECT--
ValueError: Calcom\Store::__construct(): Argument #2 ($options) contains unknown option "colour" (expected prefix, connect_timeout, read_timeout, persistent, password, database or on_failure)
ValueError: Calcom\Store::__construct(): Argument #2 ($options) must be an array with string keys
TypeError: Calcom\Store::__construct(): Argument #2 ($options) option "prefix" must be of type string, int given
ValueError: Calcom\Store::__construct(): Argument #2 ($options) option "prefix" must not contain "{", "}" or NUL bytes
ValueError: Calcom\Store::__construct(): Argument #2 ($options) option "connect_timeout" must be greater than 0 and at most 3600 seconds
ValueError: Calcom\Store::__construct(): Argument #2 ($options) option "connect_timeout" must be greater than 0 and at most 3600 seconds
ValueError: Calcom\Store::__construct(): Argument #2 ($options) option "connect_timeout" must be greater than 0 and at most 3600 seconds
TypeError: Calcom\Store::__construct(): Argument #2 ($options) option "read_timeout" must be of type int|float, string given
ValueError: Calcom\Store::__construct(): Argument #2 ($options) option "read_timeout" must be greater than 0 and at most 3600 seconds
TypeError: Calcom\Store::__construct(): Argument #2 ($options) option "persistent" must be of type bool, int given
TypeError: Calcom\Store::__construct(): Argument #2 ($options) option "password" must be of type ?string, int given
ValueError: Calcom\Store::__construct(): Argument #2 ($options) option "password" must be at most 255 bytes without NUL bytes
ValueError: Calcom\Store::__construct(): Argument #2 ($options) option "database" must be between 0 and 1000000
TypeError: Calcom\Store::__construct(): Argument #2 ($options) option "database" must be of type int, string given
ValueError: Calcom\Store::__construct(): Argument #2 ($options) option "on_failure" must be "open", "closed" or "local"
TypeError: Calcom\Store::__construct(): Argument #2 ($options) option "on_failure" must be of type string, null given
open accepted
closed accepted
local accepted
string(4) "open"
string(6) "closed"
string(5) "local"
