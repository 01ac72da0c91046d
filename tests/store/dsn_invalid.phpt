--TEST--
Store: malformed DSNs are a ValueError that names the problem and never the password
--SKIPIF--
<?php if (!extension_loaded('calcom')) die('skip calcom not loaded'); ?>
--FILE--
<?php
$bad = [
	'',
	'127.0.0.1:6379',
	'http://127.0.0.1',
	'rediss://127.0.0.1:6379',
	'redis://',
	'redis://:6379',
	'redis://host:0',
	'redis://host:65536',
	'redis://host:abc',
	'redis://host:6379/x',
	'redis://host:6379/-1',
	'redis://host/1?timeout=1',
	'redis://ho st',
	'redis://[::1',
	'redis://secretpw@host',
	'redis://:secret%zzpw@host',
	'unix://relative.sock',
	'unix:///tmp/r.sock?db=abc',
	'unix:///tmp/r.sock?timeout=3',
	'unix:///tmp/' . str_repeat('a', 200) . '.sock',
	"redis://ho\0st",
];
foreach ($bad as $dsn) {
	try {
		new Calcom\Store($dsn);
		echo "accepted: $dsn\n";
	} catch (ValueError $e) {
		echo $e->getMessage(), "\n";
		if (str_contains($e->getMessage(), 'secret')) {
			echo "  LEAKED the password\n";
		}
	}
}
?>
--EXPECT--
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: DSN must start with redis:// or unix://
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: DSN must start with redis:// or unix://
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: DSN must start with redis:// or unix://
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: rediss:// (TLS) needs hiredis >= 1.0 built with SSL; this build has no Redis TLS
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: missing host
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: missing host
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: port must be a number from 1 to 65535, got "0"
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: port must be a number from 1 to 65535, got "65536"
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: port must be a number from 1 to 65535, got "abc"
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: database must be a number from 0 to 1000000, got "x"
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: database must be a number from 0 to 1000000, got "-1"
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: redis:// DSNs take no query or fragment; put the database in the path (redis://host:6379/2)
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: invalid character in the host name
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: unterminated [IPv6] host
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: credentials must be written ":password@" or "username:password@"
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: invalid percent-encoding in the password
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: unix:// DSNs need an absolute socket path (unix:///run/redis.sock)
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: database must be a number from 0 to 1000000, got "abc"
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: unknown query parameter "timeout" (expected db or password)
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: the socket path is longer than 107 bytes
Calcom\Store::__construct(): Argument #1 ($dsn) is not a valid Redis DSN: DSN contains a NUL byte
