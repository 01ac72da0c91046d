<?php
/*
 * Configuration of the calcom extension's classes, as the Laravel package
 * builds them. Every option of every class is here with the extension's
 * default; each reads an environment variable so a deployment can change
 * it without publishing this file (php artisan vendor:publish --tag=calcom-config).
 */

return [

    // The Cal.com API key. Never logged, never printed: keep it in .env.
    'api_key' => env('CALCOM_API_KEY'),

    /*
     * Redis, shared by every class. With dsn null the connection named here
     * is taken from config('database.redis'), so the app's REDIS_HOST,
     * REDIS_PORT, REDIS_PASSWORD and REDIS_DB apply. A DSN is
     * redis://[:password@]host[:port][/db] or unix:///path/redis.sock[?db=N].
     */
    'redis' => [
        'dsn' => env('CALCOM_REDIS_DSN'),
        'connection' => env('CALCOM_REDIS_CONNECTION', 'default'),
        'prefix' => env('CALCOM_REDIS_PREFIX', 'calcom:'),
        'connect_timeout' => (float) env('CALCOM_REDIS_CONNECT_TIMEOUT', 1.0),
        'read_timeout' => (float) env('CALCOM_REDIS_READ_TIMEOUT', 1.0),
        'persistent' => (bool) env('CALCOM_REDIS_PERSISTENT', true),
        // When Redis is down: 'open' lets requests through, 'closed' refuses
        // them with Calcom\StoreException, 'local' keeps per-process state.
        'on_failure' => env('CALCOM_REDIS_ON_FAILURE', 'open'),
    ],

    'client' => [
        'base_url' => env('CALCOM_BASE_URL', 'https://api.cal.com/v2'),
        'timeout' => (float) env('CALCOM_TIMEOUT', 10.0),
        'connect_timeout' => (float) env('CALCOM_CONNECT_TIMEOUT', 3.0),
        'retries' => (int) env('CALCOM_RETRIES', 2),
        'retry_delay' => (float) env('CALCOM_RETRY_DELAY', 0.1),
        'retry_max_delay' => (float) env('CALCOM_RETRY_MAX_DELAY', 2.0),
        'retry_budget' => (float) env('CALCOM_RETRY_BUDGET', 15.0),
        'time_zone' => env('CALCOM_TIME_ZONE', 'Europe/Berlin'),
        'language' => env('CALCOM_LANGUAGE', 'de'),
        'limiter_wait' => (float) env('CALCOM_LIMITER_WAIT', 1.0),
        // The availability cache's tenant; null derives one from the API key.
        'tenant' => env('CALCOM_TENANT'),
    ],

    'rate_limiter' => [
        'enabled' => (bool) env('CALCOM_LIMITER_ENABLED', true),
        'name' => env('CALCOM_LIMITER_NAME', 'calcom_api'),
        'limit' => (float) env('CALCOM_LIMITER_LIMIT', 120),
        'burst' => (float) env('CALCOM_LIMITER_BURST', 150),
        'adaptive' => (bool) env('CALCOM_LIMITER_ADAPTIVE', true),
        // null: 60, or the limit when that is lower.
        'min_limit' => env('CALCOM_LIMITER_MIN_LIMIT') === null ? null : (float) env('CALCOM_LIMITER_MIN_LIMIT'),
        'decrease_factor' => (float) env('CALCOM_LIMITER_DECREASE_FACTOR', 0.8),
        'recovery_seconds' => (float) env('CALCOM_LIMITER_RECOVERY_SECONDS', 300),
        // Share of the capacity held back from each priority (1 critical … 4 low).
        'reserve' => [1 => 0.0, 2 => 0.05, 3 => 0.15, 4 => 0.30],
    ],

    /*
     * The Client's breaker is a template: it keeps one breaker per endpoint
     * group, "<service>:slots", "<service>:bookings", "<service>:event_types".
     * app(CircuitBreaker::class, ['other_service']) gives a breaker of that
     * name with these settings, or with the ones under 'services' => [name => [...]].
     */
    'circuit_breaker' => [
        'enabled' => (bool) env('CALCOM_BREAKER_ENABLED', true),
        'service' => env('CALCOM_BREAKER_SERVICE', 'calcom_api'),
        'failure_threshold' => (int) env('CALCOM_BREAKER_FAILURE_THRESHOLD', 5),
        'recovery_timeout' => (int) env('CALCOM_BREAKER_RECOVERY_TIMEOUT', 60),
        'success_threshold' => (int) env('CALCOM_BREAKER_SUCCESS_THRESHOLD', 2),
        'weights' => [429 => 3, 503 => 2, 500 => 1, 'timeout' => 2, 'network' => 2, 'other' => 1, 'client_error' => 1],
        'failure_window' => (int) env('CALCOM_BREAKER_FAILURE_WINDOW', 300),
        'max_recovery_timeout' => (int) env('CALCOM_BREAKER_MAX_RECOVERY_TIMEOUT', 600),
        'half_open_max_calls' => (int) env('CALCOM_BREAKER_HALF_OPEN_MAX_CALLS', 1),
        'probe_timeout' => (int) env('CALCOM_BREAKER_PROBE_TIMEOUT', 30),
        'count_client_errors' => (bool) env('CALCOM_BREAKER_COUNT_CLIENT_ERRORS', false),
        'services' => [],
    ],

    // The stale-while-revalidate cache, also the Client's availability cache.
    'cache' => [
        'enabled' => (bool) env('CALCOM_CACHE_ENABLED', true),
        'fresh_ttl' => (int) env('CALCOM_CACHE_FRESH_TTL', 300),
        'stale_ttl' => (int) env('CALCOM_CACHE_STALE_TTL', 1800),
        'lock_ttl' => (int) env('CALCOM_CACHE_LOCK_TTL', 10),
        'wait_timeout' => (float) env('CALCOM_CACHE_WAIT_TIMEOUT', 3.0),
        'early_refresh' => (float) env('CALCOM_CACHE_EARLY_REFRESH', 1.0),
        // 'deferred': after the response (the package runs them on terminate); 'inline'.
        'revalidate' => env('CALCOM_CACHE_REVALIDATE', 'deferred'),
    ],

    'alternatives' => [
        'max_alternatives' => (int) env('CALCOM_ALTERNATIVES_MAX', 2),
        'time_window_hours' => (int) env('CALCOM_ALTERNATIVES_WINDOW_HOURS', 2),
        'workdays' => ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        // Calcom\AlternativeFinder::STRATEGY_* values, tried in this order.
        'search_strategies' => [
            'same_day_different_time',
            'next_workday_same_time',
            'next_week_same_day',
            'next_available_workday',
        ],
        'business_hours' => [
            'start' => env('CALCOM_BUSINESS_HOURS_START', '09:00'),
            'end' => env('CALCOM_BUSINESS_HOURS_END', '18:00'),
        ],
        // null: the client's time_zone.
        'timezone' => env('CALCOM_ALTERNATIVES_TIMEZONE'),
        'search_days' => (int) env('CALCOM_ALTERNATIVES_SEARCH_DAYS', 14),
        'timeout_ms' => (int) env('CALCOM_ALTERNATIVES_TIMEOUT_MS', 5000),
        // A class the container builds and calls as busy($companyId,
        // $branchId, $customerId, $from, $to), returning [start, end] pairs.
        'busy' => null,
        // App\Services\AppointmentAlternativeFinder's callers get Carbon
        // datetimes; false gives the extension's DateTimeImmutable.
        'carbon' => (bool) env('CALCOM_ALTERNATIVES_CARBON', true),
    ],

    'queue' => [
        'name' => env('CALCOM_QUEUE_NAME', 'default'),
        'concurrency' => (int) env('CALCOM_QUEUE_CONCURRENCY', 8),
        'aging' => (float) env('CALCOM_QUEUE_AGING', 30),
        'max_attempts' => (int) env('CALCOM_QUEUE_MAX_ATTEMPTS', 3),
        'visibility_timeout' => (float) env('CALCOM_QUEUE_VISIBILITY_TIMEOUT', 60),
        'retry_delay' => (float) env('CALCOM_QUEUE_RETRY_DELAY', 1.0),
        'result_ttl' => (int) env('CALCOM_QUEUE_RESULT_TTL', 3600),
        'job_ttl' => (int) env('CALCOM_QUEUE_JOB_TTL', 86400),
        'callback_timeout' => (float) env('CALCOM_QUEUE_CALLBACK_TIMEOUT', 5.0),
        'callback_attempts' => (int) env('CALCOM_QUEUE_CALLBACK_ATTEMPTS', 3),
    ],

    'metrics' => [
        'enabled' => (bool) env('CALCOM_METRICS_ENABLED', true),
        'name' => env('CALCOM_METRICS_NAME', 'calcom'),
        'ttl' => (int) env('CALCOM_METRICS_TTL', 604800),
    ],

    /*
     * /calcom/health (JSON, or the HTML dashboard for a browser) and
     * /calcom/metrics (Prometheus). Access is denied unless the request
     * carries "Authorization: Bearer <token>" with the token below, or the
     * app defines Gate::define('viewCalcom', fn ($user) => ...) and it
     * allows the signed-in user. The dashboard runs in the 'web' group, so
     * a browser's session login reaches the gate; the metrics route does
     * not, so a scraper gets no session. Replace the lists to use your own.
     */
    'http' => [
        'enabled' => (bool) env('CALCOM_HTTP_ENABLED', true),
        'prefix' => env('CALCOM_HTTP_PREFIX', 'calcom'),
        'middleware' => ['web', \Calcom\Laravel\Http\Middleware\Authorize::class],
        'metrics_middleware' => [\Calcom\Laravel\Http\Middleware\Authorize::class],
        'token' => env('CALCOM_DASHBOARD_TOKEN'),
    ],

    /*
     * Drop-in aliases: each app class named here resolves to the class it
     * maps to, so app(App\Services\X::class) and injection by that name keep
     * working once the old class is deleted. The adapter also takes over
     * the name for type hints; for the extension's own classes PHP allows
     * no class_alias, so a type-hinted file changes one line, its use
     * statement: use Calcom\RateLimiter as CalcomApiRateLimiter;
     */
    'aliases' => [
        // App\Services\CalcomApiRateLimiter::class => Calcom\RateLimiter::class,
        // App\Services\CircuitBreaker::class => Calcom\CircuitBreaker::class,
        // App\Services\AppointmentAlternativeFinder::class => Calcom\Laravel\AppointmentAlternativeFinder::class,
    ],
];
