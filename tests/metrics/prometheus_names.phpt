--TEST--
Metrics::prometheus(): component names that need care in label values (quote, backslash, UTF-8, numeric) still give an exposition the strict parser accepts, with the names as label values; a name that is not UTF-8 is refused when the component is made
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
require __DIR__ . '/../lib/prometheus.inc';
$prefix = 'metrics-names-' . getmypid() . '-' . uniqid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$m = new Calcom\Metrics($store);

function check(Calcom\Metrics $m, string $label, string $name): void
{
	$text = $m->prometheus();
	try {
		$p = prometheus_parse($text);
	} catch (RuntimeException $e) {
		echo "$label: not accepted: ", $e->getMessage(), "\n";
		return;
	}
	$value = prometheus_value($p, 'calcom_rate_limit_effective_limit', ['limiter' => $name]);
	echo "$label: accepted, limit ", var_export($value, true), "\n";
}

$names = ['quote and backslash' => 'a"b\\c', 'UTF-8' => 'Zürich', 'numeric' => '42', 'leading zero' => '042'];
foreach ($names as $label => $name) {
	$m->watch(new Calcom\RateLimiter($store, $name, ['limit' => 300]));
	check($m, $label, $name);
}
// A name may hold any byte but spaces, controls and braces, and must be
// UTF-8: the exposition (and json_encode of snapshot()) could not show it.
try {
	$m->watch(new Calcom\CircuitBreaker($store, "br\xff"));
	echo "not UTF-8: accepted\n";
} catch (ValueError $e) {
	echo 'not UTF-8: ', $e->getMessage(), "\n";
}
prometheus_parse($m->prometheus());
echo "exposition still accepted\n";
?>
--EXPECT--
quote and backslash: accepted, limit 300.0
UTF-8: accepted, limit 300.0
numeric: accepted, limit 300.0
leading zero: accepted, limit 300.0
not UTF-8: Calcom\CircuitBreaker::__construct(): Argument #2 ($serviceName) must be valid UTF-8
exposition still accepted
