<?php

declare(strict_types=1);

namespace Calcom\Laravel\Http;

use Calcom\Laravel\Health;
use Calcom\Metrics;
use Illuminate\Contracts\Container\Container;
use Illuminate\Contracts\View\Factory as ViewFactory;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Http\Response;

final class HealthController
{
    /**
     * JSON for a client that asks for it (Accept: application/json, or
     * ?format=json), the HTML dashboard for a browser. 503 when Redis is
     * unreachable, so a load balancer's check sees it.
     */
    public function health(Request $request, Health $health, ViewFactory $views): JsonResponse|Response
    {
        $report = $health->report();
        $status = $report['status'] === 'down' ? 503 : 200;
        if ($request->query('format') === 'json' || $request->wantsJson()) {
            return new JsonResponse($report, $status, [], JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_SLASHES);
        }
        return new Response($views->make('calcom::dashboard', ['report' => $report])->render(), $status,
            ['Content-Type' => 'text/html; charset=utf-8', 'Cache-Control' => 'no-store']);
    }

    /** The Prometheus text exposition of every worker's counters; 404 with metrics disabled. */
    public function metrics(Health $health, Container $app): Response
    {
        if (!$app['config']->get('calcom.metrics.enabled', true)) {
            return new Response("calcom metrics are disabled (calcom.metrics.enabled)\n", 404,
                ['Content-Type' => 'text/plain; charset=utf-8']);
        }
        $health->report();  // watches the Client's limiter, breakers and queue
        return new Response($app->make(Metrics::class)->prometheus(), 200,
            ['Content-Type' => 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control' => 'no-store']);
    }
}
