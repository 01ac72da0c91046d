<?php

declare(strict_types=1);

namespace Calcom\Laravel;

use Calcom\Client;
use Calcom\Metrics;
use Calcom\RateLimiter;
use Calcom\RequestQueue;
use Calcom\Store;
use Calcom\StoreException;
use Illuminate\Contracts\Foundation\Application;
use Throwable;

/**
 * The fleet's Cal.com integration at a glance, from the Metrics counters in
 * Redis (every worker's requests, not this process's): rate-limit usage,
 * breaker states, cache hit rate, queue depth, latency percentiles and
 * errors by type, each with a status ('ok', 'warning', 'danger').
 * calcom:health prints it, /calcom/health serves it as JSON or HTML.
 */
final class Health
{
    /** Rate-limit usage of the minute from which the gauge turns amber and red. */
    public const USAGE_WARNING = 0.7;
    public const USAGE_DANGER = 0.9;
    /** The cache hit rate below which it is a warning (the review's 80 %). */
    public const HIT_RATE_WARNING = 0.8;
    /** p95 latency (seconds) from which an endpoint group is a warning. */
    public const P95_WARNING = 1.0;

    public function __construct(private Application $app)
    {
    }

    /** @return array<string, mixed> */
    public function report(): array
    {
        $config = $this->app['config'];
        $report = ['status' => 'ok', 'time' => gmdate('Y-m-d\TH:i:s\Z'), 'redis' => $this->redis()];
        if (!$report['redis']['connected']) {
            $report['status'] = 'down';
            return $report;
        }
        try {
            $metrics = $this->metrics();
            if ($metrics === null) {
                $report['metrics'] = 'disabled';
                return $report;
            }
            $snapshot = $metrics->snapshot();
        } catch (StoreException $e) {
            $report['status'] = 'down';
            $report['redis']['error'] = $e->getMessage();
            return $report;
        }

        $report['rate_limit'] = $this->rateLimit($snapshot['rate_limit'] ?? []);
        $report['breakers'] = [];
        foreach ($snapshot['breakers'] ?? [] as $name => $b) {
            $report['breakers'][$name] = [
                'state' => $b['state'],
                'failure_count' => $b['failure_count'],
                'open_count' => $b['open_count'],
                'seconds_until_retry' => round((float) $b['seconds_until_retry'], 1),
                'status' => match ($b['state']) { 'open' => 'danger', 'half_open' => 'warning', default => 'ok' },
            ];
        }
        $report['cache'] = $this->cache($snapshot);
        $report['queue'] = $snapshot['queues'][(string) $config->get('calcom.queue.name', 'default')] ?? null;
        $report['latency'] = [];
        foreach ($snapshot['latency'] ?? [] as $endpoint => $l) {
            $report['latency'][$endpoint] = [
                'count' => $l['count'],
                'avg_ms' => $l['count'] > 0 ? round($l['sum'] / $l['count'] * 1000, 1) : null,
                'p50_ms' => self::ms($l['p50']),
                'p95_ms' => self::ms($l['p95']),
                'p99_ms' => self::ms($l['p99']),
                'status' => $l['p95'] !== null && $l['p95'] >= self::P95_WARNING ? 'warning' : 'ok',
            ];
        }
        $report['requests'] = $snapshot['requests'] ?? [];
        $report['errors'] = $snapshot['errors'] ?? [];
        $report['errors_total'] = array_sum($report['errors']);

        $statuses = array_merge([$report['rate_limit']['status'], $report['cache']['status']],
            array_column($report['breakers'], 'status'), array_column($report['latency'], 'status'));
        if (in_array('danger', $statuses, true) || in_array('warning', $statuses, true)) {
            $report['status'] = 'degraded';
        }
        return $report;
    }

    /** @return array{connected: bool, ping_ms: ?float, error?: string} */
    private function redis(): array
    {
        try {
            return ['connected' => true, 'ping_ms' => round($this->app[Store::class]->ping() * 1000, 3)];
        } catch (Throwable $e) {
            return ['connected' => false, 'ping_ms' => null, 'error' => $e->getMessage()];
        }
    }

    /**
     * The Metrics object with everything it should watch: the Client (its
     * limiter and per-endpoint breakers) and the queue when an API key is
     * configured, else the limiter alone.
     */
    private function metrics(): ?Metrics
    {
        $config = $this->app['config'];
        if (!$config->get('calcom.metrics.enabled', true)) {
            return null;
        }
        $metrics = $this->app[Metrics::class];
        if ((string) $config->get('calcom.api_key', '') !== '') {
            $this->app[Client::class];
            $this->app[RequestQueue::class];
        } elseif ($config->get('calcom.rate_limiter.enabled', true)) {
            $metrics->watch($this->app[RateLimiter::class]);
        }
        return $metrics;
    }

    /** @param array<string, mixed> $window the snapshot's rate_limit section */
    private function rateLimit(array $window): array
    {
        $limiters = $window['limiters'] ?? [];
        $limiter = $limiters === [] ? null : reset($limiters);
        $usage = (float) ($window['usage'] ?? 0.0);
        $status = $usage >= self::USAGE_DANGER || ($window['rate_limited'] ?? 0) > 0 ? 'danger'
            : ($usage >= self::USAGE_WARNING || ($limiter !== null && $limiter['reason'] !== 'normal') ? 'warning' : 'ok');
        return [
            'limiter' => $limiter === null ? null : key($limiters),
            'limit' => $window['limit'] ?? null,
            'effective_limit' => $limiter['effective_limit'] ?? null,
            'tokens' => $limiter === null ? null : round($limiter['tokens'], 1),
            'capacity' => $limiter['capacity'] ?? null,
            'reason' => $limiter['reason'] ?? null,
            'paused_for' => $limiter['paused_for'] ?? null,
            'used_this_minute' => $window['requests'] ?? 0,
            'rate_limited_this_minute' => $window['rate_limited'] ?? 0,
            'usage' => round($usage, 4),
            'status' => $status,
        ];
    }

    /** @param array<string, mixed> $snapshot */
    private function cache(array $snapshot): array
    {
        $hits = array_sum(array_column($snapshot['cache'] ?? [], 'hits'));
        $misses = array_sum(array_column($snapshot['cache'] ?? [], 'misses'));
        $rate = $snapshot['cache_hit_rate'] ?? null;
        return [
            'hits' => $hits,
            'misses' => $misses,
            'hit_rate' => $rate === null ? null : round($rate, 4),
            'status' => $rate !== null && $rate < self::HIT_RATE_WARNING ? 'warning' : 'ok',
        ];
    }

    private static function ms(?float $seconds): ?float
    {
        return $seconds === null ? null : round($seconds * 1000, 1);
    }
}
