--TEST--
SwrCache: under a locale with a decimal comma (setlocale(LC_ALL, 'de_DE.UTF-8')) cached values are still served: the XFetch numbers the script gets must not depend on LC_NUMERIC
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php require __DIR__ . '/swr.inc'; if (swr_comma_locale() === null) die('skip no locale with a decimal comma, and localedef cannot make one'); ?>
--FILE--
<?php
require __DIR__ . '/swr.inc';

/*
 * A regression test. src/swr/swr.c used to format beta and -ln(U) for the
 * read script with snprintf("%.6f"), which follows LC_NUMERIC: "1,000000".
 * Lua's tonumber() gave nil, the script failed on "beta > 0" for every key
 * with a fresh entry, and remember() counted a store error and called the
 * callback again: nothing was ever served from the cache.
 */
$prefix = swr_prefix('locale');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$locale = swr_comma_locale();
echo 'decimal point: ', localeconv()['decimal_point'], "\n";
foreach ([1.0, 0.0] as $beta) {
	$cache = new Calcom\SwrCache($store, ['early_refresh' => $beta, 'revalidate' => 'inline']);
	$runs = 0;
	$cb = function () use (&$runs) { return 'computed ' . ++$runs; };
	$values = [];
	for ($i = 0; $i < 3; $i++) {
		$values[] = $cache->remember("k$beta", $cb);
	}
	echo "early_refresh $beta: ", implode(', ', $values), '; callback runs ', $runs, ', stats ', json_encode(array_filter($cache->stats())), "\n";
	// A stale entry is served and revalidated, as in the C locale.
	$cache->set("s$beta", 'old', 0, 60);
	echo '  stale: ', $cache->remember("s$beta", fn () => 'new', 0, 60), ', then ', $cache->get("s$beta"), "\n";
}
setlocale(LC_ALL, 'C');
swr_cleanup($prefix);
?>
--EXPECT--
decimal point: ,
early_refresh 1: computed 1, computed 1, computed 1; callback runs 1, stats {"fresh_hits":2,"misses":1}
  stale: new, then new
early_refresh 0: computed 1, computed 1, computed 1; callback runs 1, stats {"fresh_hits":2,"misses":1}
  stale: new, then new
