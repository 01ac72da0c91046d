--TEST--
SwrCache: XFetch early refresh: with a large early_refresh beta, entries whose computation took 100 ms get refreshed while well inside their fresh TTL (served as fresh hits, one revalidation per key); with early_refresh 0, or an entry that took no time to compute, never
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/swr.inc';

/*
 * XFetch: a read of a fresh entry refreshes it early when
 *     now + compute_ms * beta * (-ln U) >= created + fresh,   U uniform in (0, 1],
 * i.e. when -ln U >= (fresh - age) / (compute_ms * beta), which happens with
 * probability exp(-(fresh - age) / (compute_ms * beta)).
 *
 * Here fresh = 10 000 ms, beta = 100 and each value takes usleep(100 ms) to
 * compute, so compute_ms >= 100 (checked below) and, as created is when the
 * computation began, age >= 100 ms at every read: a read triggers with
 * p >= exp(-9 900 / 10 000) > 0.3715. A triggered key is locked until
 * runDeferred(), so each key triggers at most once; ten reads per key leave
 * a key untriggered with probability <= (1 - 0.3715)^10 < 0.0097, and fewer
 * than 10 of 20 keys triggered has probability
 * <= sum over k < 10 of C(20, k) * 0.0097^(20 - k) < 2 * C(20, 9) * 0.0097^11 < 1e-16. (A slow machine only
 * raises p: age and compute_ms grow; the ten reads of a key take far less
 * than the 10 s its entry stays fresh.)
 */
const KEYS = 20;
const READS = 10;
$prefix = swr_prefix('early-refresh');
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);

function run(Calcom\SwrCache $cache, string $name, bool $viaSet): array
{
	global $prefix;
	$slow = function () use ($name) {
		usleep(100000);
		return "first $name";
	};
	$computes = [];
	for ($k = 0; $k < KEYS; $k++) {
		if ($viaSet) {
			$cache->set("$name$k", "first $name");
		} else {
			$cache->remember("$name$k", $slow);
		}
		$computes[] = swr_entry($prefix, "$name$k")['compute'];
		for ($r = 0; $r < READS; $r++) {
			$v = $cache->remember("$name$k", fn () => "refreshed $name");
			if ($v !== "first $name") {
				echo "read $r of key $k returned: ", var_export($v, true), "\n";
			}
		}
	}
	$before = [];
	for ($k = 0; $k < KEYS; $k++) {
		$before[$k] = swr_entry($prefix, "$name$k")['created'];
	}
	$stats = $cache->stats();
	$ran = $cache->runDeferred();
	$refreshed = $changed = 0;
	for ($k = 0; $k < KEYS; $k++) {
		$refreshed += $cache->get("$name$k") === "refreshed $name";
		$changed += swr_entry($prefix, "$name$k")['created'] > $before[$k];
	}
	return ['min_compute' => min($computes), 'stats' => $stats, 'ran' => $ran, 'after' => $cache->stats(),
		'refreshed' => $refreshed, 'changed' => $changed];
}

$early = run(new Calcom\SwrCache($store, ['fresh_ttl' => 10, 'stale_ttl' => 60, 'early_refresh' => 100]), 'e', false);
$n = $early['stats']['deferred'];
echo 'beta 100: every compute took >= 100 ms: ', var_export($early['min_compute'] >= 100, true), "\n";
echo '  every read a fresh hit: ', $early['stats']['fresh_hits'], ' of ', KEYS * READS, ', stale ', $early['stats']['stale_hits'],
	', misses ', $early['stats']['misses'], "\n";
echo '  keys refreshed early: at least half: ', var_export($n >= KEYS / 2, true), ', at most one each: ', var_export($n <= KEYS, true), "\n";
echo '  runDeferred() ran them all: ', var_export($early['ran'] === $n && $early['after']['revalidations'] === $n
	&& $early['after']['deferred'] === 0 && $early['stats']['revalidations'] === 0, true), "\n";
echo '  exactly those keys hold the new value, in newer entries: ', var_export($early['refreshed'] === $n && $early['changed'] === $n, true), "\n";

$off = run(new Calcom\SwrCache($store, ['fresh_ttl' => 10, 'stale_ttl' => 60, 'early_refresh' => 0]), 'o', false);
echo 'beta 0: compute >= 100 ms: ', var_export($off['min_compute'] >= 100, true), ', fresh hits ', $off['stats']['fresh_hits'],
	', refreshed early: ', $off['stats']['deferred'], ', runDeferred(): ', $off['ran'], ', new values: ', $off['refreshed'], "\n";

// set() stores compute 0: nothing to gain from refreshing early, whatever beta.
$set = run(new Calcom\SwrCache($store, ['fresh_ttl' => 10, 'stale_ttl' => 60, 'early_refresh' => 100]), 's', true);
echo 'set(), beta 100: compute ', $set['min_compute'], ' ms, fresh hits ', $set['stats']['fresh_hits'], ', refreshed early: ',
	$set['stats']['deferred'], ', runDeferred(): ', $set['ran'], "\n";
swr_cleanup($prefix);
?>
--EXPECT--
beta 100: every compute took >= 100 ms: true
  every read a fresh hit: 200 of 200, stale 0, misses 20
  keys refreshed early: at least half: true, at most one each: true
  runDeferred() ran them all: true
  exactly those keys hold the new value, in newer entries: true
beta 0: compute >= 100 ms: true, fresh hits 200, refreshed early: 0, runDeferred(): 0, new values: 0
set(), beta 100: compute 0 ms, fresh hits 200, refreshed early: 0, runDeferred(): 0
