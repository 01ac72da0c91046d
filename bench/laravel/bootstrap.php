<?php
/*
 * The slice of a Laravel 8 application that the ported classes touch:
 * a container with config, events, the Redis manager (phpredis) and the
 * cache manager, wired by the framework's own service providers, and the
 * facades pointed at it. No full Application: nothing here needs routing,
 * the filesystem or a .env, and leaving them out keeps the bench honest
 * about what it measures (the Cache facade's calls, not framework boot).
 *
 * Uses Debian's php-laravel-framework (autoloader under /usr/share/php) and
 * php8.2-redis; the Http client (Illuminate\Http\Client, what the ported
 * AppointmentAlternativeFinder calls Cal.com through) also needs Guzzle,
 * which Debian ships apart (php-guzzlehttp-guzzle): without it every other
 * port still loads.
 */
declare(strict_types=1);

namespace Bench\Laravel;

use Illuminate\Cache\CacheServiceProvider;
use Illuminate\Config\Repository as Config;
use Illuminate\Container\Container;
use Illuminate\Contracts\Events\Dispatcher as DispatcherContract;
use Illuminate\Events\Dispatcher;
use Illuminate\Http\Client\Factory as HttpFactory;
use Illuminate\Redis\RedisServiceProvider;
use Illuminate\Support\Facades\Facade;

// Debian installs the framework's autoloaders on the include path; this one
// also pulls in Foundation's helpers (now(), config()) the app code calls.
require_once 'Illuminate/autoload.php';
// Illuminate/Http's autoloader looks for Guzzle under a path Debian's
// package does not use; load it from where php-guzzlehttp-guzzle puts it.
if (stream_resolve_include_path('GuzzleHttp/autoload.php')) {
	require_once 'GuzzleHttp/autoload.php';
}
require_once __DIR__ . '/CalcomApiRateLimiter.php';
require_once __DIR__ . '/CircuitBreaker.php';
require_once __DIR__ . '/StaleWhileRevalidateCache.php';
require_once __DIR__ . '/AppointmentAlternativeFinder.php';
require_once __DIR__ . '/CalcomService.php';

/**
 * Boots the container against the Redis at $host:$port and returns it.
 * $prefix keeps this run's cache keys apart from other runs and from the
 * native side, like an app's cache.prefix does.
 */
function boot(string $host, int $port, string $prefix): Container
{
	if (!extension_loaded('redis')) {
		throw new \RuntimeException('the Laravel side needs phpredis (Debian: php8.2-redis)');
	}
	$app = new Container();
	Container::setInstance($app);

	// The shape of a stock config/cache.php + config/database.php with
	// CACHE_DRIVER=redis and REDIS_CLIENT=phpredis; the "cache" connection
	// is the one Laravel's redis cache store uses by default.
	$redis = ['host' => $host, 'port' => $port, 'password' => null, 'database' => 0];
	$app->instance('config', new Config([
		'cache' => [
			'default' => 'redis',
			'stores' => ['redis' => ['driver' => 'redis', 'connection' => 'cache', 'lock_connection' => 'default']],
			'prefix' => $prefix . '_cache',
		],
		'database' => ['redis' => [
			'client' => 'phpredis',
			'options' => ['cluster' => 'redis', 'prefix' => $prefix . '_database_'],
			'default' => $redis,
			'cache' => $redis,
		]],
	]));

	// An app always has an event dispatcher, and the cache repository fires
	// CacheHit/CacheMissed/KeyWritten through it on every call: part of the
	// per-call cost being replaced, so it stays in.
	$app->singleton('events', fn ($app) => new Dispatcher($app));
	$app->alias('events', DispatcherContract::class);

	// What the Http facade resolves: one factory for the app, firing its
	// RequestSending/ResponseReceived events like an app's does.
	$app->singleton(HttpFactory::class, fn ($app) => new HttpFactory($app['events']));

	(new RedisServiceProvider($app))->register();
	(new CacheServiceProvider($app))->register();

	Facade::clearResolvedInstances();
	Facade::setFacadeApplication($app);
	return $app;
}
