--TEST--
Store: AUTH with the password from the DSN or the option; wrong or missing passwords are a StoreException without the secret
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_REDIS_AUTH_PORT') === false) die('skip no redis with requirepass'); ?>
--FILE--
<?php
$port = (int) getenv('CALCOM_TEST_REDIS_AUTH_PORT');
$password = getenv('CALCOM_TEST_REDIS_AUTH_PASSWORD');

$viaDsn = new Calcom\Store("redis://:$password@127.0.0.1:$port", ['persistent' => false]);
var_dump($viaDsn->time() > 1.6e9);

$viaOption = new Calcom\Store("redis://127.0.0.1:$port", ['persistent' => false, 'password' => $password]);
var_dump($viaOption->time() > 1.6e9);

// The option overrides a password in the DSN.
$override = new Calcom\Store("redis://:stale-password@127.0.0.1:$port", ['persistent' => false, 'password' => $password]);
var_dump($override->isConnected());

foreach ([
	'wrong' => new Calcom\Store("redis://127.0.0.1:$port", ['persistent' => false, 'password' => 'not-it-' . $password]),
	'missing' => new Calcom\Store("redis://127.0.0.1:$port", ['persistent' => false]),
] as $case => $store) {
	try {
		$store->ping();
		echo "$case: no exception\n";
	} catch (Calcom\StoreException $e) {
		$message = str_replace((string) $port, 'PORT', $e->getMessage());
		echo "$case: $message\n";
		echo str_contains($e->getMessage(), $password) ? "  LEAKED\n" : "  no secret in the message\n";
	}
	var_dump($store->isConnected());
}
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
wrong: authentication failed on Redis at 127.0.0.1:PORT: WRONGPASS invalid username-password pair or user is disabled.
  no secret in the message
bool(false)
missing: Redis at 127.0.0.1:PORT requires a password: NOAUTH Authentication required.
  no secret in the message
bool(false)
