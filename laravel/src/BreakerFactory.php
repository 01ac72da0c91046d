<?php

declare(strict_types=1);

namespace Calcom\Laravel;

use Calcom\CircuitBreaker;
use Calcom\Store;

/**
 * One Calcom\CircuitBreaker per service name, built from
 * config('calcom.circuit_breaker') and its per-service overrides. The
 * breaker's state lives in Redis, so two instances of one name agree; the
 * factory keeps one per name per process only to save the construction.
 */
final class BreakerFactory
{
    /** @var array<string, CircuitBreaker> */
    private array $breakers = [];

    /** @param array<string, mixed> $config config('calcom.circuit_breaker') */
    public function __construct(private Store $store, private array $config)
    {
    }

    /** The configured default service (the Client's breakers are named after it). */
    public function defaultService(): string
    {
        return (string) ($this->config['service'] ?? 'calcom_api');
    }

    /**
     * The breaker for $service. Explicit thresholds (the old
     * new CircuitBreaker($service, 5, 60, 2) arguments) give a breaker
     * of their own rather than the shared one.
     */
    public function get(?string $service = null, ?int $failureThreshold = null, ?int $recoveryTimeout = null,
        ?int $successThreshold = null): CircuitBreaker
    {
        $service ??= $this->defaultService();
        $explicit = $failureThreshold !== null || $recoveryTimeout !== null || $successThreshold !== null;
        if (!$explicit && isset($this->breakers[$service])) {
            return $this->breakers[$service];
        }
        $c = array_merge($this->config, $this->config['services'][$service] ?? []);
        $options = array_intersect_key($c, array_flip([
            'weights', 'failure_window', 'max_recovery_timeout', 'half_open_max_calls', 'probe_timeout',
            'count_client_errors',
        ]));
        $breaker = new CircuitBreaker(
            $this->store,
            $service,
            $failureThreshold ?? (int) ($c['failure_threshold'] ?? 5),
            $recoveryTimeout ?? (int) ($c['recovery_timeout'] ?? 60),
            $successThreshold ?? (int) ($c['success_threshold'] ?? 2),
            $options,
        );
        if (!$explicit) {
            $this->breakers[$service] = $breaker;
        }
        return $breaker;
    }

    /**
     * Container parameters, as app(CircuitBreaker::class, [...]) passes
     * them: positional like the old constructor, or by name.
     *
     * @param array<int|string, mixed> $parameters
     */
    public function fromParameters(array $parameters): CircuitBreaker
    {
        $named = ['serviceName', 'failureThreshold', 'recoveryTimeout', 'successThreshold'];
        $args = [];
        foreach ($named as $i => $name) {
            $args[] = $parameters[$name] ?? $parameters[$i] ?? null;
        }
        // strict_types: a wrong type is the TypeError the constructor would give.
        return $this->get(...$args);
    }
}
