<?php
/*
 * Port of the app's CircuitBreaker that Calcom\CircuitBreaker replaces:
 * static thresholds (5 failures open it, 60 s until a trial, 2 trial
 * successes close it) with the state spread over four cache keys that are
 * read and written one call at a time. Logging is left out: it costs no
 * Redis round trip and the bench has no log channel.
 */
declare(strict_types=1);

namespace App\Services;

use Illuminate\Support\Facades\Cache;

class CircuitBreakerOpenException extends \RuntimeException
{
}

class CircuitBreaker
{
	public const STATE_CLOSED = 'closed';
	public const STATE_OPEN = 'open';
	public const STATE_HALF_OPEN = 'half_open';

	private const STATE_TTL = 86400;
	private const COUNTER_TTL = 300;

	public function __construct(
		private string $serviceName,
		private int $failureThreshold = 5,
		private int $recoveryTimeout = 60,
		private int $successThreshold = 2,
	) {
	}

	/** Runs $operation unless the circuit is open; records how it went. */
	public function call(callable $operation): mixed
	{
		if ($this->getState() === self::STATE_OPEN) {
			if (!$this->recoveryDue()) {
				throw new CircuitBreakerOpenException("Circuit breaker is OPEN for service '{$this->serviceName}'. "
					. "Service appears to be down. Retry after {$this->recoveryTimeout} seconds.");
			}
			$this->toHalfOpen();
		}
		try {
			$result = $operation();
		} catch (\Throwable $e) {
			$this->recordFailure();
			throw $e;
		}
		$this->recordSuccess();
		return $result;
	}

	public function getState(): string
	{
		return (string) Cache::get($this->key('state'), self::STATE_CLOSED);
	}

	public function getFailureCount(): int
	{
		return (int) Cache::get($this->key('failures'), 0);
	}

	public function isOpen(): bool
	{
		return $this->getState() === self::STATE_OPEN;
	}

	public function reset(): void
	{
		foreach (['state', 'failures', 'successes', 'opened_at'] as $part) {
			Cache::forget($this->key($part));
		}
	}

	// The state is read again here rather than passed down from call(): the
	// original looks it up afresh, and that read is one of its round trips.
	private function recordSuccess(): void
	{
		$state = $this->getState();
		if ($state === self::STATE_CLOSED) {
			Cache::forget($this->key('failures')); // failures must be consecutive
		} elseif ($state === self::STATE_HALF_OPEN) {
			$successes = (int) Cache::get($this->key('successes'), 0) + 1;
			Cache::put($this->key('successes'), $successes, self::COUNTER_TTL);
			if ($successes >= $this->successThreshold) {
				$this->toClosed();
			}
		}
	}

	private function recordFailure(): void
	{
		$state = $this->getState();
		if ($state === self::STATE_HALF_OPEN) {
			$this->toOpen(); // the trial failed
		} elseif ($state === self::STATE_CLOSED) {
			$failures = $this->getFailureCount() + 1;
			Cache::put($this->key('failures'), $failures, self::COUNTER_TTL);
			if ($failures >= $this->failureThreshold) {
				$this->toOpen();
			}
		}
	}

	private function recoveryDue(): bool
	{
		$openedAt = Cache::get($this->key('opened_at'));
		return !$openedAt || time() - (int) $openedAt >= $this->recoveryTimeout;
	}

	private function toOpen(): void
	{
		Cache::put($this->key('state'), self::STATE_OPEN, self::STATE_TTL);
		Cache::put($this->key('opened_at'), time(), self::STATE_TTL);
		Cache::forget($this->key('successes'));
	}

	private function toHalfOpen(): void
	{
		Cache::put($this->key('state'), self::STATE_HALF_OPEN, self::STATE_TTL);
		Cache::forget($this->key('successes'));
	}

	private function toClosed(): void
	{
		Cache::put($this->key('state'), self::STATE_CLOSED, self::STATE_TTL);
		foreach (['failures', 'successes', 'opened_at'] as $part) {
			Cache::forget($this->key($part));
		}
	}

	private function key(string $part): string
	{
		return "circuit_breaker:{$this->serviceName}:{$part}";
	}
}
