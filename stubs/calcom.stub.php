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
}
