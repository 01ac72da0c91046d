<?php

declare(strict_types=1);

namespace Calcom\Laravel\Tests;

use Calcom\CircuitBreaker;
use Calcom\Client;
use Calcom\Metrics;
use Calcom\SwrCache;
use Illuminate\Support\Facades\Gate;
use Illuminate\Support\Facades\Route;

require_once __DIR__ . '/../../tests/lib/prometheus.inc';

final class HttpTest extends TestCase
{
    private const TOKEN = ['Authorization' => 'Bearer dashboard-test-token'];

    public function testUnauthenticatedAccessIsRefused(): void
    {
        foreach (['/calcom/health', '/calcom/health?format=json', '/calcom/metrics'] as $uri) {
            $this->request($uri)->assertStatus(401)->assertHeader('WWW-Authenticate', 'Bearer');
            $this->request($uri, ['Authorization' => 'Bearer wrong-token'])->assertStatus(401);
            $this->request($uri, ['Authorization' => 'Basic ZGFzaGJvYXJkLXRlc3QtdG9rZW4='])->assertStatus(401);
            // Signed in, but no viewCalcom gate says yes.
            $this->request($uri, ['X-Test-User' => 'mallory'])->assertStatus(403);
        }
    }

    public function testAnEmptyTokenOpensNothing(): void
    {
        config(['calcom.http.token' => '']);
        $this->get('/calcom/health', ['Authorization' => 'Bearer '])->assertStatus(401);
        $this->get('/calcom/metrics', ['Authorization' => 'Bearer'])->assertStatus(401);
    }

    public function testTheViewCalcomGateDecidesForSignedInUsers(): void
    {
        Gate::define('viewCalcom', fn ($user) => $user->name === 'admin');
        $this->request('/calcom/health', ['X-Test-User' => 'admin'])->assertOk();
        $this->request('/calcom/health', ['X-Test-User' => 'guest'])->assertStatus(403);
        $this->request('/calcom/health')->assertStatus(401);  // a gate whose user is not nullable keeps guests out
    }

    /**
     * A GET as a new request: the guard remembers its user for the life of
     * the application, which in a test spans several requests.
     */
    private function request(string $uri, array $headers = []): \Illuminate\Testing\TestResponse
    {
        $this->app['auth']->forgetGuards();
        return $this->get($uri, $headers);
    }

    public function testHealthJsonReportsTheFleetState(): void
    {
        self::emulator('POST', '/__admin/reset', []);
        $client = $this->app->make(Client::class);
        $day = (new \DateTimeImmutable('tomorrow', new \DateTimeZone('Europe/Berlin')))->format('Y-m-d');
        $client->getAvailableSlots(1001, $day, $day);
        $client->getAvailableSlots(1001, $day, $day);
        $this->app->make(Metrics::class)->flush();
        $bookings = $this->app->make(CircuitBreaker::class, ['calcom_api:bookings']);
        for ($i = 0; $i < 3; $i++) {
            $bookings->recordFailure(503);
        }

        $r = $this->getJson('/calcom/health', self::TOKEN)->assertOk()->json();
        $this->assertSame('degraded', $r['status'], 'an open breaker degrades the status');
        $this->assertTrue($r['redis']['connected']);
        $this->assertSame('calcom_api', $r['rate_limit']['limiter']);
        $this->assertSame(120, (int) $r['rate_limit']['effective_limit']);
        $this->assertSame(1, $r['rate_limit']['used_this_minute']);
        $this->assertSame('open', $r['breakers']['calcom_api:bookings']['state']);
        $this->assertSame('danger', $r['breakers']['calcom_api:bookings']['status']);
        $this->assertSame('closed', $r['breakers']['calcom_api:slots']['state']);
        $this->assertSame(['hits' => 1, 'misses' => 1, 'hit_rate' => 0.5, 'status' => 'warning'], $r['cache']);
        $this->assertSame(1, $r['latency']['slots']['count']);
        $this->assertGreaterThan(0, $r['latency']['slots']['p95_ms']);
        $this->assertSame(0, $r['errors_total']);
        $this->assertSame(0, $r['queue']['depth']);

        // ?format=json answers the same without an Accept header.
        $this->get('/calcom/health?format=json', self::TOKEN)->assertOk()->assertHeader('Content-Type', 'application/json');
    }

    public function testTheDashboardRendersTheReport(): void
    {
        $bookings = $this->app->make(CircuitBreaker::class, ['calcom_api:bookings']);
        for ($i = 0; $i < 3; $i++) {
            $bookings->recordFailure(503);
        }
        $html = $this->get('/calcom/health', self::TOKEN)->assertOk()
            ->assertHeader('Content-Type', 'text/html; charset=utf-8')->getContent();
        $this->assertStringContainsString('<title>Cal.com integration health</title>', $html);
        $this->assertMatchesRegularExpression('#<tr class="breaker" data-name="calcom_api:bookings" data-state="open">#', $html);
        $this->assertMatchesRegularExpression('#<tr class="breaker" data-name="calcom_api:slots" data-state="closed">#', $html);
        $this->assertMatchesRegularExpression('#id="rate-limit-gauge"#', $html);
        $this->assertStringNotContainsString('cal_test_laravel_key', $html, 'the API key is never shown');
    }

    public function testMetricsIsValidPrometheusText(): void
    {
        self::emulator('POST', '/__admin/reset', []);
        $day = (new \DateTimeImmutable('tomorrow', new \DateTimeZone('Europe/Berlin')))->format('Y-m-d');
        $this->app->make(Client::class)->getAvailableSlots(1002, $day, $day);
        $this->app->make(Metrics::class)->flush();

        $response = $this->get('/calcom/metrics', self::TOKEN)->assertOk()
            ->assertHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
        $parsed = prometheus_parse($response->getContent());
        $this->assertSame(1.0, prometheus_value($parsed, 'calcom_requests_total', ['endpoint' => 'slots', 'status' => '200']));
        $this->assertSame(1.0, prometheus_value($parsed, 'calcom_breaker_state',
            ['breaker' => 'calcom_api:slots', 'state' => 'closed']));
        $this->assertSame(0.0, prometheus_value($parsed, 'calcom_queue_depth', ['queue' => 'default', 'priority' => 'low']));
    }

    public function testOnlyTheDashboardRunsInTheWebGroup(): void
    {
        $this->get('/calcom/health', self::TOKEN)->assertOk()->assertCookie('calcom_test_session');
        $this->get('/calcom/metrics', self::TOKEN)->assertOk()->assertCookieMissing('calcom_test_session');
    }

    public function testMetricsIs404WhenMetricsAreDisabled(): void
    {
        config(['calcom.metrics.enabled' => false]);
        $this->get('/calcom/metrics', self::TOKEN)->assertNotFound()->assertSee('calcom.metrics.enabled');
        $this->getJson('/calcom/health', self::TOKEN)->assertOk()->assertJson(['metrics' => 'disabled']);
    }

    public function testRedisDownIs503AndTheDashboardSaysSo(): void
    {
        config(['calcom.redis.dsn' => 'redis://127.0.0.1:1/0', 'calcom.redis.connect_timeout' => 0.2]);
        $r = $this->getJson('/calcom/health', self::TOKEN)->assertStatus(503)->json();
        $this->assertSame('down', $r['status']);
        $this->assertFalse($r['redis']['connected']);
        $this->get('/calcom/health', self::TOKEN)->assertStatus(503)->assertSee('unreachable');
    }

    public function testThePrefixAndTheSwitchAreConfigurable(): void
    {
        $status = function (array $calcom, string $uri): int {
            $base = TestApp::base($calcom);
            try {
                $app = TestApp::boot($base);
                $request = \Illuminate\Http\Request::create($uri, 'GET', [], [], [],
                    ['HTTP_AUTHORIZATION' => self::TOKEN['Authorization']]);
                return $app->make(\Illuminate\Contracts\Http\Kernel::class)->handle($request)->getStatusCode();
            } finally {
                TestApp::remove($base);
            }
        };
        $this->assertSame(200, $status(['http' => ['prefix' => 'ops/cal']], '/ops/cal/health'));
        $this->assertSame(200, $status(['http' => ['prefix' => 'ops/cal']], '/ops/cal/metrics'));
        $this->assertSame(404, $status(['http' => ['prefix' => 'ops/cal']], '/calcom/health'));
        $this->assertSame(404, $status(['http' => ['enabled' => false]], '/calcom/health'));
    }

    public function testAnErrorInADeferredRevalidationIsReportedNotThrownFromTerminate(): void
    {
        $cache = $this->app->make(SwrCache::class);
        $cache->set('broken', 'old', 1, 600);
        Route::get('/broken', function () use ($cache) {
            usleep(1100000);
            return response()->json(['value' => $cache->remember('broken', fn () => throw new \Error('bug in the revalidation'), 1, 600)]);
        });
        $this->get('/broken')->assertOk()->assertExactJson(['value' => 'old']);
        $log = (string) @file_get_contents($this->base . '/storage/logs/laravel.log');
        $this->assertStringContainsString('bug in the revalidation', $log, 'the exception handler logged it');
        $this->assertSame('old', $cache->get('broken'), 'the stale value stays');
    }

    public function testDeferredRevalidationsAndTheMetricsFlushRunOnTerminate(): void
    {
        self::emulator('POST', '/__admin/reset', []);
        $cache = $this->app->make(SwrCache::class);
        $metrics = $this->app->make(Metrics::class);
        $cache->set('greeting', 'old', 1, 600);
        Route::get('/stale', function () use ($cache, $metrics) {
            usleep(1100000);  // past the fresh TTL: the next read is stale
            $metrics->record('slots', 200, 0.01);
            $value = $cache->remember('greeting', fn () => 'new', 1, 600);
            return response()->json(['value' => $value, 'deferred' => $cache->stats()['deferred'],
                'unflushed' => $metrics->snapshot()['unflushed']]);
        });
        $body = $this->get('/stale')->assertOk()->json();
        $this->assertSame(['value' => 'old', 'deferred' => 1, 'unflushed' => 1], $body,
            'served stale, recomputation and record left for after the response');
        // The test kernel ran the app's terminating callbacks after the response.
        $this->assertSame('new', $cache->get('greeting'));
        $this->assertSame(0, $cache->stats()['deferred']);
        $snapshot = $metrics->snapshot();
        $this->assertSame(0, $snapshot['unflushed']);
        $this->assertSame([200 => 1], $snapshot['requests']['slots']);
    }
}
