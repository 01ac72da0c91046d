<?php

declare(strict_types=1);

namespace Calcom\Laravel\Console;

use Calcom\Laravel\Health;
use Illuminate\Console\Command;

/** The health report as tables: limiter, breakers, cache, queue, latency, errors. */
final class HealthCommand extends Command
{
    protected $signature = 'calcom:health {--json : Print the report as JSON}';

    protected $description = 'Show the state of the Cal.com rate limiter, circuit breakers, cache, queue and latency';

    public function handle(Health $health): int
    {
        $r = $health->report();
        if ($this->option('json')) {
            $this->line(json_encode($r, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION));
            return $r['status'] === 'down' ? self::FAILURE : self::SUCCESS;
        }
        $this->line("Status: {$r['status']}");
        $redis = $r['redis'];
        $this->line($redis['connected'] ? "Redis: connected, ping {$redis['ping_ms']} ms"
            : 'Redis: unreachable (' . ($redis['error'] ?? '') . ')');
        if (!isset($r['rate_limit'])) {
            return $r['status'] === 'down' ? self::FAILURE : self::SUCCESS;
        }

        $l = $r['rate_limit'];
        $this->table(['Rate limiter', 'Effective limit/min', 'Tokens', 'Used this minute', '429 this minute', 'State', 'Status'], [[
            $l['limiter'] ?? '-', self::show($l['effective_limit']),
            $l['tokens'] === null ? '-' : "{$l['tokens']} / {$l['capacity']}",
            sprintf('%d (%.1f %%)', $l['used_this_minute'], $l['usage'] * 100), $l['rate_limited_this_minute'],
            $l['reason'] ?? '-', $l['status'],
        ]]);

        $rows = [];
        foreach ($r['breakers'] as $name => $b) {
            $rows[] = [$name, $b['state'], $b['failure_count'], $b['open_count'], $b['seconds_until_retry'], $b['status']];
        }
        $this->table(['Circuit breaker', 'State', 'Failure weight', 'Times opened', 'Retry in (s)', 'Status'],
            $rows ?: [['-', '-', '-', '-', '-', '-']]);

        $c = $r['cache'];
        $this->table(['Cache hits', 'Misses', 'Hit rate', 'Status'], [[
            $c['hits'], $c['misses'], $c['hit_rate'] === null ? '-' : sprintf('%.1f %%', $c['hit_rate'] * 100), $c['status'],
        ]]);

        if ($r['queue'] !== null) {
            $q = $r['queue'];
            $this->table(['Queue', 'Depth', 'Critical', 'High', 'Normal', 'Low', 'Delayed', 'Running'], [[
                (string) $this->laravel['config']->get('calcom.queue.name', 'default'), $q['depth'],
                $q['ready']['critical'], $q['ready']['high'], $q['ready']['normal'], $q['ready']['low'],
                $q['delayed'], $q['running'],
            ]]);
        }

        $rows = [];
        foreach ($r['latency'] as $endpoint => $t) {
            $rows[] = [$endpoint, $t['count'], self::show($t['avg_ms']), self::show($t['p50_ms']),
                self::show($t['p95_ms']), self::show($t['p99_ms']), $t['status']];
        }
        $this->table(['Endpoint', 'Requests', 'Avg ms', 'p50 ms', 'p95 ms', 'p99 ms', 'Status'],
            $rows ?: [['-', 0, '-', '-', '-', '-', '-']]);

        $this->table(array_map(fn ($t) => "Errors $t", array_keys($r['errors'])), [array_values($r['errors'])]);
        return self::SUCCESS;
    }

    private static function show(mixed $value): string
    {
        return $value === null ? '-' : (string) $value;
    }
}
