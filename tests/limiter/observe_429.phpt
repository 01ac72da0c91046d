--TEST--
RateLimiter::observe(): a 429 with a reset pauses every process, cuts the effective limit once per block (floor min_limit), and empties the bucket
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
<?php if (getenv('CALCOM_TEST_EXTENSION') === false) die('skip CALCOM_TEST_EXTENSION not set'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
use Calcom\RateLimiter;

$prefix = 'calcom-test:limiter-observe429:' . getmypid() . ':';
$store = new Calcom\Store(redis_dsn(), ['prefix' => $prefix]);
$l = new RateLimiter($store, 'api');   // 120/min, burst 150, min_limit 60, factor 0.8, recovery 300 s
$l->reset();

/* The status; the pause's and the cut's ends in whole seconds after $t0 (Redis clock). */
function show(RateLimiter $l, Calcom\Store $store, float $t0, ?float $pauseFrom = null): void
{
	$now = $store->time();
	$s = $l->status();
	printf("  effective %s, capacity %s, tokens %s, reason %s, pause ends %s, cut ends %s\n",
		round($s['effective_limit'], 3), round($s['capacity'], 3), floor($s['tokens']), $s['reason'],
		$s['paused_for'] > 0 ? '+' . round($now + $s['paused_for'] - ($pauseFrom ?? $t0)) : '-',
		$s['recovers_in'] > 0 ? '+' . round($now + $s['recovers_in'] - $t0) : '-');
}

/* What another process sees: its own Store, connection and limiter object. */
function other_process(string $prefix): array
{
	$code = '$store = new Calcom\Store(getenv("DSN"), ["prefix" => getenv("PREFIX")]);
	$l = new Calcom\RateLimiter($store, "api");
	$w = $l->tryAcquire(1, Calcom\RateLimiter::PRIORITY_CRITICAL);
	$t = $store->time();
	$s = $l->status();
	echo json_encode([$w, $t, $s["reason"], $s["effective_limit"]]);';
	$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('CALCOM_TEST_EXTENSION'), '-r', $code];
	$proc = proc_open($cmd, [1 => ['pipe', 'w']], $pipes, null, ['DSN' => redis_dsn(), 'PREFIX' => $prefix]);
	$out = stream_get_contents($pipes[1]);
	proc_close($proc);
	return json_decode($out, true) ?? [$out, 0, '', 0];
}

$t0 = $store->time();
echo "fresh:\n";
show($l, $store, $t0);
var_dump($l->limit());

echo "429 with X-RateLimit-Reset-Default 60:\n";
$t0 = $store->time();
$l->observe(429, ['X-RateLimit-Reset-Default' => '60']);
show($l, $store, $t0);
var_dump($l->limit(), $l->getRemainingRequests());
// Another process is paused too: its wait runs to the pause's end plus one
// token at the cut rate (96/min: 0.625 s).
[$w, $t, $reason, $eff] = other_process($prefix);
echo 'other process: ', $w + ($t - $t0) >= 60.625 && $w + ($t - $t0) < 61 ? 'waits until the pause ends, then one token'
	: "waits $w s at +" . ($t - $t0), ", $reason, effective $eff\n";
$w = $l->tryAcquire(1, RateLimiter::PRIORITY_CRITICAL);
$t = $store->time();
echo 'this process: ', $w + ($t - $t0) >= 60.625 && $w + ($t - $t0) < 61 ? 'the same' : "waits $w s", "\n";
$w = $l->tryAcquire();
$t = $store->time();
echo 'NORMAL waits for its reserve too: ', $w + ($t - $t0) >= 60 + (1 + 0.15 * 120) / 1.6 - 0.01 ? "ok\n" : "$w s\n";

echo "429s during the pause (same block): no second cut\n";
$l->observe(429, ['X-RateLimit-Reset-Default' => '10']);
show($l, $store, $t0);
$l->observe(429);
show($l, $store, $t0);
echo "a later reset in the same block extends the pause:\n";
$t1 = $store->time();
$l->observe(429, ['X-RateLimit-Reset-Default' => '90']);
show($l, $store, $t0, $t1);
var_dump($l->limit());

echo "adaptive cuts go down to min_limit and no further:\n";
$f = new RateLimiter($store, 'floor', ['limit' => 120, 'min_limit' => 100]);
$f->reset();
$t0 = $store->time();
$f->observe(429);   // no reset header: no pause, so the next 429 is a new block
show($f, $store, $t0);
$f->observe(429);
show($f, $store, $t0);
$g = new RateLimiter($store, 'factor', ['limit' => 100, 'decrease_factor' => 0.5, 'min_limit' => 1]);
$g->reset();
foreach ([1, 2, 3] as $i) {
	$g->observe(429);
	echo "  after $i: ", $g->limit(), "\n";
}
echo "a limit below the default min_limit (60) is its own floor:\n";
$h = new RateLimiter($store, 'small', ['limit' => 30]);
$h->reset();
$h->observe(429);
var_dump($h->limit());

echo "adaptive off: a 429 empties the bucket but keeps the limit\n";
$n = new RateLimiter($store, 'fixed', ['adaptive' => false]);
$n->reset();
$n->observe(429);
show($n, $store, $t0);
$w = $n->tryAcquire(1, RateLimiter::PRIORITY_CRITICAL);
echo $w > 0.45 && $w <= 0.5 ? "  wait for a token at the full rate: 0.5 s\n" : "  wait $w\n";

foreach ([$l, $f, $g, $h, $n] as $x) {
	$x->reset();
}
echo "reset:\n";
show($l, $store, $t0);
?>
--EXPECT--
fresh:
  effective 120, capacity 150, tokens 150, reason normal, pause ends -, cut ends -
float(120)
429 with X-RateLimit-Reset-Default 60:
  effective 96, capacity 120, tokens 0, reason paused, pause ends +60, cut ends +300
float(96)
int(0)
other process: waits until the pause ends, then one token, paused, effective 96
this process: the same
NORMAL waits for its reserve too: ok
429s during the pause (same block): no second cut
  effective 96, capacity 120, tokens 0, reason paused, pause ends +60, cut ends +300
  effective 96, capacity 120, tokens 0, reason paused, pause ends +60, cut ends +300
a later reset in the same block extends the pause:
  effective 96, capacity 120, tokens 0, reason paused, pause ends +90, cut ends +300
float(96)
adaptive cuts go down to min_limit and no further:
  effective 100, capacity 125, tokens 0, reason reduced, pause ends -, cut ends +300
  effective 100, capacity 125, tokens 0, reason reduced, pause ends -, cut ends +300
  after 1: 50
  after 2: 25
  after 3: 12.5
a limit below the default min_limit (60) is its own floor:
float(30)
adaptive off: a 429 empties the bucket but keeps the limit
  effective 120, capacity 150, tokens 0, reason normal, pause ends -, cut ends -
  wait for a token at the full rate: 0.5 s
reset:
  effective 120, capacity 150, tokens 150, reason normal, pause ends -, cut ends -
