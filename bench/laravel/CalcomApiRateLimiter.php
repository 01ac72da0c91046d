<?php
/*
 * Port of the app's CalcomApiRateLimiter that Calcom\RateLimiter replaces:
 * a fixed one-minute window counted in the Laravel cache. Checking and
 * counting are two separate steps (so two requests can both see 119 and
 * both go), and waiting is a sleep(1) poll. Logging is left out: it costs
 * no Redis round trip and the bench has no log channel.
 */
declare(strict_types=1);

namespace App\Services;

use Illuminate\Support\Facades\Cache;

class CalcomApiRateLimiter
{
	private const MAX_REQUESTS_PER_MINUTE = 120; // the Cal.com API key tier
	private const CACHE_KEY = 'calcom_api_rate_limit';
	private const TTL_SECONDS = 120; // a window outlives its minute a little

	/** The bench raises the limit so the check never refuses; the app used 120. */
	public function __construct(private int $maxPerMinute = self::MAX_REQUESTS_PER_MINUTE)
	{
	}

	/** Whether this minute still has room. Reads only; does not reserve. */
	public function canMakeRequest(): bool
	{
		return $this->count() < $this->maxPerMinute;
	}

	/** Counts one request against this minute, after the call was let through. */
	public function incrementRequestCount(): void
	{
		$key = $this->key();
		if (Cache::increment($key) === 1) {
			// First request of the minute: INCRBY made the key without a
			// TTL, so give it one (old minutes would otherwise pile up).
			Cache::put($key, 1, self::TTL_SECONDS);
		}
	}

	/** Blocks the worker until the window has room (the weakness being removed). */
	public function waitForAvailability(): void
	{
		while (!$this->canMakeRequest()) {
			sleep(1);
		}
	}

	public function getRemainingRequests(): int
	{
		return max(0, $this->maxPerMinute - $this->count());
	}

	public function reset(): void
	{
		Cache::forget($this->key());
	}

	private function count(): int
	{
		return (int) Cache::get($this->key(), 0);
	}

	/** One key per wall-clock minute, e.g. calcom_api_rate_limit:2025-11-11-14-05. */
	private function key(): string
	{
		return self::CACHE_KEY . ':' . now()->format('Y-m-d-H-i');
	}
}
