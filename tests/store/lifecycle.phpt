--TEST--
Store: constructing twice is an Error; a Store survives its creator and frees cleanly
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
$store = new Calcom\Store(redis_dsn());
try {
	$store->__construct(redis_dsn());
} catch (Error $e) {
	echo $e->getMessage(), "\n";
}
try {
	(new ReflectionClass(Calcom\Store::class))->newInstanceWithoutConstructor();
} catch (ReflectionException $e) {
	echo $e->getMessage(), "\n";
}
function make(): Calcom\Store {
	return new Calcom\Store(redis_dsn(), ['persistent' => false]);
}
$stores = [];
for ($i = 0; $i < 50; $i++) {
	$stores[] = make();
}
foreach ($stores as $s) {
	$s->ping();
}
unset($stores);
echo "done\n";
?>
--EXPECT--
Calcom\Store is already constructed
Class Calcom\Store is an internal class marked as final that cannot be instantiated without invoking its constructor
done
