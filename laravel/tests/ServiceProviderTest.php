<?php

declare(strict_types=1);

namespace Calcom\Laravel\Tests;

use Calcom\AlternativeFinder;
use Calcom\CircuitBreaker;
use Calcom\Client;
use Calcom\Laravel\AppointmentAlternativeFinder;
use Calcom\Laravel\CalcomServiceProvider;
use Calcom\Laravel\Facades\Calcom;
use Calcom\Laravel\RedisConnection;
use Calcom\Metrics;
use Calcom\RateLimiter;
use Calcom\RequestQueue;
use Calcom\Store;
use Calcom\SwrCache;
use LogicException;

final class ServiceProviderTest extends TestCase
{
    public function testTheProviderArrivesThroughPackageDiscovery(): void
    {
        $this->assertArrayHasKey(CalcomServiceProvider::class, $this->app->getLoadedProviders());
        $manifest = require $this->app->getCachedPackagesPath();
        $this->assertSame([CalcomServiceProvider::class], $manifest['calcom/laravel']['providers']);
        $this->assertSame(['Calcom' => Calcom::class], $manifest['calcom/laravel']['aliases']);
    }

    public function testEveryClassResolvesToANativeInstanceWithTheRightLifetime(): void
    {
        foreach ([Store::class, RateLimiter::class, SwrCache::class, Client::class, RequestQueue::class,
            Metrics::class] as $class) {
            $one = $this->app->make($class);
            $this->assertInstanceOf($class, $one);
            $this->assertSame($one, $this->app->make($class), "$class is a singleton");
        }
        $this->assertInstanceOf(CircuitBreaker::class, $this->app->make(CircuitBreaker::class));
        $this->assertSame('calcom_api', $this->app->make(CircuitBreaker::class)->getStatus()['service']);

        $finder = $this->app->make(AlternativeFinder::class);
        $this->assertSame($finder, $this->app->make(AlternativeFinder::class), 'one finder per request');
        $this->app->forgetScopedInstances();  // what Laravel does between requests (Octane, queue jobs)
        $this->assertNotSame($finder, $this->app->make(AlternativeFinder::class), 'a new finder per request');

        $this->assertSame($this->app->make(Client::class), Calcom::getFacadeRoot());
        $this->assertTrue(class_exists('Calcom'), 'the Calcom facade alias from extra.laravel');
    }

    public function testTheStoreUsesTheAppsRedisConnectionAndTheConfiguredPrefix(): void
    {
        $store = $this->app->make(Store::class);
        $this->assertTrue($store->isConnected() || $store->ping() > 0);
        $this->assertSame(config('calcom.redis.prefix'), $store->prefix());
        $this->assertGreaterThan(0.0, $store->ping());
    }

    public function testConfigOverridesReachTheInstances(): void
    {
        config([
            'calcom.rate_limiter.name' => 'overridden',
            'calcom.rate_limiter.limit' => 30,
            'calcom.rate_limiter.burst' => 40,
            'calcom.circuit_breaker.service' => 'my_service',
            'calcom.circuit_breaker.failure_threshold' => 7,
            'calcom.circuit_breaker.services' => ['payments' => ['failure_threshold' => 2, 'recovery_timeout' => 9]],
        ]);
        $status = $this->app->make(RateLimiter::class)->status();
        $this->assertSame('overridden', $status['name']);
        $this->assertSame(30.0, $status['limit']);
        $this->assertSame(40.0, $status['burst']);

        $breaker = $this->app->make(CircuitBreaker::class)->getStatus();
        $this->assertSame(['my_service', 7], [$breaker['service'], $breaker['failure_threshold']]);
        $payments = $this->app->make(CircuitBreaker::class, ['payments'])->getStatus();
        $this->assertSame(['payments', 2, 9], [$payments['service'], $payments['failure_threshold'],
            $payments['recovery_timeout']]);
        // The old constructor's arguments by position and by name.
        $old = $this->app->make(CircuitBreaker::class, ['legacy', 3, 20, 1])->getStatus();
        $this->assertSame(['legacy', 3, 20], [$old['service'], $old['failure_threshold'], $old['recovery_timeout']]);
        $named = $this->app->make(CircuitBreaker::class, ['serviceName' => 'named', 'failureThreshold' => 4]);
        $this->assertSame(4, $named->getStatus()['failure_threshold']);
    }

    public function testEnvironmentVariablesReachTheInstances(): void
    {
        $vars = ['CALCOM_LIMITER_LIMIT=42', 'CALCOM_LIMITER_BURST=50', 'CALCOM_BREAKER_FAILURE_THRESHOLD=9'];
        array_map('putenv', $vars);
        $base = TestApp::base();
        try {
            $app = TestApp::boot($base);
            $this->assertSame([42.0, 50.0], [$app->make(RateLimiter::class)->status()['limit'],
                $app->make(RateLimiter::class)->status()['burst']]);
            $this->assertSame(9, $app->make(CircuitBreaker::class)->getStatus()['failure_threshold']);
        } finally {
            foreach ($vars as $v) {
                putenv(strstr($v, '=', true));
            }
            TestApp::remove($base);
        }
    }

    public function testWrongConfigIsTheExtensionsValueError(): void
    {
        config(['calcom.rate_limiter.limit' => -5]);
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessageMatches('/limit/');
        $this->app->make(RateLimiter::class);
    }

    public function testAMissingApiKeyIsALogicExceptionNamingTheVariable(): void
    {
        config(['calcom.api_key' => null]);
        $this->expectException(LogicException::class);
        $this->expectExceptionMessage('CALCOM_API_KEY');
        $this->app->make(Client::class);
    }

    public function testTheClientIsWiredToTheLimiterBreakerCacheAndMetrics(): void
    {
        self::emulator('POST', '/__admin/reset', []);
        $client = $this->app->make(Client::class);
        $day = (new \DateTimeImmutable('tomorrow', new \DateTimeZone('Europe/Berlin')))->format('Y-m-d');
        $first = $client->getAvailableSlots(1001, $day, $day);
        $again = $client->getAvailableSlots(1001, $day, $day);
        $this->assertSame($first, $again);
        $this->assertCount(1, self::emulator('GET', '/__admin/requests?endpoint=slots')['requests'],
            'the second read came from the SwrCache');

        $metrics = $this->app->make(Metrics::class);
        $metrics->flush();
        $snapshot = $metrics->snapshot();
        $this->assertSame([200 => 1], $snapshot['requests']['slots']);
        $this->assertSame(1, $snapshot['cache']['slots']['hits']);
        $this->assertArrayHasKey('calcom_api', $snapshot['rate_limit']['limiters']);
        $this->assertArrayHasKey('calcom_api:slots', $snapshot['breakers']);
        $this->assertLessThan(150.0, $this->app->make(RateLimiter::class)->status()['tokens'], 'a token was taken');
    }

    public function testTheRedisConnectionComesFromDatabaseRedis(): void
    {
        $calcom = ['connection' => 'cache', 'prefix' => 'p:'];
        [$dsn, $options] = RedisConnection::storeArguments($calcom, [
            'cache' => ['host' => 'redis.internal', 'port' => '6380', 'password' => 's3cret', 'database' => '2'],
        ]);
        $this->assertSame('redis://redis.internal:6380/2', $dsn);
        $this->assertSame('s3cret', $options['password']);
        $this->assertStringNotContainsString('s3cret', $dsn);

        [$dsn, $options] = RedisConnection::storeArguments($calcom, ['cache' => ['url' => 'redis://:pw@10.0.0.5:7000/3']]);
        $this->assertSame(['redis://10.0.0.5:7000/3', 'pw'], [$dsn, $options['password']]);

        [$dsn] = RedisConnection::storeArguments($calcom, ['cache' => ['host' => '/run/redis/redis.sock', 'database' => 1]]);
        $this->assertSame('unix:///run/redis/redis.sock?db=1', $dsn);

        [$dsn] = RedisConnection::storeArguments(['dsn' => 'redis://elsewhere:1/0'], []);
        $this->assertSame('redis://elsewhere:1/0', $dsn, 'CALCOM_REDIS_DSN wins');

        foreach ([
            [['connection' => 'missing'], []],
            [$calcom, ['cache' => ['host' => 'h', 'scheme' => 'tls']]],
            [$calcom, ['cache' => ['host' => 'h', 'username' => 'app']]],
        ] as [$c, $db]) {
            try {
                RedisConnection::storeArguments($c, $db);
                $this->fail('accepted ' . json_encode($db));
            } catch (LogicException $e) {
                $this->assertStringStartsWith('calcom: ', $e->getMessage());
            }
        }
    }

    public function testTheAppsPasswordAndUnixSocketSettingsReachARealRedis(): void
    {
        $port = (int) getenv('CALCOM_TEST_REDIS_AUTH_PORT');
        $password = (string) getenv('CALCOM_TEST_REDIS_AUTH_PASSWORD');
        $socket = (string) getenv('CALCOM_TEST_REDIS_SOCKET');
        $this->assertGreaterThan(0, $port, 'tests/run.sh starts a redis-server with requirepass');
        $store = function (array $connection): Store {
            config(['database.redis.default' => $connection]);
            $this->app->forgetInstance(Store::class);
            return $this->app->make(Store::class);
        };

        $this->assertGreaterThan(0.0, $store(['host' => '127.0.0.1', 'port' => $port, 'password' => $password])->ping());
        $this->assertGreaterThan(0.0, $store(['url' => 'redis://:' . rawurlencode($password) . "@127.0.0.1:$port/1"])->ping());
        $this->assertGreaterThan(0.0, $store(['host' => $socket, 'port' => 0, 'database' => 2])->ping());

        config(['calcom.redis.on_failure' => 'closed']);
        try {
            $store(['host' => '127.0.0.1', 'port' => $port, 'password' => 'not-the-password-7f3a'])->ping();
            $this->fail('a wrong password was accepted');
        } catch (\Calcom\StoreException $e) {
            $this->assertStringNotContainsString('not-the-password-7f3a', $e->getMessage(), 'the password is not in the message');
        }
    }

    public function testAMissingOrOldExtensionIsALogicException(): void
    {
        CalcomServiceProvider::requireExtension(CalcomServiceProvider::MIN_EXTENSION_VERSION);
        foreach ([[false, 'not loaded'], ['0.0.9', 'is 0.0.9']] as [$version, $message]) {
            try {
                CalcomServiceProvider::requireExtension($version);
                $this->fail('accepted ' . var_export($version, true));
            } catch (LogicException $e) {
                $this->assertStringContainsString($message, $e->getMessage());
            }
        }
    }

    public function testWithoutTheExtensionRegisteringTheProviderThrows(): void
    {
        $php = PHP_BINARY;
        $script = 'require ' . var_export(__DIR__ . '/app.php', true) . ';'
            . '$app = new Illuminate\Foundation\Application(sys_get_temp_dir());'
            . 'try { (new Calcom\Laravel\CalcomServiceProvider($app))->register(); echo "registered"; }'
            . ' catch (LogicException $e) { echo get_class($e), ": ", $e->getMessage(); }';
        // -n: no php.ini, so no extension at all (the test itself runs with -d extension=calcom.so).
        $out = shell_exec(escapeshellarg($php) . ' -n -r ' . escapeshellarg($script) . ' 2>&1');
        $this->assertStringStartsWith('LogicException: calcom: the calcom PHP extension is not loaded', (string) $out);
    }

    public function testTheAdapterGivesCarbonDatetimes(): void
    {
        self::emulator('POST', '/__admin/reset', []);
        $finder = $this->app->make(AppointmentAlternativeFinder::class);
        $this->assertSame($finder->native(), $this->app->make(AlternativeFinder::class), 'the request\'s finder');
        $desired = \Illuminate\Support\Carbon::parse('next wednesday 10:00', 'Europe/Berlin');
        $result = $finder->setTenantContext(42, 'main')->findAlternatives($desired, 30, 1001);
        $this->assertNotEmpty($result['alternatives']);
        foreach ($result['alternatives'] as $a) {
            $this->assertInstanceOf(\Carbon\Carbon::class, $a['datetime']);
            $this->assertSame('Europe/Berlin', $a['datetime']->getTimezone()->getName());
        }
        $this->assertSame($result['responseText'], $finder->buildAlternativeResponse($result['alternatives']));

        config(['calcom.client.time_zone' => 'Europe/London']);
        $this->app->forgetInstance(Client::class);
        $this->app->forgetScopedInstances();
        $london = $this->app->make(AppointmentAlternativeFinder::class)->findAlternatives($desired, 30, 1001);
        $this->assertNotEmpty($london['alternatives']);
        $this->assertSame('Europe/London', $london['alternatives'][0]['datetime']->getTimezone()->getName(),
            'the finder takes the client\'s time zone when alternatives.timezone is not set');

        config(['calcom.client.time_zone' => 'Europe/Berlin', 'calcom.alternatives.carbon' => false]);
        $this->app->forgetInstance(Client::class);
        $this->app->forgetScopedInstances();
        $plain = $this->app->make(AppointmentAlternativeFinder::class)->findAlternatives($desired, 30, 1001);
        $this->assertInstanceOf(\DateTimeImmutable::class, $plain['alternatives'][0]['datetime']);
        $this->assertEquals($result['alternatives'][0]['datetime'], \Carbon\Carbon::instance($plain['alternatives'][0]['datetime']));
    }
}
