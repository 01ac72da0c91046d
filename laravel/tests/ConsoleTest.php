<?php

declare(strict_types=1);

namespace Calcom\Laravel\Tests;

use Calcom\CircuitBreaker;
use Calcom\Client;
use Calcom\Laravel\Health;
use Calcom\Metrics;
use Calcom\RequestQueue;
use Illuminate\Support\Facades\Artisan;

final class ConsoleTest extends TestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        self::emulator('POST', '/__admin/reset', []);
    }

    public function testHealthPrintsTheLimiterBreakersCacheQueueAndLatency(): void
    {
        $client = $this->app->make(Client::class);
        $day = (new \DateTimeImmutable('tomorrow', new \DateTimeZone('Europe/Berlin')))->format('Y-m-d');
        $client->getAvailableSlots(1001, $day, $day);
        $client->getAvailableSlots(1001, $day, $day);
        $this->app->make(Metrics::class)->flush();
        $this->app->make(RequestQueue::class)->enqueue('GET', '/event-types', [], 4);
        $breaker = $this->app->make(CircuitBreaker::class, ['calcom_api:bookings']);
        for ($i = 0; $i < 3; $i++) {
            $breaker->recordFailure(503);
        }

        $this->assertSame(0, Artisan::call('calcom:health'));
        $out = Artisan::output();
        $this->assertStringContainsString('Status: degraded', $out);
        $this->assertMatchesRegularExpression('/Redis: connected, ping [0-9.]+ ms/', $out);
        $this->assertMatchesRegularExpression('/\| calcom_api +\| 120 +\| [0-9.]+ \/ 150 +\| 1 \(0\.8 %\) +\| 0 +\| normal +\| ok +\|/', $out);
        $this->assertMatchesRegularExpression('/\| calcom_api:bookings +\| open +\| 6 +\| 1 +\|/', $out);
        $this->assertMatchesRegularExpression('/\| calcom_api:slots +\| closed +\| 0 +\| 0 +\|/', $out);
        $this->assertMatchesRegularExpression('/\| 1 +\| 1 +\| 50\.0 % +\| warning +\|/', $out, 'cache hits, misses, rate');
        $this->assertMatchesRegularExpression('/\| default +\| 1 +\| 0 +\| 0 +\| 0 +\| 1 +\| 0 +\| 0 +\|/', $out, 'one LOW job');
        $this->assertMatchesRegularExpression('/\| slots +\| 1 +\| [0-9.]+ +\| [0-9.]+ +\| [0-9.]+ +\| [0-9.]+ +\| ok +\|/', $out);
        $this->assertStringNotContainsString('cal_test_laravel_key', $out);

        $this->assertSame(0, Artisan::call('calcom:health', ['--json' => true]));
        $json = json_decode(Artisan::output(), true, 512, JSON_THROW_ON_ERROR);
        $report = $this->app->make(Health::class)->report();
        foreach ([&$json, &$report] as &$r) {  // what moves between two reports
            unset($r['time'], $r['redis']['ping_ms'], $r['rate_limit']['tokens'],
                $r['breakers']['calcom_api:bookings']['seconds_until_retry']);
        }
        unset($r);
        $this->assertEquals($report, $json);
    }

    public function testHealthFailsWhenRedisIsDown(): void
    {
        config(['calcom.redis.dsn' => 'redis://127.0.0.1:1/0', 'calcom.redis.connect_timeout' => 0.2]);
        $this->assertSame(1, Artisan::call('calcom:health'));
        $out = Artisan::output();
        $this->assertStringContainsString('Status: down', $out);
        $this->assertStringContainsString('Redis: unreachable', $out);
    }

    public function testWarmCacheFetchesWhatIsMissingOnceWithAProgressBar(): void
    {
        $this->assertSame(0, Artisan::call('calcom:warm-cache', ['--days' => 3, '--event-type' => ['1001', '1002']]));
        $out = Artisan::output();
        $this->assertStringContainsString('2/2 event types [', $out);
        $this->assertMatchesRegularExpression('/Warmed 2 event type\(s\), 3 day\(s\): 6 day\(s\) fetched in 2 request\(s\)\./', $out);
        $slots = self::emulator('GET', '/__admin/requests?endpoint=slots')['requests'];
        $this->assertCount(2, $slots, 'one request per event type for the three days');
        $this->assertEqualsCanonicalizing(['1001', '1002'], array_map(fn ($r) => $r['query']['eventTypeId'], $slots));

        // Everything is cached now: nothing is fetched again.
        $this->assertSame(0, Artisan::call('calcom:warm-cache', ['--days' => 3, '--event-type' => ['1001', '1002']]));
        $this->assertStringContainsString('0 day(s) fetched in 0 request(s)', Artisan::output());
        $this->assertCount(2, self::emulator('GET', '/__admin/requests?endpoint=slots')['requests']);

        // Without --event-type: every event type of the account.
        $types = count(self::emulator('GET', '/__admin/requests?endpoint=event_types')['requests']);
        $this->assertSame(0, Artisan::call('calcom:warm-cache', ['--days' => 1]));
        $all = count($this->app->make(Client::class)->getEventTypes());
        $this->assertStringContainsString("$all/$all event types", Artisan::output());
        $this->assertGreaterThan($types, count(self::emulator('GET', '/__admin/requests?endpoint=event_types')['requests']));
    }

    public function testWarmCacheRejectsBadOptions(): void
    {
        foreach ([['--days' => '0'], ['--days' => 'x'], ['--days' => '93'], ['--event-type' => ['abc']],
            ['--event-type' => ['-4']]] as $options) {
            $this->assertSame(2, Artisan::call('calcom:warm-cache', $options), json_encode($options));
        }
        $this->assertSame([], self::emulator('GET', '/__admin/requests')['requests'], 'nothing was sent');
    }

    public function testBreakerResetClosesTheServiceAndItsEndpointBreakers(): void
    {
        $bookings = $this->app->make(CircuitBreaker::class, ['calcom_api:bookings']);
        $payments = $this->app->make(CircuitBreaker::class, ['payments']);
        for ($i = 0; $i < 3; $i++) {
            $bookings->recordFailure(503);
            $payments->recordFailure(503);
        }
        $this->assertSame(['open', 'open'], [$bookings->getState(), $payments->getState()]);

        $this->assertSame(0, Artisan::call('calcom:breaker:reset', ['service' => 'calcom_api']));
        $out = Artisan::output();
        $this->assertStringContainsString("Circuit breaker 'calcom_api:bookings' reset (was open, now closed).", $out);
        $this->assertStringContainsString("Circuit breaker 'calcom_api:slots' reset (was closed, now closed).", $out);
        $this->assertSame(['closed', 'open'], [$bookings->getState(), $payments->getState()], 'other services untouched');

        $this->assertSame(0, Artisan::call('calcom:breaker:reset', ['service' => 'payments']));
        $this->assertSame("Circuit breaker 'payments' reset (was open, now closed).\n", Artisan::output());
        $this->assertSame('closed', $payments->getState());
    }

    /** The Client's own breaker, opened by real 503s, is the one the command closes. */
    public function testBreakerResetClosesTheClientsBreakerForEveryWorker(): void
    {
        config(['calcom.client.retries' => 0]);
        self::emulator('POST', '/__admin/faults', ['endpoint' => 'event_types', 'sequence' => [503, 503, 503]]);
        $client = $this->app->make(Client::class);
        for ($i = 0; $i < 3; $i++) {
            try {
                $client->getEventTypes();
            } catch (\Calcom\ApiException) {
            }
        }
        $this->expectExceptionRefused($client);
        Artisan::call('calcom:breaker:reset', ['service' => 'calcom_api']);
        $this->assertStringContainsString("'calcom_api:event_types' reset (was open, now closed)", Artisan::output());
        $this->assertNotEmpty($client->getEventTypes(), 'the same Client goes through again');
    }

    private function expectExceptionRefused(Client $client): void
    {
        $sent = count(self::emulator('GET', '/__admin/requests?endpoint=event_types')['requests']);
        try {
            $client->getEventTypes();
            $this->fail('the open breaker let a request through');
        } catch (\Calcom\CircuitOpenException $e) {
            $this->assertStringContainsString("Circuit breaker is OPEN for service 'calcom_api:event_types'", $e->getMessage());
        }
        $this->assertCount($sent, self::emulator('GET', '/__admin/requests?endpoint=event_types')['requests']);
    }

    public function testQueueWorkFinishesTheBatchInHandOnSigtermAndExitsZero(): void
    {
        $extension = getenv('CALCOM_TEST_EXTENSION');
        if ($extension === false || !function_exists('pcntl_signal')) {
            $this->fail('needs CALCOM_TEST_EXTENSION (tests/run.sh sets it) and pcntl');
        }
        $queue = $this->app->make(RequestQueue::class);
        $fast = [];
        for ($i = 0; $i < 3; $i++) {
            $fast[] = $queue->enqueue('GET', '/event-types', ['n' => $i]);
        }
        $env = getenv() + ['CALCOM_TEST_APP_BASE' => $this->base];
        $env['CALCOM_TEST_APP_BASE'] = $this->base;
        $worker = proc_open([PHP_BINARY, '-d', "extension=$extension", __DIR__ . '/artisan', 'calcom:queue:work'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        try {
            foreach ($fast as $id) {
                $this->assertSame('done', $queue->result($id, 20.0)['status'] ?? null, "job $id");
            }
            // A slow job in flight when SIGTERM arrives is finished, not cut off.
            self::emulator('POST', '/__admin/faults', ['endpoint' => 'bookings_list', 'latency_ms' => 1500]);
            $slow = $queue->enqueue('GET', '/bookings', ['attendeeEmail' => 'a@example.com']);
            $deadline = microtime(true) + 20;
            while (self::emulator('GET', '/__admin/stats')['in_flight'] < 1 && microtime(true) < $deadline) {
                usleep(20000);
            }
            $this->assertSame('running', $queue->status($slow)['status']);
            proc_terminate($worker, SIGTERM);
            $stdout = stream_get_contents($pipes[1]);
            $stderr = stream_get_contents($pipes[2]);
            $code = proc_close($worker);
            $worker = null;
        } finally {
            if ($worker !== null) {
                proc_terminate($worker, SIGKILL);
                proc_close($worker);
            }
            self::emulator('DELETE', '/__admin/faults');
        }
        $this->assertSame(0, $code, $stdout . $stderr);
        $this->assertStringContainsString('Working queue default (pid ', $stdout);
        $this->assertStringContainsString('Stopped after 4 job(s).', $stdout);
        $this->assertSame('done', $queue->status($slow)['status']);
        $this->assertSame(0, $queue->depth());
    }

    public function testQueueWorkRejectsBadOptions(): void
    {
        $this->assertSame(2, Artisan::call('calcom:queue:work', ['--max-jobs' => '-1']));
        $this->assertSame(2, Artisan::call('calcom:queue:work', ['--max-seconds' => 'soon']));
    }
}
