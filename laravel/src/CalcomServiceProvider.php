<?php

declare(strict_types=1);

namespace Calcom\Laravel;

use Calcom\AlternativeFinder;
use Calcom\CircuitBreaker;
use Calcom\Client;
use Calcom\Metrics;
use Calcom\RateLimiter;
use Calcom\RequestQueue;
use Calcom\Store;
use Calcom\SwrCache;
use Illuminate\Contracts\Foundation\Application;
use Illuminate\Contracts\Debug\ExceptionHandler;
use Illuminate\Contracts\Foundation\CachesConfiguration;
use Illuminate\Contracts\Foundation\CachesRoutes;
use Illuminate\Support\Facades\Route;
use Illuminate\Support\ServiceProvider;
use LogicException;

/**
 * Binds the extension's classes in the container, built from
 * config('calcom'): Store, RateLimiter, SwrCache, Client, RequestQueue and
 * Metrics once per application (a request under PHP-FPM, the process under
 * Octane or calcom:queue:work; their state is in Redis, and the Redis and
 * HTTP connections outlive the request in the worker), CircuitBreaker per
 * service name, and the AlternativeFinder per request, because its tenant
 * context is the request's.
 */
final class CalcomServiceProvider extends ServiceProvider
{
    /** The oldest extension release whose API this package calls. */
    public const MIN_EXTENSION_VERSION = '0.1.0';

    public function register(): void
    {
        self::requireExtension(phpversion('calcom'));
        $this->mergeConfig();
        $config = fn (Application $app, string $key) => (array) $app['config']->get("calcom.$key", []);

        $this->app->singleton(Store::class, function (Application $app) use ($config) {
            [$dsn, $options] = RedisConnection::storeArguments($config($app, 'redis'),
                (array) $app['config']->get('database.redis', []));
            return new Store($dsn, $options);
        });

        $this->app->singleton(RateLimiter::class, function (Application $app) use ($config) {
            $c = $config($app, 'rate_limiter');
            return new RateLimiter($app[Store::class], (string) ($c['name'] ?? 'calcom_api'), self::only($c, [
                'limit', 'burst', 'adaptive', 'min_limit', 'decrease_factor', 'recovery_seconds', 'reserve',
            ]));
        });

        $this->app->singleton(BreakerFactory::class,
            fn (Application $app) => new BreakerFactory($app[Store::class], $config($app, 'circuit_breaker')));
        // app(CircuitBreaker::class) is the default service's breaker;
        // app(CircuitBreaker::class, ['payments']) another service's.
        $this->app->bind(CircuitBreaker::class,
            fn (Application $app, array $parameters = []) => $app[BreakerFactory::class]->fromParameters($parameters));

        $this->app->singleton(SwrCache::class, fn (Application $app) => new SwrCache($app[Store::class],
            self::only($config($app, 'cache'), [
                'fresh_ttl', 'stale_ttl', 'lock_ttl', 'wait_timeout', 'early_refresh', 'revalidate',
            ])));

        $this->app->singleton(Metrics::class, function (Application $app) use ($config) {
            $c = $config($app, 'metrics');
            return new Metrics($app[Store::class], (string) ($c['name'] ?? 'calcom'), self::only($c, ['ttl']));
        });

        $this->app->singleton(Client::class, function (Application $app) use ($config) {
            $key = (string) $app['config']->get('calcom.api_key', '');
            if ($key === '') {
                throw new LogicException('calcom: no Cal.com API key; set CALCOM_API_KEY');
            }
            $options = self::only($config($app, 'client'), [
                'base_url', 'timeout', 'connect_timeout', 'retries', 'retry_delay', 'retry_max_delay',
                'retry_budget', 'time_zone', 'language', 'limiter_wait', 'tenant',
            ]);
            $options['store'] = $app[Store::class];
            if ($config($app, 'rate_limiter')['enabled'] ?? true) {
                $options['limiter'] = $app[RateLimiter::class];
            }
            if ($config($app, 'circuit_breaker')['enabled'] ?? true) {
                $options['breaker'] = $app[BreakerFactory::class]->get();
            }
            if ($config($app, 'cache')['enabled'] ?? true) {
                $options['cache'] = $app[SwrCache::class];
            }
            if ($config($app, 'metrics')['enabled'] ?? true) {
                $options['metrics'] = $app[Metrics::class];
            }
            return new Client($key, $options);
        });

        $this->app->singleton(RequestQueue::class, fn (Application $app) => new RequestQueue(
            $app[Store::class], $app[Client::class], self::only($config($app, 'queue'), [
                'name', 'concurrency', 'aging', 'max_attempts', 'visibility_timeout', 'retry_delay', 'result_ttl',
                'job_ttl', 'callback_timeout', 'callback_attempts',
            ])));

        $this->app->scoped(AlternativeFinder::class, function (Application $app) use ($config) {
            $c = self::only($config($app, 'alternatives'), [
                'max_alternatives', 'time_window_hours', 'workdays', 'search_strategies', 'business_hours',
                'timezone', 'search_days', 'timeout_ms', 'busy',
            ]);
            $c['timezone'] ??= (string) ($config($app, 'client')['time_zone'] ?? 'Europe/Berlin');
            if (is_string($c['busy'] ?? null)) {
                $c['busy'] = $app->make($c['busy']);
            }
            return new AlternativeFinder($app[Client::class], $c);
        });
        $this->app->scoped(AppointmentAlternativeFinder::class, fn (Application $app) => new AppointmentAlternativeFinder(
            $app[AlternativeFinder::class], (bool) ($config($app, 'alternatives')['carbon'] ?? true)));

        $this->app->singleton(Health::class, fn (Application $app) => new Health($app));
        $this->app->alias(Client::class, 'calcom');

        foreach ((array) $this->app['config']->get('calcom.aliases', []) as $appClass => $native) {
            self::alias($this->app, (string) $appClass, (string) $native);
        }
    }

    public function boot(): void
    {
        $this->publishes([__DIR__ . '/../config/calcom.php' => $this->app->configPath('calcom.php')], 'calcom-config');
        $this->loadViewsFrom(__DIR__ . '/../resources/views', 'calcom');

        // After the response has gone (Laravel terminates behind
        // fastcgi_finish_request()): stale entries recomputed, metrics sent.
        $this->app->terminating(function () {
            try {
                \Calcom\runDeferred();
            } catch (\Throwable $e) {
                // An Error in a revalidation callback (a bug in the app):
                // logged like any other, not thrown out of terminate().
                $this->app->make(ExceptionHandler::class)->report($e);
            }
        });

        $http = (array) $this->app['config']->get('calcom.http', []);
        $routesCached = $this->app instanceof CachesRoutes && $this->app->routesAreCached();
        if (($http['enabled'] ?? true) && !$routesCached) {
            Route::prefix((string) ($http['prefix'] ?? 'calcom'))->group(function () use ($http) {
                Route::get('health', [Http\HealthController::class, 'health'])
                    ->middleware((array) ($http['middleware'] ?? []))->name('calcom.health');
                Route::get('metrics', [Http\HealthController::class, 'metrics'])
                    ->middleware((array) ($http['metrics_middleware'] ?? []))->name('calcom.metrics');
            });
        }

        if ($this->app->runningInConsole()) {
            $this->commands([
                Console\HealthCommand::class,
                Console\WarmCacheCommand::class,
                Console\QueueWorkCommand::class,
                Console\BreakerResetCommand::class,
            ]);
        }
    }

    /**
     * config('calcom') over the package's defaults, key by key at every
     * level: mergeConfigFrom() merges the top level only, so an app file
     * with just 'http' => ['token' => ...] would drop the default
     * middleware and open the dashboard. Lists (workdays, strategies,
     * middleware) are replaced whole.
     */
    private function mergeConfig(): void
    {
        if ($this->app instanceof CachesConfiguration && $this->app->configurationIsCached()) {
            return;  // config:cache stored the merged values
        }
        $config = $this->app['config'];
        $config->set('calcom', self::merge(require __DIR__ . '/../config/calcom.php', (array) $config->get('calcom', [])));
    }

    /**
     * @param array<mixed> $defaults
     * @param array<mixed> $overrides
     * @return array<mixed>
     */
    private static function merge(array $defaults, array $overrides): array
    {
        foreach ($overrides as $key => $value) {
            $default = $defaults[$key] ?? null;
            $defaults[$key] = is_array($value) && is_array($default) && !array_is_list($value) && !array_is_list($default)
                ? self::merge($default, $value) : $value;
        }
        return $defaults;
    }

    /**
     * Throws when the extension is missing or older than this package
     * needs. $loaded is phpversion('calcom'): false when not loaded.
     */
    public static function requireExtension(string|false $loaded): void
    {
        if ($loaded === false) {
            throw new LogicException('calcom: the calcom PHP extension is not loaded; install it (pecl install calcom) '
                . 'and add extension=calcom to php.ini');
        }
        if (version_compare($loaded, self::MIN_EXTENSION_VERSION, '<')) {
            throw new LogicException("calcom: the calcom extension is $loaded; this package needs "
                . self::MIN_EXTENSION_VERSION . ' or newer');
        }
    }

    /**
     * Makes the app's class name $appClass resolve to $target in the
     * container, so app($appClass) and $appClass-typed injection give the
     * bound instance. A package class (the finder's adapter) also takes
     * over the name itself (class_alias), so type hints and instanceof
     * keep working unchanged; PHP cannot alias an extension's class, so
     * for those a type hint names the native class instead, e.g.
     * use Calcom\RateLimiter as CalcomApiRateLimiter;
     */
    public static function alias(Application $app, string $appClass, string $target): void
    {
        if (!class_exists($target)) {
            throw new LogicException("calcom: alias target $target is not a class");
        }
        if (!(new \ReflectionClass($target))->isInternal()) {
            if (class_exists($appClass, false)) {
                if (!is_a($appClass, $target, true)) {
                    throw new LogicException("calcom: $appClass is already loaded, so it cannot become $target; "
                        . 'remove the old class file (or register the alias before anything uses it)');
                }
            } elseif (!class_alias($target, $appClass)) {
                throw new LogicException("calcom: could not alias $appClass to $target");
            }
        }
        if ($appClass !== $target) {
            $app->alias($target, $appClass);
        }
    }

    /**
     * The keys of $config a constructor takes, without the null ones (the
     * extension's default); the rest (enabled flags, names given as
     * arguments) is the package's own.
     *
     * @param array<string, mixed> $config
     * @param list<string> $keys
     * @return array<string, mixed>
     */
    private static function only(array $config, array $keys): array
    {
        return array_filter(array_intersect_key($config, array_flip($keys)), fn ($v) => $v !== null);
    }
}
