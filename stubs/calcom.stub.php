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
        public function __construct(string $dsn = "redis://127.0.0.1:6379", array $options = []) {}

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
         * guards bookings across processes).
         */
        public function __construct(string $apiKey, array $options = []) {}

        /**
         * Free slots per local day in the time zone:
         * ['2025-10-01' => ['2025-10-01T09:00:00+02:00', …]]. A bare date
         * means that whole day in the zone. Options: timeZone.
         */
        public function getAvailableSlots(int $eventTypeId, string|\DateTimeInterface $start, string|\DateTimeInterface $end, ?int $teamId = null, array $options = []): array {}

        /**
         * Several slot queries at once, in parallel. Each query:
         * ['eventTypeId' => int, 'start' => …, 'end' => …, 'teamId' => ?int,
         * 'timeZone' => ?string]. The result has one entry per query, in
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
         * Deletes the cached availability a booking at $around can change:
         * that tenant's event type, the day before through seven days after,
         * in $around's time zone (at most nine keys, one round trip).
         * Without a store there is no cache and it returns 0. The tenant
         * defaults to one derived from the API key.
         */
        public function invalidateAvailability(int $eventTypeId, \DateTimeInterface $around, ?string $tenant = null): int {}

        /** Counters of this worker's HTTP engine: requests, attempts, retries, new_connections. */
        public function stats(): array {}
    }
}
