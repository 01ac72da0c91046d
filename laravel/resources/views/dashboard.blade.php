@php
    $color = ['ok' => '#2e7d32', 'warning' => '#f9a825', 'danger' => '#c62828'];
    $stateStatus = ['closed' => 'ok', 'half_open' => 'warning', 'open' => 'danger'];
    $pct = fn ($x) => $x === null ? '–' : number_format($x * 100, 1) . ' %';
    $ms = fn ($x) => $x === null ? '–' : number_format($x, 1) . ' ms';
@endphp
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="15">
<title>Cal.com integration health</title>
<style>
    body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1f2328; }
    header { padding: 16px 24px; background: #1f2328; color: #fff; display: flex; align-items: center; gap: 16px; }
    header h1 { font-size: 18px; margin: 0; flex: 1; }
    main { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; padding: 16px 24px; }
    section { background: #fff; border-radius: 8px; padding: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); min-width: 0; overflow-x: auto; }
    h2 { font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; margin: 0 0 12px; }
    .badge { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600; white-space: nowrap; }
    @media (min-width: 1000px) { #breakers { grid-column: span 2; } }
    .big { font-size: 32px; font-weight: 700; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eaeef2; }
    td.name { overflow-wrap: anywhere; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .muted { color: #57606a; }
</style>
</head>
<body>
<header>
    <h1>Cal.com integration health</h1>
    <span id="overall-status" class="badge" data-status="{{ $report['status'] }}"
          style="background: {{ $report['status'] === 'ok' ? $color['ok'] : ($report['status'] === 'down' ? $color['danger'] : $color['warning']) }}">{{ $report['status'] }}</span>
    <span class="muted" id="generated">{{ $report['time'] }}</span>
</header>
<main>
@if (! $report['redis']['connected'])
    <section id="redis">
        <h2>Redis</h2>
        <p><span class="badge" style="background: {{ $color['danger'] }}">unreachable</span></p>
        <p class="muted">{{ $report['redis']['error'] ?? '' }}</p>
    </section>
@elseif (isset($report['rate_limit']))
    @php($l = $report['rate_limit'])
    <section id="rate-limit" data-status="{{ $l['status'] }}">
        <h2>Rate limit</h2>
        <svg id="rate-limit-gauge" width="220" height="120" viewBox="0 0 220 120" role="img"
             aria-label="rate-limit usage {{ $pct($l['usage']) }}">
            <path d="M 20 110 A 90 90 0 0 1 200 110" fill="none" stroke="#eaeef2" stroke-width="18"/>
            <path id="rate-limit-arc" d="M 20 110 A 90 90 0 0 1 200 110" fill="none" pathLength="100"
                  stroke="{{ $color[$l['status']] }}" stroke-width="18"
                  stroke-dasharray="{{ min(100, round($l['usage'] * 100, 2)) }} 100"/>
            <text x="110" y="100" text-anchor="middle" font-size="26" font-weight="700" id="rate-limit-usage">{{ $pct($l['usage']) }}</text>
        </svg>
        <p><span id="rate-limit-used">{{ $l['used_this_minute'] }}</span> of
           <span id="rate-limit-limit">{{ $l['effective_limit'] ?? $l['limit'] ?? '–' }}</span> requests this minute,
           <span id="rate-limit-429">{{ $l['rate_limited_this_minute'] }}</span> answered 429.</p>
        <p class="muted">Limiter {{ $l['limiter'] ?? '–' }}: {{ $l['tokens'] ?? '–' }} of {{ $l['capacity'] ?? '–' }} tokens, {{ $l['reason'] ?? '–' }}.</p>
    </section>

    <section id="breakers">
        <h2>Circuit breakers</h2>
        <table>
            <tr><th>Breaker</th><th>State</th><th class="num">Failure weight</th><th class="num">Retry in</th></tr>
            @forelse ($report['breakers'] as $name => $b)
            <tr class="breaker" data-name="{{ $name }}" data-state="{{ $b['state'] }}">
                <td class="name">{{ $name }}</td>
                <td><span class="badge" style="background: {{ $color[$stateStatus[$b['state']] ?? 'warning'] }}">{{ $b['state'] }}</span></td>
                <td class="num">{{ $b['failure_count'] }}</td>
                <td class="num">{{ $b['seconds_until_retry'] > 0 ? round($b['seconds_until_retry']) . ' s' : '–' }}</td>
            </tr>
            @empty
            <tr><td colspan="4" class="muted">No breaker is watched.</td></tr>
            @endforelse
        </table>
    </section>

    @php($c = $report['cache'])
    <section id="cache" data-status="{{ $c['status'] }}">
        <h2>Availability cache</h2>
        <div class="big" id="cache-hit-rate" style="color: {{ $color[$c['status']] }}">{{ $pct($c['hit_rate']) }}</div>
        <p class="muted"><span id="cache-hits">{{ $c['hits'] }}</span> answered from the cache, <span id="cache-misses">{{ $c['misses'] }}</span> sent to Cal.com</p>
    </section>

    <section id="latency">
        <h2>Latency</h2>
        <table>
            <tr><th>Endpoint</th><th class="num">Requests</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th></tr>
            @forelse ($report['latency'] as $endpoint => $t)
            <tr class="latency" data-endpoint="{{ $endpoint }}">
                <td>{{ $endpoint }}</td>
                <td class="num">{{ $t['count'] }}</td>
                <td class="num p50">{{ $ms($t['p50_ms']) }}</td>
                <td class="num p95" style="color: {{ $color[$t['status']] }}">{{ $ms($t['p95_ms']) }}</td>
                <td class="num p99">{{ $ms($t['p99_ms']) }}</td>
            </tr>
            @empty
            <tr><td colspan="5" class="muted">No request yet.</td></tr>
            @endforelse
        </table>
    </section>

    <section id="errors">
        <h2>Errors</h2>
        <table>
            @foreach ($report['errors'] as $type => $n)
            <tr class="error" data-type="{{ $type }}"><td>{{ $type }}</td><td class="num">{{ $n }}</td></tr>
            @endforeach
        </table>
    </section>

    @if ($report['queue'] !== null)
    @php($q = $report['queue'])
    <section id="queue">
        <h2>Request queue</h2>
        <div class="big" id="queue-depth">{{ $q['depth'] }}</div>
        <p class="muted">{{ $q['ready']['critical'] }} critical, {{ $q['ready']['high'] }} high, {{ $q['ready']['normal'] }} normal, {{ $q['ready']['low'] }} low waiting; {{ $q['delayed'] }} delayed, {{ $q['running'] }} running.</p>
    </section>
    @endif
@endif
</main>
</body>
</html>
