<?php

/**
 * The PHP API of the calcom extension. This file is the contract:
 * ext/calcom_arginfo.h is generated from it (stubs/gen-arginfo.sh) and IDEs
 * can read it as stubs.
 *
 * @generate-class-entries
 */

namespace Calcom {

    /** Every exception the extension throws implements this. */
    interface Exception extends \Throwable
    {
    }

    /**
     * A Cal.com request failed: an HTTP error status, or no usable answer.
     * getUserMessage() is what the voice agent can say to the caller.
     */
    class ApiException extends \RuntimeException implements Exception
    {
        protected ?int $statusCode = null;
        protected ?string $responseBody = null;
        protected string $userMessage = "";

        public function __construct(
            string $message = "",
            ?int $statusCode = null,
            ?string $responseBody = null,
            ?string $userMessage = null,
            ?\Throwable $previous = null
        ) {}

        public function getStatusCode(): ?int {}

        /** German by default: safe to read to a caller, no internals. */
        public function getUserMessage(): string {}

        public function getResponseBody(): ?string {}
    }

    /** Cal.com answered 429, or the local rate budget is exhausted. */
    class RateLimitException extends ApiException
    {
        protected float $retryAfter = 0.0;

        public function __construct(
            string $message = "",
            float $retryAfter = 0.0,
            ?int $statusCode = 429,
            ?string $responseBody = null,
            ?string $userMessage = null,
            ?\Throwable $previous = null
        ) {}

        /** Seconds until a request can pass again. */
        public function retryAfter(): float {}
    }

    /** The circuit breaker refused the call without sending it. */
    class CircuitOpenException extends ApiException
    {
        protected float $retryAfter = 0.0;

        public function __construct(
            string $message = "",
            float $retryAfter = 0.0,
            ?int $statusCode = null,
            ?string $responseBody = null,
            ?string $userMessage = null,
            ?\Throwable $previous = null
        ) {}

        /** Seconds until the breaker lets a probe through. */
        public function retryAfter(): float {}
    }

    /** Cal.com did not answer within the configured time. */
    class TimeoutException extends ApiException
    {
    }

    /** Redis could not be reached or refused a command. */
    class StoreException extends \RuntimeException implements Exception
    {
    }

    /**
     * A Redis connection shared by the components: one persistent connection
     * per worker process and DSN, reused across requests and reconnected
     * after a failure.
     *
     * @not-serializable
     */
    final class Store
    {
        /** @var string */
        public const ON_FAILURE_OPEN = "open";
        /** @var string */
        public const ON_FAILURE_CLOSED = "closed";
        /** @var string */
        public const ON_FAILURE_LOCAL = "local";

        /**
         * Options: prefix (string), connect_timeout and read_timeout
         * (seconds), persistent (bool), password (?string), database (int),
         * on_failure ("open", "closed" or "local"). The INI settings
         * calcom.* give the defaults.
         */
        public function __construct(#[\SensitiveParameter] string $dsn = "redis://127.0.0.1:6379", #[\SensitiveParameter] array $options = []) {}

        /** Round trip of one PING, in seconds. */
        public function ping(): float {}

        /** The Redis server's clock, in seconds since the epoch. */
        public function time(): float {}

        public function prefix(): string {}

        /** Connects if needed; false instead of an exception when Redis is unreachable. */
        public function isConnected(): bool {}

        /**
         * Runs a Lua script by its SHA-1, sending the body only when Redis
         * does not know it (NOSCRIPT). Keys are used as given (not prefixed).
         */
        public function evalScript(string $script, array $keys = [], array $args = []): mixed {}

        /**
         * Counters of the underlying connection: connects, round_trips,
         * script_loads, client_id, persistent, endpoint.
         */
        public function stats(): array {}
    }

    /**
     * A token bucket shared by every worker through Redis: `limit` requests
     * per minute refilled continuously, `burst` capacity, a share held back
     * for higher priorities, and adaptive to Cal.com's 429s and headers.
     *
     * @not-serializable
     */
    final class RateLimiter
    {
        /** @var int */
        public const PRIORITY_CRITICAL = 1;
        /** @var int */
        public const PRIORITY_HIGH = 2;
        /** @var int */
        public const PRIORITY_NORMAL = 3;
        /** @var int */
        public const PRIORITY_LOW = 4;

        /**
         * Options: limit (per minute, 120), burst (150), adaptive (true),
         * min_limit (60, or limit when lower), decrease_factor (0.8),
         * recovery_seconds (300), reserve ([priority => share of the capacity
         * held back from it], default [CRITICAL => 0, HIGH => 0.05,
         * NORMAL => 0.15, LOW => 0.30]).
         */
        public function __construct(Store $store, string $name = "calcom_api", array $options = []) {}

        /** 0.0 when the tokens were taken, else the seconds until they would be (nothing taken). */
        public function tryAcquire(int $cost = 1, int $priority = RateLimiter::PRIORITY_NORMAL): float {}

        /** Waits exactly as long as needed, up to $maxWait seconds; false (at once) when that is not enough. */
        public function acquire(int $cost = 1, int $priority = RateLimiter::PRIORITY_NORMAL, float $maxWait = 0.0): bool {}

        /** Learns from a Cal.com answer: its status and headers (name => value or list of values). */
        public function observe(int $status, array $headers = []): void {}

        /** The effective limit per minute. */
        public function limit(): float {}

        /**
         * name, limit, effective_limit, burst, capacity, tokens, reason
         * ("normal", "reduced", "paused"), paused_for, recovers_in, store
         * ("redis", or "local"/"unavailable" when Redis failed).
         */
        public function status(): array {}

        public function reset(): void {}

        /** Takes one token when there is one; the next incrementRequestCount() confirms it instead of taking another. */
        public function canMakeRequest(): bool {}

        /** Counts a request: the token canMakeRequest() or waitForAvailability() took, else one more (into debt if need be). */
        public function incrementRequestCount(): void {}

        /** Waits for a token (then held as canMakeRequest() holds it); RateLimitException after $maxWait seconds. */
        public function waitForAvailability(float $maxWait = 60.0): void {}

        /** Whole tokens available now. */
        public function getRemainingRequests(): int {}
    }

    /**
     * A circuit breaker shared by every worker through Redis, with weighted
     * failures in a sliding window, exponential recovery and a fleet-wide
     * half-open probe.
     *
     * @not-serializable
     */
    final class CircuitBreaker
    {
        /** @var string */
        public const STATE_CLOSED = "closed";
        /** @var string */
        public const STATE_OPEN = "open";
        /** @var string */
        public const STATE_HALF_OPEN = "half_open";

        /**
         * Options: weights ([429 => 3, 503 => 2, 500 => 1, "timeout" => 2,
         * "network" => 2, "other" => 1, "client_error" => 1]), failure_window
         * (300 s), max_recovery_timeout (600 s), half_open_max_calls (1),
         * probe_timeout (30 s: a probe's lease), count_client_errors (false).
         */
        public function __construct(Store $store, string $serviceName, int $failureThreshold = 5, int $recoveryTimeout = 60, int $successThreshold = 2, array $options = []) {}

        /** Runs $operation when the breaker allows it and records how it went; CircuitOpenException when not. */
        public function call(callable $operation): mixed {}

        public function allowRequest(): bool {}

        public function recordSuccess(): void {}

        /** A Throwable, an HTTP status (>= 100), a weight (1-99), or "timeout", "network", "other". */
        public function recordFailure(int|string|\Throwable $error = 1): void {}

        public function getState(): string {}

        public function isOpen(): bool {}

        /** The weighted failures in the window. */
        public function getFailureCount(): int {}

        public function getSuccessCount(): int {}

        /**
         * service, state, failure_count, success_count, failure_threshold,
         * recovery_timeout, opened_at, seconds_until_retry, open_count.
         */
        public function getStatus(): array {}

        public function reset(): void {}
    }

    /**
     * Runs the deferred revalidations of every SwrCache of this request now,
     * then flushes every Metrics with records (it is registered as a
     * shutdown function when the first revalidation or record is queued);
     * returns how many revalidations ran. Failures, Redis ones included,
     * are counted in each cache's stats, never thrown (an Error is).
     */
    function runDeferred(): int {}

    /**
     * Stale-while-revalidate in Redis, shared by every worker: a fresh value
     * is served as is; a stale one (older than its fresh TTL, younger than
     * its stale TTL) is served at once and recomputed after the response;
     * a missing one is computed by one process fleet-wide while the others
     * wait for it. When a recomputation fails, the stale value is served.
     *
     * @not-serializable
     */
    final class SwrCache
    {
        /**
         * Options: fresh_ttl (seconds, default 300), stale_ttl (seconds the
         * value lives in all, default 1800), lock_ttl (seconds a computing
         * process may hold the lock, default 10), wait_timeout (seconds
         * others wait for it, default 3.0), early_refresh (XFetch beta,
         * default 1.0, 0 = off), revalidate ("deferred": at request
         * shutdown or runDeferred(); "inline": before remember() returns).
         */
        public function __construct(Store $store, array $options = []) {}

        public function remember(string $key, callable $callback, ?int $freshTtl = null, ?int $staleTtl = null): mixed {}

        /** The cached value, fresh or stale, or $default. */
        public function get(string $key, mixed $default = null): mixed {}

        /** Stores a value as computed now; false when Redis cannot be reached. */
        public function set(string $key, mixed $value, ?int $freshTtl = null, ?int $staleTtl = null): bool {}

        /**
         * Deletes the keys (leaving short-lived tombstones, so a computation
         * that began before cannot write its value back); returns how many
         * values there were.
         */
        public function delete(string ...$keys): int {}

        /** Whether a value (fresh or stale) is cached. */
        public function has(string $key): bool {}

        /**
         * Runs this cache's queued revalidations now; returns how many ran.
         * A failing callback is counted (the stale value stays); a
         * StoreException under on_failure "closed" is thrown.
         */
        public function runDeferred(): int {}

        /**
         * This object's counters: fresh_hits, stale_hits, misses,
         * revalidations, coalesced_waits, errors_served_stale,
         * store_errors, deferred (queued now).
         */
        public function stats(): array {}
    }

    /**
     * Alternatives to a desired appointment time that is taken: real free
     * slots of the horizon (one cached fetch), ranked by the strategies of
     * the Laravel AppointmentAlternativeFinder, with a text to speak.
     *
     * @not-serializable
     */
    final class AlternativeFinder
    {
        /** @var string */
        public const STRATEGY_SAME_DAY = 'same_day_different_time';
        /** @var string */
        public const STRATEGY_NEXT_WORKDAY = 'next_workday_same_time';
        /** @var string */
        public const STRATEGY_NEXT_WEEK = 'next_week_same_day';
        /** @var string */
        public const STRATEGY_NEXT_AVAILABLE = 'next_available_workday';

        /**
         * Config: max_alternatives (default 2), time_window_hours (2),
         * workdays (ISO numbers 1-7 or English day names, default Monday to
         * Friday), search_strategies (the STRATEGY_ constants, in order),
         * business_hours (['start' => '09:00', 'end' => '18:00']), timezone
         * ('Europe/Berlin'), search_days (14), timeout_ms (5000), busy
         * (callable(?int $companyId, ?string $branchId, ?int $customerId,
         * DateTimeImmutable $from, DateTimeImmutable $to): iterable of
         * [start, end] pairs, or null).
         */
        public function __construct(Client $client, array $config = []) {}

        /** Whose cache entries and busy times the searches use. */
        public function setTenantContext(?int $companyId, ?string $branchId = null): static {}

        /**
         * ['alternatives' => [['datetime', 'type', 'description', 'source',
         * 'score'], ...], 'responseText', 'timeout_hit', 'api_calls'], and on
         * a Cal.com failure 'error', 'error_type' and 'error_code' with the
         * user message as responseText.
         */
        public function findAlternatives(\DateTimeInterface $desiredDateTime, int $durationMinutes, int $eventTypeId, ?int $customerId = null, ?string $preferredLanguage = 'de'): array {}

        /** The spoken offer of the alternatives of a findAlternatives() result. */
        public function buildAlternativeResponse(array $alternatives, string $language = 'de'): string {}
    }

    /**
     * The Cal.com v2 API: parallel requests on curl-multi over keep-alive
     * connections the worker keeps across PHP requests, retries for
     * idempotent calls, and exceptions that say what went wrong.
     *
     * @not-serializable
     */
    final class Client
    {
        /**
         * Options: base_url, timeout and connect_timeout (seconds), retries
         * (extra attempts for GET), retry_delay, retry_max_delay and
         * retry_budget (seconds), time_zone (default Europe/Berlin),
         * language ("de" or "en", for user messages), store (Calcom\Store:
         * guards bookings across processes), limiter (Calcom\RateLimiter),
         * breaker (Calcom\CircuitBreaker: the template of one breaker per
         * endpoint group, named "<name>:slots", "<name>:bookings" and
         * "<name>:event_types"), limiter_wait (seconds a request may wait
         * for tokens before a RateLimitException, default 1.0), cache
         * (Calcom\SwrCache: the day-granular availability cache), tenant
         * (the cache's tenant, default one derived from the API key),
         * metrics (Calcom\Metrics: counts every request, and watches the
         * limiter and breakers).
         * Limiter and breaker must share one Redis connection: each request
         * passes both in one round trip.
         */
        public function __construct(#[\SensitiveParameter] string $apiKey, array $options = []) {}

        /**
         * Free slots per local day in the time zone:
         * ['2025-10-01' => ['2025-10-01T09:00:00+02:00', …]]. A bare date
         * means that whole day in the zone. Options: timeZone, tenant
         * (whose cache entries serve the answer).
         */
        public function getAvailableSlots(int $eventTypeId, string|\DateTimeInterface $start, string|\DateTimeInterface $end, ?int $teamId = null, array $options = []): array {}

        /**
         * Several slot queries at once, in parallel. Each query:
         * ['eventTypeId' => int, 'start' => …, 'end' => …, 'teamId' => ?int,
         * 'timeZone' => ?string, 'tenant' => ?string]. The result has one entry per query, in
         * order: the day map, or the ApiException that query ended with.
         */
        public function getAvailableSlotsMany(array $queries): array {}

        /**
         * Books once, whatever happens on the way. $booking: eventTypeId,
         * start (RFC 3339 or DateTimeInterface), attendee {name, email,
         * timeZone?, phoneNumber?, language?}, metadata?, lengthInMinutes?,
         * bookingFieldsResponses?. With a store, concurrent identical calls
         * (same $idempotencyKey, or the same event type, start, email and
         * phone) send at most one POST and all get the same booking, which
         * is remembered for 24 h. A lost answer is reconciled through the
         * bookings list before any second POST.
         */
        public function createBooking(array $booking, ?string $idempotencyKey = null): array {}

        /** $data: start, reschedulingReason?. Returns the new booking (new uid). */
        public function rescheduleBooking(string $uid, array $data): array {}

        public function cancelBooking(string $uid, ?string $reason = null): array {}

        public function getEventTypes(): array {}

        /**
         * Invalidates the cached availability a booking at $around can
         * change: that tenant's event type, the day before through seven
         * days after, in $around's time zone (nine tombstones, one round
         * trip, so an older fetch in flight cannot write back); returns how
         * many of those days were cached. Uses the cache's Store, else the
         * client's; without either it returns 0. The tenant defaults to the
         * client's, else one derived from the API key.
         */
        public function invalidateAvailability(int $eventTypeId, \DateTimeInterface $around, ?string $tenant = null): int {}

        /**
         * Fetches the days of the next $days (today first, in the client's
         * zone) that the cache lacks or holds stale, for each event type, in parallel at
         * LOW priority: ['requests' => n, 'days' => n,
         * 'event_types' => [id => days fetched, or the ApiException]].
         */
        public function warm(array $eventTypeIds, int $days = 14, ?string $tenant = null): array {}

        /** Counters of this worker's HTTP engine: requests, attempts, retries, new_connections. */
        public function stats(): array {}
    }

    /**
     * Counters of the Cal.com requests of every worker, kept in Redis:
     * requests by endpoint group, status and source (Cal.com or the cache),
     * retries, errors by type, latency histograms, and the current minute's
     * rate-limit usage. Records wait in memory and go to Redis in one round
     * trip per flush, which runs at request shutdown by itself.
     *
     * @not-serializable
     */
    final class Metrics
    {
        /** Options: ttl (seconds the counters live after the last flush, default 604800). */
        public function __construct(Store $store, string $name = "calcom", array $options = []) {}

        /**
         * Counts one request. $status: an HTTP status, or "timeout",
         * "network" (no answer) or "refused" (never sent: rate limiter,
         * breaker or time budget); $seconds: its latency; $fromCache: the
         * cache answered it (counted, not timed); $retries: attempts after
         * the first.
         */
        public function record(string $endpoint, int|string $status, float $seconds, bool $fromCache = false, int $retries = 0): void {}

        /** Adds what was recorded to Redis now, in one round trip; returns how many records. */
        public function flush(): int {}

        /**
         * Includes the live state of these components in snapshot() and
         * prometheus(). A Client with this Metrics adds its limiter and
         * breakers itself, a RequestQueue on such a Client its queue.
         */
        public function watch(RateLimiter|CircuitBreaker|RequestQueue ...$components): static {}

        /**
         * requests, cache, retries, errors, latency (count, sum, p50, p95,
         * p99, buckets per endpoint), rate_limit, breakers, queues.
         */
        public function snapshot(): array {}

        /** The snapshot in the Prometheus text exposition format 0.0.4. */
        public function prometheus(): string {}

        /** Deletes the counters in Redis and what is not flushed yet. */
        public function reset(): void {}
    }

    /**
     * Cal.com requests queued in Redis by priority and run by workers
     * through a Client (its limiter, breakers, retries and metrics): a
     * result is stored for every job and POSTed to its callback URL. A job
     * a worker holds is leased; when the worker dies it returns to the
     * queue once the lease runs out.
     *
     * @not-serializable
     */
    final class RequestQueue
    {
        /**
         * Options: name ("default"), concurrency (jobs run in parallel by
         * work(), 8), aging (seconds per priority level, 30; 0 = strict
         * priority), max_attempts (3), visibility_timeout (seconds a lease
         * lasts, 60), retry_delay (seconds before a failed attempt's retry,
         * doubling, 1.0), result_ttl (seconds, 3600), job_ttl (seconds,
         * 86400), callback_timeout (seconds, 5.0), callback_attempts (3).
         */
        public function __construct(Store $store, Client $client, array $options = []) {}

        /**
         * Queues a request and returns its id at once. $method "GET" (any
         * path below /slots, /bookings, /event-types; $params is the query)
         * or "POST" for /bookings, /bookings/{uid}/reschedule and
         * /bookings/{uid}/cancel ($params is the body; bookings run through
         * Client::createBooking with an idempotency key unique to the job).
         */
        public function enqueue(string $method, string $path, array $params = [], int $priority = RateLimiter::PRIORITY_NORMAL, ?string $callbackUrl = null): string {}

        /** Jobs waiting: all (queued or waiting for a retry), or those queued at one priority. */
        public function depth(?int $priority = null): int {}

        /** Jobs that will be taken before this one; null when it is not waiting in line. */
        public function position(string $id): ?int {}

        /** Seconds until a worker takes it, from its position and the rate limiter; null when it is not waiting in line. */
        public function estimatedWait(string $id): ?float {}

        /**
         * id, status (queued, delayed, running, done, failed), priority,
         * attempts, enqueued_at, started_at, finished_at, position,
         * last_error, callback (null, pending, delivered, failed); null for
         * an unknown id.
         */
        public function status(string $id): ?array {}

        /**
         * The finished job: request_id, status (done or failed), result
         * (the response's data) or error, attempts, processed_at — what its
         * callback receives. Waits up to $wait seconds for it (blocking in
         * Redis, no polling); null when it is not finished by then.
         */
        public function result(string $id, float $wait = 0.0): ?array {}

        /**
         * Runs jobs until $maxJobs are finished or $maxSeconds passed (0:
         * no limit) or a signal is pending (pcntl_async_signals), finishing
         * the jobs in hand first; returns how many finished.
         */
        public function work(int $maxJobs = 0, float $maxSeconds = 0.0): int {}
    }
}
