--TEST--
The API key, the DSN and the Store options (with a password) are #[\SensitiveParameter]: a stack trace collected with arguments (zend.exception_ignore_args=0, as in development and in error trackers that read getTrace()) shows none of them
--INI--
zend.exception_ignore_args=0
zend.exception_string_param_max_len=1000000
--FILE--
<?php
function trace_of(callable $f): array
{
	try {
		$f();
	} catch (Throwable $e) {
		return [$e->getTraceAsString(), $e->getTrace()[0]['args'] ?? null];
	}
	return ['no exception', null];
}
$secret = 'cal_live_0123456789abcdef0123456789abcdef';
[$text, $args] = trace_of(fn () => new Calcom\Client($secret, ['timeout' => -1]));
echo 'Client: ', str_contains($text, $secret) ? 'key in the trace' : 'no key in the trace', ', arguments: ',
	get_class($args[0]), ', ', gettype($args[1]), "\n";

[$text, $args] = trace_of(fn () => new Calcom\Store('redis://:hunter2-secret@127.0.0.1:1/0', ['password' => 'hunter2-secret', 'connect_timeout' => -1]));
echo 'Store: ', str_contains($text, 'hunter2') ? 'password in the trace' : 'no password in the trace', ', arguments: ',
	get_class($args[0]), ', ', get_class($args[1]), "\n";
echo str_contains(print_r($args, true), 'hunter2') ? "password in getTrace()\n" : "no password in getTrace()\n";
?>
--EXPECT--
Client: no key in the trace, arguments: SensitiveParameterValue, array
Store: no password in the trace, arguments: SensitiveParameterValue, SensitiveParameterValue
no password in getTrace()
