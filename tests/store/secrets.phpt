--TEST--
Store: the password never shows in var_dump, print_r, var_export, stats(), debug output or exceptions; a Store cannot be serialized or cloned
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$secret = 'Sup3rSecretPassw0rd';
$store = new Calcom\Store("redis://:$secret@127.0.0.1:" . free_port(), ['password' => $secret, 'connect_timeout' => 0.2]);

ob_start();
var_dump($store);
print_r($store);
var_export($store);
var_dump($store->stats());
try {
	$store->ping();
} catch (Calcom\StoreException $e) {
	echo $e, "\n";
}
$out = ob_get_clean();
echo str_contains($out, $secret) ? "LEAKED\n" : "no secret in the output\n";
echo str_contains($out, 'cannot connect to Redis at 127.0.0.1:') ? "endpoint named\n" : "endpoint missing\n";

try {
	serialize($store);
} catch (Exception $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
	clone $store;
} catch (Error $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
no secret in the output
endpoint named
Exception: Serialization of 'Calcom\Store' is not allowed
Error: Trying to clone an uncloneable object of class Calcom\Store
